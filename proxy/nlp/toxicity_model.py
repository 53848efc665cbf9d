"""A detoxify model, loaded and run: loading with errors that say what to set, segmenting, engines.

`load_detoxify` goes through detoxify's own loading code (`Detoxify(...)`): it downloads the
published checkpoint on first use where the internet is reachable, or reads local files
(`checkpoint` + `huggingface_config_path`) on air-gapped sites. Anything that stops it becomes a
`ToxicityModelError` whose message names the cause and the `proxy.yaml` key to set; it never
contains user text.

`Segmenter` turns texts into model inputs of at most 512 tokens: a longer text becomes several
overlapping segments (the scorer keeps the maximum per label). `pack` groups segments of similar
length into model calls, so one long text does not pad a whole batch to 512 tokens.

Engines run one padded batch and return probabilities: `TorchEngine` (the loaded model itself)
and `OnnxEngine` (ONNX Runtime on a graph exported once from that model, fp32 or int8, cached on
disk and reused). torch, transformers, detoxify and onnxruntime are imported only when used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger("proxy.nlp.toxicity")

MODEL_NAMES = ("original", "unbiased", "multilingual", "original-small", "unbiased-small")
LABEL_ALIASES = {"toxic": "toxicity", "severe_toxic": "severe_toxicity", "identity_hate": "identity_attack"}
MAX_MODEL_TOKENS = 512
ONNX_OPSET = 17
# Bump when the export changes, so cached graphs are rebuilt. 2: exported with eager attention.
_ONNX_FORMAT = "2"

# The Hugging Face model each published checkpoint was trained from (its config and tokenizer).
BASE_MODELS = {
    "original": "bert-base-uncased",
    "unbiased": "roberta-base",
    "multilingual": "xlm-roberta-base",
    "original-small": "albert-base-v2",
    "unbiased-small": "albert-base-v2",
}

OUTPUTS = {"original": 6, "original-small": 6, "unbiased": 16, "unbiased-small": 16, "multilingual": 16}


def keys_hint(model: str) -> str:
    """What an air-gapped site sets in proxy.yaml, and where the files come from."""
    try:
        source = f" (download {download_url(model)} elsewhere)"
    except Exception:  # detoxify missing or an unknown name: say it without the URL
        source = ""
    base = BASE_MODELS.get(model, "the model's base model")
    outputs = OUTPUTS.get(model, "the checkpoint's number of outputs")
    return (
        f"For an air-gapped site, copy the detoxify checkpoint{source} and the Hugging Face files of "
        f"{base} to this machine and set, in proxy.yaml, models.toxicity.checkpoint (the .ckpt file) and "
        "models.toxicity.huggingface_config_path (a directory with config.json, its num_labels set to "
        f"{outputs}; the tokenizer files, e.g. vocab.txt or tokenizer.json; and tokenizer_config.json with "
        "model_max_length: 512)."
    )


def normalise_label(name: str) -> str:
    """detoxify's label names, the same for every model (`toxic` -> `toxicity`, ...)."""
    return LABEL_ALIASES.get(name, name)


class ToxicityModelError(RuntimeError):
    """The toxicity model cannot be loaded or run. The message says why and what to set."""


@dataclass(frozen=True)
class ModelSpec:
    """Which detoxify model to load, as `models.toxicity` in proxy.yaml names it."""

    model: str = "original"
    checkpoint: Path | None = None
    huggingface_config_path: Path | None = None
    device: str = "cpu"

    def describe(self) -> str:
        return f"checkpoint {self.checkpoint}" if self.checkpoint else f"detoxify model '{self.model}'"


def _offline() -> bool:
    flags = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    return any(os.environ.get(v, "").lower() in ("1", "true", "yes", "on") for v in flags)


def download_url(model: str) -> str:
    from detoxify.detoxify import MODEL_URLS

    return str(MODEL_URLS[model])


def hub_checkpoint_path(model: str) -> Path:
    """Where detoxify's download (torch.hub) keeps the checkpoint of a published model."""
    import torch

    return Path(torch.hub.get_dir()) / "checkpoints" / download_url(model).rsplit("/", 1)[-1]


