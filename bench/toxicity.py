"""Toxicity scoring speed: stock detoxify vs the scorer on PyTorch, ONNX Runtime fp32 and int8.

    .venv/bin/python bench/toxicity.py [--threads 2] [--repeat 7] [--rounds 3] [--skip-stock]

A bert-base-sized classifier (the `original` model's architecture: 12 layers, hidden 768, 6
labels; random weights, built locally from a BertConfig, no download) is saved as a detoxify
checkpoint and loaded through the scorer's real path (`Detoxify(checkpoint=...)`). Then, on
`--threads` cores, in one run:

- latency (median) of one 200-character and one 2,000-character text: detoxify's own `predict`
  ("stock PyTorch"), and `DetoxifyScorer.score` on each backend;
- throughput with 32 concurrent requests (200 characters each, all different): one at a time
  (`max_batch=1`) vs micro-batched (`max_batch=32`, `max_wait_ms=2`), per backend;
- the largest score difference between each ONNX backend and PyTorch over the benchmark texts.

Every engine stays loaded and they are measured in turn, round after round (medians), so load
from other processes falls on all of them alike: compare ratios within one run.

Targets: ONNX Runtime (int8 where accurate enough) >= 3x faster than stock PyTorch; micro-batching
>= 2x the throughput of one at a time. Prints a markdown table; writes bench/out/toxicity.json.
The model and exported graphs are cached in bench/out/toxicity-cache (a rerun skips the export).
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

    from tests.support.toxmodel import CLASSES, write_hf_dir

    checkpoint, hf_dir = dest / "bert-base-random.ckpt", dest / "hf"
    if checkpoint.is_file():
        return checkpoint, hf_dir
    torch.manual_seed(0)
    config = transformers.BertConfig()  # defaults: bert-base (12 layers x 768)
    config.num_labels = len(CLASSES)
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


class Engines:
    """Stock detoxify and one scorer per backend, all loaded: measured in turn, round after round,
    so that load from other processes falls on every engine alike (ratios stay fair)."""

    def __init__(self, checkpoint: Path, hf_dir: Path, threads: int, backends: list[str], stock: bool) -> None:
        self.checkpoint, self.hf_dir, self.threads, self.backends, self.with_stock = (
            checkpoint, hf_dir, threads, backends, stock)
        self.detox: Any = None
        self.scorers: dict[str, Any] = {}  # backend name -> DetoxifyScorer
        self.status: dict[str, Any] = {}

    async def load(self) -> None:
        from detoxify import Detoxify

        from proxy.nlp.toxicity import DetoxifyScorer

        if self.with_stock:
            self.detox = Detoxify(checkpoint=str(self.checkpoint), huggingface_config_path=str(self.hf_dir))
        for backend in self.backends:
            started = time.perf_counter()
            scorer = DetoxifyScorer(checkpoint=self.checkpoint, huggingface_config_path=self.hf_dir,
                                    backend=backend,  # type: ignore[arg-type]  # checked by argparse choices
                                    threads=self.threads, cache_size=0, max_batch=32, max_wait_ms=2,
                                    onnx_dir=OUT / "toxicity-cache")
            status = await scorer.wait_ready()
            self.scorers[backend] = scorer
            self.status[backend] = {"engine": status.backend, "load_s": round(time.perf_counter() - started, 1),
                                    "max_difference_at_load": status.max_difference, "detail": status.detail}
            print(f"loaded {backend}: {status.backend}, {status.detail or ''}", file=sys.stderr)

    async def latency(self, repeat: int) -> dict[str, dict[str, float]]:
        samples: dict[str, dict[int, list[float]]] = {}
        names = (["stock"] if self.detox is not None else []) + list(self.scorers)
        for rep in range(-1, repeat):  # round -1 warms every engine up
            for chars in (200, 2000):
                if chars == 2000 and rep >= max(3, repeat // 2):
                    continue
                for name in names:
                    text = text_of(chars, 100 * rep + names.index(name))
                    start = time.perf_counter()
                    if name == "stock":
                        self.detox.predict(text)
                    else:
                        await self.scorers[name].score([text])
                    if rep >= 0:
                        samples.setdefault(name, {}).setdefault(chars, []).append(time.perf_counter() - start)
        return {name: {f"latency_{c}_ms": median_ms(v) for c, v in per.items()} for name, per in samples.items()}

    async def throughput(self, rounds: int) -> dict[str, dict[str, float]]:
        """req/s for 32 concurrent 200-character requests: one at a time vs micro-batched."""
        rates: dict[str, dict[str, list[float]]] = {}
        for rnd in range(rounds):
            if self.detox is not None:
                start = time.perf_counter()
                for i in range(32):
                    self.detox.predict(text_of(200, 10_000 * rnd + i))
                rates.setdefault("stock", {}).setdefault("rps_32_one_at_a_time", []).append(
                    32 / (time.perf_counter() - start))
            for name, scorer in self.scorers.items():
                for mode, max_batch in (("rps_32_one_at_a_time", 1), ("rps_32_batched", 32)):
                    scorer.max_batch = max_batch
                    texts = [text_of(200, 20_000 * rnd + 100 * max_batch + i) for i in range(32)]
                    calls = scorer.stats.model_calls
                    start = time.perf_counter()
                    await asyncio.gather(*(scorer.score([t]) for t in texts))
                    rates.setdefault(name, {}).setdefault(mode, []).append(32 / (time.perf_counter() - start))
                    rates[name].setdefault(mode.replace("rps", "model_calls"), []).append(
                        scorer.stats.model_calls - calls)
        return {name: {k: round(statistics.median(v), 1) for k, v in per.items()} for name, per in rates.items()}

    async def differences(self) -> dict[str, float]:
        """Largest score difference of each backend vs the PyTorch scorer over 32 texts (200 and 2,000 chars)."""
        texts = [text_of(200 if i % 2 else 2000, 50_000 + i) for i in range(32)]
        scores = {name: await s.score(texts) for name, s in self.scorers.items()}
        reference = scores.get("torch")
        if reference is None:
            return {}
        return {name: max(abs(a[k] - b[k]) for a, b in zip(reference, got, strict=True) for k in a)
                for name, got in scores.items() if name != "torch"}

    def close(self) -> None:
        for scorer in self.scorers.values():
            scorer.close()


def table(rows: dict[str, dict[str, Any]]) -> str:
    stock = rows.get("stock")
    lines = [
        "| engine | 200 chars p50 ms | 2,000 chars p50 ms | 32 concurrent, one at a time req/s "
        "| 32 concurrent, micro-batched req/s (model calls) | batching gain | faster than stock: 200 / 2,000 "
        "| max score diff vs PyTorch |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        label = "stock detoxify predict (PyTorch)" if name == "stock" else f"scorer, {r['engine']}"
        batched = f"{r['rps_32_batched']} ({r['model_calls_32_batched']:.0f})" if "rps_32_batched" in r else "-"
        gain = f"{r['rps_32_batched'] / r['rps_32_one_at_a_time']:.1f}x" if "rps_32_batched" in r else "-"
        speed = "-"
        if stock:
            speed = (f"{stock['latency_200_ms'] / r['latency_200_ms']:.1f}x / "
                     f"{stock['latency_2000_ms'] / r['latency_2000_ms']:.1f}x")
        diff = f"{r['max_difference']:.4f}" if r.get("max_difference") is not None else "-"
        lines.append(f"| {label} | {r['latency_200_ms']} | {r['latency_2000_ms']} | {r['rps_32_one_at_a_time']} "
                     f"| {batched} | {gain} | {speed} | {diff} |")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    import torch

    torch.set_num_threads(args.threads)
    cache = OUT / "toxicity-cache"
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = os.getloadavg()
    checkpoint, hf_dir = build_model(cache)
    engines = Engines(checkpoint, hf_dir, args.threads, args.backends, not args.skip_stock)
    await engines.load()
    print(f"engines ready in {time.perf_counter() - started:.1f} s; measuring ...", file=sys.stderr)
    try:
        latency = await engines.latency(args.repeat)
        rates = await engines.throughput(args.rounds)
        diffs = await engines.differences()
    finally:
        engines.close()
    rows: dict[str, dict[str, Any]] = {}
    for name in latency:
        rows[name] = {"engine": engines.status.get(name, {}).get("engine", name), **latency[name], **rates[name],
                      **engines.status.get(name, {}), "max_difference": diffs.get(name)}
    load = os.getloadavg()
    result = {"threads": args.threads, "cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": load,
              "rows": rows, "seconds": round(time.perf_counter() - started, 1)}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "toxicity.json").write_text(json.dumps(result, indent=2))
    print(table(rows))
    print(f"\n{args.threads} threads; bert-base shape, random weights; engines measured in turn, {args.repeat} rounds "
          f"(latency) and {args.rounds} (throughput), medians; 1-min load average before/after: "
          f"{load_before[0]:.1f}/{load[0]:.1f}; {result['seconds']} s in all.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7, help="latency rounds")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds")
    parser.add_argument("--backends", nargs="+", default=["torch", "onnx", "onnx-int8"],
                        choices=["torch", "onnx", "onnx-int8"])
    parser.add_argument("--skip-stock", action="store_true", help="skip detoxify's own predict()")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
