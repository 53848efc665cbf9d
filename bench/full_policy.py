"""The shipped policy at speed: `policies/default.yaml` end to end with a BERT-base-size toxicity model.

    .venv/bin/python bench/full_policy.py [--nice -10] [--seconds 30] [--backend onnx-int8]    # make bench-full

detoxify's weights cannot be downloaded here, so the model is a checkpoint of detoxify's `original`
shape (BERT-base: 12 layers x 768, 6 labels; random weights: the compute is real, the scores are
not), written in detoxify's checkpoint format and loaded by the proxy through detoxify's own code
(`Detoxify(checkpoint=..., huggingface_config_path=...)`). Since its scores are meaningless the
policy runs in `mode: monitor`: every check runs on every request and nothing is refused.

It starts the mock provider (echo: "You said: " + the prompt) and `guardrail-proxy serve` with the
shipped default policy (input PII redact + restore, toxicity, bias; output PII and toxicity),
`models.toxicity.backend` (default `onnx-int8`), two PII worker processes, the embedded store and a
monthly budget. Each request is a unique ~330-character message (a name, an e-mail address and a
phone number among ordinary sentences). Closed loop: `c` clients, each sending its next request as
soon as the previous answer is in, for `--seconds` at c=1 and at c=8.

Reports, per concurrency: req/s, client latency p50/p95, and from the decision records the median
per check and phase (`checks[].ms`), of the PII queue wait (`latency_ms.queue`) and of the wait for
the toxicity model (`latency_ms.model_queue`, where the proxy records it); the RSS of the main
process and of its workers after the load; then, with the proxy stopped, the model alone: texts/s
of the same texts one at a time and 32 at once (the ceiling the proxy can approach on these cores).
Writes bench/out/full_policy.json. The checkpoint and the exported graphs are cached in
bench/out/toxicity-cache (the first run exports them: a few minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import aiohttp
from overhead import prioritize
from soak import descendants, free_port, rss_bytes, start, stop, wait_ready
from toxicity import build_model

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
OUT = BENCH / "out"
CACHE = OUT / "toxicity-cache"

NAMES = ["Jane Doe", "John Smith", "Maria Garcia", "Wei Zhang", "Aisha Khan", "Lars Nilsson"]
SENTENCES = (
    "The committee reviewed the annual budget and agreed to fund two new projects.",
    "Our team visited the museum on Saturday and enjoyed the exhibition about ancient maps.",
    "Please remember to water the plants while I am away on holiday next week.",
    "The train to the airport leaves every twenty minutes from platform four.",
    "She finished the marathon in under four hours and celebrated with her friends.",
    "The new software release fixes several bugs and improves performance on older laptops.",
    "We should order more paper for the printer before the end of the month.",
)


def message(i: int, rng: random.Random) -> str:
    """A unique ~330-character message: a name, an e-mail address and a phone number among prose."""
    name = rng.choice(NAMES)
    head = (f"Ticket {i}: hi, I am {name}, write to {name.lower().replace(' ', '.')}@example.com or call "
            f"415-555-{1000 + i % 9000:04d}.")
    body, k = head, i
    while len(body) < 330:
        body += " " + SENTENCES[k % len(SENTENCES)]
        k += 3
    return body[:330].rsplit(" ", 1)[0] + "."


def write_config(folder: Path, mock_port: int, checkpoint: Path, hf_dir: Path, backend: str,
                 pii_workers: int) -> Path:
    (folder / "policies").mkdir(parents=True)
    policy = (ROOT / "policies" / "default.yaml").read_text()
    assert "\nmode: enforce\n" in policy, "policies/default.yaml changed: update bench/full_policy.py"
    (folder / "policies" / "default.yaml").write_text(policy.replace("\nmode: enforce\n", "\nmode: monitor\n"))
    data = folder / ".guardrail"
    data.mkdir()
    models = OUT / "full-policy-models"  # the exported graphs, kept between runs
    models.mkdir(parents=True, exist_ok=True)
    (data / "models").symlink_to(models)
    (folder / "proxy.yaml").write_text(json.dumps({
        "providers": {"openai": {"base_url": f"http://127.0.0.1:{mock_port}/v1"},
                      "anthropic": {"base_url": f"http://127.0.0.1:{mock_port}"}},
        "store": {"url": "embedded"},
        "data_dir": str(data),
        "models": {"pii": {"workers": pii_workers},
                   "toxicity": {"model": "original", "checkpoint": str(checkpoint),
                                "huggingface_config_path": str(hf_dir), "backend": backend}},
    }))
    (folder / "budgets.yaml").write_text(json.dumps({
        "timezone": "UTC", "default": {"monthly": 1_000_000}, "on_store_error": "block", "unknown_model": "block",
    }))
    return folder / "proxy.yaml"


async def closed_loop(url: str, concurrency: int, seconds: float, first: int) -> tuple[list[float], list[str], int]:
    """`concurrency` clients for `seconds`; (latencies s, request ids, errors)."""
    latencies: list[float] = []
    ids: list[str] = []
    errors = 0
    counter = iter(range(first, first + 10_000_000))
    rng = random.Random(first)
    deadline = time.monotonic() + seconds

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            i = next(counter)
            body = {"model": "gpt-4o-mini", "max_tokens": 300,
                    "messages": [{"role": "user", "content": message(i, rng)}]}
            t0 = time.perf_counter()
            try:
                async with session.post(url + "/v1/chat/completions", json=body,
                                        headers={"Authorization": "Bearer sk-bench"}) as r:
                    await r.read()
                    ok = r.status == 200
                    rid = r.headers.get("x-guardrail-request-id")
            except (aiohttp.ClientError, TimeoutError):
                ok, rid = False, None
            if not ok or rid is None:
                errors += 1
                continue
            latencies.append(time.perf_counter() - t0)
            ids.append(rid)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0), timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(concurrency)))
    return latencies, ids, errors


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def split(records: dict[str, dict[str, Any]], ids: list[str]) -> dict[str, float]:
    """Medians over the requests `ids` of each check's ms (by phase) and of the recorded waits."""
    parts: dict[str, list[float]] = defaultdict(list)
    for rid in ids:
        rec = records.get(rid)
        if rec is None:
            continue
        for check in rec.get("checks") or []:
            parts[f"{check['phase']} {check['check']}"].append(float(check.get("ms") or 0.0))
        lat = rec.get("latency_ms") or {}
        for key in ("total", "guard", "queue", "model_queue"):
            if key in lat:
                parts[f"latency_ms.{key}"].append(float(lat[key]))
        up = rec.get("upstream") or {}
        if up.get("ms") is not None:
            parts["upstream"].append(float(up["ms"]))
    return {k: round(statistics.median(v), 1) for k, v in sorted(parts.items())}


