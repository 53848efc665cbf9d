"""Issue 12, atk28 F22 and F05 (`proxy.guard.wh29`).

F22: query results in the shapes data-warehouse APIs return (the column names in a schema, the values in positional
rows: BigQuery, Snowflake, Databricks, ClickHouse JSONCompact, Athena, Redshift Data API, pandas `orient="split"`,
Google Charts DataTable) went up with their SSNs and phone numbers, as a tool's result and pasted as a user's message.
Each cell is now read under its column's name. A result whose columns name nothing (`order_id`, `count`, `created_at`)
goes as sent.

F05: a tool result in the MCP `CallToolResult` shape (`{"content": [{"type": "text", "text": ...}]}`), plural type
words in a tool's name (`get_ssns`), `text_customer {"to": ...}` and `set_customer_ssn {"new": ...}` are read with the
call's name. The values here are not the reproducers' (held out)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24, tool26, wh29
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}
SSN, SSN2, PHONE, PHONE2 = "372418809", "651-20-3378", "7735550162", "3125550177"


def _split(cols: list[str], rows: list[list[Any]]) -> str:
    return json.dumps({"columns": cols, "index": list(range(len(rows))), "data": rows})


# (a result's shape, with the columns `cols` and the rows `rows`)
SHAPES: dict[str, Any] = {
    "bigquery": lambda cols, rows: json.dumps({"kind": "bigquery#queryResponse", "schema": {"fields": [
        {"name": c, "type": "STRING", "mode": "NULLABLE"} for c in cols]}, "rows": [
        {"f": [{"v": str(v)} for v in r]} for r in rows], "totalRows": str(len(rows)), "jobComplete": True}),
    "snowflake": lambda cols, rows: json.dumps({"resultSetMetaData": {"numRows": len(rows), "format": "jsonv2",
        "rowType": [{"name": c.upper(), "type": "text", "nullable": True} for c in cols]},
        "data": [[str(v) for v in r] for r in rows], "code": "090001", "statementHandle": "01b2-0000"}),
    "databricks": lambda cols, rows: json.dumps({"statement_id": "01ef", "status": {"state": "SUCCEEDED"},
        "manifest": {"format": "JSON_ARRAY", "schema": {"column_count": len(cols), "columns": [
            {"name": c, "type_name": "STRING", "position": k} for k, c in enumerate(cols)]}},
        "result": {"chunk_index": 0, "row_count": len(rows), "data_array": [[str(v) for v in r] for r in rows]}}),
    "clickhouse": lambda cols, rows: json.dumps({"meta": [{"name": c, "type": "String"} for c in cols],
        "data": rows, "rows": len(rows), "statistics": {"elapsed": 0.001, "rows_read": 3}}),
    "athena": lambda cols, rows: json.dumps({"UpdateCount": 0, "ResultSet": {"Rows": [
        {"Data": [{"VarCharValue": str(v)} for v in r]} for r in [cols, *rows]], "ResultSetMetadata": {
        "ColumnInfo": [{"CatalogName": "hive", "Name": c, "Label": c, "Type": "varchar"} for c in cols]}}}),
    "athena_no_info": lambda cols, rows: json.dumps({"ResultSet": {"Rows": [
        {"Data": [{"VarCharValue": str(v)} for v in r]} for r in [cols, *rows]]}}),
    "redshift": lambda cols, rows: json.dumps({"ColumnMetadata": [{"name": c, "label": c, "typeName": "varchar"}
        for c in cols], "Records": [[{"longValue": v} if isinstance(v, int) else {"stringValue": v} for v in r]
        for r in rows], "TotalNumRows": len(rows)}),
    "pandas_split": lambda cols, rows: _split(cols, rows),
    "charts": lambda cols, rows: json.dumps({"cols": [{"id": c[:1], "label": c, "type": "string"} for c in cols],
        "rows": [{"c": [{"v": v} for v in r]} for r in rows]}),
    "wrapped": lambda cols, rows: json.dumps({"ok": True, "result": json.loads(_split(cols, rows))}),
}


def test_cells_take_their_columns_names() -> None:
    for shape, make in SHAPES.items():
        text = make(["customer", "social_security_number", "mobile"], [["Ana Ortiz", SSN, PHONE]])
        got = {text[a:b]: name.lower() for a, b, name in wh29.column_cells(text)}
        assert got == {"Ana Ortiz": "customer", SSN: "social_security_number", PHONE: "mobile"}, shape


def test_cells_nothing_without_a_schema_or_when_the_parse_disagrees() -> None:
    assert wh29.column_cells('{"data": [["a", "372418809"]]}') == []
    assert wh29.column_cells('{"columns": ["ssn"], "data": [["372418809"]') == []  # not JSON
    assert wh29.column_cells('{"columns": ["x", "ssn"], "rows": 3}') == []


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return body


def _tool_chat(name: str, result: str, args: str = "{}") -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "How many customers joined this week?"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": args}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": result}]}


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_warehouse_results_as_a_tool_result(guard: Guard, shape: str) -> None:
    result = SHAPES[shape](["full_name", "ssn", "Phone Number", "plan"],
                           [["Ana Ortiz", SSN, PHONE, "gold"], ["Li Wei", SSN2, PHONE2, "basic"]])
    body = await _sent(guard, CHAT, _tool_chat("run_saved_query", result, '{"query_id": "weekly_joins"}'))
    sent = body["messages"][2]["content"]
    assert [v for v in (SSN, SSN2, PHONE, PHONE2) if v in sent] == [], sent
    assert "gold" in sent and "basic" in sent
    assert json.loads(sent).keys() == json.loads(result).keys()  # still JSON, its shape kept


@pytest.mark.parametrize("shape", ["snowflake", "clickhouse", "pandas_split", "bigquery"])
async def test_warehouse_results_pasted_by_a_user(guard: Guard, shape: str) -> None:
    result = SHAPES[shape](["id", "tel", "taxpayer_id"], [["17", PHONE2, SSN]])
    body = await _sent(guard, CHAT, {"model": "m", "messages": [{"role": "user", "content": result}]})
    sent = body["messages"][0]["content"]
    assert PHONE2 not in sent and SSN not in sent, sent


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_results_whose_columns_name_nothing_go_as_sent(guard: Guard, shape: str) -> None:
    # (not `ssid`: Presidio's SSN recognizer takes it as a context word, so Athena's header row in the text reads so
    # before this module too)
    result = SHAPES[shape](["order_id", "count", "created_at", "network", "amount_cents"],
                           [["482913077", "12", "2024-12-05T10:00:00Z", "HomeNet-5G", "129900"],
                            ["590112346", "3", "2024-12-06T08:30:00Z", "Office", "4500"]])
    body = await _sent(guard, CHAT, _tool_chat("run_saved_query", result))
    assert body["messages"][2]["content"] == result


MCP = '{"content": [{"type": "text", "text": "%s"}], "isError": false}'


def _claude(name: str, result: str) -> dict[str, Any]:
    return {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Look up my record"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": result}]}]}


def _responses(name: str, result: str) -> dict[str, Any]:
    return {"model": "m", "input": [
        {"role": "user", "content": "Look up my record"},
        {"type": "function_call", "call_id": "c1", "name": name, "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": result}]}


def _result(kind: str, body: dict[str, Any]) -> str:
    if kind == CHAT:
        return body["messages"][2]["content"]  # type: ignore[no-any-return]
    if kind == MESSAGES:
        return body["messages"][2]["content"][0]["content"]  # type: ignore[no-any-return]
    return body["input"][2]["output"]  # type: ignore[no-any-return]


ROUTES = {CHAT: _tool_chat, MESSAGES: _claude, RESPONSES: _responses}


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "value"), [("lookup_employee_ssn", SSN), ("get_member_phone", PHONE2),
                                             ("fetch_patient_mobile", "+1 646 555 0114")])
async def test_mcp_result_shape_read_with_the_calls_name(guard: Guard, kind: str, name: str, value: str) -> None:
    result = MCP % value
    sent = _result(kind, await _sent(guard, kind, ROUTES[kind](name, result)))
    assert value not in sent and json.loads(sent)["content"][0]["type"] == "text", sent


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "result", "secrets"), [
    ("list_employee_ssns", json.dumps([SSN, SSN2]), [SSN, SSN2]),
    ("fetchSSNs", json.dumps({"data": [SSN]}), [SSN]),
    ("get_customer_phones", json.dumps({"result": [PHONE, PHONE2]}), [PHONE, PHONE2]),
])
async def test_plural_type_words_in_a_tools_name(guard: Guard, kind: str, name: str, result: str,
                                                 secrets: list[str]) -> None:
    sent = _result(kind, await _sent(guard, kind, ROUTES[kind](name, result)))
    assert [s for s in secrets if s in sent] == [], sent


@pytest.mark.parametrize(("name", "args", "secret"), [
    ("text_user", {"to": PHONE2, "message": "Your table is ready"}, PHONE2),
    ("textCustomer", {"to": "+1 773 555 0162"}, "773 555 0162"),
    ("update_member_ssn", {"old": SSN, "new": SSN2}, SSN2),
    ("change_phone", {"current": PHONE, "new": PHONE2}, PHONE2),
])
async def test_a_calls_own_arguments(guard: Guard, name: str, args: dict[str, Any], secret: str) -> None:
    body = await _sent(guard, CHAT, _tool_chat(name, "done", json.dumps(args)))
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert secret not in json.dumps(sent) and list(sent) == list(args), sent
    if "message" in args:
        assert sent["message"] == args["message"]


def test_cues() -> None:
    assert tool26.result_cue("get_ssns") == "ssn" and tool26.result_cue("list_customer_phones") == "phone"
    assert tool26.args_cue("text_customer") == "phone" and tool26.args_cue("textUser") == "phone"
    assert tool26.result_cue("getSSNs") == "ssn" and tool26.result_cue("get_ssn_counts") is None
    for name in ("count_phones", "summarize_text", "text_search", "get_cards_status", "get_text", "get_class_names"):
        assert tool26.args_cue(name) not in ("phone", "ssn") and tool26.result_cue(name) not in ("phone", "ssn"), name


LOOK_ALIKES = [  # (call, its arguments, its result): all go up as sent
    ("get_page_text", "{}", MCP % "Invoice 482913077 paid"),
    ("get_order_total", "{}", MCP % "372418809"),
    ("translate_text", '{"text": "hola", "to": "en"}', "hello"),
    ("set_order_status", '{"old": "3125550177", "new": "7735550162"}', "ok"),
    ("count_phones", "{}", '{"result": 482913077}'),
]


@pytest.mark.parametrize(("name", "args", "result"), LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, name: str, args: str, result: str) -> None:
    body = await _sent(guard, CHAT, _tool_chat(name, result, args))
    assert body["messages"][2]["content"] == result
    assert body["messages"][1]["tool_calls"][0]["function"]["arguments"] == args
