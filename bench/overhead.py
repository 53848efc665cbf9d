"""Overhead benchmark: direct vs a bare aiohttp pass-through vs guardrail-proxy, in one run.

Starts three servers, each in its own process, on free local ports:

* the mock provider (`guardrail-proxy mock-upstream`, request recording off),
* `bench/passthrough.py` in front of it: the physical limit of an aiohttp proxy here,
* guardrail-proxy in front of it (temp `proxy.yaml`, embedded store, decision log ON),

then drives `POST /v1/chat/completions` (~1 KB JSON body, non-streaming and streaming) at each
target with `wrk` (one thread, since wrk shares the cores with the servers) at concurrency 1 and 64.
Every point gets a warm-up run, then a measured run. It prints a markdown table (req/s, p50/p99
and the latency added over direct) with the proxy/pass-through ratio and the targets, and writes
everything to `bench/out/overhead.json`.

    .venv/bin/python bench/overhead.py [--duration 8] [--warmup 2] [--rounds 1] [--no-stream]

Without wrk it falls back to `bench/loadgen.py` (aiohttp; less precise, it costs more CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
LUA = BENCH / "wrk_post.lua"
TARGETS = ("direct", "passthrough", "proxy")
PATH = "/v1/chat/completions"

# Targets for guardrail-proxy on 2 shared cores.
MAX_ADDED_P50_MS_C1 = 1.0
MIN_RATIO_C64 = 0.80


# --------------------------------------------------------------------------- workload


def chat_body(stream: bool) -> bytes:
    """A short conversation, ~1 KB of JSON; the mock echoes the last user message (~300 chars)."""
    messages = [
        {"role": "system", "content": "You are a concise assistant for an internal engineering team. Answer in "
                                      "plain English, prefer short lists, and say so when you are unsure."},
        {"role": "user", "content": "We are moving our nightly batch jobs from cron on a single VM to a "
                                    "managed scheduler. What should we check before the switch?"},
        {"role": "assistant", "content": "Check job dependencies and ordering, time zones, retries and "
                                         "idempotency, secrets handling, logging and alerting, and how long "
                                         "each job runs compared to the scheduler's limits."},
        {"role": "user", "content": "Thanks. Two of the jobs write to the same reporting table and sometimes "
                                    "overlap when the first one runs late. How would you make sure they never "
                                    "run at the same time in the new scheduler, and what should happen to the "
                                    "second job if the first one fails halfway through its run?"},
    ]
    body: dict[str, Any] = {"model": "gpt-4o-mini", "messages": messages, "temperature": 0.2, "max_tokens": 256}
    if stream:
        body["stream"] = True
    return json.dumps(body, separators=(",", ":")).encode()


# --------------------------------------------------------------------------- processes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http(method: str, url: str, body: bytes | None = None, timeout: float = 5.0) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method=method,
                                 headers={"Content-Type": "application/json", "Authorization": "Bearer sk-bench"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def rss_kb(pid: int) -> int | None:
    """VmRSS of a process in KiB (None when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    """Direct children of a process, whichever of its threads started them (the store starts in a worker)."""
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return out


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Servers:
    """Servers started by this run; each leads its own process group, so stop() also ends its children."""

    tmp: Path
    started: list[Server] = field(default_factory=list)

    def start(self, name: str, argv: list[str], port: int) -> Server:
        log = self.tmp / f"{name}.log"
        with log.open("wb") as fh:
            proc = subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=self.tmp, start_new_session=True)
        server = Server(name, proc, port, log)
        self.started.append(server)
        return server

    def wait_ready(self, server: Server, path: str = "/", timeout: float = 60.0) -> None:
        """Until `GET path` answers (any status below 500); fail early if the process died."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.proc.poll() is not None:
                raise RuntimeError(f"{server.name} exited with {server.proc.returncode}:\n{_tail(server.log)}")
            try:
                status, _, _ = http("GET", server.url + path, timeout=1.0)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{server.name} not ready on port {server.port} after {timeout:.0f} s:\n{_tail(server.log)}")

    def stop(self) -> None:
        for server in reversed(self.started):
            if server.proc.poll() is None:
                _signal_group(server.proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for server in reversed(self.started):
            try:
                server.proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            # The group may outlive its leader (the proxy's embedded store): make sure it is gone.
            _signal_group(server.proc.pid, signal.SIGKILL)
            if server.proc.poll() is None:
                server.proc.wait(5)
        self.started.clear()


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def servers(tmp: Path) -> Iterator[Servers]:
    group = Servers(tmp)
    try:
        yield group
    finally:
        group.stop()


def proxy_yaml(tmp: Path, mock_port: int) -> Path:
    path = tmp / "proxy.yaml"
    path.write_text(
        "providers:\n"
        f"  openai: {{base_url: http://127.0.0.1:{mock_port}/v1}}\n"
        f"  anthropic: {{base_url: http://127.0.0.1:{mock_port}}}\n"
        f"data_dir: {tmp / 'data'}\n"
        f"decision_log: {{path: {tmp / 'decisions.jsonl'}}}\n"
    )
    return path


# --------------------------------------------------------------------------- load generation


@dataclass(frozen=True)
class LoadGen:
    """`wrk` with bench/wrk_post.lua, or the aiohttp fallback; both print one `BENCH_RESULT {json}` line."""

    wrk: str | None

    @property
    def name(self) -> str:
        return "wrk" if self.wrk else "python-fallback"

    def run(self, url: str, concurrency: int, duration: int, body_file: Path) -> dict[str, Any]:
        if self.wrk:
            argv = [self.wrk, "-t1", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA), url]
        else:
            argv = [sys.executable, str(BENCH / "loadgen.py"), "-c", str(concurrency), "-d", str(duration), url]
        env = {**os.environ, "BENCH_BODY_FILE": str(body_file)}
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=duration + 60, check=False)
        for line in done.stdout.splitlines():
            if line.startswith("BENCH_RESULT "):
                return dict(json.loads(line.removeprefix("BENCH_RESULT ")))
        raise RuntimeError(f"{self.name} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


@dataclass
class Point:
    """One measured run: workload x concurrency x target."""

    workload: str
    concurrency: int
    target: str
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    requests: int
    errors: dict[str, int]

    @classmethod
    def from_result(cls, workload: str, concurrency: int, target: str, r: dict[str, Any]) -> Point:
        return cls(workload, concurrency, target, rps=r["requests"] / (r["duration_us"] / 1e6),
                   p50_ms=r["p50_us"] / 1000, p90_ms=r["p90_us"] / 1000, p99_ms=r["p99_us"] / 1000,
                   mean_ms=r["mean_us"] / 1000, max_ms=r["max_us"] / 1000, requests=r["requests"],
                   errors=r["errors"])


def median_point(points: list[Point]) -> Point:
    """Per-metric median over rounds (requests and errors summed)."""
    first = points[0]
    med = statistics.median
    errors: dict[str, int] = {}
    for p in points:
        for key, n in p.errors.items():
            errors[key] = errors.get(key, 0) + n
    return Point(first.workload, first.concurrency, first.target, rps=med(p.rps for p in points),
                 p50_ms=med(p.p50_ms for p in points), p90_ms=med(p.p90_ms for p in points),
                 p99_ms=med(p.p99_ms for p in points), mean_ms=med(p.mean_ms for p in points),
                 max_ms=max(p.max_ms for p in points), requests=sum(p.requests for p in points), errors=errors)


# --------------------------------------------------------------------------- checks and report


def smoke(urls: dict[str, str], bodies: dict[str, bytes]) -> None:
    """One request per target and workload before measuring: 200, the right shape, proxy headers."""
    for target, base in urls.items():
        for workload, body in bodies.items():
            status, headers, data = http("POST", base + PATH, body)
            if status != 200:
                raise RuntimeError(f"{target}/{workload}: HTTP {status}: {data[:300]!r}")
            ok = data.rstrip().endswith(b"data: [DONE]") if workload == "stream" else b'"choices"' in data
            if not ok:
                raise RuntimeError(f"{target}/{workload}: unexpected answer: {data[:300]!r}")
            if target == "proxy" and "x-guardrail-decision" not in headers:
                raise RuntimeError(f"proxy/{workload}: no x-guardrail-decision header")


def summarize(points: list[Point]) -> list[dict[str, Any]]:
    """Rows with the latency added over direct and the req/s ratio to the pass-through."""
    index = {(p.workload, p.concurrency, p.target): p for p in points}
    rows = []
    for p in points:
        direct = index[(p.workload, p.concurrency, "direct")]
        passthrough = index.get((p.workload, p.concurrency, "passthrough"))
        row: dict[str, Any] = {
            "workload": p.workload, "concurrency": p.concurrency, "target": p.target,
            "rps": round(p.rps, 1), "p50_ms": round(p.p50_ms, 3), "p90_ms": round(p.p90_ms, 3),
            "p99_ms": round(p.p99_ms, 3), "mean_ms": round(p.mean_ms, 3), "max_ms": round(p.max_ms, 3),
            "added_p50_ms": round(p.p50_ms - direct.p50_ms, 3), "added_p99_ms": round(p.p99_ms - direct.p99_ms, 3),
            "requests": p.requests, "errors": sum(p.errors.values()),
        }
        if p.target == "proxy" and passthrough is not None:
            row["ratio_to_passthrough"] = round(p.rps / passthrough.rps, 3)
        rows.append(row)
    return rows


def targets_met(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        if r["target"] != "proxy":
            continue
        if r["concurrency"] == 1:
            out.append({"check": f"{r['workload']} c=1: added p50 < {MAX_ADDED_P50_MS_C1} ms",
                        "value": r["added_p50_ms"], "ok": r["added_p50_ms"] < MAX_ADDED_P50_MS_C1})
        elif r["concurrency"] == 64 and "ratio_to_passthrough" in r:
            out.append({"check": f"{r['workload']} c=64: proxy >= {MIN_RATIO_C64:.0%} of pass-through req/s",
                        "value": r["ratio_to_passthrough"], "ok": r["ratio_to_passthrough"] >= MIN_RATIO_C64})
    return out


def markdown(rows: list[dict[str, Any]], checks: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        f"guardrail-proxy overhead ({meta['loadgen']}, {meta['cpus']} CPUs, {meta['duration_s']} s/point "
        f"after {meta['warmup_s']} s warm-up, {meta['rounds']} round(s), median; body {meta['body_bytes']} B)",
        "",
        "| workload | c | target | req/s | p50 ms | p99 ms | +p50 ms | +p99 ms | vs pass-through | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        added = r["target"] != "direct"
        add50 = f"{r['added_p50_ms']:+.2f}" if added else ""
        add99 = f"{r['added_p99_ms']:+.2f}" if added else ""
        ratio = f"{r['ratio_to_passthrough']:.0%}" if "ratio_to_passthrough" in r else ""
        lines.append(
            f"| {r['workload']} | {r['concurrency']} | {r['target']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | "
            f"{r['p99_ms']:.2f} | {add50} | {add99} | {ratio} | {r['errors']} |")
    lines += ["", "| target check | value | |", "|---|---:|---|"]
    lines += [f"| {c['check']} | {c['value']} | {'ok' if c['ok'] else 'MISSED'} |" for c in checks]
    rss = meta["rss_kb"]
    lines += ["", "RSS after the run: " + ", ".join(
        f"{name} {kb / 1024:.1f} MiB" for name, kb in rss.items() if kb is not None)]
    lines.append(f"Decision log: {meta['decision_log_records']:,} records written by the proxy during the run.")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def find_loadgen() -> LoadGen:
    return LoadGen(shutil.which("wrk"))


def bin_path(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (run `make dev`)")
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    loadgen = find_loadgen()
    workloads = ["plain"] if args.no_stream else ["plain", "stream"]
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp_name, servers(Path(tmp_name)) as group:
        tmp = Path(tmp_name)
        bodies = {w: chat_body(stream=(w == "stream")) for w in workloads}
        body_files = {}
        for w, body in bodies.items():
            body_files[w] = tmp / f"body-{w}.json"
            body_files[w].write_bytes(body)

        cli = bin_path("guardrail-proxy")
        mock_port, pass_port, proxy_port = free_port(), free_port(), free_port()
        mock = group.start("mock", [cli, "mock-upstream", "--port", str(mock_port)], mock_port)
        group.wait_ready(mock, "/v1/models")
        status, _, data = http("POST", mock.url + "/_mock/config", json.dumps({"record": False}).encode())
        if status != 200 or json.loads(data).get("record") is not False:
            raise RuntimeError(f"could not turn off mock recording: {status} {data!r}")
        passthrough = group.start("passthrough", [sys.executable, str(BENCH / "passthrough.py"), "--port",
                                                  str(pass_port), "--upstream", mock.url], pass_port)
        config = proxy_yaml(tmp, mock_port)
        proxy = group.start("proxy", [cli, "serve", "--config", str(config), "--port", str(proxy_port),
                                      "--log-level", "WARNING"], proxy_port)
        group.wait_ready(passthrough, "/v1/models")
        group.wait_ready(proxy, "/readyz")
        urls = {"direct": mock.url, "passthrough": passthrough.url, "proxy": proxy.url}
        smoke(urls, bodies)
        rss_start = {"proxy": rss_kb(proxy.proc.pid), "passthrough": rss_kb(passthrough.proc.pid)}

        rounds: list[list[Point]] = []
        t_start = time.monotonic()
        for rnd in range(args.rounds):
            points = []
            for workload in workloads:
                for conc in args.concurrency:
                    # Rotate the target order each round so no target always runs first (or last).
                    order = TARGETS[rnd % 3:] + TARGETS[:rnd % 3]
                    for target in order:
                        url = urls[target] + PATH
                        if args.warmup > 0:
                            loadgen.run(url, conc, args.warmup, body_files[workload])
                        result = loadgen.run(url, conc, args.duration, body_files[workload])
                        point = Point.from_result(workload, conc, target, result)
                        points.append(point)
                        print(f"  round {rnd + 1} {workload:5} c={conc:<3} {target:11} {point.rps:8,.0f} req/s  "
                              f"p50 {point.p50_ms:7.2f} ms  p99 {point.p99_ms:7.2f} ms"
                              + (f"  errors {point.errors}" if any(point.errors.values()) else ""),
                              file=sys.stderr, flush=True)
            rounds.append(points)
        elapsed = time.monotonic() - t_start

        valkey = [rss_kb(pid) for pid in children(proxy.proc.pid)]
        rss = {"proxy": rss_kb(proxy.proc.pid), "passthrough": rss_kb(passthrough.proc.pid),
               "mock": rss_kb(mock.proc.pid), "proxy_children": sum(kb or 0 for kb in valkey) or None}
        time.sleep(0.2)  # let the last batch of decision records reach the file
        log_path = tmp / "decisions.jsonl"
        records = sum(1 for _ in log_path.open("rb")) if log_path.exists() else 0

    ordered = [median_point([r[i] for r in rounds]) for i in range(len(rounds[0]))]
    ordered.sort(key=lambda p: (workloads.index(p.workload), args.concurrency.index(p.concurrency),
                                TARGETS.index(p.target)))
    rows = summarize(ordered)
    checks = targets_met(rows)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "host": platform.node(),
        "python": platform.python_version(), "cpus": os.cpu_count(), "loadgen": loadgen.name,
        "duration_s": args.duration, "warmup_s": args.warmup, "rounds": args.rounds, "elapsed_s": round(elapsed, 1),
        "body_bytes": {w: len(b) for w, b in bodies.items()}, "rss_kb": rss, "rss_kb_at_start": rss_start,
        "decision_log_records": records,
    }
    meta_body = meta["body_bytes"]["plain"]
    report = markdown(rows, checks, {**meta, "body_bytes": meta_body})
    return {"meta": meta, "results": rows, "targets": checks,
            "rounds": [[p.__dict__ for p in r] for r in rounds], "markdown": report}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds measured per point (default 8)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each point (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat everything N times, report medians")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 64])
    parser.add_argument("--no-stream", action="store_true", help="skip the streaming workload")
    parser.add_argument("--out", type=Path, default=OUT / "overhead.json")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the proxy misses a target")
    args = parser.parse_args(argv)

    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {k: v for k, v in result.items() if k != "markdown"}
    args.out.write_text(json.dumps(payload, indent=2) + "\n")
    print(result["markdown"])
    print(f"\nwritten: {args.out}")
    missed = [c for c in result["targets"] if not c["ok"]]
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
