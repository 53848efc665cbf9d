"""Graph recipes and session options for the int8 toxicity model, A/B on the same checkpoint.

    .venv/bin/python bench/toxicity_graphs.py [--configs ...] [--batches 1 8 32] [--rounds 4] [--nice -15]

Builds, from the BERT-base checkpoint of `bench/toxicity.py` (detoxify `original` shape, random
weights), the graphs below into bench/out/toxicity-graphs (once; reused):

- `sdpa-int8`: the shipped recipe (`export_onnx` with transformers' default SDPA attention, then
  `quantize_int8`: dynamic int8 of MatMul/Gemm weights);
- `eager-int8`: the same after exporting with eager attention (no Where/IsNaN masking ops);
- `fused-int8-attn`: eager export, then onnxruntime.transformers' optimizer (`model_type="bert"`,
  heads and hidden size from the config: EmbedLayerNormalization, 12 Attention, 24
  SkipLayerNormalization, 12 BiasGelu), then dynamic int8 of MatMul, Gemm and Attention;
- `fused-int8-attn-pc`: the same with per-channel weight scales;
- `fused-nosln-int8-attn`: the optimizer without SkipLayerNormalization fusion.

Then measures each config `graph:threads:disabled-fusions` (fusions joined by `+`, e.g.
`sdpa-int8:2:SkipLayerNormFusion`) at each batch size on ~77-token texts of bench/full_policy.py,
round after round in alternating order (load from other jobs falls on all alike): texts/s (median,
min-max) and the process CPU ms per text (less sensitive to a busy machine than wall time), and
each graph's largest probability difference from the fp32 graph on VALIDATION_TEXTS. Also times one
SkipLayerNormalization against Add + LayerNormalization at 8x80x768 on one thread.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
OUT = BENCH / "out" / "toxicity-graphs"

DEFAULT_CONFIGS = [
    "sdpa-int8:2:", "sdpa-int8:2:SkipLayerNormFusion", "eager-int8:2:SkipLayerNormFusion",
    "fused-int8-attn:2:", "fused-nosln-int8-attn:2:SkipLayerNormFusion", "sdpa-int8:1:SkipLayerNormFusion",
]


def build_graphs(checkpoint: Path, hf_dir: Path) -> tuple[list[str], Path]:
    """The graphs named in the module docstring; (input names, tokenizer folder)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    from proxy.nlp.toxicity_model import ModelSpec, export_onnx, load_detoxify, quantize_int8

    OUT.mkdir(parents=True, exist_ok=True)
    detox = load_detoxify(ModelSpec(checkpoint=checkpoint, huggingface_config_path=hf_dir))
    tokenizer = detox.tokenizer
    names = [n for n in tokenizer.model_input_names if n in ("input_ids", "attention_mask", "token_type_ids")]
    tokenizer.save_pretrained(str(OUT / "tokenizer"))
    if not (OUT / "sdpa.onnx").is_file():
        export_onnx(detox.model, tokenizer, names, OUT / "sdpa.onnx")
    if not (OUT / "sdpa-int8.onnx").is_file():
        quantize_int8(OUT / "sdpa.onnx", OUT / "sdpa-int8.onnx")
    detox.model.set_attn_implementation("eager")
    if not (OUT / "eager.onnx").is_file():
        export_onnx(detox.model, tokenizer, names, OUT / "eager.onnx")
    if not (OUT / "eager-int8.onnx").is_file():
        quantize_int8(OUT / "eager.onnx", OUT / "eager-int8.onnx")
    config = detox.model.config
    for fused, skip_ln in (("eager-fused", True), ("eager-fused-nosln", False)):
        if not (OUT / f"{fused}.onnx").is_file():
            options = FusionOptions("bert")
            options.enable_skip_layer_norm = skip_ln
            model = optimize_model(str(OUT / "eager.onnx"), model_type="bert", num_heads=config.num_attention_heads,
                                   hidden_size=config.hidden_size, opt_level=0, optimization_options=options)
            print(fused, model.get_fused_operator_statistics(), file=sys.stderr)
            model.save_model_to_file(str(OUT / f"{fused}.onnx"))
    extra = {"DefaultTensorType": onnx.TensorProto.FLOAT}  # the contrib ops have no inferred types
    recipes = (("fused-int8-attn", "eager-fused", False), ("fused-int8-attn-pc", "eager-fused", True),
               ("fused-nosln-int8-attn", "eager-fused-nosln", False))
    for name, src, per_channel in recipes:
        if not (OUT / f"{name}.onnx").is_file():
            quantize_dynamic(str(OUT / f"{src}.onnx"), str(OUT / f"{name}.onnx"), weight_type=QuantType.QInt8,
                             op_types_to_quantize=["MatMul", "Gemm", "Attention"], per_channel=per_channel,
                             extra_options=extra)
    return names, OUT / "tokenizer"


