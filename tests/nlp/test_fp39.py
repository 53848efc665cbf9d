"""fp39 (atk38 FP01-FP04): landmarks, works, products, hotels, events and fictional characters named like people,
storms, terms after a full name, titles of nobility, stations and places, Romance articles, reference numbers and
version strings go as sent. Values and phrasings are held out (not the report's); a person beside them, a person's
cue before a listed phrase and a phone after its word stay redacted."""

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


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=P_OUT), text, size)


PLAIN = [
    # (atk39's data set: a station and a landmark after a listed city)
    "Train schedule: Rotterdam Centraal 08:14, Utrecht 08:41, Arnhem 09:19.",
    "When was the Berlin Wall built, and by whom?",
    # landmarks, works, characters, products, hotels, events (FP01)
    "Who sculpted the Venus de Milo?",
    "Is Big Ben the bell or the tower?",
    "What is the Hagia Sophia used for today?",
    "Summarise Antony and Cleopatra in one paragraph.",
    'Compare "Tristan and Isolde" with "Pelleas and Melisande".',
    "Write a short essay on Don Quixote.",
    "Explain the plot of Anna Karenina.",
    "Is Sherlock Holmes based on a real detective?",
    "Mickey Mouse first appeared in 1928.",
    "Harry Potter and the Philosopher's Stone was published in 1997.",
    "Write a review of the Kindle Oasis.",
    "Compare the Kindle Scribe with the reMarkable 2.",
    "The Elgin Marbles are in London.",
    "The Earl of Sandwich gave his name to the snack.",
    "The Duke of Edinburgh award scheme.",
    'Have you read "Daphnis and Chloe" by Longus?',
    "Summarise *Aucassin and Nicolette* for a class.",
    "The Hampton Court Flower Show opens in July.",
    # storms, terms after a full name
    "What happened during Hurricane Sandy in 2012?",
    "How strong was Typhoon Haiyan?",
    "Describe the Marilyn Monroe effect.",
    # airports, stations, areas (FP02)
    "My flight lands at John F. Kennedy terminal 4.",
    "Our layover is at Leonardo da Vinci airport in Rome.",
    "The ICE stops at Berlin Hbf and Hamburg Hbf.",
    "The Northern line on the London Underground is busy.",
    "Rents are high in central Paris.",
    # Romance articles (FP04)
    "Scrivi un'email per una cliente e per uno studente.",
    "Ho comprato una casa della nonna per una vacanza.",
    # reference numbers, versions (FP03)
    "Invoice numbers are formatted as 2023-001877.",
    "Transaction 5521-3390-17 failed.",
    "Cost center 4410-300-2291 is over budget.",
    "The budget line 7100-450-3321 covers travel.",
    "We run Python 3.11.4.1 in production.",
    "Version string 4.18.3.2 is odd.",
    # a street between a house number and its word
    "NAD+DP+++ACME:Stores+31 Khumalo St+Soweto++1804+ZA'",
    "Deliver to 7 Ndlovu Road, Durban.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Please call Cindy Wall about the invoice.", ["Cindy", "Wall"], ["Please call "]),  # (no place before `Wall`)
    ("Ask Mona Lisa Whitfield about the Taj Mahal trip.", ["Whitfield"], ["about the"]),
    ("Hurricane Sandy hit while Dana Kerrigan was in New York.", ["Kerrigan"], ["Hurricane Sandy hit while"]),
    ("Dear Harriet Okonjo, the Rosetta Stone tour is booked.", ["Okonjo"], ["tour is booked."]),
    ("Transaction 5521-3390-17 failed; call me on 617-555-0143.", ["617-555-0143"], ["Transaction 5521-3390-17"]),
    ("Python 3.11.4.1 is on the server at 10.20.30.40 now.", ["10.20.30.40"], ["Python 3.11.4.1"]),
    ("Per una posizione, contattare Giulia Bernardini.", ["Bernardini"], ["Per una posizione"]),
    ('Why is this rejected? {"sub":"u-88","phone_number":"+15035550123","iat":1733499000}', ["+15035550123"],
     ['"iat":1733499000}']),
    ('Invite "Priya and Rahul" to the review.', ["Priya", "Rahul"], ["to the review."]),
    ('{"team": "Dana and Samuel", "role": "admins"}', ["Dana", "Samuel"], ['"role": "admins"']),
    ("<table><tr><td>Mobile:</td><td>503-555-0123</td></tr></table>", ["503-555-0123"], ["<td>Mobile:</td>"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[:20:3])
@pytest.mark.parametrize("size", [0, 3])
async def test_look_alikes_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await _streamed(guard, text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_beside_them_redacted(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
