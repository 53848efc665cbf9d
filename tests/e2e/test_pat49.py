"""pat49 (atk49 F05) end to end through the official openai and anthropic SDKs, under the shipped default policy with
a codename `patterns:` rule on input and output: a codename as a cell under its column's header in a query-output
table (MySQL client, psql, sqlite3 `.mode column`, Jira, PowerShell, a `+====+` grid, MediaWiki) is refused on input
and withheld from answers, whole and streamed in 3-character chunks; in a tool result's JSON table (pandas
`orient="split"`, Google Sheets `values`, BigQuery rows) it is refused. Such tables with the codename under another
column, numbers and prices go as written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import ERROR, SEND, answer_of, answers, oai, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
RULE = '  patterns:\n    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}\n'
POLICY = DEFAULT_POLICY.replace("    threshold: 0.5\n\n# The model", "    threshold: 0.5\n" + RULE + "\n# The model") \
    + RULE


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    assert POLICY.count("codenames") == 2
    return proxy_factory(files={"policies/default.yaml": POLICY})


TABLES = {
    "mysql": "+---------+-------+\n| project | owner |\n+---------+-------+\n| falcon  | ops   |\n+---------+-------+",
    "psql": " project | owner\n---------+-------\n falcon  | ops\n(1 row)",
    "sqlite": "project  owner\n-------  -----\nfalcon   ops",
    "jira": "||project||owner||\n|falcon|ops|",
    "powershell": "Name    Project Status\n----    ------- ------\nweb01   Osprey  Running",
    "grid": "+---------+-------+\n| project | owner |\n+=========+=======+\n| osprey  | data  |\n+---------+-------+",
    "mediawiki": "{| class=\"wikitable\"\n|-\n! Project !! Lead\n|-\n| Osprey || Ana\n|}",
    # a record's name member read with the key it names (the finding's addendum)
    "xml child": "<project><name>falcon</name></project>",
    "pyproject": '[project]\nname = "falcon"\nversion = "0.1.0"',
    "yaml nested": "project:\n  name: osprey",
    "env": "PROJECT_NAME=osprey",
}


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("name", sorted(TABLES))
def test_codename_in_a_query_output_table(guarded: Proxy, mock: Mock, api: str, name: str) -> None:
    table = TABLES[name]
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, "Summarize this table:\n" + table)
    assert mock.state.requests == []
    for stream in (False, True):
        mock.script(text="Here it is:\n" + table + "\nAnything else?", chunk_chars=3)
        text, end = answer_of(guarded, api, stream)
        assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
        assert "alcon" not in text and "sprey" not in text.lower() and "else" not in text, text


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_codename_as_a_json_records_name_member(guarded: Proxy, mock: Mock, api: str) -> None:
    """Requests and whole answers (a streamed answer's JSON document is not read so yet: the report's limit)."""
    doc = json.dumps({"project": {"name": "falcon"}})
    with pytest.raises(ERROR[api]):
        SEND[api](guarded, "Check this:\n" + doc)
    assert mock.state.requests == []
    mock.script(text="Here it is:\n" + doc + "\nAnything else?")
    text, end = answer_of(guarded, api, False)
    assert end == ("content_filter" if api == "chat" else "refusal"), (text, end)
    assert "alcon" not in text, text


def _tool_result(content: Any) -> list[Any]:
    call = {"id": "call_1", "type": "function", "function": {"name": "run_sql", "arguments": "{}"}}
    return [{"role": "user", "content": "Run the query and explain the result."},
            {"role": "assistant", "content": None, "tool_calls": [call]},
            {"role": "tool", "tool_call_id": "call_1", "content": json.dumps(content)}]


JSON_TABLES = {
    "pandas split": {"columns": ["project", "owner"], "data": [["falcon", "ops"]]},
    "sheets values": {"values": [["project", "owner"], ["falcon", "ops"]]},
    "bigquery rows": {"schema": {"fields": [{"name": "project"}, {"name": "owner"}]},
                      "rows": [{"f": [{"v": "falcon"}, {"v": "ops"}]}]},
}


@pytest.mark.parametrize("name", sorted(JSON_TABLES))
def test_codename_in_a_tool_results_json_table(guarded: Proxy, mock: Mock, name: str) -> None:
    with pytest.raises(openai.BadRequestError):
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=_tool_result(JSON_TABLES[name]))
    assert mock.state.requests == []


LOOKALIKES = [
    " project | owner\n---------+-------\n heron   | falcon\n(1 row)",
    "+----+-----+-------+\n| id | qty | price |\n+----+-----+-------+\n|  1 |  12 |  9.99 |\n+----+-----+-------+",
    "sku   qty  price\n----  ---  -----\nA-1   12   9.99",
    "||team||owner||\n|falcon|ops|",
    "team:\n  name: falcon\nproject:\n  owner: ops",
]


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_lookalikes_go_as_written(guarded: Proxy, mock: Mock, api: str) -> None:
    for text in LOOKALIKES:
        SEND[api](guarded, text)
        assert user_text(mock) == text
        assert answers(guarded, mock, text, api) == (text, text)


def test_json_lookalikes_go_as_written(guarded: Proxy, mock: Mock) -> None:
    for content in ({"columns": ["project", "owner"], "data": [["heron", "falcon"]]},
                    {"values": [["sku", "qty", "price"], ["A-1", 12, 9.99]]}):
        mock.script(text="ok")
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=_tool_result(content))
        assert json.loads(mock.last_body["messages"][2]["content"]) == content
