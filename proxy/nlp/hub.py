"""One guard worker pool shared by several HTTP worker processes (`serve --workers N`).

The supervisor process runs the `WorkerPool` (the PII worker processes) and a `GuardHub`: a Unix socket
(in a 0700 folder of its own) on which each HTTP worker's `RemotePool` submits jobs. The pool's
per-team queues and round-robin therefore span every HTTP worker: fairness, the per-team job limit and
the slice deadline hold for the whole server, and the model memory does not grow with N.

Frames: a 4-byte big-endian length, then a pickle (both ends are processes of this server, started by
it: the socket admits no one else). Requests `("run", id, team, slices)`, `("cancel", id)`,
`("stats", id)`; answers `("ok", id, value, wait_s)` or `("error", id, message)`. A `RemotePool`
that stops waiting (its request timed out, its client left) sends `cancel`: the hub cancels the job,
which drops its queued slices.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import pickle
import struct
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proxy.nlp.pool import TICKET, PoolError, QueueTicket, WorkerPool

log = logging.getLogger("guardrail.hub")

_LEN = struct.Struct(">I")
SOCKET_ENV = "GUARDRAIL_GUARD_SOCKET"  # set by the supervisor for its HTTP workers
PII_ENV = "GUARDRAIL_SHARED_PII"          # "1": the hub runs the PII workers
TOXICITY_ENV = "GUARDRAIL_SHARED_TOXICITY"  # "1": the hub runs the toxicity model


async def _send(writer: asyncio.StreamWriter, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    writer.write(_LEN.pack(len(data)) + data)
    await writer.drain()


async def _recv(reader: asyncio.StreamReader) -> Any:
    size = _LEN.unpack(await reader.readexactly(_LEN.size))[0]
    return pickle.loads(await reader.readexactly(size))  # noqa: S301 - frames from our own processes only


class GuardHub:
    """Serves `pool` (PII) and `scorer` (toxicity: its micro-batches then gather the texts of every HTTP
    worker) on a Unix socket. `path` is where HTTP workers connect (see `SOCKET_ENV`)."""

    def __init__(self, pool: WorkerPool | None, scorer: Any = None) -> None:
        self.pool = pool
        self.scorer = scorer
        self.folder = Path(tempfile.mkdtemp(prefix="guardrail-hub-"))  # 0700
        self.path = str(self.folder / "guard.sock")
        self._server: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._client, path=self.path)
        os.chmod(self.path, 0o600)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            self.folder.rmdir()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        jobs: dict[int, asyncio.Task[Any]] = {}
        lock = asyncio.Lock()

        async def reply(message: Any) -> None:
            async with lock:
                with contextlib.suppress(ConnectionError):
                    await _send(writer, message)

        async def run(job_id: int, team: str, slices: list[tuple[Any, ...]]) -> None:
            ticket = QueueTicket(team)
            TICKET.set(ticket)
            try:
                if self.pool is None:
                    raise PoolError("no shared PII workers")
                value = await self.pool.run(slices, team=team)
                await reply(("ok", job_id, value, ticket.wait_s))
            except PoolError as exc:
                await reply(("error", job_id, str(exc)))
            finally:
                jobs.pop(job_id, None)

        async def score(job_id: int, texts: list[str]) -> None:
            try:
                if self.scorer is None:
                    raise PoolError("no shared toxicity model")
                await reply(("ok", job_id, await self.scorer.score(texts), 0.0))
            except Exception as exc:  # noqa: BLE001 - the scorer's errors name the model, never the text
                await reply(("error", job_id, str(exc) if isinstance(exc, PoolError) or
                             type(exc).__name__ == "ToxicityModelError" else type(exc).__name__))
            finally:
                jobs.pop(job_id, None)

        try:
            while True:
                message = await _recv(reader)
                kind, job_id = message[0], message[1]
                if kind in ("run", "score"):
                    task = asyncio.ensure_future(run(job_id, message[2], message[3]) if kind == "run"
                                                 else score(job_id, message[2]))
                    jobs[job_id] = task
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
                elif kind == "cancel":
                    if (victim := jobs.pop(job_id, None)) is not None:
                        victim.cancel()
                elif kind == "stats":
                    await reply(("ok", job_id, self.pool.stats() if self.pool is not None else {}, 0.0))
                elif kind == "tox_status":
                    status = dataclasses.asdict(self.scorer.status()) if self.scorer is not None else None
                    await reply(("ok", job_id, status, 0.0))
        except (asyncio.IncompleteReadError, ConnectionError, EOFError):
            pass  # the HTTP worker is gone: its jobs are cancelled below
        finally:
            for task in jobs.values():
                task.cancel()
            writer.close()


class RemotePool:
    """What an HTTP worker uses instead of a `WorkerPool`: the same `run`, on the supervisor's hub."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.size = 0
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._pending: dict[int, asyncio.Future[tuple[Any, float]]] = {}
        self._next = 0
        self._reading: asyncio.Task[None] | None = None
        self._refresh: asyncio.Task[None] | None = None
        self._stats: dict[str, Any] = {"workers": 0, "alive": 0, "busy": 0, "starting": 0, "queue_depth": {},
                                       "jobs_done": 0, "jobs_cancelled": 0, "jobs_failed": 0,
                                       "workers_recycled": 0}
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        self._reader, self._writer = await asyncio.open_unix_connection(self.path)
        self._reading = asyncio.ensure_future(self._read())
        self._stats = await self._call(("stats",))
        self._refresh = asyncio.ensure_future(self._refresh_stats())

    async def close(self) -> None:
        for task in (self._refresh, self._reading):
            if task is not None:
                task.cancel()
        if self._writer is not None:
            self._writer.close()
        self._fail_all("the guard hub connection is closed")

    def terminate(self) -> list[Any]:
        if self._writer is not None:
            self._writer.close()
        return []

    def pids(self) -> list[int]:
        return []

    def stats(self) -> dict[str, Any]:
        return {**self._stats, "shared": True}

    async def _refresh_stats(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            with contextlib.suppress(PoolError):
                self._stats = await self._call(("stats",))

    def _fail_all(self, message: str) -> None:
        for fut in self._pending.values():
            if not fut.done():
                fut.set_exception(PoolError(message))
                fut.exception()
        self._pending.clear()

    async def _read(self) -> None:
        assert self._reader is not None
        try:
            while True:
                message = await _recv(self._reader)
                fut = self._pending.pop(message[1], None)
                if fut is None or fut.done():
                    continue
                if message[0] == "ok":
                    fut.set_result((message[2], message[3]))
                else:
                    fut.set_exception(PoolError(message[2]))
        except (asyncio.IncompleteReadError, ConnectionError, EOFError):
            log.error("the guard hub closed the connection")
            self._fail_all("the shared guard workers are gone")

    async def _call(self, head: tuple[Any, ...], *rest: Any) -> Any:
        value, _ = await self._submit(head, *rest)
        return value

    async def _submit(self, head: tuple[Any, ...], *rest: Any) -> tuple[Any, float]:
        if self._writer is None or self._writer.is_closing():
            raise PoolError("the shared guard workers are not reachable")
        self._next += 1
        job_id = self._next
        fut: asyncio.Future[tuple[Any, float]] = asyncio.get_running_loop().create_future()
        self._pending[job_id] = fut
        async with self._lock:
            try:
                await _send(self._writer, (head[0], job_id, *head[1:], *rest))
            except ConnectionError:
                self._pending.pop(job_id, None)
                raise PoolError("the shared guard workers are not reachable") from None
        try:
            return await asyncio.shield(fut)
        except asyncio.CancelledError:
            self._pending.pop(job_id, None)
            with contextlib.suppress(Exception):
                async with self._lock:
                    await _send(self._writer, ("cancel", job_id))
            raise

    async def run(self, slices: Sequence[tuple[Any, ...]], *, team: str | None = None) -> list[Any]:
        if not slices:
            return []
        ticket = TICKET.get()
        team = team or (ticket.team if ticket is not None else "default")
        started = time.monotonic()
        value, wait_s = await self._submit(("run", team, list(slices)))
        if ticket is not None:
            ticket.wait_s += min(wait_s, time.monotonic() - started)
        return list(value)


class RemoteScorer(RemotePool):
    """A toxicity scorer (`labels`, `score`, `status`) whose model runs in the supervisor, batched with
    the texts of every HTTP worker. `start()` connects in the background; `status()` mirrors the hub's."""

    def __init__(self, path: str, labels: tuple[str, ...], model: str) -> None:
        super().__init__(path)
        self.labels = labels
        self._model = model
        self._status: Any = None
        self._connecting: asyncio.Task[None] | None = None
        self._connect_error: str | None = None

    def start(self) -> None:  # type: ignore[override]  # sync, like DetoxifyScorer.start
        if self._connecting is None:
            self._connecting = asyncio.ensure_future(self._connect())

    async def _connect(self) -> None:
        try:
            await RemotePool.start(self)
        except (OSError, PoolError) as exc:
            self._connect_error = f"the shared toxicity model is not reachable ({type(exc).__name__})"

    async def _refresh_stats(self) -> None:
        while True:
            with contextlib.suppress(PoolError):
                self._set_status(await self._call(("tox_status",)))
            await asyncio.sleep(1.0)

    def _set_status(self, raw: dict[str, Any] | None) -> None:
        from proxy.nlp.toxicity import ScorerStatus

        if raw is None:
            return
        raw["labels"] = tuple(raw.get("labels") or ())
        self._status = ScorerStatus(**raw)
        if self._status.labels:
            self.labels = self._status.labels

    def status(self) -> Any:
        from proxy.nlp.toxicity import ScorerStatus

        if self._status is not None:
            return self._status
        state: Any = "error" if self._connect_error else "loading"
        return ScorerStatus(state, self._model, "shared", "cpu", self.labels, error=self._connect_error)

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        from proxy.nlp.toxicity import ToxicityModelError

        if self._connecting is None:
            self.start()
        if self._connecting is not None:
            await asyncio.shield(self._connecting)
        try:
            return list(await self._call(("score", list(texts))))
        except PoolError as exc:
            raise ToxicityModelError(str(exc)) from None

    def close(self) -> None:  # type: ignore[override]  # called from a thread at shutdown
        """Nothing to stop here: the model is the supervisor's; the connection goes with this process."""
