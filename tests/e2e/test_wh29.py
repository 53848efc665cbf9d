"""Issue 12, atk28 F22 and F05 (`proxy.guard.wh29`), end to end through the official openai SDK under the shipped
default policy: what the mock provider received. Warehouse query results (the columns in a schema, the values in
positional rows) as tool results lose their SSNs and phone numbers; a result whose columns name nothing goes as sent.
An MCP-shaped result of `lookup_employee_ssn`, a plural `list_member_phones`, `text_user {"to": ...}` and
`update_member_ssn {"new": ...}` are read with the call's name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, SSN2, PHONE, PHONE2 = "372418809", "651203378", "7735550162", "3125550177"


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SHIPPED})


def _call(name: str, args: dict[str, Any], n: int) -> dict[str, Any]:
    return {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}


BIGQUERY = json.dumps({"schema": {"fields": [{"name": "member", "type": "STRING"}, {"name": "ssn", "type": "STRING"},
                                             {"name": "mobile", "type": "STRING"}]},
                       "rows": [{"f": [{"v": "Ana Ortiz"}, {"v": SSN}, {"v": PHONE}]}], "jobComplete": True})
SNOWFLAKE = json.dumps({"resultSetMetaData": {"rowType": [{"name": "TAXPAYER_ID"}, {"name": "HOME_PHONE"}]},
                        "data": [[SSN2, PHONE2]]})
SPLIT = json.dumps({"columns": ["plan", "social_security_number"], "index": [0], "data": [["gold", SSN]]})
CLEAN = json.dumps({"meta": [{"name": "order_id", "type": "UInt64"}, {"name": "count", "type": "UInt32"},
                             {"name": "created_at", "type": "DateTime"}],
                    "data": [["482913077", "12", "2024-12-05 10:00:00"]], "rows": 1})


MCP = '{"content": [{"type": "text", "text": "%s"}]}'


def test_chat_warehouse_results_and_mcp_results(shipped: Proxy, mock: Mock) -> None:
    oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "Who joined this week?"},
        {"role": "assistant", "content": None, "tool_calls": [
            _call("run_query", {"query_id": "weekly"}, 1), _call("run_query", {"query_id": "tax"}, 2),
            _call("export_frame", {}, 3), _call("run_query", {"query_id": "orders"}, 4),
            _call("lookup_employee_ssn", {}, 5), _call("list_member_phones", {}, 6)]},
        {"role": "tool", "tool_call_id": "call_1", "content": BIGQUERY},
        {"role": "tool", "tool_call_id": "call_2", "content": SNOWFLAKE},
        {"role": "tool", "tool_call_id": "call_3", "content": SPLIT},
        {"role": "tool", "tool_call_id": "call_4", "content": CLEAN},
        {"role": "tool", "tool_call_id": "call_5", "content": MCP % SSN2},
        {"role": "tool", "tool_call_id": "call_6", "content": json.dumps({"result": [PHONE2]})},
        {"role": "assistant", "content": None, "tool_calls": [
            _call("text_user", {"to": PHONE, "message": "Your table is ready"}, 7),
            _call("update_member_ssn", {"new": SSN2}, 8)]},
        {"role": "tool", "tool_call_id": "call_7", "content": "sent"},
        {"role": "tool", "tool_call_id": "call_8", "content": "ok"}])
    m = mock.state.requests[-1].body["messages"]
    results = [m[k]["content"] for k in range(2, 8)]
    for k, leaked in enumerate(results[:3]):
        assert [v for v in (SSN, SSN2, PHONE, PHONE2) if v in leaked] == [], (k, leaked)
    assert json.loads(results[0])["rows"][0]["f"][0]["v"] != "Ana Ortiz"  # (a name: redacted before too)
    assert json.loads(results[2])["data"][0][0] == "gold"
    assert results[3] == CLEAN  # columns that name nothing
    assert SSN2 not in results[4] and json.loads(results[4])["content"][0]["type"] == "text"
    assert PHONE2 not in results[5]
    calls = [json.loads(c["function"]["arguments"]) for c in m[8]["tool_calls"]]
    assert PHONE not in json.dumps(calls[0]) and calls[0]["message"] == "Your table is ready"
    assert SSN2 not in json.dumps(calls[1])


def test_responses_mcp_result_and_warehouse_result(shipped: Proxy, mock: Mock) -> None:
    oai(shipped).responses.create(model="gpt-4o-mini", input=[  # type: ignore[arg-type]
        {"role": "user", "content": "Verify the member"},
        {"type": "function_call", "call_id": "c1", "name": "lookup_employee_ssn", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1",
         "output": json.dumps({"content": [{"type": "text", "text": SSN}], "isError": False})},
        {"type": "function_call", "call_id": "c2", "name": "run_query", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c2", "output": SNOWFLAKE}])
    items = mock.state.requests[-1].body["input"]
    assert SSN not in items[2]["output"]
    assert SSN2 not in items[4]["output"] and PHONE2 not in items[4]["output"]
