"""Budget step benchmark: the latency reserve + settle adds to a request, at concurrency 1 and 64.

Two cases: `team` (one team cap: daily + monthly, alert thresholds) and `4 scopes` (the same team
caps plus a model glob, per key and per end user caps, budgets.yaml scopes: 3 team windows + 3
scope windows in the one reserve script call; the key id and the end-user keyed hash are computed
per step, as the request path does; 10 keys, 100 end users). The ratio of their reserve+settle p50
is printed (target: under 1.5x).

Starts the embedded Valkey (as `store.url: embedded` does; `--redis URL` to use another server),
then runs N workers in one asyncio process (one shared client, as in the proxy), each looping
`reserve -> settle` for one team with daily + monthly caps and alert thresholds. A PING round trip
at the same concurrency is measured too, as the floor a single store call costs. It prints a
markdown table (ops/s and p50/p99 of PING, reserve, settle and reserve+settle; the store's own time
per step, from `INFO commandstats` reset before the measured steps: the scripts' server time and the
store calls they made; and this process's CPU per step) and writes `bench/out/budget.json`.

    .venv/bin/python bench/budget.py [--requests 20000] [--concurrency 1 64] [--rounds 3] [--uvloop]
                                     [--cases team scopes]

The reservation's bound (`proxy.budget.bound`: walking the body and pricing its worst case) runs in
the proxy before reserve; its p50 for an ordinary chat body (1 KB prompt, two messages) is printed too.

With `--rounds N` every point runs N times and the round with the median reserve+settle p50 is
reported (the machines here are shared: single runs vary by 2x). To compare two versions of the
budget code, `bench/budget_ab.py` runs both in one process against one store, interleaved.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from proxy.budget.bound import bound_micros, request_bound  # noqa: E402
from proxy.budget.ledger import Budgets  # noqa: E402
from proxy.budget.pricing import Pricer  # noqa: E402
from proxy.budget.scopes import Scope, end_user_hash, key_id, scopes_for  # noqa: E402
from proxy.config.budgets import BudgetsConfig  # noqa: E402
from proxy.providers.base import Usage  # noqa: E402
from proxy.store.embedded import EmbeddedStore, connect  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
TEAM_CAPS = {"daily": 1_000_000, "monthly": 10_000_000, "alert_at": [0.5, 0.8, 0.95]}
CONFIG = BudgetsConfig.model_validate({"timezone": "America/New_York", "teams": {"bench": TEAM_CAPS}})
os.environ.setdefault("GUARDRAIL_PII_SALT", "bench-salt-not-a-secret-0123456789")
SCOPED = BudgetsConfig.model_validate({"timezone": "America/New_York", "teams": {"bench": {
    **TEAM_CAPS, "models": {"gpt-4o*": {"daily": 500_000}}, "per_key": {"daily": 100_000},
    "per_end_user": {"daily": 10_000}}}})
KEYS = [f"gp-bench-key-{i}" for i in range(10)]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def drive(concurrency: int, total: int, op: Callable[[dict[str, list[float]]], Awaitable[None]],
                ) -> tuple[dict[str, list[float]], float]:
    samples: dict[str, list[float]] = {}
    left = total

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await op(samples)

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return samples, time.perf_counter() - t0


def timed(samples: dict[str, list[float]], name: str, t0: float) -> float:
    now = time.perf_counter()
    samples.setdefault(name, []).append((now - t0) * 1000)
    return now


async def bench(url: str, concurrency: int, total: int, case: str = "team") -> dict[str, Any]:
    client = connect(url)
    budgets = Budgets(client)
    await client.flushall()
    config = SCOPED if case == "scopes" else CONFIG
    team = config.for_team("bench")
    counter = itertools.count()

    def scopes() -> list[Scope]:
        """What the request path does per request for scopes: key id, end-user hash, the applicable scopes."""
        if case != "scopes":
            return []
        i = next(counter)
        return scopes_for(team, "gpt-4o-mini", key_id(KEYS[i % 10]), end_user_hash("bench", f"user-{i % 100}"))

    async def ping(samples: dict[str, list[float]]) -> None:
        t0 = time.perf_counter()
        await client.ping()
        timed(samples, "ping", t0)

    async def step(samples: dict[str, list[float]]) -> None:
        t0 = time.perf_counter()
        res = await budgets.reserve("bench", "gpt-4o-mini", 2_000, config=config, scopes=scopes())
        t1 = timed(samples, "reserve", t0)
        await budgets.settle(res, 1_500, Usage(1000, 200, 100), config=config)
        timed(samples, "settle", t1)
        timed(samples, "reserve+settle", t0)

    await drive(concurrency, min(total, 2000), step)  # warm-up: scripts loaded, pool filled
    ping_samples, _ = await drive(concurrency, total, ping)
    await client.config_resetstat()
    server0 = server_cpu(await client.info("cpu"))
    cpu0 = time.process_time()
    samples, elapsed = await drive(concurrency, total, step)
    cpu = time.process_time() - cpu0
    server = server_cpu(await client.info("cpu")) - server0
    stats = await client.info("commandstats")
    await client.aclose()
    samples["ping"] = ping_samples["ping"]
    return {
        "case": case, "windows": len(res_windows(config)),
        "concurrency": concurrency, "requests": total, "steps_per_s": round(total / elapsed),
        "client_cpu_us_per_step": round(cpu / total * 1e6, 1),
        "store": {**store_cost(stats, total), "server_cpu_us_per_step": round(server / total * 1e6, 1)},
        "ms": {name: {"p50": round(statistics.median(v), 3), "p99": round(pct(v, 0.99), 3)}
               for name, v in samples.items()},
    }


def server_cpu(info: dict[str, Any]) -> float:
    """The store process's CPU seconds so far (user + system; `INFO cpu`): less sensitive than its own
    wall-clock accounting to being descheduled on a loaded machine."""
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def store_cost(stats: dict[str, Any], steps: int) -> dict[str, float]:
    """Valkey's own accounting of the measured steps (`INFO commandstats`, reset before them): script
    calls, their mean server time (a script's time includes the store calls it makes), and the store
    calls the scripts made per step. Far less noisy than wall time on a shared machine."""
    evalsha = stats.get("cmdstat_evalsha", {})
    inner = sum(int(v["calls"]) for k, v in stats.items()
                if k not in ("cmdstat_evalsha", "cmdstat_eval", "cmdstat_info", "cmdstat_config"))
    calls = int(evalsha.get("calls", 0))
    return {"script_calls": calls, "usec_per_script_call": float(evalsha.get("usec_per_call", 0.0)),
            "server_us_per_step": round(float(evalsha.get("usec", 0)) / steps, 1),
            "store_calls_per_step": round(inner / steps, 1)}


def res_windows(config: BudgetsConfig) -> list[str]:
    """The window keys one reservation touches in this case."""
    team = config.for_team("bench")
    found = scopes_for(team, "gpt-4o-mini", "k", "u")
    return ["team"] * 3 + [s.id for s in found for w in s.windows()]


CHAT_BODY = {"model": "gpt-4o-mini", "max_tokens": 500, "messages": [
    {"role": "system", "content": "You are a helpful assistant. " * 4},
    {"role": "user", "content": "Summarise the quarterly report in three bullet points, please. " * 16}]}


def bound_us(n: int = 20_000) -> float:
    """p50 microseconds of the bound of CHAT_BODY (walk + worst-case price), as reserve_for computes it."""
    price = Pricer().lookup("gpt-4o-mini", "openai")
    assert price is not None
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        bound_micros(price, request_bound("openai", "chat", CHAT_BODY, "gpt-4o-mini"))
        samples.append((time.perf_counter() - t0) * 1e6)
    return round(statistics.median(samples), 2)


def median_round(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(rounds, key=lambda r: r["ms"]["reserve+settle"]["p50"])
    return {**ordered[len(ordered) // 2], "rounds": len(rounds)}


def table(results: list[dict[str, Any]]) -> str:
    names = ("ping", "reserve", "settle", "reserve+settle")
    head = ("| case | windows | concurrency | steps/s | " + " | ".join(f"{n} p50 / p99 ms" for n in names)
            + " | store script us/step (calls) | store CPU us/step | client CPU us/step |")
    lines = [head, "|" + "---|" * (7 + len(names))]
    for r in results:
        cells = [f"{r['ms'][n]['p50']:.3f} / {r['ms'][n]['p99']:.3f}" for n in names]
        store = r["store"]
        lines.append(f"| {r['case']} | {r['windows']} | {r['concurrency']} | {r['steps_per_s']} | "
                     + " | ".join(cells) + f" | {store['server_us_per_step']} ({store['store_calls_per_step']}) | "
                     + f"{store['server_cpu_us_per_step']} | {r['client_cpu_us_per_step']} |")
    return "\n".join(lines)


def ratios(results: list[dict[str, Any]]) -> dict[int, float]:
    """reserve+settle p50 of `4 scopes` over `team`, per concurrency."""
    by = {(r["case"], r["concurrency"]): r["ms"]["reserve+settle"]["p50"] for r in results}
    return {c: round(by[("scopes", c)] / by[("team", c)], 2) for (case, c) in by
            if case == "scopes" and ("team", c) in by}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000, help="reserve+settle steps per point")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 64])
    parser.add_argument("--rounds", type=int, default=3, help="runs per point; the median one is reported")
    parser.add_argument("--redis", help="a redis:// URL instead of the embedded Valkey")
    parser.add_argument("--uvloop", action="store_true", help="run on uvloop, as `serve` does")
    parser.add_argument("--cases", nargs="+", choices=("team", "scopes"), default=["team", "scopes"])
    parser.add_argument("--out", type=Path, default=OUT / "budget.json")
    args = parser.parse_args(argv)
    if args.uvloop:
        import uvloop

        uvloop.install()
    store = None
    url = args.redis
    if url is None:
        store = EmbeddedStore(Path(tempfile.mkdtemp(prefix="bench-budget-")))
        store.start()
        url = store.url
    try:
        results = []
        for c in args.concurrency:
            for case in args.cases:  # interleaved rounds: a busy spell on the machine hits both cases alike
                results.append(median_round([asyncio.run(bench(url, c, args.requests, case))
                                             for _ in range(args.rounds)]))
    finally:
        if store is not None:
            store.stop()
    bound = bound_us()
    print(table(results))
    ratio = ratios(results)
    for c, x in ratio.items():
        print(f"4 scopes / team cap, reserve+settle p50 at concurrency {c}: {x}x")
    print(f"\nbound of an ordinary chat body (walk + worst-case price): p50 {bound} us")
    doc = {"bound_p50_us": bound, "when": datetime.now(UTC).isoformat(timespec="seconds"), "host": platform.node(),
           "python": platform.python_version(), "store": "embedded valkey" if args.redis is None else "redis",
           "uvloop": args.uvloop, "results": results, "scopes_over_team_p50": ratio}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
