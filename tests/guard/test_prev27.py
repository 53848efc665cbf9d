"""Issue 12, atk26 F17, F5, F3, F2, F7 (`proxy.guard.prev27`): prev26's memory gives each caller its own share; a
streamed answer whose `response.completed` carries no output is remembered from its completed items; tool results
before the user's reply and Responses custom tools are read as function tools are; a system/developer turn or a
second short user bubble between the question and the reply keeps the question's cue.

Values and phrasings here are not the reproducers' (held out). Look-alikes: a question about something else (order
numbers), a long first bubble, another caller's flood of its own answers."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from proxy.guard import context24, prev26, prev27
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import anthropic, openai
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from proxy.providers.sse import SSEEvent
from proxy.stream.usage import StreamUsage
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}
ALICE = {"Authorization": "Bearer sk-alice"}
BOB = {"Authorization": "Bearer sk-bob"}
CAROL = {"Authorization": "Bearer sk-carol"}


@pytest.fixture(autouse=True)
def _forget() -> Any:
    prev26.clear()
    yield
    prev26.clear()


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _message(text: str) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}


def _answer(rid: str, text: str | None = None, calls: tuple[tuple[str, str, str], ...] = ()) -> dict[str, Any]:
    """A Responses answer: a message, then calls ((type, call_id, name))."""
    output: list[dict[str, Any]] = [_message(text)] if text is not None else []
    output += [{"id": f"fc_{k}", "type": kind, "status": "completed", "call_id": call_id, "name": name,
                **({"arguments": "{}"} if kind == "function_call" else {"input": "7"})}
               for k, (kind, call_id, name) in enumerate(calls)]
    return {"id": rid, "object": "response", "status": "completed", "output": output,
            "usage": {"input_tokens": 5, "output_tokens": 3, "total_tokens": 8}}


def _relayed(answer: dict[str, Any], headers: dict[str, str] = ALICE) -> None:
    prev26.caller(RESPONSES, "default", headers, {"model": "m", "input": "hi"})
    prev26.answered(RESPONSES, answer)


async def _sent(guard: Guard, kind: str, body: dict[str, Any], headers: dict[str, str] = ALICE) -> dict[str, Any]:
    """The body as it goes upstream, screened as `proxy.flow` screens it."""
    body = copy.deepcopy(body)
    prev26.caller(kind, "default", headers, body)
    slots = (anthropic.ADAPTER if kind == MESSAGES else openai.ADAPTER).request_texts(kind, body)
    with context24.cued(kind, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    return body


def _gone(value: str, sent: Any) -> bool:
    return value not in json.dumps(sent) and "<" in json.dumps(sent)


# ------------------------------------------------------------------------------------------- F17


async def test_another_callers_flood_does_not_evict_this_callers_answer(guard: Guard,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prev26, "LIMIT", 6)
    monkeypatch.setattr(prev27, "PER_CALLER", 3)
    _relayed(_answer("resp_alice", "Could you tell me your phone number?"), ALICE)
    for k in range(40):  # another caller: far more than the whole memory
        _relayed(_answer(f"resp_bob{k}", "What is your phone number?"), BOB)
    body = {"model": "m", "previous_response_id": "resp_alice", "input": "4155550199"}
    assert _gone("4155550199", await _sent(guard, RESPONSES, body, ALICE))
    # the flooding caller keeps its own newest (its share), its oldest forgotten first
    assert _gone("4155550199", await _sent(guard, RESPONSES, {**body, "previous_response_id": "resp_bob39"}, BOB))
    old = {**body, "previous_response_id": "resp_bob0"}
    assert await _sent(guard, RESPONSES, old, BOB) == old
    assert len(prev26._turns) <= 6


async def test_past_the_whole_limit_the_largest_share_gives_up_its_oldest(guard: Guard,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prev26, "LIMIT", 5)
    monkeypatch.setattr(prev27, "PER_CALLER", 3)
    _relayed(_answer("resp_alice", "And your phone number, please?"), ALICE)
    for k in range(3):
        _relayed(_answer(f"resp_bob{k}", "What is your phone number?"), BOB)
    for k in range(3):
        _relayed(_answer(f"resp_carol{k}", "What is your phone number?"), CAROL)
    assert len(prev26._turns) == 5
    body = {"model": "m", "previous_response_id": "resp_alice", "input": "7185550123"}
    assert _gone("7185550123", await _sent(guard, RESPONSES, body, ALICE))
    for who, rid in ((BOB, "resp_bob2"), (CAROL, "resp_carol2")):
        assert _gone("7185550123", await _sent(guard, RESPONSES, {**body, "previous_response_id": rid}, who))


async def test_one_caller_alone_still_bounded_by_its_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prev27, "PER_CALLER", 4)
    for k in range(9):
        _relayed(_answer(f"resp_{k}", "What is your phone number?"))
    assert len(prev26._turns) == 4
    assert sum(len(s) for s in prev26._shares.values()) == 4


# ------------------------------------------------------------------------------------------- F5


def _stream(rid: str, text: str, calls: tuple[tuple[str, str, str], ...] = (),
            slim: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A Responses stream's events, ending with a `response.completed` whose response is `slim` (no output)."""
    done = _answer(rid, text, calls)["output"]
    events: list[dict[str, Any]] = [{"type": "response.created", "response": {"id": rid, "output": []}}]
    for k, item in enumerate(done):
        events.append({"type": "response.output_item.added", "output_index": k, "item": {**item, "content": []}})
        events.append({"type": "response.output_item.done", "output_index": k, "item": copy.deepcopy(item)})
    completed = {"id": rid, "object": "response", "status": "completed",
                 "usage": {"input_tokens": 3, "output_tokens": 5, "total_tokens": 8}, **(slim or {})}
    events.append({"type": "response.completed", "response": completed})
    return events


