"""A value found whole in one field of a tool call's arguments, read across the field's edge into its neighbour
(atk15 L1, input; `proxy.guard.checks.pii.field_neighbour`): the neighbouring field's short id, language code or
small number is left as sent and the value keeps one placeholder of its type (`{"ticket": "T-1001", "to":
"jane.roe@gmail.com"}` went up as `{"ticket": "<EMAIL_ADDRESS_1>", "to": "<EMAIL_ADDRESS_2>"}`; `{"lang": "en",
...}` and `{"n": "5", "phone": "212-555-0199"}` alike). Chat `tool_calls` arguments, Responses `function_call`
arguments and Anthropic `tool_use` input; a value really split over two fields is still one value."""

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

# (the arguments, the key of the neighbour left as sent, the key of the value, its type)
NEIGHBOURS = [
    ({"ticket": "T-1001", "to": "jane.roe@gmail.com"}, "ticket", "to", "EMAIL_ADDRESS"),
    ({"lang": "en", "to": "jane.roe@gmail.com"}, "lang", "to", "EMAIL_ADDRESS"),
    ({"lang": "de", "to": "max.mustermann@gmail.com"}, "lang", "to", "EMAIL_ADDRESS"),
    ({"locale": "es", "reply_to": "ana.garcia@yahoo.com"}, "locale", "reply_to", "EMAIL_ADDRESS"),
    ({"order": "ORD-2024-0042", "email": "li.wei@outlook.com"}, "order", "email", "EMAIL_ADDRESS"),
    ({"ref": "INV-7731", "cc": "tom.baker@yahoo.com"}, "ref", "cc", "EMAIL_ADDRESS"),
    ({"id": "42", "email": "bob@gmail.com"}, "id", "email", "EMAIL_ADDRESS"),
    ({"n": "5", "phone": "212-555-0199"}, "n", "phone", "PHONE_NUMBER"),
    ({"qty": "3", "phone": "415-555-0132"}, "qty", "phone", "PHONE_NUMBER"),
    ({"ticket": "T-1001", "phone": "646-555-0112"}, "ticket", "phone", "PHONE_NUMBER"),
    ({"n": "7", "card": "4111111111111111"}, "n", "card", "CREDIT_CARD"),
    ({"order": "A-77812", "card": "5555555555554444"}, "order", "card", "CREDIT_CARD"),
    ({"n": "4", "host": "10.1.2.3"}, "n", "host", "IP_ADDRESS"),
]

# Values split over two fields: no piece goes up.
SPLITS = [
    ({"a": "617-555", "b": "0143"}, ["617", "0143"]),
    ({"a": "617", "b": "555-0143"}, ["617", "0143"]),
    ({"a": "jane.doe@exa", "b": "mple.com"}, ["jane.doe", "mple.com"]),
    ({"a": "jane.doe", "b": "@gmail.com"}, ["jane.doe", "gmail"]),
    ({"a": "jane.", "b": "doe@gmail.com"}, ["jane", "doe@"]),
    ({"a": "jane", "b": "doe@gmail.com"}, ["jane", "doe@"]),
    ({"a": "de", "b": "nise.roe@gmail.com"}, ['"de"', "nise.roe"]),
    ({"a": "4111 1111", "b": "1111 1111"}, ["4111", "1111"]),
]


