"""tech43: tech42 re-landed without dropping real names (its English-word rule read surnames that are English words,
`White`, `Black`, `Young`, `King`, as software words: 11 name-recall failures in the full run), and three leftovers of
its class (fpatk42 FP03): a software word at a sentence's start before a plural noun and a verb (`Handler timeouts
are set`), listed game titles joined by `vs` in one span, a listed product before its noun (`a Miro board`).
Values are not the failing tests' own; people beside the same words stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    body = {"model": "m", "messages": [{"role": "user", "content": text}]}
    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    return str(body["messages"][0]["content"])


PLAIN = [  # PII-free: each went out altered before
    "Handler timeouts are set to 30 seconds in the gateway.",
    "Stellaris vs Hearts of Iron IV: which has the better economy model?",
    "Europa Universalis IV vs Crusader Kings III for a first strategy game?",
    "Let's brainstorm on a Miro board before the sprint.",
    "Export the Miro frame as a PDF and attach it to the ticket.",
]
NAMED = [  # (text, what must not go out): surnames and given names that are English words, in records and prose
    ("From: King, Hope <hope.king@corp.io>", ["King", "Hope"]),
    ("Cc: Young, Grace; Black, Rose", ["Young", "Grace", "Black"]),
    ("surname,given,team\nWhite,Joy,Finance\nLong,Faith,Audit", ["White", "Joy", "Long", "Faith"]),
    ("Dear Mr. Young, it was lovely to see the Youngs at the dinner.", ["Young"]),
    ("Egregio Sig. Black, grazie mille.", ["Black"]),
    ("hope white called about the refund.", ["hope", "white"]),
    ("<m:GivenName>Farrukh</m:GivenName><m:FamilyName>Nazarov</m:FamilyName>\nSummarize.", ["Farrukh"]),
    ("first_name,last_name,city\nLukas,Weber,Graz", ["Lukas", "Weber"]),
    ("Walker commits are failing the CI build.", ["Walker"]),
    ("Ask Miro about the board meeting.", ["Miro"]),
    ("Dana Swift vs Omar Cook: who wins the chess final?", ["Dana", "Swift", "Omar", "Cook"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_software_words_titles_and_products_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_people_whose_names_are_words_stay_redacted(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == [], sent
