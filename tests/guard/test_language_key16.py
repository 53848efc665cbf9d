"""A language code under a key that names a language is no half of the address after it (tooljoin15's leftover,
`proxy.guard.checks.pii.field_neighbour`): `{"lang": "ja", "email": "li.wei@example.com"}` in tool-call arguments
went up as `{"lang": "<EMAIL_ADDRESS_1>", "email": "<EMAIL_ADDRESS_2>"}` (`ja` + `li` reads the listed name `jali`);
under a key that names nothing the two values are still read as one address."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IP_ADDRESS"], "restore": True}}


async def _sent(guard: Guard, route: str, args: dict[str, Any]) -> dict[str, Any]:
    """The arguments as they go up, after the request's screen."""
    if route == "anthropic":
        body: dict[str, Any] = {"model": "m", "max_tokens": 10, "messages": [
            {"role": "user", "content": "look it up"},
            {"role": "assistant", "content": [
                {"type": "tool_use", "id": "toolu_1", "name": "f", "input": dict(args)}]}]}
        await screen_request(guard, policy(input=PII), anthropic.request_texts("messages", body))
        return body["messages"][1]["content"][0]["input"]  # type: ignore[no-any-return]
    if route == "responses":
        body = {"model": "m", "input": [{"role": "user", "content": "look it up"},
                                        {"type": "function_call", "call_id": "c1", "name": "f",
                                         "arguments": json.dumps(args)}]}
        await screen_request(guard, policy(input=PII), openai.request_texts("responses", body))
        return json.loads(body["input"][1]["arguments"])  # type: ignore[no-any-return]
    body = {"model": "m", "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}]}]}
    await screen_request(guard, policy(input=PII), openai.request_texts("chat", body))
    return json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])  # type: ignore[no-any-return]


@pytest.mark.parametrize("route", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize(("args", "code", "key"), [
    ({"lang": "ja", "email": "li.wei@example.com"}, "lang", "email"),
    ({"language": "ja", "to": "li.wei@example.com"}, "language", "to"),
    ({"targetLang": "ja", "reply_to": "li.wei@example.com"}, "targetLang", "reply_to"),
    ({"locale": "ja", "cc": "li.wei@example.com"}, "locale", "cc"),
])
async def test_a_language_code_under_a_language_key_is_left_as_sent(guard: Guard, route: str, args: dict[str, Any],
                                                                    code: str, key: str) -> None:
    sent = await _sent(guard, route, args)
    assert sent == {code: "ja", key: "<EMAIL_ADDRESS_1>"}, sent


@pytest.mark.parametrize(("args", "pieces"), [
    ({"a": "ja", "b": "li.wei@example.com"}, ['"ja"', "li.wei"]),
    ({"a": "de", "b": "nise.roe@gmail.com"}, ['"de"', "nise.roe"]),
])
async def test_under_keys_that_name_nothing_the_two_values_are_one_address(guard: Guard, args: dict[str, Any],
                                                                          pieces: list[str]) -> None:
    sent = json.dumps(await _sent(guard, "chat", args))
    assert not any(piece in sent for piece in pieces), sent
