"""Python opcodes executed per request of the no-checks path, per source tree, attributed per function:
a count that other jobs on the machine do not move (CPU time does, by 20% and more on 2 shared cores),
finer than `bench/calls_per_request.py` (a call that does less counts the same there).

For each tree: a proxy (`name: default` policy, decision log on) in front of one mock provider, in a
child process whose main thread (the event loop) SIGUSR1 switches a `sys.settrace` opcode counter on and
off (`f_trace_opcodes`; every frame entered or resumed while it is on), and SIGUSR2 dumps as JSON.
After `--warmup` requests, the counter is on while `--requests` plain chat requests are sent one after
the other (same body each time); the opcodes counted divided by the requests is the figure. Frames that
were already running when the counter went on (the event loop's own loop) are not counted: the figure
is the work of the callbacks and coroutines a request runs. The functions that gained the most opcodes
against the first tree are listed, then the totals per module.

    .venv/bin/python bench/opcodes_per_request.py /tmp/src-0cb6cb1 .
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sys
import time
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ab_trees import child_launch, mock_bench, serve_child, wait_file  # noqa: E402
from overhead import chat_body, http  # noqa: E402


def child(tree: str, out: str, argv: list[str]) -> None:
    """Run `guardrail-proxy serve` of `tree` with the signal-switched opcode counter."""
    counts: dict[CodeType, int] = {}
    on = [False]

    lines: dict[tuple[CodeType, int], int] = {}
    by_line = os.environ.get("GP_OPCODES_BY_LINE") == "1"

    def local(frame: FrameType, event: str, _arg: object) -> Any:
        if event == "opcode":
            code = frame.f_code
            counts[code] = counts.get(code, 0) + 1
            if by_line and "/proxy/" in code.co_filename:
                key = (code, frame.f_lineno)
                lines[key] = lines.get(key, 0) + 1
        return local

    def tracer(frame: FrameType, event: str, _arg: object) -> Any:
        if event != "call":
            return None
        frame.f_trace_lines = False
        frame.f_trace_opcodes = True
        return local

    def toggle(*_: object) -> None:
        on[0] = not on[0]
        sys.settrace(tracer if on[0] else None)

    def dump(*_: object) -> None:
        rows = [[c.co_filename, c.co_qualname, n] for c, n in counts.items()]
        rows += [[c.co_filename, f"{c.co_qualname}:{line}", n] for (c, line), n in lines.items()]
        Path(out).write_text(json.dumps(rows))

    signal.signal(signal.SIGUSR1, toggle)
    signal.signal(signal.SIGUSR2, dump)
    serve_child(tree, argv)


_SHORT = re.compile(r"^.*?/(proxy|aiohttp|multidict|yarl|asyncio|orjson)/")


def _module(file: str) -> str:
    short = _SHORT.sub(lambda m: m.group(1) + "/", file)
    return short if short != file else Path(file).name


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # the traced proxy: --child TREE OUT serve ...
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", nargs="+", help="source trees (each holds proxy/)")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--stream", action="store_true", help='"stream": true requests')
    parser.add_argument("--lines", action="store_true",
                        help="also list the opcodes per source line of proxy/ (not in the totals)")
    args = parser.parse_args()
    counts: dict[str, dict[str, float]] = {}
    modules: dict[str, dict[str, float]] = {}
    totals: dict[str, float] = {}
    lines: dict[str, dict[str, float]] = {}
    body = chat_body(stream=args.stream)
    with mock_bench("gp-ops-") as bench:
        for i, tree in enumerate(args.trees):
            started = bench.start(i, tree, "opcodes.json", child_launch(__file__, tree),
                                  env={"GP_OPCODES_BY_LINE": "1" if args.lines else "0"})
            server, out, url = started.server, started.out, started.url
            for _ in range(args.warmup):
                http("POST", url, body)
            time.sleep(0.3)
            server.proc.send_signal(signal.SIGUSR1)
            time.sleep(0.3)
            for _ in range(args.requests):
                status, _, _ = http("POST", url, body, timeout=30.0)
                if status != 200:
                    raise SystemExit(f"{tree}: a request answered {status}")
            server.proc.send_signal(signal.SIGUSR1)
            time.sleep(0.3)
            server.proc.send_signal(signal.SIGUSR2)
            wait_file(out, 100, 0.3)
            per: dict[str, float] = {}
            mods: dict[str, float] = {}
            line_rows: dict[str, float] = {}
            for file, fn, n in json.loads(out.read_text()):
                mod = _module(file)
                key = f"{fn} ({mod})"
                if fn.rpartition(":")[2].isdigit():  # a `--lines` row
                    line_rows[key] = line_rows.get(key, 0.0) + n / args.requests
                    continue
                per[key] = per.get(key, 0.0) + n / args.requests
                mods[mod] = mods.get(mod, 0.0) + n / args.requests
            counts[tree], modules[tree], totals[tree] = per, mods, sum(per.values())
            lines[tree] = line_rows
            print(f"{tree}: {args.requests} requests, {totals[tree]:.0f} opcodes per request", file=sys.stderr,
                  flush=True)
    print("| tree | opcodes per request | in proxy/ |\n|---|---:|---:|")
    for tree in args.trees:
        own = sum(n for m, n in modules[tree].items() if m.startswith("proxy/"))
        print(f"| `{tree}` | {totals[tree]:.0f} | {own:.0f} |")
    header = "| " + " | ".join(f"`{t}`" for t in args.trees) + " |\n|---|" + "---:|" * len(args.trees)
    for title, table in (("function", counts), ("module", modules)):
        first, last = table[args.trees[0]], table[args.trees[-1]]
        print(f"\nMost changed per {title}, `{args.trees[-1]}` against `{args.trees[0]}` (opcodes per request):\n")
        print(f"| {title} {header}")
        keys = sorted(set(first) | set(last), key=lambda k: -abs(last.get(k, 0) - first.get(k, 0)))[:args.top]
        for key in keys:
            print(f"| {key} | " + " | ".join(f"{table[t].get(key, 0):.1f}" for t in args.trees) + " |")
    if args.lines:
        print(f"\nOpcodes per request by source line of proxy/, `{args.trees[-1]}`:\n\n| line | opcodes |\n|---|---:|")
        for key, n in sorted(lines[args.trees[-1]].items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"| {key} | {n:.1f} |")


if __name__ == "__main__":
    main()
