"""The remote toxicity backend against the local one: what the Open Inference Protocol hop costs.

    .venv/bin/python bench/toxicity_server.py [--tiny] [--threads 2] [--texts 256] [--rounds 3]

The same ONNX fp32 graph runs in the proxy's process (`backend: onnx`, `DetoxifyScorer`) and on
MLServer (`backend: remote`, `RemoteToxicityScorer`; MLServer from `.venv-mlserver`, `make mlserver`,
running tests/support/mlserver_runtime.py with ONNX Runtime on `--threads` threads). Measured in turn,
round after round (medians), with unique ~200-character texts (no cache helps):

- latency of one text at a time (c=1), and
- texts/s with 32 concurrent callers of one text each (micro-batched on both sides).

The model is bert-base-shaped with random weights (the `original` architecture; bench/toxicity.py's
builder), or with `--tiny` the tests' 2-layer model, whose compute is negligible: then the figures are
the protocol's own cost (tokenizing, JSON, HTTP, the server's parsing). Server and proxy share the
machine's cores here, so on 2 cores the remote side cannot be faster: compare overheads, not capacity.
Writes bench/out/toxicity_server.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"


def text_of(salt: int) -> str:
    from bench.toxicity import text_of as prose

    return prose(200, salt)


def model_files(tiny: bool) -> tuple[Path, Path]:
    if tiny:
        from tests.support.toxmodel import cached_model

        model = cached_model(Path(tempfile.gettempdir()) / "guardrail-toxmodel")
        return model.checkpoint, model.hf_dir
    from bench.toxicity import build_model

    cache = OUT / "toxicity-cache"
    cache.mkdir(parents=True, exist_ok=True)
    return build_model(cache)


async def c1(scorer: Any, salt: int, n: int) -> list[float]:
    out = []
    for i in range(n):
        started = time.perf_counter()
        await scorer.score([text_of(salt + i)])
        out.append(time.perf_counter() - started)
    return out


async def concurrent(scorer: Any, salt: int, n: int, width: int = 32) -> float:
    texts = [text_of(salt + i) for i in range(n)]
    queue = list(texts)
    started = time.perf_counter()

    async def worker() -> None:
        while queue:
            await scorer.score([queue.pop()])

    await asyncio.gather(*(worker() for _ in range(width)))
    return n / (time.perf_counter() - started)


async def main_async(args: argparse.Namespace) -> int:
    from proxy.nlp.remote_toxicity import RemoteToxicityScorer, write_model_repository
    from proxy.nlp.toxicity import DetoxifyScorer
    from tests.support.inference_server import InferenceServer

    binary = ROOT / ".venv-mlserver" / "bin" / "mlserver"
    if not binary.is_file():
        print("MLServer is not installed: run `make mlserver`", file=sys.stderr)
        return 2
    checkpoint, hf_dir = model_files(args.tiny)
    work = Path(tempfile.mkdtemp(prefix="toxicity-server-bench-"))
    graph, _ = write_model_repository(work / "repository", checkpoint=checkpoint, huggingface_config_path=hf_dir,
                                      gpu=False)
    server = InferenceServer(binary, graph, work / "mlserver", threads=args.threads).start()
    local = DetoxifyScorer(checkpoint=checkpoint, huggingface_config_path=hf_dir, backend="onnx",
                           threads=args.threads, cache_size=0, onnx_dir=work / "local")
    remote = RemoteToxicityScorer(server.url, huggingface_config_path=hf_dir, cache_size=0, timeout_s=60)
    try:
        await local.wait_ready()
        await remote.wait_ready()
        engines = {"local onnx": local, "remote (MLServer)": remote}
        lat: dict[str, list[float]] = {k: [] for k in engines}
        tput: dict[str, list[float]] = {k: [] for k in engines}
        salt = 0
        for scorer in engines.values():  # warm-up
            await c1(scorer, salt, 3)
            salt += 1000
        for _ in range(args.rounds):
            for name, scorer in engines.items():
                lat[name] += await c1(scorer, salt, 16)
                salt += 1000
                tput[name].append(await concurrent(scorer, salt, args.texts))
                salt += 10_000
        result = {name: {"c1_p50_ms": round(statistics.median(lat[name]) * 1000, 1),
                         "c32_texts_per_s": round(statistics.median(tput[name]), 1)} for name in engines}
        result["remote (MLServer)"]["infer_calls"] = remote.stats.infer_calls
        result["remote (MLServer)"]["largest_batch"] = remote.stats.largest_batch
    finally:
        local.close()
        await remote.aclose()
        server.stop()
    model = "tiny (2 layers x 64)" if args.tiny else "bert-base (random weights)"
    print(f"\n{model}, ONNX fp32, {args.threads} threads, 200-character unique texts, {args.rounds} rounds\n")
    print("| engine | c=1 p50 ms | c=32 texts/s |\n|---|---|---|")
    for name, row in result.items():
        print(f"| {name} | {row['c1_p50_ms']} | {row['c32_texts_per_s']} |")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "toxicity_server.json").write_text(json.dumps({"model": model, "threads": args.threads, **result},
                                                         indent=2))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="the tests' tiny model: the protocol's own cost")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--texts", type=int, default=256, help="texts per throughput round")
    parser.add_argument("--rounds", type=int, default=3)
    return asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
