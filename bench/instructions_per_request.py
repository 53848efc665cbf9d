"""Machine instructions per request of the no-checks path, per source tree: the CPU a request costs, C code
included (aiohttp's parsers, orjson, the decision log's writer), as a count other jobs on the machine do
not move (CPU time moves by 10% and more on 2 shared cores; this machine's VM exposes no hardware counters,
so `perf stat` cannot count them).

For each tree: a proxy (`name: default` policy, decision log on) in front of one mock provider, run under
valgrind's callgrind with instrumentation off (`--instr-atstart=no`: ~5x slower, not ~50x). After
`--warmup` requests, `callgrind_control -i on` and `-z` start the count, `--requests` plain chat requests
are sent one after the other, and `callgrind_control -d` dumps it: its `summary` (Ir, instructions
executed by every thread of the proxy's process; its embedded store is another process, not counted)
divided by the requests is the figure. Repeat runs agree to ~1-2%.

    .venv/bin/python bench/instructions_per_request.py /tmp/src-0cb6cb1 .
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_trees import mock_bench  # noqa: E402
from overhead import chat_body, http  # noqa: E402

_SUMMARY = re.compile(r"^summary:\s*(\d+)", re.MULTILINE)


def _dumped(out: Path, before: set[Path]) -> int:
    """The instructions in the dump `callgrind_control -d` wrote (a new `out.N` file)."""
    for _ in range(100):
        for path in sorted(set(out.parent.glob(out.name + ".*")) - before):
            found = _SUMMARY.search(path.read_text(errors="replace"))
            if found is not None:
                return int(found.group(1))
        time.sleep(0.1)
    raise RuntimeError(f"no callgrind dump next to {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", help="source trees (each holds proxy/)")
    parser.add_argument("--requests", type=int, default=80)
    parser.add_argument("--warmup", type=int, default=20)
    args = parser.parse_args()
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind (callgrind) is not installed")
    body = chat_body(stream=False)
    results: dict[str, float] = {}
    with mock_bench("gp-ir-") as bench:
        for i, tree in enumerate(args.trees):
            started = bench.start(i, tree, "callgrind.out",
                                  lambda out, serve: ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                                                      f"--callgrind-out-file={out}", sys.executable, "-m", "proxy",
                                                      *serve], timeout=300)
            server, out, url = started.server, started.out, started.url
            for _ in range(args.warmup):
                http("POST", url, body, timeout=60)
            pid = str(server.proc.pid)
            subprocess.run(["callgrind_control", "-i", "on", pid], check=True, capture_output=True)
            time.sleep(0.5)
            subprocess.run(["callgrind_control", "-z", pid], check=True, capture_output=True)
            for _ in range(args.requests):
                status, _, _ = http("POST", url, body, timeout=60)
                if status != 200:
                    raise SystemExit(f"{tree}: a request answered {status}")
            before = set(out.parent.glob(out.name + ".*"))
            subprocess.run(["callgrind_control", "-d", pid], check=True, capture_output=True)
            results[tree] = _dumped(out, before) / args.requests
            print(f"{tree}: {results[tree]:,.0f} instructions per request", file=sys.stderr, flush=True)
    first = results[args.trees[0]]
    print("| tree | instructions per request | of the first |\n|---|---:|---:|")
    for tree in args.trees:
        print(f"| `{tree}` | {results[tree]:,.0f} | {results[tree] / first * 100:.1f}% |")


if __name__ == "__main__":
    main()
