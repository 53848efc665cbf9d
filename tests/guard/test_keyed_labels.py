"""Issue 12, atk6 F7: a one-word value before an address in the next field of a keyed map is no half of the
address when the keys are two different concepts, the address's naming whose it is (`{"label": "bug", "reporter":
"li.wei@acme.io"}`, `{"env": "prod", "owner": "sre.team@acme.io"}`): the value goes up as sent, the address is
redacted. A value that completes a word with the address's first letters (`he` + `lpdesk@acme.io`, `help` +
`desk@acme.io`), a name, or halves under keys that name nothing or parts (`a`/`b`, `user`/`domain`) still join."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.checks.pii import field_keys
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, policy


def _with_args(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]}


def _tool_use(value: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]}


async def _sent(guard: Guard, args: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for route, body, adapter in [("chat", _with_args(dict(args)), openai),
                                 ("messages", _tool_use(dict(args)), anthropic)]:
        verdict = await screen_request(guard, policy(input=PII_IN), adapter.request_texts(route, body))
        assert verdict.decision == "redact", verdict.records
        out.append(json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"]) if route == "chat"
                   else body["messages"][1]["content"][0]["input"])
    return out


@pytest.mark.parametrize("args", [
    {"label": "bug", "reporter": "li.wei@acme.io"},
    {"note": "ping", "cc": "qa@acme.io"},
    {"env": "prod", "owner": "sre.team@acme.io"},
    {"region": "eu", "contact": "noc@acme.io"},
    {"env": "dev", "owner": "ops@acme.io"},
    {"region": "us", "contact": "east@acme.io"},
])
async def test_a_label_value_beside_an_address_under_a_role_key_is_left_as_sent(guard: Guard,
                                                                                 args: dict[str, str]) -> None:
    (key, value), (mail_key, _) = args.items()
    for sent in await _sent(guard, args):
        assert sent[key] == value, sent
        assert sent[mail_key].startswith("<EMAIL_ADDRESS_"), sent


@pytest.mark.parametrize("args", [
    {"label": "he", "reporter": "lpdesk@acme.io"},       # `helpdesk@acme.io` cut in a word
    {"label": "help", "reporter": "desk@acme.io"},
    {"label": "sup", "reporter": "portdesk@acme.io"},
    {"label": "ja", "reporter": "ne.doe@example.com"},
    {"label": "jane", "reporter": "doe@example.com"},     # a name
    {"tag": "news", "owner": "letter@acme.io"},          # `newsletter`
    {"a": "he", "b": "lpdesk@acme.io"},
    {"a": "prod", "b": "sre.team@acme.io"},              # keys that name nothing
    {"user": "dev", "domain": "ops@acme.io"},            # keys that name an address's parts
    {"part1": "prod", "part2": "ops@acme.io"},
])
async def test_a_split_address_still_joins(guard: Guard, args: dict[str, str]) -> None:
    key = next(iter(args))
    for sent in await _sent(guard, args):
        assert sent[key].startswith("<EMAIL_ADDRESS_"), sent


def test_the_key_of_each_value() -> None:
    texts = ["label", "bug", "reporter", "li.wei@acme.io", "x"]
    assert field_keys(texts, [[(0, "key"), (1, "string"), (2, "key"), (3, "string")], [(4, "string")]]) == {
        1: frozenset({"label"}), 3: frozenset({"reporter"})}
