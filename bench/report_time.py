"""How long `guardrail-proxy report` takes on a large synthetic log: wall time and CPU time (the report's
own process and its worker processes), with the log generated first if it is not there yet.

    .venv/bin/python bench/report_time.py [--n 1000000] [--log bench/out/report-1m.jsonl] [--jobs N]
        [--repeat 3] [--code DIR]

`--code DIR` times another checkout's `proxy` package on the same log (e.g. the previous version,
exported with `git archive BRANCH proxy | tar -x -C DIR`). Timings on a shared machine are noisy:
take the best of `--repeat` runs, and compare versions on the same machine at the same time.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(code: Path, log: Path, out: Path, jobs: int | None) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the report and its children) for one report build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "proxy.cli.report", str(log), "-o", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    subprocess.run(cmd, check=True, cwd=code, env={**os.environ, "PYTHONPATH": str(code)},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--log", default="bench/out/report-1m.jsonl")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--code", default=str(ROOT), help="the checkout whose proxy package builds the report")
    args = parser.parse_args()
    log = Path(args.log)
    if not log.exists():
        print(f"generating {args.n:,} records -> {log}", file=sys.stderr)
        subprocess.run([sys.executable, str(ROOT / "bench" / "synth_log.py"), str(args.n), "-o", str(log),
                        "--shift-model", "gpt-4o", "--shift-team", "marketing"], check=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = log.with_suffix(".html")
    runs = [_run(Path(args.code), log.resolve(), out.resolve(), args.jobs) for _ in range(args.repeat)]
    for i, (wall, cpu) in enumerate(runs, 1):
        print(f"run {i}: wall {wall:.1f} s, CPU {cpu:.1f} s")
    best_wall, best_cpu = min(r[0] for r in runs), min(r[1] for r in runs)
    print(f"best: wall {best_wall:.1f} s, CPU {best_cpu:.1f} s ({log.stat().st_size / 1e6:.0f} MB log, "
          f"{out.stat().st_size / 1e3:.0f} kB page, code {args.code})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
