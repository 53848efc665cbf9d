"""Build the ONNX graphs of a detoxify model in a process of their own, so the server never loads torch.

`python -m proxy.nlp.toxicity_build REQUEST_JSON` loads the model with detoxify's own code
(`load_detoxify`), exports the fp32 graph (unless cached), quantizes it to int8 when asked (unless
cached), measures each graph against PyTorch on `VALIDATION_TEXTS`, saves the tokenizer next to the
graphs, and writes what the server needs to run them without torch (`Built`: labels, input names,
tokenizer folder, measured differences) as JSON next to the graphs. Its last stdout line is that JSON,
or `{"error": "..."}` with a `ToxicityModelError` message (never any user text: none is loaded here).

The server (`DetoxifyScorer`) runs this once per checkpoint, graph format and library versions; later
starts read the JSON and the graphs and import neither torch nor detoxify. Once torch is imported a
process cannot give its memory back (~700 MB RSS for BERT-base): hence a separate process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from proxy.nlp.toxicity_model import ModelSpec, ToxicityModelError


@dataclass(frozen=True)
class Built:
    """What a server needs to score with the graphs, read from `<graph>.json`."""

    labels: list[str]
    input_names: list[str]
    tokenizer_dir: str
    fp32_difference: float  # largest probability difference vs PyTorch on the validation texts
    int8_difference: float | None = None  # None: int8 not made (not asked, or could not be: int8_error)
    int8_error: str | None = None

    @staticmethod
    def read(path: Path) -> Built | None:
        try:
            raw = json.loads(path.read_text())
            return Built(**raw)
        except (OSError, ValueError, TypeError):
            return None


def build(request: dict[str, Any]) -> Built:
    """In this (child) process: load, export, quantize, measure, save; see the module docstring."""
    from proxy.nlp.toxicity_model import (
        OnnxEngine,
        Segmenter,
        TorchEngine,
        export_onnx,
        load_detoxify,
        max_difference,
        normalise_label,
        quantize_int8,
    )

    spec = ModelSpec(model=request["model"],
                     checkpoint=Path(request["checkpoint"]) if request.get("checkpoint") else None,
                     huggingface_config_path=Path(request["hf"]) if request.get("hf") else None,
                     device=request.get("device", "cpu"))
    fp32_path, int8_path, meta_path = Path(request["fp32"]), Path(request["int8"]), Path(request["meta"])
    threads = int(request.get("threads") or 1)
    detox = load_detoxify(spec)
    import torch

    if not spec.device.startswith("cuda"):
        torch.set_num_threads(threads)
    tokenizer = detox.tokenizer
    names = [n for n in tokenizer.model_input_names if n in ("input_ids", "attention_mask", "token_type_ids")]
    segmenter = Segmenter(tokenizer, names)
    reference = TorchEngine(detox.model, spec.device)
    if not fp32_path.is_file():
        export_onnx(detox.model, tokenizer, names, fp32_path)
        detox.model.to(spec.device)
    fp32 = OnnxEngine(fp32_path, names, threads=threads, device=spec.device, name="onnx")
    fp32_diff = max_difference(reference, fp32, segmenter)
    int8_diff: float | None = None
    int8_error: str | None = None
    if request.get("want_int8"):
        try:
            if not int8_path.is_file():
                quantize_int8(fp32_path, int8_path)
        except ImportError as exc:  # onnxruntime's quantizer needs the `onnx` package
            int8_error = f"int8 quantization needs the onnx package ({exc})"
        else:
            int8 = OnnxEngine(int8_path, names, threads=threads, device=spec.device, name="onnx-int8")
            int8_diff = max_difference(reference, int8, segmenter)
    tokenizer_dir = meta_path.with_suffix(".tokenizer")
    tokenizer.save_pretrained(str(tokenizer_dir))
    built = Built(labels=[normalise_label(c) for c in detox.class_names], input_names=names,
                  tokenizer_dir=str(tokenizer_dir), fp32_difference=fp32_diff, int8_difference=int8_diff,
                  int8_error=int8_error)
    tmp = meta_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(asdict(built)))
    os.replace(tmp, meta_path)
    return built


def run_build(request: dict[str, Any], timeout: float = 3600.0) -> Built:
    """Run `build` in a child process; a ToxicityModelError with its reason when it fails."""
    env = {**os.environ}
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # as load_detoxify sets it in-process
    try:
        done = subprocess.run([sys.executable, "-m", "proxy.nlp.toxicity_build", json.dumps(request)],
                              capture_output=True, text=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise ToxicityModelError(f"building the ONNX graph took more than {timeout:.0f} s") from None
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    try:
        answer = json.loads(lines[-1]) if lines else {}
    except ValueError:
        answer = {}
    if "error" in answer:
        raise ToxicityModelError(str(answer["error"]))
    built = Built.read(Path(request["meta"]))
    if done.returncode != 0 or built is None:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1][:300]
        raise ToxicityModelError(f"building the ONNX graph failed (exit {done.returncode}): {tail}")
    return built


def main() -> int:
    request = json.loads(sys.argv[1])
    try:
        built = build(request)
    except ToxicityModelError as exc:
        print(json.dumps({"error": str(exc)}), flush=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a load error
        print(json.dumps({"error": f"building the ONNX graph failed: {type(exc).__name__}: {str(exc)[:300]}"}),
              flush=True)
        return 1
    print(json.dumps(asdict(built)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
