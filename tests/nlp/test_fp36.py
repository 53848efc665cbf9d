"""fp36 (atk35 FP01-FP03): terms named after people (`Higgs boson`, `Fisher's exact test`, `Marbury v. Madison`,
`Dodd-Frank Act`, Nvidia's `Blackwell`), companies, cars and cities named after people (`Morgan Stanley`, `Lincoln
Navigator`, `from Florence to Pisa`) and a computed number (`F(45) is 1134903170`) go as written; a person of the same
name (`Florence Pugh said`, `Dear Ms. Houston`, `Dr. Higgs`) and a phone number are still redacted. The texts are held
out (not the report's)."""

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
    return Guard(analyzer, WordScorer(), stream_hold_chars=200)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


KEPT = [
    "Why does the Higgs boson decay into two photons?",
    "Is the Hendra virus related to the Nipah virus and the Epstein-Barr virus?",
    "Convert the date from the Julian calendar to the Gregorian one.",
    "Does the Elo rating system work for team games?",
    "How do libraries shelve books under the Dewey Decimal system?",
    "Use Welch's t-test when the variances differ; Fisher's exact test for small counts.",
    "Summarize Gideon v. Wainwright and Miranda v. Arizona.",
    "What did Brown v. Board of Education overturn?",
    "Which reporting rules did the Sarbanes-Oxley Act add?",
    "Compare the Dodd-Frank Act with the Glass-Steagall Act.",
    "Does an Nvidia Blackwell B200 beat a Hopper H100 on FP8?",
    "Is an Ada Lovelace L4 card enough for inference?",
    "Which is better for character rigging, Maya or Houdini?",
    "Is the Ford Mustang Mach-E range better than the Lincoln Aviator's?",
    "How much does a Big Mac cost in Oslo?",
    "What is the difference between Morgan Stanley and Goldman Sachs?",
    "Explain the business model of Louis Vuitton.",
    "Is the train from Florence to Venice faster than the bus?",
    "Compare rents in Austin, Raleigh and Denver.",
    "What is the climate of Houston in July?",
    "Which has better admissions odds, Stanford or Yale?",
    "Describe the weather in Santiago de Chile in spring.",
    "Чем R-дерево отличается от B-дерева?",
]

PEOPLE = [  # (text, the name that must not go)
    ("Florence Pugh said the shoot ran late.", "Pugh"),
    ("Dear Ms. Houston, your refund was sent.", "Houston"),
    ("Houston said the train was late.", "Houston"),
    ("Dr. Higgs will see you at 10.", "Higgs"),
    ("Maya said the Houdini license expired.", "Maya"),
    ("Email Charles Schwab about the meeting.", "Schwab"),
    ("Mary's test results came back negative.", "Mary"),
    ("Austin Reed, Denver Lee and Raleigh Chen joined.", "Raleigh"),
    ("Meet with Ada about the GPU budget.", "Ada"),
]


@pytest.mark.parametrize("text", KEPT)
async def test_named_terms_go_as_written(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _streamed(guard, text, 3) == text


@pytest.mark.parametrize(("text", "name"), PEOPLE)
async def test_people_of_the_same_name_stay_redacted(guard: Guard, text: str, name: str) -> None:
    assert name not in await _sent(guard, text)
    assert name not in await _streamed(guard, text, 3)


@pytest.mark.parametrize("text", ["The Fibonacci number F(45) is 1134903170.", "The Lucas number L(46) is 4106118243."])
async def test_computed_number_is_no_phone(guard: Guard, text: str) -> None:
    assert await _streamed(guard, text, 3) == text
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "value"), [
    ("Call me at 6175550199 after five.", "6175550199"),
    ("My SSN is 078-05-1120.", "078-05-1120"),
    ("The form shows 078-05-1120 in the box.", "078-05-1120"),
])
async def test_numbers_stay_redacted(guard: Guard, text: str, value: str) -> None:
    assert value not in await _sent(guard, text)
    assert value not in await _streamed(guard, text, 3)
