"""atk20 H1, H3, M4, L1 with the real analyzer (Presidio, spaCy), other numbers and names than the report's.

- H1: a phone number with a character glued before its bracketed area code (`1(617)555-0143`, `001(...)`,
  `x(...)`, `u_(...)`) or its area code in square, curly or angle brackets is found whole, area code included.
- H3: a value under FHIR's `family`/`given` or `fname`/`lname` beside its partner key is a part of a name, common
  names and everyday words alike; a taxonomy's `family`, a range's `first`/`last` are none.
- M4: the XPN names of an HL7 v2 message (`PID|...||SMITH^JOHN^A||`).
- L1: a phone number that ends a JSON table's one row is found without the row's brackets.
Units without the model in `test_atk20_structured_units.py`.
"""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import DEFAULT_ENTITIES, found

GLUED = ["1(415)555-0187", "001(312)555-0166", "x(646)555-0123", "id_(206)555-0175", "1(415)555 0187",
         "1(415)555.0187", "21(646)555-0123", "[415] 555-0187", "{312} 555-0166", "1[646]555-0123"]


@pytest.mark.parametrize("number", GLUED)
@pytest.mark.parametrize("frame", ["Call me at {} tomorrow.", "phone: {}", "{}", '{{"note": "ring {}"}}'])
async def test_a_phone_number_glued_before_its_bracketed_area_code_is_found_whole(
        analyzer: PiiAnalyzer, number: str, frame: str) -> None:
    text = frame.format(number)
    phones = [v for e, v in await found(analyzer, text) if e == "PHONE_NUMBER"]
    area = re.search(r"[(\[{](\d{3})", number).group(1)  # type: ignore[union-attr]
    assert any(area in p and number[-4:] in p for p in phones), (text, phones)


@pytest.mark.parametrize("text", [
    "sizes(100)200-3000 were logged",  # no valid area code
    "cite [123] 456-7890 and on",
    "run f(911)555-0143",  # no valid North American number (911 is no area code)
])
async def test_brackets_that_hold_no_valid_number_stay(analyzer: PiiAnalyzer, text: str) -> None:
    assert [v for e, v in await found(analyzer, text) if e == "PHONE_NUMBER" and ("(" in v or "[" in v)] == []


async def test_a_user_id_with_a_glued_phone_number_is_found(analyzer: PiiAnalyzer) -> None:
    (spans,) = await analyzer.analyze(["cust-(415)555-0187"], DEFAULT_ENTITIES)
    assert any(s.entity == "PHONE_NUMBER" and s.end - s.start >= 13 for s in spans), spans


PAIRS = [("Mark", "Black"), ("Hope", "Stone"), ("Jennifer", "Taylor"), ("Olga", "Ivanova"), ("Rosa", "Brown")]


def _fhir(given: str, family: str) -> str:
    return json.dumps({"resourceType": "Patient", "id": "p-9", "name": [{"use": "official", "family": family,
                                                                         "given": [given]}], "gender": "female"})


FORMS = {
    "fhir": _fhir,
    "fhir nested object": lambda g, f: json.dumps({"name": {"given": g, "family": f}}),
    "fname/lname": lambda g, f: json.dumps({"id": 3, "fname": g, "lname": f, "plan": "pro"}),
    "yaml": lambda g, f: f"fname: {g}\nlname: {f}\nplan: pro",
}


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize(("given", "family"), PAIRS)
async def test_name_parts_under_paired_keys_are_found(analyzer: PiiAnalyzer, form: str, given: str,
                                                      family: str) -> None:
    text = FORMS[form](given, family)
    persons = [v for e, v in await found(analyzer, text) if e == "PERSON"]
    assert given in persons and family in persons, (text, persons)
    assert not any(v in persons for v in ("Patient", "official", "female", "pro", "ops")), persons


@pytest.mark.parametrize("text", [
    json.dumps({"species": "Vulpes vulpes", "genus": "Vulpes", "family": "Canidae", "given": True}),
    json.dumps({"font": {"family": "monospace", "size": 14}}),
    json.dumps({"first": 1, "last": 20, "total": 20}),
    json.dumps({"fname": "Quarterly", "ext": "pdf"}),
    json.dumps({"first": "Spring", "last": "Winter"}),  # a range's ends
    json.dumps({"family": "Lamiaceae", "given": True}),
])
async def test_paired_keys_without_a_name_add_nothing(analyzer: PiiAnalyzer, text: str) -> None:
    assert [v for e, v in await found(analyzer, text) if e == "PERSON"] == []


HL7 = ("MSH|^~\\&|EPIC|MERCY|LAB|MERCY|202405061200||ADT^A01|M9912|P|2.5\r"
       "PID|1||MRN66120^^^MERCY^MR||{family}^{given}^B||19721104|F|||44 OAK AVE^^DAYTON^OH^45402||(937)555-0110\r"
       "NK1|1|{family}^PAUL|SPO")


@pytest.mark.parametrize(("given", "family"), [("LINDA", "KOWALCZYK"), ("MINH", "NGUYEN"), ("GRACE", "WHITE")])
async def test_hl7_patient_and_next_of_kin_names_are_found(analyzer: PiiAnalyzer, given: str, family: str) -> None:
    text = HL7.format(given=given, family=family)
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    persons = [text[s.start:s.end] for s in spans if s.entity == "PERSON" and s.score >= 0.4]
    assert persons.count(family) == 2 and given in persons and "PAUL" in persons, persons
    assert any(s.entity == "PHONE_NUMBER" and text[s.start:s.end] == "(937)555-0110" for s in spans)
    assert not any(v in persons for v in ("EPIC", "ADT", "DAYTON", "OAK AVE", "MRN66120")), persons


@pytest.mark.parametrize("text", [
    '{"columns": ["name", "phone"], "rows": [["x", 6175550143]]}',
    '{"columns": ["phone", "name"], "rows": [[6175550143, "x"]]}',
    '{"header": ["name", "ssn"], "values": [["Maria", 536904399]]}',
])
async def test_a_value_ending_a_json_tables_row_is_found_without_its_brackets(analyzer: PiiAnalyzer,
                                                                               text: str) -> None:
    values = await found(analyzer, text)
    numbers = [v for e, v in values if e in ("PHONE_NUMBER", "US_SSN")]
    assert numbers and all(v.isdigit() for v in numbers), values
