"""Issue 12, atk25 F02 (`proxy.guard.prev26`): a Responses request that continues an answer this process relayed
(`previous_response_id`, `conversation`) reads its short reply with that answer's question and its
`function_call_output` with that answer's call's name, as `proxy.guard.context24` does when the earlier turn is in the
request. Only cue kinds are remembered, per caller. Look-alikes: a question about something else, an unknown id,
another caller's id, a call the answer did not make, an answer too old or forgotten: read without context, as sent.

(Async tests: each runs in its own task, so the caller set here is not seen by any other test.)"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest

from proxy.guard import context24, prev26
from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from proxy.providers.base import RESPONSES
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN",
                                                "IBAN_CODE", "IP_ADDRESS"], "min_score": 0.4, "restore": True}}
ALICE = {"Authorization": "Bearer sk-alice"}
BOB = {"Authorization": "Bearer sk-bob"}


@pytest.fixture(autouse=True)
def _forget() -> Any:
    prev26.clear()
    yield
    prev26.clear()


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _answer(rid: str, text: str | None = None, calls: tuple[tuple[str, str], ...] = (),
            conversation: str | None = None) -> dict[str, Any]:
    """A Responses answer as the provider sends it: a message, then function calls ((call_id, name))."""
    output: list[dict[str, Any]] = []
    if text is not None:
        output.append({"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
                       "content": [{"type": "output_text", "text": text, "annotations": []}]})
    output += [{"id": f"fc_{k}", "type": "function_call", "status": "completed", "call_id": call_id, "name": name,
                "arguments": "{\"customer\": \"me\"}"} for k, (call_id, name) in enumerate(calls)]
    out: dict[str, Any] = {"id": rid, "object": "response", "status": "completed", "output": output,
                           "usage": {"input_tokens": 5, "output_tokens": 3, "total_tokens": 8}}
    if conversation is not None:
        out["conversation"] = {"id": conversation}
    return out


def _relayed(answer: dict[str, Any], headers: dict[str, str] = ALICE, team: str = "default",
             streamed: bool = False) -> None:
    """`answer` relayed to the caller of `headers` (whole: its body's usage read; streamed: its completed event's)."""
    prev26.caller(RESPONSES, team, headers, {"model": "m", "input": "hi"})
    if streamed:
        prev26.answered_event(RESPONSES, {"type": "response.completed", "sequence_number": 9, "response": answer})
    else:
        prev26.answered(RESPONSES, answer)


async def _sent(guard: Guard, body: dict[str, Any], headers: dict[str, str] = ALICE,
                team: str = "default") -> dict[str, Any]:
    """The request body as it goes upstream, screened as `proxy.flow` screens it."""
    body = copy.deepcopy(body)
    prev26.caller(RESPONSES, team, headers, body)
    slots = openai.ADAPTER.request_texts(RESPONSES, body)
    with context24.cued(RESPONSES, body, slots):
        await screen_request(guard, policy(input=PII), slots)
    return body


def _output(rid: str, call_id: str, value: str) -> dict[str, Any]:
    return {"model": "m", "previous_response_id": rid,
            "input": [{"type": "function_call_output", "call_id": call_id, "output": value}]}


TOOLS = [  # (tool name, result, what must not go up)
    ("get_customer_ssn", "536904399", "536904399"),  # the README's example
    ("get_customer_phone", "6175550143", "6175550143"),
    ("get_customer_name", "Bill White", "White"),
    ("lookupPatientMobile", "3125550177", "3125550177"),  # held out
    ("fetch_employee_ssn", "412837465", "412837465"),
    ("get_contact", "Rose Baker, 2025550164", "2025550164"),
]
TOOL_LOOKALIKES = [("get_order_total", "536904399"), ("get_order_number", "6175550143"),
                   ("get_product_name", "Bill Pay"), ("count_users", "2024")]


@pytest.mark.parametrize(("fn", "result", "gone"), TOOLS)
@pytest.mark.parametrize("streamed", [False, True])
async def test_a_tool_result_for_a_relayed_call_is_read_with_its_name(guard: Guard, fn: str, result: str, gone: str,
                                                                      streamed: bool) -> None:
    _relayed(_answer("resp_a1", calls=(("call_q7", fn),)), streamed=streamed)
    sent = (await _sent(guard, _output("resp_a1", "call_q7", result)))["input"][0]["output"]
    assert gone not in sent and "<" in sent, sent


@pytest.mark.parametrize(("fn", "result"), TOOL_LOOKALIKES)
async def test_a_tool_of_other_data_returns_as_sent(guard: Guard, fn: str, result: str) -> None:
    _relayed(_answer("resp_a1", calls=(("call_q7", fn),)))
    body = _output("resp_a1", "call_q7", result)
    assert await _sent(guard, body) == body


ANSWERS = [  # (answer 1's text, the next request's input, what must not go up)
    ("What is your phone number?", "6175550143", "6175550143"),
    ("To verify, what is your SSN?", "536904399", "536904399"),
    ("What is your full name?", "Bill White", "White"),
    # held out: other values, other phrasings
    ("Thanks! What's the best mobile to reach you on?", "3125550177", "3125550177"),
    ("Before I continue, can you give me your social security number?", "372615948", "372615948"),
    ("Great. May I have your first and last name?", "Rose Baker", "Baker"),
    ("Who am I speaking with?", "Grace Hill", "Hill"),
    ("Got it. And a callback number?", "sure, 2025550164", "2025550164"),
]
LOOKALIKES = [  # answer 1 asks for something else: the reply goes as sent
    ("What's your order number?", "6175550143"),
    ("Which year?", "2024"),
    ("What is the product name?", "Bill Pay"),
    ("What's the tracking number on the parcel?", "9405511899"),
    ("What's your company name?", "Apple Pie Bakery"),
]


def _replies(rid: str, value: str) -> list[tuple[dict[str, Any], Any]]:
    """The next request's shapes: a string input, a message item (string or parts), after a developer message."""
    return [
        ({"model": "m", "previous_response_id": rid, "input": value}, lambda b: b["input"]),
        ({"model": "m", "previous_response_id": rid, "input": [{"role": "user", "content": value}]},
         lambda b: b["input"][0]["content"]),
        ({"model": "m", "previous_response_id": rid, "input": [
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": value}]}]},
         lambda b: b["input"][0]["content"][0]["text"]),
        ({"model": "m", "previous_response_id": rid, "instructions": "Be brief.", "input": [
            {"role": "developer", "content": "Answer in English."}, {"role": "user", "content": value}]},
         lambda b: b["input"][1]["content"]),
    ]


@pytest.mark.parametrize(("question", "value", "gone"), ANSWERS)
@pytest.mark.parametrize("streamed", [False, True])
async def test_a_short_reply_is_read_with_the_relayed_question(guard: Guard, question: str, value: str, gone: str,
                                                               streamed: bool) -> None:
    _relayed(_answer("resp_q1", "Sure, I can help with that. " + question), streamed=streamed)
    for body, at in _replies("resp_q1", value):
        sent = at(await _sent(guard, body))
        assert gone not in sent and "<" in sent, (body, sent)


@pytest.mark.parametrize(("question", "value"), LOOKALIKES)
async def test_a_reply_to_a_question_about_something_else_goes_as_sent(guard: Guard, question: str,
                                                                       value: str) -> None:
    _relayed(_answer("resp_q1", question))
    for body, _ in _replies("resp_q1", value):
        assert await _sent(guard, body) == body


async def test_no_context_without_a_known_answer(guard: Guard) -> None:
    _relayed(_answer("resp_q1", "What is your phone number?", calls=(("call_q7", "get_customer_ssn"),)))
    unknown = [_output("resp_zz", "call_q7", "536904399"),                          # an id never relayed
               {"model": "m", "previous_response_id": "resp_zz", "input": "6175550143"},
               _output("resp_q1", "call_other", "536904399"),                      # a call the answer did not make
               {"model": "m", "input": "6175550143"},                              # no previous answer named
               {"model": "m", "previous_response_id": "resp_q1",                   # not the first turn of the input
                "input": [{"role": "user", "content": "before that, a question about the invoice you sent me "
                                                      "last week for the order"},  # (after a short one: atk26 F7)
                          {"role": "user", "content": "6175550143"}]},
               {"model": "m", "previous_response_id": "resp_q1",                   # a long reply
                "input": "the order I placed last week was 6175550143 I think"}]
    for body in unknown:
        assert await _sent(guard, body) == body, body


async def test_another_callers_ids_give_no_context(guard: Guard) -> None:
    _relayed(_answer("resp_q1", "What is your phone number?", calls=(("call_q7", "get_customer_ssn"),)))
    for body in (_output("resp_q1", "call_q7", "536904399"),
                 {"model": "m", "previous_response_id": "resp_q1", "input": "6175550143"}):
        assert await _sent(guard, body, headers=BOB) == body               # another key
        assert await _sent(guard, body, team="other") == body              # another team
        assert await _sent(guard, body) != body                            # its own caller: redacted


async def test_the_request_itself_still_counts(guard: Guard) -> None:
    """A call the request holds is read with its own name; a remembered call of the same id does not override it."""
    _relayed(_answer("resp_a1", calls=(("call_q7", "get_customer_ssn"),)))
    body = {"model": "m", "previous_response_id": "resp_a1", "input": [
        {"type": "function_call", "call_id": "call_q7", "name": "get_order_total", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "call_q7", "output": "536904399"}]}
    assert await _sent(guard, body) == body


async def test_a_conversation_id_carries_its_latest_question_and_its_calls(guard: Guard) -> None:
    _relayed(_answer("resp_c1", calls=(("call_c1", "get_customer_ssn"),), conversation="conv_9"))
    _relayed(_answer("resp_c2", "What is your phone number?", conversation="conv_9"))
    for body in ({"model": "m", "conversation": "conv_9", "input": "6175550143"},
                 {"model": "m", "conversation": {"id": "conv_9"},
                  "input": [{"type": "function_call_output", "call_id": "call_c1", "output": "536904399"}]}):
        sent = json.dumps(await _sent(guard, body))
        assert "6175550143" not in sent and "536904399" not in sent, sent
    _relayed(_answer("resp_c3", "What's your order number?", conversation="conv_9"))  # the latest question counts
    body = {"model": "m", "conversation": "conv_9", "input": "6175550143"}
    assert await _sent(guard, body) == body


async def test_the_requests_conversation_when_the_answer_names_none(guard: Guard) -> None:
    prev26.caller(RESPONSES, "default", ALICE, {"model": "m", "conversation": "conv_5", "input": "hi"})
    prev26.answered(RESPONSES, _answer("resp_c1", "To verify, what is your SSN?"))
    body = {"model": "m", "conversation": "conv_5", "input": "536904399"}
    assert "536904399" not in json.dumps(await _sent(guard, body))


async def test_only_cue_kinds_are_kept() -> None:
    _relayed(_answer("resp_q1", "Bill, what is your phone number?", calls=(("call_q7", "get_customer_ssn"),
                                                                          ("call_q8", "send_email_to_bill"))))
    turns = list(prev26._turns.values())
    assert len(turns) == 1
    assert turns[0].question == "phone"
    assert set(turns[0].calls.values()) == {"ssn", "email"}
    assert all(isinstance(k, bytes) and b"call_q" not in k for k in turns[0].calls)
    assert not any(b"resp_q1" in k for k in prev26._turns)
    _relayed(_answer("resp_q2", "Here is your summary.", calls=(("call_q9", "get_order_total"),)))
    assert len(prev26._turns) == 1  # nothing to read later: nothing kept


async def test_no_caller_no_memory() -> None:
    """An answer whose request was not screened by this process (no caller) is not remembered."""
    prev26.answered(RESPONSES, _answer("resp_q1", "What is your phone number?"))
    assert not prev26._turns


async def test_bounded_by_count_and_age(guard: Guard, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(prev26, "LIMIT", 3)
    for k in range(5):
        _relayed(_answer(f"resp_{k}", "What is your phone number?"))
    assert len(prev26._turns) == 3
    assert await _sent(guard, {"model": "m", "previous_response_id": "resp_0", "input": "6175550143"}) \
        == {"model": "m", "previous_response_id": "resp_0", "input": "6175550143"}  # the oldest: forgotten
    assert "6175550143" not in json.dumps(
        await _sent(guard, {"model": "m", "previous_response_id": "resp_4", "input": "6175550143"}))
    later = time.monotonic() + prev26.MAX_AGE_S + 1
    monkeypatch.setattr(prev26.time, "monotonic", lambda: later)
    body = {"model": "m", "previous_response_id": "resp_4", "input": "6175550143"}
    assert await _sent(guard, body) == body  # too old
    _relayed(_answer("resp_9", "What is your phone number?"))  # the expired ones go
    assert len(prev26._turns) == 1


async def test_odd_answers_are_ignored() -> None:
    prev26.caller(RESPONSES, "default", ALICE, {"model": "m", "input": "hi"})
    for odd in ({"id": "resp_x"}, {"id": 5, "output": []}, {"id": "resp_x", "output": "text"},
                {"id": "resp_x", "output": [None, 3, {"type": "function_call", "call_id": 4, "name": None},
                                            {"type": "message", "content": None}]},
                {"id": "r" * 300, "output": [{"type": "function_call", "call_id": "c", "name": "get_ssn"}]}):
        prev26.answered(RESPONSES, odd)
        prev26.answered_event(RESPONSES, {"type": "response.completed", "response": odd})
    assert not prev26._turns
    for odd_body in ({"previous_response_id": 5, "input": "x"}, {"conversation": [], "input": "x"},
                     {"previous_response_id": "resp_x", "input": 7}):
        out: dict[int, str] = {}
        prev26.recall(odd_body, out)
        assert out == {}
