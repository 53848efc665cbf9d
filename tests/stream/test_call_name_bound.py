"""A chat tool call's name split by more pieces than `NAME_HOLD_EVENTS` that carry nothing (empty name pieces,
nothing else between) is still read whole: no piece of it goes out before (atk14 B L5: `notify_212-555-` + 300
`""` + `0199` was screened in halves and reached the client as `notify_212-555-0199`). Streams whose every chunk
repeats `"name": ""` or the whole name with long arguments flow as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.providers.sse import SSEEvent
from proxy.stream import channels
from proxy.stream.channels import NAME_HOLD_EVENTS
from tests.stream.test_call_names import call, calls_of, chunk, finishes, guard, pii_guard, run
from tests.stream.test_channels import events_of, sse


def _split(first: str, second: str, pad: int, piece: dict[str, Any] | None = None) -> bytes:
    middle = piece if piece is not None else call("")
    return sse([chunk({"role": "assistant"}), chunk(call(first, "", "call_1")), *(chunk(middle) for _ in range(pad)),
                chunk(call(second)), chunk(call(None, '{"a": 1}')), chunk({}, "tool_calls")], named=False)


@pytest.mark.parametrize(("first", "second", "value"), [
    ("notify_617-555-", "0143", "PHONE_NUMBER"), ("mail_li.wei@", "acme.io", "EMAIL_ADDRESS"),
    ("sms_4", "15-555-0132", "PHONE_NUMBER")])
@pytest.mark.parametrize("pad", [NAME_HOLD_EVENTS + 5, 2 * NAME_HOLD_EVENTS + 40])
async def test_a_name_split_by_many_empty_pieces_is_read_whole(first: str, second: str, value: str, pad: int) -> None:
    got = await run(CHAT, openai_adapter, await pii_guard(), _split(first, second, pad), chunk=4096)
    name = calls_of(got)[0][0][1]
    assert value in name and second not in got.decode() and first not in got.decode(), name
    assert finishes(got) == [(0, "tool_calls")]
    whole = await run(CHAT, openai_adapter, await pii_guard(), _split(first + second, "", 3), chunk=4096)
    assert calls_of(got) == calls_of(whole)


async def test_a_codename_split_by_many_empty_pieces_goes_out_in_no_piece() -> None:
    got = await run(CHAT, openai_adapter, guard(), _split("project_", "falcon_status", NAME_HOLD_EVENTS + 20),
                    chunk=4096)
    assert "project_" not in got.decode() and "falcon" not in got.decode() and finishes(got) == [(0, "content_filter")]


async def test_past_the_quiet_bound_the_stream_is_unreadable_and_no_piece_goes_out(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(channels, "NAME_QUIET_EVENTS", NAME_HOLD_EVENTS + 30)
    got = await run(CHAT, openai_adapter, await pii_guard(), _split("notify_617-555-", "0143", NAME_HOLD_EVENTS + 60),
                    chunk=4096)
    assert "617-555" not in got.decode() and "0143" not in got.decode(), got


def _take_all(events: list[dict[str, Any]]) -> list[int]:
    """How many events `_CallNames` (with `hold`) releases after each one is taken."""
    names = channels._CallNames(hold=True, quiet=lambda data: not any(
        (c.get("function") or {}).get("arguments") for ch in data["choices"]
        for c in (ch.get("delta") or {}).get("tool_calls") or []))
    out = []
    for data in events:
        out.append(len(names.take(SSEEvent(b"data: {}\n\n"), data, lambda _: False)))
    return out


@pytest.mark.parametrize("shape", ["empty", "whole"])
def test_names_repeated_in_every_chunk_with_long_arguments_flow(shape: str) -> None:
    # Some providers repeat `"name": ""` (or the whole name) in every chunk with the arguments: they are not held
    # to the end (`"name": ""` with text is no piece: the name is whole at the first; a repeated whole name is
    # read at NAME_HOLD_EVENTS, text between its pieces, as before).
    n = 3 * NAME_HOLD_EVENTS
    repeat = "" if shape == "empty" else "lookup"
    events = [chunk(call("lookup", "", "call_1")), *(chunk(call(repeat, "ab")) for _ in range(n))]
    released = _take_all(events)
    assert sum(released) == len(events) if shape == "empty" else sum(released) >= len(events) - NAME_HOLD_EVENTS
    if shape == "empty":
        assert released[:2] == [0, 2] and all(r == 1 for r in released[2:]), released[:8]


def test_empty_pieces_with_nothing_else_hold_the_name_past_the_bound() -> None:
    pad = NAME_HOLD_EVENTS + 50
    events = [chunk(call("notify_617-555-", "", "call_1")), *(chunk(call("")) for _ in range(pad)),
              chunk(call("0143")), chunk(call(None, "{}"))]
    released = _take_all(events)
    assert sum(released[:-1]) == 0 and released[-1] == len(events)


def _pieces(n: int, value: str = "ab") -> list[str]:
    """A ~2n-character JSON document in n pieces: `{"q": "`, `ab`..., `"}`."""
    return ['{"q": "' if k == 0 else value if k < n - 1 else '"}' for k in range(n)]


@pytest.mark.parametrize("n", [200, NAME_HOLD_EVENTS + 40])
async def test_arguments_with_an_empty_name_in_every_chunk_keep_their_order(n: int) -> None:
    # Issue 12: each chunk's `"name": ""` made it wait behind the held `{"q": "` (it was no `_shell`); the window
    # released `{"q": ` in a later waiting chunk, then the rest at the end was put before every chunk fed after its
    # start, ahead of that one: the client read `"abab…"}{"q": `. Now text released for a field never goes before
    # a waiting event that carries earlier text of it (`_Bearing`).
    raw = sse([chunk({"role": "assistant"}), chunk(call("lookup", "", "call_1")),
               *(chunk(call("", piece)) for piece in _pieces(n)), chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, await pii_guard(), raw, chunk=4096)
    assert calls_of(got) == calls_of(raw)
    assert json.loads(calls_of(got)[0][0][2]) == {"q": "ab" * (n - 2)}


async def test_a_value_in_arguments_with_an_empty_name_in_every_chunk_is_redacted_in_order() -> None:
    pieces = ['{"to": "', "Call 617-", "555-", "0143 ", *(["now "] * 150), '"}']
    raw = sse([chunk({"role": "assistant"}), chunk(call("notify", "", "call_1")),
               *(chunk(call("", piece)) for piece in pieces), chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, await pii_guard(), raw, chunk=4096)
    arguments = json.loads(calls_of(got)[0][0][2])  # whole JSON, in order
    assert "617-555" not in got.decode() and "0143" not in got.decode()
    assert arguments["to"].startswith("Call <PHONE_NUMBER") and arguments["to"].endswith("now "), arguments


@pytest.mark.parametrize("both", [False, True], ids=["one-after-the-other", "each-chunk-both"])
async def test_two_calls_with_an_empty_name_in_every_chunk_keep_their_order(both: bool) -> None:
    n = 150
    first, second = _pieces(n), _pieces(n, "cd")
    opening = {"tool_calls": [*call("lookup", "", "call_1")["tool_calls"],
                              *call("fetch", "", "call_2", 1)["tool_calls"]]}
    if both:  # every chunk carries a piece of each call, `"name": ""` in both
        body = [chunk({"tool_calls": [*call("", a)["tool_calls"], *call("", b, index=1)["tool_calls"]]})
                for a, b in zip(first, second, strict=True)]
        head = [chunk(opening)]
    else:
        body = [*(chunk(call("", a)) for a in first), chunk(call("fetch", "", "call_2", 1)),
                *(chunk(call("", b, index=1)) for b in second)]
        head = [chunk(call("lookup", "", "call_1"))]
    raw = sse([chunk({"role": "assistant"}), *head, *body, chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, await pii_guard(), raw, chunk=4096)
    assert calls_of(got) == calls_of(raw)
    assert [json.loads(c[2]) for c in calls_of(got)[0]] == [{"q": "ab" * (n - 2)}, {"q": "cd" * (n - 2)}]


def _responses_call(pieces: list[str]) -> bytes:
    seq = iter(range(1, 10_000))

    def ev(t: str, **d: Any) -> dict[str, Any]:
        return {"type": t, "sequence_number": next(seq), **d}

    item = {"id": "fc_1", "type": "function_call", "status": "in_progress", "call_id": "call_1", "name": "lookup",
            "arguments": ""}
    resp = {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "m",
            "output": []}
    whole = "".join(pieces)
    done = {**item, "status": "completed", "arguments": whole}
    return sse([ev("response.created", response=resp), ev("response.output_item.added", output_index=0, item=item),
                *(ev("response.function_call_arguments.delta", item_id="fc_1", output_index=0, delta=piece)
                  for piece in pieces),
                ev("response.function_call_arguments.done", item_id="fc_1", output_index=0, arguments=whole),
                ev("response.output_item.done", output_index=0, item=done),
                ev("response.completed", response={**resp, "status": "completed", "output": [done]})], named=True)


def _responses_arguments(raw: bytes) -> tuple[str, list[str]]:
    """The arguments as the deltas join them, and those every event repeating them whole gives."""
    events = [e.json() for e in events_of(raw) if not e.is_done]
    joined = "".join(e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta")
    whole = [e["arguments"] for e in events if e["type"] == "response.function_call_arguments.done"]
    whole += [e["item"]["arguments"] for e in events if e["type"] == "response.output_item.done"]
    return joined, whole


@pytest.mark.parametrize("empty", [False, True], ids=["deltas", "with-empty-deltas"])
async def test_responses_arguments_in_many_deltas_keep_their_order(empty: bool) -> None:
    pieces = _pieces(200)
    if empty:  # an empty delta after every piece
        pieces = [p for piece in pieces for p in (piece, "")]
    got = await run(RESPONSES, openai_adapter, await pii_guard(), _responses_call(pieces), chunk=4096)
    joined, whole = _responses_arguments(got)
    assert json.loads(joined) == {"q": "ab" * 198} and whole == [joined, joined]


def _anthropic_call(pieces: list[str]) -> bytes:
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
               "stop_reason": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    return sse([{"type": "message_start", "message": message},
                {"type": "content_block_start", "index": 0,
                 "content_block": {"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}},
                *({"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta",
                                                                          "partial_json": piece}} for piece in pieces),
                {"type": "content_block_stop", "index": 0},
                {"type": "message_delta", "delta": {"stop_reason": "tool_use"}, "usage": {"output_tokens": 5}},
                {"type": "message_stop"}], named=True)


async def test_anthropic_input_json_with_empty_pieces_keeps_its_order() -> None:
    pieces = [p for piece in _pieces(200) for p in (piece, "")]  # an empty `partial_json` after every piece
    got = await run(MESSAGES, anthropic_adapter, await pii_guard(), _anthropic_call(pieces), chunk=4096)
    events = [e.json() for e in events_of(got) if not e.is_done]
    joined = "".join(e["delta"]["partial_json"] for e in events if e["type"] == "content_block_delta")
    assert json.loads(joined) == {"q": "ab" * 198}
    assert [e["delta"]["stop_reason"] for e in events if e["type"] == "message_delta"] == ["tool_use"]
