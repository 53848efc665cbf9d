"""Output guarding on recorded provider streams, with simple text filters standing in for the guard."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from proxy.outcomes import block_body, block_stream_ending
from proxy.providers import anthropic as anthropic_adapter
from proxy.providers import openai as openai_adapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, Usage
from proxy.stream_guard import GuardedStream
from proxy.streaming import SSEEvent, SSESplitter
from tests.conftest import FIXTURES

WIRE = FIXTURES / "wire"
OPENAI_SSE = sorted((WIRE / "openai-python" / "chat_stream_recordings").glob("*.sse"))
ANTHROPIC_SSE = sorted((WIRE / "anthropic-sdk-python" / "streaming_fixtures").glob("*.txt"))
needs_wire = pytest.mark.skipif(not WIRE.exists(), reason="shared wire fixtures not present")


class Identity:
    blocked = False

    async def feed(self, channel: str, fragment: str) -> str:
        return fragment

    async def end(self, channel: str) -> str:
        return ""


class HoldAllUpper:
    """Releases nothing until a channel ends, then all of it upper-cased: the worst case for holding."""

    blocked = False

    def __init__(self) -> None:
        self.held: dict[str, str] = defaultdict(str)

    async def feed(self, channel: str, fragment: str) -> str:
        self.held[channel] += fragment
        return ""

    async def end(self, channel: str) -> str:
        return self.held.pop(channel, "").upper()


class BlockOnWord:
    """Releases fragments until one contains the word; then blocks (the word never goes out)."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.blocked = False

    async def feed(self, channel: str, fragment: str) -> str:
        if self.word in fragment:
            self.blocked = True
            return ""
        return fragment

    async def end(self, channel: str) -> str:
        return ""


def events_of(raw: bytes) -> list[SSEEvent]:
    splitter = SSESplitter()
    events = list(splitter.feed(raw))
    tail = splitter.close()
    return [*events, tail] if tail is not None else events


async def run(kind: str, adapter, guard, raw: bytes) -> bytes:  # type: ignore[no-untyped-def]
    """What `forward.relay_stream` does with a guarded stream, minus HTTP."""
    stream = GuardedStream(kind, adapter, guard)
    out: list[bytes] = []
    for ev in events_of(raw):
        out.extend(await stream.process(ev, ev.json()))
        if stream.blocked:
            out.extend(block_stream_ending(kind, stream.meta, Usage(3, 2), send_usage=True, released=stream.released))
            return b"".join(out)
    out.extend(await stream.finish())
    return b"".join(out)


def texts(kind: str, adapter, raw: bytes) -> dict[str, str]:  # type: ignore[no-untyped-def]
    joined: dict[str, str] = defaultdict(str)
    for ev in events_of(raw):
        data = ev.json()
        if isinstance(data, dict) and not adapter.is_whole_text_event(kind, data):
            for slot in adapter.stream_event_texts(kind, data):
                joined[slot.channel] += slot.get()
    return dict(joined)


@needs_wire
@pytest.mark.parametrize("path", OPENAI_SSE + ANTHROPIC_SSE, ids=lambda p: p.name[:20])
async def test_identity_guard_keeps_every_byte(path: Path) -> None:
    kind, adapter = (CHAT, openai_adapter) if path.suffix == ".sse" else (MESSAGES, anthropic_adapter)
    raw = path.read_bytes()
    assert await run(kind, adapter, Identity(), raw) == raw


@needs_wire
@pytest.mark.parametrize("path", OPENAI_SSE + ANTHROPIC_SSE, ids=lambda p: p.name[:20])
async def test_held_text_is_released_before_each_channel_closes(path: Path) -> None:
    kind, adapter = (CHAT, openai_adapter) if path.suffix == ".sse" else (MESSAGES, anthropic_adapter)
    raw = path.read_bytes()
    got = await run(kind, adapter, HoldAllUpper(), raw)
    want = {c: t.upper() for c, t in texts(kind, adapter, raw).items()}
    assert texts(kind, adapter, got) == want
    # Every released remainder comes before its channel's closing event.
    events = [e.json() for e in events_of(got)]
    if kind == MESSAGES:
        for index in {e["index"] for e in events if isinstance(e, dict) and e.get("type") == "content_block_stop"}:
            stop = next(i for i, e in enumerate(events) if isinstance(e, dict) and e.get("type") ==
                        "content_block_stop" and e["index"] == index)
            deltas = [i for i, e in enumerate(events) if isinstance(e, dict) and e.get("type") ==
                      "content_block_delta" and e["index"] == index]
            assert not deltas or max(deltas) < stop
    else:
        indices = {c["index"] for e in events if isinstance(e, dict) for c in e.get("choices", [])}
        for index in indices:
            finish = [i for i, e in enumerate(events) if isinstance(e, dict) and any(
                c["index"] == index and c.get("finish_reason") for c in e.get("choices", []))]
            text_events = [i for i, e in enumerate(events) if isinstance(e, dict) and any(
                s.get() and s.channel.startswith(f"choice:{index}:") for s in adapter.stream_event_texts(kind, e))]
            assert finish and max(text_events) < min(finish)


