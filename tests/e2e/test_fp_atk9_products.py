"""Issue 12, atk9 tester B L2 and M5, end to end: what the mock provider RECEIVED.

A product or a voice assistant as the value of a key that names a kind of product (`{"browser": "Safari"}`,
`{"assistant": "Alexa"}`) and company names in a message go up as sent; the same words under a person's key
(`{"name": "Alexa"}`) and a person's name in the same sentence frame are still redacted."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, received, tool_turn

ARGS = [
    {"browser": "Safari", "os": "macOS 14.5"},
    {"assistant": "Alexa", "action": "lights_off"},
]


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.mark.parametrize("value", ARGS)
def test_tool_arguments_naming_products_go_up_as_sent(plain: Proxy, mock: Mock, value: dict[str, Any]) -> None:
    chat_ok(plain, {"messages": tool_turn(value)})
    got = received(mock)
    assert "<PERSON_" not in got.replace("\\u003c", "<"), got
    sent = json.loads(got)[-1]["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert json.loads(sent) == value


def test_the_same_words_under_a_persons_key_are_redacted(plain: Proxy, mock: Mock) -> None:
    chat_ok(plain, {"messages": tool_turn({"name": "Alexa", "browser": "Safari"})})
    sent = json.loads(json.loads(received(mock))[-1]["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent["browser"] == "Safari" and "Alexa" not in sent["name"], sent


def test_company_names_go_up_and_a_name_beside_them_is_redacted(plain: Proxy, mock: Mock) -> None:
    text = "Compare Morgan Stanley and Goldman Sachs on trading revenue; Mercedes-Benz recalled 12,000 vehicles."
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    assert text in received(mock)
    chat_ok(plain, {"messages": [{"role": "user", "content": "Ask Alice Smith to compare Goldman Sachs revenue."}]})
    got = received(mock)
    assert "Alice" not in got and "Smith" not in got and "Goldman Sachs" in got, got
