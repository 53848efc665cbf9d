"""gap49 end to end through the official SDKs under the shipped default policy (issue 12, atk47's left gaps): what
the mock provider received, or what the client got."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai

SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, PHONE = "536904399", "6175550143"
Q_SSN = "What is your Social Security number?"


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SHIPPED})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _chat(p: Proxy, mock: Mock, messages: Any) -> str:
    oai(p).chat.completions.create(model="gpt-4o-mini", messages=messages)
    return json.dumps(mock.last_body["messages"])


# ------------------------------------------------------------------ 1. a tool message's own name; a `name` field

@pytest.mark.parametrize("content", [SSN, json.dumps({"result": SSN})])
def test_trimmed_call_result_read_with_the_tool_message_name(shipped: Proxy, mock: Mock, content: str) -> None:
    sent = _chat(shipped, mock, [{"role": "user", "content": "look up customer 7"},
                                 {"role": "tool", "tool_call_id": "call_1", "name": "get_customer_ssn",
                                  "content": content}])
    assert SSN not in sent and "<US_SSN_" in sent, sent


def test_trimmed_call_of_an_ordinary_tool_goes_as_sent(shipped: Proxy, mock: Mock) -> None:
    sent = _chat(shipped, mock, [{"role": "user", "content": "look up order 7"},
                                 {"role": "tool", "tool_call_id": "call_1", "name": "get_order_total",
                                  "content": SSN}])
    assert SSN in sent


def test_user_name_field_read_as_the_reply(shipped: Proxy, mock: Mock) -> None:
    sent = _chat(shipped, mock, [{"role": "assistant", "content": Q_SSN},
                                 {"role": "user", "content": "ok", "name": SSN}])
    assert SSN not in sent, sent
    plain = _chat(shipped, mock, [{"role": "assistant", "content": Q_SSN},
                                  {"role": "user", "content": "ok", "name": "alice"}])
    assert '"name": "alice"' in plain
