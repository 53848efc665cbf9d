"""Overhead benchmark: direct vs a bare aiohttp pass-through vs guardrail-proxy, in one run.

Starts three servers, each in its own process, on free local ports:

* the mock provider (`guardrail-proxy mock-upstream`, request recording off),
* `bench/passthrough.py` in front of it: the physical limit of an aiohttp proxy here,
* guardrail-proxy in front of it (temp `proxy.yaml`, embedded store, decision log ON),

then drives `POST /v1/chat/completions` (~1 KB JSON body, non-streaming and streaming) at each
target with `wrk` (one thread, since wrk shares the cores with the servers) at concurrency 1 and 64.
Every point gets a warm-up run, then a measured run. It prints a markdown table (req/s, p50/p99,
the latency added over direct, CPU per request of the serving process, CPU used by other jobs on
the machine meanwhile) with the proxy/pass-through ratios and the targets, and writes everything to
`bench/out/overhead.json`. See bench/README.md.

    .venv/bin/python bench/overhead.py [--nice -10] [--duration 8] [--warmup 2] [--rounds 1] [--no-stream]

Without wrk it falls back to `bench/loadgen.py` (aiohttp; less precise, it costs more CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
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
from contextlib import contextmanager, suppress
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
# A point during which other processes used more than this (% of one core) is measured again.
FOREIGN_LIMIT_PCT = 10.0


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
    nice: int = 0
    started: list[Server] = field(default_factory=list)

    def start(self, name: str, argv: list[str], port: int, env: dict[str, str] | None = None) -> Server:
        log = self.tmp / f"{name}.log"
        with log.open("wb") as fh:
            proc = subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    cwd=self.tmp, start_new_session=True, env=env)
        prioritize(proc.pid, self.nice)
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


def prioritize(pid: int, nice: int) -> None:
    """Best effort: run a session leader, and its session, at nice `nice` (negative needs root).

    With autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled) the CPU is shared between
    sessions first, so a process's own nice value does not count against other sessions' jobs: the
    session's autogroup nice does.
    """
    if not nice:
        return
    with suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, pid, nice)
    with suppress(OSError):
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))


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
def servers(tmp: Path, nice: int = 0) -> Iterator[Servers]:
    group = Servers(tmp, nice)
    try:
        yield group
    finally:
        group.stop()


def proxy_yaml(tmp: Path, mock_port: int, policy: str = "none", decision_log: dict[str, Any] | None = None) -> Path:
    """The proxy's config. `policy`: "none" = a default policy with no checks (the core's overhead:
    identity, routing, usage, spend recording, decision log); "default" = the shipped default
    policy (PII on input and output, toxicity from the keyword scorer: detoxify's download is not
    reachable here). `decision_log`: more keys for proxy.yaml's `decision_log` (key_file, fsync, rotate)."""
    path = tmp / "proxy.yaml"
    log = {"path": str(tmp / "decisions.jsonl"), **(decision_log or {})}
    path.write_text(
        "providers:\n"
        f"  openai: {{base_url: http://127.0.0.1:{mock_port}/v1}}\n"
        f"  anthropic: {{base_url: http://127.0.0.1:{mock_port}}}\n"
        f"data_dir: {tmp / 'data'}\n"
        f"decision_log: {json.dumps(log)}\n"  # JSON is YAML
        "models: {toxicity: {model: keywords}}\n"
    )
    policies = tmp / "policies"
    policies.mkdir(exist_ok=True)
    if policy == "none":
        (policies / "default.yaml").write_text("name: default\n")
    else:
        (policies / "default.yaml").write_text((ROOT / "policies" / "default.yaml").read_text())
    return path


# --------------------------------------------------------------------------- load generation


def bench_result(out: str, failure: str) -> dict[str, Any]:
    """The `BENCH_RESULT {json}` line a load generator or client printed; RuntimeError(failure) without one."""
    for line in out.splitlines():
        if line.startswith("BENCH_RESULT "):
            return dict(json.loads(line.removeprefix("BENCH_RESULT ")))
    raise RuntimeError(failure)


