"""atk47 F04, F05, F06 (`proxy.guard.tool48`): custom tool inputs, MCP results and tool results given as search
results, documents, CSV or YAML are read with the call's name in a request (what goes upstream), as tool26 reads
function calls and their JSON results. Look-alikes go as sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24, tool48
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PHONE_NUMBER", "US_SSN", "EMAIL_ADDRESS", "PERSON"]}}
SSN, PHONE = "536904399", "6175550143"


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> str:
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return json.dumps(body)


def _custom_chat(name: str, value: str) -> dict[str, Any]:
    return {"model": "gpt-5", "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "custom", "custom": {"name": name, "input": value}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "ok"}]}


def _custom_responses(name: str, value: str) -> dict[str, Any]:
    return {"model": "gpt-5", "input": [
        {"role": "user", "content": "go"}, {"type": "custom_tool_call", "call_id": "c1", "name": name, "input": value},
        {"type": "custom_tool_call_output", "call_id": "c1", "output": "ok"}]}


def _claude(name: str, content: Any, mcp: bool = False) -> dict[str, Any]:
    use = {"type": "mcp_tool_use" if mcp else "tool_use", "id": "tu_1", "name": name, "input": {}}
    res = {"type": "mcp_tool_result" if mcp else "tool_result", "tool_use_id": "tu_1", "content": content}
    turns = [{"role": "assistant", "content": [use, res]}, {"role": "user", "content": "thanks"}] if mcp else \
        [{"role": "assistant", "content": [use]}, {"role": "user", "content": [res]}]
    return {"model": "claude-3-5-haiku-latest", "max_tokens": 9,
            "messages": [{"role": "user", "content": "hi"}, *turns]}


def _mcp_responses(name: str, output: str) -> dict[str, Any]:
    return {"model": "gpt-5", "input": [{"role": "user", "content": "go"}, {
        "type": "mcp_call", "id": "m1", "name": name, "server_label": "crm", "arguments": "{}", "output": output}]}


LEAKS = [  # (route, body, what must not go up)
    (CHAT, _custom_chat("update_ssn", SSN), SSN),
    (CHAT, _custom_chat("send_sms", PHONE), PHONE),
    (RESPONSES, _custom_responses("update_ssn", SSN), SSN),
    (RESPONSES, _custom_responses("send_sms", PHONE), PHONE),
    (RESPONSES, _mcp_responses("get_customer_ssn", SSN), SSN),
    (RESPONSES, _mcp_responses("get_customer_ssn", json.dumps({"result": SSN})), SSN),
    (RESPONSES, _mcp_responses("get_phone", PHONE), PHONE),
    (MESSAGES, _claude("get_customer_ssn", [{"type": "text", "text": SSN}], mcp=True), SSN),
    (MESSAGES, _claude("get_customer_ssn", [{"type": "search_result", "source": "crm://7", "title": "c",
                                             "content": [{"type": "text", "text": SSN}]}]), SSN),
    (MESSAGES, _claude("get_customer_ssn", [{"type": "document", "source": {
        "type": "text", "media_type": "text/plain", "data": SSN}}]), SSN),
    (MESSAGES, _claude("get_customer_ssn", [{"type": "document", "source": {
        "type": "content", "content": [{"type": "text", "text": SSN}]}}]), SSN),
    (MESSAGES, _claude("get_customer_ssn", "id,value\n7," + SSN), SSN),
    (MESSAGES, _claude("get_customer_ssn", "id: 7\nvalue: " + SSN), SSN),
    # the question a custom or MCP tool asks, its answer read with it
    (RESPONSES, {"model": "gpt-5", "input": [
        {"role": "user", "content": "go"},
        {"type": "custom_tool_call", "call_id": "c1", "name": "ask_user",
         "input": "What is your Social Security number?"},
        {"type": "custom_tool_call_output", "call_id": "c1", "output": SSN}]}, SSN),
    (CHAT, {"model": "gpt-5", "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "call_1", "type": "custom", "custom": {
            "name": "ask_user", "input": "What is your Social Security number?"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": SSN}]}, SSN),
    (RESPONSES, {"model": "gpt-5", "input": [{"role": "user", "content": "go"}, {
        "type": "mcp_call", "id": "m1", "name": "ask_human", "server_label": "h", "output": SSN,
        "arguments": json.dumps({"question": "What is your Social Security number?"})}]}, SSN),
]


@pytest.mark.parametrize("kind,body,secret", LEAKS)
async def test_a_value_is_read_with_its_calls_name(guard: Guard, kind: str, body: dict[str, Any],
                                                   secret: str) -> None:
    sent = await _sent(guard, kind, body)
    assert secret not in sent, sent


LOOK_ALIKES = [  # (route, body, what goes up as sent)
    (CHAT, _custom_chat("set_quantity", "4155550172"), "4155550172"),
    (RESPONSES, _custom_responses("get_order", SSN), SSN),
    (RESPONSES, _mcp_responses("get_order_total", "6175550188"), "6175550188"),
    (MESSAGES, _claude("get_orders", "order,total\n7,4155550172"), "4155550172"),
    (MESSAGES, _claude("get_phone", "id,status\n4155550172,active"), "4155550172"),
    (RESPONSES, {"model": "gpt-5", "input": [
        {"role": "user", "content": "go"},
        {"type": "custom_tool_call", "call_id": "c1", "name": "ask_user", "input": "How many units do you need?"},
        {"type": "custom_tool_call_output", "call_id": "c1", "output": "4155550172"}]}, "4155550172"),
]


@pytest.mark.parametrize("kind,body,kept", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, kind: str, body: dict[str, Any], kept: str) -> None:
    assert kept in await _sent(guard, kind, body)


def test_cells_of_a_table_or_lines_carry_their_key() -> None:
    text = "id,value\n7,536904399"
    assert [(text[a:b], k) for a, b, k in tool48._cells(text)] == [("7", "id"), (SSN, "value")]
    text = "id: 7\nvalue: 536904399"
    assert [(text[a:b], k) for a, b, k in tool48._cells(text)] == [("7", "id"), (SSN, "value")]
    assert [(a, b, k) for a, b, k in tool48._cells(" 536904399 ")] == [(1, 10, None)]


def test_no_nine_digits_no_walk() -> None:
    body = _custom_responses("update_ssn", "no value here")
    slots = openai.ADAPTER.request_texts(RESPONSES, body)
    assert tool48.held(body, slots) == {}
