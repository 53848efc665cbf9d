"""atk12 tester B H3 and FP-5 without the model: the PII view spaces structured data's punctuation and maps back
exactly (`proxy.nlp.normalize.structure_spaced`), a PERSON span is cut to its words
(`proxy.nlp.pii._names_within_words`), and a table's cells that hold no name (`proxy.nlp.tables`). The model's side
is in `test_structured_names.py`."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize, structure_spaced
from proxy.nlp.pii import _names_within_words
from proxy.nlp.tables import column_kind, name_part_cells, nameless_cells


@pytest.mark.parametrize(("text", "read"), [
    ('{"name":"Maria Schmidt","id":1}', '{"name": "Maria Schmidt", "id": 1}'),
    ('[{"id":1},{"id":2}]', '[{"id": 1}, {"id": 2}]'),
    ("7,Jan Kowalski,Berlin", "7, Jan Kowalski, Berlin"),
    ("7;Maria;Schmidt", "7; Maria; Schmidt"),
    ("Maria Schmidt|HR|ops", "Maria Schmidt | HR | ops"),
    ("<name>Maria Schmidt</name>", "<name> Maria Schmidt </name>"),
    ("@Maria Schmidt please", "@ Maria Schmidt please"),
    ("assigned->Maria Schmidt", "assigned-> Maria Schmidt"),
    ('owner:"Maria Schmidt"', 'owner: "Maria Schmidt"'),
])
def test_structure_is_spaced_and_maps_back_exactly(text: str, read: str) -> None:
    view = structure_spaced(normalize(text))
    assert view.text == read
    for word in ("Maria", "Schmidt", "Jan", "Kowalski"):
        if word in read:
            a = read.index(word)
            assert view.span(a, a + len(word)) == (text.index(word), text.index(word) + len(word))


@pytest.mark.parametrize("text", ["Hello, world. See you at 10:30, ok?", "1,234,567 and 3.14", "a || b", "x = 1;",
                                  "@Override public void run()", "List<String> names", "p->next = q;"])
def test_prose_and_code_read_as_written(text: str) -> None:
    assert structure_spaced(normalize(text)).text == text


@pytest.mark.parametrize(("span", "parts"), [
    ('Walker"},{"id":2,"name":"Sofia Rossi', ["Walker", "Sofia Rossi"]),
    ('Kowalski","dept":"HR', ["Kowalski", "HR"]),
    ("Maria Schmidt'", ["Maria Schmidt"]),
    ("Maria Schmidt|HR|Berlin", ["Maria Schmidt", "HR", "Berlin"]),
    ("Smith, John", ["Smith, John"]),
    ("O'Neil", ["O'Neil"]),
])
def test_a_person_span_is_cut_to_its_words(span: str, parts: list[str]) -> None:
    text = f"[{span}]" if not span.startswith("O") else span
    start = text.index(span)
    got = _names_within_words(text, [("PERSON", start, start + len(span), 0.85)])
    assert [text[a:b] for _, a, b, _ in got] == parts


@pytest.mark.parametrize(("header", "kind"), [
    ("city", "things"), ("home_city", "things"), ("city_name", "things"), ("Destination", "things"),
    ("colour", "things"), ("species", "things"), ("name", "people"), ("customer_name", "people"),
    ("product_owner", "people"), ("First Name", "parts"), ("last_name", "parts"), ("Nachname", "parts"),
    ("surname", "parts"), ("family", None), ("first", None), ("notes", None), ("id", None),
])
def test_column_kind(header: str, kind: str | None) -> None:
    assert column_kind(header) == kind


def test_nameless_cells() -> None:
    text = "id,name,city\n1,Austin Reed,Austin\n2,Paris Hilton,Paris"
    assert [text[a:b] for a, b in nameless_cells(text)] == ["Austin", "Paris"]
    text = "name,note\nParis,ok"  # a city in a name column stays a name
    assert nameless_cells(text) == []
    assert nameless_cells("7,Jan Kowalski,Berlin") == []  # one line: no table


def test_name_part_cells() -> None:
    text = "id;vorname;nachname\n7;Sofia;Rossi\n8;Jan;van Dyke\n9;;42"
    assert [text[a:b] for a, b in name_part_cells(text)] == ["Sofia", "Rossi", "Jan"]  # `van Dyke`: lower case
    text = "<person><given>Sofia</given><family> Rossi </family><note>Ok</note></person>"
    assert [text[a:b] for a, b in name_part_cells(text)] == ["Sofia", "Rossi"]
