"""Talking to the provider: build the upstream request, relay plain answers and SSE streams.

Streams are relayed event by event as they arrive, as the exact bytes the provider sent, unless a
later phase rewrites an event. A client that goes away closes the upstream response, which cancels
the provider's work; a provider that breaks mid-stream breaks the client's stream too (never a
clean-looking end to a truncated answer).
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from collections.abc import Mapping
from typing import Any, Protocol

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

from proxy.exchange import Exchange
from proxy.providers.base import TextSlot, Usage
from proxy.providers.endings import block_stream_ending
from proxy.providers.sse import SSEEvent, SSESplitter, last_event_end, next_event_end
from proxy.providers.usage import merge_usage
from proxy.stream.channels import GuardedStream

# Never forwarded in either direction (RFC 9110 hop-by-hop) or recomputed by aiohttp.
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
    "trailer", "trailers", "transfer-encoding", "upgrade", "host", "content-length",
})
# Client request headers the proxy never sends upstream.
_DROP_REQUEST = HOP_BY_HOP | {"accept-encoding", "expect"}
# In team mode the client's credentials are ours, not the provider's.
_CLIENT_AUTH = frozenset({"authorization", "x-api-key", "api-key", "openai-organization", "openai-project"})
# Upstream response headers the proxy recomputes (aiohttp decompresses bodies, sets date and server).
_DROP_RESPONSE = HOP_BY_HOP | {"content-encoding", "date", "server"}


class Adapter(Protocol):
    def usage_from_body(self, kind: str, body: Any) -> Usage | None: ...
    def usage_from_event(self, kind: str, event: Any) -> Usage | None: ...
    def stream_event_texts(self, kind: str, event: Any) -> list[TextSlot]: ...


def upstream_headers(client: Mapping[str, str], auth: Mapping[str, str] | None) -> CIMultiDict[str]:
    """Client headers minus hop-by-hop ones; in team mode the client's auth replaced by `auth`."""
    out: CIMultiDict[str] = CIMultiDict()
    drop_auth = auth is not None
    connection = client.get("Connection")
    # Headers named in Connection are hop-by-hop too (RFC 9110 7.6.1).
    listed = {t.strip().lower() for t in connection.split(",")} if connection else ()
    for name, value in client.items():
        low = name.lower()
        if low in _DROP_REQUEST or low.startswith("x-guardrail-") or (drop_auth and low in _CLIENT_AUTH) \
                or low in listed:
            continue
        out.add(name, value)
    if auth:
        out.update(auth)
    return out


def response_headers(upstream: Mapping[str, str]) -> CIMultiDict[str]:
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in upstream.items():
        if name.lower() not in _DROP_RESPONSE:
            out.add(name, value)
    return out


