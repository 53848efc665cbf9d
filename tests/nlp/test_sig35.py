"""sig35 (atk33 F09, F18, F06, F19): bare-digit phone numbers after a signature's one-letter label (`(m) ...`, `m.
...`, `c: ...`), before a label (`... ext. 12`, `... (mobile)`, `... - cell`), in a name line's later cells (`Dana Kerr
| VP Sales | ...`, `Dana Kerr, Northwind, ...`), on an HTML signature's `<br>` lines, and listed under a call list's
label (`Callers:`, `Missed calls:`, `Call log:`, `Whitelist:`, every item) or in a `caller`/`callee` column are
redacted in a request's text and in an answer, whole and streamed; ids, amounts, Unix times and order numbers in the
same shapes go as sent. Numbers are real-looking (not 555-01xx): valid to `phonenumbers` as US numbers."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.sig35 import call_list, sig35_values
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer, streamed_out


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=PII_OUT), text, size)


A, B, C, D, E = "6174938261", "3128472291", "2027738190", "4158839912", "7186640093"
CASES = [
    # a name line's later cells, `|` or `,` apart; eleven digits after a `1`
    (f"Dana Kerr | VP Sales | {A}", [A]),
    (f"Thanks,\nDana Kerr, Northwind, {B}", [B]),
    (f"Dana Kerr | Northwind Freight | 1{C}", ["1" + C]),
    # one-letter labels: in brackets anywhere, lower case or with a dot at a line's or a cell's start
    (f"Dana Kerr\nVP Sales\n(m) {A}\n(o) {B}", [A, B]),
    (f"(c) {C}", [C]),
    (f"m. {D}\nc: {E}", [D, E]),
    (f"Dana Kerr | m. {A} | o. {B}", [A, B]),
    # an HTML signature's `<br>` lines
    (f"Dana Kerr<br>VP Sales<br>{A}", [A]),
    (f"<p>Best,<br/>Dana Kerr<br />Northwind<br>{B}<br>{C}</p>", [B, C]),
    # a label after the number
    (f"Dana's line: {A} ext. 12, backup {B} (mobile)", [A, B]),
    (f"{C} - cell", [C]),
    (f"{D} mobile\n{E} x204", [D, E]),
    # call lists: every item, and a `caller`/`callee` column
    (f"Callers:\n- {A}\n- {B}\n- {C}\n- {D}\n- {E}", [A, B, C, D, E]),
    (f"callers: {A}, {B}, {C}, {D} and {E}", [A, B, C, D, E]),
    (f"Emergency contacts:\n- {A}\n- {B}\n- {C}\n- {D}", [A, B, C, D]),
    (f"Missed calls:\n{A}\n{B}\n{C}\n{D}", [A, B, C, D]),
    (f"Call log:\n1. {A}\n2. {B}\n3. {C}\n4. {D}", [A, B, C, D]),
    (f"Recent calls:\n* {E}\n* {D}\n* {C}\n* {B}", [E, D, C, B]),
    (f"Blocked numbers:\n- {A}\n- {B}\n- {C}\n- {D}", [A, B, C, D]),
    (f"Whitelist:\n- {A}\n- {B}\n- {C}\n- {D}", [A, B, C, D]),
    (f"| caller | duration |\n|---|---|\n| {A} | 42 |\n| {B} | 17 |\n| {C} | 9 |\n| {D} | 61 |", [A, B, C, D]),
    (f"| callee | result |\n|---|---|\n| {A} | ok |\n| {B} | busy |\n| {C} | ok |\n| {D} | ok |", [A, B, C, D]),
    (f"caller,callee,secs\n{A},{B},42\n{C},{D},17\n{E},{A},9", [A, B, C, D, E]),
]
TEXTS = [text for text, _ in CASES]


@pytest.mark.parametrize("text, secrets", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert "PHONE_NUMBER" in sent


@pytest.mark.parametrize("k", range(len(CASES)))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3)):
        assert [s for s in secrets if s in got] == [], got
        assert "PHONE_NUMBER" in got


LOOK_ALIKES = [
    "Timestamps:\n- 1700000000\n- 1700003600\n- 1700007200\n- 1700010800",
    "Callers:\n- 1700000000\n- 1700003600\n- 1700007200",
    "Whitelist:\n- 10.0.0.0/8\n- 192.168.1.10\n- 172.16.0.1",
    "Missed calls: 3 today, 12 this week", "Callers: 42 unique, avg duration 3.5 min",
    "| caller | calls | p99 ms |\n|---|---|---|\n| auth-svc | 1204 | 38 |\n| billing | 988 | 41 |",
    "| callee | count |\n|---|---|\n| malloc | 1700000000 |\n| free | 1699999000 |",
    "caller_id,count\n1700000000,12\n1700003600,9",
    "Call log:\n- 2026-01-05 10:03 inbound 42s\n- 2026-01-05 11:20 outbound 3m",
    "(c) 2026 Northwind Inc. All rights reserved.", "Choose one: (a) 1024 (b) 2048 (c) 4096",
    f"Dana Kerr | Order | {D}", f"Dana Kerr | Invoice # | {A}", f"name,order_id\nDana Kerr,{D}\nBob Lee,{A}",
    "Build 1700000000 (work) finished", "Epoch 1699999999 x1000 ms", "m. 3 of the recipe: add 200 g flour",
    "c: 1024, m: 2048", "ZIP+4: 02139-4307, 94105-1804", "Amounts:\n- 1234567890.00\n- 987654321.50",
    f"Invoice {D} (home office)", "Step (c) 1700000000 is the epoch", "Blocklist:\n- evil.example.com\n- 203.0.113.7",
    f"| user_id | plan |\n|---|---|\n| {D} | gold |\n| {A} | silver |", f"Batch {A}, size 64, lr 0.001",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert "PHONE_NUMBER" not in await _sent(guard, text)
    assert await _answered(guard, text) == text


def test_reader() -> None:
    phone = frozenset({"PHONE_NUMBER"})
    text = f"(m) {A}\nm. {B} | c: {C}\n{D} ext. 12\n{E} (mobile)"
    assert sorted(text[a:b] for a, b, _ in sig35_values(text, phone)) == sorted([A, B, C, D, E])
    assert sig35_values(text, frozenset({"US_SSN"})) == []
    assert sig35_values("(m) 1700000000\n1700000000 ext. 12\nm. 1699999999", phone) == []  # no valid number
    assert sig35_values(f"(m) {A[:6]}", phone) == []  # no run of ten digits


@pytest.mark.parametrize("label, named", [
    ("Callers", True), ("callers:", True), ("Caller", True), ("Emergency contacts", True), ("Missed calls", True),
    ("Call log", True), ("Recent calls", True), ("Blocked numbers", True), ("Whitelist", True),
    ("Order numbers", False), ("Invoices", False), ("call graph", False), ("Timestamps", False),
])
def test_call_list(label: str, named: bool) -> None:
    assert call_list(label) is named


def test_a_markdown_row_is_no_name_line() -> None:
    """A Markdown table's rows (`| Ed Kim | 7185550134 |`) are read by their header, which a stream's window may not
    hold (tests/guard/test_window_table_headers.py, `| Item | Order |`): never as a signature's name line."""
    from proxy.nlp.tsv30 import phone_values

    phone = frozenset({"PHONE_NUMBER"})
    assert phone_values(f"| Ed Kim | {A} |\n| Flo Ruiz | {B} |", phone) == []
    assert phone_values(f"  | Ed Kim | {A}", phone) == []
    text = f"Dana Kerr | VP Sales | {A}"
    assert [text[a:b] for a, b, _ in phone_values(text, phone)] == [A]