def session(graph: str, threads: int, disabled: list[str]) -> Any:
    """A session as OnnxEngine makes it (no spinning, sequential), with these fusions left out."""
    import onnxruntime as ort

    from proxy.nlp.toxicity_model import session_options

    options = session_options(threads)
    return ort.InferenceSession(str(OUT / f"{graph}.onnx"), options, providers=["CPUExecutionProvider"],
                                disabled_optimizers=disabled)


def op_microbench() -> str:
    """One SkipLayerNormalization vs Add + LayerNormalization, 8x80x768, one thread: CPU ms per op."""
    import numpy as np
    import onnxruntime as ort
    from onnx import TensorProto, helper, numpy_helper

    shape, hidden = [8, 80, 768], 768
    weights = [numpy_helper.from_array(np.ones(hidden, np.float32), "gamma"),
               numpy_helper.from_array(np.zeros(hidden, np.float32), "beta")]
    x = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    out = []
    for name, nodes in (
        ("SkipLayerNormalization", [helper.make_node("SkipLayerNormalization", ["x", "s", "gamma", "beta"], ["y"],
                                                     domain="com.microsoft", epsilon=1e-12)]),
        ("Add + LayerNormalization", [helper.make_node("Add", ["x", "s"], ["sum"]),
                                      helper.make_node("LayerNormalization", ["sum", "gamma", "beta"], ["y"],
                                                       axis=-1, epsilon=1e-12)]),
    ):
        inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in "xs"]
        graph = helper.make_graph(nodes, "g", inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)],
                                  weights)
        opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
        model = helper.make_model(graph, opset_imports=opsets)
        model.ir_version = 8
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL  # keep Add + LN apart
        sess = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        for _ in range(5):
            sess.run(None, {"x": x, "s": x})
        c0 = time.process_time()
        for _ in range(100):
            sess.run(None, {"x": x, "s": x})
        out.append(f"{name}: {(time.process_time() - c0) * 10:.2f} ms CPU")
    return "; ".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--configs", nargs="+", default=DEFAULT_CONFIGS, help="graph:threads:fusion+fusion")
    ap.add_argument("--batches", type=int, nargs="+", default=[1, 8, 32])
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--nice", type=int, default=0, help="e.g. -15 (root only)")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.nice:
        os.setpriority(os.PRIO_PROCESS, 0, args.nice)
    import numpy as np
    from full_policy import message
    from toxicity import build_model

    from proxy.nlp.toxicity import _saved_tokenizer
    from proxy.nlp.toxicity_model import VALIDATION_TEXTS, Segmenter

    checkpoint, hf_dir = build_model(BENCH / "out" / "toxicity-cache")
    names, tokenizer_dir = build_graphs(checkpoint, hf_dir)
    segmenter = Segmenter(_saved_tokenizer(tokenizer_dir), names)
    rng = random.Random(7)
    segments = segmenter.segments([message(5_000_000 + i, rng) for i in range(400)])
    sessions = {c: session(c.split(":")[0], int(c.split(":")[1]), [d for d in c.split(":")[2].split("+") if d])
                for c in args.configs}
    reference = session("sdpa", 2, [])
    check = segmenter.pad(segmenter.segments(VALIDATION_TEXTS))
    (ref,) = reference.run(["logits"], check)

    def probs(x: Any) -> Any:
        return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))

    diffs = {c: float(np.abs(probs(s.run(["logits"], check)[0]) - probs(ref)).max()) for c, s in sessions.items()}
    del reference
    rates: dict[tuple[str, int], list[float]] = {(c, b): [] for c in args.configs for b in args.batches}
    cpu: dict[tuple[str, int], list[float]] = {(c, b): [] for c in args.configs for b in args.batches}
    load_before, started, pos = os.getloadavg(), time.time(), 0
    for r in range(args.rounds):
        for b in args.batches:
            for c in args.configs if r % 2 == 0 else args.configs[::-1]:
                n = 8 if b == 1 else 2 * b
                calls = [segmenter.pad(segments[(pos + i) % 360: (pos + i) % 360 + b]) for i in range(0, n, b)]
                sessions[c].run(["logits"], calls[0])
                t0, c0 = time.perf_counter(), time.process_time()
                for batch in calls:
                    sessions[c].run(["logits"], batch)
                rates[(c, b)].append(n / (time.perf_counter() - t0))
                cpu[(c, b)].append((time.process_time() - c0) / n * 1000)
            pos += 17
    print(f"{args.rounds} rounds in {time.time() - started:.0f} s; load average {load_before} -> {os.getloadavg()}; "
          f"median tokens per text {statistics.median(s.length for s in segments)}")
    print(op_microbench())
    print("| graph:threads:fusions left out | max diff vs fp32 | " + " | ".join(
        f"batch {b}: texts/s median (min-max), CPU ms/text" for b in args.batches) + " |")
    print("|---|---:|" + "---:|" * len(args.batches))
    for c in args.configs:
        cells = [f"{statistics.median(rates[(c, b)]):.1f} ({min(rates[(c, b)]):.1f}-{max(rates[(c, b)]):.1f}), "
                 f"{statistics.median(cpu[(c, b)]):.0f}" for b in args.batches]
        print(f"| {c} | {diffs[c]:.4f} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
