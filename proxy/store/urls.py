"""`store.url` in proxy.yaml: which store, how to reach it, and the redis-py client for it.

- `embedded`: the Valkey server the proxy runs itself (`proxy.store.embedded`).
- `redis://[USER:PASSWORD@]HOST:PORT/DB`, `rediss://…` (TLS), `unix:///PATH?db=N`: one server (a
  standalone Redis, or a primary behind an address that follows failovers).
- `redis+cluster://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]` (`rediss+cluster://` for TLS): a Redis
  Cluster; the addresses are seeds, the client learns the rest from the cluster. Database 0 only.
- `redis+sentinel://[USER:PASSWORD@]HOST:PORT[,HOST:PORT…]/SERVICE[/DB]` (`rediss+sentinel://`): the
  primary that these Sentinels name SERVICE; asked again after a failover. USER and PASSWORD are the
  primary's; `?sentinel_username=…&sentinel_password=…` when the Sentinels want their own.

Every scheme also takes `?wait_replicas=N` (default 0) and `wait_timeout_ms` (default 500): after each
budget write the proxy waits until N replicas have it (Redis `WAIT`) and treats a write that did not
reach them as a store failure (`on_store_error` decides). Without it, a primary that dies loses the
writes its replica had not copied yet (Redis replicates asynchronously), and spend recorded in the
last moments before a failover can be forgotten.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

import redis.asyncio as aioredis
from redis.asyncio.cluster import ClusterNode, RedisCluster
from redis.asyncio.sentinel import Sentinel

StoreClient = aioredis.Redis | RedisCluster

_TIMEOUTS: dict[str, Any] = {"socket_connect_timeout": 2.0, "socket_timeout": 2.0}
_OURS = ("wait_replicas", "wait_timeout_ms")
_SENTINEL_AUTH = ("sentinel_username", "sentinel_password")


class StoreUrlError(ValueError):
    """A `store.url` that cannot be used; the message never repeats the URL (it may hold a password)."""


@dataclass(frozen=True)
class StoreSpec:
    """A parsed `store.url` (other than `embedded`)."""

    mode: Literal["standalone", "cluster", "sentinel"]
    url: str = ""                                 # standalone: the URL for redis-py, without our options
    nodes: tuple[tuple[str, int], ...] = ()       # cluster: seed nodes; sentinel: the Sentinels
    service: str = ""                             # sentinel: the primary's name
    db: int = 0
    username: str | None = None
    password: str | None = None
    tls: bool = False
    sentinel_username: str | None = None
    sentinel_password: str | None = None
    wait_replicas: int = 0
    wait_timeout_ms: int = 500
    extra: dict[str, str] = field(default_factory=dict)


def _int(value: str, name: str, low: int, high: int) -> int:
    try:
        n = int(value)
    except ValueError:
        raise StoreUrlError(f"{name} must be a whole number") from None
    if not low <= n <= high:
        raise StoreUrlError(f"{name} must be between {low} and {high}")
    return n


def _hosts(netloc: str, default_port: int) -> tuple[tuple[str, int], ...]:
    hosts = []
    for part in netloc.split(","):
        part = part.strip()
        if not part:
            raise StoreUrlError("an empty address in the host list")
        if part.startswith("["):  # [IPv6]:port
            host, _, rest = part[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ""
        else:
            host, _, port = part.rpartition(":") if ":" in part else (part, "", "")
        if not host:
            raise StoreUrlError("an address without a host")
        hosts.append((host, _int(port, "a port", 1, 65535) if port else default_port))
    return tuple(hosts)


def parse_store_url(url: str) -> StoreSpec:
    """Parse a `redis://`, `rediss://`, `unix://`, `redis+cluster://` or `redis+sentinel://` URL."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("redis", "rediss", "unix", "redis+cluster", "rediss+cluster",
                                 "redis+sentinel", "rediss+sentinel"):
        raise StoreUrlError("expected 'embedded' or a redis://, rediss://, unix://, redis+cluster:// or "
                            "redis+sentinel:// URL")
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    wait = _int(query.pop("wait_replicas", "0"), "wait_replicas", 0, 16)
    wait_ms = _int(query.pop("wait_timeout_ms", "500"), "wait_timeout_ms", 1, 60_000)
    if scheme in ("redis", "rediss", "unix"):
        if scheme != "unix" and not parts.hostname:
            raise StoreUrlError("the URL has no host")
        base, _, _ = url.partition("?")  # rebuilt by hand: urlunsplit drops the empty host of unix:///path
        plain = f"{base}?{urlencode(query)}" if query else base
        return StoreSpec("standalone", url=plain, wait_replicas=wait, wait_timeout_ms=wait_ms)
    # redis+cluster / redis+sentinel: userinfo, then a comma-separated host list (urlsplit cannot parse it)
    userinfo, _, hostlist = parts.netloc.rpartition("@")
    username: str | None = None
    password: str | None = None
    if userinfo:
        user, has_pw, pw = userinfo.partition(":")
        username = unquote(user) or None
        password = unquote(pw) if has_pw else None
    tls = scheme.startswith("rediss")
    path = [p for p in parts.path.split("/") if p]
    sentinel = scheme.endswith("+sentinel")
    nodes = _hosts(hostlist, 26379 if sentinel else 6379)
    sentinel_auth = {k: query.pop(k) for k in _SENTINEL_AUTH if k in query}
    if query:
        raise StoreUrlError(f"unknown option(s) {', '.join(sorted(query))}; known: "
                            + ", ".join([*_OURS, *(_SENTINEL_AUTH if sentinel else ())]))
    if not sentinel:
        if sentinel_auth:
            raise StoreUrlError("sentinel_username/sentinel_password are for redis+sentinel:// URLs")
        if path and path != ["0"]:
            raise StoreUrlError("a Redis Cluster has database 0 only")
        return StoreSpec("cluster", nodes=nodes, username=username, password=password, tls=tls,
                         wait_replicas=wait, wait_timeout_ms=wait_ms)
    if not path or len(path) > 2:
        raise StoreUrlError("expected redis+sentinel://HOST:PORT[,HOST:PORT...]/SERVICE[/DB]")
    db = _int(path[1], "the database", 0, 1_000_000) if len(path) == 2 else 0
    return StoreSpec("sentinel", nodes=nodes, service=unquote(path[0]), db=db, username=username,
                     password=password, tls=tls, sentinel_username=sentinel_auth.get("sentinel_username"),
                     sentinel_password=sentinel_auth.get("sentinel_password"), wait_replicas=wait,
                     wait_timeout_ms=wait_ms)


