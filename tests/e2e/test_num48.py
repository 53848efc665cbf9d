"""atk47 F01 (`proxy.nlp.num48`) end to end through the official SDKs, under the shipped default policy: a bare SSN or
phone number sent as a JSON NUMBER (or in a content shape that is not a string: an object, a list of strings, a text
part whose `text` is a number) after the question that asks for it, or as a tool's result, reaches the provider
redacted as the string form does (a placeholder, a string: the body stays valid JSON); numbers that are quantities,
ids and ordinary tool results go as sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, PHONE = 536904399, 6175550143
Q_SSN, Q_PHONE = "What is your Social Security number?", "What is the best phone number to reach you?"
CALL: Any = {"role": "assistant", "content": None, "tool_calls": [
    {"id": "call_1", "type": "function", "function": {"name": "get_customer_ssn", "arguments": "{\"customer\": 7}"}}]}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _chat(p: Proxy, mock: Mock, messages: Any) -> Any:
    oai(p).chat.completions.create(model="gpt-4o-mini", messages=messages)
    return mock.last_body["messages"]


CHAT_LEAKS: Any = [
    ([{"role": "assistant", "content": Q_SSN}, {"role": "user", "content": SSN}], SSN),
    ([{"role": "assistant", "content": Q_PHONE}, {"role": "user", "content": PHONE}], PHONE),
    ([{"role": "user", "content": [{"type": "text", "text": "My SSN is"}, {"type": "text", "text": SSN}]}], SSN),
    ([{"role": "assistant", "content": Q_SSN}, {"role": "user", "content": {"text": str(SSN)}}], SSN),
    ([{"role": "assistant", "content": Q_SSN}, {"role": "user", "content": [str(SSN)]}], SSN),
    ([{"role": "assistant", "content": Q_SSN}, {"role": "user", "content": -SSN}], SSN),
    ([{"role": "user", "content": "look up customer 7"}, CALL,
      {"role": "tool", "tool_call_id": "call_1", "content": SSN}], SSN),
    ([{"role": "user", "content": "look up customer 7"}, CALL,
      {"role": "tool", "tool_call_id": "call_1", "content": {"result": SSN}}], SSN),
]


@pytest.mark.parametrize(("messages", "value"), CHAT_LEAKS)
def test_chat_a_number_is_read_with_its_context(guarded: Proxy, mock: Mock, messages: Any, value: int) -> None:
    sent = str(_chat(guarded, mock, messages))
    assert str(value) not in sent and "<" in sent, sent


def test_messages_and_responses(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[
        {"role": "user", "content": "hi"}, {"role": "assistant", "content": Q_SSN},
        {"role": "user", "content": SSN}])  # type: ignore[typeddict-item]
    assert str(SSN) not in str(mock.last_body["messages"]) and "<US_SSN_" in str(mock.last_body["messages"])
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[
        {"role": "user", "content": "look up customer 7"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_customer_ssn",
                                           "input": {"customer": 7}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": SSN}]}])  # type: ignore[list-item]
    assert str(SSN) not in str(mock.last_body["messages"]), mock.last_body
    for items in ([{"role": "assistant", "content": Q_SSN}, {"role": "user", "content": SSN}],
                  [{"role": "user", "content": "look up customer 7"},
                   {"type": "function_call", "call_id": "call_1", "name": "get_customer_ssn", "arguments": "{}"},
                   {"type": "function_call_output", "call_id": "call_1", "output": SSN}]):
        oai(guarded).responses.create(model="gpt-4o-mini", input=items)  # type: ignore[arg-type]
        assert str(SSN) not in str(mock.last_body["input"]), mock.last_body


LOOK_ALIKES: Any = [
    [{"role": "assistant", "content": "How many units did you ship?"}, {"role": "user", "content": 1250000}],
    [{"role": "assistant", "content": "What's the order id?"}, {"role": "user", "content": 4567890123}],
    [{"role": "user", "content": [{"type": "text", "text": "Order qty"}, {"type": "text", "text": 2000000}]}],
    [{"role": "user", "content": ["Invoice", 20231105]}],
    [{"role": "user", "content": "count"}, {**CALL, "tool_calls": [{**CALL["tool_calls"][0], "function": {
        "name": "get_order_count", "arguments": "{}"}}]}, {"role": "tool", "tool_call_id": "call_1", "content": 3}],
]


@pytest.mark.parametrize("messages", LOOK_ALIKES)
def test_look_alikes_go_as_sent(guarded: Proxy, mock: Mock, messages: Any) -> None:
    assert _chat(guarded, mock, messages) == messages
