"""The store: embedded Valkey (durable across restarts, shared on one machine) and real Redis URLs."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from proxy.store.embedded import EmbeddedStore, _ping, connect, redact_url
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
    embedded = p.store.embedded
    assert embedded is not None and embedded.owned
    assert str(p.dir) in str(embedded.data_dir.resolve()) or str(embedded.socket).startswith("/tmp")
    # Store gone: it says why (without crashing). No budgets.yaml means no caps, so requests still flow.
    embedded.stop()
    status, body = _readyz(p.url)
    assert status == 200 and body["store"]["status"].startswith("error") and body["store"]["on_store_error"] == "allow"


def test_store_down_with_on_store_error_block_is_not_ready(proxy_factory: ProxyFactory) -> None:
    p = proxy_factory(start_store=True, files={"budgets.yaml": "default: {monthly: 10}\non_store_error: block\n"})
    assert _readyz(p.url)[0] == 200
    embedded = p.store.embedded
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


# ------------------------------------------------------------------------------------- supervision

def _servers_on(sock: Path) -> list[int]:
    """Pids of the valkey-server processes serving `sock` (any parent: also one nobody reaped)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()  # valkey retitles itself "<binary> unixsocket:<path>"
        except OSError:
            continue
        if b"valkey-server" in cmdline and str(sock).encode() in cmdline:
            pids.append(int(entry.name))
    return pids


