"""A separate process hammering one team's budget: `python -m tests.support.budget_worker URL N AMOUNT CAP_USD
[LOOP_S TTL_S]`.

Used by tests/budget/test_ledger.py to prove that replicas sharing one Redis never overspend: each process
has its own client, prints `ready` once connected, waits for a line on stdin (so two processes begin
together), fires N concurrent reserve+settle and prints one JSON line: accepted, refused, alerts, errors.

With LOOP_S (the failover tests) each of the N tasks loops for up to LOOP_S seconds, like a client that
keeps sending: reserve (a store error or a refusal only because of requests in flight: try again
shortly), the upstream call (billed: `billed` counts it), settle (retried while the store is down, as
`proxy.budget.step` does, for up to 3/4 of the reservation's life), until the cap is spent.
Reservations live TTL_S seconds; the cap is then monthly (else daily). The JSON line then
has billed, charged, duplicates, overruns, unsettled, refused, errors (counts and micro-dollars). With RATE,
the process's loops together begin at most RATE reserves a second (a paced client: the cap lasts a known
minimum time, however fast the store answers).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys

from proxy.budget.ledger import BudgetExceeded, Budgets, StoreUnavailable
from proxy.config.budgets import BudgetsConfig
from proxy.providers.base import Usage
from proxy.store.embedded import connect


async def one(budgets: Budgets, config: BudgetsConfig, amount: int, out: dict[str, list]) -> None:
    try:
        res = await budgets.reserve("team-a", "gpt-4o-mini", amount, config=config)
    except BudgetExceeded as exc:
        out["refused"].append(exc.retry_after_s)
        return
    except StoreUnavailable as exc:
        out["errors"].append(exc.reason)
        return
    await asyncio.sleep(random.random() * 0.01)  # the upstream call
    settled = await budgets.settle(res, amount, Usage(100, 10), config=config)
    out["accepted"].append(amount)
    out["alerts"] += [f"{a.window}:{a.threshold}" for a in settled.alerts]


class Pace:
    """At most `rate` calls a second over every loop of the process (0: unpaced)."""

    def __init__(self, rate: float) -> None:
        self.gap = 1.0 / rate if rate > 0 else 0.0
        self.next = 0.0

    async def __call__(self) -> None:
        if not self.gap:
            return
        now = asyncio.get_running_loop().time()
        at = max(self.next, now)
        self.next = at + self.gap
        if at > now:
            await asyncio.sleep(at - now)


async def loop(budgets: Budgets, config: BudgetsConfig, amount: int, out: dict[str, int], until: float,
               ttl_s: float, pace: Pace) -> None:
    clock = asyncio.get_running_loop().time
    while clock() < until:
        await pace()
        try:
            res = await budgets.reserve("team-a", "gpt-4o-mini", amount, config=config)
        except BudgetExceeded as exc:
            if exc.spent_micros + amount > exc.cap_micros:  # spent: nothing more will fit
                out["refused"] += 1
                return
            await asyncio.sleep(0.05)  # held by requests in flight (or by reservations yet to expire)
            continue
        except StoreUnavailable:
            out["errors"] += 1
            await asyncio.sleep(0.05 + random.random() * 0.05)
            continue
        out["billed"] += amount  # forwarded: the provider bills it
        await asyncio.sleep(random.random() * 0.02)
        settle_until = clock() + ttl_s * 0.75  # before the reservation expires, as proxy.budget.step retries
        while True:
            try:
                settled = await budgets.settle(res, amount, Usage(100, 10), config=config)
            except StoreUnavailable:
                out["settle_retries"] += 1
                if clock() > settle_until:
                    out["unsettled"] += 1
                    break
                await asyncio.sleep(0.2)
                continue
            out["duplicates" if settled.duplicate else "charged"] += settled.charged_micros if not settled.duplicate \
                else 1
            out["overruns"] += settled.overrun_micros
            break


async def main(url: str, n: int, amount: int, cap_usd: float, loop_s: float | None, ttl_s: float,
               rate: float = 0.0) -> None:
    # The loops run for a minute or more: a monthly cap, so that a day ending mid-run does not reset it.
    window = "daily" if loop_s is None else "monthly"
    config = BudgetsConfig.model_validate({"timezone": "America/New_York",
                                           "teams": {"team-a": {window: cap_usd, "alert_at": [0.5, 0.9]}}})
    client = connect(url)
    budgets = Budgets(client, reservation_ttl_s=ttl_s)
    await client.ping()  # connect before the start line
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    if loop_s is None:
        out: dict[str, list] = {"accepted": [], "refused": [], "alerts": [], "errors": []}
        await asyncio.gather(*(one(budgets, config, amount, out) for _ in range(n)))
        print(json.dumps(out))
    else:
        counts = dict.fromkeys(("billed", "charged", "duplicates", "overruns", "unsettled", "settle_retries",
                                "refused", "errors"), 0)
        until = asyncio.get_running_loop().time() + loop_s
        pace = Pace(rate)
        await asyncio.gather(*(loop(budgets, config, amount, counts, until, ttl_s, pace) for _ in range(n)))
        print(json.dumps(counts))
    await budgets.aclose()
    await client.aclose()


if __name__ == "__main__":
    url, n, amount, cap = sys.argv[1:5]
    loop_s = float(sys.argv[5]) if len(sys.argv) > 5 else None
    ttl_s = float(sys.argv[6]) if len(sys.argv) > 6 else 900.0
    rate = float(sys.argv[7]) if len(sys.argv) > 7 else 0.0
    asyncio.run(main(url, int(n), int(amount), float(cap), loop_s, ttl_s, rate))
