"""`bench/pii_normalize.py`'s A/B by machine instructions per request: a count other jobs on the machine do not move.

    .venv/bin/python bench/pii_normalize_instr.py [--samples 6] [--only "chat turn"] [--keep DIR]

The same scenarios, arms and texts as `bench/pii_normalize.py` (A: without the normalised view, the joints and the
cross-text pass; B: as shipped), the same order (sample by sample, A first and B first in turn, each arm's history
analysed untimed before its timed request). The whole bench runs once under valgrind's callgrind with instrumentation
off (`--instr-atstart=no`: the models load at ~5x, not ~50x), `PYTHONHASHSEED=0`; around each timed `Guard.input` a
tiny C helper (compiled here from `/usr/include/valgrind/callgrind.h`'s client requests, loaded with ctypes) zeroes
the counters and switches instrumentation on, then off and dumps: `Ir` of every thread of the process (C code
included: the regular expression engine, spaCy's Cython, the anonymizer's threads) for that request alone. Before
each sample `gc.collect()` and `gc.freeze()`: a full pass of the collector, which lands in a request by chance and
costs 2-3.5x the request, is kept out of the count (the request's own young-generation passes stay in).

Printed per scenario: the median instructions per request of A and of B (`--samples` each), B/A - 1 of the medians,
`A first` and `B first` (the median of the ratios of the samples where that arm ran first on the new text: what the
first arm pays for both, spaCy's new lexemes and shared caches, shows as their difference) and `balanced` (as
`bench/pii_normalize.py`: the median over consecutive pairs, one each way, of the geometric mean of their ratios)
and `B - A` (the median over the same pairs of their mean difference: the instructions B adds to a request).
`--keep DIR` keeps the dumps (`DIR/cg.out.N`, one per sample; its `desc:` line names the scenario, sample and arm)
for `callgrind_annotate --inclusive=yes DIR/cg.out.N` (C functions only: Python functions all show as the
interpreter's loop). Needs valgrind and a C compiler; ~1 minute a scenario at `--samples 6` on a quiet core (names
2000: ~4), ~7 minutes in all.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import functools
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HELPER_C = r"""
#include <valgrind/callgrind.h>
void gp_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void gp_stop(const char *name) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT(name); }
int gp_on_valgrind(void) { return RUNNING_ON_VALGRIND; }
"""
_DESC = re.compile(r"^desc: Trigger: Client Request: (\S+)$", re.MULTILINE)
_TOTAL = re.compile(r"^totals:\s*(\d+)", re.MULTILINE)  # (its `summary:` line reads 0 after a zeroing)


def helper(where: Path) -> Path:
    source, lib = where / "gp_callgrind.c", where / "gp_callgrind.so"
    source.write_text(HELPER_C)
    subprocess.run(["cc", "-O1", "-shared", "-fPIC", "-o", str(lib), str(source)], check=True)
    return lib


def child(lib_path: str, samples: int, only: str, names_out: str, arms: tuple[bool, ...]) -> None:
    """Under callgrind: the bench with each timed request counted and dumped on its own."""
    sys.path.insert(0, str(ROOT))
    import bench.pii_normalize as bench
    from proxy.guard.engine import Guard

    # (a request under callgrind runs ~50x slower: the check's 30 s timeout would end it)
    bench.Guard = functools.partial(Guard, check_timeout_s=3600.0)  # type: ignore[assignment,misc]

    lib = ctypes.CDLL(lib_path)
    lib.gp_stop.argtypes = [ctypes.c_char_p]
    if not lib.gp_on_valgrind():
        raise SystemExit("not under valgrind")
    names: list[str] = []

    def measure(name: str) -> Callable[[bool, Callable[[], Coroutine[Any, Any, Any]]], Coroutine[Any, Any, float]]:
        names.append(name)
        index, count = len(names) - 1, [0]

        async def one(b: bool, make: Callable[[], Coroutine[Any, Any, Any]]) -> float:
            label = f"{index}/{count[0]}/{'B' if b else 'A'}".encode()
            count[0] += 1
            gc.collect()
            gc.freeze()
            lib.gp_start()
            await make()
            lib.gp_stop(label)
            return 1.0  # counted in the dump; the bench's own statistics are not used

        return one

    asyncio.run(warm_up(arms))
    asyncio.run(bench.main_async(samples, only, measure, arms))
    Path(names_out).write_text(json.dumps(names))


async def warm_up(arms: tuple[bool, ...]) -> None:
    """Uncounted: a few requests of each kind on texts the scenarios do not use, both arms, so that what the first
    request of the process pays once (imports, regular expressions compiled on first use, tables) is not counted in
    the first scenario's first sample."""
    from bench.pii_latency import corpus, prose, text_of
    from bench.pii_normalize import arm, named_turn, obfuscate
    from proxy.config.policy import load_policies
    from proxy.guard.engine import Guard
    from proxy.nlp.pii import PiiAnalyzer

    policy = load_policies(ROOT / "policies").get("default")
    policy = policy.model_copy(update={"input": policy.input.model_copy(
        update={"toxicity": None, "bias": None, "patterns": [], "secrets": None})})
    analyzer = PiiAnalyzer(executor="inline")
    await analyzer.start()
    guard, sources = Guard(analyzer, None, check_timeout_s=3600.0), {"prose": prose(), "names": corpus()}
    for b in sorted(arms, reverse=True):
        arm(b)
        for salt in (50_001, 50_002):
            for source in sources.values():
                await guard.input(policy, [text_of(source, 600, salt)])
            await guard.input(policy, [obfuscate(text_of(sources["prose"], 600, salt))])
            await guard.input(policy, named_turn(sources, salt)[1][-3:])
    arm(True)


