"""PII analysis off the event loop, cached per text: the proxy's side of Presidio.

`PiiAnalyzer.analyze(texts, entities)` returns, per text, every span Presidio (plus our
recognizers, see `proxy.nlp.recognizers`) finds for those entity types in the text's normalised view
(`proxy.nlp.normalize`: invisible characters, full-width forms, escapes, `[at]`, separators inside
numbers), in the offsets of the text as sent, with scores: the analysis is
policy-independent (thresholds, allow-lists and actions are applied by the pipeline), so it is
cached per text (sha256 of the text and the entity set -> spans; a bounded LRU that holds no text).
Chat clients resend the whole conversation every turn: only the new message is analysed.

Presidio holds the GIL for most of its run time, so analysis runs in worker processes
(`executor="process"`, the default: the event loop never waits on it and two workers use both
cores); `"thread"` runs it in one thread of this process, `"inline"` in the caller (CLI, benchmarks).
Texts longer than `chunk_chars` are cut at sentence or line ends into pieces analysed in parallel.
Presidio is imported only in the workers (or on first inline use), never at `import proxy.*`: what this
module shares with the engines (`proxy.nlp.presidio`) is in `proxy.nlp.pii_types`.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import concurrent.futures.process  # BrokenProcessPool, caught below even in thread mode
import hashlib
import multiprocessing
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from proxy.nlp.normalize import normalize
from proxy.nlp.pii_types import (
    DEFAULT_SPACY_MODEL,
    PiiUnavailable,
    Result,
    missing_model_message,
    model_installed,
)

if TYPE_CHECKING:  # the engines module imports Presidio: only the workers import it, when they start
    from proxy.nlp.presidio import Engines

Executor = Literal["process", "thread", "inline"]

__all__ = [
    "DEFAULT_SPACY_MODEL", "Executor", "PiiAnalyzer", "PiiUnavailable", "Span", "missing_model_message",
    "model_installed", "split_text",
]


@dataclass(frozen=True, slots=True)
class Span:
    """One finding: entity type, character offsets, Presidio score."""

    entity: str
    start: int
    end: int
    score: float


# --------------------------------------------------------------------------- worker side

_ENGINES: dict[str, Engines] = {}  # spaCy model -> its engines, built once per process
_ENGINES_LOCK = threading.Lock()


def _engines(spacy_model: str) -> Engines:
    with _ENGINES_LOCK:
        if spacy_model not in _ENGINES:
            if not model_installed(spacy_model):  # fail before paying for the Presidio import
                raise PiiUnavailable(missing_model_message(spacy_model))
            # Here, not at the top: importing Presidio takes seconds and ~300 MB, paid by workers only.
            from proxy.nlp.presidio import build_engines

            _ENGINES[spacy_model] = build_engines(spacy_model)
        return _ENGINES[spacy_model]


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _analyze_view(engines: Engines, chunk: str, entities: list[str]) -> list[Result]:
    """Analyse the normalised view of `chunk` (`proxy.nlp.normalize`); spans in the chunk's own offsets."""
    view = normalize(chunk)
    # A lone surrogate (a JSON \\ud800 escape) cannot be encoded by the NLP pipeline: analyse U+FFFD
    # in its place (one character for one: offsets stay right).
    found = engines.analyze(_LONE_SURROGATE.sub("\ufffd", view.text), entities)
    if view.identity:
        return found
    return [(entity, *view.span(start, end), score) for entity, start, end, score in found]


def _analyze_chunks(spacy_model: str, chunks: list[str], entities: list[str]) -> list[list[Result]]:
    """Runs in a worker (or inline): analyse each chunk. Errors come back without text."""
    try:
        engines = _engines(spacy_model)
        return [_analyze_view(engines, chunk, entities) for chunk in chunks]
    except PiiUnavailable:
        raise
    except Exception as exc:
        raise PiiUnavailable(f"analysis failed: {type(exc).__name__}") from None


