"""Run aiohttp apps in background threads so tests can drive them with sync and async SDK clients."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import web

from proxy.edge.server import ProxyRunner


class ServerThread:
    """An aiohttp app served on 127.0.0.1 (free port) by its own event loop in a daemon thread."""

    def __init__(self, make_app: Callable[[], web.Application]) -> None:
        self._make_app = make_app
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.runner: web.AppRunner | None = None
        self.port = 0
        self.app: web.Application | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerThread:
        self._thread.start()
        # Startup loads Presidio's pipeline once per test session: seconds when quiet, a minute or more on
        # a machine shared with other jobs. A bound on waiting, not on speed.
        self.call(self._start(), timeout=180)
        return self

    async def _start(self) -> None:
        self.app = self._make_app()
        # The product's runner (`guardrail-proxy serve`): a request the HTTP parser refuses is the app's to answer.
        self.runner = ProxyRunner(self.app, access_log=None, handler_cancellation=False)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    def call(self, coro: Any, timeout: float = 30) -> Any:
        """Run a coroutine on the server's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        if self.runner is not None:
            self.call(self.runner.cleanup())
            self.runner = None
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
