"""atk47 F04, F05, F06 (`proxy.guard.tool48`) end to end through the official SDKs under the shipped default policy:
custom tool calls' free-form input, MCP results, and tool results given as search results, documents, CSV or YAML
are read with the call's name, as function calls and their JSON results are (tool26). Answers: what the client got
(whole and streamed); requests: what the mock provider received. Look-alikes (an order's total, a quantity, an
ordinary call) go as sent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, PHONE = "536904399", "6175550143"


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SHIPPED})


def _resp(output: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-5",
            "output": output, "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10}}


def _custom(name: str, value: str, n: int = 1) -> dict[str, Any]:
    return {"type": "custom_tool_call", "id": f"ctc_{n}", "call_id": f"call_{n}", "name": name, "input": value,
            "status": "completed"}


def _sse(events: list[dict[str, Any]]) -> str:
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)


def test_responses_answer_custom_and_mcp_calls_read_with_the_name(shipped: Proxy, mock: Mock) -> None:
    mock.script(raw_body=json.dumps(_resp([
        _custom("update_ssn", SSN, 1), _custom("send_sms", PHONE, 2), _custom("set_quantity", "4155550172", 3),
        {"type": "mcp_call", "id": "mcp_1", "name": "get_customer_ssn", "server_label": "crm",
         "arguments": "{\"customer\": 7}", "output": "{\"result\": \"" + SSN + "\"}"},
        {"type": "mcp_call", "id": "mcp_2", "name": "get_order_total", "server_label": "crm",
         "arguments": "{}", "output": "6175550188"}])))
    got = oai(shipped).responses.create(model="gpt-5", input="go").model_dump()["output"]
    assert SSN not in got[0]["input"] and got[0]["input"].startswith("<US_SSN_")
    assert PHONE not in got[1]["input"] and got[1]["input"].startswith("<PHONE_NUMBER_")
    assert got[2]["input"] == "4155550172"  # a quantity's call
    assert SSN not in got[3]["output"] and json.loads(got[3]["output"])["result"].startswith("<US_SSN_")
    assert got[4]["output"] == "6175550188"  # an order's total


@pytest.mark.parametrize("name,value", [("update_ssn", SSN), ("send_sms", PHONE)])
def test_responses_streamed_custom_input_read_with_the_name(shipped: Proxy, mock: Mock, name: str,
                                                            value: str) -> None:
    item = _custom(name, value)
    start = dict(_resp([]), status="in_progress")
    events = [{"type": "response.created", "response": start, "sequence_number": 0},
              {"type": "response.output_item.added", "output_index": 0, "sequence_number": 1,
               "item": dict(item, input="", status="in_progress")},
              {"type": "response.custom_tool_call_input.delta", "output_index": 0, "item_id": "ctc_1",
               "delta": value[:5], "sequence_number": 2},
              {"type": "response.custom_tool_call_input.delta", "output_index": 0, "item_id": "ctc_1",
               "delta": value[5:], "sequence_number": 3},
              {"type": "response.custom_tool_call_input.done", "output_index": 0, "item_id": "ctc_1",
               "input": value, "sequence_number": 4},
              {"type": "response.output_item.done", "output_index": 0, "item": item, "sequence_number": 5},
              {"type": "response.completed", "response": _resp([item]), "sequence_number": 6}]
    mock.script(raw_sse=_sse(events))
    got = [e.model_dump_json() for e in oai(shipped).responses.create(model="gpt-5", input="go", stream=True)]
    assert got and not [e for e in got if value in e]


def test_chat_answer_custom_call_read_with_the_name(shipped: Proxy, mock: Mock) -> None:
    mock.script(raw_body=json.dumps({
        "id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-5",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": None,
                     "tool_calls": [{"id": "call_1", "type": "custom", "custom": {"name": "update_ssn", "input": SSN}},
                                    {"id": "call_2", "type": "custom",
                                     "custom": {"name": "lookup_order", "input": "4155550172"}}]}}],
        "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}))
    got = oai(shipped).chat.completions.create(model="gpt-5", messages=[{"role": "user", "content": "go"}])
    calls = got.model_dump()["choices"][0]["message"]["tool_calls"]
    assert SSN not in json.dumps(calls) and calls[0]["custom"]["input"].startswith("<US_SSN_")
    assert calls[1]["custom"]["input"] == "4155550172"


def test_requests_custom_and_mcp_history_read_with_the_name(shipped: Proxy, mock: Mock) -> None:
    oai(shipped).responses.create(model="gpt-5", input=[  # type: ignore[misc]
        {"role": "user", "content": "go"}, _custom("send_sms", PHONE, 1),
        {"type": "custom_tool_call_output", "call_id": "call_1", "output": "done"},
        {"type": "mcp_call", "id": "mcp_1", "name": "get_customer_ssn", "server_label": "crm", "arguments": "{}",
         "output": SSN},
        _custom("set_quantity", "4155550172", 2), {"type": "custom_tool_call_output", "call_id": "call_2",
                                                   "output": "ok"}])
    sent = mock.state.requests[-1].body["input"]
    assert PHONE not in sent[1]["input"] and SSN not in sent[3]["output"]
    assert sent[4]["input"] == "4155550172"
    oai(shipped).chat.completions.create(model="gpt-5", messages=[  # type: ignore[misc]
        {"role": "user", "content": "go"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "custom", "custom": {"name": "update_ssn", "input": SSN}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    assert SSN not in json.dumps(mock.state.requests[-1].body)


def test_anthropic_results_in_other_shapes_read_with_the_name(shipped: Proxy, mock: Mock) -> None:
    results = [
        [{"type": "search_result", "source": "crm://7", "title": "Customer 7", "content": [{"type": "text",
                                                                                          "text": SSN}]}],
        [{"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": SSN}}],
        "id,value\n7," + SSN, "id: 7\nvalue: " + SSN]
    uses = [{"type": "tool_use", "id": f"toolu_{n}", "name": "get_customer_ssn", "input": {}} for n in range(4)]
    uses.append({"type": "tool_use", "id": "toolu_9", "name": "get_orders", "input": {}})
    claude(shipped).messages.create(model="claude-3-5-haiku-latest", max_tokens=20, messages=[  # type: ignore[misc]
        {"role": "user", "content": "look up customer 7"}, {"role": "assistant", "content": uses},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": f"toolu_{n}", "content": r}
                                     for n, r in enumerate(results)]
         + [{"type": "tool_result", "tool_use_id": "toolu_9", "content": "id,total\n7,4155550172"}]},
        {"role": "assistant", "content": [{"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "get_phone",
                                           "server_name": "crm", "input": {}},
                                          {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_1",
                                           "content": [{"type": "text", "text": PHONE}]}]},
        {"role": "user", "content": "thanks"}])
    m = mock.state.requests[-1].body["messages"]
    assert SSN not in json.dumps(m[2]["content"][:4]) and PHONE not in json.dumps(m[3])
    assert m[2]["content"][4]["content"] == "id,total\n7,4155550172"  # an order's total
