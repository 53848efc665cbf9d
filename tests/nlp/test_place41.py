"""place41 (fpatk41 FP01, FP05, issue 12's false positives): places in travel and geography sentences (after a
place's preposition or verb, in a list of places, with a place's head before or after them) and teams or events named
after their place go as sent; real people in the same sentences (a cue before them, a verb after them, a given name
and a surname, a list of given names, a sentence about people) stay redacted."""

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
    # after a place's preposition or verb (FP01)
    "Plan a weekend in Bologna with a day trip to Modena.",
    "Is it worth visiting Petra in August, or is it too hot?",
    "Recommend food markets in Bangkok and Chiang Mai for a first-time visitor.",
    "Come arrivo a Orvieto da Roma in treno?",
    "Qual é a melhor época para visitar Fernando de Noronha?",
    "Should I stay in Shoreditch or Camden for a long weekend in London?",
    "Recommend restaurants in Trastevere and Monti for a weekend in Rome.",
    # a place's head before or after it, in any sentence
    "How were the pyramids of Giza built, according to current archaeological evidence?",
    "How do I visit the Cliffs of Moher and the Aran Islands from Galway in one day?",
    "Plan two days in Marrakech, including the Jardin Majorelle and a trip to the Atlas Mountains.",
    "Explain what the Geneva Conventions say about prisoners of war.",
    "Why was the Kyoto Protocol weaker than expected?",
    "Summarise the animated film's portrayal of Día de Muertos.",
    # every member of a list of places
    "Three days in Sicily: Palermo, Cefalù and Taormina. Is that too much driving?",
    "Where should I stay in Barcelona: Gràcia, El Born or Eixample?",
    "Which national parks in Utah can I visit in a week: Zion, Bryce Canyon, Arches, Canyonlands?",
    "Plan a week in Sri Lanka: Kandy, Ella and Galle.",
    "Which ski resorts in the Alps are good for intermediate skiers: Zermatt, Val Thorens, St. Anton or Kitzbühel?",
    "Recommend a route through Andalusia: Ronda, Setenil and Zahara de la Sierra.",
    "Is Savannah or Charleston better for a spring weekend?",
    "Which villages in Alsace are worth a detour: Riquewihr, Eguisheim or Kaysersberg?",
    "Plan two nights in Tasmania: Hobart, Bicheno and Launceston.",
    # teams and events named after their place (FP05)
    "Summarise the history of the Boston Red Sox and the Curse of the Bambino.",
    "How do the Green Bay Packers' community ownership rules work?",
    "Why are the Los Angeles Dodgers called the Dodgers?",
    "Compare the Denver Broncos' altitude advantage with Mexico City's for football.",
    "Explain how a sailing race like the America's Cup is scored.",
    "Explain the rivalry between the Chicago Cubs and the St. Louis Cardinals.",
    "Compare the Pittsburgh Steelers' defense with the Baltimore Ravens'.",
]

NAMED = [  # (text, what must not go, what must stay as written)
    ("Dr. Modena will call you tomorrow about the results.", ["Modena"], ["will call you"]),
    ("Luna Okafor called to confirm her appointment.", ["Luna Okafor"], ["called to confirm"]),
    ("Austin Moreau is the new account manager.", ["Austin Moreau"], ["new account manager"]),
    ("I am visiting Petra Novak in hospital next week.", ["Petra Novak"], ["in hospital"]),
    ("Luna Okafor is travelling to Modena next week.", ["Luna Okafor"], ["travelling to Modena"]),
    ("Send the itinerary to Petra, Luna and Dakota before the trip.", ["Petra", "Luna", "Dakota"], ["itinerary"]),
    ("Who is going on the trip: Petra Novak, Austin Moreau or Calvin Brooks?",
     ["Petra Novak", "Austin Moreau", "Calvin Brooks"], ["going on the trip"]),
    ("Travelling with Luna Okafor and Austin Moreau to Sicily next week.", ["Luna Okafor", "Austin Moreau"],
     ["to Sicily"]),
    ("Hi Dakota, can you book the train to Siena?", ["Dakota"], ["train to Siena"]),
    ("Email from Savannah Ortiz about the hotel booking.", ["Savannah Ortiz"], ["hotel booking"]),
    ("Val Kilmer starred in Top Gun.", ["Val Kilmer"], ["starred in"]),
    ("Ms. Geneva Hart approved the travel budget.", ["Geneva Hart"], ["travel budget"]),
    ("Mr. Galle will meet us at the airport.", ["Galle"], ["at the airport"]),
    ("Austin Moreau and Dakota Reyes will drive from Denver to Moab.", ["Austin Moreau", "Dakota Reyes"],
     ["from Denver to Moab"]),
]


@pytest.mark.parametrize("text", PLAIN)
async def test_places_and_teams_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


@pytest.mark.parametrize("text", PLAIN[::4])
@pytest.mark.parametrize("size", [0, 3])
async def test_places_and_teams_answered_as_written(guard: Guard, text: str, size: int) -> None:
    assert await streamed_out(guard, policy(output=P_OUT), text, size or len(text)) == text


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_people_in_the_same_sentences_redacted(guard: Guard, text: str, values: list[str],
                                                     kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []
