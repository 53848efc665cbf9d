"""Names glued in ways the view did not read, end to end: what the provider RECEIVED (issue 12, every encoding).

A given name alone under a name key in a tool's arguments and in a tool result, a `+`-joined name and a header-less
row in a user message, and an e-mail address at a top-level domain in another script. Units in
`tests/nlp/test_names_joined.py`; other names than there.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS]}
"""


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": POLICY})


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, version=True, timeout=60)


def test_a_given_name_under_a_name_key_in_tool_arguments_and_results_goes_up_replaced(joined: Proxy,
                                                                                         mock: Mock) -> None:
    args = json.dumps({"first_name": "Leonie", "plan": "pro"})
    result = json.dumps({"givenName": "Anouk", "id": 7}, separators=(",", ":"))
    r = _post(joined, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [
        {"role": "user", "content": "update the customer"},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                                              "function": {"name": "crm", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": result}]})
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"]
    sent_args = json.loads(sent[1]["tool_calls"][0]["function"]["arguments"])
    assert sent_args["plan"] == "pro" and sent_args["first_name"].startswith("<PERSON_"), sent_args
    sent_result = json.loads(sent[2]["content"])
    assert sent_result["id"] == 7 and sent_result["givenName"].startswith("<PERSON_"), sent_result


@pytest.mark.parametrize(("text", "values"), [
    ("please loop in Anouk+Verhoeven", ["Anouk", "Verhoeven"]),
    ("Leonie Brandt|Procurement|2023", ["Leonie", "Brandt"]),
    ("write to 고객센터@예시.테스트 today", ["고객센터"]),
])
def test_glued_names_and_addresses_in_a_message_go_up_replaced(joined: Proxy, mock: Mock, text: str,
                                                                values: list[str]) -> None:
    r = _post(joined, "/v1/chat/completions",
              {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]})
    assert r.status_code == 200, r.text
    sent = mock.last_body["messages"][0]["content"]
    assert [v for v in values if v in sent] == [], sent
    assert "<" in sent and ">" in sent, sent
