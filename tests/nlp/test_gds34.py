"""gds34 (atk33 F07, F11): GEDCOM `CONC`/`CONT` continuations are read joined to the line they continue (a
`patterns:` codename, a name or an e-mail split over them is found), GEDCOM 5.5.1 `IDNO` with `TYPE SSN` is an SSN,
Sabre's `PHONES` lines with bare digits after the city code are phones, and the IATA emergency contact
`SSR PCTC ... HK1/SURNAME/GIVEN.CC<phone>` has its names and phone redacted; on input and in answers, whole and
streamed. Values are held out (other names, numbers and codename splits than the report's); PII-free look-alikes
(GEDCOM notes with no personal value, `IDNO` of another type, flight/fare lines) go as sent."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.gds34 import gds34_values, unconc
from proxy.nlp.normalize import pattern_view
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import PII_OUT, policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

CODENAME = r"(?i)\bproject (falcon|osprey)\b"
BLOCK = {"patterns": [{"name": "codenames", "regex": CODENAME, "action": "block"}]}
P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True},
                     **BLOCK})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> tuple[bool, str]:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    verdict = await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return verdict.blocked, str(body["messages"][0]["content"])


async def _streamed(guard: Guard, doc: dict[str, object], text: str, size: int) -> tuple[str, bool]:
    stream = guard.output_stream(policy(output=doc))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    out += await stream.end("c0")
    return out, stream.blocked


TREE = "0 @I3@ INDI\n1 NAME Oskar /Lindqvist/\n"
SPLIT_CODENAMES = [
    TREE + "1 NOTE Led the Proje\n2 CONC ct Osprey rollout in 1998",
    TREE + "1 NOTE Led the Project Os\n2 CONC prey rollout in 1998",
    TREE + "1 NOTE Led the Project\n2 CONT Osprey rollout in 1998",
    "Tidy this note:\n1 NOTE Joined project fa\r\n2 CONC lcon later",
]


@pytest.mark.parametrize("text", SPLIT_CODENAMES)
async def test_a_codename_split_over_conc_is_blocked_on_input_and_in_answers(guard: Guard, text: str) -> None:
    blocked, _ = await _sent(guard, text)
    assert blocked
    assert (await guard.output(policy(output=BLOCK), [text])).blocked
    for size in (1, 3, 8):
        got, was_blocked = await _streamed(guard, BLOCK, text, size)
        assert was_blocked and "sprey" not in got and "lcon" not in got


SPLIT_VALUES = [  # (text, what must not go up)
    (TREE + "1 NOTE Her sister Ingrid Sandb\n2 CONC erg emigrated", "erg emigrated"),
    (TREE + "1 NOTE Write to oskar.lindq\n2 CONC vist@fastmail.se for copies", "oskar.lindq"),
    (TREE + "1 NOTE Write to oskar.lindq\n2 CONC vist@fastmail.se for copies", "vist@"),
    (TREE + "1 NOTE Reach him on 503555\n2 CONC 0127 after six", "503555"),
]


@pytest.mark.parametrize("text, secret", SPLIT_VALUES)
async def test_a_value_split_over_conc_is_redacted_on_input(guard: Guard, text: str, secret: str) -> None:
    blocked, after = await _sent(guard, text)
    assert not blocked and secret not in after and "<" in after


SSN_TREES = [
    ("0 @I9@ INDI\n1 NAME Wilhelmina /Achterberg/\n1 IDNO 478215063\n2 TYPE SSN\n1 BIRT\n2 DATE 1944", "478215063"),
    ("0 @I4@ INDI\n1 IDNO 291-40-7735\n2 TYPE Social Security\n", "291-40-7735"),
]
PNRS = [
    ("Sabre PNR:\n 1.1VANTERPOOL/CECILY MS\nPHONES\n  1.DFW2145550176-H\n  2.DFW4695550183-B\nRECEIVED FROM - P",
     ["2145550176", "4695550183"]),
    ("Decode: SSR PCTC AA HK1/OYELARAN/TEMITOPE.US13125550149", ["TEMITOPE", "OYELARAN", "3125550149"]),
    ("  4 SSR PCTC LH HK1/BRANDSTETTER/KLAUS MR.DE4930555018", ["KLAUS", "BRANDSTETTER", "4930555018"]),
]


@pytest.mark.parametrize("text, secrets", [(t, [s]) for t, s in SSN_TREES] + PNRS)
async def test_ids_phones_and_names_are_redacted_on_input(guard: Guard, text: str, secrets: list[str]) -> None:
    blocked, after = await _sent(guard, text)
    assert not blocked
    assert [s for s in secrets if s in after] == []


@pytest.mark.parametrize("text, secrets", [(t, [s]) for t, s in SSN_TREES] + [
    (PNRS[0][0], PNRS[0][1]), (PNRS[1][0], ["3125550149"]), (PNRS[2][0], ["4930555018"])])
async def test_ids_and_phones_are_redacted_in_answers(guard: Guard, text: str, secrets: list[str]) -> None:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    whole = text if verdict.texts[0] is None else verdict.texts[0]
    assert [s for s in secrets if s in whole] == []
    for size in (1, 3, 8):
        got, _ = await _streamed(guard, PII_OUT, text, size)
        assert [s for s in secrets if s in got] == []


LOOKALIKES = [
    "0 @I5@ INDI\n1 NOTE Emigrated after the war and settled near the coast.\n2 CONC  Worked as a carpenter.",
    "0 @I6@ INDI\n1 IDNO 3021\n2 TYPE Military service number\n",
    "0 @S1@ SOUR\n1 TITL Parish register\n2 CONT volumes 3 to 7",
    "  2  AA 1402 Y 14OCT 3 DFWORD HK1  0820 1105\n  3.TKT/TIME LIMIT\n  4.FARE LIB 12-H",
    "The PCTC contact rule is documented in the IATA Reservations Interline Message Procedures.",
]


@pytest.mark.parametrize("text", LOOKALIKES)
async def test_pii_free_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    blocked, after = await _sent(guard, text)
    assert not blocked and after == text


def test_the_view_reads_conc_and_cont_joined() -> None:
    text = "1 NOTE Project Fal\n2 CONC con\n2 CONT next line"
    assert list(unconc(text)) == [(18, 26, ""), (29, 37, " ")]
    assert "Project Falcon next line" in pattern_view(text).text


def test_values_read_by_the_module() -> None:
    assert gds34_values(SSN_TREES[0][0], frozenset({"US_SSN"}))[0][3] == "478215063"
    assert gds34_values("1 IDNO 478215063\n2 TYPE RIN\n", frozenset({"US_SSN"})) == []
    phones = [v for *_, v in gds34_values(PNRS[0][0], frozenset({"PHONE_NUMBER"}))]
    assert phones == ["2145550176", "4695550183"]
