"""Stream indexes a client reads otherwise than the proxy (atk24b F2, F3, F6), and SSE lines ended only at CR, LF or
CRLF (F5): through the relay's pump (no HTTP), with a pass-through filter standing in for the output windows."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import pytest

from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.providers.sse import SSEEvent, SSESplitter
from proxy.stream import indexes24
from proxy.stream.indexes24 import (
    MAX_INDEX,
    note_request,
    readable_index,
    stream_index_trouble,
    whole_index_trouble,
)
from tests.support.fixtures import FIXTURES, needs_fixtures
from tests.support.stream_pump import drive, make_pump, slices

WIRE = FIXTURES / "wire"
needs_wire = needs_fixtures("wire")

# Every index a client may read otherwise than the proxy: JSON.parse/pydantic read `1.0`, `true`, `"1"` as 1, an SDK
# helper files -1 under the last item, JavaScript reads 2**53 and 2**53 + 1 as one number.
BAD = [1.0, True, "1", None, -1, 2**53, 2**53 + 1, [1], {"i": 1}]
MISSING = object()


class Identity:
    blocked = False

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
        return fragment

    async def end(self, channel: str) -> str:
        return ""


class Restoring(Identity):
    """Restore only (no output rules): the request's values are restored into the answer."""

    restore = {"<EMAIL_ADDRESS_1>": "jane.doe@example.com"}


def sse(events: list[dict[str, Any]], *, named: bool = False, done: bool = False) -> bytes:
    out = b""
    for e in events:
        head = f"event: {e['type']}\n" if named else ""
        out += f"{head}data: {json.dumps(e)}\n\n".encode()
    return out + (b"data: [DONE]\n\n" if done else b"")


def _set(obj: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    obj = dict(obj)
    if value is MISSING:
        obj.pop(key, None)
    else:
        obj[key] = value
    return obj


# ------------------------------------------------------------------------------------------- the streams

def chat_choices(bad: Any) -> bytes:
    head = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    return sse([{**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Mail bob.smith@cont"},
                                      "finish_reason": None}]},
                {**head, "choices": [_set({"delta": {"content": "oso.com now."}, "finish_reason": None},
                                          "index", bad)]},
                {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}], done=True)


def chat_calls(bad: Any) -> bytes:
    head = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}

    def call(index: Any, args: str, first: bool = False) -> dict[str, Any]:
        piece: dict[str, Any] = {"function": {"arguments": args}}
        if first:
            piece = {"id": "call_1", "type": "function", "function": {"name": "note", "arguments": args}}
        return {**head, "choices": [{"index": 0, "delta": {"tool_calls": [_set(piece, "index", index)]},
                                     "finish_reason": None}]}
    return sse([call(0, '{"note": "Mail bob.smith@cont', first=True), call(bad, 'oso.com now."}'),
                {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}], done=True)


