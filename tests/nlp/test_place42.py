"""place42 (fpatk42 FP04, issue 12's false positives): places outside English travel sentences go as sent: a listed
city after another language's preposition of place or with a Turkish case ending, a span that swallowed ordinary or
municipal words round a city, a landmark (listed with its neighbours, before `City` or a place's head, a place's
head or lead word beside it), the first cells of a column of cities and a route of cities. Real people with the same
words stay redacted: a cue before them, a verb after them, a given name and a surname, a message's or kin's noun
before `de`, a list of people."""

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
    # a listed city after another language's preposition of place, on a route, with a Turkish case ending
    "Die Strecke zwischen Leipzig und Berlin wird im Mai gesperrt.",
    "Wir fahren am Freitag von Hannover nach Berlin.",
    "Il volo da Palermo a Roma è stato cancellato.",
    "Apriamo un nuovo negozio di scarpe a Verona.",
    "Jeg tar toget fra Trondheim til Bergen.",
    "Vi skal til Bergen i sommer.",
    "A prefeitura de Salvador lançou um novo aplicativo.",
    "Jedziemy z Krakowa do Łodzi pociągiem.",
    "Jedu z Prahy do Brna vlakem.",
    "Il team di Genova chiude i test, quello di Bari si occuperà del rilascio.",
    "Ankara'da yeni bir ofis açıyoruz.",
    "Trabzon'dan Bursa'ya otobüs var mı?",
    # a span round a city with a municipality's or ordinary words
    "Miasto Wrocław buduje nową linię tramwajową.",
    "Miasto Lublin ogłosiło przetarg na autobusy.",
    "Konya Büyükşehir Belediyesi yeni otobüs seferleri başlatıyor.",
    "Kontoret i Stavanger stenger i juli.",
    # landmarks
    "Road trip to Monterey: which stops in Big Sur are worth it?",
    "How do I get from Luang Prabang to Vang Vieng?",
    "Is Rothenburg ob der Tauber worth a detour?",
    "We walked up Primrose Hill after lunch.",
    "Is a visit to Hadrian's Wall possible in one day?",
    "How long is the hike up Arthur's Seat?",
    "Is Mont Saint-Michel best at low or high tide?",
    "Fly into Ho Chi Minh City or Hanoi first?",
    "What happened at Runnymede in 1215?",
    "Summarise the history of Merv and Samarkand.",
    "Walking the Camino de Santiago from Sarria: tips?",
    # a column of cities, a route of cities
    "Weekly sales:\nMadrid, 2024-W11, 512, 9120.00\nSevilla, 2024-W11, 210, 4022.50",
    "- Rome: 120 units\n- Munich: 98 units\n- Oslo: 77 units",
    "Hamburg\t511\t9000\nBremen\t212\t4021",
    "Madrid\nValencia\nSevilla\nBilbao",
    "Utrecht-Rotterdam: 38 min by train; Lyon-Marseille: 1h40.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Milan Novak called from Berlin this morning.", ["Milan Novak"], ["from Berlin"]),
    ("Dr. Lyon will see you at three.", ["Lyon"], ["will see you"]),
    ("Austin Moreau is the new account manager.", ["Austin Moreau"], ["account manager"]),
    ("Han Wei joined the platform team last week.", ["Han Wei"], ["joined the"]),
    ("Ho parlato con Verona Rossi del progetto.", ["Verona Rossi"], ["del progetto"]),
    ("La hija de Salvador Méndez llamó ayer.", ["Salvador Méndez"], ["llamó ayer"]),
    ("Escribe a Salvador Ortega mañana.", ["Salvador Ortega"], ["mañana"]),
    ("Jeg snakket med Bergen Olsen i går.", ["Bergen Olsen"], ["i går"]),
    ("Berlin Schmidt hat die Präsentation geschickt.", ["Berlin Schmidt"], ["Präsentation"]),
    ("Carmen Salvador approved the budget.", ["Carmen Salvador"], ["approved"]),
    ("Olivia Palermo called about the shoot.", ["Olivia Palermo"], ["called about"]),
    ("Mr. Hill will call you back.", ["Hill"], ["call you back"]),
    ("Attendees:\nAustin\nLyon", ["Austin", "Lyon"], ["Attendees"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_places_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_places_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_with_the_same_words_redacted(guard: Guard, text: str, values: list[str],
                                                   kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
