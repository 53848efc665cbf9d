"""proxy.store.connection: one Store per process, the embedded server (supervised) or a Redis URL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import redis.asyncio
import redis.exceptions

from proxy.store.connection import Store, close_store, open_store


async def test_an_external_url_is_used_as_it_is(tmp_path: Path) -> None:
    store = await open_store("redis://127.0.0.1:1/0", tmp_path)  # nothing listens there: not contacted yet
    try:
        assert isinstance(store, Store)
        assert store.url == "redis://127.0.0.1:1/0" and store.embedded is None
        kwargs = store.client.connection_pool.connection_kwargs
        assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("127.0.0.1", 1, 0)
        assert list(tmp_path.iterdir()) == []  # no server, no files
        with pytest.raises(redis.exceptions.ConnectionError):
            await store.client.ping()
    finally:
        await close_store(store)


async def test_embedded_starts_a_supervised_server_and_close_stops_it(tmp_path: Path) -> None:
    store = await open_store("embedded", tmp_path / "data")
    embedded = store.embedded
    assert embedded is not None
    try:
        assert store.url == embedded.url and store.url.startswith("unix://")
        assert embedded.owned is True
        assert await store.client.ping() is True
        await store.client.set("k", "v")
        assert await store.client.get("k") == b"v"
        supervisor = embedded._supervisor
        assert supervisor is not None and not supervisor.done()
    finally:
        await close_store(store)
    assert embedded._supervisor is None and supervisor.done()  # stopped first: nothing starts it again
    assert embedded.owned is False and not embedded.socket.exists()
    await asyncio.sleep(0.3)  # longer than the supervisor's first restart delay
    assert not embedded.socket.exists()


async def test_cluster_and_sentinel_urls_open_their_clients_without_a_server(tmp_path: Path) -> None:
    from redis.asyncio.cluster import RedisCluster

    for url, kind in [("redis+cluster://127.0.0.1:1,127.0.0.1:2?wait_replicas=1", RedisCluster),
                      ("redis+sentinel://127.0.0.1:1/mymaster/0", redis.asyncio.Redis)]:
        store = await open_store(url, tmp_path)  # nothing listens: nothing contacted yet
        try:
            assert isinstance(store.client, kind) and store.embedded is None and store.url == url
            assert list(tmp_path.iterdir()) == []
        finally:
            await close_store(store)
