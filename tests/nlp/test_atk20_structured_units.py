"""atk20 H3, M4, L1 without the model: name keys beside their partner (`proxy.nlp.name_keys`), the XPN names of an
HL7 v2 message (`proxy.nlp.hl7`) and a JSON table's one row in the second reading (`proxy.nlp.normalize.uncommented`).
Other names and values than the report's; the analyzer's and the proxy's readings in `test_atk20_structured.py` and
`tests/e2e/test_atk20_structured.py`."""

from __future__ import annotations

import json

import pytest

from proxy.guard.keyed import name_part_candidates
from proxy.nlp.hl7 import xpn_name_spans
from proxy.nlp.name_keys import document_pairs, paired_kind, paired_values
from proxy.nlp.normalize import uncommented


def _values(text: str) -> list[tuple[str, bool]]:
    return [(text[a:b], loose) for a, b, loose, _ in paired_values(text)]


@pytest.mark.parametrize(("text", "expected"), [
    (json.dumps({"resourceType": "Patient", "name": [{"use": "official", "family": "Reyes", "given": ["Lucia", "M"]}]}),
     [("Reyes", False), ("Lucia", False), ("M", False)]),
    (json.dumps({"name": {"given": "Tobias", "family": "Lang"}}), [("Tobias", False), ("Lang", False)]),
    (json.dumps({"id": 9, "fname": "Greta", "lname": "Holm", "plan": "basic"}), [("Greta", False), ("Holm", False)]),
    (json.dumps({"fn": "Ines", "ln": "Duarte"}), [("Ines", True), ("Duarte", True)]),
    (json.dumps({"givenName": "Ines", "family": "Duarte"}), [("Duarte", False)]),  # `givenName` is read alone
    ("fname: Pavel\nlname: Novak\nplan: pro", [("Pavel", False), ("Novak", False)]),
    ("given=Oskar;family=Berg", [("Oskar", False), ("Berg", False)]),
    (json.dumps({"fname": "Greta"}), [("Greta", True)]),  # alone: a listed name only
])
def test_a_paired_key_beside_its_partner_names_a_part(text: str, expected: list[tuple[str, bool]]) -> None:
    assert _values(text) == expected


@pytest.mark.parametrize("text", [
    json.dumps({"species": "Canis lupus", "family": "Canidae", "given": True}),  # a taxonomy's family
    json.dumps({"genus": "Quercus", "family": "Fagaceae"}),
    json.dumps({"family": "Sans Serif", "size": 12}),  # a font's family, no given key
    json.dumps({"first": "Alpha", "count": 3}),  # a list's first item, no last key
    json.dumps({"first": "Spring", "last": "Winter"}),  # a range's ends
    json.dumps({"given": "Yes", "reason": "ok"}),
    json.dumps({"fn": "Log"}),  # a function
    json.dumps({"family": "Lamiaceae", "given": True}),  # a partner that holds no name
    "given: true\nfamily: Lamiaceae",
    json.dumps({"family": "Noto Sans", "first": "Debian"}),  # no partners
])
def test_a_paired_key_alone_or_beside_a_taxonomy_names_none(text: str) -> None:
    assert _values(text) == []


def test_paired_kind() -> None:
    assert paired_kind("family", ["use", "given"]) == "parts"
    assert paired_kind("Given", ["family"]) == "parts"
    assert paired_kind("lname", ["firstName"]) == "parts"  # its partner may be a key that names a part alone
    assert paired_kind("ln", ["fn"]) == "loose"  # a listed name, its own or its partner's
    assert paired_kind("last", ["first"]) is None
    assert paired_kind("family", ["first"]) is None  # no partners
    assert paired_kind("family", ["species", "given"]) is None
    assert paired_kind("family", ["use", "text"]) is None
    assert paired_kind("lname", []) == "loose"
    assert paired_kind("ln", ["fn"]) == "loose"
    assert paired_kind("surname", ["given"]) is None  # not a paired key (`column_kind` reads it)


def test_document_pairs_read_the_keys_beside_a_value() -> None:
    # {"resourceType": "Patient", "name": [{"family": "Reyes", "given": ["Lucia"]}], "gender": "female"}
    texts = ["resourceType", "Patient", "name", "family", "Reyes", "given", "Lucia", "gender", "female"]
    document = [(0, "key"), (1, "string"), (2, "key"), (3, "key"), (4, "string"), (5, "key"), (6, "string"),
                (7, "key"), (8, "string")]
    assert sorted(document_pairs(texts, document)) == [(4, False, 6), (6, False, 4)]
    assert sorted(name_part_candidates(texts, [document])) == [(4, False, 6), (6, False, 4)]
    lone = ["family", "Roboto", "weight", "bold"]  # a font: no partner
    assert list(document_pairs(lone, [(0, "key"), (1, "string"), (2, "key"), (3, "string")])) == []
    flag = ["family", "Lamiaceae", "given", "true"]  # a partner without a name's value
    assert list(document_pairs(flag, [(0, "key"), (1, "string"), (2, "key"), (3, "string")])) == []
    pair = ["fn", "Bill", "ln", "White"]  # loose keys: their partner's value is told
    assert sorted(document_pairs(pair, [(0, "key"), (1, "string"), (2, "key"), (3, "string")])) == [
        (1, True, 3), (3, True, 1)]


HL7 = ("MSH|^~\\&|ADT1|GOOD HEALTH|GHH LAB|ELAB|202401011200||ADT^A04|MSG77|P|2.5\r"
       "PID|1||PATID4431^^^GHH^MR||OKONKWO^CHIDI^E^JR||19750312|M|||12 ELM ST^^SALEM^OR^97301\r"
       "NK1|1|OKONKWO^ADAEZE|SPO\r"
       "GT1|1||VAN DER BERG&VAN&BERG^PIETER\r"
       "PV1|1|O|CLINIC^^^GHH||||004777^LEBAUER^SIDNEY")


def test_the_names_of_hl7_xpn_fields_are_found() -> None:
    spans = [HL7[a:b] for a, b in xpn_name_spans(HL7)]
    assert spans == ["OKONKWO", "CHIDI", "E", "OKONKWO", "ADAEZE", "VAN DER BERG", "VAN", "BERG", "PIETER"]


def test_hl7_separators_are_read_from_msh_and_ids_dates_stay() -> None:
    text = "MSH#*~\\&#A#B\nPID#1##123*4*5##DIAZ*ROSA##19800101"
    assert [text[a:b] for a, b in xpn_name_spans(text)] == ["DIAZ", "ROSA"]
    # the same fields without a segment id, or in prose, are none
    assert xpn_name_spans("XID|1||123||DIAZ^ROSA||") == []
    assert xpn_name_spans("see PID|1||123||DIAZ^ROSA") == []


@pytest.mark.parametrize("text", [
    '{"columns": ["name", "phone"], "rows": [["x", 6175550143]]}',
    '{"header": ["phone", "name"], "values": [[6175550143, "Maria"]]}',
    '[["Bea", "ok", 3]]',
])
def test_a_json_tables_one_row_is_no_wiki_link(text: str) -> None:
    view = uncommented(text)
    assert view is None or view.text == text


def test_a_wiki_link_is_still_laid_out() -> None:
    view = uncommented("ask [[Maria Schmidt]] today")
    assert view is not None and view.text == "ask Maria Schmidt today"
