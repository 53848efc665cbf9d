"""Issue 12, atk10 tester B M6 and L2, end to end: what the mock provider RECEIVED.

A Markdown table of months, a per-month list, a German label and a month in tool-call arguments and metadata go up
as sent; a person's name in the same frames is still redacted."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, chat_ok, received, tool_turn


@pytest.fixture(scope="module")
def plain(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.mark.parametrize("text", [
    "| Month | Units | Revenue |\n| Jul | 1056 | 55,627 |\n| Aug | 826 | 56,315 |\n| Sep | 1330 | 48,113 |",
    "Jan: 42 tickets, Feb: 37 tickets, Mar: 51 tickets",
    "Öffnungszeiten: Mo–Fr 8–18 Uhr",
])
def test_month_tables_lists_and_labels_go_up_as_sent(plain: Proxy, mock: Mock, text: str) -> None:
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    assert json.loads(received(mock))[-1]["messages"][0]["content"] == text


def test_months_in_tool_arguments_and_metadata_go_up_as_sent(plain: Proxy, mock: Mock) -> None:
    chat_ok(plain, {"messages": tool_turn({"q": "Jan sales"}), "metadata": {"month": "Jan"}})
    body = json.loads(received(mock))[-1]
    assert json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"]) == {"q": "Jan sales"}
    assert body["metadata"] == {"month": "Jan"}


def test_a_name_in_the_same_table_is_redacted(plain: Proxy, mock: Mock) -> None:
    text = "| Owner | Units |\n| Jan Kowalski | 1200 |\n| Feb | 1350 |"
    chat_ok(plain, {"messages": [{"role": "user", "content": text}]})
    got = json.loads(received(mock))[-1]["messages"][0]["content"]
    assert "Kowalski" not in got and "<PERSON_" in got and "| Feb | 1350 |" in got, got
