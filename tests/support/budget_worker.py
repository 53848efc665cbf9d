"""A separate process hammering one team's budget: `python -m tests.support.budget_worker URL N AMOUNT CAP_USD`.

Used by tests/budget/test_ledger.py to prove that replicas sharing one Redis never overspend: each process
has its own client, prints `ready` once connected, waits for a line on stdin (so two processes begin
together), fires N concurrent reserve+settle and prints one JSON line: accepted, refused, alerts, errors.
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


async def main(url: str, n: int, amount: int, cap_usd: float) -> None:
    config = BudgetsConfig.model_validate({"timezone": "America/New_York",
                                           "teams": {"team-a": {"daily": cap_usd, "alert_at": [0.5, 0.9]}}})
    client = connect(url)
    budgets = Budgets(client)
    await client.ping()  # connect before the start line
    out: dict[str, list] = {"accepted": [], "refused": [], "alerts": [], "errors": []}
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    await asyncio.gather(*(one(budgets, config, amount, out) for _ in range(n)))
    await client.aclose()
    print(json.dumps(out))


if __name__ == "__main__":
    url, n, amount, cap = sys.argv[1:5]
    asyncio.run(main(url, int(n), int(amount), float(cap)))
