"""The budget hot path's connections for every kind of store: one server, a Redis Cluster, a
Sentinel-managed primary (`proxy.store.urls` parses which).

- One server: one `RespClient`.
- Cluster: a `RespClient` per primary and a slot map (`CLUSTER SLOTS`). A call goes to the primary of
  its first key's slot (a budget call's keys share one slot: the `{team}` hash tag, which this
  module checks). `MOVED` updates the map and sends the call again once; `ASK` sends it once to the
  node named, after `ASKING`. A connection failure marks the map stale: the next call asks the
  cluster again (any node that answers, the seed addresses last), so calls go to the replica that
  took over once the cluster has promoted it.
- Sentinel: asks the Sentinels for the primary (`SENTINEL GET-MASTER-ADDR-BY-NAME`), and asks again
  after a connection failure, a `READONLY` answer (the address now serves a replica) or a write no
  replica confirmed (`wait_replicas`).

Errors are redis-py's types, so `Budgets` treats them all as a store failure (`StoreUnavailable`);
the calls that failed are not sent again here (a write may or may not have happened: the budget
scripts are idempotent, and the caller decides).
"""

from __future__ import annotations

import asyncio
import ssl as ssl_module
from collections.abc import Sequence
from typing import Any, Protocol

from redis.exceptions import AskError, MovedError, RedisError, ResponseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from proxy.store.client import NotReplicated, RespClient, Script, Target
from proxy.store.urls import StoreSpec, spec_of

SLOTS = 16384


class FastClient(Protocol):
    async def evalsha(self, script: Script, keys: Sequence[str], args: Sequence[Any]) -> Any: ...
    async def aclose(self) -> None: ...


def _crc16(data: bytes) -> int:
    """CRC16-CCITT (XMODEM), as Redis Cluster hashes keys to slots."""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def key_slot(key: str | bytes) -> int:
    """The Cluster slot of `key`: only the part inside the first non-empty `{...}`, when there is one."""
    raw = key.encode() if isinstance(key, str) else key
    start = raw.find(b"{")
    if start >= 0:
        end = raw.find(b"}", start + 1)
        if end > start + 1:
            raw = raw[start + 1:end]
    return _crc16(raw) % SLOTS


def _tls(spec: StoreSpec) -> ssl_module.SSLContext | None:
    return ssl_module.create_default_context() if spec.tls else None


def _target(spec: StoreSpec, host: str, port: int, *, sentinel: bool = False) -> Target:
    ctx = _tls(spec)
    if sentinel:
        return Target(host=host, port=port, username=spec.sentinel_username if spec.sentinel_password else None,
                      password=spec.sentinel_password, ssl=ctx, server_hostname=host if ctx else None)
    return Target(host=host, port=port, username=spec.username, password=spec.password,
                  db=spec.db, ssl=ctx, server_hostname=host if ctx else None)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class ClusterClient:
    """Pipelined calls to a Redis Cluster: each to the primary that serves its keys' slot."""

    def __init__(self, spec: StoreSpec, timeout_s: float) -> None:
        self.spec = spec
        self.timeout_s = timeout_s
        self._slots: list[tuple[str, int] | None] = [None] * SLOTS
        self._clients: dict[tuple[str, int], RespClient] = {}
        self._stale = True
        self._refreshing: asyncio.Task[None] | None = None

    def _client(self, addr: tuple[str, int]) -> RespClient:
        client = self._clients.get(addr)
        if client is None:
            client = self._clients[addr] = RespClient(
                _target(self.spec, *addr), self.timeout_s, wait_replicas=self.spec.wait_replicas,
                wait_timeout_ms=self.spec.wait_timeout_ms)
        return client

    async def _refresh(self) -> None:
        """The slot map from the first node that gives one: known primaries first, then the seeds."""
        tried: list[str] = []
        for addr in [*self._clients, *(a for a in self.spec.nodes if a not in self._clients)]:
            try:
                reply = await self._client(addr).execute("CLUSTER", "SLOTS")
            except (RedisError, OSError) as exc:
                tried.append(type(exc).__name__)
                continue
            slots: list[tuple[str, int] | None] = [None] * SLOTS
            for entry in reply:
                start, end, primary = int(entry[0]), int(entry[1]), entry[2]
                host = _text(primary[0]) or addr[0]  # an empty host: the node we asked
                for slot in range(start, end + 1):
                    slots[slot] = (host, int(primary[1]))
            self._slots = slots
            self._stale = False
            live = set(slots)
            for old in [a for a in self._clients if a not in live and a not in self.spec.nodes]:
                await self._clients.pop(old).aclose()
            return
        raise RedisConnectionError(f"no cluster node gave its slot map ({', '.join(tried) or 'no nodes'})")

    async def _addr(self, slot: int) -> tuple[str, int]:
        if self._stale or self._slots[slot] is None:
            task = self._refreshing
            if task is None or task.done():  # one refresh for every caller that needs it
                task = self._refreshing = asyncio.get_running_loop().create_task(self._refresh())
            await asyncio.shield(task)
        addr = self._slots[slot]
        if addr is None:
            raise RedisConnectionError(f"no cluster node serves slot {slot}")
        return addr

    async def evalsha(self, script: Script, keys: Sequence[str], args: Sequence[Any]) -> Any:
        slot = key_slot(keys[0])
        if any(key_slot(k) != slot for k in keys[1:]):
            raise ResponseError("CROSSSLOT the keys of one budget call must share a hash tag")
        addr = await self._addr(slot)
        asking = False
        for _ in range(3):
            try:
                return await self._client(addr).evalsha(script, keys, args, asking=asking)
            except AskError as exc:  # MovedError is an AskError too
                addr = (exc.host or addr[0], int(exc.port))
                asking = not isinstance(exc, MovedError)
                if not asking:
                    self._slots[slot] = addr
                    self._stale = True  # more slots probably moved: ask for the whole map next time
            except (RedisConnectionError, RedisTimeoutError, NotReplicated, OSError):
                self._stale = True  # a failover may be under way: ask for the map again next time
                raise
        raise RedisConnectionError("the cluster kept redirecting the call")

    async def aclose(self) -> None:
        task, self._refreshing = self._refreshing, None
        if task is not None and not task.done():
            task.cancel()
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()


