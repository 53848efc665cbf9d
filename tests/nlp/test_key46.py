"""key46: keyed parts outside JSON read as the JSON joining reads them (atk45 F01), keys beside their cells and
attributes for `patterns:` (F02), the cheap gate, and a stream's hold over a record's lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from proxy.guard.keyed import GROUP_ENTITIES
from proxy.nlp.key46 import hint, key_pairs, keyed_readings, pair_findings, stream_open

ENTITIES = frozenset(GROUP_ENTITIES)
SSN, PHONE, CARD = "ssn: 536-90-4399", "phone: 617-555-0143", "credit card: 4111-1111-1111-1111"

# (text, the joined reading, the values as sent that are its pieces)
JOINED = {
    "yaml": ("Here is the record:\nssn:\n  area: 536\n  group: 90\n  serial: 4399\nthanks", SSN, ["536", "90", "4399"]),
    "yaml-quoted": ('phone:\n  area: "617"\n  exchange: "555"\n  line: "0143"', PHONE, ["617", "555", "0143"]),
    "toml": ('[phone]\narea = "617"\nexchange = "555"\nline = "0143"', PHONE, ["617", "555", "0143"]),
    "hcl": ("ssn {\n  area   = 536\n  group  = 90\n  serial = 4399\n}", SSN, ["536", "90", "4399"]),
    "dotted": ("ssn.area = 536\nssn.group = 90\nssn.serial = 4399", SSN, ["536", "90", "4399"]),
    "properties": ("phone.area=617\nphone.exchange=555\nphone.line=0143", PHONE, ["617", "555", "0143"]),
    "env": ("SSN_AREA=536\nSSN_GROUP=90\nSSN_SERIAL=4399", SSN, ["536", "90", "4399"]),
    "redis": ("SET ssn:area 536\nSET ssn:group 90\nSET ssn:serial 4399", SSN, ["536", "90", "4399"]),
    "redis-hash": ("HSET phone area 617\nHSET phone exchange 555\nHSET phone line 0143", PHONE, ["617", "555", "0143"]),
    "headers": ("X-Phone-Area: 617\nX-Phone-Exchange: 555\nX-Phone-Line: 0143", PHONE, ["617", "555", "0143"]),
    "query": ("GET /lookup?area=617&exchange=555&line=0143", PHONE, ["617", "555", "0143"]),
    "kwargs": ('p = Phone(area=617, exchange=555, line="0143")', PHONE, ["617", "555", "0143"]),
    "logfmt": ("area=617 exchange=555 line=0143", PHONE, ["617", "555", "0143"]),
    "xml": ("<ssn><area>536</area><group>90</group><serial>4399</serial></ssn>", SSN, ["536", "90", "4399"]),
    "xml-attributes": ('<phone area="617" exchange="555" line="0143"/>', PHONE, ["617", "555", "0143"]),
    "python": ("{'phone': ['617', '555', '0143']}", PHONE, ["617", "555", "0143"]),
    "yaml-ssn-halves": ('ssn:\n  first: "536"\n  rest: "904399"', SSN, ["536", "904399"]),
    "yaml-ssn-keys": ('ssn_first5: "53690"\nssn_last4: "4399"', SSN, ["53690", "4399"]),
    "yaml-phone-keys": ('phone_area: "617"\nphone_number: "5550143"', PHONE, ["617", "5550143"]),
    "yaml-card": ('card:\n  first: "4111 1111"\n  last: "1111 1111"', CARD, ["4111 1111", "1111 1111"]),
    "yaml-card-parts": ("card:\n  part1: 4111\n  part2: 1111\n  part3: 1111\n  part4: 1111", CARD,
                        ["4111", "1111", "1111", "1111"]),
    "card-keys": ('card_first6: "411111"\ncard_middle: "111111"\ncard_last4: "1111"', CARD,
                  ["411111", "111111", "1111"]),
    "csv-rows": ("card_part1,4111\ncard_part2,1111\ncard_part3,1111\ncard_part4,1111", CARD,
                 ["4111", "1111", "1111", "1111"]),
    "markdown-keys": ("| field | value |\n|---|---|\n| ssn area | 536 |\n| ssn group | 90 |\n| ssn serial | 4399 |",
                      SSN, ["536", "90", "4399"]),
    "markdown-columns": ("| Name | Area code | Number |\n|---|---|---|\n| Bob | 617 | 555-0143 |", PHONE,
                         ["617", "555-0143"]),
    "csv-columns": ("area_code,number\n617,555-0143", PHONE, ["617", "555-0143"]),
    "latex": ("\\begin{tabular}{ll}\nArea code & Number \\\\\n617 & 555-0143 \\\\\n\\end{tabular}", PHONE,
              ["617", "555-0143"]),
    "ssn-halves": ("| SSN (first 5) | SSN (last 4) |\n|---|---|\n| 536-90 | 4399 |", SSN, ["536-90", "4399"]),
    "card-halves": ("| Card (first 8) | Card (last 8) |\n|---|---|\n| 4111 1111 | 1111 1111 |", CARD,
                    ["4111 1111", "1111 1111"]),
    "xml-mail": ("<email><local>jane.doe</local><domain>example.com</domain></email>", "email: jane.doe@example.com",
                 ["jane.doe", "example.com"]),
    "xml-user": ("<account><user>jane.doe</user><domain>example.com</domain></account>",
                 "email: jane.doe@example.com", ["jane.doe", "example.com"]),
    "html-mail": ("<table><tr><th>user</th><th>domain</th></tr><tr><td>jane.doe</td><td>example.com</td></tr></table>",
                  "email: jane.doe@example.com", ["jane.doe", "example.com"]),
}


@pytest.mark.parametrize("name", sorted(JOINED))
def test_keyed_parts_read_as_one_value(name: str) -> None:
    text, reading, parts = JOINED[name]
    assert hint(text)
    found = [k for k in keyed_readings([text], ENTITIES) if k.text == reading]
    assert found, [k.text for k in keyed_readings([text], ENTITIES)]
    assert [text[a:b] for _, a, b in found[0].pieces] == parts


LOOKALIKES = [
    "server:\n  area: 51\n  line: 80\n  group: 10",
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n"
    "        - name: web\n          image: nginx:1.25\n          ports:\n            - containerPort: 8080",
    "product_id,warehouse,count\n5550143,617,12\n5550198,212,3",
    "| metric | p50 | p99 |\n|---|---|---|\n| latency ms | 617 | 5550 |",
    '<rect x="617" y="555" width="143" height="80"/>',
    "GET /items?page=617&size=555&offset=0143",
    "[server]\nport = 8080\ntimeout = 30\nworkers = 4",
    "DB_PORT=5432\nDB_POOL=20\nDB_TIMEOUT=30",
    "level=info status=200 duration=617 bytes=5550143",
    'resource "aws_instance" "web" {\n  count = 3\n  cpu = 2\n  memory = 4096\n}',
    "| package | version |\n|---|---|\n| numpy | 1.26.4 |\n| scipy | 1.11.3 |",
    "<order><id>536</id><qty>90</qty><sku>4399</sku></order>",
    "plt.figure(figsize=12, dpi=300, num=4)",
    "SET counter:visits 4111\nSET counter:errors 1111",
    "{'width': '617', 'height': '555', 'depth': '0143'}",
    "schedule:\n  hour: 10\n  minute: 30\n  second: 0",
    "lat,lon\n42.3601,-71.0589",
    "X-RateLimit-Limit: 5000\nX-RateLimit-Remaining: 4999\nX-RateLimit-Reset: 1700000000",
    "| key | value |\n|---|---|\n| area | 51 |\n| line | 80 |\n| group | 10 |",
    "\\begin{tabular}{lcc}\nModel & Acc & F1 \\\\\nBERT & 91.2 & 88.4 \\\\\n\\end{tabular}",
]


@pytest.mark.parametrize("case", range(len(LOOKALIKES)))
def test_lookalikes_join_nothing(case: int) -> None:
    assert not [k.text for k in keyed_readings([LOOKALIKES[case]], ENTITIES) if k.pieces]


def test_gate_passes_prose_by() -> None:
    for text in ("The meeting moved to Tuesday; bring the slides and the budget.", "Hello, how are you?",
                 "See the README for details - version two ships soon."):
        assert not hint(text)
        assert keyed_readings([text], ENTITIES) == []


@dataclass(frozen=True)
class _Found:
    kind: str
    start: int
    end: int


def _find(text: str) -> list[_Found]:
    return [_Found("codenames", m.start(), m.end())
            for m in re.finditer(r"(?i)\bproject[\W_]*(falcon|osprey)\b", text)]


@pytest.mark.parametrize("text", ["project,owner\nfalcon,ops", "| project | owner |\n|---|---|\n| falcon | ops |",
                                  '<project name="falcon"/>', "<meta project='osprey' stage=\"beta\"/>",
                                  "project\towner\nosprey\tdata",
                                  "\\begin{tabular}{ll}\nproject & owner \\\\\nfalcon & ops \\\\\n\\end{tabular}"])
def test_codename_read_with_its_column_or_element(text: str) -> None:
    assert key_pairs(text)
    found = pair_findings([text], [[]], _find)[0]
    assert found and any(text[f.start:f.end].lower() in ("falcon", "osprey") for f in found), found


@pytest.mark.parametrize("text", ["| project | owner |\n|---|---|\n| heron | falcon |",
                                  '<team name="falcon" size="4"/>', "project,owner\nheron,falcon"])
def test_codename_under_another_column_is_no_match(text: str) -> None:
    assert pair_findings([text], [[]], _find) == [[]]


def test_stream_holds_a_record_while_its_next_member_may_follow() -> None:
    text = "Here is the record:\nssn:\n  area: 536\n  group: 90\n"
    assert all(stream_open(text, m.end()) for m in re.finditer("\n", text))
    done = text + "Thanks, see you."
    assert not stream_open(done, len(text))
    assert not stream_open("Total: 5\nThanks for asking, see you.", 9)
    assert not stream_open("Hello, world\nHow are you, friend\n", 13)
    table = "| a | b |\n|---|---|\n| 617 | 555 |\n"
    assert stream_open(table, len(table)) and not stream_open(table + "ok\n", len(table))
    assert stream_open("area_code,number\n617,555-0143\n", 17)