def _raw(event: dict[str, Any]) -> bytes:
    return f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()


def _relay_stream(events: list[dict[str, Any]], *, parsed: bool, headers: dict[str, str] = ALICE) -> None:
    """The stream relayed as `proxy.stream` relays it: each event parsed (guarded), or runs of whole events."""
    prev26.caller(RESPONSES, "default", headers, {"model": "m", "input": "hi", "stream": True})
    meter = StreamUsage(openai.ADAPTER, RESPONSES)
    if not parsed:
        meter.take_run(b"".join(_raw(e) for e in events))
        return
    for event in events:
        ev = SSEEvent(_raw(event))
        data = ev.json()
        meter.observe(ev, data)
        if event["type"] == "response.output_item.done" and data["item"].get("content"):
            data["item"]["content"][0]["text"] = ""  # the relay rewrites the event after reading it


@pytest.mark.parametrize("parsed", [True, False])
@pytest.mark.parametrize("slim", [{}, {"output": []}])
async def test_a_slim_completed_stream_is_remembered_from_its_items(guard: Guard, parsed: bool,
                                                                   slim: dict[str, Any]) -> None:
    _relay_stream(_stream("resp_s1", "Thanks. Which mobile number should we text?", slim=slim), parsed=parsed)
    body = {"model": "m", "previous_response_id": "resp_s1", "input": "4155550199"}
    assert _gone("4155550199", await _sent(guard, RESPONSES, body))
    _relay_stream(_stream("resp_s2", "Looking that up.", (("function_call", "call_s9", "fetch_member_ssn"),),
                          slim=slim), parsed=parsed)
    body = {"model": "m", "previous_response_id": "resp_s2",
            "input": [{"type": "function_call_output", "call_id": "call_s9", "output": "523419876"}]}
    assert _gone("523419876", await _sent(guard, RESPONSES, body))


