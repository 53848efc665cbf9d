"""The relay: a streamed answer's bytes from the provider to the client, as they arrive.

It moves bytes and stops when told: it decides nothing and bills nothing. `Pump` is the logic
without HTTP (upstream chunks in, the client's bytes out); `relay` drives it over the two connections.
Unless an output rewriter changes an event, the client gets the exact bytes the provider sent (in monitor
mode always: the rewriter screens a copy, for the record only). A
client that goes away closes the upstream response, which cancels the provider's work; a provider
that breaks mid-stream breaks the client's stream too (never a clean-looking end to a cut answer), after
what it sent before it broke off (`ReadAhead`).
"""

from __future__ import annotations

import asyncio
import enum
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
from aiohttp import web

from proxy.edge.upstream import undecodable
from proxy.providers.issued import remember_in
from proxy.providers.sse import SSEEvent, SSESplitter
from proxy.stream.channels import StreamRewriter
from proxy.stream.usage import StreamUsage


class Pump:
    """One stream's bytes: usage read on the way, texts rewritten when a rewriter is given.

    `feed` takes each upstream chunk and returns what to send now (every whole event it completes, in
    one write). Once the rewriter stops the stream (`stopped`), `finish` returns `ending()`: the
    events that close it the provider's way, written by whoever decided to stop it.

    `monitor`: the client gets the provider's events byte for byte, as an unguarded stream relays them (the
    same events, comments and `id:`/`retry:` fields kept; only the usage chunk the proxy asked for is dropped),
    and the rewriter reads a copy of them (each event parsed once, usage read on the way), as
    under enforced output rules, for the record only: what it returns is dropped, and it never stops the
    stream. The copy of a chunk's events is read once that chunk went out (`catch_up`): nothing waits for its own
    screening, nor for a window's held text.
    """

    def __init__(self, meter: StreamUsage, rewriter: StreamRewriter | None = None,
                 ending: Callable[[], list[bytes]] | None = None, *, monitor: bool = False) -> None:
        self.meter = meter
        self.rewriter = rewriter
        self.ending = ending
        self.monitor = monitor and rewriter is not None
        self._splitter = SSESplitter()
        self._unread: list[tuple[SSEEvent, Any]] = []  # monitor: events relayed, not read by the rewriter yet

    @property
    def stopped(self) -> bool:
        return self.rewriter is not None and self.rewriter.stopped and not self.monitor

    @property
    def failed(self) -> bool:
        """Stopped because an event could not be read (see `StreamRewriter.unreadable`)."""
        return self.rewriter is not None and self.rewriter.unreadable and not self.monitor

    async def catch_up(self) -> None:
        """Monitor mode: the rewriter reads the events relayed (a copy; its output is dropped), each once, in
        order, until it stops (a check that could not run)."""
        rewriter = self.rewriter
        if not self._unread or rewriter is None:
            return
        unread, self._unread = self._unread, []
        for ev, data in unread:
            if rewriter.stopped:
                return
            await rewriter.process(ev, data)

    def _relay(self, ev: SSEEvent) -> bytes:
        """Monitor mode: an event as the provider sent it (usage read on the way); empty for one the client did
        not ask for (the usage chunk the proxy added), which the rewriter does not read either."""
        data = ev.json()
        if not self.meter.observe(ev, data):
            return b""
        self._unread.append((ev, data))
        return ev.raw

    async def feed(self, chunk: bytes) -> bytes:
        if self.monitor:
            await self.catch_up()  # what the last chunk brought, if the relay has not had it read yet
            return b"".join([self._relay(ev) for ev in self._splitter.feed(chunk)])
        if self.rewriter is None:
            # Unguarded: whole events are relayed as they are, without looking at each one, unless one
            # of them carries usage (then just these events are parsed).
            whole = self._splitter.feed_whole(chunk)
            return self.meter.take_run(whole) if whole else b""
        out: list[bytes] = []
        for ev in self._splitter.feed(chunk):
            data = ev.json()
            if not self.meter.observe(ev, data):
                continue
            out.extend(await self.rewriter.process(ev, data))
            if self.rewriter.stopped:
                break
        return b"".join(out)

    async def finish(self) -> bytes:
        """The upstream ended (or the stream was stopped): the rest, and the ending of a stopped stream."""
        out: list[bytes] = []
        if self.monitor:
            assert self.rewriter is not None
            tail = self._splitter.close()
            if tail is not None:
                out.append(self._relay(tail))
            await self.catch_up()
            if not self.rewriter.stopped:
                await self.rewriter.finish()
            return b"".join(out)
        if not self.stopped:
            tail = self._splitter.close()
            if tail is not None:
                out.extend(await self.rewriter.process(tail, tail.json()) if self.rewriter else [tail.raw])
            if self.rewriter is not None and not self.rewriter.stopped:
                out.extend(await self.rewriter.finish())
        if self.stopped and self.ending is not None:
            out.extend(self.ending())
        return b"".join(out)


# The most the relay reads of the provider's answer ahead of what the pump has taken (see `ReadAhead`).
READ_AHEAD_BYTES = 1 << 20


class ReadAhead:
    """The provider's answer, read as it arrives while the pump screens what came before (in a task of
    its own): chunks in order, then the error that ended it, if any.

    aiohttp raises a broken connection's error on the next read even while it still holds bytes received
    before it (it drops them). A pump that takes its time over an event (the output checks) must not lose
    what the provider sent before breaking off: the events the proxy had received go out, in order, and
    only then the error breaks the client's stream. At most `limit` bytes are read ahead; then the reading
    waits for the pump (what a slow client leaves in the socket is the provider's to hold).
    """

    def __init__(self, up: aiohttp.ClientResponse, limit: int = READ_AHEAD_BYTES) -> None:
        self._chunks: deque[bytes] = deque()
        self._size = 0
        self._limit = limit
        self._error: BaseException | None = None
        self._done = False
        self._arrived = asyncio.Event()
        self._room = asyncio.Event()
        self._room.set()
        self._task = asyncio.create_task(self._read(up))

    async def _read(self, up: aiohttp.ClientResponse) -> None:
        try:
            async for chunk in up.content.iter_any():
                self._chunks.append(chunk)
                self._size += len(chunk)
                self._arrived.set()
                if self._size >= self._limit:
                    self._room.clear()
                    await self._room.wait()
        except Exception as exc:  # noqa: BLE001 - raised where the relay reads it, after the chunks before it
            self._error = exc
        finally:
            self._done = True
            self._arrived.set()

    async def next(self) -> bytes | None:
        """The next chunk; None at the answer's end; the upstream's error once every chunk before it is taken."""
        while not self._chunks:
            if self._done:
                if self._error is not None:
                    error, self._error = self._error, None
                    raise error
                return None
            self._arrived.clear()
            await self._arrived.wait()
        chunk = self._chunks.popleft()
        self._size -= len(chunk)
        if self._size < self._limit:
            self._room.set()
        return chunk

    def cancel(self) -> None:
        self._task.cancel()


class ReadDirect:
    """The provider's answer read as the pump asks for it (`ReadAhead`'s interface): a pump that screens
    nothing takes each chunk at once, so nothing waits in aiohttp's buffer to be lost, and no reading task
    and hand-over is paid for per chunk on the path without checks."""

    def __init__(self, up: aiohttp.ClientResponse) -> None:
        self._content = up.content

    async def next(self) -> bytes | None:
        chunk = await self._content.readany()
        return chunk or None

    def cancel(self) -> None:
        pass


class End(enum.Enum):
    """How a relayed stream ended."""

    COMPLETE = "complete"          # the provider's answer reached the client (or was stopped properly)
    NOT_STARTED = "not_started"    # the client went away before the answer began (nothing was relayed)
    CLIENT_GONE = "client_gone"    # the client went away mid-answer (the provider's work was cancelled)
    UPSTREAM_BROKEN = "broken"     # the provider broke off (the client's stream was broken too)
    UNREADABLE = "unreadable"      # its body did not decode as its `Content-Encoding` says


class Relay:
    """Relays one SSE answer. `end` says how it ended, also when the task was cancelled mid-way.

    With `failure` (a guarded stream), the answer's head is sent with its first bytes, not before:
    a stream that fails (`Pump.failed`) before anything went out is answered by `failure()` instead
    (an error in the provider's format); one that fails later ends with the pump's ending.
    With `undecodable`, a stream labelled with a `Content-Encoding` is answered the same way, in every mode,
    when its body does not decode before anything went out (`End.UNREADABLE`; later: broken off, as
    `UPSTREAM_BROKEN`, the end still `UNREADABLE`).
    """

    def __init__(self, pump: Pump, failure: Callable[[], web.StreamResponse] | None = None,
                 undecodable: Callable[[], web.StreamResponse] | None = None) -> None:
        self.pump = pump
        self.failure = failure
        self.undecodable = undecodable
        self.end = End.COMPLETE

    async def _prepare(self, resp: web.StreamResponse, request: web.Request, up: aiohttp.ClientResponse,
                       read: bool) -> bool:
        try:
            await resp.prepare(request)
        except (ConnectionResetError, aiohttp.ClientConnectionResetError):
            # The client left before the answer began: stop the provider's work (nothing was relayed).
            self.end = End.CLIENT_GONE if read else End.NOT_STARTED
            up.close()
            return False
        return True

    async def run(self, request: web.Request, up: aiohttp.ClientResponse,
                  headers: Mapping[str, str]) -> web.StreamResponse:
        resp = web.StreamResponse(status=up.status, headers=headers)
        # An encoded stream (rare: providers send SSE as it is) is answered with its first decoded bytes, so a
        # body that does not decode is a 502, not a 200 broken off (atk9 A-M2).
        lazy = self.failure is not None or (self.undecodable is not None and "Content-Encoding" in up.headers)
        if not lazy and not await self._prepare(resp, request, up, read=False):
            return resp
        pump = self.pump
        ahead: ReadAhead | ReadDirect | None = None
        try:
            ahead = ReadAhead(up) if pump.rewriter is not None else ReadDirect(up)
            while (chunk := await ahead.next()) is not None:
                out = await pump.feed(chunk)
                if lazy and not resp.prepared:
                    if pump.failed and self.failure is not None:
                        up.close()
                        return self.failure()
                    if out and not await self._prepare(resp, request, up, read=True):
                        return resp
                if out:
                    remember_in(out)  # the ids the client gets, which it may send back (`proxy.providers.issued`)
                    await resp.write(out)
                await pump.catch_up()  # monitor mode: the copy is read once the client has the bytes
                if pump.stopped:
                    up.close()  # stop the provider generating what nobody will see
                    break
            rest = await pump.finish()
            if lazy and not resp.prepared:
                if pump.failed and self.failure is not None:
                    return self.failure()
                if not await self._prepare(resp, request, up, read=True):
                    return resp
            if rest:
                remember_in(rest)
                await resp.write(rest)
        except (ConnectionResetError, aiohttp.ClientConnectionResetError, asyncio.CancelledError):
            # The client went away: stop the provider's work.
            self.end = End.CLIENT_GONE
            up.close()
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
        except (aiohttp.ClientError, TimeoutError) as exc:
            # The provider broke off: make the client's stream fail too, never a clean-looking end.
            self.end = End.UNREADABLE if undecodable(exc) else End.UPSTREAM_BROKEN
            up.close()
            if self.end is End.UNREADABLE and not resp.prepared and self.undecodable is not None:
                return self.undecodable()
            if request.transport is not None:
                request.transport.close()
        else:
            try:
                await resp.write_eof()
            except (ConnectionResetError, aiohttp.ClientConnectionResetError):
                pass  # the client read the whole answer and hung up before the final chunk: nothing lost
        finally:
            if ahead is not None:
                ahead.cancel()
            up.release()
        return resp
