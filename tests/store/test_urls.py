"""proxy.store.urls and proxy.store.routing: store URLs (one server, Cluster, Sentinel), their options,
passwords kept out of logs, Cluster slot hashing, and `wait_replicas` against real valkey-server
processes (a primary alone, and a primary with a replica)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from redis.asyncio.cluster import RedisCluster

from proxy.budget.ledger import Budgets
from proxy.budget.results import StoreUnavailable
from proxy.config.budgets import BudgetsConfig
from proxy.store.client import RespClient
from proxy.store.routing import ClusterClient, SentinelClient, fast_client, key_slot
from proxy.store.urls import StoreUrlError, connect, parse_store_url, redact_url
from tests.support.redis_servers import server_binary
from tests.support.redis_topologies import _Processes, free_ports, pid_alive, wait_for


def test_standalone_urls_keep_their_redis_py_options() -> None:
    spec = parse_store_url("redis://:pw@h:6380/2?ssl_cert_reqs=none&wait_replicas=1&wait_timeout_ms=250")
    assert (spec.mode, spec.wait_replicas, spec.wait_timeout_ms) == ("standalone", 1, 250)
    assert spec.url == "redis://:pw@h:6380/2?ssl_cert_reqs=none"  # our options are not redis-py's
    assert parse_store_url("unix:///tmp/s.sock?db=1").url == "unix:///tmp/s.sock?db=1"


def test_cluster_urls() -> None:
    spec = parse_store_url("redis+cluster://u:p%40ss@10.0.0.1:7000,10.0.0.2,[::1]:7002?wait_replicas=1")
    assert spec.mode == "cluster" and spec.nodes == (("10.0.0.1", 7000), ("10.0.0.2", 6379), ("::1", 7002))
    assert (spec.username, spec.password, spec.tls, spec.wait_replicas) == ("u", "p@ss", False, 1)
    assert parse_store_url("rediss+cluster://h:1/0").tls is True
    for bad, why in [("redis+cluster://h:1/3", "database 0 only"), ("redis+cluster://h:1,,h:2", "empty address"),
                     ("redis+cluster://h:99999", "port"), ("redis+cluster://h:1?db=2", "unknown option"),
                     ("redis+cluster://h:1?sentinel_password=x", "sentinel_password are for"),
                     ("redis+cluster://h:1?wait_replicas=x", "whole number")]:
        with pytest.raises(StoreUrlError, match=why):
            parse_store_url(bad)


def test_sentinel_urls() -> None:
    spec = parse_store_url("redis+sentinel://:pw@s1:26379,s2/mymaster/3?sentinel_password=spw&wait_replicas=1")
    assert spec.mode == "sentinel" and spec.nodes == (("s1", 26379), ("s2", 26379))
    assert (spec.service, spec.db, spec.password, spec.sentinel_password) == ("mymaster", 3, "pw", "spw")
    assert parse_store_url("redis+sentinel://s1/svc").db == 0
    for bad in ("redis+sentinel://s1:26379", "redis+sentinel://s1/a/b/c", "redis+sentinel://s1/a/x"):
        with pytest.raises(StoreUrlError):
            parse_store_url(bad)


def test_unknown_schemes_are_refused_without_echoing_the_url() -> None:
    with pytest.raises(StoreUrlError) as info:
        parse_store_url("http://:hunter2@h:1/0")
    assert "hunter2" not in str(info.value) and "redis+cluster://" in str(info.value)


def test_passwords_never_print() -> None:
    assert redact_url("redis+sentinel://:pw@s1,s2/m/0?sentinel_password=spw&wait_replicas=1") == \
        "redis+sentinel://:***@s1,s2/m/0?sentinel_password=***&wait_replicas=1"
    assert redact_url("redis+cluster://user:pw@h:1,h:2") == "redis+cluster://user:***@h:1,h:2"
    assert redact_url("redis://h:1/0?password=x") == "redis://h:1/0?password=***"
    assert redact_url("unix:///tmp/s.sock") == "unix:///tmp/s.sock"


def test_key_slots_as_redis_cluster_hashes_them() -> None:
    assert key_slot("123456789") == 0x31C3 % 16384  # CRC16-XMODEM's check value
    assert key_slot("foo") == 12182
    assert key_slot("gp:{team-a}:res") == key_slot("gp:{team-a}:spend:daily:2026-11-18") == key_slot("team-a")
    assert key_slot("a{}b") != key_slot("")  # an empty tag hashes the whole key
    assert key_slot("{a}{b}") == key_slot("a")  # the first tag counts


async def test_each_url_gets_its_own_client_kind() -> None:
    cluster = connect("redis+cluster://127.0.0.1:1?wait_replicas=1")
    sentinel = connect("redis+sentinel://127.0.0.1:1/m")
    plain = connect("redis://127.0.0.1:1/0?wait_replicas=2")
    try:
        assert isinstance(cluster, RedisCluster)
        assert isinstance(fast_client(cluster, 2.0), ClusterClient)
        assert isinstance(fast_client(sentinel, 2.0), SentinelClient)
        fast = fast_client(plain, 2.0)
        assert isinstance(fast, RespClient) and fast.wait_replicas == 2
    finally:
        for c in (cluster, sentinel, plain):
            await c.aclose()


# ------------------------------------------------------------------------------ wait_replicas, for real


@pytest.fixture(scope="module")
def primary_and_replica(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int, _Processes]]:
    procs = _Processes(server_binary("valkey"), tmp_path_factory.mktemp("replicated"))
    primary, replica = free_ports(2)
    try:
        procs.spawn(primary, "--save", "", "--appendonly", "no")
        procs.spawn(replica, "--save", "", "--appendonly", "no", "--replicaof", "127.0.0.1", str(primary))
        procs.wait_up(primary)
        procs.wait_up(replica)
        wait_for("the replica in sync",
                 lambda: redis.Redis(port=replica).info("replication").get("master_link_status") == "up")
        yield primary, replica, procs
    finally:
        procs.stop()
        assert not [pid for pid in procs.pids() if pid_alive(pid)]


def _stats(port: int) -> dict[str, int]:
    stats = redis.Redis(port=port).info("commandstats")
    return {name: int(stats.get(f"cmdstat_{name}", {}).get("calls", 0)) for name in ("wait", "evalsha", "eval")}


async def test_writes_wait_for_the_replica_once_per_batch(primary_and_replica: tuple[int, int, _Processes]) -> None:
    primary, replica, _ = primary_and_replica
    cfg = BudgetsConfig.model_validate({"teams": {"a": {"daily": 1.0}}})
    client = connect(f"redis://127.0.0.1:{primary}/0?wait_replicas=1&wait_timeout_ms=2000")
    budgets = Budgets(client)
    try:
        await budgets.reserve("a", "m", 1, config=cfg)  # loads the script (NOSCRIPT, then EVAL)
        before = _stats(primary)
        held = await asyncio.gather(*(budgets.reserve("a", "m", 1000, config=cfg) for _ in range(50)))
        after = _stats(primary)
        scripts = after["evalsha"] + after["eval"] - before["evalsha"] - before["eval"]
        assert scripts == 50 and 1 <= after["wait"] - before["wait"] < 50  # batched, not one per call
        assert len(held) == 50
        # Confirmed means on the replica.
        day = held[0].keys[0]
        assert int(redis.Redis(port=replica).hget(day, "reserved") or 0) == 50 * 1000 + 1
    finally:
        await budgets.aclose()
        await client.aclose()


async def test_a_write_no_replica_confirms_is_a_store_failure(tmp_path: Path) -> None:
    procs = _Processes(server_binary("valkey"), tmp_path)
    [port] = free_ports(1)
    procs.spawn(port, "--save", "", "--appendonly", "no")
    client = connect(f"redis://127.0.0.1:{port}/0?wait_replicas=1&wait_timeout_ms=100")
    budgets = Budgets(client)
    try:
        procs.wait_up(port)
        with pytest.raises(StoreUnavailable) as info:
            await budgets.reserve("a", "m", 1, config=None)
        assert info.value.reason == "NotReplicated"
        # The primary made it, the proxy did not count on it: it stays held until its TTL.
        assert redis.Redis(port=port).zcard("gp:{a}:res") == 1
    finally:
        await budgets.aclose()
        await client.aclose()
        procs.stop()
    assert not [pid for pid in procs.pids() if pid_alive(pid)]


def test_a_killed_replica_makes_writes_fail_until_it_is_back(primary_and_replica: tuple[int, int, _Processes]) -> None:
    primary, replica, procs = primary_and_replica
    url = f"redis://127.0.0.1:{primary}/0?wait_replicas=1&wait_timeout_ms=300"

    async def reserve() -> str:
        client = connect(url)
        budgets = Budgets(client, cooldown_s=0)
        try:
            await budgets.reserve("b", "m", 1, config=None)
            return "ok"
        except StoreUnavailable as exc:
            return exc.reason
        finally:
            await budgets.aclose()
            await client.aclose()

    assert asyncio.run(reserve()) == "ok"
    procs.kill(replica)
    assert asyncio.run(reserve()) == "NotReplicated"
    procs.restart(replica)
    wait_for("the replica in sync", lambda: redis.Redis(port=replica).info("replication")
             .get("master_link_status") == "up")
    assert asyncio.run(reserve()) == "ok"


def test_proxy_yaml_checks_the_url_when_it_loads() -> None:
    from pydantic import ValidationError

    from proxy.config.settings import StoreConfig

    assert StoreConfig.model_validate({"url": "redis+sentinel://s1,s2/mymaster"}).url.startswith("redis+sentinel")
    with pytest.raises(ValidationError, match="a Redis Cluster has database 0 only"):
        StoreConfig.model_validate({"url": "redis+cluster://:secret@h:1/2"})
    with pytest.raises(ValidationError) as info:
        StoreConfig.model_validate({"url": "redis+sentinel://:secret@s1/m?bogus=1"})
    assert "unknown option(s) bogus" in str(info.value) and "secret" not in str(info.value).split("input_value")[0]
