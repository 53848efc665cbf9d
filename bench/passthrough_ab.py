"""A/B of the no-checks path: two source trees' proxies, same mock, same load, alternated.

`bench/overhead.py` compares the proxy with a bare pass-through in one run; this compares two versions
of the proxy (e.g. an older commit and this tree) with the policy `name: default` (no input or output
rules, no budgets: identify, route, relay, usage, the decision record). Both proxies run at once in
front of one mock provider (`guardrail-proxy mock-upstream`, recording off) with the same `proxy.yaml`
shape (each its own data dir and decision log); rounds alternate which goes first. `--together` loads
both at once (one load generator each, same -c): both then share whatever other jobs do to the machine,
which makes the CPU ratio steadier on a shared machine than alternating. Per point: req/s from the load
generator and the CPU of the proxy's process (utime + stime from /proc/PID/stat, its embedded store not
counted) per request. Prints the medians over rounds.

    git -C /work/main worktree add /tmp/src-0cb6cb1 0cb6cb1
    .venv/bin/python bench/passthrough_ab.py --a /tmp/src-0cb6cb1 --b . --rounds 8 --duration 5
    .venv/bin/python bench/passthrough_ab.py --a /tmp/src-0cb6cb1 --b . --rounds 8 --together -c 16

The load is `wrk` (bench/wrk_post.lua) when installed, else bench/loadgen.py (`-c`, default 32).
Both trees run with this venv's interpreter (`python -m proxy serve`, PYTHONPATH = the tree).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from overhead import (  # noqa: E402
    CLK_TCK,
    PATH,
    bin_path,
    chat_body,
    find_loadgen,
    free_port,
    http,
    process_ticks,
    proxy_yaml,
    servers,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="source tree A (holds proxy/)")
    parser.add_argument("--b", required=True, help="source tree B (holds proxy/)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per point")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("-c", "--concurrency", type=int, default=32)
    parser.add_argument("--stream", action="store_true", help='"stream": true requests')
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--together", action="store_true",
                        help="load both proxies at once (each at -c), so both see the same noise from other jobs")
    args = parser.parse_args()

    loadgen = find_loadgen(args.loadgen)
    trees = {"A": Path(args.a).resolve(), "B": Path(args.b).resolve()}
    with tempfile.TemporaryDirectory(prefix="gp-ab-") as tmp_name, servers(Path(tmp_name)) as group:
        tmp = Path(tmp_name)
        body_file = tmp / "body.json"
        body_file.write_bytes(chat_body(stream=args.stream))
        mock_port = free_port()
        mock = group.start("mock", [bin_path("guardrail-proxy"), "mock-upstream", "--port", str(mock_port)], mock_port)
        group.wait_ready(mock, "/v1/models")
        http("POST", mock.url + "/_mock/config", json.dumps({"record": False}).encode())
        proxies = {}
        for name, tree in trees.items():
            sub = tmp / name
            sub.mkdir()
            config = proxy_yaml(sub, mock_port, "none")
            port = free_port()
            env = {**os.environ, "PYTHONPATH": str(tree)}
            proxies[name] = group.start(f"proxy-{name}", [sys.executable, "-m", "proxy", "serve", "--config",
                                                          str(config), "--port", str(port), "--log-level",
                                                          "WARNING"], port, env=env)
        for server in proxies.values():
            group.wait_ready(server, "/readyz")
            status, _, _ = http("POST", server.url + PATH, body_file.read_bytes())
            if status != 200:
                raise SystemExit(f"{server.name}: smoke request answered {status}")
        points: dict[str, list[tuple[float, float]]] = {"A": [], "B": []}
        def measure(names: list[str]) -> dict[str, tuple[float, float]]:
            """Load `names` at once (one load generator each); req/s and CPU us per request of each."""
            urls = {name: proxies[name].url + PATH for name in names}
            with ThreadPoolExecutor(len(names)) as pool:
                if args.warmup:
                    list(pool.map(lambda n: loadgen.run(urls[n], args.concurrency, args.warmup, body_file), names))
                before = {n: process_ticks([proxies[n].proc.pid]) for n in names}
                results = dict(zip(names, pool.map(
                    lambda n: loadgen.run(urls[n], args.concurrency, args.duration, body_file), names), strict=True))
                ticks = {n: process_ticks([proxies[n].proc.pid]) - before[n] for n in names}
            out = {}
            for n, result in results.items():
                requests = int(result.get("requests") or 0)
                out[n] = (requests / (int(result["duration_us"]) / 1e6), ticks[n] * 1e6 / CLK_TCK / max(1, requests))
            return out

        for rnd in range(args.rounds):
            order = ["A", "B"] if rnd % 2 == 0 else ["B", "A"]
            for group_names in ([order] if args.together else [[n] for n in order]):
                for name, (rps, cpu_us) in measure(group_names).items():
                    points[name].append((rps, cpu_us))
                    print(f"round {rnd + 1} {name}: {rps:8,.0f} req/s  {cpu_us:6.0f} us CPU/request", file=sys.stderr,
                          flush=True)
    print("| tree | median req/s | median CPU us/request | rounds | load |\n|---|---:|---:|---:|---|")
    medians = {}
    for name, tree in trees.items():
        rps = statistics.median(p[0] for p in points[name])
        cpu = statistics.median(p[1] for p in points[name])
        medians[name] = cpu
        print(f"| {name} `{tree}` | {rps:,.0f} | {cpu:.0f} | {len(points[name])} | "
              f"{loadgen.name} c={args.concurrency} {'stream' if args.stream else 'plain'} {args.duration} s"
              f"{' together' if args.together else ''} |")
    print(f"\nB's CPU per request is {medians['B'] / medians['A'] * 100:.1f}% of A's")


if __name__ == "__main__":
    main()
