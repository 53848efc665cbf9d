"""gap49 (`proxy.guard.gap49`): a chat tool message whose call was trimmed is read with the `name` it gives (atk47
t72), and a user message's `name` field (a string or a number) is read as its reply (num48's left). Look-alikes go
as sent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24, gap49s, reply26, tool26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from tests.guard.conftest import policy

IN = {"pii": {"action": "redact", "entities": ["PHONE_NUMBER", "US_SSN", "EMAIL_ADDRESS", "PERSON"]}}
SSN, PHONE = "536904399", "6175550143"
ASK = {"role": "user", "content": "look up customer 7"}
Q_SSN = {"role": "assistant", "content": "What is your Social Security number?"}
Q_PHONE = {"role": "assistant", "content": "What is the best phone number to reach you?"}


async def _sent(guard: Guard, body: dict[str, Any], kind: str = CHAT) -> str:
    body = copy.deepcopy(body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=IN), slots)
    return json.dumps(body)


def _tool(name: str, content: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [
        ASK, {"role": "tool", "tool_call_id": "call_1", "name": name, "content": content}]}


def _named(question: dict[str, Any], name: Any) -> dict[str, Any]:
    return {"model": "gpt-4o-mini", "messages": [question, {"role": "user", "content": "ok", "name": name}]}


LEAKS = [
    (_tool("get_customer_ssn", SSN), SSN),
    (_tool("get_customer_ssn", json.dumps({"result": SSN})), SSN),
    (_tool("get_customer_ssn", int(SSN)), SSN),
    (_tool("get_customer_ssn", [{"type": "text", "text": SSN}]), SSN),
    (_tool("lookup_phone", PHONE), PHONE),
    (_named(Q_SSN, SSN), SSN),
    (_named(Q_SSN, int(SSN)), SSN),
    (_named(Q_PHONE, PHONE), PHONE),
]


@pytest.mark.parametrize(("body", "value"), LEAKS)
async def test_value_is_read_with_the_name(guard: Guard, body: dict[str, Any], value: str) -> None:
    sent = await _sent(guard, body)
    assert value not in sent and ("<" in sent or "_1" in sent), sent


ALIKE = [
    _tool("get_order_total", SSN),  # a trimmed call whose name names no type
    _named(Q_SSN, "alice"),  # a participant's name
    {"model": "gpt-4o-mini", "messages": [ASK, {"role": "user", "content": "ok", "name": SSN}]},  # no question
    {"model": "gpt-4o-mini", "messages": [  # the call is in the request: its own name wins
        ASK, {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "get_order_total", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "name": "get_customer_ssn", "content": SSN}]},
]


@pytest.mark.parametrize("body", ALIKE)
async def test_look_alikes_go_as_sent(guard: Guard, body: dict[str, Any]) -> None:
    assert await _sent(guard, body) == json.dumps(body)


# ------------------------------------------------------------------ base64 text files in a tool's result


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def _claude_result(name: str, text: str) -> dict[str, Any]:
    doc = {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": _b64(text)}}
    return {"model": "claude-sonnet-4-5", "max_tokens": 9, "messages": [
        {"role": "user", "content": "look up customer 7"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "tu_1", "name": name, "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "tu_1", "content": [doc]}]}]}


def _responses_result(name: str, text: str) -> dict[str, Any]:
    return {"model": "gpt-5", "input": [
        {"role": "user", "content": "look up customer 7"},
        {"type": "function_call", "call_id": "c1", "name": name, "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": [
            {"type": "input_file", "filename": "r.txt", "file_data": "data:text/plain;base64," + _b64(text)}]}]}


@pytest.mark.parametrize(("kind", "body", "value"), [
    (MESSAGES, _claude_result("get_customer_ssn", SSN), SSN),
    (MESSAGES, _claude_result("lookup_phone", PHONE), PHONE),
    (RESPONSES, _responses_result("get_customer_ssn", SSN), SSN),
    (RESPONSES, _responses_result("get_customer_ssn", "id,value\n7," + SSN), SSN),
])
async def test_base64_text_file_in_a_result_read_with_the_call(guard: Guard, kind: str, body: dict[str, Any],
                                                               value: str) -> None:
    sent = await _sent(guard, body, kind)
    assert _b64(value) not in sent and body != json.loads(sent), sent


@pytest.mark.parametrize(("kind", "body"), [(MESSAGES, _claude_result("get_order_total", SSN)),
                                            (RESPONSES, _responses_result("count_items", SSN))])
async def test_base64_text_file_of_an_ordinary_call_goes_as_sent(guard: Guard, kind: str,
                                                                 body: dict[str, Any]) -> None:
    assert await _sent(guard, body, kind) == json.dumps(body)


# ------------------------------------------------------------------ a thinking block's cue (gap49s)


@pytest.mark.parametrize(("thought", "prefix"), [
    ("The user wants the SSN on file.", True), ("I should give them the customer's cell number.", True),
    ("The user wants the order number.", False), ("Let me add up the totals.", False)])
def test_a_thought_naming_a_kind_cues_the_answer(thought: str, prefix: bool) -> None:
    assert (gap49s._cue(thought) is not None) is prefix


class _Windows:  # a stream's windows: any object a weak reference can name
    pass


def _start(k: int, block: dict[str, Any]) -> dict[str, Any]:
    return {"type": "content_block_start", "index": k, "content_block": block}


def test_streamed_thinking_sets_the_answer_cue_only_without_the_user_cue() -> None:
    import contextvars

    def run(events: list[dict[str, Any]], user_cue: bool) -> Any:
        if user_cue:
            reply26._ANSWER.set(reply26._Answer("Phone number: "))
        w = _Windows()
        for e in events:
            gap49s.observe(w, MESSAGES, e)
        return reply26._ANSWER.get()

    thinking = [_start(0, {"type": "thinking", "thinking": ""}),
                {"type": "content_block_delta", "index": 0,
                 "delta": {"type": "thinking_delta", "thinking": "The user wants "}},
                {"type": "content_block_delta", "index": 0,
                 "delta": {"type": "thinking_delta", "thinking": "the SSN on file."}}]
    got = contextvars.copy_context().run(run, thinking, False)
    assert got is not None and "SSN" in got.prefix
    assert contextvars.copy_context().run(run, thinking, True).prefix == "Phone number: "
    assert contextvars.copy_context().run(run, thinking, False) is not None
    assert contextvars.copy_context().run(run, [_start(0, {"type": "thinking", "thinking": "Add the totals."})],
                                          False) is None


def test_streamed_mcp_result_is_given_its_call_then_let_go() -> None:
    import contextvars

    use = {"type": "mcp_tool_use", "id": "m1", "name": "get_customer_ssn", "server_name": "crm", "input": {}}
    res = {"type": "mcp_tool_result", "tool_use_id": "m1", "content": [{"type": "text", "text": SSN}]}

    def run() -> list[Any]:
        w = _Windows()
        gap49s.observe(w, MESSAGES, _start(0, use))
        gap49s.observe(w, MESSAGES, _start(1, res))
        during = tool26._BODY.get()
        gap49s.observe(w, MESSAGES, _start(2, {"type": "text", "text": ""}))
        return [during, tool26._BODY.get()]

    during, after = contextvars.copy_context().run(run)
    assert during == (MESSAGES, {"content": [use, res]}) and after is None


# ------------------------------------------------------------------ restore: records and lookups send nothing

PH = "<EMAIL_ADDRESS_1>"
NOT_POSTS = [
    '{"user": "@dana", "email": "%s"}',
    '{"phone": "+16175550143", "name": "%s"}',
    '{"text": "call tel:+16175550143 about %s"}',
    '{"account_number": "12345678", "message": "%s"}',
    '{"invoice_number": "12345678", "text": "%s"}',
    '{"customer_id": "12345678", "message": "%s"}',
]


@pytest.mark.parametrize("args", NOT_POSTS)
def test_a_record_or_a_lookup_sends_nothing(args: str) -> None:
    from proxy.guard.scopes import sends

    assert not sends(args % PH)


# ------------------------------------------------------------------ values dictated over provider-kept turns (gap49t)

UK_DICTATED = [
    ["My mobile: 07911 123", "456"],
    ["My phone is 020 7946", "0321"],
    ["my number is 07911", "123", "456"],
    ["My UK number is +44 20", "7946", "0321"],
    ["call me on +44 7911", "123456"],
    ["My phone: +44 (0)20 7946", "0321"],
    ["Mobile 07911-123", "456"],
    ["you can ring me on 0161 496", "0123"],
    ["landline 020 7946", "0321"],
]


@pytest.mark.parametrize("pieces", UK_DICTATED)
@pytest.mark.parametrize("scope", ["response", "conversation"])
async def test_a_uk_number_dictated_over_kept_turns_is_redacted(analyzer: Any, pieces: list[str], scope: str) -> None:
    from tests.guard.test_turn47 import _dictated
    from tests.support.pii import WordScorer

    sent = await _dictated(Guard(analyzer, WordScorer(), stream_hold_chars=60), pieces, scope=scope, tag="uk")
    assert pieces[-1] not in sent[-1] and "<" in sent[-1], sent