def _lock_is_free(data_dir: Path) -> bool:
    import fcntl

    with open(data_dir / "valkey.lock", "a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(f, fcntl.LOCK_UN)
        return True


async def _until(check: Any, within: float, what: str) -> float:
    """Poll an (async) check until it holds; the seconds it took."""
    began = time.monotonic()
    while True:
        ok = check()
        if asyncio.iscoroutine(ok):
            ok = await ok
        if ok:
            return time.monotonic() - began
        assert time.monotonic() - began < within, f"{what}: not within {within} s"
        await asyncio.sleep(0.02)


async def _answers(store: EmbeddedStore) -> bool:
    return await asyncio.to_thread(_ping, store.socket)  # one try (the asyncio client retries for seconds)


def test_supervisor_starts_a_killed_server_again_with_its_data(tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    store = EmbeddedStore(tmp_path)

    async def go() -> None:
        await asyncio.to_thread(store.start)
        store.supervise()
        try:
            await _roundtrip(store.url, "spend", "1234")
            assert store._proc is not None
            first = store._proc.pid
            store._proc.kill()  # SIGKILL: no AOF fsync, no goodbye
            took = await _until(lambda: store.restarts == 1, 5.0, "the supervisor starting it again")
            assert took < 3.0 and await _answers(store)
            assert store._proc is not None and store._proc.pid != first
            assert store.owned and _servers_on(store.socket) == [store._proc.pid]
            assert await _roundtrip(store.url, "spend") == b"1234", "the AOF replayed: nothing written is lost"
        finally:
            await store.stop_supervising()
            await asyncio.to_thread(store.stop)

    caplog.set_level("WARNING", logger="guardrail.store")
    asyncio.run(go())
    assert any("exited (status -9)" in r.getMessage() and "starting it again" in r.getMessage()
               for r in caplog.records), [r.getMessage() for r in caplog.records]
    assert _servers_on(store.socket) == [] and _lock_is_free(tmp_path)


def test_supervisor_backs_off_while_the_server_cannot_start(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that will not come back is tried again after 0.05, 0.1, 0.2, 0.2 ... s (max_delay 0.2)."""
    store = EmbeddedStore(tmp_path)
    tries: list[float] = []

    async def go() -> None:
        await asyncio.to_thread(store.start)
        real_spawn = store._spawn

        def broken_spawn(deadline: float) -> None:
            tries.append(time.monotonic())
            if len(tries) < 6:
                store._unlock()
                raise RuntimeError("embedded store: valkey-server exited at start")
            real_spawn(deadline)

        monkeypatch.setattr(store, "_spawn", broken_spawn)
        store.supervise(first_delay=0.05, max_delay=0.2, poll_s=0.01, ping_s=0.01)
        try:
            assert store._proc is not None
            store._proc.kill()
            await _until(lambda: _answers(store), 10.0, "the server answering after five failed starts")
        finally:
            await store.stop_supervising()
            await asyncio.to_thread(store.stop)

    asyncio.run(go())
    assert len(tries) == 6 and store.restarts == 1
    gaps = [b - a for a, b in zip(tries, tries[1:], strict=False)]
    # Each gap is the delay plus a poll and a ping (milliseconds): 0.1, 0.2, 0.2, 0.2 after the first.
    assert 0.1 <= gaps[0] < 0.1 + 0.5, gaps
    assert all(0.2 <= g < 0.2 + 0.5 for g in gaps[1:]), gaps


def test_supervision_stops_for_good_when_the_store_is_stopped(tmp_path: Path) -> None:
    """Killed, then shut down before the supervisor's first try: nothing starts it again, nothing is left."""
    store = EmbeddedStore(tmp_path)

    async def go() -> None:
        await asyncio.to_thread(store.start)
        store.supervise(first_delay=0.5)
        assert store._proc is not None
        store._proc.kill()
        await asyncio.sleep(0.2)  # the supervisor has seen it die (0.1 s polls) and waits out its delay
        await store.stop_supervising()
        await asyncio.to_thread(store.stop)
        began = time.monotonic()
        while time.monotonic() - began < 1.0:  # twice the delay: a restart would have happened
            assert not await _answers(store) and _servers_on(store.socket) == []
            await asyncio.sleep(0.05)

    asyncio.run(go())
    assert store.restarts == 0 and not store.owned and _lock_is_free(tmp_path)

    # stop() alone (the supervisor still running) is a deliberate stop, too.
    async def stop_only() -> None:
        await asyncio.to_thread(store.start)
        task = store.supervise(first_delay=0.05, poll_s=0.01, ping_s=0.01)
        await asyncio.to_thread(store.stop)
        await asyncio.sleep(0.4)
        assert not task.done() and store.restarts == 0 and _servers_on(store.socket) == []
        await store.stop_supervising()
        assert task.done()

    asyncio.run(stop_only())


_OWNER = """
import sys, time
from pathlib import Path
from typing import Any
from proxy.store.embedded import EmbeddedStore
store = EmbeddedStore(Path(sys.argv[1]))
store.start()
assert store.owned
print(store._proc.pid, flush=True)
time.sleep(600)
"""


def test_a_sharer_takes_over_when_the_owner_process_dies(tmp_path: Path) -> None:
    """The owner (another process) is SIGKILLed, its server goes with it (PR_SET_PDEATHSIG): exactly one
    of the two processes sharing it starts it again, on the same data."""
    import sys

    owner = subprocess.Popen([sys.executable, "-c", _OWNER, str(tmp_path)], stdout=subprocess.PIPE,
                             cwd=Path(__file__).resolve().parents[2])
    try:
        assert owner.stdout is not None
        first = int(owner.stdout.readline())
        sharers = [EmbeddedStore(tmp_path), EmbeddedStore(tmp_path)]

        async def go() -> None:
            for s in sharers:
                await asyncio.to_thread(s.start)
                assert not s.owned
                s.supervise(ping_s=0.1)
            try:
                await _roundtrip(sharers[0].url, "spend", "42")
                owner.kill()
                await asyncio.to_thread(owner.wait, 10)
                await _until(lambda: first not in _servers_on(sharers[0].socket), 10.0, "the old server gone")
                await _until(lambda: any(s.owned and s._alive() for s in sharers), 5.0, "a sharer taking over")
                await _until(lambda: _answers(sharers[1]), 5.0, "the server answering")
                await asyncio.sleep(0.5)  # both supervisors have had several looks: still one server
                assert [s.owned for s in sharers].count(True) == 1
                assert sum(s.restarts for s in sharers) == 1
                running = _servers_on(sharers[0].socket)
                assert len(running) == 1 and first not in running
                assert await _roundtrip(sharers[1].url, "spend") == b"42"
            finally:
                for s in sharers:
                    await s.stop_supervising()
                    await asyncio.to_thread(s.stop)

        asyncio.run(go())
        assert _servers_on(sharers[0].socket) == [] and _lock_is_free(tmp_path)
    finally:
        owner.kill()
        owner.wait(10)
