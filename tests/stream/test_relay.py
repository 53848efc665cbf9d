"""The relay's pump: bytes in any chunking, usage read on the way, hidden events dropped, a stop's ending."""

from __future__ import annotations

import asyncio
import json
import random
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER as adapter
from proxy.stream.relay import End, Pump, Relay
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


# ----------------------------------------------------------------- a provider that breaks off mid-stream


class _SlowRewriter:
    """Output checks that take their time over each event (screening an id, a sentence) and pass it."""

    stopped = False
    unreadable = False

    def __init__(self) -> None:
        self.seen = 0

    async def process(self, ev: Any, data: Any) -> list[bytes]:
        self.seen += 1
        await asyncio.sleep(0.05)
        return [ev.raw]

    async def finish(self) -> list[bytes]:
        raise AssertionError("a stream the provider broke off has no clean end")


def _event(i: int) -> bytes:
    body = {"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": f"w{i} "}}]}
    return b"data: " + json.dumps(body).encode() + b"\n\n"


async def test_events_received_before_the_provider_broke_off_are_relayed_in_order_then_the_break() -> None:
    """The pump is slower than the provider, which sends ten events and then drops the connection: the ten
    events reach the client, in order, and only then does the client's stream break (aiohttp drops what it
    still buffers once the connection is lost, so the relay must have read it already)."""
    events = [_event(i) for i in range(10)]

    async def provider(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        await resp.write(events[0])
        await asyncio.sleep(0.01)  # the pump is busy with the first event while the rest come, and the break
        for event in events[1:]:
            await resp.write(event)
        assert request.transport is not None
        request.transport.close()  # no terminating chunk: a broken stream
        return resp

    relays: list[Relay] = []
    upstream_url = web.AppKey("upstream_url", str)
    rewriters: list[_SlowRewriter] = []

    async def proxy(request: web.Request) -> web.StreamResponse:
        rewriter = _SlowRewriter()
        relay = Relay(Pump(StreamUsage(adapter, CHAT), rewriter))  # type: ignore[arg-type]
        rewriters.append(rewriter)
        relays.append(relay)
        async with aiohttp.ClientSession() as session:
            up = await session.get(request.app[upstream_url])
            return await relay.run(request, up, {"Content-Type": "text/event-stream"})

    runners: list[web.AppRunner] = []

    async def serve(app: web.Application) -> str:
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}/"

    upstream_app = web.Application()
    upstream_app.router.add_get("/", provider)
    proxy_app = web.Application()
    proxy_app.router.add_get("/", proxy)
    try:
        proxy_app[upstream_url] = await serve(upstream_app)
        url = await serve(proxy_app)
        got = b""
        error: BaseException | None = None
        async with aiohttp.ClientSession() as session, session.get(url) as r:
            try:
                async for chunk in r.content.iter_any():
                    got += chunk
            except aiohttp.ClientPayloadError as exc:
                error = exc
    finally:
        for runner in runners:
            await runner.cleanup()
    assert error is not None, "a stream the provider broke off must not end cleanly for the client"
    assert got == b"".join(events), "every event the provider sent before it broke off, in order"
    assert rewriters[0].seen == len(events)
    assert relays[0].end is End.UPSTREAM_BROKEN