@dataclass(frozen=True)
class LoadGen:
    """`wrk` with bench/wrk_post.lua, or the aiohttp fallback; both print one `BENCH_RESULT {json}` line."""

    wrk: str | None
    nice: int = 0

    @property
    def name(self) -> str:
        return "wrk" if self.wrk else "python-fallback"

    def run(self, url: str, concurrency: int, duration: int, body_file: Path) -> dict[str, Any]:
        if self.wrk:
            argv = [self.wrk, "-t1", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA), url]
        else:
            argv = [sys.executable, str(BENCH / "loadgen.py"), "-c", str(concurrency), "-d", str(duration), url]
        env = {**os.environ, "BENCH_BODY_FILE": str(body_file)}
        with subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=bool(self.nice)) as proc:
            prioritize(proc.pid, self.nice)
            try:
                out, err = proc.communicate(timeout=duration + 60)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
        return bench_result(out, f"{self.name} failed ({proc.returncode}):\n{out}\n{err}")


# --------------------------------------------------------------------------- CPU accounting

CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(busy, steal) CPU ticks of the whole machine, all CPUs: busy = user + nice + system + irq + softirq.

    irq and softirq count as busy because a process's stime includes the softirq ticks that hit it
    (loopback TCP is mostly softirq work).
    """
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return user + nice + system + irq + softirq, steal


def process_ticks(pids: list[int]) -> int:
    """utime + stime of live processes (all their threads)."""
    total = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        total += int(fields[11]) + int(fields[12])
    return total


@dataclass(frozen=True)
class CpuSample:
    busy: int
    steal: int
    servers: dict[str, int]
    loadgen_s: float  # CPU seconds of finished children (the load generator runs)

    @classmethod
    def take(cls, pids: dict[str, list[int]]) -> CpuSample:
        busy, steal = machine_ticks()
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        return cls(busy, steal, {name: process_ticks(p) for name, p in pids.items()}, ru.ru_utime + ru.ru_stime)

    def until(self, later: CpuSample) -> dict[str, float]:
        """CPU milliseconds spent between two samples: per server, load generator, everything else."""
        ms = 1000 / CLK_TCK
        out = {name: (later.servers[name] - t) * ms for name, t in self.servers.items()}
        out["loadgen"] = (later.loadgen_s - self.loadgen_s) * 1000
        ours = sum(out.values())
        out["other"] = max(0.0, (later.busy - self.busy) * ms - ours)
        out["steal"] = (later.steal - self.steal) * ms
        return out


@dataclass
class Point:
    """One measured run: workload x concurrency x target, with the CPU each process spent on it."""

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
    cpu_ms: dict[str, float]   # mock, passthrough, proxy, loadgen, other (foreign load), steal
    seconds: float

    @classmethod
    def from_result(cls, workload: str, concurrency: int, target: str, r: dict[str, Any],
                    cpu_ms: dict[str, float]) -> Point:
        return cls(workload, concurrency, target, rps=r["requests"] / (r["duration_us"] / 1e6),
                   p50_ms=r["p50_us"] / 1000, p90_ms=r["p90_us"] / 1000, p99_ms=r["p99_us"] / 1000,
                   mean_ms=r["mean_us"] / 1000, max_ms=r["max_us"] / 1000, requests=r["requests"],
                   errors=r["errors"], cpu_ms=cpu_ms, seconds=r["duration_us"] / 1e6)

    @property
    def key(self) -> tuple[str, int, str]:
        return self.workload, self.concurrency, self.target

    @property
    def server(self) -> str:
        """The process that served this target: the mock itself when direct."""
        return "mock" if self.target == "direct" else self.target

    @property
    def cpu_us_per_req(self) -> float:
        """CPU the target's processes spent per request: the mock's when direct; the proxy's with its store."""
        ms = self.cpu_ms[self.server] + (self.cpu_ms.get("proxy_store", 0.0) if self.target == "proxy" else 0.0)
        return ms * 1000 / max(1, self.requests)

    @property
    def store_us_per_req(self) -> float:
        return self.cpu_ms.get("proxy_store", 0.0) * 1000 / max(1, self.requests)

    @property
    def foreign_pct(self) -> float:
        """CPU used by processes outside this benchmark (plus steal), in % of one core."""
        return (self.cpu_ms["other"] + self.cpu_ms["steal"]) / 10 / max(self.seconds, 1e-9)


def median_point(points: list[Point]) -> Point:
    """Per-metric median over rounds (requests, errors and CPU summed)."""
    first = points[0]
    med = statistics.median
    errors: dict[str, int] = {}
    for p in points:
        for key, n in p.errors.items():
            errors[key] = errors.get(key, 0) + n
    return Point(first.workload, first.concurrency, first.target, rps=med(p.rps for p in points),
                 p50_ms=med(p.p50_ms for p in points), p90_ms=med(p.p90_ms for p in points),
                 p99_ms=med(p.p99_ms for p in points), mean_ms=med(p.mean_ms for p in points),
                 max_ms=max(p.max_ms for p in points), requests=sum(p.requests for p in points), errors=errors,
                 cpu_ms={k: sum(p.cpu_ms[k] for p in points) for k in first.cpu_ms},
                 seconds=sum(p.seconds for p in points))


