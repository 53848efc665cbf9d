"""place44 (fpatk43's places and events): a town as a sentence's subject with a place's predicate, a listed city
before a season, after `a suburb of` or a Romanian preposition, a Turkish span across a case ending or round a place's
head, a Nordic number word before its noun, holidays and festivals, and a demonym before a noun go as sent. Real
people with the same words stay redacted: a cue before them, a verb or a surname after them, a pronoun of theirs, a
person's noun in the clause, a Turkish given name."""

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
    # a town as the subject with a place's predicate, before a season, after `a suburb of`, a Romanian preposition
    "Victoria has a lovely inner harbour; worth a day?",
    "Sofia has cheap public transport and good museums.",
    "Austin gets very hot in August.",
    "Savannah has squares full of oak trees.",
    "Valencia is famous for paella and oranges.",
    "Jackson is the capital of Mississippi; anything to see?",
    "Madison sits between two lakes.",
    "Phoenix summers reach 45 degrees.",
    "Aurora is a suburb of Denver; is it safe?",
    "Alexandria has a modern library by the sea.",
    "Darwin in the wet season: is it worth visiting?",
    "Regina and Saskatoon in winter: how cold?",
    "Ce să vizitez în Brașov și Sibiu în trei zile?",
    # Turkish spans across a case ending, round a place's head
    "Bodrum'dan Datça'ya tekneyle gidilebilir mi?",
    "Antalya'dan Fethiye'ye araba ile kaç saat sürer?",
    "Van Gölü'nde yüzülür mü?",
    "Konya'da Mevlana Müzesi ücretsiz mi?",
    # Nordic number words
    "Jeg trenger mat for fem dager.",
    "Ti ting å gjøre i Oslo.",
    # holidays and festivals
    "What are the main differences between Catholic and Orthodox Easter dates?",
    "What is Mardi Gras and why is it celebrated in New Orleans?",
    "Yom Kippur: why do people fast?",
    "Rosh Hashanah greetings: what do people say?",
    "Cinco de Mayo: is it a big deal in Mexico?",
    "Ideas for Valentine's Day on a budget.",
    "Burns Night supper: what's on the menu?",
    "Martin Luther King Jr. Day: are banks closed?",
    "Lucia Day in Sweden: what happens at school?",
    "Roland Garros tickets for the first week: how to get them?",
    "Comic-Con San Diego: how to get badges?",
    # demonyms before a noun
    "Describe a Roman bath house for a museum guide.",
    "Chester has Roman walls you can walk on.",
    "St. David's Day: what do Welsh people wear?",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Victoria Okafor said the harbour project is late.", ["Victoria Okafor"], ["harbour project"]),
    ("Dr. Austin has a lovely office by the harbour.", ["Austin"], ["lovely office"]),
    ("Sofia called about the museum tickets.", ["Sofia"], ["museum tickets"]),
    ("Hi Savannah, the squares tour is booked.", ["Savannah"], ["squares tour"]),
    ("Patrick said the parade starts at ten.", ["Patrick"], ["parade starts"]),
    ("Victoria has a meeting at the harbour office.", ["Victoria"], ["harbour office"]),
    ("Charlotte has a market stall on Saturdays.", ["Charlotte"], ["market stall"]),
    ("Sofia has good museums on her list.", ["Sofia"], ["on her list"]),
    ("Madison is a city planner in Leeds.", ["Madison"], ["city planner"]),
    ("Santiago is surrounded by friends at the party.", ["Santiago"], ["surrounded by friends"]),
    ("Sofia in August, Maria in July: who covers the desk?", ["Sofia", "Maria"], ["covers the desk"]),
    ("Roman said the bath house tour was great.", ["Roman"], ["bath house"]),
    ("Roman runs the team in Kraków.", ["Roman"], ["runs the team"]),
    ("Roman from accounting approved it.", ["Roman"], ["from accounting"]),
    ("Ahmet'ten Ayşe'ye mesaj gitti.", ["Ahmet", "Ayşe"], ["gitti"]),
    ("Ankara'da Mehmet Demir ile görüştüm.", ["Mehmet", "Demir"], ["görüştüm"]),
    ("Kari Hansen kommer om fem dager.", ["Kari Hansen"], ["fem dager"]),
    ("Doris Day sang the title song.", ["Doris Day"], ["title song"]),
    ("Valentine Okoro sent the invoice.", ["Valentine Okoro"], ["the invoice"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_places_and_holidays_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::5])
@pytest.mark.parametrize("size", [0, 3])
async def test_places_and_holidays_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_with_the_same_words_redacted(guard: Guard, text: str, values: list[str],
                                                   kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
