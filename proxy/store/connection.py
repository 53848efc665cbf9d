"""The store a proxy process uses: the embedded Valkey server it starts (or shares), or a Redis URL.

`open_store` gives one `Store`: the URL, a redis-py client for it, and the embedded server when the
proxy runs one (supervised: started again if it dies). `close_store` stops in the right order.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from proxy.store.embedded import EmbeddedStore, connect
from proxy.store.urls import StoreClient


@dataclass(eq=False)
class Store:
    url: str
    client: StoreClient  # redis.asyncio.Redis, or RedisCluster for a redis+cluster:// URL
    embedded: EmbeddedStore | None  # None: an external Redis (`store.url` in proxy.yaml)


async def open_store(url: str, data_dir: Path) -> Store:
    """`url` is proxy.yaml's `store.url`: "embedded" starts (or shares) a server in `data_dir`; else a
    URL `proxy.store.urls` reads (one server, a Redis Cluster, or a Sentinel-managed primary)."""
    embedded = None
    if url == "embedded":
        embedded = EmbeddedStore(data_dir)
        await asyncio.to_thread(embedded.start)
        embedded.supervise()  # starts valkey-server again if it dies (or takes over from its owner)
        url = embedded.url
    return Store(url, connect(url), embedded)


async def close_store(store: Store) -> None:
    await store.client.aclose()
    if store.embedded is not None:
        await store.embedded.stop_supervising()  # first, so nothing starts the server again
        await asyncio.to_thread(store.embedded.stop)
