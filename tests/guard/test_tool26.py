"""Issue 12, atk25 F01 and F08 (`proxy.guard.tool26`): a tool call's JSON result and the call's own arguments are read
with the call's name. `get_customer_ssn` -> `{"result": "536904399"}`, `get_phone` -> `{"result": 6175550143}`,
`send_sms {"to": "6175550143"}`, `update_ssn {"value": "536904399"}` went upstream (and to the client, the model's own
calls) as sent; a bare result of a tool naming a phone without `phone` (`get_contact_number`) too. Look-alikes (an
order's total, an id, a count, a message's body, an order search) stay as sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24, tool26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer, screen_request
from proxy.providers import anthropic, openai
from proxy.providers.answers import answer_sweep
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                               "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}
OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"],
               "min_score": 0.4}}
SSN, PHONE, PHONE2 = "536904399", "6175550143", "6175550188"


def test_the_type_a_tools_name_says() -> None:
    for name in ("get_customer_ssn", "update_ssn", "getEmployeeSSN", "fetch_social_security_number"):
        assert tool26.args_cue(name) == "ssn", name
    for name in ("get_phone", "get_phone_numbers", "get_contact_number", "get_callback_number", "get_whatsapp",
                 "get_mobile", "fetch_msisdn", "lookup_by_phone"):
        assert tool26.result_cue(name) == "phone" and tool26.args_cue(name) == "phone", name
    for name in ("send_sms", "call_customer", "place_call", "dial", "send_text_message", "call"):
        assert tool26.args_cue(name) == "phone" and tool26.result_cue(name) is None, name  # a verb: its arguments
    assert tool26.args_cue("search_customers") == "record" and tool26.args_cue("find_patients") == "record"
    for name in ("get_order_total", "get_order", "search_orders", "call_api", "call_function", "get_call", "get_text",
                 "send_email", "create_contact", "send_message"):
        assert tool26.args_cue(name) is None and tool26.result_cue(name) is None, name
    assert tool26.result_cue("get_phone_count") is None and tool26.result_cue("get_sms_balance") is None


def test_json_members_carry_their_keys() -> None:
    text = '{"data": {"id": 7, "value": "536904399"}, "l": [1, [2], {"x": 4}, 5]}'
    assert [(text[a:b], key) for a, b, key in tool26.json_members(text)] == [
        ("7", "id"), ("536904399", "value"), ("1", "l"), ("2", "l"), ("4", "x"), ("5", "l")]
    assert [key for _, _, key in tool26.json_members('["6175550143", "6175550188"]')] == [None, None]


def _chat(name: str, args: dict[str, Any], result: str) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "Look up my record"},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": result}]}


def _claude(name: str, args: dict[str, Any], result: str) -> dict[str, Any]:
    return {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Look up my record"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": args}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": result}]}]}


def _responses(name: str, args: dict[str, Any], result: str) -> dict[str, Any]:
    return {"model": "m", "input": [
        {"role": "user", "content": "Look up my record"},
        {"type": "function_call", "call_id": "c1", "name": name, "arguments": json.dumps(args)},
        {"type": "function_call_output", "call_id": "c1", "output": result}]}


ROUTES = {CHAT: _chat, MESSAGES: _claude, RESPONSES: _responses}


def _parts(kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """(the call's arguments, the tool's result) as they go upstream."""
    if kind == CHAT:
        m = body["messages"]
        return json.loads(m[1]["tool_calls"][0]["function"]["arguments"]), m[2]["content"]
    if kind == MESSAGES:
        m = body["messages"]
        return m[1]["content"][0]["input"], m[2]["content"][0]["content"]
    return json.loads(body["input"][1]["arguments"]), body["input"][2]["output"]


async def _sent(guard: Guard, kind: str, body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The call's arguments and the tool's result as they go upstream, screened as `proxy.flow` screens them."""
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return _parts(kind, body)


RESULTS = [  # (tool, its JSON result, what must not go up)
    ("get_customer_ssn", '{"result": "536904399"}', [SSN]),
    ("get_customer_ssn", '["536904399"]', [SSN]),
    ("get_customer_ssn", '{"data": {"id": 7, "value": "536904399"}}', [SSN]),
    ("get_phone", '{"result": "6175550143"}', [PHONE]),
    ("get_phone", '{"result": 6175550143}', [PHONE]),
    ("get_phone", '{"ok": true, "data": "6175550143"}', [PHONE]),
    ("get_phone_numbers", '["6175550143", "6175550188"]', [PHONE, PHONE2]),
]


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "result", "secrets"), RESULTS)
async def test_a_json_result_is_read_with_its_calls_name(guard: Guard, kind: str, name: str, result: str,
                                                        secrets: list[str]) -> None:
    _, sent = await _sent(guard, kind, ROUTES[kind](name, {}, result))
    assert [s for s in secrets if s in sent] == [], sent
    assert json.loads(sent).__class__ is json.loads(result).__class__  # still JSON, its shape kept
    if name == "get_customer_ssn" and "id" in result:
        assert json.loads(sent)["data"]["id"] == 7


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize("name", ["get_contact_number", "get_callback_number", "get_whatsapp"])
async def test_a_bare_result_of_a_tool_naming_a_phone_without_the_word(guard: Guard, kind: str, name: str) -> None:
    _, sent = await _sent(guard, kind, ROUTES[kind](name, {}, PHONE))
    assert PHONE not in sent and "<PHONE_NUMBER_" in sent, sent