class UpstreamFailed(Exception):
    """The provider could not be reached or did not answer in time (code: upstream_unreachable|timeout)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@functools.lru_cache(maxsize=64)
def _timeout(stream: bool, timeout_s: float) -> aiohttp.ClientTimeout:
    """Streams: `timeout_s` between chunks; plain answers: `timeout_s` in all (immutable, so shared)."""
    if stream:
        return aiohttp.ClientTimeout(total=None, sock_connect=min(30.0, timeout_s), sock_read=timeout_s)
    return aiohttp.ClientTimeout(total=timeout_s, sock_connect=min(30.0, timeout_s))


async def open_upstream(session: aiohttp.ClientSession, method: str, url: str, headers: CIMultiDict[str],
                        body: bytes | None, *, stream: bool, timeout_s: float) -> aiohttp.ClientResponse:
    """Send the request; return the response once its headers are in."""
    timeout = _timeout(stream, timeout_s)
    try:
        return await session.request(method, url, headers=headers, data=body, timeout=timeout,
                                     allow_redirects=False)
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamFailed("upstream_unreachable", f"the provider could not be reached ({type(exc).__name__})") \
            from exc


async def read_body(up: aiohttp.ClientResponse) -> bytes:
    try:
        return await up.read()
    except TimeoutError as exc:
        raise UpstreamFailed("upstream_timeout", "the provider did not answer in time") from exc
    except aiohttp.ClientError as exc:
        raise UpstreamFailed("upstream_unreachable", f"the provider's answer broke off ({type(exc).__name__})") \
            from exc


# A usage object (OpenAI sends `"usage":null` in every chunk once include_usage is on: skip those).
_USAGE = re.compile(rb'"usage"\s*:\s*\{')


def _estimate_tokens(chars: int) -> int:
    return (chars + 3) // 4


async def relay_stream(request: web.Request, ex: Exchange, up: aiohttp.ClientResponse, adapter: Adapter,
                       *, hide_usage_chunk: Any = None, guarded: GuardedStream | None = None) -> web.StreamResponse:
    """Relay an SSE answer event by event and record its usage.

    `hide_usage_chunk(event) -> bool` drops events the client did not ask for; `guarded` (when the
    policy acts on output) rewrites texts and may end the stream early the provider's way.
    """
    resp = web.StreamResponse(status=up.status, headers=response_headers(up.headers))
    resp.headers.update(ex.headers())
    try:
        await resp.prepare(request)
    except (ConnectionResetError, aiohttp.ClientConnectionResetError):
        # The client left before the answer began: stop the provider's work (nothing was relayed).
        ex.client_disconnected = True
        up.close()
        return resp
    usage: Usage | None = None
    kind = ex.kind
    text = _TextCount(adapter, kind)
    t0 = time.perf_counter()
    try:
        splitter = SSESplitter()
        done = False
        async for chunk in up.content.iter_any():
            # Everything that arrived in this chunk goes out in one write, as soon as it is processed.
            if guarded is None:
                # Unguarded: whole events are relayed as they are, without looking at each one, unless
                # one of them carries usage (then just these events are parsed).
                whole = splitter.feed_whole(chunk)
                if whole:
                    found = _USAGE.search(whole)
                    if found is not None:
                        whole, usage = _take_usage(whole, found.start(), usage, adapter, kind, hide_usage_chunk,
                                                   text)
                    else:
                        text.defer_raw(whole)  # counted later only if needed
                    if whole:
                        await resp.write(whole)
                continue
            out: list[bytes] = []
            for ev in splitter.feed(chunk):
                data = ev.json()
                if isinstance(data, dict):
                    if _USAGE.search(ev.raw) is not None:
                        usage = merge_usage(usage, adapter.usage_from_event(kind, data))
                        if hide_usage_chunk is not None and hide_usage_chunk(data):
                            continue
                    text.count(data)
                out.extend(await guarded.process(ev, data))
                if guarded.blocked:
                    done = True
                    break
            if out:
                await resp.write(b"".join(out))
            if done:
                break
        tail = splitter.close() if not done else None
        if tail is not None:
            await resp.write(b"".join(await guarded.process(tail, tail.json())) if guarded else tail.raw)
        if guarded is not None and not guarded.blocked:
            for chunk in await guarded.finish():
                await resp.write(chunk)
        if guarded is not None and guarded.blocked:
            up.close()  # stop the provider generating what nobody will see
            ex.decision = "block"
            _finish_usage(ex, usage, text)
            assert ex.usage is not None
            ending = block_stream_ending(kind, guarded.meta, ex.usage, send_usage=hide_usage_chunk is None,
                                         released=guarded.released)
            for chunk in ending:
                await resp.write(chunk)
    except (ConnectionResetError, aiohttp.ClientConnectionResetError, asyncio.CancelledError):
        # The client went away: stop the provider's work and bill what was generated so far.
        ex.client_disconnected = True
        up.close()
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            _finish_usage(ex, usage, text)
            raise
    except (aiohttp.ClientError, TimeoutError):
        # The provider broke off: make the client's stream fail too, never a clean-looking end.
        ex.error = "upstream_stream_broken"
        up.close()
        if request.transport is not None:
            request.transport.close()
    else:
        try:
            await resp.write_eof()
        except (ConnectionResetError, aiohttp.ClientConnectionResetError):
            pass  # the client read the whole answer and hung up before the final chunk: nothing lost
    finally:
        ex.upstream_ms = (ex.upstream_ms or 0.0) + (time.perf_counter() - t0) * 1000
        up.release()
    _finish_usage(ex, usage, text)
    return resp


def _take_usage(whole: bytes, first: int, usage: Usage | None, adapter: Adapter, kind: str, hide: Any,
                text: _TextCount) -> tuple[bytes, Usage | None]:
    """Whole events of which some carry usage: parse just those (merge their usage, drop the ones
    `hide` says the client did not ask for); the others stay bytes, deferred for the text count.
    Returns the bytes to relay and the usage so far. (A raw line break never occurs inside JSON, so
    the terminators around a usage object bound its event.)"""
    out: list[bytes] = []
    plain = 0  # bytes before this offset are handled
    for match in _USAGE.finditer(whole, first):  # `first`: where the caller's search found the first one
        at = match.start()
        if at < plain:
            continue  # a second usage object in an event already taken
        start = last_event_end(whole, plain, at)
        end = next_event_end(whole, at)
        if plain < start:
            part = whole[plain:start]
            out.append(part)
            text.defer_raw(part)
        plain = end
        ev = SSEEvent(whole[start:end])
        data = ev.json_readonly()
        if isinstance(data, dict):
            usage = merge_usage(usage, adapter.usage_from_event(kind, data))
            if hide is not None and hide(data):
                continue
            text.count(data)
        out.append(ev.raw)
    if plain < len(whole):
        part = whole[plain:]
        out.append(part)
        text.defer_raw(part)
    return b"".join(out), usage


class _TextCount:
    """Characters of model text seen in a stream, for when it ends before the provider reports usage.

    Events are parsed only if that count is needed: normally the provider's usage arrives and the
    deferred runs of events are never looked at (they are the bytes already relayed, kept until the end).
    """

    __slots__ = ("adapter", "kind", "chars", "_raw")

    def __init__(self, adapter: Adapter, kind: str) -> None:
        self.adapter, self.kind = adapter, kind
        self.chars = 0
        self._raw: list[bytes] = []  # runs of whole events, relayed without being split

    def defer_raw(self, whole_events: bytes) -> None:
        self._raw.append(whole_events)

    def count(self, data: Any) -> None:
        for slot in self.adapter.stream_event_texts(self.kind, data):
            self.chars += len(slot.get())

    def total(self) -> int:
        raw, self._raw = self._raw, []
        for ev in SSESplitter().feed(b"".join(raw)):
            data = ev.json()
            if isinstance(data, dict):
                self.count(data)
        return self.chars


def _finish_usage(ex: Exchange, usage: Usage | None, text: _TextCount) -> None:
    """Usage as reported. A stream cut short (client gone, provider broke off, output blocked) may end
    before the provider's final count: then what was generated is counted from the text seen, and
    the larger of the two is billed (Anthropic's message_start says output_tokens: 1 up front)."""
    cut = ex.client_disconnected or ex.error is not None or ex.decision == "block"
    out_chars = text.total() if cut or usage is None or usage.output_tokens == 0 else 0
    if usage is None and not out_chars and not cut:
        ex.usage = None
        return
    # A stream cut before any text or usage still had its input read by the model: bill that estimate.
    usage = usage or Usage()
    estimate = _estimate_tokens(out_chars) if out_chars else 0
    if estimate > usage.output_tokens:
        usage.output_tokens = estimate
        ex.usage_estimated = True
    if usage.input_tokens == 0 and ex.input_estimator is not None:
        usage.input_tokens = ex.input_estimator()
        ex.usage_estimated = True
    ex.usage = usage
