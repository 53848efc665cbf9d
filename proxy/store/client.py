"""A lean, pipelined Redis-protocol client for the budget hot path (EVALSHA on every request).

redis-py's asyncio client costs ~200 µs of CPU per command here (connection pool, locks, asyncio
streams, per-call timeout); the budget step makes two script calls per request. This client keeps
one connection per event loop and pipelines every call on it:

- commands are packed by hiredis and written together at the end of the loop iteration (one
  `write` however many requests reserved or settled in it);
- replies are parsed by `hiredis.Reader` in `data_received` and resolve the callers' futures in
  order (Redis answers in order on one connection);
- timeouts are checked by one watchdog timer per connection, not one timer per call: when the
  oldest unanswered call is older than `timeout_s` the connection is closed and every call on it
  fails (a store that stopped answering), and the next call reconnects;
- an unknown script (`NOSCRIPT`, e.g. after the store restarted without its script cache) is sent
  again with EVAL.
- with `wait_replicas` (the store URL's option) one `WAIT` follows each batch of script calls on the
  same connection, and a call whose write fewer replicas confirmed raises `NotReplicated`.

`proxy.store.routing` puts one of these per node behind a Redis Cluster's slot map or a Sentinel's
current primary.

Errors are redis-py's exception types (`ConnectionError`, `TimeoutError`, `ResponseError`), so
callers handle both clients alike. Everything else (reports, admin, CLI) stays on redis-py.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import ssl as ssl_module
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import hiredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError


@dataclass(frozen=True)
class Target:
    """Where and how to connect: a Unix socket path or host/port, credentials, database, TLS."""

    path: str | None = None
    host: str = "127.0.0.1"
    port: int = 6379
    username: str | None = None
    password: str | None = None
    db: int = 0
    ssl: ssl_module.SSLContext | None = None
    server_hostname: str | None = None
    connect_timeout_s: float = 2.0

    @classmethod
    def from_redis(cls, client: Any) -> Target | None:
        """The target of a `redis.asyncio.Redis` client; None when it uses something this client does
        not speak (Sentinel, credential providers, a custom connection class)."""
        pool = getattr(client, "connection_pool", None)
        if pool is None:
            return None
        kw = dict(pool.connection_kwargs)
        if kw.get("credential_provider") is not None or kw.get("protocol") not in (None, 2, 3, "2", "3"):
            return None
        name = pool.connection_class.__name__
        timeout = float(kw.get("socket_connect_timeout") or 2.0)
        common: dict[str, Any] = {"username": kw.get("username"), "password": kw.get("password"),
                                  "db": int(kw.get("db") or 0), "connect_timeout_s": timeout}
        if name == "UnixDomainSocketConnection":
            return cls(path=kw["path"], **common)
        if name == "Connection":
            return cls(host=kw.get("host", "127.0.0.1"), port=int(kw.get("port", 6379)), **common)
        if name == "SSLConnection":
            ctx = ssl_module.create_default_context(cafile=kw.get("ssl_ca_certs"), capath=kw.get("ssl_ca_path"))
            reqs = kw.get("ssl_cert_reqs", "required")
            if reqs in ("none", ssl_module.CERT_NONE):
                ctx.check_hostname = False
                ctx.verify_mode = ssl_module.CERT_NONE
            else:
                ctx.check_hostname = bool(kw.get("ssl_check_hostname", True))
            if kw.get("ssl_certfile"):
                ctx.load_cert_chain(kw["ssl_certfile"], kw.get("ssl_keyfile"), kw.get("ssl_password"))
            host = kw.get("host", "127.0.0.1")
            return cls(host=host, port=int(kw.get("port", 6379)), ssl=ctx, server_hostname=host, **common)
        return None


def _typed(reply: ResponseError) -> RedisError:
    """An error reply as redis-py types it (LOADING -> BusyLoadingError, a ConnectionError;
    NOSCRIPT -> NoScriptError; READONLY -> ReadOnlyError; ...), so both clients raise alike."""
    try:
        from redis._parsers.base import BaseParser

        typed: RedisError = BaseParser.parse_error(str(reply))  # type: ignore[no-untyped-call]
        return typed
    except Exception:  # noqa: BLE001 - redis-py moved it: the untyped error is still an error
        return reply


class Script:
    """A Lua script called by SHA1, sent in full once the server says it does not know it."""

    __slots__ = ("sha", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()  # noqa: S324 - Redis names scripts by SHA1


class _Conn(asyncio.Protocol):
    """One connection: writes batched per loop iteration, replies matched to calls in order."""

    def __init__(self, loop: asyncio.AbstractEventLoop, timeout_s: float) -> None:
        self.loop = loop
        self.timeout_s = timeout_s
        self.transport: asyncio.Transport | None = None
        self.reader = hiredis.Reader(replyError=ResponseError)
        # (future or None, deadline); None: a reply nobody waits for (AUTH/SELECT at connect is awaited too)
        self.pending: collections.deque[tuple[asyncio.Future[Any], float]] = collections.deque()
        self.out: list[bytes] = []
        self.flush_scheduled = False
        self.closed: BaseException | None = None
        self.watchdog: asyncio.TimerHandle | None = None
        # One WAIT for every write of a batch that asked for it, sent after them: WAIT blocks the
        # connection until the replicas acknowledge, so one per call would serialize the calls.
        self.wait_cmd = b""
        self.batch_wait: asyncio.Future[Any] | None = None

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's transports are not asyncio.Transport

    def data_received(self, data: bytes) -> None:
        self.reader.feed(data)
        pending = self.pending
        while True:
            try:
                reply = self.reader.gets()
            except hiredis.ProtocolError as exc:
                self.fail(RedisConnectionError(f"store protocol error: {exc}"))
                return
            if reply is False:
                return
            if not pending:  # a reply nobody asked for: the stream is out of step
                self.fail(RedisConnectionError("store sent an unexpected reply"))
                return
            fut, _ = pending.popleft()
            if not fut.done():
                fut.set_result(reply)  # error replies are ResponseError instances, raised by the caller

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(RedisConnectionError("store connection closed" if exc is None else
                                       f"store connection lost ({type(exc).__name__})"))

    # calls
    def send(self, packed: bytes) -> asyncio.Future[Any]:
        if self.closed is not None:
            raise self.closed
        fut = self.loop.create_future()
        if self.watchdog is None:
            self._arm()
        self.pending.append((fut, self.loop.time() + self.timeout_s))
        self.out.append(packed)
        if not self.flush_scheduled:
            self.flush_scheduled = True
            self.loop.call_soon(self._flush)
        return fut

    def wait_for_replicas(self) -> asyncio.Future[Any]:
        """The reply of the WAIT that follows this loop iteration's writes (`wait_cmd`)."""
        if self.closed is not None:
            raise self.closed
        fut = self.batch_wait
        if fut is None:
            fut = self.batch_wait = self.loop.create_future()
            fut.add_done_callback(_seen)  # its callers may stop waiting first (an error reply, a cancellation)
            if not self.flush_scheduled:
                self.flush_scheduled = True
                self.loop.call_soon(self._flush)
        return fut

    def _flush(self) -> None:
        self.flush_scheduled = False
        if self.batch_wait is not None and self.closed is None:
            self.pending.append((self.batch_wait, self.loop.time() + self.timeout_s))
            self.out.append(self.wait_cmd)
            self.batch_wait = None
        if self.out and self.transport is not None and self.closed is None:
            data = b"".join(self.out) if len(self.out) > 1 else self.out[0]
            self.out.clear()
            self.transport.write(data)

    def _arm(self) -> None:
        interval = min(0.1, self.timeout_s / 4)
        self.watchdog = self.loop.call_later(interval, self._check)

    def _check(self) -> None:
        if self.closed is not None:
            return
        self.watchdog = None
        if not self.pending:
            return  # idle: the next call arms it again
        if self.pending[0][1] < self.loop.time():
            self.fail(RedisTimeoutError(f"store did not answer within {self.timeout_s:g} s"))
            return
        self._arm()

    def fail(self, exc: BaseException) -> None:
        """Close the connection; every call waiting on it raises `exc`."""
        if self.closed is None:
            self.closed = exc
        if self.watchdog is not None:
            self.watchdog.cancel()
            self.watchdog = None
        while self.pending:
            fut, _ = self.pending.popleft()
            if not fut.done():
                fut.set_exception(self.closed)
        if self.batch_wait is not None:
            if not self.batch_wait.done():
                self.batch_wait.set_exception(self.closed)
            self.batch_wait = None
        self.out.clear()
        if self.transport is not None:
            self.transport.close()
            self.transport = None


