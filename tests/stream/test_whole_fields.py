"""Issue 12 (atk6 HIGH 2, LOW-MEDIUM 13): a stream event's whole fields are read as the same JSON in a whole answer
(`OutputWindows.screen_fields` -> `proxy.guard.phases.screen_answer`): keys with their values, values with each
other; the Responses `response` read as the answer's body. A `patterns:` rule only (no PII analyzer needed)."""

from __future__ import annotations

import json
from typing import Any

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.phases import documents
from proxy.providers.answers import answer_sweep
from proxy.providers.base import CHAT, RESPONSES
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.providers.sse import SSEEvent
from proxy.stream.channels import StreamRewriter
from tests.stream.test_channels import events_of
from tests.support.clients import sse

POLICY = Policy.model_validate({"name": "t", "output": {"patterns": [
    {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}})


async def _run(kind: str, events: list[dict[str, Any]], named: bool) -> tuple[StreamRewriter, str]:
    rewriter = StreamRewriter(kind, openai_adapter, Guard().output_stream(POLICY), fail_closed=True)
    out: list[bytes] = []
    for ev in events_of(sse(*events, named=named).encode()):
        out.extend(await rewriter.process(ev, ev.json()))
    out.extend(await rewriter.finish())
    return rewriter, b"".join(out).decode()


async def test_a_chat_chunk_metadata_key_and_value_are_read_together() -> None:
    chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
             "choices": [{"index": 0, "delta": {"content": "ok."}, "finish_reason": None}],
             "metadata": {"project": "falcon"}}
    rewriter, got = await _run(CHAT, [chunk], named=False)
    assert rewriter.stopped
    assert "falcon" not in got


async def test_response_completed_fields_are_read_as_the_whole_answer_body() -> None:
    base = {"id": "resp_1", "object": "response", "created_at": 1, "model": "m"}
    rewriter, got = await _run(RESPONSES, [
        {"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress"}},
        {"type": "response.completed", "sequence_number": 1,
         "response": {**base, "status": "completed", "output": [], "prompt": {"id": "pmpt_1",
                                                                              "variables": {"project": "osprey"}}}}],
        named=True)
    assert rewriter.stopped
    assert "osprey" not in got


async def test_ordinary_fields_pass_and_a_repeated_event_is_read_once() -> None:
    base = {"id": "resp_1", "object": "response", "created_at": 1, "model": "m", "metadata": {"team": "platform"}}
    windows = Guard().output_stream(POLICY)
    rewriter = StreamRewriter(RESPONSES, openai_adapter, windows, fail_closed=True)
    event = {"type": "response.in_progress", "sequence_number": 1, "response": {**base, "status": "in_progress"}}
    for n in range(3):
        raw = sse({**event, "sequence_number": n}, named=True).encode()
        (sent,) = await rewriter.process(SSEEvent(raw), json.loads(raw.split(b"data: ")[1]))
        assert isinstance(sent, bytes) and b'"team": "platform"' in sent
    assert not rewriter.stopped
    assert len(rewriter._fields_seen) == 1


def test_an_echoed_schema_property_name_is_read_right_before_its_description() -> None:
    body = {"tools": [{"type": "function", "name": "f", "parameters": {
        "type": "object", "properties": {"project": {"type": "string", "description": "falcon"}}}}]}
    slots = answer_sweep(body, [])
    read = [(s.get(), getattr(s, "mode", "value")) for s in slots]
    assert ("project", "key") in read and ("falcon", "value") in read
    assert ("object", "value") not in read and ("string", "value") not in read  # schema words left out
    (doc,) = documents(slots)
    assert [(slots[i].get(), how) for i, how in doc] == [("project", "key"), ("falcon", "string")]
