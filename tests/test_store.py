"""The store: embedded Valkey (durable across restarts, shared on one machine) and real Redis URLs."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from proxy.store import EmbeddedStore, connect, redact_url
from tests.conftest import ProxyFactory, redis_server_binary


async def _roundtrip(url: str, key: str, value: str | None = None) -> bytes | None:
    client = connect(url)
    try:
        if value is not None:
            await client.set(key, value)
        return await client.get(key)
    finally:
        await client.aclose()


def test_embedded_store_survives_a_restart(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "data")
    store.start()
    try:
        assert store.owned
        assert asyncio.run(_roundtrip(store.url, "spend:marketing", "1234")) == b"1234"
    finally:
        store.stop()
    assert not store.socket.exists()
    again = EmbeddedStore(tmp_path / "data")
    again.start()
    try:
        assert asyncio.run(_roundtrip(again.url, "spend:marketing")) == b"1234"
    finally:
        again.stop()


def test_second_process_shares_the_running_embedded_server(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path)
    first.start()
    try:
        second = EmbeddedStore(tmp_path)
        second.start()
        assert not second.owned, "a second proxy on the same data dir must not start a second server"
        asyncio.run(_roundtrip(first.url, "k", "v"))
        assert asyncio.run(_roundtrip(second.url, "k")) == b"v"
        second.stop()  # not the owner: the server keeps running
        assert asyncio.run(_roundtrip(first.url, "k")) == b"v"
    finally:
        first.stop()


def test_long_data_dir_falls_back_to_a_short_socket_path(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    store = EmbeddedStore(deep)
    assert len(str(store.socket)) <= 100
    store.start()
    try:
        assert asyncio.run(_roundtrip(store.url, "x", "1")) == b"1"
    finally:
        store.stop()


def test_redact_url_hides_the_password() -> None:
    assert redact_url("redis://user:s3cret@host:6379/0") == "redis://user:***@host:6379/0"
    assert redact_url("redis://:s3cret@host/1") == "redis://:***@host/1"
    assert redact_url("redis://host:6379") == "redis://host:6379"


def _readyz(url: str) -> tuple[int, dict]:
    async def go() -> tuple[int, dict]:
        async with aiohttp.ClientSession() as s, s.get(f"{url}/readyz") as r:
            return r.status, await r.json()
    return asyncio.run(go())


def test_proxy_with_embedded_store_reports_it_on_readyz(proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(start_store=True)
    status, body = _readyz(p.url)
    assert status == 200 and body["store"]["status"] == "ok" and body["store"]["embedded"] is True
    embedded = p.runtime.embedded
    assert embedded is not None and embedded.owned
    assert str(p.dir) in str(embedded.data_dir.resolve()) or str(embedded.socket).startswith("/tmp")
    # Store gone: it says why (without crashing). No budgets.yaml means no caps, so requests still flow.
    embedded.stop()
    status, body = _readyz(p.url)
    assert status == 200 and body["store"]["status"].startswith("error") and body["store"]["on_store_error"] == "allow"


def test_store_down_with_on_store_error_block_is_not_ready(proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(start_store=True, files={"budgets.yaml": "default: {monthly: 10}\non_store_error: block\n"})
    assert _readyz(p.url)[0] == 200
    embedded = p.runtime.embedded
    assert embedded is not None
    embedded.stop()
    status, body = _readyz(p.url)
    assert status == 503 and body["ready"] is False and body["store"]["on_store_error"] == "block"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[str]:
    binary = redis_server_binary()
    if binary is None:
        if os.environ.get("GUARDRAIL_TEST_REDIS_SERVER") is not None:
            pytest.fail("GUARDRAIL_TEST_REDIS_SERVER is set but no redis-server binary was found")
        pytest.skip("redis-server not installed (CI installs Debian's)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(tmp_path),
                             "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            asyncio.run(_roundtrip(url, "ping"))
            break
        except Exception:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(10)


def test_proxy_with_real_redis_url(redis_server: str, proxy_factory: ProxyFactory) -> None:
    p = proxy_factory({"store": {"url": redis_server}}, start_store=True)
    status, body = _readyz(p.url)
    assert status == 200 and body["store"] == {"url": redis_server, "embedded": False, "status": "ok"}
    assert asyncio.run(_roundtrip(redis_server, "k", "v")) == b"v"
