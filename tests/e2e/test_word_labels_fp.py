"""Issue 12, atk6 F5 and F7, end to end: what the mock provider RECEIVED.

- a first name that is also an English word, used as the word (`Grace period`, `Max retries`, `Rose to 95%`,
  `Max. 20`), goes up as sent, while `Grace Hopper`, `ask Rose`, `Max said` are redacted;
- a label's value beside an address under a key naming whose it is (`{"label": "bug", "reporter": "li.wei@..."}`)
  goes up as sent in tool-call arguments, the address redacted; a split (`he` + `lpdesk@acme.io`) still joins.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import received
from tests.support.keyed import post_ok, tool_turn

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
"""

PLAIN = ("Grace period is 30 s; Max concurrency is 64. Rose to 95% CPU.\n"
         "HTTPSConnectionPool(host='api.internal', port=443): Max retries exceeded\n"
         "Max. Speicher: 4096 MB; Max. Verbindungen: 512. Max. 20 connexions. Max. 10 réplicas.")


@pytest.fixture(scope="module")
def keyed(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": POLICY})


def _user(text: str) -> dict[str, object]:
    return {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}]}


def test_first_names_used_as_words_go_up_as_sent(keyed: Proxy, mock: Mock) -> None:
    post_ok(keyed, "/v1/chat/completions", _user(PLAIN))
    assert mock.last_body["messages"][0]["content"] == PLAIN


def test_the_same_names_as_persons_are_redacted(keyed: Proxy, mock: Mock) -> None:
    post_ok(keyed, "/v1/chat/completions", _user("Grace Hopper wrote it. Please ask Rose. Max said it is green."))
    got = mock.last_body["messages"][0]["content"]
    assert "Grace" not in got and "Rose" not in got and "Max" not in got and "<PERSON_" in got, got


def test_a_label_value_beside_a_role_address_goes_up_as_sent(keyed: Proxy, mock: Mock) -> None:
    values = [{"label": "bug", "reporter": "li.wei@acme.io"}, {"note": "ping", "cc": "qa@acme.io"},
              {"env": "prod", "owner": "sre.team@acme.io"}, {"region": "eu", "contact": "noc@acme.io"}]
    for value in values:
        post_ok(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": tool_turn(value)})
        sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
        (key, word), (mail_key, _) = value.items()
        assert sent[key] == word and sent[mail_key].startswith("<EMAIL_ADDRESS_"), sent


def test_an_address_cut_inside_a_word_still_joins(keyed: Proxy, mock: Mock) -> None:
    post_ok(keyed, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": tool_turn(
        {"label": "he", "reporter": "lpdesk@acme.io"})})
    got = received(mock)
    assert "lpdesk" not in got and '"he"' not in got, got