@pytest.mark.parametrize("parsed", [True, False])
async def test_a_slim_stream_about_something_else_gives_no_cue(guard: Guard, parsed: bool) -> None:
    _relay_stream(_stream("resp_s3", "Sure. What's the order number on your receipt?", slim={"output": []}),
                  parsed=parsed)
    body = {"model": "m", "previous_response_id": "resp_s3", "input": "4155550199"}
    assert await _sent(guard, RESPONSES, body) == body
    assert not prev26._turns


# ------------------------------------------------------------------------------------------- F3


async def test_tool_results_before_the_reply_keep_the_remembered_question(guard: Guard) -> None:
    _relayed(_answer("resp_t1", "Noted. May I have your first and last name?",
                     (("function_call", "call_t1", "record_audit_event"),)))
    body = {"model": "m", "previous_response_id": "resp_t1", "input": [
        {"type": "function_call_output", "call_id": "call_t1", "output": "ok"},
        {"role": "developer", "content": "Keep it short."},
        {"role": "user", "content": "Summer Love"}]}
    sent = await _sent(guard, RESPONSES, body)
    assert "Love" not in json.dumps(sent) and "<" in sent["input"][2]["content"]
    assert sent["input"][0]["output"] == "ok"


async def test_tool_results_before_a_reply_to_something_else(guard: Guard) -> None:
    _relayed(_answer("resp_t2", "What's your order number?", (("function_call", "call_t2", "record_audit_event"),)))
    body = {"model": "m", "previous_response_id": "resp_t2", "input": [
        {"type": "function_call_output", "call_id": "call_t2", "output": "ok"},
        {"role": "user", "content": "7185550123"}]}
    assert await _sent(guard, RESPONSES, body) == body


async def test_an_assistant_turn_in_the_request_takes_over(guard: Guard) -> None:
    _relayed(_answer("resp_t3", "What is your phone number?"))
    body = {"model": "m", "previous_response_id": "resp_t3", "input": [
        {"role": "user", "content": "why do you need it? I'd rather not say, to be honest with you"},
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Understood. "
                                                              "What's your order number then?"}]},
        {"role": "user", "content": "7185550123"}]}
    assert await _sent(guard, RESPONSES, body) == body


# ------------------------------------------------------------------------------------------- F2


@pytest.mark.parametrize(("fn", "value", "gone"), [("lookup_subscriber_ssn", "523419876", "523419876"),
                                                   ("get_caller_phone", "7185550123", "7185550123"),
                                                   ("fetch_patient_full_name", "Summer Love", "Love")])
async def test_a_custom_tool_output_is_read_with_its_name(guard: Guard, fn: str, value: str, gone: str) -> None:
    stateless = {"model": "m", "input": [
        {"role": "user", "content": "Look up customer 7."},
        {"type": "custom_tool_call", "call_id": "call_c1", "name": fn, "input": "7"},
        {"type": "custom_tool_call_output", "call_id": "call_c1", "output": value}]}
    sent = await _sent(guard, RESPONSES, stateless)
    assert gone not in sent["input"][2]["output"] and "<" in sent["input"][2]["output"]
    _relayed(_answer("resp_c1", calls=(("custom_tool_call", "call_c2", fn),)))
    stateful = {"model": "m", "previous_response_id": "resp_c1",
                "input": [{"type": "custom_tool_call_output", "call_id": "call_c2", "output": value}]}
    sent = await _sent(guard, RESPONSES, stateful)
    assert gone not in sent["input"][0]["output"] and "<" in sent["input"][0]["output"]


async def test_a_custom_tool_of_other_data_returns_as_sent(guard: Guard) -> None:
    body = {"model": "m", "input": [
        {"type": "custom_tool_call", "call_id": "call_c1", "name": "get_order_number", "input": "7"},
        {"type": "custom_tool_call_output", "call_id": "call_c1", "output": "7185550123"}]}
    assert await _sent(guard, RESPONSES, body) == body
    _relayed(_answer("resp_c2", calls=(("custom_tool_call", "call_c2", "get_order_total"),)))
    body = {"model": "m", "previous_response_id": "resp_c2",
            "input": [{"type": "custom_tool_call_output", "call_id": "call_c2", "output": "523419876"}]}
    assert await _sent(guard, RESPONSES, body) == body


