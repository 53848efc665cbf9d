"""Issue 12, atk26 F5, F3, F2, F7 (`proxy.guard.prev27`), end to end through the official OpenAI SDK: a streamed
answer with a slim `response.completed` (no output) is remembered from its completed items; a tool result before the
user's reply keeps the remembered question; a custom tool's output is read with its name; a system/developer message
or a second short bubble between the question and the reply keeps its cue. Look-alikes (a question about an order
number) reach the provider as sent. Values are not the reproducers' (held out)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _ev(data: dict[str, Any]) -> str:
    return f"event: {data['type']}\ndata: {json.dumps(data)}\n\n"


def _slim_stream(rid: str, question: str) -> str:
    """A streamed answer asking `question`, whose `response.completed` carries no output."""
    base = {"id": rid, "object": "response", "created_at": int(time.time()), "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}
    item = {"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": question, "annotations": []}]}
    return "".join(_ev(e) for e in [
        {"type": "response.created", "sequence_number": 0, "response": base},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
         "item": {**item, "content": [], "status": "in_progress"}},
        {"type": "response.content_part.added", "sequence_number": 2, "output_index": 0, "item_id": "msg_1",
         "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}},
        {"type": "response.output_text.delta", "sequence_number": 3, "output_index": 0, "item_id": "msg_1",
         "content_index": 0, "delta": question},
        {"type": "response.output_text.done", "sequence_number": 4, "output_index": 0, "item_id": "msg_1",
         "content_index": 0, "text": question},
        {"type": "response.output_item.done", "sequence_number": 5, "output_index": 0, "item": item},
        {"type": "response.completed", "sequence_number": 6, "response": {
            **base, "status": "completed", "usage": {"input_tokens": 3, "output_tokens": 5, "total_tokens": 8}}},
    ])


@pytest.mark.parametrize(("question", "value", "sent_as_is"), [
    ("Thanks. Which mobile number should we text?", "4155550199", False),
    ("Sure. What's the order number on your receipt?", "4155550199", True),  # look-alike
])
def test_a_slim_completed_stream_is_remembered(guarded: Proxy, mock: Mock, question: str, value: str,
                                               sent_as_is: bool) -> None:
    client = oai(guarded)
    mock.script(raw_sse=_slim_stream("resp_slim1", question))
    done = [e.response.id for e in client.responses.create(model="gpt-4o-mini", input="Book me", stream=True)
            if e.type == "response.completed"]
    assert done == ["resp_slim1"]
    mock.script(text="ok")
    client.responses.create(model="gpt-4o-mini", previous_response_id="resp_slim1", input=value)
    sent = json.dumps(mock.last_body["input"])
    assert (value in sent) == sent_as_is, sent


def test_a_tool_output_before_the_reply_and_a_custom_tool(guarded: Proxy, mock: Mock) -> None:
    client = oai(guarded)
    mock.script(raw_body=json.dumps({
        "id": "resp_mix1", "object": "response", "created_at": int(time.time()), "status": "completed",
        "model": "gpt-4o-mini", "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10},
        "output": [{"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
                    "content": [{"type": "output_text", "text": "And your full name, please?", "annotations": []}]},
                   {"type": "custom_tool_call", "id": "ctc_1", "call_id": "call_k1", "name": "lookup_subscriber_ssn",
                    "input": "7", "status": "completed"},
                   {"type": "function_call", "id": "fc_1", "call_id": "call_k2", "name": "record_audit_event",
                    "arguments": "{}", "status": "completed"}]}))
    r1 = client.responses.create(model="gpt-4o-mini", input="Update my account.")
    mock.script(text="ok")
    client.responses.create(model="gpt-4o-mini", previous_response_id=r1.id, input=[
        {"type": "custom_tool_call_output", "call_id": "call_k1", "output": "523419876"},
        {"type": "function_call_output", "call_id": "call_k2", "output": "logged"},
        {"role": "user", "content": "Summer Love"}])
    sent = mock.last_body["input"]
    assert "523419876" not in sent[0]["output"] and "<US_SSN_" in sent[0]["output"], sent[0]
    assert sent[1]["output"] == "logged"
    assert "Love" not in json.dumps(sent[2]) and "<PERSON_" in json.dumps(sent[2]), sent[2]


@pytest.mark.parametrize("between", [
    [{"role": "system", "content": "Current date: 2026-01-14."}],
    [{"role": "developer", "content": "Answer briefly."}],
    [{"role": "user", "content": "one sec"}],
])
@pytest.mark.parametrize(("question", "sent_as_is"), [("Got it. What number can we call you back on?", False),
                                                      ("Sure. What's your order number?", True)])
def test_chat_and_responses_turns_between_question_and_reply(guarded: Proxy, mock: Mock, between: list[Any],
                                                             question: str, sent_as_is: bool) -> None:
    client = oai(guarded)
    mock.script(text="ok")
    client.chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "assistant", "content": question}, *between, {"role": "user", "content": "7185550123"}])
    assert ("7185550123" in json.dumps(mock.last_body["messages"])) == sent_as_is
    mock.script(text="ok")
    client.responses.create(model="gpt-4o-mini", input=[
        {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": question}]},
        *between, {"role": "user", "content": "7185550123"}])
    assert ("7185550123" in json.dumps(mock.last_body["input"])) == sent_as_is
