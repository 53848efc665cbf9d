"""Lower-case identifiers are no person's names (issue 12), end to end through the real proxy with the default
policy's PII rule: chat `metadata` `{"lang": "de"}` and message text `Set lang to de.`, `max: en`, `name: en`
reach the provider as sent, while a lower-case name with a cue (`my name is max`) is still redacted."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS],
        min_score: 0.4, restore: true}
"""
AUTH = {"Authorization": "Bearer sk-x"}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def sent(p: Proxy, mock: Mock, body: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(f"{p.url}/v1/chat/completions", json=body, headers=AUTH, timeout=60)
    assert r.status_code == 200, r.text
    return mock.state.requests[-1].body


@pytest.mark.parametrize("text", ["Set lang to de.", "lang: en", "max: en", "Set max to de.", "name: en", "lang"])
def test_metadata_and_text_identifiers_pass_as_sent(guarded: Proxy, mock: Mock, text: str) -> None:
    body = sent(guarded, mock, {"model": "gpt-4o-mini", "metadata": {"lang": "de"},
                                "messages": [{"role": "user", "content": text}]})
    assert body["metadata"] == {"lang": "de"}
    assert body["messages"][0]["content"] == text


def test_a_lower_case_name_with_a_cue_is_still_redacted(guarded: Proxy, mock: Mock) -> None:
    body = sent(guarded, mock, {"model": "gpt-4o-mini", "metadata": {"lang": "de"},
                                "messages": [{"role": "user", "content": "my name is max"}]})
    assert re.fullmatch(r"my name is <PERSON_\d+>", body["messages"][0]["content"])
    assert body["metadata"] == {"lang": "de"}
