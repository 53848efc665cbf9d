"""epo41 (fpatk41 FP04, issue 12's false positives): eponymous scientific, medical, economic and legal terms, a
(hyphenated) surname before a term noun (`Frank-Starling mechanism`, `Reed-Sternberg cells`, `Cheyne-Stokes
respiration`, `Markowitz mean-variance`), in brackets before one (`the TCA (Krebs) cycle`), a given name after `the`
before one (`the Miranda warning`, `the Gordon Growth Model`) and `Porter's Five Forces` go as sent; the same words as
people (`Dr. Krebs will see you`, `Calvin Brooks called`, `Ms. Miranda Okafor`) stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


PLAIN = [
    "Explain the TCA (Krebs) cycle in two lines.",
    "Explain the Frank-Starling mechanism of the heart.",
    "What are Reed-Sternberg cells in Hodgkin lymphoma?",
    "Explain Cheyne-Stokes respiration and its causes.",
    "Explain the Gordon Growth Model and when it breaks down.",
    "Explain Markowitz mean-variance optimisation in plain language.",
    "Summarise Porter's Five Forces for the scooter rental market.",
    "What is the Miranda warning and where does the name come from?",
    "Compare the Calvin cycle with the Cori cycle.",
]

NAMED = [  # (text, the name's parts that must not go)
    ("Dr. Krebs will see you at 3pm.", ["Krebs"]),
    ("Calvin Brooks called about the cycle count.", ["Calvin", "Brooks"]),
    ("Ms. Miranda Okafor asked about the warning letter.", ["Miranda", "Okafor"]),
    ("Gordon Price reviewed the growth model for Q3.", ["Gordon", "Price"]),
    ("Frank Starling called about the shipment.", ["Frank", "Starling"]),
    ("Please forward the portfolio to Dakota Reyes.", ["Dakota", "Reyes"]),
    ("Miranda said the warning came too late.", ["Miranda"]),
    ("Ask Calvin to update the cycle count.", ["Calvin"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_eponyms_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text


@pytest.mark.parametrize("text", PLAIN[::2])
@pytest.mark.parametrize("size", [0, 3])
async def test_eponyms_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_people_in_the_same_frames_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == []
