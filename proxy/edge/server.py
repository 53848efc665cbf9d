"""Serving the app: the connection limit, header timeout, and a graceful stop on SIGTERM / SIGINT.

`ProxyRunner` is aiohttp's `AppRunner` whose server closes a connection beyond `server.max_connections`
at once with a plain `503` (the client may retry elsewhere), so a flood of idle or slow connections
cannot exhaust file descriptors or memory. A request aiohttp's HTTP parser refuses (a body length given twice,
`Content-Length` with `chunked`, a bad chunk size, a bad request line or header) is answered by the app's `MALFORMED`
(a 400 in OpenAI's format, with a decision record), and logged by the exception's type only: aiohttp's message
can quote the request's bytes. The header timeout is aiohttp's keep-alive timer, which also
runs from the moment a connection opens: a connection that has not sent a whole request head by then is
closed (set through `create_app`'s handler arguments). Body timeouts are in `proxy.edge.intake`.

`serve(app, ...)` listens until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
within `server.drain_s`, and closes the app's resources (the guard workers included).
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from typing import Any

from aiohttp import web, web_protocol, web_server
from aiohttp.web_request import BaseRequest

log = logging.getLogger("guardrail.server")

_BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 36\r\n"
         b"Retry-After: 1\r\nConnection: close\r\n\r\ntoo many connections to this proxy\r\n")


class _Busy(asyncio.Protocol):
    """A connection over the limit: a plain 503, then closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.write(_BUSY)  # type: ignore[attr-defined]  # a stream transport (uvloop's is no subclass)
        transport.close()  # sends what is buffered first


class _Handler(web_protocol.RequestHandler):
    """aiohttp's handler of one connection, answering a request its HTTP parser refused with `on_malformed`."""

    __slots__ = ("on_malformed",)

    def __init__(self, manager: web_server.Server, on_malformed: Callable[[int], web.StreamResponse],
                 **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self.on_malformed = on_malformed

    def handle_error(self, request: BaseRequest, status: int = 500, exc: BaseException | None = None,
                     message: str | None = None) -> web.StreamResponse:
        if status == 500:  # a handler's own failure: aiohttp's answer
            return super().handle_error(request, status, exc, message)
        log.info("malformed HTTP request refused (%d, %s)", status, type(exc).__name__ if exc else "-")
        if request.writer.output_size > 0:  # some of an answer went out: the connection is broken
            raise ConnectionError("answer already started")
        resp = self.on_malformed(status)
        resp.force_close()
        return resp


class LimitedServer(web_server.Server):
    """aiohttp's connection manager, refusing connections beyond `max_connections`."""

    max_connections: int = 0
    refused: int = 0
    on_malformed: Callable[[int], web.StreamResponse] | None = None

    def __call__(self) -> Any:  # the protocol factory: one call per accepted connection
        if self.max_connections and len(self._connections) >= self.max_connections:
            self.refused += 1
            return _Busy()
        if self.on_malformed is None:
            return super().__call__()
        return _Handler(self, self.on_malformed, loop=self._loop, **self._kwargs)


# What answers (and records) a request the HTTP parser refused: set by `proxy.app.create_app`.
Malformed = Callable[[int], web.StreamResponse]
MALFORMED: web.AppKey[Malformed] = web.AppKey("malformed")


class ProxyRunner(web.AppRunner):
    def __init__(self, app: web.Application, *, max_connections: int = 0, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.max_connections = max_connections

    async def _make_server(self) -> web_server.Server:
        server = await super()._make_server()
        server.__class__ = LimitedServer
        assert isinstance(server, LimitedServer)
        server.max_connections = self.max_connections
        server.on_malformed = self.app.get(MALFORMED) if self.app is not None else None
        return server

    @property
    def refused(self) -> int:
        server = self.server
        return server.refused if isinstance(server, LimitedServer) else 0


async def serve(app: web.Application, host: str, port: int, *, max_connections: int, drain_s: float,
                reuse_port: bool = False, stop: asyncio.Event | None = None,
                on_started: Any = None) -> None:
    """Run `app` until SIGTERM / SIGINT (or `stop` is set), then drain and clean up."""
    loop = asyncio.get_running_loop()
    stop = stop or asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runner = ProxyRunner(app, max_connections=max_connections, access_log=None, handler_cancellation=False,
                         shutdown_timeout=drain_s)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port, reuse_port=reuse_port or None, backlog=1024)
        await site.start()
        if on_started is not None:
            on_started()
        await stop.wait()
        log.info("stopping: no new connections; requests in flight have %g s to finish", drain_s)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        await runner.cleanup()  # stop listening, wait for handlers (drain_s), close the app's resources
