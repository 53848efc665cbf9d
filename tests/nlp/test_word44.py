"""word44 (fpatk43): makers and their models, everyday words, eponyms, tech words and headings go as sent; the
same words as people's names stay redacted (`Clara Kobo said`, `Ms. Basil`, `Mr. Allen`, `Dr. Phillips`, `Tom
Collins called`, `ask Granny Smith`)."""

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


PLAIN = [
    # makers and models
    "Should I get the Garmin Forerunner 265 or the Coros Pace 3?",
    "Salomon Speedcross vs Merrell Moab for muddy trails?",
    "Le Creuset or Staub for a cast iron casserole?",
    "Renault Clio or Opel Corsa for a new driver?",
    "Honda Jazz or Toyota Yaris hybrid for city driving?",
    "Kobo Sage or Kindle Oasis for big fonts?",
    "Clarins or Clinique sunscreen for sensitive skin?",
    "Wendy's or Five Guys for a better burger?",
    "Captain Morgan or Bacardi for mojitos?",
    "Dr Pepper vs root beer: what's the flavour difference?",
    "Philips Hue vs Nanoleaf for a bedroom?",
    "Hoka Bondi or Brooks Glycerin for recovery runs?",
    # everyday words
    "Basil wilts if the pot gets too cold.",
    "Smith machines vs free weights for squats?",
    "Baker's yeast or sourdough for pizza?",
    "Miller moths swarm around the porch light.",
    "Brook trout prefer cold, clear streams.",
    # eponyms and fixed phrases
    "Use an Allen key to tighten the seat post.",
    "What's the difference between a Phillips and a Pozidriv screwdriver?",
    "What is a Ferris wheel's typical rotation speed?",
    "Which is better for a beginner: a Dobsonian or a Maksutov telescope?",
    "variety,price\nGranny Smith,1.20\nBraeburn,1.10",
    "cocktail,base\nTom Collins,gin\nMojito,rum",
    "Garamond or Caslon for the body text?",
    # tech words and flags
    "Trie or radix tree for prefix search over 50k routes?",
    "Meta tags for social previews: which ones do I need for a blog post?",
    "Dock icons disappear after the update on my Mac.",
    "Siri doesn't understand my accent.",
    "Sentry or Rollbar for error tracking?",
    "Java flags: -Xms2g -Xmx4g -XX:+UseG1GC. Is Xms equal to Xmx recommended?",
    # headings and sign-offs
    "Pros: Fast, Cheap, Reliable\nCons: Noisy, Heavy",
    "Part II - Methods and Materials\nSamples were collected in spring.",
    "Love, Mum and Dad",
]

NAMED = [  # (text, the name's parts that must not go)
    ("Clara Kobo said the shipment arrived.", ["Clara", "Kobo"]),
    ("Ms. Basil said the report is late.", ["Basil"]),
    ("Mr. Allen signed the lease yesterday.", ["Allen"]),
    ("Dr. Phillips will see you at 3pm.", ["Phillips"]),
    ("Tom Collins called from the front desk.", ["Tom Collins"]),
    ("Please ask Granny Smith to bring the keys.", ["Granny Smith"]),
    ("Mr. Brooks called about the invoice.", ["Brooks"]),
    ("Marshall Emberton said he would join.", ["Marshall", "Emberton"]),
    ("Mrs. Miller asked for a refund.", ["Miller"]),
    ("Emergency contact: Ruby Walsh, phone 07700 900123", ["Ruby Walsh"]),
    ("Alexa Romero said the launch is Monday.", ["Alexa", "Romero"]),
    ("The Allen key was left by Mark Allen.", ["Mark Allen"]),
    ("Dear Mum, Priya Nair will pick you up.", ["Priya", "Nair"]),
    ("Lane Cooper said the meeting moved.", ["Lane", "Cooper"]),
    ("Dr. Pepper is on leave today.", ["Pepper"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize(("text", "values"), NAMED)
async def test_names_redacted_on_input(guard: Guard, text: str, values: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
