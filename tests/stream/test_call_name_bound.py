"""A chat tool call's name split by more pieces than `NAME_HOLD_EVENTS` that carry nothing (empty name pieces,
nothing else between) is still read whole: no piece of it goes out before (atk14 B L5: `notify_212-555-` + 300
`""` + `0199` was screened in halves and reached the client as `notify_212-555-0199`). Streams whose every chunk
repeats `"name": ""` or the whole name with long arguments flow as before."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.providers.sse import SSEEvent
from proxy.stream import channels
from proxy.stream.channels import NAME_HOLD_EVENTS
from tests.stream.test_call_names import call, calls_of, chunk, finishes, guard, pii_guard, run
from tests.stream.test_channels import sse


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


@pytest.mark.xfail(strict=True, reason="found, not fixed here: with `\"name\": \"\"` in every chunk the first "
                   "arguments piece of a ~400-character call goes out last (on main and the atk14 product too)")
async def test_arguments_with_an_empty_name_in_every_chunk_keep_their_order() -> None:
    n = 200
    raw = sse([chunk({"role": "assistant"}), chunk(call("lookup", "", "call_1")),
               *(chunk(call("", '{"q": "' if k == 0 else "ab" if k < n - 1 else '"}')) for k in range(n)),
               chunk({}, "tool_calls")], named=False)
    got = await run(CHAT, openai_adapter, await pii_guard(), raw, chunk=4096)
    assert calls_of(got) == calls_of(raw)