class SentinelClient:
    """Pipelined calls to the primary that the Sentinels name; asked again after a failure."""

    def __init__(self, spec: StoreSpec, timeout_s: float) -> None:
        self.spec = spec
        self.timeout_s = timeout_s
        self._sentinels = [RespClient(_target(spec, h, p, sentinel=True), timeout_s) for h, p in spec.nodes]
        self._primary: RespClient | None = None
        self._finding: asyncio.Task[RespClient] | None = None
        self._closing: set[asyncio.Task[None]] = set()

    async def _find(self) -> RespClient:
        tried: list[str] = []
        for sentinel in self._sentinels:
            try:
                reply = await sentinel.execute("SENTINEL", "GET-MASTER-ADDR-BY-NAME", self.spec.service)
            except (RedisError, OSError) as exc:
                tried.append(type(exc).__name__)
                continue
            if not reply:
                tried.append("unknown service")
                continue
            old, self._primary = self._primary, RespClient(
                _target(self.spec, _text(reply[0]), int(reply[1])), self.timeout_s,
                wait_replicas=self.spec.wait_replicas, wait_timeout_ms=self.spec.wait_timeout_ms)
            if old is not None:
                await old.aclose()
            return self._primary
        raise RedisConnectionError(f"no Sentinel named the primary ({', '.join(tried) or 'no Sentinels'})")

    async def _client(self) -> RespClient:
        if self._primary is not None:
            return self._primary
        task = self._finding
        if task is None or task.done():
            task = self._finding = asyncio.get_running_loop().create_task(self._find())
        return await asyncio.shield(task)

    async def evalsha(self, script: Script, keys: Sequence[str], args: Sequence[Any]) -> Any:
        client = await self._client()
        try:
            return await client.evalsha(script, keys, args)
        except ResponseError as exc:
            if str(exc).startswith("READONLY"):  # a replica now: the primary moved
                self._forget(client)
            raise
        except (RedisConnectionError, RedisTimeoutError, NotReplicated, OSError):
            # NotReplicated too: a server started again may answer as a primary with no replica for a
            # while, until the Sentinels make it a replica; they name the real primary meanwhile.
            self._forget(client)
            raise

    def _forget(self, client: RespClient) -> None:
        if self._primary is client:
            self._primary = None
            task = asyncio.get_running_loop().create_task(client.aclose())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        task, self._finding = self._finding, None
        if task is not None and not task.done():
            task.cancel()
        primary, self._primary = self._primary, None
        for client in [*([primary] if primary else []), *self._sentinels]:
            await client.aclose()


def fast_client(redis: Any, timeout_s: float) -> FastClient | None:
    """The hot path's client for the store `redis` (a client from `proxy.store.urls.connect`) talks to;
    None when it uses something this client does not speak (then redis-py serves every call)."""
    spec = spec_of(redis)
    if spec is not None and spec.wait_replicas:
        timeout_s = max(timeout_s, spec.wait_timeout_ms / 1000 + 1.0)  # WAIT must end before the watchdog
    if spec is not None and spec.mode == "cluster":
        return ClusterClient(spec, timeout_s)
    if spec is not None and spec.mode == "sentinel":
        return SentinelClient(spec, timeout_s)
    target = Target.from_redis(redis)
    if target is None:
        return None
    wait = (spec.wait_replicas, spec.wait_timeout_ms) if spec is not None else (0, 500)
    return RespClient(target, timeout_s, wait_replicas=wait[0], wait_timeout_ms=wait[1])