@needs_wire
async def test_blocked_openai_stream_ends_with_content_filter_and_done() -> None:
    raw = (WIRE / "openai-python" / "chat_stream_recordings").glob("e2aad469b71d*.sse").__next__().read_bytes()
    full = texts(CHAT, openai_adapter, raw)["choice:0:content"]
    word = full.split()[len(full.split()) // 2]
    got = await run(CHAT, openai_adapter, BlockOnWord(word), raw)
    events = list(events_of(got))
    assert events[-1].is_done
    assert events[-2].json()["choices"] == [] and events[-2].json()["usage"]["completion_tokens"] == 2
    assert events[-3].json()["choices"][0]["finish_reason"] == "content_filter"
    sent = texts(CHAT, openai_adapter, got).get("choice:0:content", "")
    assert word not in sent and full.startswith(sent)


@needs_wire
async def test_blocked_anthropic_stream_ends_with_refusal_and_message_stop() -> None:
    raw = (WIRE / "anthropic-sdk-python" / "streaming_fixtures" / "basic_response.txt").read_bytes()
    got = await run(MESSAGES, anthropic_adapter, BlockOnWord("there"), raw)
    events = [e.json() for e in events_of(got)]
    types = [e["type"] for e in events]
    assert types[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    assert events[-2]["delta"]["stop_reason"] == "refusal"
    assert "there" not in json.dumps(events)


async def test_responses_whole_text_events_match_what_was_streamed() -> None:
    events = [
        {"type": "response.created", "sequence_number": 0,
         "response": {"id": "r", "output": [], "status": "in_progress"}},
        {"type": "response.output_text.delta", "sequence_number": 1, "output_index": 0, "content_index": 0,
         "delta": "hello "},
        {"type": "response.output_text.delta", "sequence_number": 2, "output_index": 0, "content_index": 0,
         "delta": "world"},
        {"type": "response.output_text.done", "sequence_number": 3, "output_index": 0, "content_index": 0,
         "text": "hello world"},
        {"type": "response.completed", "sequence_number": 4, "response": {"id": "r", "status": "completed", "output": [
            {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "hello world"}]}]}},
    ]
    raw = b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)
    got = [e.json() for e in SSESplitter().feed(await run(RESPONSES, openai_adapter, HoldAllUpper(), raw))]
    deltas = "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta")
    assert deltas == "HELLO WORLD"
    assert next(e for e in got if e["type"] == "response.output_text.done")["text"] == "HELLO WORLD"
    completed = next(e for e in got if e["type"] == "response.completed")
    assert completed["response"]["output"][0]["content"][0]["text"] == "HELLO WORLD"


def test_block_body_marks_each_provider_format() -> None:
    chat = {"choices": [{"index": 0, "message": {"content": "", "tool_calls": [{}]}, "finish_reason": "stop"}]}
    block_body(CHAT, chat, {"choice:0:content"})
    assert chat["choices"][0]["finish_reason"] == "content_filter" and "tool_calls" not in chat["choices"][0]["message"]
    msg = {"content": [{"type": "text", "text": ""}], "stop_reason": "end_turn"}
    block_body(MESSAGES, msg, {"block:0"})
    assert msg["stop_reason"] == "refusal" and msg["content"] == []
    resp = {"status": "completed", "output": []}
    block_body(RESPONSES, resp, {"output:0:content:0"})
    assert resp["status"] == "incomplete" and resp["incomplete_details"] == {"reason": "content_filter"}
