"""The relay's pump driven the way the stream tests need it: a `StreamRewriter` behind a `Pump`, fed event by
event or in byte pieces, a stopped stream ending the provider's way.

One helper for what tests/stream wrote out file by file (review of the fourteenth session)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from proxy.providers.base import CHAT, ProviderAdapter, Usage
from proxy.stream.channels import StreamRewriter
from proxy.stream.relay import Pump
from proxy.stream.usage import StreamUsage


def sse(event: Any, *, named: bool) -> bytes:
    """One SSE event: a dict or a raw `data:` string; `event: TYPE` first when `named` (Anthropic, Responses)."""
    name = f"event: {event['type']}\n" if named and isinstance(event, dict) else ""
    return f"{name}data: {event if isinstance(event, str) else json.dumps(event)}\n\n".encode()


def sse_stream(kind: str, events: Iterable[Any], named: bool | None = None) -> list[bytes]:
    """The events as the provider writes them: named on every route but chat unless `named` says otherwise."""
    name = kind != CHAT if named is None else named
    return [sse(e, named=name) for e in events]


def make_pump(kind: str, adapter: ProviderAdapter, windows: Any, *, fail_closed: bool = True,
              monitor: bool = False, usage: Usage | None = None,
              ending: Callable[[], list[bytes]] | None = None) -> tuple[Pump, StreamRewriter]:
    """A pump over a rewriter of `windows`; a stopped stream ends with the adapter's real ending (usage 3 in,
    2 out unless `usage` says otherwise) or with `ending`."""
    rewriter = StreamRewriter(kind, adapter, windows, fail_closed=fail_closed, monitor=monitor)
    spent = Usage(3, 2) if usage is None else usage

    def real_ending() -> list[bytes]:
        return adapter.stream_ending(kind, rewriter.meta, spent, send_usage=True, released=rewriter.released)

    return Pump(StreamUsage(adapter, kind), rewriter, ending or real_ending), rewriter


async def drive(pump: Pump, pieces: Iterable[bytes]) -> bytes:
    """Everything the client gets: each piece fed in turn until the pump stops, then its end."""
    out: list[bytes] = []
    for piece in pieces:
        out.append(await pump.feed(piece))
        if pump.stopped:
            break
    out.append(await pump.finish())
    return b"".join(out)


def slices(raw: bytes, size: int) -> list[bytes]:
    """`raw` cut every `size` bytes, as a network delivers a stream."""
    return [raw[i:i + size] for i in range(0, len(raw), size)]


def data_of(out: bytes | str) -> list[Any]:
    """The JSON of every `data:` line the client got (`[DONE]` left out)."""
    text = out.decode() if isinstance(out, bytes) else out
    return [json.loads(line[5:]) for line in text.splitlines()
            if line.startswith("data:") and line[5:].strip() != "[DONE]"]
