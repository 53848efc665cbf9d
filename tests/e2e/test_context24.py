"""Issue 12, atk24a F09 and F01 (`proxy.guard.context24`), end to end through the official SDKs, multi-turn: a bare
value answering the assistant's question, or a tool's result whose meaning is in the tool's name, reaches the provider
redacted; a name joined by `_` (or run together in an id field) reaches it as one placeholder. Look-alikes (an order
number, a year, a product's name, an order total, identifiers) reach it as sent."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_answers_to_questions_and_tool_results(guarded: Proxy, mock: Mock) -> None:
    messages = [{"role": "system", "content": "You are a booking assistant."},
                {"role": "user", "content": "I want to book a table."},
                {"role": "assistant", "content": "Sure. What is your full name?"},
                {"role": "user", "content": "Bill White"},
                {"role": "assistant", "content": "Thanks. What is your phone number?"},
                {"role": "user", "content": "it's 6175550143"},
                {"role": "assistant", "content": "What's your order number?"},
                {"role": "user", "content": "4155550172"},
                {"role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "get_customer_ssn",
                                                                      "arguments": "{\"customer_id\": 17}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "get_order_total",
                                                                      "arguments": "{\"order\": 4}"}}]},
                {"role": "tool", "tool_call_id": "call_1", "content": "536904399"},
                {"role": "tool", "tool_call_id": "call_2", "content": "536904399"}]
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
    m = mock.state.requests[-1].body["messages"]
    assert re.fullmatch(r"<PERSON_\d>", m[3]["content"]), m[3]
    assert re.fullmatch(r"it's <PHONE_NUMBER_\d>", m[5]["content"]), m[5]
    assert m[7]["content"] == "4155550172"  # an order number
    assert re.fullmatch(r"<US_SSN_\d>", m[9]["content"]), m[9]
    # (misc37, atk37 F05: the digits of an SSN the request holds elsewhere are that SSN wherever they stand, an "order
    # total" of the same nine digits too: the safe side; before misc37 this one went as sent)
    assert m[10]["content"].startswith("<US_SSN_") and "536904399" not in m[10]["content"]


def test_messages_answers_to_questions_and_tool_results(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=20, messages=[  # type: ignore[misc]
        {"role": "user", "content": "I need to change my booking."},
        {"role": "assistant", "content": "Please confirm your social security number."},
        {"role": "user", "content": "536904399"},
        {"role": "assistant", "content": [{"type": "text", "text": "One moment."},
                                          {"type": "tool_use", "id": "toolu_1", "name": "get_customer",
                                           "input": {"customer_id": 17}},
                                          {"type": "tool_use", "id": "toolu_2", "name": "get_product_name",
                                           "input": {"sku": 9}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": "Hope Young, 6175550143"},
            {"type": "tool_result", "tool_use_id": "toolu_2", "content": "Bill Pay"}]},
        {"role": "assistant", "content": "Which year?"},
        {"role": "user", "content": "2024"}])
    m = mock.state.requests[-1].body["messages"]
    assert re.fullmatch(r"<US_SSN_\d>", m[2]["content"]), m[2]
    record = m[4]["content"][0]["content"]
    assert "6175550143" not in record and "Young" not in record, record
    assert m[4]["content"][1]["content"] == "Bill Pay"
    assert m[6]["content"] == "2024"


def test_joined_names_in_id_fields_and_messages(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", user="Maria_Schmidt", messages=[  # type: ignore[misc]
        {"role": "user", "name": "JohnSmith", "content": "Author: Maria_Schmidt. Assign to John_Smith, keep "
                                                          "MAX_RETRIES and Http_Client as they are."},
        {"role": "user", "name": "Order_Status", "content": "@Priya_Sharma can you check Test_Suite?"}])
    body = mock.state.requests[-1].body
    sent = json.dumps(body)
    for part in ("Schmidt", "Smith", "Sharma"):
        assert part not in sent, sent
    assert "MAX_RETRIES and Http_Client" in body["messages"][0]["content"]
    assert "_<" not in sent and ">_" not in sent, sent
    assert body["messages"][1]["name"] == "Order_Status" and "Test_Suite" in body["messages"][1]["content"]
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5,  # type: ignore[misc]
                                    metadata={"user_id": "Priya_Sharma"}, messages=[{"role": "user", "content": "hi"}])
    assert "Sharma" not in json.dumps(mock.state.requests[-1].body)
