"""Issue 12 ("no side doors", black-box attack): values written with separators the view did not read, as
keycaps, or glued to a word, in requests (redacted, restored byte for byte) and in answers (plain and
streamed: answers use the same analysis)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

PLACEHOLDERS = re.compile(r"<[A-Z_]+_\d+>")
IN = policy(input=PII_IN)
OUT = policy(output=PII_OUT)


def keycaps(text: str, selector: str = "\ufe0f") -> str:
    return "".join(c + selector + "\u20e3" if c.isdigit() else c for c in text)


VALUES = [
    "4111*1111*1111*1111", "4111~1111~1111~1111", "4111'1111'1111'1111", "4111#1111#1111#1111",
    "4111=1111=1111=1111", "4111^1111^1111^1111", "4111\\1111\\1111\\1111", "4111\u20221111\u20221111\u20221111",
    "4111\u00b71111\u00b71111\u00b71111", "(4111)(1111)(1111)(1111)", "[4111][1111][1111][1111]",
    "4111 x 1111 x 1111 x 1111", "4111 and 1111 and 1111 and 1111", "536*90*4399", "536~90~4399", "536'90'4399",
    "617*555*0143", "617~555~0143", "617'555'0143", "617#555#0143", "617x555x0143", "phone 0016175550143",
    keycaps("4111 1111 1111 1111"), keycaps("617") + " 555 0143", keycaps("617-555-0143", ""),
    "tel-617-555-0143", "card-4111-1111-1111-1111", "ssn-078-05-1120", "ssn536-90-4399", "a-617-555-0143",
    "tel:6175550143", "ref-4111-1111-1111-1111",
]


def digits_left(text: str) -> list[str]:
    """Runs of 3+ digits (keycaps and other scripts read as digits) outside placeholders."""
    plain = PLACEHOLDERS.sub("", text).replace("\ufe0f", "").replace("\u20e3", "")
    return re.findall(r"\d{3,}", plain)


@pytest.mark.parametrize("value", VALUES)
async def test_a_request_value_is_redacted_and_restored_as_sent(guard: Guard, value: str) -> None:
    text = f"see {value} thanks"
    verdict = await guard.input(IN, [text], None)
    assert verdict.decision == "redact", verdict.records
    sent = verdict.texts[0]
    assert sent is not None and digits_left(sent) == [], sent
    answer = await guard.output(IN, ["Noted: " + sent], verdict.vault)
    assert answer.texts[0] == "Noted: " + text


@pytest.mark.parametrize("value", VALUES)
async def test_an_answer_value_is_redacted(guard: Guard, value: str) -> None:
    text = f"Yours: {value} and it is ready."
    out = (await guard.output(OUT, [text])).texts[0]
    assert out is not None and digits_left(out) == [], out


async def _streamed(guard: Guard, chunks: list[str]) -> str:
    stream = guard.output_stream(OUT)
    out = [await stream.feed("c0", c) for c in chunks]
    return "".join(out) + await stream.end("c0")


@pytest.mark.parametrize("text", [
    "Your card is 4111*1111*1111*1111. Thanks.",
    "Your ref-4111-1111-1111-1111 is ready.",
    "Ping tel:6175550143 today.",
    "id ssn536-90-4399 ok.",
    "SSN: 536~90~4399. Call 617#555#0143.",
    "card " + keycaps("4111 1111 1111 1111") + ".",
])
async def test_a_streamed_answer_value_is_redacted_wherever_the_chunks_cut(guard: Guard, text: str) -> None:
    for i in range(1, len(text), 3):
        got = await _streamed(guard, [text[:i], text[i:]])
        assert digits_left(got) == [], (i, got)
    for n in (1, 4, 7):
        got = await _streamed(guard, [text[k:k + n] for k in range(0, len(text), n)])
        assert digits_left(got) == [], (n, got)


# ----------------------------------------------------------------------------------------------- property

BOUNDED = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SEEDS = {
    "card": [["4111", "1111", "1111", "1111"], ["5500", "0000", "0000", "0004"], ["3400", "000000", "00009"]],
    "phone": [["617", "555", "0143"], ["212", "555", "0198"], ["1", "415", "555", "0132"]],
    "ssn": [["536", "90", "4399"], ["412", "63", "7785"], ["301", "22", "8194"]],
}
SYMBOLS = ["*", "~", "'", "#", "=", "^", "\\", "\u2022", "\u00b7", "!", "$", "?", "\u00d7", "\u00a7", "\u00b0",
           "\u2605", ")(", "][", "x", " x ", " and ", " * ", "**"]
WORDS = ["tel", "card", "ssn", "ref", "id", "a"]


@st.composite
def written(draw: st.DrawFn, kind: str) -> str:
    """A seeded value: one symbol throughout between its groups, or its groups glued to a word, maybe keycaps."""
    groups = draw(st.sampled_from(SEEDS[kind]))
    if draw(st.booleans()):
        value = draw(st.sampled_from(SYMBOLS)).join(groups)
    else:
        value = draw(st.sampled_from(WORDS)) + draw(st.sampled_from(["-", ":", ""])) + "-".join(groups)
    if draw(st.integers(0, 3)) == 0:
        value = keycaps(value, draw(st.sampled_from(["\ufe0f", ""])))
    return value


@pytest.fixture(scope="module")
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.mark.parametrize("kind", sorted(SEEDS))
@BOUNDED
@given(data=st.data())
def test_a_seeded_value_with_any_symbol_or_glue_is_redacted_both_ways(
        analyzer: PiiAnalyzer, loop: asyncio.AbstractEventLoop, kind: str, data: st.DataObject) -> None:
    value = data.draw(written(kind))
    text = f"details {value} end"

    async def run() -> None:
        guard = Guard(analyzer, WordScorer())
        verdict = await guard.input(IN, [text], None)
        sent = verdict.texts[0]
        assert sent is not None and digits_left(sent) == [], ascii(sent)
        assert (await guard.output(IN, ["ok " + sent], verdict.vault)).texts[0] == "ok " + text
        out = (await guard.output(OUT, [text])).texts[0]
        assert out is not None and digits_left(out) == [], ascii(out)

    loop.run_until_complete(run())


# ------------------------------------------------------------------------------- codenames and addresses

CODENAME = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}
CODE_IN, CODE_OUT = policy(input=CODENAME), policy(output=CODENAME)
CODENAMES = ["project <b>falcon</b>", "project<br>falcon", "the_project_falcon_doc.md", "deploy re_project_falcon",
             "proj-ect fal-con", "P-R-O-J-E-C-T F-A-L-C-O-N", "project <i>osprey</i>", "p r o j e c t f a l c o n",
             "p.r.o.j.e.c.t o.s.p.r.e.y"]


@pytest.mark.parametrize("written", CODENAMES)
async def test_a_codename_in_markup_an_identifier_or_hyphenated_is_blocked(guard: Guard, written: str) -> None:
    text = f"Status of {written} is green."
    assert (await guard.input(CODE_IN, [text], None)).decision == "block"
    assert (await guard.output(CODE_OUT, [text])).decision == "block"


@pytest.mark.parametrize("text", ["the project falconry", "a projected falcon", "my_project_falconer", "pro-ject hawk",
                                  "p r o j e c t hawk", "I a m a falcon"])
async def test_near_misses_of_a_codename_pass(guard: Guard, text: str) -> None:
    assert (await guard.input(CODE_IN, [text], None)).decision != "block"


OSPREY = {"patterns": [{"name": "osprey", "regex": r"(?i)\bosprey\b", "action": "block"}]}


@pytest.mark.parametrize("written", ["ProjectFalcon2", "see ProjectOsprey123 doc", "PROJECTFalcon", "projectFalcon_v2",
                                     "getProjectOspreyStatus()"])
async def test_a_codename_in_a_camel_case_identifier_with_digits_is_blocked_in_prose(guard: Guard,
                                                                                      written: str) -> None:
    """`\b` is a word's edge at a case change and between letters and digits too, in prose as in names (a
    README-only review: `ProjectFalcon2` in a chat went up while the tool name `projectFalcon2` was refused)."""
    text = f"Status of {written} is green."
    assert (await guard.input(CODE_IN, [text], None)).decision == "block"
    assert (await guard.output(CODE_OUT, [text])).decision == "block"


@pytest.mark.parametrize(("text", "blocked"), [("Osprey2 rollout", True), ("getOspreyStatus", True),
                                               ("OSPREY3", True), ("the ospreys nest", False), ("Ospreyville", False),
                                               ("xospreyx", False), ("OSPREYx", False), ("mOSPREY", True)])
async def test_a_one_word_rule_finds_its_word_at_an_identifier_edge_never_inside_a_word(guard: Guard, text: str,
                                                                                         blocked: bool) -> None:
    verdict = await guard.input(policy(input=OSPREY), [text], None)
    assert (verdict.decision == "block") is blocked, verdict.decision


async def test_a_codename_in_markup_split_across_stream_chunks_is_blocked(guard: Guard) -> None:
    stream = guard.output_stream(CODE_OUT)
    got = await stream.feed("c0", "status of project <b>")
    got += await stream.feed("c0", "falcon</b> is green.")
    got += await stream.end("c0")
    assert "falcon" not in got and stream.blocked and stream.block_kind == "codenames"


ADDRESSES = ['"jane doe"@acme.com', '"jane.doe"@acme.com', "jane(comment)@acme.com", "jane<b>@</b>acme.com",
             "jane.doe@acme.com_x", "jane.doe@acme.internal", "jane.doe@localhost",
             "jane at acme.com"]


@pytest.mark.parametrize("address", ADDRESSES)
async def test_an_obfuscated_address_is_redacted_both_ways(guard: Guard, address: str) -> None:
    text = f"Write to {address} today."
    verdict = await guard.input(IN, [text], None)
    sent = verdict.texts[0]
    assert sent is not None and "jane" not in sent and "acme" not in sent, sent
    assert (await guard.output(IN, ["ok " + sent], verdict.vault)).texts[0] == "ok " + text
    out = (await guard.output(OUT, [text])).texts[0]
    assert out is not None and "jane" not in out and "acme" not in out, out


# ----------------------------------------------------------------------- Markdown emphasis and HTML comments

MARKUP_CODENAMES = ["<!-- project falcon -->", "pro**ject** fal**con**", "**project** __falcon__", "pro*ject* fal_con_",
                    "project fal<!-- -->con",
                    "pro<b></b>ject fal<span>con</span>", "project <!-- x -->falcon", "`pro`ject falcon",
                    "pro~~ject~~ fal`con`", "pro<!--\nnote. more\n-->ject falcon"]


@pytest.mark.parametrize("written", MARKUP_CODENAMES)
async def test_a_codename_with_markdown_or_an_html_comment_inside_is_blocked(guard: Guard, written: str) -> None:
    text = f"Status of {written} is green."
    assert (await guard.input(CODE_IN, [text], None)).decision == "block"
    assert (await guard.output(CODE_OUT, [text])).decision == "block"


@pytest.mark.parametrize("written", ["project fal<!-- -->con", "pro**ject** falcon", "project <!-- a. b\n -->falcon",
                                     "project <!-- a note. " + "b" * 40 + " -->falcon", "<!-- project falcon -->"])
async def test_a_codename_with_markup_is_blocked_in_a_stream_cut_anywhere(guard: Guard, written: str) -> None:
    text = f"All good. Status of {written} is green. Bye."
    for i in range(1, len(text)):
        stream = guard.output_stream(CODE_OUT)
        got = await stream.feed("c0", text[:i])
        got += await stream.feed("c0", text[i:])
        got += await stream.end("c0")
        assert stream.blocked and stream.block_kind == "codenames" and "con" not in got.split("Status")[-1], (i, got)


MARKUP_VALUES = ["617-<!-- -->555-0143", "call **617**-555-0143", "4111 **1111** 1111 1111", "4111 __1111__ 1111 1111",
                 "536-<!-- x -->90-4399"]


@pytest.mark.parametrize("value", MARKUP_VALUES)
async def test_a_value_with_markup_inside_is_redacted_and_restored_as_sent(guard: Guard, value: str) -> None:
    text = f"see {value} thanks"
    verdict = await guard.input(IN, [text], None)
    sent = verdict.texts[0]
    assert verdict.decision == "redact" and sent is not None and digits_left(sent) == [], sent
    assert (await guard.output(IN, ["Noted: " + sent], verdict.vault)).texts[0] == "Noted: " + text
    out = (await guard.output(OUT, [f"Yours: {value} and it is ready."])).texts[0]
    assert out is not None and digits_left(out) == [], out


@pytest.mark.parametrize("text", ["Call 617-<!-- x -->555-0143 now. Bye.", "Card 4111 **1111** 1111 1111 ok. Bye.",
                                  "Mail jane.doe@**acme**.com now. Bye.", "Mail <!-- jane.doe@acme.com --> now. Bye.",
                                  "Call 617-<!-- a. " + "b" * 40 + " -->555-0143."])
async def test_a_streamed_value_with_markup_inside_is_redacted_wherever_the_chunks_cut(guard: Guard, text: str) -> None:
    for i in range(1, len(text)):
        got = await _streamed(guard, [text[:i], text[i:]])
        assert digits_left(got) == [] and "acme" not in got, (i, got)
    for n in (1, 3):
        got = await _streamed(guard, [text[k:k + n] for k in range(0, len(text), n)])
        assert digits_left(got) == [] and "acme" not in got, (n, got)


@pytest.mark.parametrize("address", ["jane.doe@**acme**.com", "**jane**.doe@acme.com", "jane.doe@acme.**com**",
                                     "jane.doe@ac<!-- -->me.com"])
async def test_an_address_with_markup_inside_is_redacted_both_ways(guard: Guard, address: str) -> None:
    text = f"Write to {address} today."
    verdict = await guard.input(IN, [text], None)
    sent = verdict.texts[0]
    assert sent is not None and "jane" not in sent and "acme" not in sent, sent
    assert (await guard.output(IN, ["ok " + sent], verdict.vault)).texts[0] == "ok " + text
    out = (await guard.output(OUT, [text])).texts[0]
    assert out is not None and "jane" not in out and "acme" not in out, out


MARKDOWN = [
    "**Note:** the project ships on Friday; see __init__.py and snake_case_name.",
    "Compute a*b*c and x**2 + y**2, then 3*4*5 = 60 and 2**10 = 1024.",
    "In C, `char *p = buf;` and `int **pp;` are pointers; glob *.py and src/**/*.py match them.",
    "Use `make test` and ~~old~~ **new** flags: `--port 8080`, **v2.4.1**, _see_ the docs.",
    "<!-- generated 2024-01-15 --><div class=\"x\">Hello <b>world</b></div> and f(*args, **kwargs).",
    "| **Port** | **Service** |\n|---|---|\n| `443` | https |\n| 8080 | api |",
]


@pytest.mark.parametrize("text", MARKDOWN)
async def test_ordinary_markdown_and_code_pass_unaltered(guard: Guard, text: str) -> None:
    for p in (IN, CODE_IN):
        verdict = await guard.input(p, [text], None)
        assert verdict.decision == "allow" and verdict.texts[0] in (None, text), verdict.records
    for p in (OUT, CODE_OUT):
        assert (await guard.output(p, [text])).texts[0] in (None, text)
