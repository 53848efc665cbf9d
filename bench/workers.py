"""`serve --workers N`: memory of the whole process tree, req/s and CPU per request, for each N.

    .venv/bin/python bench/workers.py --workers 1 2 4 [--toxicity-checkpoint CKPT --toxicity-hf DIR]

For each N: a mock provider (its own process), then `guardrail-proxy serve --workers N` with the PII
and toxicity models loaded (a policy that uses both; `--toxicity-*` names a detoxify checkpoint, else
the keyword scorer), RSS and PSS summed over the proxy's process tree (PSS counts shared pages once),
then `wrk -t1 -c C -d D` with unique ~330-character messages (no cache serves them): req/s, p50/p99,
and CPU seconds of the proxy's tree per request (from /proc). On a shared 2-core machine the load
generator and the mock take CPU too: compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.procs import descendants, free_port  # noqa: E402

POLICY = """name: default
mode: monitor
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER]}
  toxicity: {action: block, thresholds: {toxicity: 0.8}}
"""
MESSAGE = ("Hello, this is Jane Doe from the accounts team, ticket UNIQUE. Could you please summarise the "
           "attached quarterly report for the board, keeping the tone neutral and the numbers exact? "
           "You can reach me at jane.doe@example.com or on +1 212 555 0100 if anything is unclear, "
           "and please keep it short.")


def _tree_memory(pid: int) -> tuple[float, float, int]:
    rss = pss = 0
    pids = descendants(pid) | {pid}
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            pass
    return rss / 1024, pss / 1024, len(pids)


def _tree_cpu(pid: int) -> float:
    ticks = 0
    for p in descendants(pid) | {pid}:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def _get(url: str) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return dict(json.loads(r.read()))
    except urllib.error.HTTPError as err:
        return dict(json.loads(err.read()))
    except OSError:
        return None


def run_one(n: int, args: argparse.Namespace, mock_url: str) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"bench-workers-{n}-"))
    port = free_port()
    tox: dict[str, Any] = {"model": "keywords"}
    if args.toxicity_checkpoint:
        tox = {"model": "original", "checkpoint": args.toxicity_checkpoint,
               "huggingface_config_path": args.toxicity_hf, "backend": args.backend}
    (folder / "proxy.yaml").write_text(json.dumps({
        "listen": {"host": "127.0.0.1", "port": port},
        "providers": {"openai": {"base_url": f"{mock_url}/v1"}, "anthropic": {"base_url": mock_url}},
        "models": {"pii": {"workers": args.pii_workers}, "toxicity": tox}}))
    (folder / "policies").mkdir()
    (folder / "policies" / "default.yaml").write_text(POLICY if args.policy == "full" else "name: default\n")
    env = {**os.environ, "GUARDRAIL_CONFIG": ""}
    proc = subprocess.Popen([sys.executable, "-m", "proxy", "serve", "--config", str(folder / "proxy.yaml"),
                             "--workers", str(n)], cwd=folder, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(folder / "stderr.log", "wb"))  # noqa: SIM115
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            body = _get(f"{url}/readyz")
            checks = (body or {}).get("checks", {})
            if body and body.get("ready") and all(c.get("state") == "ready" for c in checks.values()) \
                    and (checks or args.policy == "none"):
                break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"N={n}: not ready: {body}")
            time.sleep(0.5)
        time.sleep(2)
        rss, pss, nprocs = _tree_memory(proc.pid)
        out: dict[str, Any] = {"workers": n, "processes": nprocs, "rss_mb": round(rss), "pss_mb": round(pss)}
        if args.duration > 0:
            body_file = folder / "body.json"
            body_file.write_text(json.dumps({"model": "gpt-4o-mini", "messages": [
                {"role": "user", "content": MESSAGE}]}))
            wenv = {**os.environ, "BENCH_BODY_FILE": str(body_file), "BENCH_UNIQUE_MARK": "UNIQUE",
                    "BENCH_UNIQUE_SEED": str(n * 10_000_000)}
            cpu0 = _tree_cpu(proc.pid)
            r = subprocess.run([args.wrk, "-t1", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "20s",
                                "-s", str(ROOT / "bench" / "wrk_post.lua"), f"{url}/v1/chat/completions"],
                               env=wenv, capture_output=True, text=True, timeout=args.duration + 60)
            cpu = _tree_cpu(proc.pid) - cpu0
            line = next(x for x in r.stdout.splitlines() if x.startswith("BENCH_RESULT "))
            res = json.loads(line[len("BENCH_RESULT "):])
            reqs = res["requests"]
            out.update({"req_s": round(reqs / (res["duration_us"] / 1e6), 1), "p50_ms": res["p50_us"] / 1000,
                        "p99_ms": res["p99_us"] / 1000, "errors": res.get("errors"),
                        "cpu_ms_per_req": round(cpu * 1000 / max(reqs, 1), 1)})
        return out
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(90)
        except subprocess.TimeoutExpired:
            proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--pii-workers", type=int, default=2)
    parser.add_argument("--toxicity-checkpoint")
    parser.add_argument("--toxicity-hf")
    parser.add_argument("--backend", default="torch")
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per N (0: memory only)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--policy", choices=["full", "none"], default="full",
                        help="full: PII and toxicity on the input (monitor mode); none: no checks (the HTTP path)")
    args = parser.parse_args()
    args.wrk = shutil.which("wrk")
    if args.duration > 0 and not args.wrk:
        raise SystemExit("needs wrk for the load part (or --duration 0)")
    mock_port = free_port()
    mock = subprocess.Popen([sys.executable, "-m", "proxy", "mock-upstream", "--port", str(mock_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        for n in args.workers:
            print(json.dumps(run_one(n, args, f"http://127.0.0.1:{mock_port}")), flush=True)
    finally:
        mock.terminate()
        mock.wait(10)


if __name__ == "__main__":
    main()
