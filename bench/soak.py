"""Soak: a steady request rate through the full pipeline for minutes, watching memory and the books.

Starts the mock provider (`guardrail-proxy mock-upstream`, fixed latency) and `guardrail-proxy serve`
in front of it, each in its own process, with a temp config: the shipped `policies/default.yaml`
(PII redact + restore, toxicity, bias, output screening), the keyword toxicity scorer
(`models.toxicity.model: keywords`: no model download), the embedded store and a capped budget (so
every request reserves and settles). Then it sends an open-loop steady rate (`--rate`, default 100
requests/s) of mixed chat and messages requests, streamed and not, most with PII in the prompt and a
few toxic ones (answered 400 by policy, as expected), for `--minutes`.

Meanwhile it samples the proxy's RSS (and that of its child processes: PII workers, valkey) from
/proc. At the end it stops the proxy and checks:

- no errors: every answer is the expected one (200 with a complete body or stream; 400
  `content_blocked` for the toxic prompts), no transport error, no 5xx, no traceback in the proxy log;
- every request has exactly one decision record (counted by request id), and no record is extra;
- `guardrail-proxy audit verify` passes on the decision log;
- the store's spend equals the sum of the records' `cost_usd`, and nothing stays reserved;
- RSS growth from the end of the warm-up to the end stays under `--max-rss-growth-mb`.

It prints a summary table, writes `bench/out/soak.json`, and exits 1 when a check fails.

    .venv/bin/python bench/soak.py --minutes 10          # make soak
    .venv/bin/python bench/soak.py --minutes 0.5         # a quick check
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
ADMIN_KEY = "soak-admin-key"
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

NAMES = ["Jane Doe", "John Smith", "Maria Garcia", "Wei Zhang", "Aisha Khan", "Lars Nilsson"]
TOPICS = ["my delayed order", "a refund for last month", "the new pricing plan", "a bug in the mobile app",
          "moving my account to another region", "the invoice I received"]
TOXIC = ["you are an idiot and this product is stupid", "shut up, moron", "I will hurt you if this fails"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# ------------------------------------------------------------------------------------ /proc readings

def rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


def descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    kids = [int(k) for k in fh.read().split()]
                out += kids
                todo += kids
        except OSError:
            continue
    return out


def machine_busy_seconds() -> float:
    """CPU seconds the whole machine has been busy (user, nice, system, irq, softirq, steal)."""
    try:
        with open("/proc/stat") as fh:
            v = [int(x) for x in fh.readline().split()[1:9]]
        return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


@dataclass
class Sample:
    t: float
    rss: int          # the proxy process
    tree_rss: int     # with its children (PII workers, embedded valkey)
    cpu_s: float      # the proxy process, cumulative
    ours_cpu_s: float = 0.0  # proxy, its children, the mock and this generator, cumulative
    busy_s: float = 0.0      # the whole machine, cumulative


def sample(pid: int, mock_pid: int, t0: float) -> Sample:
    kids = descendants(pid)
    rss = rss_bytes(pid)
    ours = cpu_seconds(pid) + sum(cpu_seconds(k) for k in kids) + cpu_seconds(mock_pid) + sum(os.times()[:2])
    return Sample(time.monotonic() - t0, rss, rss + sum(rss_bytes(k) for k in kids), cpu_seconds(pid), ours,
                  machine_busy_seconds())


# ------------------------------------------------------------------------------------------ servers

def write_config(folder: Path, mock_port: int, pii_workers: int) -> Path:
    (folder / "policies").mkdir(parents=True)
    (folder / "policies" / "default.yaml").write_text((ROOT / "policies" / "default.yaml").read_text())
    (folder / "proxy.yaml").write_text(json.dumps({
        "providers": {"openai": {"base_url": f"http://127.0.0.1:{mock_port}/v1"},
                      "anthropic": {"base_url": f"http://127.0.0.1:{mock_port}"}},
        "store": {"url": "embedded"},
        "models": {"pii": {"workers": pii_workers}, "toxicity": {"model": "keywords"}},
    }))
    (folder / "budgets.yaml").write_text(json.dumps({
        "timezone": "UTC", "default": {"monthly": 1_000_000}, "on_store_error": "block", "unknown_model": "block",
    }))
    return folder / "proxy.yaml"


def start(argv: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("ab") as fh:
        return subprocess.Popen(argv, stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env={**os.environ, **(env or {})}, cwd=ROOT)


def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url}: not ready within {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


# ------------------------------------------------------------------------------------------ the load

@dataclass
class Result:
    kind: str
    expected: int
    status: int = 0
    request_id: str | None = None
    latency: float = 0.0
    started: float = 0.0  # seconds into the run
    error: str | None = None


@dataclass
class Load:
    results: list[Result] = field(default_factory=list)
    max_in_flight: int = 0
    t0: float = 0.0  # time.monotonic() at the start
    late_starts: int = 0  # requests started more than 100 ms after their slot (the generator fell behind)


def make_request(rng: random.Random, i: int) -> tuple[str, str, dict[str, Any], int]:
    """(kind, path, body, expected status): chat or messages, streamed or not, PII in most prompts."""
    api = ("chat", "messages")[i % 2]
    stream = (i // 2) % 2 == 1
    name, topic = rng.choice(NAMES), rng.choice(TOPICS)
    user = name.lower().replace(" ", ".")
    toxic = rng.random() < 0.03
    if toxic:
        prompt, expected = rng.choice(TOXIC), 400
    elif rng.random() < 0.8:
        prompt = (f"Hi, I am {name}. Please write to {user}@example.com or call 415-555-{rng.randint(1000, 9999)} "
                  f"about {topic}. Thanks.")
        expected = 200
    else:
        prompt, expected = f"Summarise our conversation about {topic} in two sentences.", 200
    body: dict[str, Any] = {"model": "gpt-4o-mini" if api == "chat" else "claude-haiku-4-5", "max_tokens": 200,
                            "messages": [{"role": "user", "content": prompt}], "stream": stream}
    path = "/v1/chat/completions" if api == "chat" else "/v1/messages"
    return f"{api}{'-stream' if stream else ''}", path, body, expected


async def one(session: aiohttp.ClientSession, url: str, kind: str, path: str, body: dict[str, Any],
              expected: int) -> Result:
    res = Result(kind, expected, started=time.monotonic())
    t0 = time.perf_counter()
    try:
        async with session.post(url + path, json=body, headers={"Authorization": "Bearer sk-soak"}) as r:
            data = await r.read()
            res.status = r.status
            res.request_id = r.headers.get("x-guardrail-request-id")
    except (aiohttp.ClientError, TimeoutError) as exc:
        res.error = f"transport: {type(exc).__name__}: {str(exc)[:80]}"
        return res
    res.latency = time.perf_counter() - t0
    if res.request_id is None:
        res.error = "no x-guardrail-request-id"
    elif res.status != expected:
        res.error = f"status {res.status}"
    elif expected == 200 and body["stream"]:
        if (b"[DONE]" if kind.startswith("chat") else b"message_stop") not in data:
            res.error = "stream ended early"
    elif expected == 200:
        try:
            json.loads(data)
        except ValueError:
            res.error = "answer is not JSON"
    elif b"content_blocked" not in data and b"guardrail" not in data:
        res.error = "blocked without the policy's error"
    return res


async def drive(url: str, rate: float, seconds: float, seed: int, load: Load) -> None:
    rng = random.Random(seed)
    total = int(rate * seconds)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        tasks: set[asyncio.Task[Result]] = set()
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        for i in range(total):
            slot = t0 + i / rate
            now = loop.time()
            if slot > now:
                await asyncio.sleep(slot - now)
            elif now - slot > 0.1:
                load.late_starts += 1
            task = loop.create_task(one(session, url, *make_request(rng, i)))
            task.add_done_callback(lambda t: (tasks.discard(t), load.results.append(t.result())))
            tasks.add(task)
            load.max_in_flight = max(load.max_in_flight, len(tasks))
        if tasks:
            await asyncio.wait(set(tasks))


async def watch(pid: int, mock_pid: int, t0: float, every: float, samples: list[Sample],
                done: asyncio.Event) -> None:
    while not done.is_set():
        samples.append(sample(pid, mock_pid, t0))
        try:
            await asyncio.wait_for(done.wait(), every)
        except TimeoutError:
            pass
    samples.append(sample(pid, mock_pid, t0))


def timeline(samples: list[Sample], results: list[Result], t0: float, rows: int = 20) -> list[str]:
    """Per period: requests started, errors, p99 latency, proxy RSS, and the CPU other processes on
    the machine used (a stall with high foreign CPU is the machine, not the proxy)."""
    step = max(1, (len(samples) - 1) // rows)
    marks = samples[::step]
    if marks[-1] is not samples[-1]:
        marks.append(samples[-1])
    out = ["| from s | to s | started | errors | p99 ms | max ms | proxy RSS MB | foreign CPU % |",
           "|---|---|---|---|---|---|---|---|"]
    for a, b in zip(marks, marks[1:], strict=False):
        span = [r for r in results if a.t <= r.started - t0 < b.t]
        lat = [r.latency * 1000 for r in span if not r.error]
        dt = max(b.t - a.t, 1e-9)
        foreign = max(0.0, (b.busy_s - a.busy_s) - (b.ours_cpu_s - a.ours_cpu_s)) / dt * 100
        out.append(f"| {a.t:.0f} | {b.t:.0f} | {len(span)} | {sum(1 for r in span if r.error)} | "
                   f"{percentile(lat, 99):.0f} | {max(lat, default=0):.0f} | {b.rss / 2 ** 20:.1f} | {foreign:.0f} |")
    return out


# ----------------------------------------------------------------------------------------- the books

def read_records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def budget_state(url: str) -> dict[str, Any]:
    req = urllib.request.Request(f"{url}/admin/budgets", headers={"Authorization": f"Bearer {ADMIN_KEY}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        body = json.loads(r.read())
    return next(w for w in body["windows"] if w["team"] == "default" and w["window"] == "monthly")


def percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))]


def slope_mb_per_min(samples: list[Sample]) -> float:
    """Least-squares slope of the proxy's RSS over the second half of the run."""
    half = [s for s in samples if s.t >= samples[-1].t / 2]
    if len(half) < 3:
        return 0.0
    ts = [s.t / 60 for s in half]
    rs = [s.rss / 2 ** 20 for s in half]
    mt, mr = statistics.fmean(ts), statistics.fmean(rs)
    den = sum((t - mt) ** 2 for t in ts)
    return sum((t - mt) * (r - mr) for t, r in zip(ts, rs, strict=True)) / den if den else 0.0


