"""CPU of the no-checks path's per-request steps that issue 12 added, in one tree or two.

No server: the functions the flow calls on a plain chat request and its answer (the ~0.9 KB
conversation of `bench/overhead.py` and the mock provider's answer), timed in a loop with
`time.process_time_ns` (CPU of this process), the median of 7 runs of N calls. With `--base`, each
tree is timed in its own subprocess (both import `proxy`), alternating `--rounds` times; the medians
over rounds are printed side by side. A step the base does not have shows `-`.

    .venv/bin/python bench/fastpath_steps.py --base /work/main --rounds 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent

ANSWER = {
    "id": "chatcmpl-mock00000000000000026369", "object": "chat.completion", "created": 1796330896,
    "model": "gpt-4o-mini", "service_tier": "default", "system_fingerprint": "fp_mock",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "You said: " + "x" * 260, "refusal": None,
                                         "annotations": []}, "logprobs": None, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 145, "completion_tokens": 60, "total_tokens": 205},
}
HEADERS = {"Host": "127.0.0.1:8181", "Content-Type": "application/json", "Authorization": "Bearer sk-bench",
           "Accept": "*/*", "Accept-Encoding": "gzip, deflate", "User-Agent": "OpenAI/Python 1.99.0",
           "Content-Length": "900"}


def _steps() -> dict[str, Callable[[], Any]]:
    """The steps this tree has (imported from the tree on sys.path)."""
    from multidict import CIMultiDict, CIMultiDictProxy
    from overhead import chat_body

    from proxy.edge import upstream
    from proxy.providers.registry import ADAPTERS

    body = json.loads(chat_body(stream=False))
    headers = CIMultiDictProxy(CIMultiDict(HEADERS))
    adapter = ADAPTERS["openai"]
    steps: dict[str, Callable[[], Any]] = {}
    try:
        from proxy.features import answer_features, request_features
    except ImportError:
        pass
    else:
        steps["request_features"] = lambda: request_features(adapter, "chat", body, language=False, defer=True)
        steps["answer_features"] = lambda: answer_features(adapter, "chat", ANSWER)
    try:
        from proxy.edge.credentials import refused_credential
    except ImportError:
        pass
    else:
        steps["refused_credential"] = lambda: refused_credential(headers)
    try:
        steps["upstream_headers (client key)"] = lambda: upstream.upstream_headers(headers, None, kind="openai")
        steps["upstream_headers (client key)"]()
    except TypeError:  # an older signature
        steps["upstream_headers (client key)"] = lambda: upstream.upstream_headers(headers, None)
    return steps


def time_steps(iterations: int) -> dict[str, float]:
    out = {}
    for name, fn in _steps().items():
        runs = []
        for _ in range(7):
            t0 = time.process_time_ns()
            for _ in range(iterations):
                fn()
            runs.append((time.process_time_ns() - t0) / iterations / 1000)
        out[name] = statistics.median(runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="another tree (holds proxy/) to time side by side")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=20000)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.path[:0] = [args.child, str(BENCH)]
        print(json.dumps(time_steps(args.iterations)))
        return
    trees = {"this tree": BENCH.parent}
    if args.base:
        trees = {"base": Path(args.base).resolve(), **trees}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for rnd in range(args.rounds):
        order = list(trees) if rnd % 2 == 0 else list(reversed(trees))
        for name in order:
            out = subprocess.run([sys.executable, __file__, "--child", str(trees[name]), "--iterations",
                                  str(args.iterations)], check=True, capture_output=True, text=True,
                                 cwd=trees[name]).stdout
            results[name].append(json.loads(out))
    steps = list(dict.fromkeys(k for runs in results.values() for r in runs for k in r))
    print("| step | " + " | ".join(f"{name} (µs)" for name in trees) + " |")
    print("|---|" + "---:|" * len(trees))
    totals = dict.fromkeys(trees, 0.0)
    for step in steps:
        cells = []
        for name in trees:
            values = [r[step] for r in results[name] if step in r]
            if values:
                cells.append(f"{statistics.median(values):.2f}")
                totals[name] += statistics.median(values)
            else:
                cells.append("-")
        print(f"| {step} | " + " | ".join(cells) + " |")
    print("| total | " + " | ".join(f"{totals[name]:.2f}" for name in trees) + " |")


if __name__ == "__main__":
    main()
