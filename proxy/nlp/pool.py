"""Guard worker processes with per-team queues, fair scheduling, deadlines and recycling.

A `WorkerPool` runs N spawned processes that each load a model once (`init`) and then answer jobs
(`handler(*args)`), one at a time. Callers submit a *job* as a list of *slices* (e.g. pieces of text
of at most ~1,000 characters): slices wait in one queue per team and a free worker takes the next
slice from the teams in round-robin order. So a huge request from one team is worked on slice by
slice, and a small request from another team waits for at most one slice to finish, not for the
huge one. Idle workers are never held back: a lone team gets every worker.

- **Per-team limit**: at most `team_max_jobs` jobs of one team are admitted at once; later ones
  wait (their wait counts as queue time).
- **Cancellation**: cancelling the awaiting task (the request's check timed out, the client left)
  drops the job's queued slices at once (`jobs_cancelled`); the slice in flight finishes.
- **Deadline**: a slice running longer than `slice_timeout_s` gets its worker killed and replaced
  (`workers_recycled`); the job fails with `SliceTimeout`. No later request waits for it.
- **Queue time**: the wait before each job's first slice starts is added to the `QueueTicket` in
  the caller's context (`TICKET`), which the request's record reports as `latency_ms.queue`.
- **No orphans**: workers die with their pool (`close()`), when the pool's process dies (they
  watch their parent; Linux `PR_SET_PDEATHSIG` too), and never outlive a killed parent by more than
  a second.

This module imports nothing heavy: the models are imported by `init` in the workers only.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import logging
import multiprocessing
import os
import queue
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger("guardrail.pool")

__all__ = ["TICKET", "PoolError", "QueueTicket", "SliceTimeout", "WorkerDied", "WorkerPool", "team_context"]


class PoolError(Exception):
    """A job could not be run (no worker, a worker died, the handler failed). Messages hold no text."""


class SliceTimeout(PoolError):
    """A slice ran past its deadline: its worker was killed and is being replaced."""


class WorkerDied(PoolError):
    """The worker process exited while working on a slice (killed, out of memory, crashed)."""


@dataclass
class QueueTicket:
    """Per request: whose work it is, and how long its jobs waited for a worker."""

    team: str = "default"
    wait_s: float = 0.0
    model_wait_s: float = 0.0  # waited for the toxicity model (its texts' batch to start), this process


TICKET: contextvars.ContextVar[QueueTicket | None] = contextvars.ContextVar("guard_ticket", default=None)


def team_context(team: str | None) -> QueueTicket:
    """Start a request's ticket in the current context (the request's task and the tasks it starts)."""
    ticket = QueueTicket(team or "default")
    TICKET.set(ticket)
    return ticket


# --------------------------------------------------------------------------------- worker side

def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when the thread that started it exits (pool closed or its
    process gone). Elsewhere the parent watch below does it within a second."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _watch_parent(parent: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _worker_main(conn: Connection, parent: int, init: Callable[..., Any] | None, init_args: tuple[Any, ...],
                 handler: Callable[..., Any]) -> None:
    _die_with_parent()
    if os.getppid() != parent:
        return
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the pool stops us
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    try:
        if init is not None:
            init(*init_args)
        conn.send(("ready", os.getpid()))
    except Exception as exc:  # noqa: BLE001 - reported by type and the exception's own (text-free) message
        conn.send(("error", _describe(exc)))
        return
    while True:
        try:
            args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            out: tuple[str, Any] = ("ok", handler(*args))
        except Exception as exc:  # noqa: BLE001
            out = ("error", _describe(exc))
        try:
            conn.send(out)
        except (BrokenPipeError, OSError):
            return


def _describe(exc: BaseException) -> str:
    # Handlers raise their own, text-free messages (e.g. PiiUnavailable); anything else by type only.
    if getattr(exc, "safe_message", False) or type(exc).__name__ == "PiiUnavailable":
        return str(exc)
    return f"{type(exc).__name__} in worker"


# --------------------------------------------------------------------------------- pool side

_STOP = object()


class _Worker:
    """One worker process and the thread that talks to it (sends a slice, waits for its answer)."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.pid: int | None = None
        self.process: Any = None
        self.state = "starting"  # starting | idle | busy | dead
        self.ready: asyncio.Future[None] | None = None  # set by `WorkerPool.start` on its loop
        self.inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._run, daemon=True, name="guard-worker-io")
        self.thread.start()

    def _post(self, fn: Callable[..., None], *args: Any) -> None:
        loop = self.pool._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits
            loop.call_soon_threadsafe(fn, *args)

    def _run(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        parent_conn, child_conn = ctx.Pipe()
        pool = self.pool
        try:
            process = ctx.Process(target=_worker_main, daemon=True, name="guardrail-guard-worker",
                                  args=(child_conn, os.getpid(), pool.init, pool.init_args, pool.handler))
            process.start()
        except Exception as exc:  # noqa: BLE001
            self._post(pool._worker_ready, self, f"worker could not start ({type(exc).__name__})")
            self._post(pool._worker_gone, self)
            return
        child_conn.close()
        self.process = process
        current: concurrent.futures.Future[Any] | None = None
        try:
            kind, value = parent_conn.recv()
            if kind != "ready":
                self._post(pool._worker_ready, self, str(value))
                return
            self.pid = int(value)
            self._post(pool._worker_ready, self, None)
            while True:
                item = self.inbox.get()
                if item is _STOP:
                    return
                args, current = item
                if not current.set_running_or_notify_cancel():
                    current = None
                    continue
                parent_conn.send(args)
                kind, value = parent_conn.recv()
                if kind == "ok":
                    current.set_result(value)
                else:
                    current.set_exception(PoolError(str(value)))
                current = None
        except (EOFError, OSError):
            if self.pid is None:
                self._post(pool._worker_ready, self, "worker exited while loading")
            if current is not None:
                current.set_exception(WorkerDied("PII analysis worker died"))
        finally:
            parent_conn.close()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join(5)
            self._post(pool._worker_gone, self)
            # Anything still queued for this worker fails (the pool re-routes nothing mid-flight).
            while True:
                try:
                    item = self.inbox.get_nowait()
                except queue.Empty:
                    break
                if item is not _STOP and item[1].set_running_or_notify_cancel():
                    item[1].set_exception(WorkerDied("PII analysis worker died"))

    def kill(self) -> None:
        process = self.process
        if process is not None and process.pid is not None:
            with contextlib.suppress(ProcessLookupError, OSError):
                os.kill(process.pid, 9)

    def stop(self) -> None:
        self.inbox.put(_STOP)


@dataclass(eq=False)
class _Job:
    team: str
    slices: list[tuple[Any, ...]]
    future: asyncio.Future[list[Any]]
    ticket: QueueTicket | None
    submitted: float = field(default_factory=time.monotonic)
    results: list[Any] = field(default_factory=list)
    next: int = 0          # the next slice to dispatch
    left: int = 0          # slices not answered yet
    started: bool = False
    admitted: bool = False

    def __post_init__(self) -> None:
        self.results = [None] * len(self.slices)
        self.left = len(self.slices)


class WorkerPool:
    """N worker processes fed from per-team queues, round-robin. Build and use on one event loop."""

    def __init__(self, workers: int, handler: Callable[..., Any], *, init: Callable[..., Any] | None = None,
                 init_args: tuple[Any, ...] = (), slice_timeout_s: float = 10.0, team_max_jobs: int = 8,
                 name: str = "guard") -> None:
        self.size = max(1, workers)
        self.handler = handler
        self.init = init
        self.init_args = init_args
        self.slice_timeout_s = slice_timeout_s
        self.team_max_jobs = max(1, team_max_jobs)
        self.name = name
        self._workers: list[_Worker] = []
        self._idle: deque[_Worker] = deque()
        self._queues: OrderedDict[str, deque[_Job]] = OrderedDict()   # admitted jobs with slices to dispatch
        self._waiting: dict[str, deque[_Job]] = {}                    # jobs over the team's limit
        self._active: dict[str, int] = {}                              # admitted jobs per team
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._running: set[asyncio.Task[None]] = set()
        self.jobs_done = 0
        self.jobs_cancelled = 0
        self.jobs_failed = 0
        self.workers_recycled = 0
        self.slices_done = 0
        self.last_error: str | None = None

    # ---- lifecycle

    async def start(self) -> None:
        """Start every worker and wait until each has loaded its model. Raises PoolError."""
        self._bind(asyncio.get_running_loop())
        self._closed = False
        for _ in range(self.size - len(self._workers)):
            self._spawn()
        assert self._loop is not None
        waits = []
        for worker in self._workers:
            if worker.state == "starting":
                if worker.ready is None or worker.ready.get_loop() is not self._loop:
                    worker.ready = self._loop.create_future()
                waits.append(worker.ready)
        results = await asyncio.gather(*waits, return_exceptions=True)
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            self.last_error = str(errors[0])
            raise PoolError(str(errors[0]))

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        """Use the pool from `loop` (CLI commands run one `asyncio.run` after another): what the previous,
        finished loop had queued is gone with it; the workers stay."""
        if self._loop is loop:
            return
        if self._loop is not None and self._loop.is_running():
            raise PoolError("the guard workers are in use by another event loop")
        self._loop = loop
        self._queues.clear()
        self._waiting.clear()
        self._active.clear()
        for worker in self._workers:
            if worker.state == "busy":
                worker.state = "idle"  # its thread answers the old slice first, then takes new ones
        self._idle = deque(w for w in self._workers if w.state == "idle")

    def _spawn(self) -> _Worker:
        worker = _Worker(self)
        self._workers.append(worker)
        return worker

    def _worker_ready(self, worker: _Worker, error: str | None) -> None:
        if error is not None:
            self.last_error = error
            if worker.ready is not None and not worker.ready.done():
                worker.ready.set_exception(PoolError(error))
                worker.ready.exception()
            return
        if worker.state != "starting":
            return
        worker.state = "idle"
        self._idle.append(worker)
        if worker.ready is not None and not worker.ready.done():
            worker.ready.set_result(None)
        self._dispatch()

    def _worker_gone(self, worker: _Worker) -> None:
        was = worker.state
        worker.state = "dead"
        if worker in self._workers:
            self._workers.remove(worker)
        with contextlib.suppress(ValueError):
            self._idle.remove(worker)
        if not self._closed and was in ("idle", "busy"):
            log.warning("%s worker (pid %s) is gone; starting a new one", self.name, worker.pid)
            self._spawn()

    async def close(self) -> None:
        """Stop every worker (no draining: they hold no state); queued jobs fail."""
        threads = self.terminate()
        await asyncio.gather(*(asyncio.to_thread(t.join, 10) for t in threads))

    def terminate(self) -> list[threading.Thread]:
        """`close()` without waiting (atexit): kill every worker, fail queued jobs."""
        self._closed = True
        for jobs in [*self._queues.values(), *self._waiting.values()]:
            for job in jobs:
                if not job.future.done():
                    with contextlib.suppress(RuntimeError):  # its loop is gone
                        job.future.set_exception(PoolError("the guard workers are shutting down"))
                        job.future.exception()
        self._queues.clear()
        self._waiting.clear()
        self._active.clear()
        workers, self._workers = list(self._workers), []
        self._idle.clear()
        for w in workers:
            w.state = "dead"
            w.stop()
            w.kill()
        return [w.thread for w in workers]

    # ---- state, for /readyz and /metrics

    def pids(self) -> list[int]:
        return [w.pid for w in self._workers if w.pid is not None]

    def stats(self) -> dict[str, Any]:
        depth: dict[str, int] = {}
        for team, jobs in self._queues.items():
            depth[team] = depth.get(team, 0) + sum(len(j.slices) - j.next for j in jobs)
        for team, jobs in self._waiting.items():
            depth[team] = depth.get(team, 0) + sum(len(j.slices) for j in jobs)
        return {
            "workers": self.size,
            "alive": sum(1 for w in self._workers if w.state in ("idle", "busy")),
            "busy": sum(1 for w in self._workers if w.state == "busy"),
            "starting": sum(1 for w in self._workers if w.state == "starting"),
            "queue_depth": {t: n for t, n in sorted(depth.items()) if n},
            "jobs_done": self.jobs_done,
            "jobs_cancelled": self.jobs_cancelled,
            "jobs_failed": self.jobs_failed,
            "workers_recycled": self.workers_recycled,
        }

    # ---- running jobs

    async def run(self, slices: Sequence[tuple[Any, ...]], *, team: str | None = None) -> list[Any]:
        """Run `handler(*args)` for each args tuple in `slices`, fairly among teams; results in order.

        The team and queue ticket come from the caller's context (`team_context`) unless given."""
        if self._closed or self._loop is None:
            raise PoolError("the guard workers are not running")
        if not slices:
            return []
        self._bind(asyncio.get_running_loop())
        ticket = TICKET.get()
        team = team or (ticket.team if ticket is not None else "default")
        job = _Job(team, list(slices), self._loop.create_future(), ticket)
        self._admit(job)
        try:
            return await asyncio.shield(job.future)
        except asyncio.CancelledError:
            self._cancel(job)
            raise

    def _admit(self, job: _Job) -> None:
        if self._active.get(job.team, 0) < self.team_max_jobs:
            job.admitted = True
            self._active[job.team] = self._active.get(job.team, 0) + 1
            self._queues.setdefault(job.team, deque()).append(job)
            self._dispatch()
        else:
            self._waiting.setdefault(job.team, deque()).append(job)

    def _release(self, job: _Job) -> None:
        """The job is over (done, failed, cancelled): drop it from its queues, admit the team's next one."""
        jobs = self._queues.get(job.team)
        if jobs is not None:
            with contextlib.suppress(ValueError):
                jobs.remove(job)
            if not jobs:
                del self._queues[job.team]
        waiting = self._waiting.get(job.team)
        if not job.admitted:
            if waiting is not None:
                with contextlib.suppress(ValueError):
                    waiting.remove(job)
                if not waiting:
                    del self._waiting[job.team]
            return
        job.admitted = False
        self._active[job.team] -= 1
        if not self._active[job.team]:
            del self._active[job.team]
        if waiting:
            nxt = waiting.popleft()
            if not waiting:
                del self._waiting[job.team]
            self._admit(nxt)

    def _cancel(self, job: _Job) -> None:
        if job.future.done() and not job.future.cancelled():
            return
        if not job.future.done():
            job.future.cancel()
        self.jobs_cancelled += 1
        job.next = len(job.slices)  # nothing more of it is dispatched
        self._release(job)

    def _next_slice(self) -> tuple[_Job, int] | None:
        """Round-robin over teams: the first team's oldest job gives one slice; that team goes last."""
        while self._queues:
            team, jobs = next(iter(self._queues.items()))
            job = jobs[0]
            if job.next >= len(job.slices):  # everything dispatched: wait for answers elsewhere
                jobs.popleft()
                if not jobs:
                    del self._queues[team]
                continue
            index = job.next
            job.next += 1
            jobs.popleft()
            if job.next < len(job.slices):
                jobs.append(job)  # the team's jobs take turns too
            if jobs:
                self._queues.move_to_end(team)
            else:
                del self._queues[team]
            return job, index
        return None

    def _dispatch(self) -> None:
        while self._idle and self._queues:
            picked = self._next_slice()
            if picked is None:
                return
            worker = self._idle.popleft()
            job, index = picked
            if not job.started:
                job.started = True
                if job.ticket is not None:
                    job.ticket.wait_s += time.monotonic() - job.submitted
            worker.state = "busy"
            task = asyncio.ensure_future(self._execute(worker, job, index))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _execute(self, worker: _Worker, job: _Job, index: int) -> None:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        worker.inbox.put((job.slices[index], future))
        try:
            result = await asyncio.wait_for(asyncio.wrap_future(future), self.slice_timeout_s)
        except TimeoutError:
            self.workers_recycled += 1
            log.warning("%s worker (pid %s): a slice ran past %g s; the worker is killed and replaced",
                        self.name, worker.pid, self.slice_timeout_s)
            worker.kill()  # its thread sees the pipe close and reports it gone: a new worker starts
            self._fail(job, SliceTimeout(f"a slice of the analysis ran past its deadline of "
                                         f"{self.slice_timeout_s:g} s; the worker was restarted"))
            return
        except WorkerDied as exc:
            self._fail(job, exc)  # the worker's thread reports it gone: a new one starts
            return
        except PoolError as exc:
            self._fail(job, exc)
            self._idle_again(worker)
            return
        self.slices_done += 1
        self._idle_again(worker)
        job.results[index] = result
        job.left -= 1
        if job.left == 0 and not job.future.done():
            job.future.set_result(job.results)
            self.jobs_done += 1
            self._release(job)

    def _idle_again(self, worker: _Worker) -> None:
        if worker.state == "busy":
            worker.state = "idle"
            self._idle.append(worker)
        self._dispatch()

    def _fail(self, job: _Job, exc: PoolError) -> None:
        if not job.future.done():
            job.future.set_exception(exc)
            job.future.exception()
            self.jobs_failed += 1
            job.next = len(job.slices)
            self._release(job)
