"""fpeveryday14 (atk15 M2): everyday PII-free text read as names. Holiday greetings, dishes named after people or
places, planets and gods, cities after a travel preposition, a place's prefix, states and countries in a list, a
contract's title and the romanised words of code-switched chat are no names, while the same words where the
sentence says person still are (real Presidio, real spaCy model). Values differ from the tester's and from
bench/data/everyday_holdout.txt."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found, person_in


def persons(spans: set[tuple[str, str]]) -> set[str]:
    return {value for entity, value in spans if entity == "PERSON"}


@pytest.mark.parametrize("text", [
    "Merry Christmas, everyone in accounting!",               # greetings
    "Happy Easter to the night shift.",
    "Feliz Navidad y feliz año nuevo, amigos.",
    "Joyeux Noël et à bientôt !",
    "Buon Natale da tutto il gruppo!",
    "The office closes early on Christmas Eve.",
    "Order the Caesar salad without croutons.",                # dishes
    "Eggs Benedict and coffee for table four.",
    "A Victoria sponge for the bake sale.",
    "Earl Grey tea, no milk.",
    "Chicken Tikka Masala for two, medium spicy.",
    "Venus rises before the Sun in spring.",                   # planets and gods
    "Jupiter has dozens of moons.",
    "Zeus was the king of the gods.",
    "We booked a flat in Lyon for the summer.",                # cities after a travel preposition
    "The coach from Zurich to Milan was late.",
    "The train to Memphis leaves at noon.",
    "Compare the climates of Alaska and Florida.",             # states and countries in a list
    "Kenya, Peru and Chile all export coffee.",
    "This Master Purchase Agreement is effective today.",      # a contract's title
    "Sign the Master Agreement by Monday.",
    "Kal office nahi aa raha, sorry.",                         # code-switched chat
    "Aaj lunch bas thoda late hai.",
    "Kain na tayo, the pizza is here.",
])
async def test_everyday_words_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert persons(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Eve said the build is green.", "Eve"),
    ("Victoria Adams called this morning.", "Victoria Adams"),
    ("I got an email from Milan about the invoice.", "Milan"),
    ("Please ask Georgia about the budget.", "Georgia"),
    ("Kal Penn is on the guest list.", "Kal Penn"),
    ("Master Chen will teach the class.", "Chen"),
    ("Ask Athena about the logs.", "Athena"),           # a god's name addressed
])
async def test_the_same_words_as_persons_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert await person_in(analyzer, text, name)
