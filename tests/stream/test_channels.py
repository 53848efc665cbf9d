"""Output guarding on recorded provider streams through the relay's pump (no HTTP), with simple text filters
standing in for the output windows, and the real windows for restore."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.guard.windows import OutputWindows
from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.providers.sse import SSEEvent, SSESplitter
from proxy.stream.channels import StreamRewriter
from proxy.stream.relay import Pump
from proxy.stream.usage import StreamUsage
from tests.support.fixtures import FIXTURES, needs_fixtures
from tests.support.stream_pump import drive, make_pump, slices

WIRE = FIXTURES / "wire"
OPENAI_SSE = sorted((WIRE / "openai-python" / "chat_stream_recordings").glob("*.sse"))
ANTHROPIC_SSE = sorted((WIRE / "anthropic-sdk-python" / "streaming_fixtures").glob("*.txt"))
needs_wire = needs_fixtures("wire")  # skips locally when missing, fails under CI


class Identity:
    blocked = False

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
        return fragment

    async def end(self, channel: str) -> str:
        return ""


class HoldAllUpper:
    """Releases nothing until a channel ends, then all of it upper-cased: the worst case for holding."""

    blocked = False

    def __init__(self) -> None:
        self.held: dict[str, str] = defaultdict(str)

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
        self.held[channel] += fragment
        return ""

    async def end(self, channel: str) -> str:
        return self.held.pop(channel, "").upper()


class BlockOnWord:
    """Releases fragments until one contains the word; then blocks (the word never goes out)."""

    def __init__(self, word: str) -> None:
        self.word = word
        self.blocked = False

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
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


async def run(kind: str, adapter: ProviderAdapter, windows: Any, raw: bytes, chunk: int = 7, *,
              fail_closed: bool = False, monitor: bool = False) -> bytes:
    """The relay's pump over a recorded stream fed in `chunk`-byte pieces; a stopped stream ends the
    provider's way (with usage 3 in, 2 out). `fail_closed`/`monitor`: as the relay runs under output rules."""
    pump, _ = make_pump(kind, adapter, windows, fail_closed=fail_closed, monitor=monitor)
    return await drive(pump, slices(raw, chunk))


def texts(kind: str, adapter: ProviderAdapter, raw: bytes) -> dict[str, str]:
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
    if kind == MESSAGES:
        # An answer's text blocks are one text to the checks: text held when a block closes goes out with
        # the next release, in that block (before its stop), so it can move from a later block to it.
        assert "".join(texts(kind, adapter, got).values()) == "".join(want.values())
    else:
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
    openai_adapter.block_body(CHAT, chat, {"choice:0:content"})
    assert chat["choices"][0]["finish_reason"] == "content_filter" and "tool_calls" not in chat["choices"][0]["message"]
    msg = {"content": [{"type": "text", "text": ""}], "stop_reason": "end_turn"}
    anthropic_adapter.block_body(MESSAGES, msg, {"block:0"})
    assert msg["stop_reason"] == "refusal" and msg["content"] == []
    resp = {"status": "completed", "output": []}
    openai_adapter.block_body(RESPONSES, resp, {"output:0:content:0"})
    assert resp["status"] == "incomplete" and resp["incomplete_details"] == {"reason": "content_filter"}


# ------------------------------------------------------- restore into streamed tool call arguments (JSON)

QUOTED = 'O"Brien \\x'                   # ends a JSON string early if put back as it is
ADDRESS = "12 Main St\nSpringfield\t\x01"  # raw control characters are invalid inside a JSON string
ARGS = '{"name": "<PERSON_1>", "address": "<LOCATION_1>", "n": 1}'
WANT_ARGS = {"name": QUOTED, "address": ADDRESS, "n": 1}
TEXT = "Filing for <PERSON_1> at <LOCATION_1>."
WANT_TEXT = f"Filing for {QUOTED} at {ADDRESS}."  # plain text: restored as it is, nothing escaped


def restoring_guard() -> OutputWindows:
    """The real output phase with restore only (no output checks, so no analyzer is needed)."""
    vault = Vault()
    vault.placeholder("PERSON", QUOTED)
    vault.placeholder("LOCATION", ADDRESS)
    return Guard().output_stream(Policy.model_validate({"name": "t", "input": {"pii": {"restore": True}}}), vault)


def pieces(text: str, size: int = 3) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def sse(events: list[dict[str, Any]], named: bool) -> bytes:
    out = b""
    for e in events:
        out += (f"event: {e['type']}\n" if named else "").encode() + f"data: {json.dumps(e)}\n\n".encode()
    return out + (b"data: [DONE]\n\n" if not named else b"")


