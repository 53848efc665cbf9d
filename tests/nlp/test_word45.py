"""word45: word44's brand, everyday, eponym and tech lists never drop a real person (word44's full-run recall
failures): a record's cell, a possessive before a person's noun, a cued name, a given name before a person's verb,
a given name and a surname outside a product's context, a word of a kept full name, a name glued to a digit."""

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


NAMED = [  # (text, the name's parts that must not go)
    ("surname,given,team\nWeber,Lukas,QA\nBianchi,Sofia,OPS", ["Weber", "Bianchi"]),
    ('{"surname": "Bianchi", "given": "Nadia", "team": "QA"}', ["Bianchi"]),
    ("^XA^FO20,20^FDOliver Weber^FS^XZ", ["Oliver Weber"]),
    ("Wendy's sister sent the photos.", ["Wendy"]),
    ("Levi's girlfriend booked the table.", ["Levi"]),
    ("Holly's daughter drew the logo.", ["Holly"]),
    ("Sig. Bianchi ha firmato il contratto.", ["Bianchi"]),
    ("Olive grows herbs on the roof terrace.", ["Olive"]),
    ("Ivy grows orchids in the spare room.", ["Ivy"]),
    ("Heather grows peppers for the market.", ["Heather"]),
    ("Robin tests the payment flow on Fridays.", ["Robin"]),
    ("Tom Collins is our new treasurer.", ["Tom Collins"]),
    ("Paul Smith from accounting is on leave.", ["Paul Smith"]),
    ("Booth's algorithm was tuned by Ana Booth last week.", ["Booth's algorithm"]),
    ("Ask Jenna Fisher3 about the rota.", ["Jenna Fisher"]),
]

PLAIN = [  # the same words as products, in a product's context (word44's drops that stay)
    "Bianchi or Pinarello for a first road bike?",
    "Is a Weber kettle grill better than a Traeger?",
    "Marshall or Sonos speaker for a small flat?",
]


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