# ---------------------------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--rate", type=float, default=100.0, help="requests per second (open loop)")
    ap.add_argument("--latency-ms", type=float, default=20.0, help="the mock provider's latency")
    ap.add_argument("--pii-workers", type=int, default=2, help="models.pii.workers (0: a thread)")
    ap.add_argument("--sample-s", type=float, default=0.0, help="RSS sampling period (default: duration/60, 1-10 s)")
    ap.add_argument("--warmup-s", type=float, default=0.0, help="RSS baseline taken after this (default: 10%%)")
    ap.add_argument("--max-rss-growth-mb", type=float, default=64.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (config, logs, decisions)")
    args = ap.parse_args()

    seconds = args.minutes * 60
    every = args.sample_s or min(10.0, max(1.0, seconds / 60))
    warmup = args.warmup_s or seconds * 0.1
    folder = Path(tempfile.mkdtemp(prefix="guardrail-soak-"))
    mock_port, proxy_port = free_port(), free_port()
    config = write_config(folder, mock_port, args.pii_workers)
    mock = start([sys.executable, "-m", "proxy", "mock-upstream", "--port", str(mock_port),
                  "--latency-ms", str(args.latency_ms)], folder / "mock.log")
    proxy = start([sys.executable, "-m", "proxy", "serve", "--config", str(config), "--port", str(proxy_port),
                   "--log-level", "WARNING"], folder / "proxy.log",
                  env={"GUARDRAIL_ADMIN_KEY": ADMIN_KEY, "GUARDRAIL_CONFIG": "", "HF_HUB_OFFLINE": "1"})
    url = f"http://127.0.0.1:{proxy_port}"
    load = Load()
    samples: list[Sample] = []
    try:
        # The mock records requests by default: switch that off, it would grow the mock, not the proxy.
        wait_ready(f"http://127.0.0.1:{mock_port}/_mock/requests", mock)
        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{mock_port}/_mock/config", data=b'{"record": false}', method="POST",
            headers={"Content-Type": "application/json"}), timeout=5).read()
        wait_ready(f"{url}/readyz", proxy)
        print(f"soak: {args.rate:g} req/s for {args.minutes:g} min through {url} (pid {proxy.pid}); "
              f"files in {folder}", flush=True)

        async def run() -> None:
            done = asyncio.Event()
            t0 = time.monotonic()
            load.t0 = t0
            watcher = asyncio.create_task(watch(proxy.pid, mock.pid, t0, every, samples, done))
            try:
                await drive(url, args.rate, seconds, args.seed, load)
            finally:
                done.set()
                await watcher

        started = time.monotonic()
        asyncio.run(run())
        elapsed = time.monotonic() - started
        time.sleep(1.0)  # settles run after the answers
        budget = budget_state(url)
        cpu_total = cpu_seconds(proxy.pid)
        cpu_children = sum(cpu_seconds(k) for k in descendants(proxy.pid))
        cpu_self = sum(os.times()[:2])
    finally:
        code = stop(proxy)
        stop(mock)
    log_text = (folder / "proxy.log").read_text(errors="replace")
    decisions = folder / ".guardrail" / "decisions.jsonl"
    records = [r for r in read_records(decisions) if r.get("type") is None]
    verify = subprocess.run([sys.executable, "-m", "proxy", "audit", "verify", str(decisions)], cwd=ROOT,
                            capture_output=True, text=True)

    # ---- the checks
    results = load.results
    errors = Counter(r.error for r in results if r.error)
    ids = [r.request_id for r in results if r.request_id]
    counts = Counter(r["request_id"] for r in records)
    missing = sum(1 for i in ids if counts[i] == 0)
    duplicated = sum(1 for i in ids if counts[i] > 1)
    extra = len(set(counts) - set(ids))
    cost = round(sum(r["cost_usd"] or 0 for r in records), 6)
    base = next((s for s in samples if s.t >= warmup), samples[0])
    last = samples[-1]
    growth_mb = (last.rss - base.rss) / 2 ** 20
    traces = log_text.count("Traceback")
    lat = [r.latency * 1000 for r in results if not r.error]
    first = min((r.started for r in results), default=0.0)
    lat_warm = [r.latency * 1000 for r in results if not r.error and r.started - first >= warmup]
    checks = {
        "no errors": not errors and traces == 0,
        "one record per request": missing == 0 and duplicated == 0 and extra == 0 and len(records) == len(ids),
        "audit verify": verify.returncode == 0,
        "spend == sum of records, nothing reserved": abs(budget["spent_usd"] - cost) < 1e-6
        and budget["reserved_usd"] == 0,
        f"RSS growth < {args.max_rss_growth_mb:g} MB": growth_mb < args.max_rss_growth_mb,
        "proxy exited cleanly": code == 0,
    }

    # ---- the report
    kinds = Counter(r.kind for r in results)
    rows = [
        ("duration", f"{elapsed:.1f} s (target {seconds:.0f} s)"),
        ("requests", f"{len(results)} sent, {len(results) / elapsed:.1f}/s achieved (target {args.rate:g}/s); "
                     + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))),
        ("answers", ", ".join(f"{s}: {n}" for s, n in sorted(Counter(r.status for r in results).items()))),
        ("errors", (", ".join(f"{e}: {n}" for e, n in errors.most_common()) or "none")
         + f"; tracebacks in the proxy log: {traces}"),
        ("latency ok answers", f"p50 {percentile(lat, 50):.1f} ms, p99 {percentile(lat, 99):.1f} ms, "
                               f"max {max(lat, default=0):.1f} ms; after the warm-up ({warmup:.0f} s): p50 "
                               f"{percentile(lat_warm, 50):.1f} ms, p99 {percentile(lat_warm, 99):.1f} ms"),
        ("generator", f"max in flight {load.max_in_flight}, late starts {load.late_starts}"),
        ("decision records", f"{len(records)} for {len(ids)} answered requests: missing {missing}, "
                             f"duplicated {duplicated}, extra {extra}"),
        ("audit verify", (verify.stdout.strip() or verify.stderr.strip()).splitlines()[-1:][0]
         if (verify.stdout or verify.stderr).strip() else f"exit {verify.returncode}"),
        ("spend", f"store {budget['spent_usd']:.6f} USD, records {cost:.6f} USD, "
                  f"reserved {budget['reserved_usd']:.6f} USD"),
        ("proxy RSS", f"{base.rss / 2 ** 20:.1f} MB at {base.t:.0f} s -> {last.rss / 2 ** 20:.1f} MB at "
                      f"{last.t:.0f} s (growth {growth_mb:+.1f} MB; max {max(s.rss for s in samples) / 2 ** 20:.1f}"
                      f" MB; 2nd-half slope {slope_mb_per_min(samples):+.2f} MB/min)"),
        ("proxy + children RSS", f"{base.tree_rss / 2 ** 20:.1f} MB -> {last.tree_rss / 2 ** 20:.1f} MB "
                                 "(PII workers, embedded valkey)"),
        ("CPU (% of one core)", f"proxy {100 * cpu_total / elapsed:.0f}%, its children (PII workers, valkey) "
                                f"{100 * cpu_children / elapsed:.0f}%, this load generator "
                                f"{100 * cpu_self / elapsed:.0f}%; {os.cpu_count()} cores"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    print(f"| {'':<{width}} | result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for k, v in rows:
        print(f"| {k:<{width}} | {v} |")
    print()
    print("\n".join(timeline(samples, results, load.t0)))
    print()
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'FAIL'}] {name}")

    OUT.mkdir(exist_ok=True)
    (OUT / "soak.json").write_text(json.dumps({
        "args": vars(args), "elapsed_s": elapsed, "requests": len(results), "statuses": Counter(
            str(r.status) for r in results), "errors": dict(errors), "tracebacks": traces,
        "latency_ms": {"p50": percentile(lat, 50), "p99": percentile(lat, 99),
                       "p50_after_warmup": percentile(lat_warm, 50), "p99_after_warmup": percentile(lat_warm, 99)},
        "records": len(records), "missing": missing, "duplicated": duplicated, "extra": extra,
        "verify": verify.returncode, "budget": budget, "records_cost_usd": cost,
        "samples": [vars(s) for s in samples], "timeline": timeline(samples, results, load.t0, rows=10 ** 6),
        "checks": checks,
    }, indent=1))
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