ARGUMENTS = [  # (call, its arguments, what must not go up)
    ("send_sms", {"to": PHONE, "body": "hi"}, PHONE),
    ("call_customer", {"number": PHONE}, PHONE),
    ("update_ssn", {"value": SSN}, SSN),
    ("lookup_by_phone", {"q": PHONE}, PHONE),
    ("search_customers", {"query": PHONE}, PHONE),
]


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "args", "secret"), ARGUMENTS)
async def test_a_calls_own_arguments_are_read_with_its_name(guard: Guard, kind: str, name: str,
                                                           args: dict[str, Any], secret: str) -> None:
    sent, _ = await _sent(guard, kind, ROUTES[kind](name, args, "done"))
    assert secret not in json.dumps(sent), sent
    assert list(sent) == list(args)
    if "body" in args:
        assert sent["body"] == "hi"


LOOK_ALIKES = [  # (call, its arguments, its result): all go up as sent
    ("get_order_total", {}, '{"result": 536904399}'),
    ("get_order", {}, '{"id": 6175550143}'),
    ("get_phone_count", {}, '{"result": 12}'),
    ("get_phone", {}, '{"status": "ok", "count": 2}'),
    ("send_sms", {"to": "+16175550143", "body": "Your code is 482913"}, "done"),
    ("search_orders", {"query": "6175550143"}, "done"),
    ("get_order_status", {"order_id": 6175550143}, '{"result": {"total": 536904399}}'),
    ("call_api", {"value": "6175550143"}, '{"result": "6175550143"}'),
    ("update_ssn", {"id": 536904399, "value": "pending"}, '{"updated": 1733400000}'),
    ("send_text_message", {"from": 1700000000, "to": 1700086400, "limit": 6175550143}, "done"),  # Unix times, a count
]


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "args", "result"), LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, kind: str, name: str, args: dict[str, Any], result: str) -> None:
    sent, got = await _sent(guard, kind, ROUTES[kind](name, args, result))
    assert got == result
    if name == "send_sms":  # (the number with its country code was redacted before: its key names a phone)
        assert sent["body"] == args["body"] and "6175550143" not in sent["to"]
    else:
        assert sent == args


def _answer(kind: str, name: str, args: dict[str, Any]) -> dict[str, Any]:
    if kind == CHAT:
        return {"id": "x", "object": "chat.completion", "model": "m", "choices": [{"index": 0, "finish_reason":
                "tool_calls", "message": {"role": "assistant", "content": None, "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}]}}]}
    if kind == MESSAGES:
        return {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "stop_reason": "tool_use",
                "content": [{"type": "tool_use", "id": "toolu_1", "name": name, "input": args}]}
    return {"id": "resp_1", "object": "response", "status": "completed", "model": "m", "output": [
        {"type": "function_call", "id": "fc_1", "call_id": "c1", "name": name, "arguments": json.dumps(args)}]}


def _answer_args(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    if kind == CHAT:
        return json.loads(body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])  # type: ignore[no-any-return]
    if kind == MESSAGES:
        return body["content"][0]["input"]  # type: ignore[no-any-return]
    return json.loads(body["output"][0]["arguments"])  # type: ignore[no-any-return]


async def _screened_answer(guard: Guard, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    adapter = anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER
    known = adapter.response_texts(kind, body)
    with tool26.answered(kind, body):
        await screen_answer(guard, policy(output=OUT), known + answer_sweep(body, known, screen=True), None)
    return _answer_args(kind, body)


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "args", "secret"), ARGUMENTS)
async def test_the_models_own_call_is_read_with_its_name(guard: Guard, kind: str, name: str, args: dict[str, Any],
                                                         secret: str) -> None:
    got = await _screened_answer(guard, kind, _answer(kind, name, args))
    assert secret not in json.dumps(got), got
    assert list(got) == list(args)


@pytest.mark.parametrize("kind", list(ROUTES))
@pytest.mark.parametrize(("name", "args"), [("search_orders", {"query": PHONE}), ("get_order", {"id": PHONE}),
                                            ("send_sms", {"to": "+16175550143", "body": "Your code is 482913"}),
                                            ("call_api", {"value": PHONE})])
async def test_the_models_look_alike_calls_go_as_sent(guard: Guard, kind: str, name: str,
                                                      args: dict[str, Any]) -> None:
    got = await _screened_answer(guard, kind, _answer(kind, name, args))
    if name == "send_sms":
        assert got["body"] == args["body"]
    else:
        assert got == args
