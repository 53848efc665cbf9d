"""A/B of the budget step: another checkout's ledger and scripts against this one's, in one process.

`bench/budget.py`'s wall-clock ratios vary 2x run to run on a shared machine; this compares two
versions of `proxy.budget` (e.g. main and a branch) in the same process against the same embedded
Valkey, interleaved in small batches (the order alternates batch by batch), and reports medians of
what is steadier than wall time:

- Valkey's own accounting (`INFO commandstats`, reset before each batch): the scripts' server time
  per step (reserve + settle), and the store calls the scripts made per step;
- this process's CPU per step (`time.process_time`: the step's Python, the key id and end-user hash
  the request path computes for scopes, and the client's packing and parsing);
- the wall-clock p50 of reserve+settle (for reference only).

Both cases of `bench/budget.py` (`team`: daily + monthly caps with alert thresholds; `scopes`: the
same plus a model glob, `per_key` and `per_end_user` daily caps, 10 keys and 100 end users) at
concurrency 1. The other checkout's `proxy` package is copied to a temporary directory as
`proxy_base` (its imports rewritten), so both versions run side by side.

    .venv/bin/python bench/budget_ab.py --base /work/main [--batches 20] [--steps 200] [--no-store]

`--no-store`: the store replaced by canned replies (every window empty, nothing refused), so only the
Python of the step is timed (process CPU per step; the store columns are 0).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import itertools
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GUARDRAIL_PII_SALT", "bench-salt-not-a-secret-0123456789")

from proxy.providers.base import Usage  # noqa: E402
from proxy.store.embedded import EmbeddedStore, connect  # noqa: E402

TEAM_CAPS = {"daily": 1_000_000, "monthly": 10_000_000, "alert_at": [0.5, 0.8, 0.95]}
SCOPED_CAPS = {**TEAM_CAPS, "models": {"gpt-4o*": {"daily": 500_000}}, "per_key": {"daily": 100_000},
               "per_end_user": {"daily": 10_000}}
KEYS = [f"gp-bench-key-{i}" for i in range(10)]


def copy_base(base: Path, into: Path) -> None:
    """`base`/proxy copied to `into`/proxy_base, every `proxy.` import rewritten to `proxy_base.`."""
    dest = into / "proxy_base"
    shutil.copytree(base / "proxy", dest, ignore=shutil.ignore_patterns("__pycache__", "*.onnx", "*.bin"))
    pattern = re.compile(r"\b(from|import) proxy(\.|\b)")
    for path in dest.rglob("*.py"):
        text = path.read_text()
        new = pattern.sub(lambda m: f"{m.group(1)} proxy_base{m.group(2)}", text)
        if new != text:
            path.write_text(new)


class Variant:
    """One version of the budget code: its Budgets class, scopes helpers and config model."""

    def __init__(self, name: str, package: str) -> None:
        self.name = name
        ledger: ModuleType = importlib.import_module(f"{package}.budget.ledger")
        self.scopes: ModuleType = importlib.import_module(f"{package}.budget.scopes")
        config: ModuleType = importlib.import_module(f"{package}.config.budgets")
        self.Budgets = ledger.Budgets
        zone = "America/New_York"
        self.configs = {
            "team": config.BudgetsConfig.model_validate({"timezone": zone, "teams": {"bench": TEAM_CAPS}}),
            "scopes": config.BudgetsConfig.model_validate({"timezone": zone, "teams": {"bench": SCOPED_CAPS}}),
        }


async def batch(variant: Variant, budgets: Any, client: Any, case: str, steps: int,
                counter: itertools.count[int]) -> dict[str, float]:
    config = variant.configs[case]
    team = config.for_team("bench")
    sc = variant.scopes
    usage = Usage(1000, 200, 100)
    await client.config_resetstat()
    walls = []
    cpu0 = time.process_time()
    for _ in range(steps):
        t0 = time.perf_counter()
        if case == "scopes":
            i = next(counter)
            scopes = sc.scopes_for(team, "gpt-4o-mini", sc.key_id(KEYS[i % 10]),
                                   sc.end_user_hash("bench", f"user-{i % 100}"))
        else:
            scopes = []
        res = await budgets.reserve("bench", "gpt-4o-mini", 2_000, config=config, scopes=scopes)
        await budgets.settle(res, 1_500, usage, config=config)
        walls.append(time.perf_counter() - t0)
    cpu = time.process_time() - cpu0
    stats = await client.info("commandstats")
    evalsha = stats.get("cmdstat_evalsha", {"usec": 0})
    inner = sum(int(v["calls"]) for k, v in stats.items()
                if k not in ("cmdstat_evalsha", "cmdstat_eval", "cmdstat_info", "cmdstat_config"))
    return {"script_us_per_step": float(evalsha["usec"]) / steps,
            "store_calls_per_step": inner / steps,
            "client_cpu_us_per_step": cpu / steps * 1e6,
            "wall_p50_us": statistics.median(walls) * 1e6}


Batches = dict[tuple[str, str], list[dict[str, float]]]  # (version, case) -> one row per batch


class NoStore:
    """Stands for the store client with `--no-store`: Budgets gets canned replies from `canned`."""

    def register_script(self, source: str) -> None:
        return None

    async def config_resetstat(self) -> None:
        return None

    async def info(self, section: str) -> dict[str, Any]:
        return {"cmdstat_evalsha": {"usec": 0}}

    async def aclose(self) -> None:
        return None


async def canned(name: str, keys: Any, args: Any) -> Any:
    """What reserve and settle answer when every window is empty (Budgets._call's reply shapes)."""
    if name == "reserve":
        return [1, 0, 0, 0] + [0, 0] * (len(keys) - 2)
    return [1] + [0, 0] * (len(keys) - 4) + [[], 0]


async def run(variants: list[Variant], url: str | None, batches: int, steps: int) -> Batches:
    client: Any = connect(url) if url is not None else NoStore()
    out: Batches = {}
    budgets = {v.name: v.Budgets(client) if url is not None else v.Budgets(client, fast=False) for v in variants}
    if url is None:
        for b in budgets.values():
            b._call = canned
    else:
        await client.flushall()
    counters = {v.name: itertools.count() for v in variants}
    for v in variants:  # warm-up: scripts loaded, caches filled
        for case in ("team", "scopes"):
            await batch(v, budgets[v.name], client, case, steps, counters[v.name])
    for b in range(batches):
        order = variants if b % 2 == 0 else variants[::-1]
        for case in ("team", "scopes") if b % 4 < 2 else ("scopes", "team"):
            for v in order:
                out.setdefault((v.name, case), []).append(
                    await batch(v, budgets[v.name], client, case, steps, counters[v.name]))
    for bg in budgets.values():
        await bg.aclose()
    await client.aclose()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="the other checkout (its proxy/ package)")
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200, help="reserve+settle steps per batch")
    parser.add_argument("--no-store", action="store_true", help="canned replies: the step's Python alone")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="budget-ab-"))
    copy_base(args.base.resolve(), tmp)
    sys.path.insert(0, str(tmp))
    variants = [Variant("base", "proxy_base"), Variant("this", "proxy")]
    store = None if args.no_store else EmbeddedStore(tmp / "store")
    if store is not None:
        store.start()
    try:
        load0 = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
        results = asyncio.run(run(variants, store.url if store else None, args.batches, args.steps))
        load1 = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    finally:
        if store is not None:
            store.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    names = ("script_us_per_step", "store_calls_per_step", "client_cpu_us_per_step", "wall_p50_us")
    what = "no store (canned replies)" if args.no_store else "embedded Valkey"
    print(f"median of {args.batches} batches of {args.steps} steps, concurrency 1, {what}; "
          f"load average {load0} -> {load1}")
    print("| version | case | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    med: dict[tuple[str, str], dict[str, float]] = {}
    for (name, case), rows in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        med[(name, case)] = {n: statistics.median(r[n] for r in rows) for n in names}
        print(f"| {name} | {case} | " + " | ".join(f"{med[(name, case)][n]:.1f}" for n in names) + " |")
    for name in ("base", "this"):
        t, s = med[(name, "team")], med[(name, "scopes")]
        print(f"{name}: scopes / team: " + ", ".join(f"{n} {s[n] / t[n]:.2f}x" for n in names if t[n]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
