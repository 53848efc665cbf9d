"""Issue 12, atk9 tester B M5, L2, L4 and the table's PERSON rows: companies, brands, drugs, products named like
people, shops and branches in a city, Java types, the Sun, Title Case headings read as PERSON.

Both directions (real Presidio, real spaCy model, the default policy's entities and score floor): the texts go up
with no finding, and people's names in the same frames are still found."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

COMPANIES = [  # atk9 fp/focus.py COMPANIES (the altered ones) and the two drug sentences
    "Compare Morgan Stanley and Goldman Sachs on second-quarter trading revenue.",
    "Wells Fargo raised its prime rate by 25 basis points.",
    "Is Charles Schwab or Fidelity cheaper for index funds?",
    "Johnson & Johnson spun off its consumer health business as Kenvue.",
    "Procter & Gamble beat earnings estimates on higher prices.",
    "Ernst & Young audited the annual report.",
    "Merrill Lynch downgraded the stock to neutral.",
    "The Dow Jones Industrial Average fell 1.2% on Tuesday.",
    "Marks & Spencer reported strong food sales over Christmas.",
    "Ben & Jerry's launched a new flavor this summer.",
    "Ralph Lauren and Tommy Hilfiger both raised prices.",
    "Calvin Klein jeans are on sale this week.",
    "Louis Vuitton's parent LVMH reported lower sales in China.",
    "McDonald's is testing a new loyalty program.",
    "Mercedes-Benz recalled 12,000 vehicles for a software fix.",
    "Dell and Lenovo lead the business laptop market.",
    "Tiffany's flagship store on Fifth Avenue reopened.",
    "Wendy's added breakfast in more locations.",
    "Chanel raised handbag prices again.",
    "Porsche's IPO valued the company at 75 billion euros.",
    "Thomson Reuters bought a legal tech startup.",
    "Jack Daniel's sales grew in Europe.",
    "Dyson vacuum cleaners use cyclone technology.",
    "Estée Lauder cut its profit forecast.",
    "Heparin was given at 5000 units twice daily.",
    "Cisplatin nephrotoxicity is dose-dependent.",
]

PRODUCTS = [  # atk9 fp/tech2.py PRODUCTS (the altered ones), fp/eng.py's Safari line
    "Ask Alexa to turn off the kitchen lights at 11 pm every night.",
    "Hey Siri does not work when the phone is in low power mode.",
    "Cassandra compaction is falling behind on the events table.",
    "Hudson was the old name of the CI server we still run on prem.",
    "Alfred workflows stopped working after the macOS update.",
    "Bing Chat and Bard give different answers to the same question.",
    "Dolly and Falcon were early open models; are they still useful?",
    "I get CORS errors only on Safari when the preflight has Authorization in Access-Control-Request-Headers.",
]

OTHERS = [  # atk9 L4 (fp/focus.py PLACES) and the table's rows: Java types, the Sun, a Title Case heading
    "Nuestra tienda de Valencia abre de lunes a sábado.",
    "A filial de Salvador contratou três pessoas.",
    "Long.MAX_VALUE = 9223372036854775807",
    "Use Long instead of Integer for the id column.",
    "Earth-Moon distance averages 384,400 km; the Sun is about 149.6 million km away.",
    "Improve Search Ranking For Long Queries",
]


@pytest.mark.parametrize("text", COMPANIES)
async def test_companies_brands_and_drugs_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize("text", PRODUCTS)
async def test_products_named_like_people_in_their_context_are_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize("text", OTHERS)
async def test_shops_in_cities_java_types_the_sun_and_headings_are_no_names(analyzer: PiiAnalyzer,
                                                                             text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "names"), [
    ("Compare Jane Morgan and Peter Stanley on second-quarter trading revenue.", ["Jane Morgan", "Peter Stanley"]),
    ("Ask Alice Smith to review the earnings report.", ["Alice Smith"]),
    ("Ask Morgan Stanley about the quarterly revenue numbers.", ["Morgan Stanley"]),
    ("Freeman Dyson wrote about it.", ["Freeman Dyson"]),
    ("Michael Dell founded the company in 1984.", ["Michael Dell"]),
    ("Tiffany Chen raised the prices in the store.", ["Tiffany Chen"]),
    ("Hi Chanel, the store opens at nine.", ["Chanel"]),
    ("Wendy's laptop is broken.", ["Wendy"]),
    ("Jack Daniel's car is parked outside.", ["Jack Daniel"]),
    ("Please invite Calvin Klein to the meeting.", ["Calvin Klein"]),
    ("Ask Alexa Smith to turn off the kitchen lights.", ["Alexa Smith"]),
    ("Dear Alexa, the phone bill is attached.", ["Alexa"]),
    ("Cassandra Smith fixed the compaction bug.", ["Cassandra Smith"]),
    ("Hudson Taylor fixed the CI server.", ["Hudson Taylor"]),
    ("Salvador Dalí painted it in 1931.", ["Salvador"]),
    ("Dr. Long reviewed the Integer overflow bug.", ["Long"]),
    ("Send the report to Grace Long.", ["Grace Long"]),
    ("Notes From Mark Long", ["Mark Long"]),
    ("Call With Frank Today", ["Frank"]),
    ("Sun Yang won gold in the 400 m.", ["Sun Yang"]),
])
async def test_names_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    got = {value for entity, value in await found(analyzer, text) if entity == "PERSON"}
    for name in names:
        assert any(name in value for value in got), (name, got)
