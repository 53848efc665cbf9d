"""atk47 F01 (`proxy.nlp.num48`): a message's text or a tool's result sent as a JSON NUMBER, or in a content shape
that is not a string or a standard text part (an object `{"text": ...}`, a list of strings, a text part whose `text`
is a number, a list or an object, an unknown part key, a float, a negative), is read with the same context as the
string form (the question before it, the part before it, the call a result answers): chat, Messages, Responses. A
redacted number becomes its placeholder, a string (the body stays valid JSON). Quantities, ids, prices and ordinary
tool results go as sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from proxy.guard import context24, prev26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp import num48
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}
SSN, PHONE = 536904399, 6175550143
Q_SSN, Q_PHONE = "What is your Social Security number?", "What is the best phone number to reach you?"


@pytest.fixture(autouse=True)
def _forget() -> Any:
    prev26.clear()
    yield
    prev26.clear()


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(body)
    if kind == RESPONSES:
        prev26.caller(RESPONSES, "default", {"Authorization": "Bearer sk-alice"}, body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return body


def _asked(kind: str, question: str, value: Any) -> dict[str, Any]:
    turns = [{"role": "assistant", "content": question}, {"role": "user", "content": value}]
    if kind == MESSAGES:
        return {"model": "c", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}, *turns]}
    return {"model": "m", "input": turns} if kind == RESPONSES else {"model": "m", "messages": turns}


def _result(kind: str, name: str, value: Any) -> dict[str, Any]:
    if kind == CHAT:
        call = {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": "{\"customer\": 7}"}}]}
        return {"model": "m", "messages": [{"role": "user", "content": "look up customer 7"}, call,
                                           {"role": "tool", "tool_call_id": "call_1", "content": value}]}
    if kind == MESSAGES:
        return {"model": "c", "max_tokens": 5, "messages": [
            {"role": "user", "content": "look up customer 7"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": {}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": value}]}]}
    return {"model": "m", "input": [{"role": "user", "content": "look up customer 7"},
                                    {"type": "function_call", "call_id": "call_1", "name": name, "arguments": "{}"},
                                    {"type": "function_call_output", "call_id": "call_1", "output": value}]}


ROUTES = [CHAT, MESSAGES, RESPONSES]
SHAPES: Any = [SSN, float(SSN), -SSN, {"text": str(SSN)}, {"text": SSN}, [str(SSN)], [SSN],
               [{"type": "text", "text": SSN}], [{"type": "text", "text": [str(SSN)]}],
               [{"type": "text", "text": {"value": SSN}}], [{"type": "text", "text": "", "x_text": str(SSN)}]]


@pytest.mark.parametrize("kind", ROUTES)
@pytest.mark.parametrize("value", SHAPES)
async def test_a_reply_in_any_shape_is_read_after_its_question(guard: Guard, kind: str, value: Any) -> None:
    sent = str(await _sent(guard, kind, _asked(kind, Q_SSN, value)))
    assert str(SSN) not in sent and "<US_SSN_1>" in sent, sent


@pytest.mark.parametrize("kind", ROUTES)
async def test_a_phone_number_as_a_number(guard: Guard, kind: str) -> None:
    sent = str(await _sent(guard, kind, _asked(kind, Q_PHONE, PHONE)))
    assert str(PHONE) not in sent and "<PHONE_NUMBER_1>" in sent, sent


async def test_a_number_part_after_its_cue_part(guard: Guard) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": "My SSN is"},
                                                                    {"type": "text", "text": SSN}]}]}
    sent = await _sent(guard, CHAT, body)
    assert sent["messages"][0]["content"][1]["text"] == "<US_SSN_1>"  # a string in the number's place


@pytest.mark.parametrize("kind", ROUTES)
@pytest.mark.parametrize("value", [SSN, {"result": SSN}, [{"type": "text", "text": SSN}]])
async def test_a_tool_result_as_a_number_or_object(guard: Guard, kind: str, value: Any) -> None:
    sent = str(await _sent(guard, kind, _result(kind, "get_customer_ssn", value)))
    assert str(SSN) not in sent and "<US_SSN_1>" in sent, sent


LOOK_ALIKES: Any = [
    (CHAT, _asked(CHAT, "How many units did you ship last year?", 1250000)),
    (CHAT, _asked(CHAT, "What's the order id?", 4567890123)),
    (MESSAGES, _asked(MESSAGES, "What is the total price in cents?", 129999)),
    (RESPONSES, _asked(RESPONSES, "What is the current unix time?", 1700000000)),
    (CHAT, _result(CHAT, "get_order_count", 3)),
    (CHAT, _result(CHAT, "get_inventory_total", {"count": 1500000})),
    (RESPONSES, _result(RESPONSES, "get_temperature", 42)),
    (MESSAGES, _result(MESSAGES, "get_population", 8336817)),
    (CHAT, {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": "Order qty"},
                                                                   {"type": "text", "text": 2000000}]}]}),
    (CHAT, {"model": "m", "messages": [{"role": "user", "content": ["Invoice", 20231105]}]}),
    (CHAT, {"model": "m", "messages": [{"role": "user", "content": {"text": "hello world"}}]}),
]


@pytest.mark.parametrize(("kind", "body"), LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, kind: str, body: dict[str, Any]) -> None:
    assert await _sent(guard, kind, body) == body


def test_plain_shapes_add_nothing() -> None:
    """The gate: strings and standard text parts list no extra slot and give no extra holder."""
    body = {"model": "m", "messages": [{"role": "user", "content": "hi 536904399"},
                                       {"role": "user", "content": [{"type": "text", "text": "x"},
                                                                    {"type": "image_url", "image_url": {"url": "u"}}]}]}
    slots = openai.ADAPTER.request_texts(CHAT, body)
    assert not any(num48.placed(s) for s in slots)
    assert num48.holders(body["messages"][0], "content") == []
    assert num48.holders(body["messages"][1], "content") == []