class _NoTorch:
    """Import hook for analysis workers: Presidio imports torch and transformers when they are
    installed (for engines we do not use), which costs 5+ s and ~300 MB per worker; spaCy's CNN
    pipelines run on numpy. Transformer pipelines (`*_trf`) keep them."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name.partition(".")[0] in ("torch", "transformers"):
            raise ImportError(f"{name} is not used by PII analysis workers")
        return None


def _init_worker(spacy_model: str) -> None:
    import sys

    if not spacy_model.endswith("_trf"):
        sys.meta_path.insert(0, _NoTorch())


def _warm(spacy_model: str) -> int:
    _engines(spacy_model)
    import os

    return os.getpid()


# --------------------------------------------------------------------------- chunking

_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD_SPACE = re.compile(r"(?<=[^\W\d_])\s+")


def split_text(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Cut `text` into (offset, piece) of at most ~max_chars at sentence or line ends (at spaces if
    there is none, never inside a word)."""
    if len(text) <= max_chars:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut = 0
        for m in _BREAK.finditer(window):
            if m.end() > max_chars // 4:
                cut = m.end()
        if not cut:  # no sentence end: the last space after a word of letters (never inside a number)
            spaces = [m.end() for m in _WORD_SPACE.finditer(window)]
            cut = spaces[-1] if spaces else max_chars
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


# --------------------------------------------------------------------------- the analyzer


