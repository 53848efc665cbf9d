"""json46 (atk45 F03, F06, F16, F17): JSON read as tool arguments' JSON is, wherever it is written.

- `proxy.nlp.json46`: keys read normalised, JSON documents found in content and inside JSON strings, part keys ranked;
- `proxy.guard.json46.content_joints` (read beside `proxy.guard.joined.sibling_joints`): the values of JSON in content
  and of JSON in a JSON string read together;
- `proxy.guard.keyed.keyed_values`: keyed parts read in the order their keys name, under a key however spelt, and
  inside a JSON string, each piece on the characters as sent.
"""

from __future__ import annotations

import json

import pytest

from proxy.guard.joined import JSON, JSON_IN_STRING, sibling_joints
from proxy.guard.keyed import GROUP_ENTITIES, keyed_values, named


@pytest.mark.parametrize("key", ["ＳＳＮ", "ѕѕn", "s\u200bsn", "S\u00adSN", "ｓｓｎ"])
def test_a_type_key_reads_as_it_shows(key: str) -> None:
    from proxy.nlp.json46 import plain_key

    assert plain_key(key).lower() == "ssn"
    assert named(key) == [("US_SSN", False)]


def test_an_ascii_key_is_returned_as_is_and_other_scripts_are_no_type() -> None:
    from proxy.nlp.json46 import plain_key

    key = "customer_ssn"
    assert plain_key(key) is key
    assert named("ｐｈｏｎｅ_ｍｏｄｅｌ") == [] and named("ｔｏｔａｌ") == []
    assert plain_key("телефон") == "телефон"  # a word of another script: as written


@pytest.mark.parametrize(("text", "docs"), [
    ('{"a": 4111, "b": 1111, "c": 1111, "d": 1111}', [(0, 44)]),
    ('  ["4111", "1111", "1111", "1111"]\n', [(2, 34)]),
    ('Here: ["617", "555", "0143"] thanks', [(6, 28)]),
    ('see [1] and [2], or {"x": 1} then [3, 4]', [(34, 40)]),
    ("no brackets at all, 617 555 0143", []),
    ("[link](http://x.io) and [text]", []),
])
def test_json_documents_in_content(text: str, docs: list[tuple[int, int]]) -> None:
    from proxy.nlp.json46 import json_docs

    assert json_docs(text) == docs


def test_json_inside_a_json_string_maps_back_to_the_escaped_characters() -> None:
    from proxy.nlp.json46 import inner_docs

    text = json.dumps({"event": json.dumps({"ssn": {"area": 536, "group": 90, "serial": 4399}},
                                           separators=(",", ":"))}, separators=(",", ":"))
    [(inner, at)] = inner_docs(text)
    assert json.loads(inner) == {"ssn": {"area": 536, "group": 90, "serial": 4399}}
    a = inner.index("4399")
    assert text[at[a]:at[a + 4]] == "4399"
    assert inner_docs('{"msg": "[not json"}') == [] and inner_docs('{"a": "b"}') == []


@pytest.mark.parametrize(("key", "rank"), [
    ("area", 0), ("exchange", 50), ("line", 99), ("group", 50), ("serial", 99), ("rest", 99), ("last", 99),
    ("first6", 0), ("last4", 99), ("middle", 50), ("part1", 1), ("part_2", 2), ("p3", 3), ("2", 2),
    ("card_rest", 99), ("areaCode", 0), ("lineNumber", 99), ("name", None), ("total", None), ("phone_model", None),
])
def test_part_key_ranks(key: str, rank: int | None) -> None:
    from proxy.nlp.json46 import key_rank

    assert key_rank(key) == rank


def test_the_type_key_heads_its_parts() -> None:
    from proxy.nlp.json46 import key_rank

    assert key_rank("ssn", frozenset({"ssn"})) == 0 and key_rank("ssn2", frozenset({"ssn"})) == 2


def _readings(text: str, how: int = JSON) -> list[tuple[str, list[str]]]:
    return [(k.text, [text[a:b] for _, a, b in k.pieces]) for k in keyed_values([text], (), [how], GROUP_ENTITIES)
            if k.pieces]


@pytest.mark.parametrize(("text", "reading", "pieces"), [
    ('{"rest": "904399", "ssn": "536"}', "ssn: 536-90-4399", ["904399", "536"]),
    ('{"phone": {"line": "0143", "exchange": "555", "area": "617"}}', "phone: 617-555-0143", ["0143", "555", "617"]),
    ('{"phone": {"area": "617", "line": "0143", "exchange": "555"}}', "phone: 617-555-0143", ["617", "0143", "555"]),
    ('{"last": "1111 1111", "card": "4111 1111"}', "credit card: 4111-1111-1111-1111", ["1111 1111", "4111 1111"]),
    ('{"ssn": {"serial": "4399", "area": "536", "group": "90"}}', "ssn: 536-90-4399", ["4399", "536", "90"]),
])
def test_keyed_parts_are_read_in_the_order_their_keys_name(text: str, reading: str, pieces: list[str]) -> None:
    for how in (JSON, 0):  # a JSON text, and a message's content that is JSON as a whole
        assert (reading, pieces) in _readings(text, how), _readings(text, how)


