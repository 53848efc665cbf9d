"""Python function calls per request of the no-checks path, per source tree: a count that other jobs on
the machine do not move (CPU time does, by 20% and more on 2 shared cores).

For each tree: a proxy (`name: default` policy, decision log on) in front of one mock provider, run
under a `cProfile` profiler that SIGUSR1 switches on and off (the main thread: the event loop), and
SIGUSR2 dumps. After a warm-up, the profiler is on while `bench/loadgen.py` sends plain chat requests
for `--duration` seconds; the calls it counted (Python functions and builtins) divided by the requests
served is the figure. The functions that gained the most calls against the first tree are listed.

    .venv/bin/python bench/calls_per_request.py /tmp/src-0cb6cb1 /work/main .
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_trees import child_launch, mock_bench, serve_child, wait_file  # noqa: E402
from overhead import chat_body  # noqa: E402

BENCH = Path(__file__).resolve().parent


def child(tree: str, out: str, argv: list[str]) -> None:
    """Run `guardrail-proxy serve` of `tree` with the signal-switched profiler."""
    prof = cProfile.Profile()
    on = [False]

    def toggle(*_: object) -> None:
        prof.disable() if on[0] else prof.enable()
        on[0] = not on[0]

    signal.signal(signal.SIGUSR1, toggle)
    signal.signal(signal.SIGUSR2, lambda *_: prof.dump_stats(out))
    serve_child(tree, argv)


_SHORT = re.compile(r"^.*?/(proxy|aiohttp|multidict|yarl|asyncio)/")


def _name(file: str, fn: str) -> str:
    return f"{fn} ({_SHORT.sub(lambda m: m.group(1) + '/', file)})"


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # the profiled proxy: --child TREE OUT serve ...
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", help="source trees (each holds proxy/)")
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("-c", "--concurrency", type=int, default=4)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    counts: dict[str, dict[str, float]] = {}
    totals: dict[str, float] = {}
    with mock_bench("gp-calls-") as bench:
        body_file = bench.tmp / "body.json"
        body_file.write_bytes(chat_body(stream=False))
        for i, tree in enumerate(args.trees):
            started = bench.start(i, tree, "calls.prof", child_launch(__file__, tree))
            server, out, url = started.server, started.out, started.url

            def load(seconds: int, url: str = url) -> int:
                proc = subprocess.run([sys.executable, str(BENCH / "loadgen.py"), "-c", str(args.concurrency), "-d",
                                       str(seconds), url], env={**os.environ, "BENCH_BODY_FILE": str(body_file)},
                                      capture_output=True, text=True, check=True)
                line = next(x for x in proc.stdout.splitlines() if x.startswith("BENCH_RESULT "))
                return int(json.loads(line.removeprefix("BENCH_RESULT "))["requests"])

            load(1)
            server.proc.send_signal(signal.SIGUSR1)
            requests = load(args.duration)
            server.proc.send_signal(signal.SIGUSR1)
            time.sleep(0.5)
            server.proc.send_signal(signal.SIGUSR2)
            wait_file(out, 50, 0.5)
            stats = pstats.Stats(str(out)).stats  # type: ignore[attr-defined]
            per: dict[str, float] = {}
            for (file, _line, fn), (_cc, nc, *_rest) in stats.items():
                key = _name(file, fn)
                per[key] = per.get(key, 0.0) + nc / requests
            counts[tree], totals[tree] = per, sum(per.values())
            print(f"{tree}: {requests} requests, {totals[tree]:.0f} calls per request", file=sys.stderr, flush=True)
    print("| tree | calls per request |\n|---|---:|")
    for tree in args.trees:
        print(f"| `{tree}` | {totals[tree]:.0f} |")
    first, last = counts[args.trees[0]], counts[args.trees[-1]]
    print(f"\nMost gained, `{args.trees[-1]}` against `{args.trees[0]}` (calls per request):\n")
    print("| function | " + " | ".join(f"`{t}`" for t in args.trees) + " |\n|---|" + "---:|" * len(args.trees))
    for key in sorted(set(first) | set(last), key=lambda k: -(last.get(k, 0) - first.get(k, 0)))[:args.top]:
        print(f"| {key} | " + " | ".join(f"{counts[t].get(key, 0):.1f}" for t in args.trees) + " |")


if __name__ == "__main__":
    main()
