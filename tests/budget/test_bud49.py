"""atk49 F01: the reservation of a request in flight is renewed while it runs, so a stream longer than the
reservation's lifetime keeps its money; a replica that stops renewing (it died) still lets it expire; a
renewal never brings back a settled or released reservation. Real Valkey and redis-server (test_ledger's
`server` fixture; tests/budget/test_topologies.py runs them again on Cluster and Sentinel)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from proxy.budget.ledger import Budgets
from proxy.budget.results import BudgetExceeded
from proxy.budget.scopes import scopes_for
from proxy.config.budgets import BudgetsConfig
from tests.budget.test_ledger import (  # noqa: F401 - fixtures
    Clock,
    client,
    clock,
    config,
    server,
    spent_reserved,
)

DAILY_A = "gp:{a}:spend:daily:2026-11-18"


async def _renew(budgets: Budgets) -> int:
    """One renewal round, as the per-process task runs it (absent before atk49 F01: nothing renews)."""
    renewer = getattr(budgets, "renewer", None)
    return 0 if renewer is None else await renewer.renew_now()


async def _stop(budgets: Budgets) -> None:
    """The replica dies: nothing renews its reservations any more."""
    renewer = getattr(budgets, "renewer", None)
    if renewer is not None:
        await renewer.aclose()


async def _refused(budgets: Budgets, cfg: BudgetsConfig, team: str = "a", micros: int = 1) -> bool:
    try:
        res = await budgets.reserve(team, "m", micros, config=cfg)
    except BudgetExceeded:
        return True
    await budgets.release(res)
    return False


async def test_a_stream_longer_than_the_lifetime_keeps_its_money_then_expires_when_renewals_stop(client: Any) -> None:  # noqa: F811
    # Real time: a 1.2 s lifetime, renewed every 0.4 s by the process's own task while the "stream" runs.
    cfg = config(a={"daily": 1.0})
    replica = Budgets(client, reservation_ttl_s=1.2)
    other = Budgets(client, reservation_ttl_s=1.2)  # a second replica taking other requests
    try:
        held = await replica.reserve("a", "m", 1_000_000, config=cfg)  # the request holds it while it runs
        refused = []
        for _ in range(14):  # 3.5 s of stream: about three lifetimes
            await asyncio.sleep(0.25)
            refused.append(await _refused(other, cfg))
        assert all(refused), f"the held money was reserved again while the stream ran: {refused}"
        assert replica.renewer.ticks <= 10, "one renewal round per third of the lifetime, not more"
        await _stop(replica)  # the replica dies mid-stream
        assert not held.finished
        await asyncio.sleep(1.5)
        assert not await _refused(other, cfg), "a dead replica's reservation still expires"
        assert await spent_reserved(client, DAILY_A) == (0, 0)
    finally:
        await _stop(replica)
        await _stop(other)


async def test_renewed_reservations_hold_their_money_against_concurrent_requests(client: Any, clock: Clock) -> None:  # noqa: F811
    cfg = config(a={"daily": 1.0})
    replica, other = Budgets(client, clock=clock, reservation_ttl_s=60), Budgets(client, clock=clock)
    res = await replica.reserve("a", "m", 900_000, config=cfg)
    for _ in range(5):  # 250 s of stream, over four lifetimes
        clock.advance(seconds=50)
        assert await _renew(replica) == 1
    results = await asyncio.gather(*(other.reserve("a", "m", 200_000, config=cfg) for _ in range(20)),
                                   return_exceptions=True)
    assert all(isinstance(r, BudgetExceeded) for r in results), "nobody reserves the money a stream holds"
    assert await spent_reserved(client, DAILY_A) == (0, 900_000)
    settled = await replica.settle(res, 800_000, None, config=cfg)
    assert not settled.expired and settled.overrun_micros == 0
    assert await spent_reserved(client, DAILY_A) == (800_000, 0)


async def test_a_renewal_after_settle_or_release_recreates_nothing(client: Any, clock: Clock) -> None:  # noqa: F811
    cfg = config(a={"daily": 1.0})
    budgets = Budgets(client, clock=clock, reservation_ttl_s=60)
    settled = await budgets.reserve("a", "m", 300_000, config=cfg)
    released = await budgets.reserve("a", "m", 300_000, config=cfg)
    done_scores = {}
    await budgets.settle(settled, 100_000, None, config=cfg)
    await budgets.release(released)
    for res in (settled, released):
        done_scores[res.id] = await client.zscore("gp:{a}:res", res.id)
        assert await client.hget("gp:{a}:resinfo", res.id) == b"done"
    # A renewal round that took its list before the settle (the two race in one process): re-listed here.
    renewer = budgets.renewer
    for res in (settled, released):
        res.finished = False
        renewer.add(res)
    assert await renewer.renew_now() == 0
    for res in (settled, released):
        assert await client.hget("gp:{a}:resinfo", res.id) == b"done"
        assert await client.zscore("gp:{a}:res", res.id) == done_scores[res.id], "the done marker is left alone"
    assert await spent_reserved(client, DAILY_A) == (100_000, 0)
    clock.advance(seconds=61)
    assert await client.zcard("gp:{a}:res") == 2
    # ... and once the markers are pruned, a renewal brings back neither the member nor its money.
    await budgets.reserve("a", "m", 1, config=cfg)  # prunes
    assert await renewer.renew_now() >= 0
    for res in (settled, released):
        assert await client.zscore("gp:{a}:res", res.id) is None
        assert await client.hget("gp:{a}:resinfo", res.id) is None
    assert await spent_reserved(client, DAILY_A) == (100_000, 1)
    await renewer.aclose()


async def test_an_expired_reservation_is_not_renewed_back(client: Any, clock: Clock) -> None:  # noqa: F811
    cfg = config(a={"daily": 1.0})
    budgets = Budgets(client, clock=clock, reservation_ttl_s=60)
    res = await budgets.reserve("a", "m", 700_000, config=cfg)
    clock.advance(seconds=61)  # the store or the loop stalled past the lifetime: the money was freed
    assert await _renew(budgets) == 0
    assert await client.zscore("gp:{a}:res", res.id) is None
    assert await spent_reserved(client, DAILY_A) == (0, 0)
    await _stop(budgets)


async def test_every_scope_and_team_is_renewed_in_one_round(client: Any, clock: Clock,  # noqa: F811
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUARDRAIL_PII_SALT", "s" * 32)
    base = {"daily": 10.0, "models": {"gpt-4o*": {"daily": 1.0}}, "per_key": {"daily": 2.0}}
    cfg = BudgetsConfig.model_validate({"timezone": "America/New_York",
                                        "teams": {"t": base, "u": {"daily": 1.0}}})
    budgets = Budgets(client, clock=clock, reservation_ttl_s=60)
    other = Budgets(client, clock=clock)
    scopes = scopes_for(cfg.for_team("t"), "gpt-4o-mini", "k" * 16, None)
    assert len(scopes) == 2
    held_t = await budgets.reserve("t", "gpt-4o-mini", 900_000, config=cfg, scopes=scopes)
    held_u = await budgets.reserve("u", "m", 900_000, config=cfg)
    for _ in range(4):
        clock.advance(seconds=40)
        assert await _renew(budgets) == 2
    # the model scope (cap 1.0) still counts the 0.9 held: 0.2 more is refused there, the team has room
    with pytest.raises(BudgetExceeded) as exc:
        await other.reserve("t", "gpt-4o-mini", 200_000, config=cfg,
                            scopes=scopes_for(cfg.for_team("t"), "gpt-4o-mini", "j" * 16, None))
    assert exc.value.status.scope.startswith("model")
    with pytest.raises(BudgetExceeded):  # the key scope (cap 2.0) counts it too
        await other.reserve("t", "o1", 1_200_000, config=cfg, scopes=scopes_for(cfg.for_team("t"), "o1", "k" * 16,
                                                                                  None))
    with pytest.raises(BudgetExceeded):
        await other.reserve("u", "m", 200_000, config=cfg)
    await budgets.release(held_t)
    await budgets.release(held_u)
    await _stop(budgets)


async def test_many_reservations_of_one_team_are_renewed_in_batches(client: Any, clock: Clock,  # noqa: F811
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from proxy.budget import bud49
    monkeypatch.setattr(bud49, "_BATCH", 2)
    cfg = config(a={"daily": 1.0})
    budgets = Budgets(client, clock=clock, reservation_ttl_s=60)
    held = [await budgets.reserve("a", "m", 100_000, config=cfg) for _ in range(5)]
    clock.advance(seconds=50)
    assert await _renew(budgets) == 5
    clock.advance(seconds=50)
    with pytest.raises(BudgetExceeded):
        await budgets.reserve("a", "m", 600_000, config=cfg)
    assert await spent_reserved(client, DAILY_A) == (0, 500_000)
    for res in held:
        await budgets.release(res)
    await _stop(budgets)