# ------------------------------------------------------------------------------------------- F7

BETWEEN = [  # turns between the question and the reply
    [{"role": "system", "content": "Current date: 2026-01-14."}],
    [{"role": "developer", "content": "Answer briefly."}],
    [{"role": "user", "content": "one sec"}],
    [{"role": "system", "content": "Reminder: be polite."}, {"role": "user", "content": "ok here it is"}],
]


def _chat(question: str, between: list[dict[str, Any]], reply: str) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "system", "content": "You book tables."},
                                       {"role": "assistant", "content": question}, *between,
                                       {"role": "user", "content": reply}]}


def _claude(question: str, between: list[dict[str, Any]], reply: str) -> dict[str, Any]:
    users = [m for m in between if m["role"] == "user"]
    return {"model": "c", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Book a table."},
        {"role": "assistant", "content": [{"type": "text", "text": question}]}, *users,
        {"role": "user", "content": [{"type": "text", "text": reply}]}]}


def _responses(question: str, between: list[dict[str, Any]], reply: str) -> dict[str, Any]:
    return {"model": "m", "input": [{"role": "user", "content": "Book a table."},
                                    {"type": "message", "role": "assistant",
                                     "content": [{"type": "output_text", "text": question}]}, *between,
                                    {"role": "user", "content": reply}]}


def _stateful(question: str, between: list[dict[str, Any]], reply: str) -> dict[str, Any]:
    _relayed(_answer("resp_f7", question))
    return {"model": "m", "previous_response_id": "resp_f7", "input": [*between, {"role": "user", "content": reply}]}


SHAPES = [(CHAT, _chat), (MESSAGES, _claude), (RESPONSES, _responses), (RESPONSES, _stateful)]


@pytest.mark.parametrize("between", BETWEEN)
@pytest.mark.parametrize(("kind", "shape"), SHAPES)
@pytest.mark.parametrize(("question", "reply", "gone"), [
    ("Got it. What number can we call you back on?", "4155550199", "4155550199"),
    ("Thanks. And your full name?", "Chance Young", "Young"),
])
async def test_a_turn_between_the_question_and_the_reply_keeps_its_cue(guard: Guard, between: list[dict[str, Any]],
                                                                       kind: str, shape: Any, question: str,
                                                                       reply: str, gone: str) -> None:
    if kind == MESSAGES and not any(m["role"] == "user" for m in between):
        pytest.skip("Anthropic messages have no system/developer turns")
    sent = await _sent(guard, kind, shape(question, between, reply))
    assert gone not in json.dumps(sent), sent


@pytest.mark.parametrize("between", BETWEEN)
@pytest.mark.parametrize(("kind", "shape"), SHAPES)
async def test_a_reply_to_a_question_about_something_else_stays(guard: Guard, between: list[dict[str, Any]],
                                                                kind: str, shape: Any) -> None:
    body = shape("Sure. What's your order number?", between, "4155550199")
    assert await _sent(guard, kind, body) == body


LONG = "hmm, before that I wanted to ask whether the terrace is open in the evening this week"


@pytest.mark.parametrize(("kind", "shape"), SHAPES)
async def test_a_reply_after_a_long_bubble_or_several_is_read_as_sent(guard: Guard, kind: str, shape: Any) -> None:
    for between in ([{"role": "user", "content": LONG}],
                    [{"role": "user", "content": "ok"}, {"role": "user", "content": "wait"},
                     {"role": "user", "content": "hmm"}]):
        body = shape("What is your phone number?", between, "4155550199")
        assert await _sent(guard, kind, body) == body, between