# --------------------------------------------------------------------------- checks and report


def smoke(urls: dict[str, str], bodies: dict[str, bytes]) -> dict[str, dict[str, int]]:
    """One request per target and workload before measuring: 200, the right shape, proxy headers.

    Returns the size of each workload's answer through the proxy (bytes, and SSE events for streams).
    """
    answers: dict[str, dict[str, int]] = {}
    for target, base in urls.items():
        for workload, body in bodies.items():
            status, headers, data = http("POST", base + PATH, body)
            if status != 200:
                raise RuntimeError(f"{target}/{workload}: HTTP {status}: {data[:300]!r}")
            ok = data.rstrip().endswith(b"data: [DONE]") if workload == "stream" else b'"choices"' in data
            if not ok:
                raise RuntimeError(f"{target}/{workload}: unexpected answer: {data[:300]!r}")
            if target == "proxy":
                if "x-guardrail-decision" not in headers:
                    raise RuntimeError(f"proxy/{workload}: no x-guardrail-decision header")
                answers[workload] = {"bytes": len(data)}
                if workload == "stream":
                    answers[workload]["events"] = data.count(b"data: ")
    return answers


def summarize(points: list[Point]) -> list[dict[str, Any]]:
    """Rows with the latency added over direct, and req/s and CPU per request relative to the pass-through."""
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
            "cpu_us_per_req": round(p.cpu_us_per_req, 1),
            **({"store_cpu_us_per_req": round(p.store_us_per_req, 1)} if p.target == "proxy" else {}),
            "cpu_us_per_req_by_process": {k: round(v * 1000 / max(1, p.requests), 1) for k, v in p.cpu_ms.items()},
            "foreign_cpu_pct": round(p.foreign_pct, 1), "requests": p.requests, "errors": sum(p.errors.values()),
        }
        if p.target == "proxy" and passthrough is not None:
            row["ratio_to_passthrough"] = round(p.rps / passthrough.rps, 3)
            row["cpu_ratio_to_passthrough"] = round(p.cpu_us_per_req / max(passthrough.cpu_us_per_req, 1e-9), 2)
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
        f"guardrail-proxy {meta['git']} overhead ({meta['loadgen']}, {meta['cpus']} CPUs, {meta['duration_s']} s/point "
        f"after {meta['warmup_s']} s warm-up, {meta['rounds']} round(s), median"
        + (f", nice {meta['nice']}" if meta["nice"] else "") + "; request body "
        f"{meta['body_bytes']['plain']} B; answer {_answers(meta['answers'])})",
        "",
        "| workload | c | target | req/s | p50 ms | p99 ms | +p50 ms | +p99 ms | vs pass-through "
        "| CPU µs/req | CPU vs pass-through | foreign CPU | errors |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        added = r["target"] != "direct"
        add50 = f"{r['added_p50_ms']:+.2f}" if added else ""
        add99 = f"{r['added_p99_ms']:+.2f}" if added else ""
        ratio = f"{r['ratio_to_passthrough']:.0%}" if "ratio_to_passthrough" in r else ""
        cpu_ratio = f"{r['cpu_ratio_to_passthrough']:.2f}x" if "cpu_ratio_to_passthrough" in r else ""
        cpu = f"{r['cpu_us_per_req']:.0f}"
        if r.get("store_cpu_us_per_req"):
            cpu += f" (store {r['store_cpu_us_per_req']:.0f})"
        lines.append(
            f"| {r['workload']} | {r['concurrency']} | {r['target']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} | "
            f"{r['p99_ms']:.2f} | {add50} | {add99} | {ratio} | {cpu} | {cpu_ratio} | "
            f"{r['foreign_cpu_pct']:.0f}% | {r['errors']} |")
    lines += ["", "| target check | value | |", "|---|---:|---|"]
    lines += [f"| {c['check']} | {c['value']} | {'ok' if c['ok'] else 'MISSED'} |" for c in checks]
    rss = meta["rss_kb"]
    lines += [
        "",
        "CPU µs/req: CPU time of the serving process per request (the mock's for direct; the proxy's includes "
        "its embedded store, shown in brackets). Foreign CPU: other processes on the machine during the point, "
        "% of one core.",
        "RSS after the run: " + ", ".join(f"{name} {kb / 1024:.1f} MiB" for name, kb in rss.items() if kb),
        f"Decision log: {meta['decision_log_records']:,} records written by the proxy during the run.",
    ]
    if meta["busy_before_pct"] > FOREIGN_LIMIT_PCT:
        lines.append(f"WARNING: the machine was {meta['busy_before_pct']:.0f}% busy (of one core) before the run; "
                     "numbers are less reliable.")
    return "\n".join(lines)


