"""key46 end to end through the official openai and anthropic SDKs, under the shipped default policy with a codename
`patterns:` rule on input and output (atk45 F01, F02): a phone number, an SSN, a card or an e-mail address given as
keyed parts outside JSON (YAML, TOML, HCL, properties, env lines, Redis, query strings, keyword arguments, logfmt,
header lines, XML elements and attributes, Markdown/CSV/LaTeX tables, a Python literal) reaches the provider and the
client redacted, whole and streamed in 3-character chunks, as its JSON twin does; a codename as a table's cell under
its column's header or as an XML attribute is refused on input and withheld from answers. Config files, metrics
tables, SVG and query strings with numbers that make no such value go as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
RULE = '  patterns:\n    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
POLICY = DEFAULT_POLICY.replace("    threshold: 0.5\n\n# The model", "    threshold: 0.5\n" + RULE + "\n# The model") \
    + RULE


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    assert POLICY.count("codenames") == 2
    return proxy_factory(files={"policies/default.yaml": POLICY})


SSN, PHONE, CARD = ["536", "4399"], ["617", "555", "0143"], ["4111 1111", "1111 1111"]
REQUESTS = {
    "yaml": ("Here is the record:\nssn:\n  area: 536\n  group: 90\n  serial: 4399\nthanks", SSN),
    "toml": '[phone]\narea = "617"\nexchange = "555"\nline = "0143"',
    "xml": ("<ssn><area>536</area><group>90</group><serial>4399</serial></ssn>", SSN),
    "properties": "phone.area=617\nphone.exchange=555\nphone.line=0143",
    "env": ("SSN_AREA=536\nSSN_GROUP=90\nSSN_SERIAL=4399", SSN),
    "redis": ("SET ssn:area 536\nSET ssn:group 90\nSET ssn:serial 4399", SSN),
    "xml-attributes": '<phone area="617" exchange="555" line="0143"/>',
    "query": "GET /lookup?area=617&exchange=555&line=0143",
    "kwargs": 'p = Phone(area=617, exchange=555, line="0143")',
    "logfmt": "area=617 exchange=555 line=0143",
    "headers": "X-Phone-Area: 617\nX-Phone-Exchange: 555\nX-Phone-Line: 0143",
    "hcl": ("ssn {\n  area   = 536\n  group  = 90\n  serial = 4399\n}", SSN),
    "python": "{'phone': ['617', '555', '0143']}",
    "yaml-card": ('card:\n  first: "4111 1111"\n  last: "1111 1111"', CARD),
    "card-keys": ('card_first6: "411111"\ncard_middle: "111111"\ncard_last4: "1111"', ["411111", "111111"]),
    "csv-card-rows": ("card_part1,4111\ncard_part2,1111\ncard_part3,1111\ncard_part4,1111", ["4111"]),
    "markdown-columns": "| Name | Area code | Number |\n|---|---|---|\n| Bob | 617 | 555-0143 |",
    "markdown-keys": ("| field | value |\n|---|---|\n| ssn area | 536 |\n| ssn group | 90 |\n| ssn serial | 4399 |",
                      SSN),
    "csv-columns": "area_code,number\n617,555-0143",
    "latex": "\\begin{tabular}{ll}\nArea code & Number \\\\\n617 & 555-0143 \\\\\n\\end{tabular}",
    "ssn-halves": ("| SSN (first 5) | SSN (last 4) |\n|---|---|\n| 536-90 | 4399 |", ["536-90", "4399"]),
    "card-halves": ("| Card (first 8) | Card (last 8) |\n|---|---|\n| 4111 1111 | 1111 1111 |", CARD),
    "xml-mail": ("<email><local>jane.doe</local><domain>example.com</domain></email>", ["jane.doe", "example.com"]),
    "html-mail": ("<table><tr><th>user</th><th>domain</th></tr><tr><td>jane.doe</td><td>example.com</td></tr></table>",
                  ["jane.doe", "example.com"]),
}


def _case(name: str) -> tuple[str, list[str]]:
    case = REQUESTS[name]
    return case if isinstance(case, tuple) else (case, PHONE)


def _leaks(got: str, parts: list[str]) -> bool:
    return all(p in got for p in parts)


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_keyed_parts_in_a_request(guarded: Proxy, mock: Mock, api: str, name: str) -> None:
    text, parts = _case(name)
    SEND[api](guarded, text)
    sent = user_text(mock)
    assert not _leaks(sent, parts) and sent != text, sent


ANSWERS = ["yaml", "xml-attributes", "markdown-columns", "toml", "card-halves", "xml-mail"]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("name", ANSWERS)
def test_keyed_parts_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str, name: str) -> None:
    text, parts = _case(name)
    for got in answers(guarded, mock, "Here you go:\n" + text + "\nAnything else?", api):
        assert not _leaks(got, parts), got
        assert got.startswith("Here you go:\n") and got.endswith("Anything else?"), got


CODENAMES = ["project,owner\nfalcon,ops", "| project | owner |\n|---|---|\n| falcon | ops |",
             '<project name="falcon"/>', "| id | project |\n|---|---|\n| 7 | Osprey |", "project\towner\nosprey\tdata"]


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(CODENAMES)))
def test_codename_under_its_column_or_in_an_attribute(guarded: Proxy, mock: Mock, api: str, case: int) -> None:
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, CODENAMES[case])
    assert mock.state.requests == []
    for stream in (False, True):
        mock.script(text="Sure:\n" + CODENAMES[case] + "\nAnything else?", chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "alcon" not in text and "sprey" not in text and "else" not in text, text


LOOKALIKES = [
    "server:\n  area: 51\n  line: 80\n  group: 10",
    "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n"
    "        - name: web\n          image: nginx:1.25\n          ports:\n            - containerPort: 8080",
    "product_id,warehouse,count\n5550143,617,12\n5550198,212,3",
    "| metric | p50 | p99 |\n|---|---|---|\n| latency ms | 617 | 5550 |",
    '<rect x="617" y="555" width="143" height="80"/>',
    "GET /items?page=617&size=555&offset=0143",
    "[server]\nport = 8080\ntimeout = 30\nworkers = 4",
    "<order><id>536</id><qty>90</qty><sku>4399</sku></order>",
    "{'width': '617', 'height': '555', 'depth': '0143'}",
    "| project | owner |\n|---|---|\n| heron | falcon |",
    '<team name="falcon" size="4"/>',
]


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_lookalikes_go_as_written(guarded: Proxy, mock: Mock, api: str) -> None:
    for text in LOOKALIKES:
        SEND[api](guarded, text)
        assert user_text(mock) == text
        assert answers(guarded, mock, text, api) == (text, text)