@pytest.mark.parametrize("key", ["ＳＳＮ", "ѕѕn", "s\u200bsn"])
def test_a_keyed_group_under_a_key_however_spelt(key: str) -> None:
    text = json.dumps({key: {"area": 536, "group": 90, "serial": 4399}}, ensure_ascii=False)
    assert ("ssn: 536-90-4399", ["536", "90", "4399"]) in _readings(text)
    split = json.dumps({"ＳＳＮ": "536", "ｒｅｓｔ": "904399"}, ensure_ascii=False)
    assert ("ssn: 536-90-4399", ["536", "904399"]) in _readings(split)


@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
def test_a_keyed_group_in_a_json_string(separators: tuple[str, str]) -> None:
    for inner, reading in (({"ssn": {"area": 536, "group": 90, "serial": 4399}}, "ssn: 536-90-4399"),
                           ({"phone": {"area": "617", "exchange": "555", "line": "0143"}}, "phone: 617-555-0143")):
        text = json.dumps({"event": json.dumps(inner, separators=separators)}, separators=separators)
        found = _readings(text)
        assert any(r == reading for r, _ in found), found
        for r, pieces in found:
            assert all(p.isdigit() for p in pieces), (r, pieces)  # on the digits as sent, not on the escapes


@pytest.mark.parametrize("text", [
    '{"order": "536", "ssn_last4": "4399"}', '{"start": 1024, "end": 2048, "middle": 1536}',
    '{"phone": {"model": "Pixel 8", "year": 2023, "storage": 128}}', '{"part2": "beta", "part1": "alpha"}',
    '{"area": "north", "line": "blue", "exchange": "NYSE"}', '{"line": 42, "column": 7, "file": "main.py"}',
    json.dumps({"event": json.dumps({"level": "info", "ms": 532, "status": 200})}),
    '{"ssn": {"serial": "0000", "area": "536", "group": "90"}}',
])
def test_ordinary_json_gives_no_keyed_reading(text: str) -> None:
    assert _readings(text) == [] and _readings(text, 0) == []


def _joints(text: str, how: int = 0) -> list[str]:
    from proxy.guard.json46 import content_joints  # (the checks read it beside `sibling_joints`)

    return [j.text for j in content_joints([text], [how], 100, None)]


@pytest.mark.parametrize(("text", "joint"), [
    ('{"a": 4111, "b": 1111, "c": 1111, "d": 1111}', "4111 1111 1111 1111"),
    ('["4111", "1111", "1111", "1111"]', "4111 1111 1111 1111"),
    ('Here: ["617", "555", "0143"] thanks', "617 555 0143"),
    ('{"a": "project", "b": "falcon"}', "project falcon"),
    (json.dumps({"log": json.dumps({"a": 4111, "b": 1111, "c": 1111, "d": 1111})}), "4111 1111 1111 1111"),
    (json.dumps({"event": json.dumps({"a": "project", "b": "falcon"})}), "project falcon"),
])
def test_json_in_content_is_read_as_a_json_texts_values(text: str, joint: str) -> None:
    from proxy.guard.json46 import content_joints

    assert joint not in [j.text for j in sibling_joints([text], (), [0], 100)]  # a JSON text's reading only
    joints = [j for j in content_joints([text], [0], 100, None) if j.text == joint]
    assert joints, _joints(text)
    for j in joints:  # each piece on the characters as sent
        for i, start, at, length in j.pieces:
            assert i == 0 and text[start:start + length] == j.text[at:at + length]


def test_json_in_a_json_string_of_a_json_text() -> None:
    text = json.dumps({"log": json.dumps({"a": 4111, "b": 1111, "c": 1111, "d": 1111})})
    assert "4111 1111 1111 1111" in _joints(text, JSON)
    assert "4111 1111 1111 1111" not in _joints('4111, \\"b\\": 1111, \\"c\\": 1111, \\"d\\": 1111}"}', JSON_IN_STRING)


@pytest.mark.parametrize("text", ["Call me at 617 555 0143.", "no json [here] at all", "x = {1, 2}"])
def test_prose_without_json_gives_no_joint(text: str) -> None:
    assert _joints(text) == []
