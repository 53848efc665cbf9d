"""call45: a phone cue read as a person before its number. A message cut mid-word before `Call +1 212-555-0143.`
had `ho Call` read as a PERSON, and the request's other texts then had every `Call` before their own number replaced
as that name's mentions. The cue goes as sent (the number is still redacted); a person named Call, or a name after
the cue, stays redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.call45 import without_call45
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})

CUT = [
    "Please list the open questions for the security review, and suggest ho Call +1 212-555-0000.",
    "Please summarise the risks we still carry, li Call +1 212-555-0004.",
    "Our quarterly review covers the questions for the security review, and su Call +1 212-555-0005.",
    "Error rates stayed flat during the cut-over, and latency improved by a fi Call +1 (212) 555-0188.",
]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


@pytest.mark.parametrize("text", CUT)
async def test_a_cue_after_a_cut_word_is_no_person(guard: Guard, text: str) -> None:
    verdict = await guard.input(P_IN, [text])
    sent = verdict.texts[0] if verdict.texts[0] is not None else text
    assert "PERSON" not in sent, sent
    assert "Call <PHONE_NUMBER_1>" in sent, sent


async def test_the_cue_is_not_carried_to_the_other_messages(guard: Guard) -> None:
    texts = [CUT[0], *[f"The team moved the database first, then the queue workers. Call +1 212-555-{n:04d}."
                       for n in range(10, 16)]]
    verdict = await guard.input(P_IN, texts)
    sent = [t if t is not None else o for t, o in zip(verdict.texts, texts, strict=True)]
    assert not any("PERSON" in t for t in sent), sent
    assert all("Call <PHONE_NUMBER_" in t for t in sent), sent


@pytest.mark.parametrize(("text", "name"), [
    ("Mary Call +1 212-555-0143 about the invoice.", "Mary"),
    ("Please ask Dr. Call, +1 212-555-0143, about the scan.", "Call"),
    ("Call Jane Whitfield at +1 212-555-0143 tomorrow.", "Jane Whitfield"),
    ("Contact Priya Raman on 617-555-0143.", "Priya Raman"),
])
async def test_people_beside_the_cue_stay_redacted(guard: Guard, text: str, name: str) -> None:
    verdict = await guard.input(P_IN, [text])
    sent = verdict.texts[0]
    assert sent is not None and name not in sent, sent
    assert "555-0143" not in sent, sent


def test_the_filter_keeps_spans_that_reach_past_the_number_or_start_with_a_name() -> None:
    text = "and suggest ho Call +1 212-555-0000 and Maria"
    start = text.index("ho")
    assert without_call45(text, [("PERSON", start, text.index(" and M"), 0.85)]) == []
    kept = [("PERSON", start, len(text), 0.85)]
    assert without_call45(text, kept) == kept
    named = "Ask Mary Call +1 212-555-0000"
    span = [("PERSON", named.index("Mary"), named.index(" +1"), 0.85)]
    assert without_call45(named, span) == span
    short = "ho Call 555"  # not a phone-shaped run
    assert without_call45(short, [("PERSON", 0, 7, 0.85)]) == [("PERSON", 0, 7, 0.85)]