def read_dumps(where: Path) -> dict[tuple[int, int], tuple[str, int]]:
    """(scenario index, sample number) -> (arm, instructions), from every dump in `where`."""
    found: dict[tuple[int, int], tuple[str, int]] = {}
    for path in where.glob("cg.out*"):
        text = path.read_text(errors="replace")
        desc, total = _DESC.search(text), _TOTAL.search(text)
        if desc is None or total is None:
            continue
        index, number, b = desc.group(1).split("/")
        found[(int(index), int(number))] = (b, int(total.group(1)))
    return found


def table(names: list[str], found: dict[tuple[int, int], tuple[str, int]]) -> list[str]:
    rows = ["| scenario | A instr/request | B instr/request | B/A - 1 | A first | B first | balanced | B - A |",
            "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for index, name in enumerate(names):
        runs = sorted((n, arm, ir) for (i, n), (arm, ir) in found.items() if i == index)
        by = {"A": [ir for _, arm, ir in runs if arm == "A"], "B": [ir for _, arm, ir in runs if arm == "B"]}
        if not by["A"] or not by["B"]:
            continue
        a, b = statistics.median(by["A"]), statistics.median(by["B"])
        # Samples come in pairs (2k: the sample's first arm, 2k + 1: its second); the bench's sample s runs B first
        # when s is even.
        ratios, diffs, first = [], [], {"A": [], "B": []}  # type: ignore[var-annotated]
        pairs = {}
        for n, arm, ir in runs:
            pairs.setdefault(n // 2, {})[arm] = (ir, n % 2 == 0)
        for _, pair in sorted(pairs.items()):
            if "A" in pair and "B" in pair:
                ratio = pair["B"][0] / pair["A"][0]
                ratios.append(ratio)
                diffs.append(pair["B"][0] - pair["A"][0])
                first["B" if pair["B"][1] else "A"].append(ratio)
        balanced = statistics.median((ratios[k] * ratios[k + 1]) ** 0.5 for k in range(0, len(ratios) - 1, 2)) \
            if len(ratios) > 1 else (ratios[0] if ratios else b / a)

        # (B - A: the median over the same pairs of samples as `balanced` of their mean difference)
        added = statistics.median((diffs[k] + diffs[k + 1]) / 2 for k in range(0, len(diffs) - 1, 2)) \
            if len(diffs) > 1 else b - a

        def med(xs: list[float]) -> str:
            return f"{statistics.median(xs) - 1:+.1%}" if xs else "-"

        rows.append(f"| {name} | {a / 1e6:,.2f}M | {b / 1e6:,.2f}M | {b / a - 1:+.1%} | {med(first['A'])} | "
                    f"{med(first['B'])} | {balanced - 1:+.1%} | {added / 1e6:+,.2f}M |")
    return rows


def apart_table(names: list[str], found: dict[str, dict[tuple[int, int], tuple[str, int]]]) -> list[str]:
    """`--apart`: each arm in its own process, sample k of A and of B on the same texts."""
    rows = ["| scenario | A instr/request | B instr/request | B/A - 1 | per sample (quartiles) | B - A |",
            "|---|---:|---:|---:|---:|---:|"]
    for index, name in enumerate(names):
        pairs = sorted((n, found["A"][index, n][1], found["B"][index, n][1]) for (i, n) in found["A"]
                       if i == index and (i, n) in found["B"])
        if not pairs:
            continue
        a, b = statistics.median(x for _, x, _ in pairs), statistics.median(y for _, _, y in pairs)
        ratios = [y / x for _, x, y in pairs]
        q1, mid, q3 = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else (ratios[0],) * 3
        added = statistics.median(y - x for _, x, y in pairs)
        rows.append(f"| {name} | {a / 1e6:,.2f}M | {b / 1e6:,.2f}M | {b / a - 1:+.1%} | "
                    f"{statistics.median(ratios) - 1:+.1%} ({q1 - 1:+.1%} .. {q3 - 1:+.1%}) | {added / 1e6:+,.2f}M |")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=6, help="samples per arm and scenario (even: both orders)")
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    parser.add_argument("--keep", default="", help="keep the callgrind dumps in this folder")
    parser.add_argument("--apart", action="store_true",
                        help="each arm in a process of its own (no cost one arm pays for the other)")
    parser.add_argument("--child", nargs=2, metavar=("LIB", "NAMES"), help=argparse.SUPPRESS)
    parser.add_argument("--arm", choices=("A", "B", "AB"), default="AB", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.samples, args.only, args.child[1], tuple(c == "B" for c in args.arm))
        return 0
    if shutil.which("valgrind") is None or shutil.which("cc") is None:
        raise SystemExit("needs valgrind (callgrind) and a C compiler")
    with tempfile.TemporaryDirectory(prefix="gp-instr-") as scratch:
        where = Path(args.keep) if args.keep else Path(scratch)
        where.mkdir(parents=True, exist_ok=True)
        lib, names_out = helper(Path(scratch)), Path(scratch) / "names.json"
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        runs = {}
        for run in (("A", "B") if args.apart else ("AB",)):
            folder = where / run if args.apart else where
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.glob("cg.out*"):
                old.unlink()
            runs[run] = (folder, subprocess.Popen(
                ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={folder / 'cg.out'}",
                 sys.executable, __file__, "--samples", str(args.samples), "--only", args.only, "--arm", run,
                 "--child", str(lib), str(names_out)], env=env, stderr=subprocess.PIPE, text=True))
        for _, proc in runs.values():
            _, err = proc.communicate()
            if proc.returncode != 0:
                sys.stderr.write(err[-4000:])
                return proc.returncode
        names = json.loads(names_out.read_text())
        if args.apart:
            print("\n".join(apart_table(names, {run: read_dumps(folder) for run, (folder, _) in runs.items()})))
        else:
            print("\n".join(table(names, read_dumps(where))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
