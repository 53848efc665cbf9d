"""atk12 tester B H3 (HIGH) and FP-5: names and keyed values in structured text, and PII-free tables.

- H3: compact JSON (`JSON.stringify`, `json.dumps(separators=(",", ":"))`), CSV, `;`- and `|`-separated cells, XML
  elements, `key=value;`, `@mention`, `owner:"..."`, `assigned->...` glued names to their punctuation in one spaCy
  token: names were left whole or in part, keyed phone numbers and SSNs lost their key as a context word, and a
  PERSON span took the punctuation and the text after it (`Walker"},{"id":2,"name":"Sofia Rossi`), which the
  placeholder then swallowed. The PII view spaces that punctuation (`proxy.nlp.normalize.structure_spaced`) and a
  PERSON span is cut to its words (`proxy.nlp.pii._names_within_words`).
- FP-5: cities, colours, products, funds and species in a CSV table's cells read as PERSON; a column headed by a
  place or a thing holds no name, a listed city in a table is a place (`proxy.nlp.tables`).

Real Presidio and spaCy, the default policy's entities and score floor, with other names and values than the
report's; unit tests of the view, the span cut and the table cells without the model in
`test_structured_names_units.py`.
"""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

NAMES = [("Hannah", "Becker"), ("Jonas", "Weber"), ("Chloe", "Martin"), ("Marco", "Bianchi")]

# Each frame holds one full name.
FRAMES = {
    "compact json": lambda f, s: json.dumps({"customer": {"name": f"{f} {s}", "tier": "gold"}, "status": "active"},
                                            separators=(",", ":")),
    "compact json, one key": lambda f, s: f'{{"owner":"{f} {s}"}}',
    "compact json, nested key": lambda f, s: f'{{"assignee":{{"displayName":"{f} {s}"}}}}',
    "compact json in a sentence": lambda f, s: f'Customer record: {{"name":"{f} {s}","dept":"HR"}}',
    "csv": lambda f, s: f"id,name,city\n7,{f} {s},Berlin",
    "quoted csv": lambda f, s: f'"id","name"\n"7","{f} {s}"',
    "xml": lambda f, s: f"<name>{f} {s}</name>",
    "key=value": lambda f, s: f"name={f} {s};dept=HR",
    "mention": lambda f, s: f"@{f} {s} please check",
    "keyed quote": lambda f, s: f'owner:"{f} {s}"',
    "arrow": lambda f, s: f"assigned->{f} {s}",
    "semicolons": lambda f, s: f"x;{f} {s};y",
    "single quotes": lambda f, s: f"'{f} {s}'",
    "pipes": lambda f, s: f"{f} {s}|HR|ops",
}


async def _persons(analyzer: PiiAnalyzer, text: str) -> list[str]:
    return [value for entity, value in await found(analyzer, text) if entity == "PERSON"]


@pytest.mark.parametrize("frame", list(FRAMES))
@pytest.mark.parametrize(("first", "last"), NAMES)
async def test_a_name_in_structured_text_is_found_whole_and_only_the_name(analyzer: PiiAnalyzer, frame: str,
                                                                          first: str, last: str) -> None:
    text = FRAMES[frame](first, last)
    persons = await _persons(analyzer, text)
    for word in (first, last):
        assert any(word in p for p in persons), (frame, word, persons)
    for p in persons:  # nothing but the name's words: no quote, bracket or separator swallowed
        assert all(ch.isalpha() or ch == " " for ch in p), (frame, p)


# A first name and a surname in cells of their own, under headers or in elements that name them: both found (a lone
# first name or surname, which the model does not read as a name alone, is one there).
SPLIT = {
    "semicolon csv": lambda f, s: f"id;vorname;nachname\n7;{f};{s}",
    "csv": lambda f, s: f"first_name,last_name,city\n{f},{s},Rome",
    "xml parts": lambda f, s: f"<person><given>{f}</given><family>{s}</family></person>",
}


