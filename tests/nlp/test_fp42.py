"""fp42 (issue 12's false positives): court cases named by one party after a legal frame (`after Loper Bright`,
`Following Dobbs,`), brands and drinks named after people (`Pernod Ricard`, `Grand Marnier`, `Jasmine Pearl tea`),
eponymous anatomy and ML/finance/science terms (`the Bowman capsule`, `Random Forest`, `Bollinger Bands`, `the
Lorenz attractor`), a title before its year (`Roma (2018) won ...`), places with a traveller's predicate or on an
island (`Modena is lovely in May.`, `Hallasan on Jeju`) and four-part versions after `AssemblyVersion` go as sent;
real people with the same names (a cue before, a person's verb after, a given name and a surname) stay redacted."""

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


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


PLAIN = [
    # a case named by one party after a legal frame, before a doctrine's word or a case's verb
    "What changed for agency deference after Loper Bright?",
    "Courts reconsidered many rulings after Loper Bright overruled Chevron.",
    "How did the Court's reasoning in Dobbs differ from Casey?",
    "Following Dobbs, several states changed their abortion laws.",
    "Under Bruen, courts look for a historical analogue for each gun law.",
    "Is Auer deference still good law after Kisor?",
    # brands and drinks named after people
    "Pernod Ricard reported higher sales of premium spirits this quarter.",
    "Add a splash of Grand Marnier to the crepe batter.",
    "How should I brew Jasmine Pearl green tea?",
    "Do Jasmine Pearl and Dragon Pearl teas need cooler water?",
    # eponymous anatomy and terms of machine learning, finance and science
    "Where does the Bowman capsule sit in the nephron?",
    "Describe the circle of Willis and its main branches.",
    "Tune the depth of a Random Forest classifier.",
    "Random Forest vs gradient boosting for tabular data?",
    "How do Bollinger Bands signal volatility?",
    "Why is the Lorenz attractor chaotic?",
    "Which noise model does Kalman filtering assume?",
    # a title before its year in brackets
    "Roma (2018) won the Golden Lion in Venice.",
    # places with a traveller's predicate, a mountain on an island
    "Modena is lovely in May.",
    "Is Taormina hot in July?",
    "Should we hike Hallasan on Jeju in October?",
    # four-part versions after an assembly's version word
    "Set AssemblyVersion 5.0.0.0 in the csproj.",
    "[assembly: AssemblyVersion(\"2.0.0.0\")]",
    "How do I upgrade to 5.0.0.0 from 4.2?",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Mr. Bowman called about the invoice.", ["Bowman"], ["called about the invoice"]),
    ("Jasmine Pearl Okafor booked the venue.", ["Okafor"], ["booked the venue"]),
    ("Dr. Lorenz will call you on Monday.", ["Lorenz"], ["will call you"]),
    ("Bollinger, Anna signed the form.", ["Bollinger", "Anna"], ["signed the form"]),
    ("Pearl Jenkins emailed the report.", ["Pearl Jenkins"], ["emailed the report"]),
    ("Jasmine Chen called to confirm.", ["Jasmine Chen"], ["called to confirm"]),
    ("Ms. Dobbs approved the expense for the court filing.", ["Dobbs"], ["approved the expense"]),
    ("After Casey Lindqvist reviewed the ruling, we filed.", ["Casey Lindqvist"], ["reviewed the ruling"]),
    ("Dr. Modena will see you at ten.", ["Modena"], ["will see you"]),
    ("Forest Whitaker starred in the film.", ["Forest Whitaker"], ["starred in"]),
    ("Ask Roma Patel about the data model.", ["Roma Patel"], ["data model"]),
    ("Okafor (2019) found higher volatility in small caps.", ["Okafor"], ["found higher"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_cases_brands_terms_places_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::3])
@pytest.mark.parametrize("size", [0, 3])
async def test_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_with_the_same_names_redacted(guard: Guard, text: str, values: list[str],
                                                   kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


async def test_networks_and_addresses_stay_as_before(guard: Guard) -> None:
    sent = await _sent(guard, "ping 10.20.30.40 and then ssh to 172.16.5.4 for the AssemblyVersion check")
    assert "10.20.30.40" not in sent and "172.16.5.4" not in sent
