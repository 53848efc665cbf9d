"""A value whole in one argument is not extended by its neighbouring argument (atk15 L1, input), end to end with
the official SDKs and what the mock provider RECEIVED: an assistant tool call's arguments `{"ticket": "T-1001",
"to": "jane.roe@gmail.com"}` went up as `{"ticket": "<EMAIL_ADDRESS_1>", "to": "<EMAIL_ADDRESS_2>"}`, a language
code or a small number before an address or a phone number alike, the record counting two values for one. Chat
`tool_calls` arguments, Responses `function_call` arguments and Anthropic `tool_use` input; a value split over
two arguments still goes up as placeholders only."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_BOTH_WAYS_POLICY, claude, oai, received


@pytest.fixture(scope="module")
def fields(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


# (the arguments, what goes up, the input record's findings)
CASES = [
    ({"ticket": "T-1001", "to": "jane.roe@gmail.com"}, {"ticket": "T-1001", "to": "<EMAIL_ADDRESS_1>"},
     {"EMAIL_ADDRESS": 1}),
    ({"lang": "en", "to": "jane.roe@gmail.com"}, {"lang": "en", "to": "<EMAIL_ADDRESS_1>"}, {"EMAIL_ADDRESS": 1}),
    ({"n": "5", "phone": "212-555-0199"}, {"n": "5", "phone": "<PHONE_NUMBER_1>"}, {"PHONE_NUMBER": 1}),
    ({"order": "ORD-2024-0042", "locale": "fr", "email": "li.wei@outlook.com", "qty": "3"},
     {"order": "ORD-2024-0042", "locale": "fr", "email": "<EMAIL_ADDRESS_1>", "qty": "3"}, {"EMAIL_ADDRESS": 1}),
    ({"ref": "INV-7731", "n": "2", "phone": "415-555-0132", "cc": "tom.baker@yahoo.com"},
     {"ref": "INV-7731", "n": "2", "phone": "<PHONE_NUMBER_1>", "cc": "<EMAIL_ADDRESS_1>"},
     {"PHONE_NUMBER": 1, "EMAIL_ADDRESS": 1}),
    ({"card": "4111111111111111", "qty": "3", "lang": "en"}, {"card": "<CREDIT_CARD_1>", "qty": "3", "lang": "en"},
     {"CREDIT_CARD": 1}),
    ({"n": "7", "card": "4111111111111111", "host": "10.1.2.3"},
     {"n": "7", "card": "<CREDIT_CARD_1>", "host": "<IP_ADDRESS_1>"}, {"CREDIT_CARD": 1, "IP_ADDRESS": 1}),
]


def _findings(p: Proxy) -> dict[str, int]:
    rec = p.records()[-1]
    found = [c for c in rec["checks"] if c.get("phase") == "input" and c.get("check") == "pii"]
    assert len(found) == 1, rec["checks"]
    return found[0]["findings"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("args", "sent", "findings"), CASES)
def test_chat_tool_call_arguments(fields: Proxy, mock: Mock, args: dict[str, Any], sent: dict[str, Any],
                                  findings: dict[str, int]) -> None:
    oai(fields).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    got = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert got == sent, got
    assert _findings(fields) == findings


@pytest.mark.parametrize(("args", "sent", "findings"), CASES)
def test_responses_function_call_arguments(fields: Proxy, mock: Mock, args: dict[str, Any], sent: dict[str, Any],
                                           findings: dict[str, int]) -> None:
    oai(fields).responses.create(model="gpt-4o-mini", input=[  # type: ignore[list-item]
        {"role": "user", "content": "look it up"},
        {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": json.dumps(args)},
        {"type": "function_call_output", "call_id": "call_1", "output": "done"}])
    got = json.loads(mock.last_body["input"][1]["arguments"])
    assert got == sent, got
    assert _findings(fields) == findings


@pytest.mark.parametrize(("args", "sent", "findings"), CASES)
def test_anthropic_tool_use_input(fields: Proxy, mock: Mock, args: dict[str, Any], sent: dict[str, Any],
                                  findings: dict[str, int]) -> None:
    claude(fields).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": args}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    got = mock.last_body["messages"][1]["content"][0]["input"]
    assert got == sent, got
    assert _findings(fields) == findings


@pytest.mark.parametrize(("args", "pieces"), [
    ({"a": "617-555", "b": "0143"}, ["617", "0143"]),
    ({"a": "jane.doe", "b": "@gmail.com"}, ["jane.doe", "gmail"]),
    ({"a": "jane.", "b": "doe@gmail.com"}, ["jane", "doe@"]),
    ({"a": "de", "b": "nise.roe@gmail.com"}, ["de", "nise.roe"]),
])
def test_a_value_split_over_two_arguments_still_goes_up_as_placeholders(fields: Proxy, mock: Mock,
                                                                       args: dict[str, Any],
                                                                       pieces: list[str]) -> None:
    oai(fields).chat.completions.create(model="gpt-4o-mini", messages=[  # type: ignore[misc]
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    claude(fields).messages.create(model="claude-3-5-haiku-latest", max_tokens=10, messages=[
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": args}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    chat = json.loads(mock.state.requests[-2].body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    tool_input = mock.last_body["messages"][1]["content"][0]["input"]
    values = [*chat.values(), *tool_input.values()]
    assert len(values) == 4 and all(v.startswith("<") for v in values), values
    assert not any(piece in value for piece in pieces for value in values), values
    assert not any(piece in received(mock) for piece in pieces[1:]), values