def precheck(spec: ModelSpec) -> None:
    """Errors that need neither the network nor torch: missing files, unknown names, no GPU."""
    if spec.model not in MODEL_NAMES:
        raise ToxicityModelError(
            f"models.toxicity.model: unknown detoxify model '{spec.model}'; expected one of {', '.join(MODEL_NAMES)}"
        )
    if spec.checkpoint is not None and not spec.checkpoint.is_file():
        raise ToxicityModelError(
            f"models.toxicity.checkpoint: no such file: {spec.checkpoint}. Set it to a detoxify checkpoint "
            f"(.ckpt), or remove the key to download the '{spec.model}' model on first use (needs internet)."
        )
    hf = spec.huggingface_config_path
    if hf is not None:
        if not hf.is_dir():
            raise ToxicityModelError(
                f"models.toxicity.huggingface_config_path: no such directory: {hf}. " + keys_hint(spec.model)
            )
        missing = [n for n in ("config.json", "tokenizer_config.json") if not (hf / n).is_file()]
        vocabularies = ("vocab.txt", "vocab.json", "tokenizer.json", "sentencepiece.bpe.model", "spiece.model")
        if not any((hf / n).is_file() for n in vocabularies):
            missing.append("vocab.txt or tokenizer.json")
        if missing:
            raise ToxicityModelError(
                f"models.toxicity.huggingface_config_path: {hf} lacks {', '.join(missing)}. " + keys_hint(spec.model)
            )


def load_detoxify(spec: ModelSpec) -> Any:
    """A `detoxify.Detoxify` for `spec`, or a ToxicityModelError saying why not and what to set."""
    precheck(spec)
    if "torch" not in sys.modules:
        # OpenMP threads that spin while waiting take the cores from the event loop and from each
        # other on a busy 2-core box (measured 3x slower); passive waiting costs little when idle.
        # Read once, when torch loads its OpenMP runtime; a value set by the user wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        import torch
        from detoxify import Detoxify
    except ImportError as exc:  # pragma: no cover - both are dependencies of the package
        raise ToxicityModelError(f"toxicity screening needs the detoxify package: {exc}") from exc

    if spec.device.startswith("cuda") and not torch.cuda.is_available():
        raise ToxicityModelError(
            f"models.toxicity.device is '{spec.device}' but no CUDA device is available "
            f"(torch {torch.__version__}, built {'with' if torch.version.cuda else 'without'} CUDA); set device: cpu"
        )
    if spec.checkpoint is None:
        cached = hub_checkpoint_path(spec.model)
        if not cached.is_file():
            if _offline():
                raise ToxicityModelError(
                    f"detoxify model '{spec.model}' is not downloaded ({cached} is missing) and HF_HUB_OFFLINE/"
                    f"TRANSFORMERS_OFFLINE is set. " + keys_hint(spec.model)
                )
            log.warning("downloading detoxify model '%s' from %s to %s (first use; progress on stderr)",
                        spec.model, download_url(spec.model), cached)
    try:
        detox = Detoxify(
            spec.model,
            checkpoint=str(spec.checkpoint) if spec.checkpoint else None,
            device=spec.device,
            huggingface_config_path=str(spec.huggingface_config_path) if spec.huggingface_config_path else None,
        )
    except Exception as exc:
        raise ToxicityModelError(explain_load_error(spec, exc)) from exc
    _check_loaded(spec, detox)
    return detox


def explain_load_error(spec: ModelSpec, exc: BaseException) -> str:
    """One sentence on what failed, then what to set in proxy.yaml."""
    what = f"{type(exc).__name__}: {str(exc)[:300]}"
    network = isinstance(exc, (ConnectionError, TimeoutError)) or any(
        word in type(exc).__name__ for word in ("URLError", "HTTPError", "Connection", "Timeout", "OfflineMode")
    ) or "offline" in str(exc).lower() or "internet" in str(exc).lower()
    if spec.checkpoint is None:
        return f"could not download detoxify model '{spec.model}' ({what}). " + keys_hint(spec.model)
    if spec.huggingface_config_path is None and (network or isinstance(exc, OSError)):
        return (
            f"could not load the Hugging Face config named by {spec.checkpoint} ({what}); without "
            f"models.toxicity.huggingface_config_path detoxify fetches it from the hub. " + keys_hint(spec.model)
        )
    return f"could not load {spec.describe()} ({what}). " + keys_hint(spec.model)