async def test_chat_tool_call_arguments_get_json_escaped_originals() -> None:
    head = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m"}

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    events = [chunk({"role": "assistant", "content": ""}), *(chunk({"content": p}) for p in pieces(TEXT)),
              chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                     "function": {"name": "file", "arguments": ""}}]}),
              *(chunk({"tool_calls": [{"index": 0, "function": {"arguments": p}}]}) for p in pieces(ARGS)),
              chunk({}, "tool_calls")]
    got = texts(CHAT, openai_adapter, await run(CHAT, openai_adapter, restoring_guard(), sse(events, named=False)))
    assert json.loads(got["choice:0:tool:0:arguments"]) == WANT_ARGS
    assert got["choice:0:content"] == WANT_TEXT


async def test_responses_function_call_arguments_get_json_escaped_originals() -> None:
    fc = {"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "file", "arguments": ARGS}
    msg = {"id": "m_1", "type": "message", "role": "assistant",
           "content": [{"type": "output_text", "text": TEXT, "annotations": []}]}
    events = [
        {"type": "response.created", "response": {"id": "r", "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "output_index": 0, "item": {**msg, "content": []}},
        *({"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "delta": p}
          for p in pieces(TEXT)),
        {"type": "response.output_text.done", "output_index": 0, "content_index": 0, "text": TEXT},
        {"type": "response.output_item.done", "output_index": 0, "item": msg},
        {"type": "response.output_item.added", "output_index": 1, "item": {**fc, "arguments": ""}},
        *({"type": "response.function_call_arguments.delta", "output_index": 1, "item_id": "fc_1", "delta": p}
          for p in pieces(ARGS)),
        {"type": "response.function_call_arguments.done", "output_index": 1, "item_id": "fc_1", "arguments": ARGS},
        {"type": "response.output_item.done", "output_index": 1, "item": fc},
        {"type": "response.completed", "response": {"id": "r", "status": "completed", "output": [msg, fc]}},
    ]
    got = [e.json() for e in events_of(await run(RESPONSES, openai_adapter, restoring_guard(), sse(events, True)))]
    deltas = "".join(e["delta"] for e in got if e["type"] == "response.function_call_arguments.delta")
    done = next(e for e in got if e["type"] == "response.function_call_arguments.done")["arguments"]
    item = next(e for e in got if e["type"] == "response.output_item.done" and e["output_index"] == 1)["item"]
    final = next(e for e in got if e["type"] == "response.completed")["response"]["output"]
    for arguments in (deltas, done, item["arguments"], final[1]["arguments"]):
        assert json.loads(arguments) == WANT_ARGS
    assert "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta") == WANT_TEXT
    assert final[0]["content"][0]["text"] == WANT_TEXT


async def test_anthropic_partial_json_gets_json_escaped_originals() -> None:
    events = [
        {"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant", "content": [],
                                              "usage": {"input_tokens": 3, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        *({"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}}
          for p in pieces(TEXT)),
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1,
         "content_block": {"type": "tool_use", "id": "t1", "name": "file", "input": {}}},
        *({"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": p}}
          for p in pieces(ARGS)),
        {"type": "content_block_stop", "index": 1},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 9}},
        {"type": "message_stop"},
    ]
    got = texts(MESSAGES, anthropic_adapter, await run(MESSAGES, anthropic_adapter, restoring_guard(),
                                                       sse(events, named=True)))
    assert json.loads(got["block:1"]) == WANT_ARGS
    assert got["block:0"] == WANT_TEXT


# ------------------------------------------------------------------- logprobs, stops, unreadable events

def _lp(token: str) -> dict[str, Any]:
    return {"token": token, "logprob": -0.1, "bytes": list(token.encode()), "top_logprobs": []}


def _chunk(choices: list[dict[str, Any]]) -> bytes:
    return b"data: " + json.dumps({"id": "c", "object": "chat.completion.chunk", "choices": choices}).encode() + b"\n\n"


def _content(index: int, text: str, finish: str | None = None) -> dict[str, Any]:
    return {"index": index, "delta": {"content": text}, "finish_reason": finish,
            "logprobs": {"content": [_lp(text)] if text else [], "refusal": None}}


async def _run(rewriter: StreamRewriter, raw: bytes) -> list[Any]:
    out: list[bytes] = []
    for ev in events_of(raw):
        out.extend(await rewriter.process(ev, ev.json()))
    out.extend(await rewriter.finish())
    return [SSEEvent(b).json() for b in out]


async def test_held_text_takes_its_logprobs_along_and_synthesized_events_never_copy_them() -> None:
    rewriter = StreamRewriter(CHAT, openai_adapter, HoldAllUpper())
    got = await _run(rewriter, _chunk([_content(0, "ab")]) + _chunk([_content(0, "cd")])
                     + _chunk([_content(0, "", "stop")]))
    lps = [e for g in got for c in g["choices"] for e in (c.get("logprobs") or {}).get("content") or []]
    text = "".join(c["delta"].get("content") or "" for g in got for c in g["choices"])
    assert text == "ABCD"
    assert lps == [], "tokens that spell other text than the client sees never go out"

    rewriter = StreamRewriter(CHAT, openai_adapter, Identity())
    got = await _run(rewriter, _chunk([_content(0, "ab")]) + _chunk([_content(0, "cd", "stop")]))
    assert [e["token"] for g in got for c in g["choices"] for e in c["logprobs"]["content"]] == ["ab", "cd"]


async def test_a_block_empties_every_other_text_of_its_event() -> None:
    rewriter = StreamRewriter(CHAT, openai_adapter, BlockOnWord("bad"))
    got = await _run(rewriter, _chunk([_content(0, "fine "), _content(1, "fine ")])
                     + _chunk([_content(0, "bad", "stop"), _content(1, "secret", "stop")]))
    assert rewriter.stopped
    last = got[-1]["choices"]
    assert [c["delta"]["content"] for c in last] == ["", ""]
    assert [c["finish_reason"] for c in last] == [None, None]
    assert all(not c["logprobs"]["content"] for c in last)
    assert "secret" not in json.dumps(got) and "bad" not in json.dumps(got)


async def test_unreadable_events_stop_a_guarded_stream_and_pass_in_monitor_mode() -> None:
    raw = _chunk([_content(0, "hi ")]) + b"data: {not json\n\n" + _chunk([_content(0, "more")])
    stopped = StreamRewriter(CHAT, openai_adapter, Identity(), fail_closed=True)
    got = await _run(stopped, raw)
    assert stopped.unreadable and stopped.stopped and len(got) == 1
    watched = StreamRewriter(CHAT, openai_adapter, Identity(), fail_closed=True, monitor=True)
    out: list[bytes] = []
    for ev in events_of(raw):
        out.extend(await watched.process(ev, ev.json()))
    assert b"".join(out) == raw and watched.unreadable_seen == 1 and not watched.stopped
    relaxed = StreamRewriter(CHAT, openai_adapter, Identity())  # no output rules: relayed as before
    out = []
    for ev in events_of(raw):
        out.extend(await relaxed.process(ev, ev.json()))
    assert b"".join(out) == raw and not relaxed.stopped


@pytest.mark.parametrize("body", [
    json.dumps({"id": "c", "object": "chat.completion", "choices": [{"index": 0, "message": {"content": "a@b.io"}}]}),
    json.dumps({"id": "c", "choices": [{"message": {"content": "a@b.io"}}]}, indent=1),
], ids=["one-line", "indented"])
async def test_a_json_body_in_place_of_events_stops_a_guarded_stream(body: str) -> None:
    """A streamed request answered with a JSON body labelled text/event-stream: its lines are no SSE
    fields (`{"id": ...}`), so no event has `data`; under output rules it is unreadable, not silence."""
    raw = body.encode()
    assert all(ev.foreign and ev.data is None for ev in events_of(raw))
    stopped = StreamRewriter(CHAT, openai_adapter, Identity(), fail_closed=True)
    pump = Pump(StreamUsage(openai_adapter, CHAT), stopped, lambda: [])
    assert await pump.feed(raw) == b"" and await pump.finish() == b""
    assert pump.failed and stopped.unreadable_seen >= 1
    relaxed = Pump(StreamUsage(openai_adapter, CHAT))  # no output rules: relayed as it came
    assert await relaxed.feed(raw) + await relaxed.finish() == raw
    # SSE's own fields (`id:`, `retry:`, comments) are no such thing.
    assert not any(ev.foreign for ev in events_of(b": ping\n\nid: 7\nretry: 10\ndata: {}\n\n"))


async def test_an_id_holding_digits_is_screened_for_data_never_scored_as_prose() -> None:
    """Under output rules every event's id is screened when it holds digits as data (a zero-padded id, 20
    digits in a row): read for data only, never by toxicity, so the stream goes on whatever a toxicity model
    makes of the id's letters; a toxic sentence of the answer still stops it."""
    from tests.support.pii import WordScorer

    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        return sse([{"id": "chatcmpl-idiot00000000000000000003", "object": "chat.completion.chunk", "created": 1,
                     "model": "m", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}],
                   named=False).removesuffix(b"data: [DONE]\n\n")

    def answer(text: str) -> bytes:
        return (chunk({"role": "assistant", "content": ""}) + b"".join(chunk({"content": p}) for p in pieces(text, 5))
                + chunk({}, "stop") + b"data: [DONE]\n\n")

    raw = answer("Thank you for the report. See you Thursday.")
    scorer = WordScorer()
    p = Policy.model_validate({"name": "t", "output": {"toxicity": {"action": "block", "thresholds": {"toxicity": 0.8},
                                                                    "stream_hold": "sentence"}}})
    rewriter = StreamRewriter(CHAT, openai_adapter, Guard(None, scorer).output_stream(p), fail_closed=True)
    got = await _run(rewriter, raw)
    assert not rewriter.stopped
    assert "".join(e["choices"][0]["delta"].get("content") or "" for e in got if isinstance(e, dict)) == \
        "Thank you for the report. See you Thursday."
    assert all(e["id"] == "chatcmpl-idiot00000000000000000003" for e in got if isinstance(e, dict))
    assert not any("idiot" in text for call in scorer.calls for text in call)
    toxic = answer("Thank you for the report. See you, idiot.")
    stopped = StreamRewriter(CHAT, openai_adapter, Guard(None, WordScorer()).output_stream(p), fail_closed=True)
    got = await _run(stopped, toxic)
    assert stopped.stopped
    assert "".join(e["choices"][0]["delta"].get("content") or "" for e in got if isinstance(e, dict)) == \
        "Thank you for the report. "


class Recording(Identity):
    """Passes everything, and notes each channel fed and whether it was fed as data (an id, a name)."""

    def __init__(self) -> None:
        self.fed: dict[str, bool] = {}

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
        self.fed[channel] = data
        return fragment


async def test_without_output_rules_an_id_is_never_fed_to_the_guard() -> None:
    """Restore only (no output rules): an id holding digits as data in a text the adapter reads (an
    annotation) is left as it is, not fed to the guard (nothing would screen it, restore never writes into
    it); under output rules it is fed as data."""
    event = {"type": "response.output_text.annotation.added", "item_id": "msg_1", "output_index": 0,
             "content_index": 0, "annotation_index": 0, "sequence_number": 3,
             "annotation": {"type": "url_citation", "url": "https://example.com/a", "title": "A page",
                            "start_index": 0, "end_index": 4, "id": "ann-4111111111111111"}}
    raw = sse([event], named=True)
    channel = "output:0:content:0:annotations:0:id"
    for fail_closed in (False, True):
        windows = Recording()
        rewriter = StreamRewriter(RESPONSES, openai_adapter, windows, fail_closed=fail_closed)
        got = await _run(rewriter, raw)
        assert got == [event]
        assert windows.fed.get(channel) is (True if fail_closed else None), windows.fed
        assert windows.fed["output:0:content:0:annotations:0:title"] is False


def _audio(index: int, data: str, transcript: str = "", finish: str | None = None) -> dict[str, Any]:
    return {"index": index, "delta": {"audio": {"id": "audio_1", "data": data, "transcript": transcript}},
            "finish_reason": finish}


async def test_held_audio_has_a_cap_beyond_which_a_guarded_stream_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under output rules a chat choice's audio waits for its transcript to be screened; what waits is capped
    (`AUDIO_HOLD_BYTES`): a long audio answer stops the stream as unreadable instead of growing in memory."""
    import proxy.stream.channels as channels

    monkeypatch.setattr(channels, "AUDIO_HOLD_BYTES", 2_000)
    piece = "QUJD" * 100  # 400 characters of base64 an event
    small = b"".join(_chunk([_audio(0, piece, "hi ")]) for _ in range(3)) + _chunk([_audio(0, "", "", "stop")])
    async def spoken(rewriter: StreamRewriter, raw: bytes) -> str:
        out: list[bytes] = []
        for ev in events_of(raw):
            out.extend(await rewriter.process(ev, ev.json()))
        out.extend(await rewriter.finish())
        return "".join(c["delta"]["audio"].get("data", "") for ev in events_of(b"".join(out))
                       for c in ev.json()["choices"] if "audio" in c["delta"])

    fits = StreamRewriter(CHAT, openai_adapter, Identity(), fail_closed=True)
    assert await spoken(fits, small) == piece * 3 and not fits.stopped
    big = b"".join(_chunk([_audio(0, piece, "hi ")]) for _ in range(8)) + _chunk([_audio(0, "", "", "stop")])
    capped = StreamRewriter(CHAT, openai_adapter, Identity(), fail_closed=True)
    assert await spoken(capped, big) == "" and capped.stopped and capped.unreadable
