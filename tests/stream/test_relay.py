"""The relay's pump: bytes in any chunking, usage read on the way, hidden events dropped, a stop's ending."""

from __future__ import annotations

import random

import pytest

from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER as adapter
from proxy.stream.relay import Pump
from proxy.stream.usage import StreamUsage


def _split_randomly(data: bytes, rng: random.Random) -> list[bytes]:
    cuts = sorted(rng.sample(range(1, len(data)), k=min(len(data) - 1, rng.randint(1, 20))))
    return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("hide", [False, True])
async def test_usage_events_are_found_in_any_chunking(seed: int, hide: bool) -> None:
    """The unguarded relay reads usage only from the events that carry it, whatever the chunks, and
    drops the usage-only chunk the client did not ask for; every other byte goes through as it was."""
    import json

    def chunk(delta: dict, usage: object = None) -> bytes:
        body = {"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": delta}],
                "usage": usage}
        return b"data: " + json.dumps(body).encode() + b"\n\n"

    usage_only = (b'data: {"id":"c","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":7,'
                  b'"total_tokens":18}}\r\n\r\n')
    rng = random.Random(seed)
    events = [chunk({"role": "assistant", "content": ""})]
    events += [chunk({"content": f"w{i} "}) for i in range(rng.choice([20, 300]))]  # 300: past 4 KiB
    events += [usage_only, b"data: [DONE]\n\n"]
    stream = b"".join(events)
    meter = StreamUsage(adapter, CHAT, hide=adapter.is_usage_only_chunk if hide else None)
    pump = Pump(meter)
    relayed = b""
    for part in _split_randomly(stream, rng):
        relayed += await pump.feed(part)
    relayed += await pump.finish()
    usage = meter.usage
    assert usage is not None and (usage.input_tokens, usage.output_tokens) == (11, 7)
    assert meter.total_chars() == sum(len(f"w{i} ") for i in range(len(events) - 3))
    assert relayed == (stream.replace(usage_only, b"") if hide else stream)


async def test_an_unterminated_last_event_is_relayed_as_it_came() -> None:
    pump = Pump(StreamUsage(adapter, CHAT))
    assert await pump.feed(b'data: {"a":1}\n\ndata: {"b"') == b'data: {"a":1}\n\n'
    assert await pump.feed(b":2}") == b""
    assert await pump.finish() == b'data: {"b":2}'