def _chat(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": json.dumps(args)}}]}]}


def _responses(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "input": [
        {"role": "user", "content": "look it up"},
        {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": json.dumps(args)}]}


def _claude(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 10, "messages": [
        {"role": "user", "content": "look it up"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": args}]}]}


async def _sent(guard: Guard, route: str, args: dict[str, Any]) -> dict[str, Any]:
    """The arguments as they go up, after the request's screen."""
    if route == "chat":
        body = _chat(dict(args))
        await screen_request(guard, policy(input=PII), openai.request_texts("chat", body))
        return json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])  # type: ignore[no-any-return]
    if route == "responses":
        body = _responses(dict(args))
        await screen_request(guard, policy(input=PII), openai.request_texts("responses", body))
        return json.loads(body["input"][1]["arguments"])  # type: ignore[no-any-return]
    body = _claude(dict(args))
    await screen_request(guard, policy(input=PII), anthropic.request_texts("messages", body))
    return body["messages"][1]["content"][0]["input"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("route", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize(("args", "kept", "key", "entity"), NEIGHBOURS)
async def test_a_neighbouring_field_is_left_as_sent(guard: Guard, route: str, args: dict[str, Any], kept: str,
                                                    key: str, entity: str) -> None:
    sent = await _sent(guard, route, args)
    assert sent[kept] == args[kept], sent
    assert sent[key] == f"<{entity}_1>", sent


@pytest.mark.parametrize("args", [
    {"to": "jane.roe@gmail.com", "lang": "en"},
    {"phone": "212-555-0199", "n": "5"},
    {"n": "5", "lang": "en", "ticket": "T-1001", "to": "jane.roe@gmail.com", "phone": "212-555-0199"},
    {"ticket": 1001, "qty": 3, "email": "li.wei@outlook.com", "card": "4111111111111111"},
])
async def test_many_fields_each_value_one_placeholder_of_its_type(guard: Guard, args: dict[str, Any]) -> None:
    sent = await _sent(guard, "chat", args)
    values = {"to": "<EMAIL_ADDRESS_1>", "email": "<EMAIL_ADDRESS_1>", "phone": "<PHONE_NUMBER_1>",
              "card": "<CREDIT_CARD_1>"}
    assert sent == {k: values.get(k, v) for k, v in args.items()}, sent


@pytest.mark.parametrize("route", ["chat", "responses", "anthropic"])
@pytest.mark.parametrize(("args", "pieces"), SPLITS)
async def test_a_value_split_over_two_fields_is_still_one_value(guard: Guard, route: str, args: dict[str, Any],
                                                               pieces: list[str]) -> None:
    sent = json.dumps(await _sent(guard, route, args))
    assert not any(piece in sent for piece in pieces), sent


@pytest.mark.parametrize(("args", "kept", "key", "entity"), [
    ({"card": "4111111111111111", "id": "42"}, "id", "card", "CREDIT_CARD"),
    ({"card": "5555555555554444", "qty": "3"}, "qty", "card", "CREDIT_CARD"),
    ({"phone": "212-555-0199", "n": "5"}, "n", "phone", "PHONE_NUMBER"),
])
async def test_a_short_number_after_a_value_then_a_tool_result_is_left_as_sent(guard: Guard, args: dict[str, Any],
                                                                             kept: str, key: str,
                                                                             entity: str) -> None:
    body = _chat(dict(args))
    body["messages"].append({"role": "tool", "tool_call_id": "call_1", "content": "done"})
    await screen_request(guard, policy(input=PII), openai.request_texts("chat", body))
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent == {key: f"<{entity}_1>", kept: args[kept]}, sent
    assert body["messages"][2]["content"] == "done"


@pytest.mark.parametrize(("args", "pieces"), [
    ({"a": "5", "b": "500 0000 0000 0004"}, ['"5"', "0004"]),
    ({"a": "5", "b": "36-90-4399"}, ['"5"', "4399"]),
    ({"a": "4111 1111 1111", "b": "1111"}, ["4111", '"1111"']),
])
async def test_digits_grouped_as_one_card_or_ssn_over_two_fields_stay_one_value(guard: Guard, args: dict[str, Any],
                                                                              pieces: list[str]) -> None:
    sent = json.dumps(await _sent(guard, "chat", args))
    assert not any(piece in sent for piece in pieces), sent


async def test_an_id_ending_a_message_before_an_argument_is_left_as_sent(guard: Guard) -> None:
    body = _chat({"to": "jane.roe@gmail.com"})
    body["messages"][0]["content"] = "ticket T-1001"
    await screen_request(guard, policy(input=PII), openai.request_texts("chat", body))
    assert body["messages"][0]["content"] == "ticket T-1001", body
    assert json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"]) == {"to": "<EMAIL_ADDRESS_1>"}
