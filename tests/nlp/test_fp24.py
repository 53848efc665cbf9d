"""PII-free text the name rules read as a person's name (fp24; `proxy.nlp.everyday24.not_a_person24`): a fixed phrase
opened by a given name that is an everyday word (`Grace Period`, `Art Deco`, `Penny Black`), lower case or as a JSON
value too (`name: grace period`, `{"name": "Penny Black"}`), a forum's, a shop's or a lab's name (`Jericho Forum`,
`Priya Bazaar`, `Abbott Laboratories`), a product after an article (`the Emily plugin`), a listed company in business
prose (`Morgan Stanley said rates would stay high`), a bank in a sentence of banking (`Ask Chase about the card`), a
city greeted alone (`Hello Boston!`); and the same words where the text says person, which stay names."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


async def persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return sorted(value for entity, value in await found(analyzer, text) if entity == "PERSON")


NO_PERSON = [
    # fixed phrases opened by a given name that is an everyday word
    "The Penny Black was the first adhesive postage stamp.",
    "Use Dawn dish soap to remove the grease.",
    "The book Will Power explains habit formation.",
    "The Grace Period ends on the 15th.",
    "Set up Bill Pay in the banking app.",
    "The lobby is a fine example of Art Deco design.",
    "My phone buzzed with an Amber Alert.",
    "Play Holly Jolly Christmas at the party.",
    "He drives a Mercedes Benz to work.",
    "A bottle of Jack Daniel's sat on the shelf.",
    "Autumn Leaves is a jazz standard.",
    "Daisy Chain wiring is common in old houses.",
    # firms, a bank
    "Morgan Stanley said rates would stay high.",
    "Goldman Sachs said profits doubled.",
    "Charles Schwab reported net inflows of $30 billion.",
    "Procter & Gamble said demand was weak.",
    "Abbott Laboratories recalled a formula.",
    "The Dow Jones closed lower on Friday.",
    "Ask Chase about the card before you travel.",
    "I opened a savings account at Chase last year.",
    # a city greeted alone
    "Hello Boston!",
    "Good morning, Berlin",
    "Good morning, Berlin! Today we launch.",
    # lower case and JSON values
    "name: grace period",
    "name: amber alert",
    '{"name": "Grace Period"}',
    '{"name": "Penny Black"}',
    '{"name": "Art Deco"}',
    '{"name": "Holly Jolly"}',
    "name: black friday",
    # products and programs after a given name
    "The Arjun tank program was delayed again.",
    "Priya Bazaar sells spices online.",
    "The Jericho Forum published its commandments.",
    "Install the Emily plugin for the editor.",
]


@pytest.mark.parametrize("text", NO_PERSON)
async def test_no_person(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


NAMES = [
    ("Penny Black called me yesterday about the invoice.", "Penny Black"),
    ("Ask Chase Miller about the card.", "Chase Miller"),
    ("Please ask Chase about the meeting he missed.", "Chase"),
    ("Bill White said the report is late.", "Bill White"),
    ("Grace Hall approved the request.", "Grace Hall"),
    ("Amber Stone will join the call.", "Amber Stone"),
    ("Rose Golding sent the contract.", "Rose Golding"),
    ("Dawn Harper emailed the team.", "Dawn Harper"),
    ("Charles Schwab founded the company in 1971.", "Charles Schwab"),
    ("Thanks, Austin Reed, for the help.", "Austin Reed"),
    ("Good morning, Charlotte, the draft is ready.", "Charlotte"),
    ("Hello Austin!", "Austin"),
    ('{"name": "Grace Hall"}', "Grace Hall"),
    ('{"name": "Bill White"}', "Bill White"),
    ("name: grace hall", "grace hall"),
    ("Arjun Mehta reviewed the tank program.", "Arjun Mehta"),
    ("Emily Clarke wrote the plugin.", "Emily Clarke"),
    ("Dr. Schwarz ist krank.", "Schwarz"),
    ("Anna Schwarz ist die neue Leiterin.", "Anna Schwarz"),
    ("Dr. Grace Period will see you now.", "Grace Period"),
    ("Hi Holly Jolly, thanks for the card.", "Holly Jolly"),
    ("Hi Dallas, thanks for the call.", "Dallas"),
    ("Frank Ocean released an album.", "Frank Ocean"),
    ("Drew Barrymore hosts a talk show.", "Drew Barrymore"),
    ("Grace Slick sang with the band.", "Grace Slick"),
    ('{"name": "Anna Siemens"}', "Anna Siemens"),
]


@pytest.mark.parametrize(("text", "name"), NAMES)
async def test_names_stay(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    spans = await persons(analyzer, text)
    assert all(any(part in s for s in spans) for part in name.split()), spans
