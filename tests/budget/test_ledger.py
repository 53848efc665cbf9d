"""proxy.budget.ledger against real servers: the embedded Valkey and Debian's redis-server, every test on both.

Reserve/settle/release accounting, all-or-none across windows, calendar windows in a non-UTC zone
(month end, DST), reservation TTL, alerts once per threshold, two processes racing for one cap,
durability across a restart, and the store stopped and started under load.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from proxy.budget.ledger import Budgets
from proxy.budget.results import BudgetExceeded, Reservation, StoreUnavailable
from proxy.budget.windows import windows_at
from proxy.config.budgets import BudgetsConfig
from proxy.providers.base import Usage
from proxy.store.client import RespClient
from proxy.store.embedded import connect
from tests.support.redis_servers import StoreServer, make_server

ROOT = Path(__file__).resolve().parents[2]
NY = ZoneInfo("America/New_York")
USD = 1_000_000


class Clock:
    """An injectable clock: `clock()` is the current aware datetime; `advance()` moves it (in UTC:
    adding hours to a New York wall-clock time across a DST change would be off by one)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, value: datetime) -> None:
        self._now = value.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A New York wall-clock time as an aware datetime."""
    return datetime(year, month, day, hour, minute, second, tzinfo=NY)


def config(**teams: dict[str, Any]) -> BudgetsConfig:
    return BudgetsConfig.model_validate({"timezone": "America/New_York", "teams": teams})


@pytest.fixture(scope="module", params=["valkey", "redis"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreServer]:
    srv = make_server(request.param, tmp_path_factory.mktemp(request.param))
    yield srv
    srv.stop()


@pytest.fixture
async def client(server: StoreServer) -> AsyncIterator[Any]:
    c = connect(server.url)
    await c.flushall()
    yield c
    await c.aclose()


@pytest.fixture
def clock() -> Clock:
    return Clock(local(2026, 11, 18, 12, 0))


@pytest.fixture
def budgets(client: Any, clock: Clock) -> Budgets:
    return Budgets(client, clock=clock)


async def spent_reserved(client: Any, key: str) -> tuple[int, int]:
    spent, reserved = await client.hmget(key, "spent", "reserved")
    return int(spent or 0), int(reserved or 0)


# ------------------------------------------------------------------------------ reserve / settle / release


async def test_reserve_then_settle_lower_charges_the_real_cost(budgets: Budgets, client: Any) -> None:
    cfg = config(a={"daily": 1.0})
    res = await budgets.reserve("a", "gpt-4o-mini", 300_000, config=cfg)
    assert res.remaining_micros == 700_000
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (0, 300_000)
    settled = await budgets.settle(res, 120_000, Usage(1000, 200), config=cfg)
    assert settled.charged_micros == 120_000 and not settled.expired and not settled.duplicate
    assert settled.remaining_micros == 880_000
    for key in ("gp:{a}:spend:daily:2026-11-18", "gp:{a}:spend:weekly:2026-W47", "gp:{a}:spend:monthly:2026-11"):
        assert await spent_reserved(client, key) == (120_000, 0)
    assert settled.as_record() == {"reserved_usd": 0.3, "charged_usd": 0.12, "window": "daily",
                                   "spent_usd": 0.12, "cap_usd": 1.0, "remaining_usd": 0.88, "scope": "team"}


async def test_settle_higher_than_reserved_is_charged_and_then_refuses(budgets: Budgets, client: Any) -> None:
    cfg = config(a={"daily": 1.0})
    res = await budgets.reserve("a", "m", 100_000, config=cfg)
    settled = await budgets.settle(res, 1_250_000, None, config=cfg)  # the provider spent it
    assert settled.charged_micros == 1_250_000 and settled.remaining_micros == 0
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (1_250_000, 0)
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("a", "m", 1, config=cfg)


async def test_release_gives_the_budget_back(budgets: Budgets, client: Any) -> None:
    cfg = config(a={"daily": 1.0})
    res = await budgets.reserve("a", "m", 900_000, config=cfg)
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("a", "m", 200_000, config=cfg)
    assert await budgets.release(res) is True
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (0, 0)
    await budgets.reserve("a", "m", 1_000_000, config=cfg)  # the whole cap fits again


async def test_reservation_is_all_or_none_across_windows(budgets: Budgets, client: Any) -> None:
    cfg = config(a={"daily": 10.0, "monthly": 1.0})
    await budgets.reserve("a", "m", 800_000, config=cfg)
    with pytest.raises(BudgetExceeded) as err:
        await budgets.reserve("a", "m", 300_000, config=cfg)  # fits the day, not the month
    assert err.value.window == "monthly"
    for key in ("gp:{a}:spend:daily:2026-11-18", "gp:{a}:spend:monthly:2026-11"):
        assert await spent_reserved(client, key) == (0, 800_000)


async def test_settle_and_release_are_idempotent(budgets: Budgets, client: Any) -> None:
    cfg = config(a={"daily": 1.0})
    res = await budgets.reserve("a", "m", 500_000, config=cfg, request_id="req_1")
    again_res = await budgets.reserve("a", "m", 500_000, config=cfg, request_id="req_1")  # a retried reserve
    assert again_res.windows[0].reserved_micros == 500_000  # held once
    retry = Reservation(**{f: getattr(res, f) for f in res.__dataclass_fields__})  # a retried call
    await budgets.settle(res, 400_000, None, config=cfg)
    again = await budgets.settle(retry, 400_000, None, config=cfg)
    assert again.duplicate and again.charged_micros == 0
    assert await budgets.release(retry) is False
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (400_000, 0)


async def test_without_budgets_yaml_spend_is_tracked_uncapped(budgets: Budgets, client: Any) -> None:
    res = await budgets.reserve("default", "gpt-4o", 10**12, config=None)  # no cap refuses anything
    assert res.remaining_micros is None
    settled = await budgets.settle(res, 42, Usage(3, 4), config=None)
    assert settled.remaining_micros is None and settled.as_record() == {"reserved_usd": 1000000.0,
                                                                        "charged_usd": 0.000042}
    assert await spent_reserved(client, "gp:{default}:spend:monthly:2026-11") == (42, 0)


async def test_team_names_cannot_break_out_of_the_hash_tag(budgets: Budgets) -> None:
    with pytest.raises(ValueError):
        await budgets.reserve("a}:x{b", "m", 1, config=None)


# ------------------------------------------------------------------------------ the 429


async def test_budget_exceeded_says_spent_cap_window_and_when_it_resets(budgets: Budgets, clock: Clock) -> None:
    cfg = config(a={"monthly": 5.0})
    res = await budgets.reserve("a", "m", 4_500_000, config=cfg)
    await budgets.settle(res, 4_500_000, None, config=cfg)
    with pytest.raises(BudgetExceeded) as err:
        await budgets.reserve("a", "m", 600_000, config=cfg)
    exc = err.value
    assert (exc.window, exc.period, exc.spent_micros, exc.cap_micros) == ("monthly", "2026-11", 4_500_000, 5_000_000)
    assert exc.message == ("budget exceeded for team 'a': monthly spend is $4.500000 of a $5.000000 cap "
                           "(monthly window 2026-11, resets 2026-12-01T00:00:00-05:00); "
                           "this request may cost up to $0.600000")
    assert exc.retry_after_s == int((local(2026, 12, 1) - clock()).total_seconds())


async def test_refused_only_because_of_requests_in_flight_retries_soon(budgets: Budgets) -> None:
    cfg = config(a={"daily": 1.0})
    await budgets.reserve("a", "m", 900_000, config=cfg)
    with pytest.raises(BudgetExceeded) as err:
        await budgets.reserve("a", "m", 200_000, config=cfg)
    assert err.value.retry_after_s == 2
    assert "and $0.900000 held by requests in flight" in err.value.message


# ------------------------------------------------------------------------------ calendar windows


async def test_month_end_rollover_in_new_york(budgets: Budgets, client: Any, clock: Clock) -> None:
    cfg = config(a={"monthly": 1.0})
    clock.now = local(2026, 11, 30, 23, 59, 30)  # 04:59 UTC on Dec 1: still November in New York
    res = await budgets.reserve("a", "m", 1_000_000, config=cfg)
    await budgets.settle(res, 1_000_000, None, config=cfg)
    with pytest.raises(BudgetExceeded) as err:
        await budgets.reserve("a", "m", 1, config=cfg)
    assert err.value.period == "2026-11" and err.value.retry_after_s == 30
    clock.advance(seconds=31)  # midnight in New York
    res = await budgets.reserve("a", "m", 1_000_000, config=cfg)
    assert res.keys[2] == "gp:{a}:spend:monthly:2026-12" and res.day == "2026-12-01"
    assert await spent_reserved(client, "gp:{a}:spend:monthly:2026-11") == (1_000_000, 0)


async def test_daily_window_on_the_dst_change(budgets: Budgets, clock: Clock) -> None:
    cfg = config(a={"daily": 1.0})
    clock.now = local(2026, 3, 8, 0, 30)  # 23 hours until the next local midnight
    res = await budgets.reserve("a", "m", 1_000_000, config=cfg)
    await budgets.settle(res, 1_000_000, None, config=cfg)
    with pytest.raises(BudgetExceeded) as err:
        await budgets.reserve("a", "m", 1, config=cfg)
    assert err.value.retry_after_s == 22 * 3600 + 1800
    clock.advance(hours=22, minutes=30)
    await budgets.reserve("a", "m", 1, config=cfg)  # 2026-03-09


async def test_window_keys_expire_after_their_window(budgets: Budgets, client: Any) -> None:
    res = await budgets.reserve("a", "m", 5, config=config(a={"daily": 1.0}))
    await budgets.settle(res, 5, Usage(1, 1), config=None)
    day_left = (local(2026, 11, 19) - local(2026, 11, 18, 12)).total_seconds()
    ttl = await client.ttl("gp:{a}:spend:daily:2026-11-18")
    assert day_left + 35 * 86400 - 5 <= ttl <= day_left + 35 * 86400
    assert await client.ttl("gp:{a}:usage:2026-11-18") > 399 * 86400
    assert await client.ttl("gp:{a}:res") > 0 and await client.ttl("gp:{a}:resinfo") > 0


# ------------------------------------------------------------------------------ reservation TTL


async def test_an_expired_reservation_stops_counting(client: Any, clock: Clock) -> None:
    budgets = Budgets(client, clock=clock, reservation_ttl_s=60)
    cfg = config(a={"daily": 1.0})
    crashed = await budgets.reserve("a", "m", 1_000_000, config=cfg)  # its replica dies
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("a", "m", 1, config=cfg)
    clock.advance(seconds=61)
    res = await budgets.reserve("a", "m", 400_000, config=cfg)
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (0, 400_000)
    # A late settle of the expired one is still charged (the provider billed it), never un-reserved twice.
    late = await budgets.settle(crashed, 300_000, None, config=cfg)
    assert late.expired and late.charged_micros == 300_000
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (300_000, 400_000)
    await budgets.release(res)
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (300_000, 0)


async def test_extend_keeps_a_long_stream_reserved(client: Any, clock: Clock) -> None:
    budgets = Budgets(client, clock=clock, reservation_ttl_s=60)
    cfg = config(a={"daily": 1.0})
    res = await budgets.reserve("a", "m", 1_000_000, config=cfg)
    clock.advance(seconds=50)
    assert await budgets.extend(res) is True
    clock.advance(seconds=50)
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("a", "m", 1, config=cfg)


# ------------------------------------------------------------------------------ alerts


async def test_alerts_fire_once_per_threshold_and_window_under_concurrency(budgets: Budgets, clock: Clock) -> None:
    cfg = config(a={"daily": 1.0, "monthly": 10.0, "alert_at": [0.5, 0.8]})

    async def spend() -> list[tuple[str, float]]:
        res = await budgets.reserve("a", "m", 30_000, config=cfg)
        settled = await budgets.settle(res, 30_000, None, config=cfg)
        return [(a.window, a.threshold) for a in settled.alerts]

    fired = [a for batch in await asyncio.gather(*(spend() for _ in range(30))) for a in batch]
    assert sorted(fired) == [("daily", 0.5), ("daily", 0.8)]  # $0.90 of $1; the month is at 9%
    clock.advance(days=1)  # a new daily window alerts again
    fired = [a for batch in await asyncio.gather(*(spend() for _ in range(20))) for a in batch]
    assert sorted(fired) == [("daily", 0.5)]


async def test_alerts_fire_at_a_threshold_exactly(budgets: Budgets) -> None:
    """Settle skips the thresholds while spend is below the lowest of them: spend one micro-dollar short of a
    threshold fires nothing, spend equal to it fires it."""
    cfg = config(a={"daily": 1.0, "alert_at": [0.25, 0.5, 0.9]})
    fired = []
    for cost in (249_999, 1, 250_000, 399_999, 1):
        res = await budgets.reserve("a", "m", cost, config=cfg)
        fired.append([a.threshold for a in (await budgets.settle(res, cost, None, config=cfg)).alerts])
    assert fired == [[], [0.25], [0.5], [], [0.9]]


# ------------------------------------------------------------------------------ replicas


def test_two_processes_never_overspend_one_cap(server: StoreServer) -> None:
    async def reset() -> None:
        c = connect(server.url)
        await c.flushall()
        await c.aclose()

    asyncio.run(reset())
    cmd = [sys.executable, "-m", "tests.support.budget_worker", server.url, "100", "7000", "1.0"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    for p in procs:  # both connected: start them together
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
    results = [json.loads(p.communicate("go\n", timeout=30)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    accepted = sum(len(r["accepted"]) for r in results)
    refused = sum(len(r["refused"]) for r in results)
    assert all(not r["errors"] for r in results)
    assert all(len(r["accepted"]) > 0 for r in results), "both processes must have won some"
    assert accepted == 1_000_000 // 7000 and refused == 200 - accepted  # 142 fit, 58 get a 429
    alerts = sorted(a for r in results for a in r["alerts"])
    assert alerts == ["daily:0.5", "daily:0.9"]

    async def charged() -> int:
        c = connect(server.url)
        try:
            day = windows_at(datetime.now(UTC), NY)[0].period
            spent, reserved = await spent_reserved(c, f"gp:{{team-a}}:spend:daily:{day}")
            assert reserved == 0
            return spent
        finally:
            await c.aclose()

    assert asyncio.run(charged()) == accepted * 7000 <= 1_000_000


# ------------------------------------------------------------------------------ restarts and outages


async def test_spend_survives_a_restart_of_the_embedded_store(tmp_path: Path, clock: Clock) -> None:
    server = make_server("valkey", tmp_path)  # AOF on, as `store.url: embedded` runs it
    c = connect(server.url)
    budgets = Budgets(c, clock=clock)
    cfg = config(a={"daily": 1.0})
    res = await budgets.reserve("a", "m", 250_000, config=cfg)
    await budgets.settle(res, 250_000, Usage(10, 5), config=cfg)
    held = await budgets.reserve("a", "m", 500_000, config=cfg)
    await c.aclose()
    server.stop()
    server.start()
    c = connect(server.url)
    budgets = Budgets(c, clock=clock)
    try:
        [daily, *_] = await budgets.status(cfg, ["a"])
        assert (daily.spent_micros, daily.reserved_micros) == (250_000, 500_000)
        await budgets.settle(held, 100_000, None, config=cfg)
        [daily, *_] = await budgets.status(cfg, ["a"])
        assert (daily.spent_micros, daily.reserved_micros) == (350_000, 0)
    finally:
        await c.aclose()
        server.stop()


async def test_store_stopped_and_restarted_under_load(server: StoreServer, clock: Clock) -> None:
    c = connect(server.url)
    await c.flushall()
    budgets = Budgets(c, clock=clock, cooldown_s=0.05)
    cfg = config(a={"daily": 1000.0})
    outcomes: list[str] = []
    stop = asyncio.Event()

    async def load() -> None:
        while not stop.is_set():
            try:
                res = await budgets.reserve("a", "m", 1000, config=cfg)
                await budgets.settle(res, 1000, None, config=cfg)
                outcomes.append("ok")
            except StoreUnavailable as exc:
                assert exc.reason in ("ConnectionError", "TimeoutError", "BusyLoadingError")  # a type, no text
                outcomes.append("down")
            await asyncio.sleep(0.001)

    workers = [asyncio.create_task(load()) for _ in range(8)]
    try:
        await asyncio.sleep(0.1)
        await asyncio.to_thread(server.stop)
        await asyncio.sleep(0.2)
        down_at = len(outcomes)
        await asyncio.to_thread(server.start)  # Debian's comes back empty: scripts must be re-loaded
        await asyncio.sleep(0.3)
    finally:
        stop.set()
        await asyncio.gather(*workers)
    assert "down" in outcomes[:down_at]
    assert outcomes[-8:] == ["ok"] * 8, "the budget step must recover by itself"
    res = await budgets.reserve("a", "m", 1, config=cfg)
    assert await budgets.release(res) is True
    await c.aclose()


async def test_scripts_are_reloaded_after_script_flush(budgets: Budgets, client: Any) -> None:
    await budgets.reserve("a", "m", 1, config=None)
    await client.script_flush()
    await budgets.reserve("a", "m", 1, config=None)  # NOSCRIPT -> SCRIPT LOAD -> EVALSHA


async def test_unreachable_store_is_a_typed_error_and_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[int] = []
    real_open = RespClient._open

    async def counted_open(self: RespClient, loop: asyncio.AbstractEventLoop) -> Any:
        opened.append(1)
        return await real_open(self, loop)

    monkeypatch.setattr(RespClient, "_open", counted_open)
    budgets = Budgets(connect("redis://127.0.0.1:1/0"), cooldown_s=30)
    with pytest.raises(StoreUnavailable) as first:
        await budgets.reserve("a", "m", 1, config=None)
    assert first.value.reason == "ConnectionError"
    tried = len(opened)
    assert tried >= 1
    with pytest.raises(StoreUnavailable) as second:
        await budgets.reserve("a", "m", 1, config=None)
    assert second.value.reason == "ConnectionError"
    assert len(opened) == tried  # the breaker answers without trying the store again


# ------------------------------------------------------------------------------ reports


async def test_status_reports_windows_and_month_end_projection(budgets: Budgets, clock: Clock) -> None:
    cfg = config(a={"monthly": 100.0, "daily": 10.0})
    clock.now = local(2026, 12, 11, 0, 0)  # 10 of December's 31 days gone (November has a DST hour)
    res = await budgets.reserve("a", "m", 5 * USD, config=cfg)
    await budgets.settle(res, 4 * USD, None, config=cfg)
    await budgets.reserve("a", "m", USD, config=cfg)  # in flight
    rows = await budgets.status(cfg, ["a", "b"])
    by = {(r.team, r.window): r for r in rows}
    monthly = by["a", "monthly"]
    assert (monthly.spent_micros, monthly.reserved_micros, monthly.remaining_micros) == (4 * USD, USD, 95 * USD)
    assert monthly.projected_micros == 12_400_000  # $4 in 10 days -> $12.40 in 31
    assert by["a", "daily"].cap_micros == 10 * USD and by["a", "weekly"].cap_micros is None
    assert by["b", "monthly"].spent_micros == 0 and by["b", "monthly"].cap_micros is None
    assert by["a", "monthly"].as_dict()["resets_at"] == "2027-01-01T00:00:00-05:00"


async def test_export_spend_per_team_day_and_model(budgets: Budgets, clock: Clock) -> None:
    cfg = config()
    for team, model, cost, day in [("a", "gpt-4o", 10, 17), ("a", "gpt-4o", 5, 17), ("a", "claude-x", 7, 17),
                                   ("b", "gpt-4o", 3, 18), ("a", "gpt-4o", 1, 20)]:
        clock.now = local(2026, 11, day, 23, 0)  # 04:00 UTC the next day: the local day counts
        res = await budgets.reserve(team, model, cost, config=cfg)
        await budgets.settle(res, cost, Usage(100, 10, 5, 0, 2), config=cfg)
    rows = await budgets.export(date(2026, 11, 17), date(2026, 11, 18))
    assert [(r.team, r.day, r.model, r.cost_micros, r.input_tokens, r.requests) for r in rows] == [
        ("a", "2026-11-17", "claude-x", 7, 100, 1),
        ("a", "2026-11-17", "gpt-4o", 15, 200, 2),
        ("b", "2026-11-18", "gpt-4o", 3, 100, 1),
    ]
    assert await budgets.known_teams() == ["a", "b"]


async def test_charge_records_spend_that_had_no_reservation(budgets: Budgets, client: Any) -> None:
    cfg = config(a={"daily": 1.0, "alert_at": [0.5]})
    settled = await budgets.charge("a", "m", 600_000, Usage(10, 10), config=cfg)  # over the cap is fine: spent
    assert settled.expired and [a.threshold for a in settled.alerts] == [0.5]
    assert settled.remaining_micros == 400_000
    assert await spent_reserved(client, "gp:{a}:spend:daily:2026-11-18") == (600_000, 0)


async def test_reservation_record_for_headers_before_settling(budgets: Budgets) -> None:
    res = await budgets.reserve("a", "m", 250_000, config=config(a={"monthly": 1.0}))
    assert res.as_record() == {"reserved_usd": 0.25, "window": "monthly", "spent_usd": 0.0, "cap_usd": 1.0,
                               "remaining_usd": 0.75, "scope": "team"}
