"""gap49 (`proxy.guard.gap49`): a chat tool message whose call was trimmed is read with the `name` it gives (atk47
t72), and a user message's `name` field (a string or a number) is read as its reply (num48's left). Look-alikes go
as sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import openai
from proxy.providers.base import CHAT
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PHONE_NUMBER", "US_SSN", "EMAIL_ADDRESS", "PERSON"]}}
SSN, PHONE = "536904399", "6175550143"
ASK = {"role": "user", "content": "look up customer 7"}
Q_SSN = {"role": "assistant", "content": "What is your Social Security number?"}
Q_PHONE = {"role": "assistant", "content": "What is the best phone number to reach you?"}


async def _sent(guard: Guard, body: dict[str, Any]) -> str:
    body = copy.deepcopy(body)
    slots = openai.ADAPTER.request_texts(CHAT, body)
    with context24.cued(CHAT, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return json.dumps(body)


def _tool(name: str, content: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [
        ASK, {"role": "tool", "tool_call_id": "call_1", "name": name, "content": content}]}


def _named(question: dict[str, Any], name: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [question, {"role": "user", "content": "ok", "name": name}]}


LEAKS = [
    (_tool("get_customer_ssn", SSN), SSN),
    (_tool("get_customer_ssn", json.dumps({"result": SSN})), SSN),
    (_tool("get_customer_ssn", int(SSN)), SSN),
    (_tool("get_customer_ssn", [{"type": "text", "text": SSN}]), SSN),
    (_tool("lookup_phone", PHONE), PHONE),
    (_named(Q_SSN, SSN), SSN),
    (_named(Q_SSN, int(SSN)), SSN),
    (_named(Q_PHONE, PHONE), PHONE),
]


@pytest.mark.parametrize(("body", "value"), LEAKS)
async def test_value_is_read_with_the_name(guard: Guard, body: dict[str, Any], value: str) -> None:
    sent = await _sent(guard, body)
    assert value not in sent and ("<" in sent or "_1" in sent), sent


ALIKE = [
    _tool("get_order_total", SSN),  # a trimmed call whose name names no type
    _named(Q_SSN, "alice"),  # a participant's name
    {"model": "gpt-4o-mini", "messages": [ASK, {"role": "user", "content": "ok", "name": SSN}]},  # no question
    {"model": "gpt-4o-mini", "messages": [  # the call is in the request: its own name wins
        ASK, {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_order_total", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "name": "get_customer_ssn", "content": SSN}]},
]


@pytest.mark.parametrize("body", ALIKE)
async def test_look_alikes_go_as_sent(guard: Guard, body: dict[str, Any]) -> None:
    assert await _sent(guard, body) == json.dumps(body)