def _check_loaded(spec: ModelSpec, detox: Any) -> None:
    """Refuse a model that would score silently wrong: too few outputs for its labels."""
    outputs = int(getattr(detox.model.config, "num_labels", 0))
    if outputs < len(detox.class_names):
        raise ToxicityModelError(
            f"{spec.describe()} names {len(detox.class_names)} labels but its config has num_labels={outputs}: "
            "models.toxicity.huggingface_config_path must hold the config.json of the model the checkpoint was "
            "trained from (num_labels included)"
        )


# --------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Segment:
    owner: int  # index of the text it comes from
    features: dict[str, list[int]]  # input_ids, attention_mask (+ token_type_ids), no padding

    @property
    def length(self) -> int:
        return len(self.features["input_ids"])


class Segmenter:
    """Tokenizes texts into segments of at most `max_tokens` tokens, overlapping by `overlap`."""

    def __init__(self, tokenizer: Any, input_names: Sequence[str], *, max_tokens: int = MAX_MODEL_TOKENS,
                 overlap: int = 64) -> None:
        limit = min(int(getattr(tokenizer, "model_max_length", MAX_MODEL_TOKENS) or MAX_MODEL_TOKENS), MAX_MODEL_TOKENS)
        self.tokenizer = tokenizer
        self.input_names = tuple(input_names)
        self.max_tokens = max(8, min(max_tokens, limit))
        self.overlap = max(0, min(overlap, self.max_tokens // 2))
        self.pad_id = int(tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0)

    def segments(self, texts: Sequence[str]) -> list[Segment]:
        enc = self.tokenizer(
            list(texts), truncation=True, max_length=self.max_tokens, stride=self.overlap,
            return_overflowing_tokens=True, padding=False,
        )
        owners = enc.get("overflow_to_sample_mapping")
        if owners is None:  # a tokenizer without overflow support: one truncated segment per text
            owners = list(range(len(texts)))
        return [
            Segment(int(owner), {name: list(enc[name][i]) for name in self.input_names})
            for i, owner in enumerate(owners)
        ]

    def pad(self, segments: Sequence[Segment], width: int | None = None) -> dict[str, np.ndarray]:
        """The segments as one batch, padded to `width` tokens (default: the longest segment's)."""
        if width is None:
            width = max(s.length for s in segments)
        batch: dict[str, np.ndarray] = {}
        for name in self.input_names:
            fill = self.pad_id if name == "input_ids" else 0
            arr = np.full((len(segments), width), fill, dtype=np.int64)
            for row, seg in enumerate(segments):
                values = seg.features[name]
                arr[row, : len(values)] = values
            batch[name] = arr
        return batch


def pack(segments: Sequence[Segment], token_budget: int) -> list[list[int]]:
    """Indices of `segments` grouped into model calls: similar lengths together, each call's padded
    size (rows x longest) within `token_budget` (a single longer segment still gets its own call)."""
    order = sorted(range(len(segments)), key=lambda i: segments[i].length)
    calls: list[list[int]] = []
    current: list[int] = []
    shortest = 0
    for i in order:
        length = segments[i].length
        too_big = (len(current) + 1) * length > token_budget
        too_uneven = current and length > 2 * shortest + 16  # padding would more than double the work
        if current and (too_big or too_uneven):
            calls.append(current)
            current = []
        if not current:
            shortest = length
        current.append(i)
    if current:
        calls.append(current)
    return calls


# --------------------------------------------------------------------------- engines


class Engine(Protocol):
    name: str

    def run(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        """Probabilities (sigmoid of the logits), shape (rows, outputs), float32."""
        ...


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-x.astype(np.float64)))).astype(np.float32)