@pytest.mark.parametrize("frame", list(SPLIT))
@pytest.mark.parametrize(("first", "last"), [*NAMES, ("Sofia", "Rossi"), ("Olivia", "Bennett")])
async def test_name_parts_in_cells_are_found(analyzer: PiiAnalyzer, frame: str, first: str, last: str) -> None:
    text = SPLIT[frame](first, last)
    persons = await _persons(analyzer, text)
    assert sorted(persons) == sorted([first, last]), (text, persons)


@pytest.mark.parametrize("text", [
    "first_name,last_name\nUnknown,None",  # fillers
    "first,last\nMonday,Friday",  # first and last of something
])
async def test_cells_that_name_no_one_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _persons(analyzer, text) == []


@pytest.mark.parametrize("text", [
    '[{"id":1,"name":"Hannah Becker"},{"id":2,"name":"Jonas Weber"}]',
    '{"name":"Chloe Martin","dept":"HR"}',
])
async def test_a_placeholder_never_takes_the_text_around_a_name(analyzer: PiiAnalyzer, text: str) -> None:
    (spans,) = await analyzer.analyze([text], ["PERSON"])
    kept = [s for s in spans if s.score >= 0.4]
    assert kept
    assert all(text[s.start:s.end] in ("Hannah Becker", "Jonas Weber", "Chloe Martin") for s in kept), \
        [text[s.start:s.end] for s in kept]


@pytest.mark.parametrize(("text", "values"), [
    ('{"customer":{"mobile":"4155550176","ssn":"387452211"}}', {("PHONE_NUMBER", "4155550176"),
                                                               ("US_SSN", "387452211")}),
    ('{"phone":"2125550199"}', {("PHONE_NUMBER", "2125550199")}),
    ('{"contact":{"tel":2125550199}}', {("PHONE_NUMBER", "2125550199")}),
])
async def test_a_keyed_value_in_compact_json_is_found_as_in_spaced_json(analyzer: PiiAnalyzer, text: str,
                                                                        values: set[tuple[str, str]]) -> None:
    spaced = json.dumps(json.loads(text))
    assert values <= await found(analyzer, spaced)  # the control: spaced JSON
    assert values <= await found(analyzer, text)


TABLES = [  # PII-free tables as users paste them (other values than the report's csv.txt)
    "sku,product,city\n1,Lamp,Munich\n2,Chair,Lyon",
    "office,country\nBerlin,DE\nMadrid,ES",
    "route,origin,destination\nR7,Denver,Austin\nR8,Seattle,Boston",
    "airport,code,city\nTegel,TXL,Berlin\nBarajas,MAD,Madrid",
    "product,color,size\nScarf,Red,S\nCoat,Olive,XL",
    "event,venue,city\nSummit,Grand Hall,Vienna\nRetreat,Pine Lodge,Zurich",
    "fund,ticker,return\nAsia Growth,AGR,5.4\nGreen Bond,GBD,1.9",
    "species,habitat,count\nGrey Wolf,Forest,4\nSnowy Owl,Tundra,2",
    "hotel;city;rating\nRiver Inn;Prague;4.2\nHarbor View;Lisbon;4.6",
    "| warehouse | location |\n|---|---|\n| W3 | Antwerp |\n| W4 | Dublin |",
]


@pytest.mark.parametrize("text", TABLES)
async def test_a_pii_free_table_has_no_names(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _persons(analyzer, text) == []


@pytest.mark.parametrize(("text", "names"), [
    ("id,name,city\n1,Austin Reed,Austin\n2,Hannah Becker,Munich", ["Austin Reed", "Hannah Becker"]),
    ("name,city\nAustin,Denver\nCharlotte,Boston", ["Austin", "Charlotte"]),
    ("team,lead,site\nplatform,Jonas Weber,Warsaw", ["Jonas Weber"]),
    ("| customer_name | home_city |\n|---|---|\n| Marco Bianchi | Milan |", ["Marco Bianchi"]),
])
async def test_names_in_a_table_are_still_found(analyzer: PiiAnalyzer, text: str, names: list[str]) -> None:
    persons = await _persons(analyzer, text)
    for name in names:
        assert any(name in p for p in persons), (name, persons)
    for city in ("Denver", "Boston", "Munich", "Warsaw", "Milan"):
        assert not any(city in p for p in persons), (city, persons)