def git_state() -> str:
    """The commit under test, with "+dirty" when proxy/ has uncommitted changes ("" outside git)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "proxy"], cwd=ROOT, capture_output=True,
                               text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("+dirty" if dirty else "")


def wait_quiet(max_wait: float) -> None:
    """Wait (up to max_wait seconds) until other processes use under FOREIGN_LIMIT_PCT of a core."""
    deadline = time.monotonic() + max_wait
    said = False
    while (busy := busy_pct(0.5)) > FOREIGN_LIMIT_PCT and time.monotonic() < deadline:
        if not said:
            print(f"  (machine {busy:.0f}% busy: waiting up to {max_wait:.0f} s)", file=sys.stderr, flush=True)
            said = True


def _answers(answers: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{w} {a['bytes']:,} B" + (f" in {a['events']} events" if "events" in a else "")
                     for w, a in answers.items())


def busy_pct(seconds: float = 1.0) -> float:
    """How busy the machine is right now, in % of one core (before the benchmark starts anything)."""
    before, steal0 = machine_ticks()
    time.sleep(seconds)
    after, steal1 = machine_ticks()
    return ((after - before) + (steal1 - steal0)) * 100 / CLK_TCK / seconds


# --------------------------------------------------------------------------- main


def find_loadgen(choice: str = "auto", nice: int = 0) -> LoadGen:
    """wrk when installed (or asked for), else the Python fallback."""
    wrk = shutil.which("wrk") if choice in ("auto", "wrk") else None
    if choice == "wrk" and wrk is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    return LoadGen(wrk, nice)


def bin_path(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (run `make dev`)")
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    loadgen = find_loadgen(args.loadgen, args.nice)
    busy_before = busy_pct()
    git = git_state()  # the code the servers start with
    workloads = ["plain"] if args.no_stream else ["plain", "stream"]
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp_name, servers(Path(tmp_name), args.nice) as group:
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
        config = proxy_yaml(tmp, mock_port, args.policy, json.loads(args.decision_log) if args.decision_log else None)
        proxy_env = {**os.environ, **dict(kv.split("=", 1) for kv in args.proxy_env)}
        serve = [cli, "serve"]
        if args.proxy_src:  # another tree's code (e.g. `git archive` of an older commit), same venv
            serve = [sys.executable, "-m", "proxy", "serve"]
            proxy_env["PYTHONPATH"] = str(Path(args.proxy_src).resolve())
        proxy = group.start("proxy", [*serve, "--config", str(config), "--port", str(proxy_port),
                                      "--log-level", "WARNING"], proxy_port, env=proxy_env)
        group.wait_ready(passthrough, "/v1/models")
        group.wait_ready(proxy, "/readyz")
        urls = {"direct": mock.url, "passthrough": passthrough.url, "proxy": proxy.url}
        answers = smoke(urls, bodies)
        rss_start = {"proxy": rss_kb(proxy.proc.pid), "passthrough": rss_kb(passthrough.proc.pid)}

        pids = {"mock": [mock.proc.pid], "passthrough": [passthrough.proc.pid], "proxy": [proxy.proc.pid],
                "proxy_store": children(proxy.proc.pid)}  # the embedded store (valkey-server)

        def measure(workload: str, conc: int, target: str, label: str) -> Point:
            """Warm up, then measure; again (up to --retries times) while other processes disturb it."""
            url = urls[target] + PATH
            if args.wait_quiet > 0:
                wait_quiet(args.wait_quiet)
            if args.warmup > 0:
                loadgen.run(url, conc, args.warmup, body_files[workload])
            best: Point | None = None
            for attempt in range(1 + args.retries):
                before = CpuSample.take(pids)
                result = loadgen.run(url, conc, args.duration, body_files[workload])
                point = Point.from_result(workload, conc, target, result, before.until(CpuSample.take(pids)))
                # With --nice other jobs only get what the benchmark leaves idle: report, do not retry.
                noisy = point.foreign_pct > FOREIGN_LIMIT_PCT and not args.nice
                print(f"  {label} {workload:6} c={conc:<3} {target:11} {point.rps:8,.0f} req/s  "
                      f"p50 {point.p50_ms:7.2f} ms  p99 {point.p99_ms:7.2f} ms  "
                      f"cpu {point.cpu_us_per_req:6.0f} us/req  foreign {point.foreign_pct:3.0f}%"
                      + (f"  errors {point.errors}" if any(point.errors.values()) else "")
                      + ("  (disturbed: again)" if noisy and attempt < args.retries else ""),
                      file=sys.stderr, flush=True)
                if best is None or point.foreign_pct < best.foreign_pct:
                    best = point
                if not noisy:
                    break
            assert best is not None
            return best

        rounds: list[list[Point]] = []
        t_start = time.monotonic()
        for rnd in range(args.rounds):
            # Rotate the target order each round so no target always runs first (or last).
            order = TARGETS[rnd % 3:] + TARGETS[:rnd % 3]
            rounds.append([measure(workload, conc, target, f"round {rnd + 1}")
                           for workload in workloads for conc in args.concurrency for target in order])
        elapsed = time.monotonic() - t_start

        valkey = [rss_kb(pid) for pid in children(proxy.proc.pid)]  # the embedded store
        rss = {"proxy": rss_kb(proxy.proc.pid), "passthrough": rss_kb(passthrough.proc.pid),
               "mock": rss_kb(mock.proc.pid), "proxy_store": sum(kb or 0 for kb in valkey) or None}
        time.sleep(0.2)  # let the last batch of decision records reach the file
        log_path = tmp / "decisions.jsonl"
        records = sum(1 for _ in log_path.open("rb")) if log_path.exists() else 0

    ordered = [median_point([p for r in rounds for p in r if p.key == key]) for key in {p.key: 0 for p in rounds[0]}]
    ordered.sort(key=lambda p: (workloads.index(p.workload), args.concurrency.index(p.concurrency),
                                TARGETS.index(p.target)))
    rows = summarize(ordered)
    checks = targets_met(rows)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"), "host": platform.node(), "git": git,
        "python": platform.python_version(), "cpus": os.cpu_count(), "loadgen": loadgen.name,
        "duration_s": args.duration, "warmup_s": args.warmup, "rounds": args.rounds, "elapsed_s": round(elapsed, 1),
        "body_bytes": {w: len(b) for w, b in bodies.items()}, "answers": answers,
        "rss_kb": rss, "rss_kb_at_start": rss_start, "decision_log_records": records,
        "busy_before_pct": round(busy_before, 1), "foreign_limit_pct": FOREIGN_LIMIT_PCT, "nice": args.nice,
        "decision_log": args.decision_log or "", "proxy_src": args.proxy_src or "",
    }
    report = markdown(rows, checks, meta)
    return {"meta": meta, "results": rows, "targets": checks,
            "rounds": [[p.__dict__ for p in r] for r in rounds], "markdown": report}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds measured per point (default 8)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each point (default 2)")
    parser.add_argument("--rounds", type=int, default=1, help="repeat everything N times, report medians")
    parser.add_argument("--retries", type=int, default=1,
                        help=f"measure a point again when other processes used > {FOREIGN_LIMIT_PCT:.0f}%% "
                             "of a core during it, keep the quietest (default 1; not with --nice)")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="before each point, wait up to SECONDS for other processes to go quiet")
    parser.add_argument("--nice", type=int, default=0, metavar="N",
                        help="run the servers and the load generator at nice N (e.g. -10; needs root), their "
                             "sessions' autogroups too: other jobs on a shared machine then disturb the "
                             "numbers less (and run slower meanwhile)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 64])
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto",
                        help="auto: wrk when installed, else bench/loadgen.py")
    parser.add_argument("--no-stream", action="store_true", help="skip the streaming workload")
    parser.add_argument("--policy", choices=("none", "default"), default="none",
                        help="none: a policy with no checks (the core's overhead, default); default: the shipped "
                             "default policy (PII + toxicity from the keyword scorer)")
    parser.add_argument("--decision-log", metavar="JSON",
                        help='more decision_log keys for the proxy, e.g. \'{"fsync": "always"}\'')
    parser.add_argument("--proxy-env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the proxy (repeatable), e.g. GUARDRAIL_AUDIT_KEY=...")
    parser.add_argument("--proxy-src", metavar="DIR",
                        help="run the proxy from this source tree (python -m proxy, PYTHONPATH=DIR): compare "
                             "against an older commit, e.g. `git archive HEAD~1 proxy | tar -x -C DIR`")
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