class NotReplicated(RedisError):
    """A write the store made but fewer replicas than `wait_replicas` acknowledged in time: a failover
    now could lose it, so it counts as a store failure."""


_ASKING = hiredis.pack_command(("ASKING",))


def _seen(fut: asyncio.Future[Any]) -> None:
    if not fut.cancelled():
        fut.exception()


def _ignore(fut: asyncio.Future[Any]) -> None:
    fut.add_done_callback(_seen)


def _retrieve(task: asyncio.Task[Any]) -> None:
    """Mark a connect's failure as seen even when every caller that waited for it was cancelled."""
    if not task.cancelled():
        task.exception()


class RespClient:
    """Pipelined calls to one store; one connection per event loop, reconnected after a failure."""

    def __init__(self, target: Target, timeout_s: float = 2.0, *, wait_replicas: int = 0,
                 wait_timeout_ms: int = 500) -> None:
        self.target = target
        self.timeout_s = timeout_s
        self.wait_replicas = wait_replicas
        self.wait_timeout_ms = wait_timeout_ms
        self._conn: _Conn | None = None
        self._connecting: asyncio.Task[_Conn] | None = None

    async def _connection(self) -> _Conn:
        conn = self._conn
        loop = asyncio.get_running_loop()
        if conn is not None and conn.closed is None and conn.loop is loop:
            return conn
        # One connect for every caller waiting, in a task of its own: a caller cancelled meanwhile (its
        # client went away) neither cancels the connect for the others nor turns into a store error.
        task = self._connecting
        if task is None or task.done() or task.get_loop() is not loop:
            task = self._connecting = loop.create_task(self._open(loop))
            task.add_done_callback(_retrieve)
        try:
            conn = await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():  # the client was closed meanwhile (aclose), not this caller cancelled
                raise RedisConnectionError("client closed") from None
            raise
        except RedisError:
            raise
        except (OSError, TimeoutError) as exc:
            raise RedisConnectionError(f"cannot connect to the store ({type(exc).__name__})") from None
        self._conn = conn
        return conn

    async def _open(self, loop: asyncio.AbstractEventLoop) -> _Conn:
        t = self.target

        def factory() -> _Conn:
            return _Conn(loop, self.timeout_s)

        async with asyncio.timeout(t.connect_timeout_s):
            if t.path is not None:
                _, conn = await loop.create_unix_connection(factory, t.path)
            else:
                _, conn = await loop.create_connection(factory, t.host, t.port, ssl=t.ssl,
                                                       server_hostname=t.server_hostname if t.ssl else None)
            hello: list[tuple[Any, ...]] = []
            if t.password is not None:
                hello.append(("AUTH", t.username, t.password) if t.username else ("AUTH", t.password))
            if t.db:
                hello.append(("SELECT", t.db))
            for cmd in hello:
                reply = await conn.send(hiredis.pack_command(cmd))
                if isinstance(reply, ResponseError):
                    conn.fail(RedisConnectionError("store refused the connection setup"))
                    raise RedisConnectionError(f"store refused {cmd[0]} ({str(reply).split(' ', 1)[0]})")
        return conn

    async def execute(self, *args: Any) -> Any:
        """One command; raises ResponseError for an error reply, ConnectionError/TimeoutError when the
        store is unreachable."""
        conn = await self._connection()
        reply = await conn.send(hiredis.pack_command(args))
        if isinstance(reply, ResponseError):
            raise _typed(reply)
        return reply

    async def evalsha(self, script: Script, keys: Sequence[str], args: Sequence[Any], *, asking: bool = False) -> Any:
        """Run a script by SHA1 (in full after NOSCRIPT). With `wait_replicas`, a `WAIT` follows it (and
        the other calls of the same loop iteration) on the same connection, and a write that fewer
        replicas acknowledged raises `NotReplicated`. `asking`: an `ASKING` goes first (a Cluster slot
        being migrated to this node)."""
        conn = await self._connection()
        if asking:
            _ignore(conn.send(_ASKING))
        fut = conn.send(hiredis.pack_command(("EVALSHA", script.sha, len(keys), *keys, *args)))
        acked = self._wait(conn)
        reply = await fut
        if isinstance(reply, ResponseError):
            if not str(reply).startswith("NOSCRIPT"):
                raise _typed(reply)
            if asking:
                _ignore(conn.send(_ASKING))
            fut = conn.send(hiredis.pack_command(("EVAL", script.source, len(keys), *keys, *args)))
            acked = self._wait(conn)
            reply = await fut
            if isinstance(reply, ResponseError):
                raise _typed(reply)
        if acked is not None:
            n = await acked
            if isinstance(n, ResponseError) or int(n) < self.wait_replicas:
                raise NotReplicated(f"the write reached {n if isinstance(n, int) else 0} of "
                                    f"{self.wait_replicas} replica(s) within {self.wait_timeout_ms} ms")
        return reply

    def _wait(self, conn: _Conn) -> asyncio.Future[Any] | None:
        if not self.wait_replicas:
            return None
        if not conn.wait_cmd:
            wait: tuple[Any, ...] = ("WAIT", self.wait_replicas, self.wait_timeout_ms)
            conn.wait_cmd = hiredis.pack_command(wait)
        return conn.wait_for_replicas()

    async def aclose(self) -> None:
        task, self._connecting = self._connecting, None
        if task is not None and not task.done():
            task.cancel()
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.fail(RedisConnectionError("client closed"))