class PiiAnalyzer:
    """Cached, batched, off-loop Presidio analysis. Build once per process; `close()` at the end."""

    def __init__(self, spacy_model: str = DEFAULT_SPACY_MODEL, *, executor: Executor = "process", workers: int = 2,
                 cache_size: int = 20_000, chunk_chars: int = 1000) -> None:
        self.spacy_model = spacy_model
        self.executor_kind: Executor = executor
        self.workers = max(1, workers if executor == "process" else 1)
        self.cache_size = cache_size
        self.chunk_chars = chunk_chars
        self._cache: OrderedDict[tuple[bytes, tuple[str, ...]], tuple[Span, ...]] = OrderedDict()
        self._inflight: dict[tuple[bytes, tuple[str, ...]], asyncio.Future[tuple[Span, ...]]] = {}
        self._tasks: set[asyncio.Future[None]] = set()
        self._pool: concurrent.futures.Executor | None = None
        self.hits = self.misses = 0
        self.state: Literal["idle", "loading", "ready", "error"] = "idle"  # for /readyz
        self.error: str | None = None

    # ---- lifecycle

    def check_model(self) -> None:
        """Raise PiiUnavailable now if the spaCy model is not installed (cheap: no import)."""
        if not model_installed(self.spacy_model):
            raise PiiUnavailable(missing_model_message(self.spacy_model))

    def _executor(self) -> concurrent.futures.Executor | None:
        if self.executor_kind == "inline":
            return None
        if self._pool is None:
            if self.executor_kind == "process":
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_init_worker, initargs=(self.spacy_model,))
            else:
                self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pii")
        return self._pool

    async def start(self) -> None:
        """Check the model and load it in every worker now, not on the first request (10-30 s).

        `state` / `error` say where it is (for /readyz). Raises PiiUnavailable."""
        self.state = "loading"
        try:
            self.check_model()
            pool = self._executor()
            if pool is None:
                _warm(self.spacy_model)
            else:
                loop = asyncio.get_running_loop()
                await asyncio.gather(*(loop.run_in_executor(pool, _warm, self.spacy_model)
                                       for _ in range(self.workers)))
        except concurrent.futures.process.BrokenProcessPool:
            self._reset()
            self.state, self.error = "error", "PII analysis worker died while loading the model"
            raise PiiUnavailable(self.error) from None
        except PiiUnavailable as exc:
            self.state, self.error = "error", str(exc)
            raise
        self.state, self.error = "ready", None

    async def close(self) -> None:
        """Stop the workers (they hold no state: terminated, not drained)."""
        self._reset()
        self.state = "idle"

    def _reset(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            # A worker that is still loading or analysing would keep the interpreter waiting at exit.
            processes = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()

    # ---- analysis

    @staticmethod
    def _key(text: str, entities: tuple[str, ...]) -> tuple[bytes, tuple[str, ...]]:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:20], entities

    def cached(self, text: str, entities: Iterable[str]) -> tuple[Span, ...] | None:
        return self._cache.get(self._key(text, tuple(sorted(set(entities)))))

    def _remember(self, key: tuple[bytes, tuple[str, ...]], spans: tuple[Span, ...]) -> None:
        self._cache[key] = spans
        self._cache.move_to_end(key)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def analyze(self, texts: Sequence[str], entities: Iterable[str]) -> list[tuple[Span, ...]]:
        """Spans per text for `entities`, from the cache where possible. Raises PiiUnavailable."""
        ents = tuple(sorted(set(entities)))
        keys = [self._key(t, ents) for t in texts]
        results: dict[int, tuple[Span, ...]] = {}
        waits: dict[int, asyncio.Future[tuple[Span, ...]]] = {}
        todo: dict[tuple[bytes, tuple[str, ...]], int] = {}
        for i, (text, key) in enumerate(zip(texts, keys, strict=True)):
            if not ents or not text.strip():
                results[i] = ()
            elif (hit := self._cache.get(key)) is not None:
                self._cache.move_to_end(key)
                self.hits += 1
                results[i] = hit
            elif key in self._inflight:
                waits[i] = self._inflight[key]
            elif key not in todo:
                todo[key] = i
        if todo:
            self.misses += len(todo)
            loop = asyncio.get_running_loop()
            mine = {key: loop.create_future() for key in todo}
            self._inflight.update(mine)
            # Its own task: a cancelled request does not cancel work other requests wait for.
            self._tasks.add(task := asyncio.ensure_future(self._fill(mine, [texts[i] for i in todo.values()], ents)))
            task.add_done_callback(self._tasks.discard)
            for key, i in todo.items():
                waits[i] = mine[key]
        for i, fut in waits.items():
            results[i] = await asyncio.shield(fut)
        for i, key in enumerate(keys):
            if i not in results:  # a duplicate of a text computed above
                results[i] = results[todo[key]]
        return [results[i] for i in range(len(texts))]

    async def _fill(self, futures: dict[tuple[bytes, tuple[str, ...]], asyncio.Future[tuple[Span, ...]]],
                    texts: list[str], entities: tuple[str, ...]) -> None:
        try:
            computed = await self._compute(texts, list(entities))
            for (key, fut), spans in zip(futures.items(), computed, strict=True):
                self._remember(key, spans)
                fut.set_result(spans)
        except BaseException as exc:
            for fut in futures.values():
                if not fut.done():
                    fut.set_exception(exc if isinstance(exc, Exception) else PiiUnavailable("analysis cancelled"))
                    fut.exception()  # retrieved: no "never retrieved" warning
            if not isinstance(exc, Exception):
                raise
        finally:
            for key in futures:
                self._inflight.pop(key, None)

    async def _compute(self, texts: list[str], entities: list[str]) -> list[tuple[Span, ...]]:
        pieces = [(ti, off, piece) for ti, t in enumerate(texts) for off, piece in split_text(t, self.chunk_chars)]
        # Balance by length over the workers: one call per worker, all in parallel.
        groups: list[list[tuple[int, int, str]]] = [[] for _ in range(self.workers)]
        sizes = [0] * self.workers
        for item in sorted(pieces, key=lambda p: -len(p[2])):
            w = sizes.index(min(sizes))
            groups[w].append(item)
            sizes[w] += len(item[2])
        groups = [g for g in groups if g]
        pool = self._executor()
        try:
            if pool is None:
                outs = [_analyze_chunks(self.spacy_model, [p for _, _, p in g], entities) for g in groups]
            else:
                loop = asyncio.get_running_loop()
                outs = await asyncio.gather(*(
                    loop.run_in_executor(pool, _analyze_chunks, self.spacy_model, [p for _, _, p in g], entities)
                    for g in groups))
        except concurrent.futures.process.BrokenProcessPool:
            self._reset()
            raise PiiUnavailable("PII analysis worker died") from None
        found: list[list[Span]] = [[] for _ in texts]
        for group, out in zip(groups, outs, strict=True):
            for (ti, off, _), results in zip(group, out, strict=True):
                found[ti].extend(Span(e, s + off, en + off, sc) for e, s, en, sc in results)
        return [tuple(sorted(spans, key=lambda s: (s.start, -s.end, s.entity))) for spans in found]