def rss_report(pid: int) -> dict[str, float]:
    out = {"main": round(rss_bytes(pid) / 2 ** 20, 1)}
    for kid in descendants(pid):
        try:
            name = Path(f"/proc/{kid}/comm").read_text().strip()
        except OSError:
            continue
        out[f"{name} {kid}"] = round(rss_bytes(kid) / 2 ** 20, 1)
    return out


async def model_alone(checkpoint: Path, hf_dir: Path, backend: str, texts: list[str], threads: int,
                      ) -> dict[str, Any]:
    """texts/s of the scorer by itself: one text at a time, then 32 requests of one text at once."""
    from proxy.nlp.toxicity import DetoxifyScorer

    scorer = DetoxifyScorer(checkpoint=checkpoint, huggingface_config_path=hf_dir, backend=backend,  # type: ignore[arg-type]
                            threads=threads, cache_size=0, onnx_dir=OUT / "full-policy-models")
    status = await scorer.wait_ready()
    try:
        await scorer.score(texts[:4])  # warm up
        alone = texts[4:36]
        t0 = time.perf_counter()
        for t in alone:
            await scorer.score([t])
        one = len(alone) / (time.perf_counter() - t0)
        rates = []
        for r in range(3):
            group = texts[40 + 64 * r: 104 + 64 * r]
            t0 = time.perf_counter()
            await asyncio.gather(*(scorer.score([t]) for t in group))
            rates.append(len(group) / (time.perf_counter() - t0))
        return {"engine": status.backend, "detail": status.detail, "texts_per_s_one_at_a_time": round(one, 1),
                "texts_per_s_64_concurrent": round(statistics.median(rates), 1),
                "largest_batch": scorer.stats.largest_batch}
    finally:
        scorer.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=30.0, help="load per concurrency level")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    ap.add_argument("--backend", default="onnx-int8", choices=["torch", "onnx", "onnx-int8"])
    ap.add_argument("--pii-workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2, help="model threads for the model-alone figure")
    ap.add_argument("--nice", type=int, default=0, help="e.g. -10 (root only): outrank other jobs on the machine")
    ap.add_argument("--label", default="", help="a name for this run in the JSON")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder (config, logs, decisions)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    prioritize(os.getpid(), args.nice)  # children inherit it

    CACHE.mkdir(parents=True, exist_ok=True)
    checkpoint, hf_dir = build_model(CACHE)
    folder = Path(tempfile.mkdtemp(prefix="guardrail-full-"))
    mock_port, proxy_port = free_port(), free_port()
    config = write_config(folder, mock_port, checkpoint, hf_dir, args.backend, args.pii_workers)
    load_before = os.getloadavg()
    mock = start([sys.executable, "-m", "proxy", "mock-upstream", "--port", str(mock_port)], folder / "mock.log")
    proxy = start([sys.executable, "-m", "proxy", "serve", "--config", str(config), "--port", str(proxy_port),
                   "--log-level", "WARNING"], folder / "proxy.log",
                  env={"GUARDRAIL_CONFIG": "", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"})
    url = f"http://127.0.0.1:{proxy_port}"
    levels: dict[str, Any] = {}
    try:
        wait_ready(f"http://127.0.0.1:{mock_port}/_mock/requests", mock)
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{mock_port}/_mock/config", data=b'{"record": false}', method="POST",
            headers={"Content-Type": "application/json"}), timeout=5).read()
        t_ready = time.monotonic()
        wait_ready(f"{url}/readyz", proxy, timeout=1800)
        print(f"proxy ready in {time.monotonic() - t_ready:.0f} s (files in {folder})", file=sys.stderr, flush=True)
        asyncio.run(closed_loop(url, 4, 3.0, 9_000_000))  # warm up
        first = 0
        for c in args.concurrency:
            t0 = time.monotonic()
            lat, ids, errors = asyncio.run(closed_loop(url, c, args.seconds, first))
            elapsed = time.monotonic() - t0
            first += 1_000_000
            levels[str(c)] = {"requests": len(ids), "errors": errors, "req_s": round(len(ids) / elapsed, 1),
                              "p50_ms": round(pct(lat, 50) * 1000, 1), "p95_ms": round(pct(lat, 95) * 1000, 1),
                              "ids": ids}
            print(f"c={c}: {levels[str(c)]['req_s']} req/s, p50 {levels[str(c)]['p50_ms']} ms, errors {errors}",
                  file=sys.stderr, flush=True)
        rss = rss_report(proxy.pid)
    finally:
        stop(proxy)
        stop(mock)
    decisions = folder / ".guardrail" / "decisions.jsonl"
    records = {r["request_id"]: r for r in map(json.loads, decisions.read_text().splitlines())
               if r.get("request_id")}
    for level in levels.values():
        level["split_p50_ms"] = split(records, level.pop("ids"))
    rng = random.Random(7)
    texts = []
    for i in range(300):
        m = message(5_000_000 + i, rng)
        texts += [m, "You said: " + m]
    alone = asyncio.run(model_alone(checkpoint, hf_dir, args.backend, texts[:240], args.threads))
    load_after = os.getloadavg()
    result = {"label": args.label, "backend": args.backend, "seconds": args.seconds, "cpus": os.cpu_count(),
              "nice": args.nice, "loadavg_before": load_before, "loadavg_after": load_after,
              "levels": levels, "rss_mb": rss, "model_alone": alone}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "full_policy.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
