"""Toxicity scores for texts: detoxify behind a small async interface, batched, cached, off the loop.

`ToxicityScorer` (defined in `proxy.guard.checks.base`) is what the policy pipeline consumes: `labels`
and `await score(texts) -> [{label: probability}, ...]`. Two implementations here:

- `DetoxifyScorer`: a detoxify model (`original`, `unbiased`, `multilingual`, `original-small`,
  `unbiased-small`, or a local checkpoint) loaded through detoxify's own code in one dedicated
  worker thread, which then runs every inference: the event loop never waits on the model.
  Texts from concurrent `score()` calls are gathered for at most `max_wait_ms` (or until
  `max_batch` texts) and scored together; texts longer than the model's 512 tokens are scored in
  overlapping segments and the maximum per label is kept; results are cached per text (sha256,
  bounded LRU, no text kept). Backends: `torch`, or ONNX Runtime (`onnx`, `onnx-int8`) on a graph
  exported once and cached on disk; the ONNX result is checked against PyTorch at load and the
  measured difference reported by `status()`. If the model cannot be loaded, `status()` says so
  and why (`/readyz` reports it) and every `score()` raises `ToxicityModelError`: never a silent pass.
- `KeywordScorer`: deterministic keyword scores, for policy tests and `guardrail-proxy demo`.

`build_scorer(settings)` makes the scorer that `proxy.yaml`'s `models.toxicity` describes.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import json
import logging
import os
import queue
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from proxy.guard.checks.base import ToxicityScorer
from proxy.nlp.pool import TICKET
from proxy.nlp.toxicity_build import Built, run_build
from proxy.nlp.toxicity_model import (
    LABEL_ALIASES,
    MAX_MODEL_TOKENS,
    Engine,
    ModelSpec,
    OnnxEngine,
    Segmenter,
    TorchEngine,
    ToxicityModelError,
    check_onnx_device,
    load_detoxify,
    normalise_label,
    onnx_paths,
    pack,
    precheck,
)

if TYPE_CHECKING:
    from proxy.config.settings import Settings
    from proxy.nlp.remote_toxicity import RemoteToxicityScorer

__all__ = [
    "BACKENDS",
    "IDENTITY_LABELS",
    "LABEL_ALIASES",
    "ORIGINAL_LABELS",
    "UNBIASED_LABELS",
    "Backend",
    "DetoxifyScorer",
    "KeywordScorer",
    "ScorerStats",
    "ScorerStatus",
    "ToxicityModelError",
    "ToxicityScorer",
    "build_scorer",
    "normalise_label",
]

log = logging.getLogger("proxy.nlp.toxicity")

ORIGINAL_LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
IDENTITY_LABELS = (
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
)
UNBIASED_LABELS = (
    "toxicity", "severe_toxicity", "obscene", "identity_attack", "insult", "threat", "sexual_explicit",
    *IDENTITY_LABELS,
)
# What each published model returns (the loaded checkpoint's own list replaces this once loaded).
EXPECTED_LABELS: dict[str, tuple[str, ...]] = {
    "original": ORIGINAL_LABELS,
    "original-small": ORIGINAL_LABELS,
    "unbiased": UNBIASED_LABELS,
    "unbiased-small": UNBIASED_LABELS,
    "multilingual": UNBIASED_LABELS[:7],
}

Backend = Literal["torch", "onnx", "onnx-int8"]
BACKENDS: tuple[Backend, ...] = ("torch", "onnx", "onnx-int8")
State = Literal["idle", "loading", "ready", "error", "closed"]


@dataclass(frozen=True)
class ScorerStatus:
    """For `/readyz` and logs. `error` is set (and `ready` false) when the model cannot be used."""

    state: State
    model: str
    backend: str  # the one in use: "onnx-int8" falls back to "onnx" (or "torch") when not accurate enough
    device: str
    labels: tuple[str, ...]
    error: str | None = None
    detail: str | None = None  # e.g. measured ONNX difference, why a backend fell back
    max_difference: float | None = None  # ONNX vs PyTorch, largest probability difference at load
    load_seconds: float | None = None

    @property
    def ready(self) -> bool:
        return self.state == "ready"


@dataclass
class ScorerStats:
    """Counters since start: how much batching and caching saved."""

    requests: int = 0  # score() calls
    texts: int = 0  # texts asked for
    cache_hits: int = 0
    batches: int = 0  # worker rounds (texts gathered together)
    model_calls: int = 0  # engine runs (a round can need several: long and short texts apart)
    texts_scored: int = 0  # texts that went through the model
    segments_scored: int = 0
    largest_batch: int = 0


@dataclass
class _Item:
    key: bytes
    text: str
    future: concurrent.futures.Future[dict[str, float]]
    queued_at: float = field(default_factory=time.monotonic)
    started_at: float = 0.0  # when the model began the batch holding it (set by the worker thread)


_STOP = object()


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


async def _await_shared(future: concurrent.futures.Future[dict[str, float]]) -> dict[str, float]:
    """Await a worker future without letting one caller's cancellation cancel it for the others."""
    loop = asyncio.get_running_loop()
    waiter: asyncio.Future[dict[str, float]] = loop.create_future()

    def copy(_: object) -> None:
        if waiter.done():
            return
        exc = future.exception()
        if exc is not None:
            waiter.set_exception(exc)
        else:
            waiter.set_result(future.result())

    def on_done(_: concurrent.futures.Future[dict[str, float]]) -> None:
        try:
            loop.call_soon_threadsafe(copy, None)
        except RuntimeError:  # the caller's loop is gone: nobody is waiting
            pass

    future.add_done_callback(on_done)
    return dict(await waiter)


