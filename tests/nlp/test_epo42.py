"""epo42 (fpatk42 FP07, FP08): a dynasty or period, an adjective made of a surname, an eponym before its object, a
temperature scale, a dish `alla` its style, a given name that is an everyday word used as a noun (a herb in a list, a
thing's noun after it, a passive of use, a product's tiers) and a team or role addressed go as sent; people with the
same words stay redacted. Values and phrasings are held out (not the report's)."""

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


KEPT = [
    "What were the main reforms of the Qing dynasty?",
    "Compare the Han and Tang dynasties on trade.",
    "A Ming vase sold for a record price at auction.",
    "Explain the Tudor period in two paragraphs.",
    "Darwinian selection versus Lamarckian inheritance.",
    "Explain Hegelian dialectics in simple terms.",
    "Pour the mixture into an Erlenmeyer flask.",
    "Use a Bunsen burner to heat the solution.",
    "Should the dashboard show Fahrenheit or Celsius?",
    "How do I make spaghetti alla carbonara?",
    "Rosemary and thyme are hardy herbs.",
    "Basil, oregano and parsley go into the sauce.",
    "Sage leaves crisp up nicely in brown butter.",
    "Ginger should be added with the garlic.",
    "Patience is key when debugging race conditions.",
    "Amber warnings were issued for the coast.",
    "Ruby, Sapphire and Emerald are our three support plans.",
    "Hi Finance, the invoice is attached.",
    "Hi Legal, please review the NDA.",
    "Product Ops owns the roadmap tooling.",
    "Hey Chef, table four wants the menu.",
    "Hi Skipper, the boat is ready.",
    "We flew Delta and they lost a suitcase.",
]


@pytest.mark.parametrize("text", KEPT)
async def test_not_a_person_goes_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


PEOPLE = [
    ("Rose Okonjo is our new data engineer.", "Okonjo"),
    ("Basil Farouk wrote the migration script.", "Farouk"),
    ("Han Jie joined the platform group.", "Jie"),
    ("Dr. Parkinson will see you on Monday.", "Parkinson"),
    ("Hi Amber, the report is ready.", "Amber"),
    ("Sage Lindqvist approved the budget.", "Lindqvist"),
    ("Crystal Moreno asked about the refund.", "Moreno"),
    ("Ming Zhao sent the quarterly report.", "Zhao"),
    ("Mr. Tudor called back this morning.", "Tudor"),
    ("Jade Thompson and Crystal Park joined the call.", "Thompson"),
]


@pytest.mark.parametrize(("text", "name"), PEOPLE)
async def test_people_with_the_same_words_stay_redacted(guard: Guard, text: str, name: str) -> None:
    sent = await _sent(guard, text)
    assert name not in sent and "<PERSON_" in sent, sent