def anthropic_blocks(bad: Any, where: str) -> bytes:
    start = {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}}
    delta = {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": "oso.com now."}}
    stop = {"type": "content_block_stop", "index": 1}
    if where == "start":
        start = _set(start, "index", bad)
    elif where == "delta":
        delta = _set(delta, "index", bad)
    else:
        stop = _set(stop, "index", bad)
    return sse([
        {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
                                              "content": [], "stop_reason": None, "stop_sequence": None,
                                              "usage": {"input_tokens": 5, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Mail bob.smith@cont"}},
        {"type": "content_block_stop", "index": 0},
        start, delta, stop,
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}},
        {"type": "message_stop"}], named=True)


def responses_text(key: str, bad: Any) -> bytes:
    """A message item's text whose second delta carries `key` (an index field) as `bad`."""
    item = {"id": "msg_1", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    part = {"type": "output_text", "text": "", "annotations": []}
    second = _set({"type": "response.output_text.delta", **where, "delta": "oso.com now.", "logprobs": []}, key, bad)
    events = [{"type": "response.created", "response": {"id": "resp_1", "object": "response", "status": "in_progress",
                                                        "output": []}},
              {"type": "response.output_item.added", "output_index": 0, "item": item},
              {"type": "response.content_part.added", **where, "part": part},
              {"type": "response.output_text.delta", **where, "delta": "Mail bob.smith@cont", "logprobs": []},
              second]
    return sse([{**e, "sequence_number": n} for n, e in enumerate(events)], named=True)


def responses_summary(bad: Any) -> bytes:
    item = {"id": "rs_1", "type": "reasoning", "summary": []}
    where = {"item_id": "rs_1", "output_index": 0, "summary_index": 0}
    events = [{"type": "response.created", "response": {"id": "resp_1", "object": "response", "status": "in_progress",
                                                        "output": []}},
              {"type": "response.output_item.added", "output_index": 0, "item": item},
              {"type": "response.reasoning_summary_part.added", **where, "part": {"type": "summary_text", "text": ""}},
              {"type": "response.reasoning_summary_text.delta", **where, "delta": "Mail bob.smith@cont"},
              _set({"type": "response.reasoning_summary_text.delta", **where, "delta": "oso.com now."},
                   "summary_index", bad)]
    return sse([{**e, "sequence_number": n} for n, e in enumerate(events)], named=True)


async def _relay(kind: str, adapter: ProviderAdapter, raw: bytes, windows: Any = None, *,
                 fail_closed: bool = True) -> tuple[bytes, bool]:
    pump, rewriter = make_pump(kind, adapter, windows or Identity(), fail_closed=fail_closed)
    out = await drive(pump, slices(raw, 64))
    return out, rewriter.unreadable


ROUTES = [
    pytest.param(CHAT, openai_adapter, chat_calls, id="chat-tool-call"),
    pytest.param(MESSAGES, anthropic_adapter, lambda b: anthropic_blocks(b, "start"), id="anthropic-start"),
    pytest.param(MESSAGES, anthropic_adapter, lambda b: anthropic_blocks(b, "delta"), id="anthropic-delta"),
    pytest.param(MESSAGES, anthropic_adapter, lambda b: anthropic_blocks(b, "stop"), id="anthropic-stop"),
    pytest.param(RESPONSES, openai_adapter, lambda b: responses_text("output_index", b), id="responses-output"),
    pytest.param(RESPONSES, openai_adapter, lambda b: responses_text("content_index", b), id="responses-content"),
    pytest.param(RESPONSES, openai_adapter, responses_summary, id="responses-summary"),
]


@pytest.mark.parametrize(("kind", "adapter", "make"), ROUTES)
@pytest.mark.parametrize("bad", [*BAD, MISSING], ids=[*map(repr, BAD), "missing"])
async def test_an_index_a_client_reads_otherwise_makes_the_stream_unreadable(kind: str, adapter: ProviderAdapter,
                                                                             make: Any, bad: Any,
                                                                             request: pytest.FixtureRequest) -> None:
    out, unreadable = await _relay(kind, adapter, make(bad))
    assert unreadable
    assert b"end_turn" not in out  # cut there, never finished as the model did
    if "anthropic-stop" not in request.node.name:  # (there the bad index comes after the text)
        assert b"oso.com" not in out  # the piece the client would join with the first never goes out


@pytest.mark.parametrize("bad", [-1, 2**53, 2**53 + 1, 1.0, True, "1", None, MISSING])
@pytest.mark.parametrize("kind", [CHAT, COMPLETIONS])
async def test_a_choice_index_a_client_reads_otherwise_makes_the_stream_unreadable(kind: str, bad: Any) -> None:
    raw = chat_choices(bad)
    if kind == COMPLETIONS:
        raw = raw.replace(b'"delta": {"role": "assistant", "content": ', b'"text": ').replace(
            b'"delta": {"content": ', b'"text": ').replace(b'now."}', b'now."').replace(b'cont"}', b'cont"')
    out, unreadable = await _relay(kind, openai_adapter, raw)
    assert unreadable and b"oso.com" not in out


@pytest.mark.parametrize("kind", [CHAT, COMPLETIONS])
async def test_a_choice_the_request_did_not_ask_for_makes_the_stream_unreadable(kind: str) -> None:
    head = {"id": "c1", "created": 1, "model": "m"}

    def piece(index: int, text: str) -> dict[str, Any]:
        if kind == CHAT:
            return {**head, "choices": [{"index": index, "delta": {"content": text}, "finish_reason": None}]}
        return {**head, "choices": [{"index": index, "text": text, "finish_reason": None}]}
    raw = sse([piece(0, "Mail bob.smith@cont"), piece(1, "oso.com now.")], done=True)
    for body, refused in (({}, True), ({"n": 1}, True), ({"n": 2}, False), ({"n": "2"}, True)):
        note_request(kind, {"model": "m", **body})
        out, unreadable = await _relay(kind, openai_adapter, raw)
        assert unreadable is refused, body
        assert (b"oso.com" in out) is not refused
    indexes24._ASKED.set(None)


async def test_restore_only_streams_stop_at_such_an_index_and_plain_streams_relay_it() -> None:
    """Without output rules, a stream restoring the request's values stops there too (a restored value could join a
    sending call the client files it under); one restoring nothing is relayed unchanged, as before."""
    raw = chat_calls(-1)
    out, unreadable = await _relay(CHAT, openai_adapter, raw, Restoring(), fail_closed=False)
    assert unreadable and b"oso.com" not in out
    out, unreadable = await _relay(CHAT, openai_adapter, raw, fail_closed=False)
    assert not unreadable and out == raw


@pytest.mark.parametrize("make", [chat_choices, chat_calls, lambda i: anthropic_blocks(i, "delta"),
                                  lambda i: responses_text("content_index", i)])
async def test_ordinary_indexes_pass_unchanged(make: Any) -> None:
    raw = make(0) if make is chat_choices else make(1 if make is chat_calls else 0)
    if make is chat_choices:
        note_request(CHAT, {"model": "m"})
    kind, adapter = ((CHAT, openai_adapter) if make in (chat_choices, chat_calls)
                     else (MESSAGES, anthropic_adapter) if b"content_block" in raw else (RESPONSES, openai_adapter))
    out, unreadable = await _relay(kind, adapter, raw)
    indexes24._ASKED.set(None)
    assert not unreadable and b"oso.com now." in out


def test_readable_index() -> None:
    assert all(readable_index(v) for v in (0, 1, 127, MAX_INDEX))
    assert not any(readable_index(v) for v in BAD)


def test_the_required_index_fields_are_the_sdks() -> None:
    """Every Responses stream event type of the official SDK, and the `*_index` fields it requires in each."""
    from openai.types.responses import ResponseStreamEvent

    members = typing.get_args(typing.get_args(ResponseStreamEvent)[0]) or typing.get_args(ResponseStreamEvent)
    sdk = {}
    for model in members:
        etype = typing.get_args(model.model_fields["type"].annotation)[0]
        sdk[etype] = {k for k, f in model.model_fields.items() if k.endswith("_index") and f.is_required()}
    ours = {etype: set(keys) for etype, keys in indexes24._RESPONSES_REQUIRED.items()}
    assert {etype: keys for etype, keys in sdk.items() if keys} == ours


def test_whole_answers_choice_indexes() -> None:
    def body(*indexes: Any) -> dict[str, Any]:
        return {"choices": [{"index": i, "message": {"role": "assistant", "content": "x"}} for i in indexes]}
    assert not whole_index_trouble(CHAT, body(0, 1)) and not whole_index_trouble(CHAT, {"choices": [{"text": "x"}]})
    for bad in BAD:
        assert whole_index_trouble(CHAT, body(0, bad)) and whole_index_trouble(COMPLETIONS, body(bad))
    assert not whole_index_trouble(RESPONSES, body(-1))


@needs_wire
def test_recorded_provider_streams_carry_no_such_index() -> None:
    """No false positive on real providers' streams (the wire recordings): every event reads as before."""
    files: list[tuple[str, Path]] = [(CHAT, p) for p in (WIRE / "openai-python" / "chat_stream_recordings").glob("*")]
    files += [(MESSAGES, p) for p in (WIRE / "anthropic-sdk-python" / "streaming_fixtures").glob("*")]
    seen = 0
    for kind, path in files:
        splitter = SSESplitter()
        for ev in [*splitter.feed(path.read_bytes()), splitter.close()]:
            data = ev.json() if ev is not None else None
            if isinstance(data, dict):
                seen += 1
                assert not stream_index_trouble(kind, data, None), (path.name, data.get("type"))
    assert seen > 50


# ------------------------------------------------------------------------------------------------ F5: SSE lines

@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e", "\x0b", "\x0c"])
def test_an_event_line_ends_only_at_cr_or_lf(char: str) -> None:
    payload = '{"text": "First line.' + char + 'Second line."}'
    for end in ("\n", "\r\n", "\r"):
        ev = SSEEvent(f"event: x{end}data: {payload}{end}{end}".encode())
        assert ev.event == "x" and ev.data == payload and not ev.extra and not ev.foreign
    ev = SSEEvent(b"data: a\r\ndata: b\rdata: c\n\n")
    assert ev.data == "a\nb\nc"


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\u0085"])
async def test_a_raw_line_separator_in_an_answer_is_relayed_unchanged(char: str) -> None:
    head = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    raw = "".join(f"data: {json.dumps(e, ensure_ascii=False)}\n\n" for e in [
        {**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": f"First line.{char}"},
                              "finish_reason": None}]},
        {**head, "choices": [{"index": 0, "delta": {"content": "Second line."}, "finish_reason": "stop"}]},
    ]).encode() + b"data: [DONE]\n\n"
    out, unreadable = await _relay(CHAT, openai_adapter, raw)
    assert not unreadable and char.encode() in out and b"Second line." in out