class _SentinelPrimary(aioredis.Redis):
    """The primary's client from `Sentinel.master_for`; closing it closes the Sentinels' clients too."""

    sentinels: Sentinel | None = None

    async def aclose(self, close_connection_pool: bool | None = None) -> None:
        await super().aclose(close_connection_pool)
        sentinel, self.sentinels = self.sentinels, None
        if sentinel is not None:
            for s in sentinel.sentinels:
                await s.aclose()


# The parsed URL of every client `connect` made: the budget hot path builds its own connections
# (proxy.store.routing) from it.
_SPECS: weakref.WeakKeyDictionary[Any, StoreSpec] = weakref.WeakKeyDictionary()


def spec_of(client: Any) -> StoreSpec | None:
    return _SPECS.get(client)


def connect(url: str) -> StoreClient:
    """A redis-py asyncio client for `url` (not `embedded`): `Redis` for one server or a Sentinel-managed
    primary, `RedisCluster` for a cluster. Nothing is contacted until the first command."""
    spec = parse_store_url(url)
    client: StoreClient
    if spec.mode == "standalone":
        client = aioredis.Redis.from_url(spec.url, **_TIMEOUTS, health_check_interval=0, retry_on_timeout=False,
                                         max_connections=512)
    elif spec.mode == "cluster":
        client = RedisCluster(startup_nodes=[ClusterNode(h, p) for h, p in spec.nodes], username=spec.username,
                              password=spec.password, ssl=spec.tls, max_connections=512, **_TIMEOUTS)
    else:
        auth: dict[str, Any] = {"ssl": spec.tls, **_TIMEOUTS}
        if spec.sentinel_password is not None:
            auth |= {"username": spec.sentinel_username, "password": spec.sentinel_password}
        sentinel = Sentinel(list(spec.nodes), sentinel_kwargs=auth, **_TIMEOUTS)  # type: ignore[no-untyped-call, unused-ignore]
        primary = sentinel.master_for(spec.service, redis_class=_SentinelPrimary, db=spec.db,
                                      username=spec.username, password=spec.password, ssl=spec.tls,
                                      max_connections=512, **_TIMEOUTS)
        assert isinstance(primary, _SentinelPrimary)
        primary.sentinels = sentinel
        client = primary
    _SPECS[client] = spec
    return client


def redact_url(url: str) -> str:
    """The URL without its passwords (in the user part and in `?...password=`), for logs and /readyz."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    rest, q, query = rest.partition("?")
    netloc, slash, path = rest.partition("/")
    userinfo, at, hosts = netloc.rpartition("@")
    if at:
        user, has_pw, _ = userinfo.partition(":")
        netloc = f"{user}:***@{hosts}" if has_pw else netloc
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = "&".join(f"{k}=***" if "password" in k.lower() else f"{k}={v}" for k, v in pairs)
    return f"{scheme}://{netloc}{slash}{path}{q}{query}"
