"""pat49 (atk49 F05): `patterns:` reads a query-output table's column header with each cell under it, as it reads a
CSV or Markdown table's (`proxy.nlp.key46.pair_findings` over `proxy.nlp.pat49.table_pairs`): MySQL client, psql,
sqlite3 `.mode column`, PowerShell `Format-Table`, `+====+` grids, Jira, MediaWiki, and JSON table shapes (pandas
`orient="split"`, Google Sheets `values`, BigQuery `schema.fields` + `rows[].f[].v`, and others). A cell under another
column, numbers, prices and ordinary tool calls: no finding."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from proxy.nlp.key46 import pair_findings
from proxy.nlp.pat49 import table_open


@dataclass(frozen=True)
class _Found:
    kind: str
    start: int
    end: int


def _find(text: str) -> list[_Found]:
    return [_Found("codenames", m.start(), m.end())
            for m in re.finditer(r"(?i)\bproject[\W_]*(falcon|osprey)\b", text)]


J = json.dumps
CODENAMES = {
    "mysql": "+---------+-------+\n| project | owner |\n+---------+-------+\n| falcon  | ops   |\n+---------+-------+",
    "psql": "Summarize this table:\n project | owner\n---------+-------\n falcon  | ops\n(1 row)",
    "sqlite column": "project  owner\n-------  -----\nfalcon   ops",
    "jira": "||project||owner||\n|falcon|ops|",
    "pandas split": J({"columns": ["project", "owner"], "data": [["falcon", "ops"]]}),
    "sheets values": J({"values": [["project", "owner"], ["falcon", "ops"]]}),
    "bigquery rows": J({"schema": {"fields": [{"name": "project"}, {"name": "owner"}]},
                        "rows": [{"f": [{"v": "falcon"}, {"v": "ops"}]}]}),
    # (held out: other values, column positions, layouts)
    "mysql middle": "+----+---------+------+\n| id | project | lead |\n+----+---------+------+\n"
                    "|  7 | osprey  | kim  |\n+----+---------+------+\n1 row in set (0.00 sec)",
    "psql rows": " id | project\n----+---------\n  1 | heron\n  2 | osprey\n(2 rows)",
    "powershell": "Name    Project Status\n----    ------- ------\nweb01   Falcon  Running",
    "grid": "+---------+-------+\n| project | owner |\n+=========+=======+\n| osprey  | data  |\n+---------+-------+",
    "jira mixed": "||Team||Project||\n|red|osprey|",
    "mediawiki": "{| class=\"wikitable\"\n|-\n! Project !! Lead\n|-\n| Osprey || Ana\n|}",
    "gviz": J({"cols": [{"id": "A", "label": "project"}, {"id": "B", "label": "lead"}],
               "rows": [{"c": [{"v": "osprey"}, {"v": "ana"}]}]}),
    "athena": J({"ResultSet": {"Rows": [
        {"Data": [{"VarCharValue": "project"}, {"VarCharValue": "owner"}]},
        {"Data": [{"VarCharValue": "osprey"}, {"VarCharValue": "ops"}]}]}}),
    "snowflake": J({"resultSetMetaData": {"rowType": [{"name": "PROJECT"}, {"name": "OWNER"}]},
                    "data": [["OSPREY", "ops"]]}),
    "databricks": J({"manifest": {"schema": {"columns": [{"name": "id"}, {"name": "project"}]}},
                     "result": {"data_array": [["1", "osprey"]]}}),
}


@pytest.mark.parametrize("name", sorted(CODENAMES))
def test_codename_under_its_column_in_a_query_output_table(name: str) -> None:
    text = CODENAMES[name]
    found = pair_findings([text], [[]], _find)[0]
    assert any(text[f.start:f.end].lower() in ("falcon", "osprey") for f in found), found
    assert any(text[f.start:f.end].lower() == "project" for f in found), found


LOOKALIKES = {
    "psql other column": " project | owner\n---------+-------\n heron   | falcon\n(1 row)",
    "mysql numbers": "+----+-----+-------+\n| id | qty | price |\n+----+-----+-------+\n|  1 |  12 |  9.99 |\n"
                     "+----+-----+-------+",
    "sqlite prices": "sku   qty  price\n----  ---  -----\nA-1   12   9.99",
    "powershell processes": "Handles  NPM(K)    PM(K)      Id ProcessName\n"
                            "-------  ------    -----      -- -----------\n"
                            "    215      14     3012    4242 falcon",
    "jira team": "||team||owner||\n|falcon|ops|",
    "mediawiki team": "{|\n! team !! lead\n|-\n| falcon || ops\n|}",
    "sheets other column": J({"values": [["team", "project"], ["falcon", "heron"]]}),
    "pandas quantities": J({"columns": ["project", "qty"], "data": [["heron", 5]]}),
    "bigquery other column": J({"schema": {"fields": [{"name": "project"}, {"name": "owner"}]},
                                "rows": [{"f": [{"v": "heron"}, {"v": "falcon"}]}]}),
    "pandas owner": J({"columns": ["owner", "project"], "data": [["falcon", "heron"]]}),
    "tool arguments": J({"query": "select * from projects where owner = 'falcon'", "limit": 10}),
    "psql order numbers": " id | order_no | total\n----+----------+-------\n  1 | 555-0143 | 12.50\n(1 row)",
    "ruled owner": "project  owner\n-------  ------\nheron    falcon",
    "numbers": J([[1, 2, 3], [4, 5, 6]]),
    "prose": "The project has a falcon\n-- logo -- on the cover.",
}


@pytest.mark.parametrize("name", sorted(LOOKALIKES))
def test_lookalikes_no_match(name: str) -> None:
    assert pair_findings([LOOKALIKES[name]], [[]], _find) == [[]]


@pytest.mark.parametrize("name", ["grid", "mysql", "psql", "sqlite column", "powershell", "mediawiki"])
def test_stream_holds_a_table_line_while_its_next_line_may_follow(name: str) -> None:
    text = CODENAMES[name] if name != "psql" else CODENAMES[name].split("\n", 1)[1]
    lines = text.split("\n")
    # Every line end before the last row: held while the next line is not known yet and once it is.
    for n in range(1, len(lines) - 1):
        cut = len("\n".join(lines[:n])) + 1
        assert table_open(text[:cut], cut), (name, n)
        assert table_open(text, cut), (name, n)
    assert not table_open(text, len(lines[0]) + 1, past_hold=True)


def test_stream_cuts_prose_and_after_a_table() -> None:
    prose = "Hello there.\nThe plan is ready - see below.\nThanks\n"
    assert not any(table_open(prose, k) for k in range(1, len(prose) + 1))
    table = CODENAMES["mysql"] + "\n\nThat is all.\n"
    assert not table_open(table, table.index("\n\n") + 2)


NAMED = {  # (atk49 F05, the addendum: a record's `name` member read with the key it names)
    "xml child": "<project><name>falcon</name></project>",
    "pyproject": '[project]\nname = "falcon"\nversion = "0.1.0"',
    "json nested": "Check this:\n" + J({"project": {"name": "falcon"}}),
    "yaml nested": "project:\n  name: falcon",
    "env": "PROJECT_NAME=falcon",
    "json snake": J({"project_name": "falcon"}),
    "camel": "projectName: falcon",
    # (held out)
    "yaml title": "service:\n  project:\n    title: osprey\n  replicas: 2",
    "ini": "[Project]\nName=Osprey\nOwner=ana",
    "export": 'export PROJECT_TITLE="osprey"',
    "json label": J({"meta": {"project": {"label": "osprey"}}}),
    "xml title": "<Project><Title>Osprey</Title></Project>",
}
NAMED_LOOKALIKES = ["project:\n  owner: falcon", "team:\n  name: falcon", "PROJECT_OWNER=falcon",
                    J({"project": {"name": "heron"}}), "<team><name>falcon</name></team>",
                    J({"project_count": 3, "name": "falcon"}), '[project]\nname = "heron"\nversion = "1.2.3"']


@pytest.mark.parametrize("name", sorted(NAMED))
def test_codename_as_a_records_name_member(name: str) -> None:
    text = NAMED[name]
    found = pair_findings([text], [[]], _find)[0]
    assert any(text[f.start:f.end].lower() in ("falcon", "osprey") for f in found), found


@pytest.mark.parametrize("case", range(len(NAMED_LOOKALIKES)))
def test_named_lookalikes_no_match(case: int) -> None:
    assert pair_findings([NAMED_LOOKALIKES[case]], [[]], _find) == [[]]
