"""The fields a client fills with a participant's or end user's name or id (chat `messages[].name`, `user`,
`safety_identifier`, `prompt_cache_key`, Anthropic `metadata.user_id`) are screened and rewritten in the
characters the provider takes there, `[A-Za-z0-9_-]`, as ids are (issue 12; atk14 tester A LOW-2: they went on as
`call_<CREDIT_CARD_1>` and `<PERSON_1>`, which a provider may refuse). End to end, on what the provider received."""

from __future__ import annotations

import hashlib
import json
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
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""
AUTH = {"Authorization": "Bearer sk-x", "x-api-key": "sk-x", "anthropic-version": "2023-06-01"}
ID_CHARS = re.compile(r"[A-Za-z0-9_-]+")
# (value, what must be gone from it, what the rewrite must name)
VALUES = [("call_4539148803436467", "4539148803436467", "CREDIT_CARD"), ("u_219-09-9999", "219-09-9999", "US_SSN"),
          ("Maria Schmidt", "Schmidt", "PERSON"), ("tel-617-555-0143", "555-0143", "PHONE_NUMBER"),
          ("jane.doe@example.com", "jane.doe", "EMAIL_ADDRESS")]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


def sent(p: Proxy, mock: Mock, path: str, body: dict[str, Any]) -> dict[str, Any]:
    r = httpx.post(f"{p.url}{path}", json=body, headers=AUTH, timeout=60)
    assert r.status_code == 200, r.text
    return mock.state.requests[-1].body


def _rewritten(got: str, gone: str, kind: str) -> None:
    assert ID_CHARS.fullmatch(got), got
    assert gone not in got and kind in got, got


@pytest.mark.parametrize(("value", "gone", "kind"), VALUES)
def test_chat_name_user_and_ids(guarded: Proxy, mock: Mock, value: str, gone: str, kind: str) -> None:
    body = sent(guarded, mock, "/v1/chat/completions", {
        "model": "gpt-4o-mini", "user": value, "safety_identifier": value, "prompt_cache_key": value,
        "messages": [{"role": "user", "name": value, "content": "hi"}]})
    for got in (body["user"], body["safety_identifier"], body["prompt_cache_key"], body["messages"][0]["name"]):
        _rewritten(got, gone, kind)


@pytest.mark.parametrize(("value", "gone", "kind"), VALUES)
def test_responses_ids(guarded: Proxy, mock: Mock, value: str, gone: str, kind: str) -> None:
    body = sent(guarded, mock, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "user": value,
                                                 "safety_identifier": value, "prompt_cache_key": value})
    for got in (body["user"], body["safety_identifier"], body["prompt_cache_key"]):
        _rewritten(got, gone, kind)


@pytest.mark.parametrize(("value", "gone", "kind"), VALUES)
def test_anthropic_user_id(guarded: Proxy, mock: Mock, value: str, gone: str, kind: str) -> None:
    body = sent(guarded, mock, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 5,
                                                "metadata": {"user_id": value},
                                                "messages": [{"role": "user", "content": "hi"}]})
    _rewritten(body["metadata"]["user_id"], gone, kind)


def test_hashed_user_ids_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    """SHA-256 hex digests, as OpenAI's docs ask `safety_identifier` to be: as ids, their digit runs split apart from
    their letters, some held an SSN's nine digits (brandfp14's note); a digest is no value."""
    # SHA-256 of `user-<k>` whose letters-apart reading holds a card, an SSN or a phone number's groups
    digests = ["a0ae039a4be708e677e8895c5d71e6fd9352ef9bd73f5187fbb1cf65cef3cb93",
               "0b0bfcca846b06b8a9554ce02fda4062402bc1a34253000453980d31b907462a",
               "c372d13d1520cb127ff5e53b318a8616727192cf4eaa0b6d4b74b66f1544d42d",
               "108baee84d0d195ef4f11dddc0f06c94409a7bfcc057b22f1900bd5097341135"]
    assert all(d in {hashlib.sha256(f"user-{k}".encode()).hexdigest() for k in range(3000)} for d in digests)
    for d in digests:
        body = sent(guarded, mock, "/v1/chat/completions", {
            "model": "gpt-4o-mini", "user": d, "safety_identifier": d, "prompt_cache_key": d,
            "messages": [{"role": "user", "name": d[:40], "content": "hi"}]})
        assert (body["user"], body["safety_identifier"], body["prompt_cache_key"]) == (d, d, d)


def test_id_shaped_values_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    body = sent(guarded, mock, "/v1/chat/completions", {
        "model": "gpt-4o-mini", "user": "Http_Client", "safety_identifier": "user-8812", "prompt_cache_key": "v2",
        "messages": [{"role": "user", "name": "jordan.smith", "content": "hi"}]})
    assert (body["user"], body["safety_identifier"], body["prompt_cache_key"], body["messages"][0]["name"]) == \
        ("Http_Client", "user-8812", "v2", "jordan.smith")


def test_a_name_joined_by_an_underscore_is_a_name(guarded: Proxy, mock: Mock) -> None:
    """`Jordan_Smith` is how OpenAI's `name` pattern lets a client write a person (atk24a F01, context24): it went
    as sent here before; now as the name it is."""
    body = sent(guarded, mock, "/v1/chat/completions", {
        "model": "gpt-4o-mini", "user": "Jordan_Smith",
        "messages": [{"role": "user", "name": "Jordan_Smith", "content": "hi"}]})
    assert "Jordan" not in json.dumps(body) and body["user"].startswith("PERSON_")