class TorchEngine:
    """The PyTorch model as detoxify loaded it (fp16 autocast on CUDA)."""

    def __init__(self, model: Any, device: str) -> None:
        import torch

        self.name = "torch"
        self.model = model.eval()
        self.device = device
        self._torch = torch

    def run(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        torch = self._torch
        inputs = {k: torch.from_numpy(v).to(self.device) for k, v in batch.items()}
        with torch.inference_mode():
            if self.device.startswith("cuda"):
                with torch.autocast("cuda", dtype=torch.float16):
                    logits = self.model(**inputs)[0]
            else:
                logits = self.model(**inputs)[0]
        return _sigmoid(logits.float().cpu().numpy())


# ONNX Runtime fusions left out when a session is made. SkipLayerNormFusion folds each residual Add and
# LayerNormalization into the contrib op SkipLayerNormalization, whose CPU kernel (onnxruntime 1.32)
# took 4.2 ms of CPU for a 8x80x768 tensor where Add + LayerNormalization took 0.9 ms; without it the
# int8 BERT-base graph used 4-12% less CPU per text (bench/RESULTS.md, "Making the model faster").
# The arithmetic is the same (the scores differ by float rounding only). A session option (CPU only),
# not part of the graph on disk: cached graphs stay valid.
DISABLED_FUSIONS = ("SkipLayerNormFusion",)


def session_options(threads: int) -> Any:
    """ONNX Runtime session options for the model: `threads` intra-op, sequential, every graph optimization."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # No spin-waiting between runs: on a shared 2-core box it starves the event loop (and
    # itself: measured 2x slower under load); idle, the cost is small.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def check_onnx_device(device: str) -> None:
    """Refuse `device: cuda` when this onnxruntime has no CUDA provider (the CPU-only package). Checked
    before the graph is exported: on an H200 the refusal once came only after an 18.6 s bert-base export
    that left a 440 MB graph nobody could run (bench/RESULTS.md, "The toxicity model on a GPU")."""
    if not device.startswith("cuda"):
        return
    import onnxruntime as ort

    if "CUDAExecutionProvider" not in ort.get_available_providers():
        raise ToxicityModelError(
            "models.toxicity.device is cuda but this onnxruntime has no CUDA provider: install "
            "onnxruntime-gpu or use backend: torch"
        )


class OnnxEngine:
    """ONNX Runtime on an exported graph of the model.

    `optimized_copy`: where ONNX Runtime writes the graph as it runs it, after its own fusions (for
    inspection and tests; not read back)."""

    def __init__(self, path: Path, input_names: Sequence[str], *, threads: int, device: str, name: str,
                 optimized_copy: Path | None = None) -> None:
        import onnxruntime as ort

        options = session_options(threads)
        if optimized_copy is not None:
            options.optimized_model_filepath = str(optimized_copy)
        providers = ["CPUExecutionProvider"]
        if device.startswith("cuda"):
            check_onnx_device(device)
            providers.insert(0, "CUDAExecutionProvider")
        self.name = name
        self.path = path
        self.input_names = tuple(input_names)
        # On CPU only: the fused kernel is the fast one on a GPU.
        disabled = [] if device.startswith("cuda") else list(DISABLED_FUSIONS)
        self.session = ort.InferenceSession(str(path), options, providers=providers, disabled_optimizers=disabled)

    def run(self, batch: dict[str, np.ndarray]) -> np.ndarray:
        (logits,) = self.session.run(["logits"], {k: batch[k] for k in self.input_names})
        return _sigmoid(np.asarray(logits))


def onnx_paths(source: Path | None, model: str, cache_dir: Path) -> tuple[Path, Path]:
    """Cache file names for the fp32 and int8 graphs of a checkpoint (changes when it changes)."""
    from importlib.metadata import version  # not torch itself: the server runs the graphs without it

    ident = f"{model}|{_ONNX_FORMAT}|{ONNX_OPSET}|{version('torch')}|{version('transformers')}"
    if source is not None and source.is_file():
        st = source.stat()
        ident += f"|{source.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    key = hashlib.sha256(ident.encode()).hexdigest()[:16]
    stem = source.stem if source is not None else model
    return cache_dir / f"{stem}-{key}.onnx", cache_dir / f"{stem}-{key}-int8.onnx"


def _eager_attention(model: Any) -> str | None:
    """Switch the model to transformers' eager attention for the export; the implementation it had
    (to restore), or None when it could not be switched. Eager and SDPA compute the same thing, but
    the SDPA trace carries per-layer masking ops (IsNaN, Where: 12 and 23 more nodes in BERT-base)
    that cost 0-10% of the int8 graph's CPU time (bench/RESULTS.md, "Making the model faster")."""
    config = getattr(model, "config", None)
    before = getattr(config, "_attn_implementation", None)
    setter = getattr(model, "set_attn_implementation", None)
    if before is None or before == "eager" or setter is None:
        return None
    try:
        setter("eager")
    except Exception as exc:  # noqa: BLE001 - an architecture without it exports as it is
        log.info("toxicity model: exporting with %s attention (eager not available: %s)", before, type(exc).__name__)
        return None
    return str(before)


def export_onnx(model: Any, tokenizer: Any, input_names: Sequence[str], dest: Path) -> None:
    """Export once with the TorchScript exporter (no onnxscript needed), dynamic batch and length,
    eager attention (the model's own implementation is restored afterwards)."""
    import torch

    names = list(input_names)

    class Logits(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *args: Any) -> Any:
            return self.inner(**dict(zip(names, args, strict=True)))[0]

    # A padded sample: the trace must keep the attention mask path.
    sample = tokenizer(["a short sample", "a somewhat longer sample text for the export"], padding=True,
                       return_tensors="pt")
    cpu_model = model.to("cpu").eval()
    attention = _eager_attention(cpu_model)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".onnx.tmp", dir=dest.parent)
    os.close(fd)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer warnings about Python booleans: checked by validation
            torch.onnx.export(
                Logits(cpu_model).eval(), tuple(sample[n] for n in names), tmp,
                input_names=names, output_names=["logits"],
                dynamic_axes={**{n: {0: "batch", 1: "sequence"} for n in names}, "logits": {0: "batch"}},
                opset_version=ONNX_OPSET, dynamo=False,
            )
        os.chmod(tmp, 0o644)  # mkstemp makes it private; other replicas may run as other users
        os.replace(tmp, dest)
    finally:
        # The exporter restores the wrapper's training flag on the way out: a wrapper left in
        # training mode would switch dropout on in the model it wraps.
        cpu_model.eval()
        if attention is not None:
            cpu_model.set_attn_implementation(attention)
        if os.path.exists(tmp):
            os.unlink(tmp)


