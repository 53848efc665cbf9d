"""Toxicity scoring speed: stock detoxify vs the scorer on PyTorch, ONNX Runtime fp32 and int8.

    .venv/bin/python bench/toxicity.py [--threads 2] [--repeat 7] [--skip-stock]

A bert-base-sized classifier (the `original` model's architecture: 12 layers, hidden 768, 6
labels; random weights, built locally from a BertConfig, no download) is saved as a detoxify
checkpoint and loaded through the scorer's real path (`Detoxify(checkpoint=...)`). Then, on
`--threads` cores, in one run:

- latency (median) of one 200-character and one 2,000-character text: detoxify's own `predict`
  ("stock PyTorch"), and `DetoxifyScorer.score` on each backend;
- throughput with 32 concurrent requests (200 characters each, all different): one at a time
  (`max_batch=1`) vs micro-batched (`max_batch=32`, `max_wait_ms=2`), per backend;
- the largest score difference between each ONNX backend and PyTorch over the benchmark texts.

Targets: ONNX Runtime (int8 where accurate enough) >= 3x faster than stock PyTorch; micro-batching
>= 2x the throughput of one at a time. Prints a markdown table; writes bench/out/toxicity.json.
Exported graphs are cached in bench/out/toxicity-cache (rerun: no export).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"

SENTENCES = (
    "The committee reviewed the annual budget and agreed to fund two new projects.",
    "Our team visited the museum on Saturday and enjoyed the exhibition about ancient maps.",
    "Please remember to water the plants while I am away on holiday next week.",
    "The train to the airport leaves every twenty minutes from platform four.",
    "She finished the marathon in under four hours and celebrated with her friends.",
    "The new software release fixes several bugs and improves performance on older laptops.",
    "We should order more paper for the printer before the end of the month.",
)


def text_of(chars: int, salt: int) -> str:
    """About `chars` characters of prose, different for every salt (no cache can help)."""
    out, i = f"Request {salt}:", salt
    while len(out) < chars:
        out += " " + SENTENCES[i % len(SENTENCES)]
        i += 1
    return out[:chars]


def build_model(dest: Path) -> tuple[Path, Path]:
    """A randomly initialised bert-base classifier saved in detoxify's checkpoint format."""
    import torch
    import transformers

    from tests.toxmodel import CLASSES, write_hf_dir

    checkpoint, hf_dir = dest / "bert-base-random.ckpt", dest / "hf"
    if checkpoint.is_file():
        return checkpoint, hf_dir
    torch.manual_seed(0)
    config = transformers.BertConfig(num_labels=len(CLASSES))  # defaults: bert-base (12 x 768)
    config.architectures = ["BertForSequenceClassification"]
    write_hf_dir(hf_dir, config)
    model = transformers.BertForSequenceClassification(config).eval()
    payload = {
        "config": {
            "arch": {"args": {"model_type": str(hf_dir), "model_name": "BertForSequenceClassification",
                              "tokenizer_name": "BertTokenizer", "num_classes": len(CLASSES)}},
            "dataset": {"args": {"classes": list(CLASSES)}},
        },
        "state_dict": model.state_dict(),
    }
    tmp = checkpoint.with_suffix(".tmp")
    torch.save(payload, tmp)
    os.replace(tmp, checkpoint)
    return checkpoint, hf_dir


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def stock_latency(checkpoint: Path, hf_dir: Path, repeat: int) -> dict[str, float]:
    """detoxify's own predict(), one text per call, as an application would use it."""
    from detoxify import Detoxify

    detox = Detoxify(checkpoint=str(checkpoint), huggingface_config_path=str(hf_dir))
    out = {}
    for chars in (200, 2000):
        detox.predict(text_of(chars, -1))  # warm-up
        samples = []
        for i in range(repeat if chars == 200 else max(3, repeat // 2)):
            start = time.perf_counter()
            detox.predict(text_of(chars, i))
            samples.append(time.perf_counter() - start)
        out[f"latency_{chars}_ms"] = median_ms(samples)
    start = time.perf_counter()
    for i in range(32):
        detox.predict(text_of(200, 1000 + i))
    out["rps_32_serial"] = round(32 / (time.perf_counter() - start), 1)
    del detox
    return out


async def scorer_numbers(backend: str, checkpoint: Path, hf_dir: Path, threads: int,
                         repeat: int) -> tuple[dict[str, Any], list[dict[str, float]]]:
    from proxy.checks.toxicity import DetoxifyScorer

    common: dict[str, Any] = dict(checkpoint=checkpoint, huggingface_config_path=hf_dir, backend=backend,
                                  threads=threads, cache_size=0, onnx_dir=OUT / "toxicity-cache")
    batched = DetoxifyScorer(max_batch=32, max_wait_ms=2, **common)
    started = time.perf_counter()
    status = await batched.wait_ready()
    row: dict[str, Any] = {"backend": status.backend, "load_s": round(time.perf_counter() - started, 1),
                           "max_difference_at_load": status.max_difference}
    for chars in (200, 2000):
        await batched.score([text_of(chars, -1)])  # warm-up
        samples = []
        for i in range(repeat if chars == 200 else max(3, repeat // 2)):
            start = time.perf_counter()
            await batched.score([text_of(chars, 10_000 * chars + i)])
            samples.append(time.perf_counter() - start)
        row[f"latency_{chars}_ms"] = median_ms(samples)

    texts = [text_of(200, 2000 + i) for i in range(32)]
    start = time.perf_counter()
    results = await asyncio.gather(*(batched.score([t]) for t in texts))
    row["rps_32_batched"] = round(32 / (time.perf_counter() - start), 1)
    row["model_calls_32"] = batched.stats.model_calls
    scores = [r[0] for r in results]
    batched.close()

    serial = DetoxifyScorer(max_batch=1, max_wait_ms=0, **common)
    await serial.wait_ready()
    await serial.score([text_of(200, -2)])
    start = time.perf_counter()
    await asyncio.gather(*(serial.score([text_of(200, 3000 + i)]) for i in range(32)))
    row["rps_32_one_at_a_time"] = round(32 / (time.perf_counter() - start), 1)
    serial.close()
    return row, scores


def table(rows: list[dict[str, Any]], stock: dict[str, float]) -> str:
    lines = [
        "| engine | 200 chars p50 ms | 2,000 chars p50 ms | 32 concurrent, one at a time req/s "
        "| 32 concurrent, micro-batched req/s | batching gain | vs stock 200 / 2,000 | max score diff |",
        "|---|---|---|---|---|---|---|---|",
    ]
    if stock:
        lines.append(f"| stock detoxify predict (PyTorch) | {stock['latency_200_ms']} | {stock['latency_2000_ms']} "
                     f"| {stock['rps_32_serial']} | - | - | 1.0x / 1.0x | - |")
    for r in rows:
        gain = r["rps_32_batched"] / r["rps_32_one_at_a_time"]
        speed = (f"{stock['latency_200_ms'] / r['latency_200_ms']:.1f}x / "
                 f"{stock['latency_2000_ms'] / r['latency_2000_ms']:.1f}x") if stock else "-"
        diff = "-" if r.get("max_difference") is None else f"{r['max_difference']:.4f}"
        lines.append(f"| scorer, {r['backend']} | {r['latency_200_ms']} | {r['latency_2000_ms']} "
                     f"| {r['rps_32_one_at_a_time']} | {r['rps_32_batched']} | {gain:.1f}x | {speed} | {diff} |")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    import torch

    torch.set_num_threads(args.threads)
    cache = OUT / "toxicity-cache"
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    checkpoint, hf_dir = build_model(cache)
    print(f"model ready in {time.perf_counter() - started:.1f} s ({checkpoint.stat().st_size / 1e6:.0f} MB)",
          file=sys.stderr)
    stock = {} if args.skip_stock else stock_latency(checkpoint, hf_dir, args.repeat)
    rows: list[dict[str, Any]] = []
    reference: list[dict[str, float]] | None = None
    for backend in args.backends:
        print(f"measuring {backend} ...", file=sys.stderr)
        row, scores = await scorer_numbers(backend, checkpoint, hf_dir, args.threads, args.repeat)
        if reference is None:
            reference = scores
        else:
            row["max_difference"] = max(abs(a[k] - b[k]) for a, b in zip(reference, scores, strict=True) for k in a)
        rows.append(row)
    load = os.getloadavg()
    result = {"threads": args.threads, "cpus": os.cpu_count(), "loadavg_after": load, "stock": stock, "rows": rows,
              "seconds": round(time.perf_counter() - started, 1)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "toxicity.json").write_text(json.dumps(result, indent=2))
    print(table(rows, stock))
    print(f"\n{args.threads} threads; bert-base shape, random weights; load average after: "
          f"{load[0]:.1f}; {result['seconds']} s in all. Score differences: vs the PyTorch scorer, "
          "over the 32 benchmark texts.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--backends", nargs="+", default=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--skip-stock", action="store_true", help="skip detoxify's own predict()")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