class DetoxifyScorer:
    """A detoxify model run by one worker thread that micro-batches concurrent requests.

    Nothing is loaded by the constructor. `start()` begins loading in the worker thread and returns
    at once (for app startup); `load()` waits for it (CLI, tests); `score()` starts it if needed and
    waits. Labels are detoxify's, normalised (`toxic` -> `toxicity`, `identity_hate` -> `identity_attack`).
    """

    def __init__(
        self,
        model: str = "original",
        *,
        checkpoint: str | Path | None = None,
        huggingface_config_path: str | Path | None = None,
        device: str = "cpu",
        backend: Backend = "torch",
        threads: int | None = None,
        max_batch: int = 32,
        max_wait_ms: float = 2.0,
        cache_size: int = 4096,
        segment_tokens: int = MAX_MODEL_TOKENS,
        segment_overlap: int = 64,
        token_budget: int = 8192,
        onnx_dir: str | Path | None = None,
        int8_tolerance: float = 0.03,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        self.spec = ModelSpec(
            model=model,
            checkpoint=Path(checkpoint) if checkpoint is not None else None,
            huggingface_config_path=Path(huggingface_config_path) if huggingface_config_path is not None else None,
            device=device,
        )
        self.backend: Backend = backend
        self.threads = threads or _usable_cpus()
        self.max_batch = max(1, max_batch)
        self.max_wait = max(0.0, max_wait_ms) / 1000.0
        self.cache_size = max(0, cache_size)
        self.segment_tokens = segment_tokens
        self.segment_overlap = segment_overlap
        self.token_budget = max(MAX_MODEL_TOKENS, token_budget)
        self.onnx_dir = Path(onnx_dir) if onnx_dir is not None else None
        self.int8_tolerance = int8_tolerance
        self.stats = ScorerStats()

        # The published model's labels until loaded, then the checkpoint's own (normalised).
        self.labels: tuple[str, ...] = EXPECTED_LABELS.get(model, ORIGINAL_LABELS)
        self._status = ScorerStatus("idle", model, backend, device, self.labels)
        self._engine: Engine | None = None
        self._segmenter: Segmenter | None = None
        self._queue: queue.SimpleQueue[_Item | object] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._cache: OrderedDict[bytes, dict[str, float]] = OrderedDict()
        self._pending: dict[bytes, _Item] = {}
        self._thread: threading.Thread | None = None
        self._loaded = threading.Event()

    # ------------------------------------------------------------------ lifecycle

    @property
    def error(self) -> str | None:
        return self._status.error

    def status(self) -> ScorerStatus:
        return self._status

    def start(self) -> None:
        """Load the model in the worker thread, without waiting. Idempotent."""
        with self._lock:
            if self._thread is not None or self._status.state == "closed":
                return
            self._status = replace(self._status, state="loading")
            self._thread = threading.Thread(target=self._run, name="toxicity-model", daemon=True)
            self._thread.start()

    def load(self, timeout: float | None = None) -> ScorerStatus:
        """Start and wait until loaded; raises ToxicityModelError when it cannot be."""
        self.start()
        if not self._loaded.wait(timeout):
            raise ToxicityModelError(f"the toxicity model is still loading after {timeout} s")
        self._raise_if_unusable()
        return self._status

    async def wait_ready(self) -> ScorerStatus:
        """`load()` for async callers: waits off the event loop."""
        self.start()
        await asyncio.get_running_loop().run_in_executor(None, self._loaded.wait)
        self._raise_if_unusable()
        return self._status

    def close(self) -> None:
        """Stop the worker; pending and later calls fail."""
        with self._lock:
            self._status = replace(self._status, state="closed", error=self._status.error or "closed")
            thread, self._thread = self._thread, None
        self._queue.put(_STOP)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._fail_all(ToxicityModelError("the toxicity scorer is closed"))

    def _raise_if_unusable(self) -> None:
        if self._status.state != "ready":
            raise ToxicityModelError(self._status.error or f"the toxicity model is {self._status.state}")

    # ------------------------------------------------------------------ scoring

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """One `{label: probability}` per text, in order. Raises ToxicityModelError if the model is unusable."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise TypeError("score() takes a sequence of strings")  # checked here: a batch is shared
        self.stats.requests += 1
        self.stats.texts += len(texts)
        if not texts:
            return []
        if self._status.state in ("error", "closed"):
            self._raise_if_unusable()
        self.start()
        results: list[dict[str, float] | None] = [None] * len(texts)
        waits: list[tuple[int, _Item]] = []
        called = time.monotonic()
        with self._lock:
            for i, text in enumerate(texts):
                key = _text_key(text)
                cached = self._cache.get(key)
                if cached is not None:
                    self._cache.move_to_end(key)
                    self.stats.cache_hits += 1
                    results[i] = dict(cached)
                    continue
                item = self._pending.get(key)
                if item is None:
                    item = _Item(key, text, concurrent.futures.Future())
                    self._pending[key] = item
                    self._queue.put(item)
                waits.append((i, item))
        if waits:
            done = await asyncio.gather(*(_await_shared(item.future) for _, item in waits))
            for (i, _), scores in zip(waits, done, strict=True):
                results[i] = scores
            ticket = TICKET.get()
            if ticket is not None:  # the request's record: latency_ms.model_queue
                ticket.model_wait_s += max(0.0, max(item.started_at for _, item in waits) - called)
        return [r for r in results if r is not None]

    # ------------------------------------------------------------------ worker thread

    def _run(self) -> None:
        started = time.monotonic()
        try:
            self._load_model()
        except Exception as exc:
            message = str(exc) if isinstance(exc, ToxicityModelError) else f"{type(exc).__name__}: {exc}"
            log.error("toxicity model not loaded: %s", message)
            if self._status.state != "closed":
                self._status = replace(self._status, state="error", error=message)
            self._loaded.set()
            self._fail_all(ToxicityModelError(message))
            self._drain_failing(ToxicityModelError(message))
            return
        if self._status.state == "closed":  # closed while loading
            self._loaded.set()
            return
        self._status = replace(self._status, state="ready", labels=self.labels,
                               load_seconds=round(time.monotonic() - started, 2))
        log.info("toxicity model ready: %s, backend %s on %s, %d threads, labels %s (%.1f s)",
                 self.spec.describe(), self._status.backend, self.spec.device, self.threads,
                 ",".join(self.labels), self._status.load_seconds)
        self._loaded.set()
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            self._score_batch(batch)

    def _load_model(self) -> None:
        if self.backend == "torch" or not self._load_onnx():
            self._load_torch()

    def _load_torch(self) -> None:
        detox = load_detoxify(self.spec)  # raises ToxicityModelError with what to set
        import torch

        if not self.spec.device.startswith("cuda"):
            torch.set_num_threads(self.threads)
        self.labels = tuple(normalise_label(c) for c in detox.class_names)
        tokenizer = detox.tokenizer
        names = [n for n in tokenizer.model_input_names if n in ("input_ids", "attention_mask", "token_type_ids")]
        self._segmenter = Segmenter(tokenizer, names, max_tokens=self.segment_tokens, overlap=self.segment_overlap)
        self._engine = TorchEngine(detox.model, self.spec.device)

    def _load_onnx(self) -> bool:
        """The exported graph, without torch in this process: built (once; reused from the cache dir) and
        checked against PyTorch by a child process (`proxy.nlp.toxicity_build`). False: the graph does
        not agree with PyTorch, use PyTorch (the status says why)."""
        precheck(self.spec)
        check_onnx_device(self.spec.device)  # before the export: it takes long and cannot be run
        source = self.spec.checkpoint
        cache_dir = self.onnx_dir or _default_onnx_dir(source)
        fp32_path, int8_path = onnx_paths(source, self.spec.model, cache_dir)
        meta_path = fp32_path.with_suffix(".json")
        want_int8 = self.backend == "onnx-int8"
        for attempt in (1, 2):
            built = Built.read(meta_path)
            if (built is None or not fp32_path.is_file() or not Path(built.tokenizer_dir).is_dir()
                    or (want_int8 and built.int8_difference is None and built.int8_error is None)
                    or (built.int8_difference is not None and not int8_path.is_file())):
                log.info("toxicity model: writing the ONNX graph of %s to %s (once; reused afterwards)",
                         self.spec.describe(), cache_dir)
                built = run_build({
                    "model": self.spec.model, "checkpoint": str(source) if source else None,
                    "hf": str(self.spec.huggingface_config_path) if self.spec.huggingface_config_path else None,
                    "device": self.spec.device, "threads": self.threads, "want_int8": want_int8,
                    "fp32": str(fp32_path), "int8": str(int8_path), "meta": str(meta_path)})
            try:
                return self._open_built(built, fp32_path, int8_path)
            except ToxicityModelError:
                raise
            except Exception as exc:  # a truncated or foreign file: make it again, once
                if attempt == 2:
                    raise
                log.warning("toxicity model: cached graph unusable (%s); rebuilding it", type(exc).__name__)
                for path in (meta_path, fp32_path, int8_path):
                    path.unlink(missing_ok=True)
        return False  # pragma: no cover - the loop returns or raises

    def _open_built(self, built: Built, fp32_path: Path, int8_path: Path) -> bool:
        diff = built.fp32_difference
        if diff > 1e-3:  # fp32 must agree: anything more means the export is wrong for this model
            detail = f"ONNX export differs from PyTorch by {diff:.4f}; using PyTorch"
            log.warning("toxicity model: %s", detail)
            self._status = replace(self._status, backend="torch", detail=detail, max_difference=diff)
            return False
        tokenizer = _saved_tokenizer(Path(built.tokenizer_dir))
        path, name, detail = fp32_path, "onnx", f"onnx fp32: max difference {diff:.2e} vs PyTorch"
        if self.backend == "onnx-int8":
            int8_diff = built.int8_difference
            if int8_diff is None:
                detail = f"{built.int8_error or 'no int8 graph'}; using onnx fp32"
                log.warning("toxicity model: %s", detail)
            elif int8_diff <= self.int8_tolerance:
                path, name, diff = int8_path, "onnx-int8", int8_diff
                detail = f"onnx int8: max difference {int8_diff:.4f} vs PyTorch"
            else:
                detail = f"int8 differs from PyTorch by {int8_diff:.4f} (> {self.int8_tolerance}); using onnx fp32"
                log.warning("toxicity model: %s", detail)
        self._engine = OnnxEngine(path, built.input_names, threads=self.threads, device=self.spec.device, name=name)
        self._segmenter = Segmenter(tokenizer, built.input_names, max_tokens=self.segment_tokens,
                                    overlap=self.segment_overlap)
        self.labels = tuple(built.labels)
        self._status = replace(self._status, backend=name, detail=detail, max_difference=diff)
        return True

    def _next_batch(self) -> list[_Item] | None:
        """Block for one item, then gather more until max_batch or max_wait after the oldest."""
        first = self._queue.get()
        if first is _STOP:
            return None
        assert isinstance(first, _Item)
        batch = [first]
        deadline = first.queued_at + self.max_wait
        while len(batch) < self.max_batch:
            timeout = deadline - time.monotonic()
            try:
                item = self._queue.get(timeout=timeout) if timeout > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if item is _STOP:
                self._queue.put(_STOP)
                break
            assert isinstance(item, _Item)
            batch.append(item)
        return batch

    def _score_batch(self, batch: list[_Item]) -> None:
        assert self._segmenter is not None and self._engine is not None
        started = time.monotonic()
        for item in batch:
            item.started_at = started
        try:
            scores = self._infer([item.text for item in batch])
        except Exception as exc:
            error = ToxicityModelError(f"toxicity inference failed: {type(exc).__name__}: {str(exc)[:200]}")
            log.error("%s", error)
            for item in batch:
                self._finish(item, error=error)
            return
        self.stats.batches += 1
        self.stats.texts_scored += len(batch)
        self.stats.largest_batch = max(self.stats.largest_batch, len(batch))
        for item, result in zip(batch, scores, strict=True):
            self._finish(item, result=result)

    def _infer(self, texts: list[str]) -> list[dict[str, float]]:
        assert self._segmenter is not None and self._engine is not None
        segments = self._segmenter.segments(texts)
        n_labels = len(self.labels)
        best = [[0.0] * n_labels for _ in texts]
        for call in pack(segments, self.token_budget):
            probs = self._engine.run(self._segmenter.pad([segments[i] for i in call]))
            self.stats.model_calls += 1
            self.stats.segments_scored += len(call)
            for row, i in enumerate(call):
                owner = best[segments[i].owner]
                for j in range(n_labels):
                    owner[j] = max(owner[j], float(probs[row, j]))
        return [dict(zip(self.labels, values, strict=True)) for values in best]

    def _finish(self, item: _Item, *, result: dict[str, float] | None = None,
                error: BaseException | None = None) -> None:
        with self._lock:
            self._pending.pop(item.key, None)
            if result is not None and self.cache_size:
                self._cache[item.key] = result
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
        if item.future.done():  # already failed by close() or a failed load
            return
        if error is not None:
            item.future.set_exception(error)
        else:
            item.future.set_result(dict(result or {}))

    def _fail_all(self, error: BaseException) -> None:
        with self._lock:
            pending, self._pending = self._pending, {}
        for item in pending.values():
            if not item.future.done():
                item.future.set_exception(error)

    def _drain_failing(self, error: BaseException) -> None:
        """After a failed load: answer whatever arrives with the error, until closed."""
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            assert isinstance(item, _Item)
            self._finish(item, error=error)


def _saved_tokenizer(folder: Path) -> Any:
    """The tokenizer `toxicity_build` saved, by its own class: AutoTokenizer would import torch (through
    transformers' configuration module), and with it ~300 MB this process does not need."""
    import transformers

    try:
        name = json.loads((folder / "tokenizer_config.json").read_text()).get("tokenizer_class") or ""
    except (OSError, ValueError):
        name = ""
    cls = getattr(transformers, name, None) if name.isidentifier() else None
    if cls is None:
        cls = transformers.AutoTokenizer
    return cls.from_pretrained(str(folder), local_files_only=True)


def _usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _default_onnx_dir(source: Path | None) -> Path:
    """Next to the checkpoint when that folder is writable, else a cache folder of the user."""
    if source is not None and source.parent.is_dir() and os.access(source.parent, os.W_OK):
        return source.parent
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "guardrail-proxy" / "onnx"


# models.toxicity keys beyond the README's (model, checkpoint, huggingface_config_path, device) that
# build_scorer passes on when present.
TUNING_KEYS = ("backend", "threads", "max_batch", "max_wait_ms", "cache_size", "segment_tokens")


def build_scorer(settings: Settings, **overrides: Any) -> DetoxifyScorer | RemoteToxicityScorer:
    """The scorer `models.toxicity` in proxy.yaml describes (not started: call `start()`).

    Relative paths resolve against proxy.yaml's folder; exported ONNX graphs go to
    `<data_dir>/models`. `overrides` are passed to DetoxifyScorer (threads, max_wait_ms, ...).
    `backend: remote`: an inference server runs the model (`proxy.nlp.remote_toxicity`).
    """
    cfg = settings.proxy.models.toxicity
    if cfg.backend == "remote":
        from proxy.nlp.remote_toxicity import build_remote_scorer

        return build_remote_scorer(settings, **overrides)
    kwargs: dict[str, Any] = {
        "checkpoint": settings.resolve(cfg.checkpoint) if cfg.checkpoint else None,
        "huggingface_config_path": settings.resolve(cfg.huggingface_config_path)
        if cfg.huggingface_config_path else None,
        "device": cfg.device,
        "onnx_dir": settings.data_path / "models",
    }
    for key in TUNING_KEYS:  # optional keys of models.toxicity, where the config defines them
        value = getattr(cfg, key, None)
        if value is not None:
            kwargs[key] = value
    kwargs.update(overrides)
    return DetoxifyScorer(cfg.model, **kwargs)


# --------------------------------------------------------------------------- deterministic scorer

DEFAULT_KEYWORDS: dict[str, dict[str, float]] = {
    "idiot": {"toxicity": 0.92, "insult": 0.9},
    "stupid": {"toxicity": 0.85, "insult": 0.8},
    "moron": {"toxicity": 0.9, "insult": 0.88},
    "shut up": {"toxicity": 0.7, "insult": 0.4},
    "damn": {"toxicity": 0.6, "obscene": 0.5},
    "shit": {"toxicity": 0.9, "obscene": 0.92},
    "fuck": {"toxicity": 0.98, "obscene": 0.97, "severe_toxicity": 0.4},
    "kill you": {"toxicity": 0.95, "threat": 0.93, "severe_toxicity": 0.6},
    "hurt you": {"toxicity": 0.85, "threat": 0.8},
    "i hate all": {"toxicity": 0.9, "identity_attack": 0.85},
}


class KeywordScorer:
    """Deterministic scores from keywords: for policy tests and the demo, never for production.

    `keywords` maps a word or phrase (matched case-insensitively, on word boundaries) to the
    scores it gives; a text's score per label is the highest over the phrases it contains, else
    `baseline`. Labels are those of the `original` model plus any the keywords name (e.g. identity
    groups such as `muslim`, as the `unbiased` model has). Counts calls in `calls`.
    """

    def __init__(self, keywords: Mapping[str, Mapping[str, float]] | None = None, *,
                 labels: Sequence[str] | None = None, baseline: float = 0.001) -> None:
        table = dict(DEFAULT_KEYWORDS if keywords is None else keywords)
        named = [normalise_label(label) for scores in table.values() for label in scores]
        base = tuple(labels) if labels is not None else ORIGINAL_LABELS
        self.labels: tuple[str, ...] = tuple(dict.fromkeys([*base, *named]))
        self.baseline = baseline
        self.calls = 0
        self.texts_scored = 0
        self._rules = [
            (re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)", re.IGNORECASE),
             {normalise_label(k): float(v) for k, v in scores.items()})
            for phrase, scores in table.items()
        ]

    def status(self) -> ScorerStatus:
        return ScorerStatus("ready", "keywords", "keywords", "cpu", self.labels)

    @property
    def error(self) -> str | None:
        return None

    def score_text(self, text: str) -> dict[str, float]:
        out = dict.fromkeys(self.labels, self.baseline)
        for pattern, scores in self._rules:
            if pattern.search(text):
                for label, value in scores.items():
                    out[label] = max(out[label], value)
        return out

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if isinstance(texts, str):
            raise TypeError("score() takes a sequence of texts, not one string")
        self.calls += 1
        self.texts_scored += len(texts)
        return [self.score_text(t) for t in texts]