def _quiet_quantizer(record: logging.LogRecord) -> bool:
    return record.name != "root"  # the quantizer logs its progress and advice to the root logger


def quantize_int8(src: Path, dest: Path) -> None:
    """Dynamic int8 quantization of the weights of MatMul/Gemm (activations quantized at run time)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fd, tmp = tempfile.mkstemp(suffix=".onnx.tmp", dir=dest.parent)
    os.close(fd)
    try:
        root = logging.getLogger()
        root.addFilter(_quiet_quantizer)
        try:
            quantize_dynamic(str(src), tmp, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul", "Gemm"])
        finally:
            root.removeFilter(_quiet_quantizer)
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


# Ordinary and rude texts of several lengths: differences matter most where scores are mid-range.
VALIDATION_TEXTS = (
    "Thanks, that was really helpful.",
    "You are an idiot and this answer is stupid.",
    "Shut up, I hate you.",
    "What the hell is wrong with you people?",
    "Could you summarise the attached quarterly report for the board meeting on Thursday?",
    "ok",
    "The delivery arrived late again and nobody answered the phone, which is frustrating. " * 6,
    "Please write a short poem about autumn leaves falling in the park near the river.",
)


def max_difference(reference: Engine, candidate: Engine, segmenter: Segmenter) -> float:
    """Largest absolute probability difference over a padded batch of sample texts."""
    batch = segmenter.pad(segmenter.segments(VALIDATION_TEXTS))
    return float(np.abs(reference.run(batch) - candidate.run(batch)).max())
