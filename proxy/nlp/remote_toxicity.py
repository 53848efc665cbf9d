"""Toxicity scores from an inference server: the detoxify ONNX graph behind the Open Inference Protocol.

`models.toxicity.backend: remote` (see docs/toxicity-server.md). The proxy keeps the tokenizer (the
`huggingface_config_path` files) and cuts texts into segments as the local backends do; the server
(NVIDIA Triton, KServe, MLServer: anything that speaks KServe's v2 REST protocol) runs the graph
that `python -m proxy.nlp.remote_toxicity export` writes, and answers logits. The scores are the
local backends' (sigmoid, the maximum per label over a text's segments).

- Batching: texts of concurrent `score()` calls gathered for at most `max_wait_ms` (or `max_batch`
  texts) go to the server together, one infer call per group of similar lengths (`pack`), each
  padded to a length bucket (16, 32, 64, ... 512 tokens) so that a server's own dynamic batcher
  (Triton's) sees few distinct shapes.
- `timeout_s` bounds each infer call, its retries included. Connection errors and 5xx answers are
  retried (`retries` times, after 50 ms, 100 ms, ...) while time is left; 4xx answers and timeouts
  are not. A failure raises `ToxicityServerError`, a `CheckError`, so the policy's `on_error`
  decides (503 under `block`; under `allow` the check is skipped and recorded).
- Readiness: a control thread loads the tokenizer, then checks the server (`/v2/health/ready`, the
  model's metadata and `/v2/models/{name}/ready`) every second while it is down, every 10 s while it
  is up; `status()` (and `/readyz`) report it. While the server is down, scoring fails at once rather
  than waiting for timeouts; a connection failure during scoring makes it check again at once.

Nothing here runs on the event loop that could block it: tokenizing and building request bodies run
in a thread of their own; HTTP is aiohttp; health checks run in the control thread. Errors that reach
clients and records say what failed (HTTP status, exception type, timeout) but not the server's
address; `status()` and the log add the address (never credentials). None of them holds a text.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import hashlib
import json
import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from proxy.guard.checks.base import CheckError
from proxy.nlp.toxicity_model import (
    BASE_MODELS,
    MAX_MODEL_TOKENS,
    Segment,
    Segmenter,
    ToxicityModelError,
    normalise_label,
    pack,
)

if TYPE_CHECKING:
    import aiohttp

    from proxy.config.settings import Settings
    from proxy.nlp.toxicity import ScorerStatus

log = logging.getLogger("proxy.nlp.toxicity")

DEFAULT_MODEL_NAME = "detoxify"
TOKEN_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
INT_TYPES = {"INT64": np.int64, "INT32": np.int32}
MIN_BUCKET = 16
PROBE_DOWN_S = 1.0  # how often the control thread checks a server that is down
PROBE_UP_S = 10.0   # ... and one that is up


class ToxicityServerError(ToxicityModelError, CheckError):
    """The inference server could not score: unreachable, too slow, an error answer, a wrong model.
    A `CheckError`, so its message (server, status, exception type; never a text) reaches the record."""


@dataclass(frozen=True)
class ServerModel:
    """What the server's model metadata says: inputs (name, v2 datatype), the output read, its width."""

    inputs: tuple[tuple[str, str], ...]
    output: str
    width: int | None  # scores per row, when the metadata says


@dataclass
class RemoteStats:
    """Counters since start (tests and /readyz detail)."""

    requests: int = 0       # score() calls
    texts: int = 0          # texts asked for
    cache_hits: int = 0
    batches: int = 0        # groups of texts gathered together
    infer_calls: int = 0    # POSTs to /infer, retries included
    retries: int = 0
    failures: int = 0       # batches that failed
    texts_scored: int = 0
    segments_scored: int = 0
    largest_batch: int = 0


def safe_url(url: str) -> str:
    """scheme://host:port/path: no user, password, query or fragment (for messages and logs)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path.rstrip('/')}"


def split_credentials(url: str) -> tuple[str, dict[str, str]]:
    """The URL without user:password, and the Basic authorization header they make (if any)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, {}
    import base64

    user = urllib.parse.unquote(parts.username or "")
    password = urllib.parse.unquote(parts.password or "")
    netloc = parts.netloc.rsplit("@", 1)[1]
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), {"authorization": f"Basic {token}"}


def bucket(width: int, limit: int) -> int:
    """The padded length of a call whose longest segment has `width` tokens: a power of two, >= 16."""
    size = MIN_BUCKET
    while size < width:
        size *= 2
    return max(width, min(size, limit))


def parse_metadata(meta: Any, name: str, produced: Sequence[str], labels: Sequence[str]) -> ServerModel:
    """The model metadata (`GET /v2/models/{name}`) checked against the tokenizer and the labels.

    `produced`: the token inputs the tokenizer makes. A server that lists no inputs gets those, as INT64
    (the exported graph's). Raises ToxicityModelError saying what does not fit."""
    if not isinstance(meta, dict):
        raise ToxicityModelError(f"model '{name}': the server's metadata is not a JSON object")
    raw_inputs = meta.get("inputs") or []
    inputs: list[tuple[str, str]] = []
    for entry in raw_inputs:
        input_name = str(entry.get("name", "")) if isinstance(entry, dict) else ""
        datatype = str(entry.get("datatype", "INT64")).upper() if isinstance(entry, dict) else ""
        if input_name not in produced:
            raise ToxicityModelError(
                f"model '{name}' on the server takes an input '{input_name[:64]}' that the tokenizer does not make "
                f"(it makes {', '.join(produced)}): is it the graph `python -m proxy.nlp.remote_toxicity export` "
                "writes, for the model of models.toxicity.huggingface_config_path?")
        if datatype not in INT_TYPES:
            raise ToxicityModelError(
                f"model '{name}': input '{input_name}' is {datatype[:16]} on the server; token ids are INT64 or INT32")
        inputs.append((input_name, datatype))
    if not inputs:
        inputs = [(n, "INT64") for n in produced]
    if "input_ids" not in {n for n, _ in inputs}:
        raise ToxicityModelError(f"model '{name}' on the server has no input 'input_ids'")
    outputs = [o for o in meta.get("outputs") or [] if isinstance(o, dict)]
    named = [o for o in outputs if o.get("name") == "logits"]
    if named or not outputs:
        chosen: dict[str, Any] = named[0] if named else {"name": "logits"}
    elif len(outputs) == 1:
        chosen = outputs[0]
    else:
        raise ToxicityModelError(f"model '{name}' on the server has {len(outputs)} outputs and none named 'logits'")
    shape = chosen.get("shape") or []
    width = int(shape[-1]) if shape and isinstance(shape[-1], int) and shape[-1] > 0 else None
    if width is not None and width != len(labels):
        raise ToxicityModelError(
            f"model '{name}' on the server gives {width} scores per text but {len(labels)} labels are expected "
            f"({', '.join(labels)}): set models.toxicity.labels to the checkpoint's labels, in its order")
    return ServerModel(tuple(inputs), str(chosen["name"]), width)


def encode_request(batch: dict[str, np.ndarray], model: ServerModel) -> bytes:
    """The JSON body of one infer call (tensors flattened row-major, as the v2 protocol says)."""
    import orjson

    inputs = []
    for name, datatype in model.inputs:
        arr = np.ascontiguousarray(batch[name].astype(INT_TYPES[datatype], copy=False))
        inputs.append({"name": name, "shape": list(arr.shape), "datatype": datatype, "data": arr.reshape(-1)})
    return orjson.dumps({"inputs": inputs, "outputs": [{"name": model.output}]}, option=orjson.OPT_SERIALIZE_NUMPY)


def decode_response(body: bytes, model: ServerModel, rows: int, width: int) -> np.ndarray:
    """The output tensor of an infer answer as (rows, width) float32; ToxicityModelError if it is not that."""
    import orjson

    try:
        answer = orjson.loads(body)
        (out,) = [o for o in answer["outputs"] if o.get("name") == model.output]
        logits = np.asarray(out["data"], dtype=np.float32).reshape(out["shape"])
    except Exception as exc:  # noqa: BLE001 - any malformed answer: name its type only
        raise ToxicityModelError(f"the server's answer has no usable output '{model.output}' "
                                 f"({type(exc).__name__})") from None
    if logits.shape != (rows, width):
        raise ToxicityModelError(f"the server answered a {'x'.join(map(str, logits.shape))} output for "
                                 f"{rows} texts and {width} labels")
    return logits


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return (1.0 / (1.0 + np.exp(-x.astype(np.float64)))).astype(np.float32)


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class RemoteToxicityScorer:
    """A `ToxicityScorer` whose model runs on an Open Inference Protocol server (see the module doc).

    `start()` loads the tokenizer and checks the server in a control thread, without waiting; `load()`
    waits for the first check (CLI, tests); `score()` waits for it if needed. Labels are the model's
    (`EXPECTED_LABELS`) or `labels`, in the order of the graph's output columns."""

    def __init__(
        self,
        url: str,
        *,
        model: str = "original",
        model_name: str = DEFAULT_MODEL_NAME,
        labels: Sequence[str] | None = None,
        huggingface_config_path: str | Path | None = None,
        timeout_s: float = 2.0,
        retries: int = 2,
        backoff_s: float = 0.05,
        max_batch: int = 32,
        max_wait_ms: float = 2.0,
        cache_size: int = 4096,
        segment_tokens: int = MAX_MODEL_TOKENS,
        segment_overlap: int = 64,
        token_budget: int = 8192,
        max_connections: int = 16,
        probe_down_s: float = PROBE_DOWN_S,
        probe_up_s: float = PROBE_UP_S,
    ) -> None:
        from proxy.nlp.toxicity import EXPECTED_LABELS, ORIGINAL_LABELS, ScorerStatus

        self.url, self._headers = split_credentials(url.rstrip("/"))
        self.where = safe_url(self.url)
        self.model = model
        self.model_name = model_name
        self.labels: tuple[str, ...] = (tuple(normalise_label(x) for x in labels) if labels
                                        else EXPECTED_LABELS.get(model, ORIGINAL_LABELS))
        self.huggingface_config_path = Path(huggingface_config_path) if huggingface_config_path else None
        self.timeout_s = float(timeout_s)
        self.retries = max(0, int(retries))
        self.backoff_s = max(0.0, float(backoff_s))
        self.max_batch = max(1, max_batch)
        self.max_wait = max(0.0, max_wait_ms) / 1000.0
        self.cache_size = max(0, cache_size)
        self.segment_tokens = segment_tokens
        self.segment_overlap = segment_overlap
        self.token_budget = max(MAX_MODEL_TOKENS, token_budget)
        self.max_connections = max(1, max_connections)
        self.probe_down_s = probe_down_s
        self.probe_up_s = probe_up_s
        self.stats = RemoteStats()

        quoted = urllib.parse.quote(model_name, safe="")
        self._infer_url = f"{self.url}/v2/models/{quoted}/infer"
        self._model_url = f"{self.url}/v2/models/{quoted}"
        self._status: ScorerStatus = ScorerStatus("idle", model, "remote", self.where, self.labels)
        self._server: ServerModel | None = None
        self._segmenter: Segmenter | None = None
        self._produced: tuple[str, ...] = ()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loaded = threading.Event()   # the first check is done (either way)
        self._wake = threading.Event()     # check the server now
        self._closed = False
        self._reason: str | None = None    # why it is not ready, without the server's address (for clients)
        # One thread for tokenizing and request bodies: the event loop never does either.
        self._executor = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="toxicity-remote-io")
        self._cache: OrderedDict[bytes, dict[str, float]] = OrderedDict()
        # Per event loop (bound on the first score() in a loop): the HTTP session and the batch queue.
        self._loop: asyncio.AbstractEventLoop | None = None
        self._session: aiohttp.ClientSession | None = None
        self._queue: list[tuple[bytes, str, asyncio.Future[dict[str, float]]]] = []
        self._pending: dict[bytes, asyncio.Future[dict[str, float]]] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    # ------------------------------------------------------------------ lifecycle

    @property
    def error(self) -> str | None:
        return self._status.error

    def status(self) -> ScorerStatus:
        return self._status

    def start(self) -> None:
        """Load the tokenizer and check the server in the control thread, without waiting. Idempotent."""
        with self._lock:
            if self._thread is not None or self._closed:
                return
            self._status = replace(self._status, state="loading")
            self._thread = threading.Thread(target=self._control, name="toxicity-remote", daemon=True)
            self._thread.start()

    def load(self, timeout: float | None = None) -> ScorerStatus:
        """Start and wait for the first check; raises ToxicityModelError when the scorer is not usable."""
        self.start()
        if not self._loaded.wait(timeout):
            raise ToxicityModelError(f"the toxicity tokenizer is still loading after {timeout} s")
        self._raise_if_unusable()
        return self._status

    async def wait_ready(self) -> ScorerStatus:
        """`load()` for async callers: waits off the event loop."""
        self.start()
        await asyncio.get_running_loop().run_in_executor(None, self._loaded.wait)
        self._raise_if_unusable()
        return self._status

    def close(self) -> None:
        """Stop the control thread and fail what is pending; may be called from any thread."""
        with self._lock:
            self._closed = True
            self._status = replace(self._status, state="closed", error=self._status.error or "closed")
            thread, self._thread = self._thread, None
        self._wake.set()
        self._loaded.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._executor.shutdown(wait=False, cancel_futures=True)
        loop, session = self._loop, self._session
        if loop is not None and not loop.is_closed():
            error = ToxicityServerError("the toxicity scorer is closed")

            def finish() -> None:
                self._fail(list(self._pending.values()), error)
                if session is not None:
                    task = loop.create_task(session.close())
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)

            try:
                if _running_loop() is loop:
                    finish()
                else:
                    loop.call_soon_threadsafe(finish)
            except RuntimeError:  # the loop closed meanwhile
                pass

    async def aclose(self) -> None:
        """`close()`, then the HTTP session closed on this loop (tests)."""
        self.close()
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _raise_if_unusable(self) -> None:
        if self._status.state != "ready":
            raise ToxicityServerError(self._reason or f"the toxicity server is {self._status.state}")

    # ------------------------------------------------------------------ control thread

    def _control(self) -> None:
        try:
            self._load_tokenizer()
        except Exception as exc:  # noqa: BLE001 - said in status and log; no check can fix it
            message = str(exc) if isinstance(exc, ToxicityModelError) else f"{type(exc).__name__}: {str(exc)[:300]}"
            self._set_state("error", message, where=False)
            self._loaded.set()
            return
        while not self._closed:
            up = self._check()
            self._loaded.set()
            self._wake.wait(self.probe_up_s if up else self.probe_down_s)
            self._wake.clear()

    def _load_tokenizer(self) -> None:
        if self.huggingface_config_path is not None and not self.huggingface_config_path.is_dir():
            raise ToxicityModelError(
                f"models.toxicity.huggingface_config_path: no such directory: {self.huggingface_config_path}; "
                "the remote backend tokenizes in the proxy: point it at the model's tokenizer files "
                "(vocab.txt or tokenizer.json, tokenizer_config.json)")
        source: str = (str(self.huggingface_config_path) if self.huggingface_config_path is not None
                       else BASE_MODELS.get(self.model, ""))
        if not source:
            raise ToxicityModelError("models.toxicity.huggingface_config_path: required for this model with "
                                     "backend: remote (the proxy tokenizes)")
        try:
            from transformers import AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(source)
        except Exception as exc:  # noqa: BLE001 - offline, missing files: say what to set
            raise ToxicityModelError(
                f"could not load the tokenizer of {source} ({type(exc).__name__}: {str(exc)[:200]}); with "
                "backend: remote the proxy tokenizes: set models.toxicity.huggingface_config_path to a directory "
                "with the model's tokenizer files (vocab.txt or tokenizer.json, tokenizer_config.json)") from None
        produced = tuple(n for n in tokenizer.model_input_names if n in TOKEN_INPUTS)
        self._produced = produced
        self._segmenter = Segmenter(tokenizer, produced, max_tokens=self.segment_tokens, overlap=self.segment_overlap)

    def _get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"accept": "application/json", **self._headers})
        with urllib.request.urlopen(request, timeout=self.timeout_s) as answer:  # noqa: S310 - http(s) from config
            return bytes(answer.read())

    def _check(self) -> bool:
        """Whether the server and the model are ready; sets the status. Runs in the control thread."""
        try:
            self._get(f"{self.url}/v2/health/ready")
            if self._server is None or self._status.state != "ready":
                meta = json.loads(self._get(self._model_url))
                self._server = parse_metadata(meta, self.model_name, self._produced, self.labels)
            self._get(f"{self._model_url}/ready")
        except ToxicityModelError as exc:
            return self._set_state("error", str(exc))
        except urllib.error.HTTPError as exc:
            return self._set_state("error", f"no model '{self.model_name}' (HTTP 404): check models.toxicity.model_name"
                                   if exc.code == 404 else f"not ready (HTTP {exc.code})")
        except (OSError, ValueError) as exc:  # URLError, refused, timeout, a body that is not JSON
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            return self._set_state("error", f"not reachable ({type(reason).__name__})")
        return self._set_state("ready", None)

    def _set_state(self, state: str, reason: str | None, *, where: bool = True) -> bool:
        """`reason` goes to clients (503 answers, records) as it is; status and log add the server's address."""
        error = None if reason is None else f"toxicity server {self.where}: {reason}" if where else reason
        with self._lock:
            if self._closed:
                return False
            before = self._status
            detail = (f"model '{self.model_name}' on {self.where}: inputs "
                      f"{', '.join(n for n, _ in self._server.inputs)}, output {self._server.output}"
                      if self._server is not None else None)
            self._reason = None if reason is None else f"toxicity server: {reason}" if where else reason
            self._status = replace(before, state=state, error=error, detail=detail)  # type: ignore[arg-type]
        if before.state != state or before.error != error:
            if state == "ready":
                log.info("toxicity server ready: %s", detail)
            else:
                log.error("toxicity scoring unavailable: %s", error)
        return state == "ready"

    def _server_down(self, reason: str) -> None:
        """A connection failed while scoring: fail fast from now on, and check the server again now."""
        self._set_state("error", reason)
        self._wake.set()

    # ------------------------------------------------------------------ scoring

    async def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """One `{label: probability}` per text, in order. Raises ToxicityServerError when it cannot."""
        if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
            raise TypeError("score() takes a sequence of strings")
        self.stats.requests += 1
        self.stats.texts += len(texts)
        if not texts:
            return []
        if self._status.state != "ready":
            self.start()
            if not self._loaded.is_set():
                await asyncio.get_running_loop().run_in_executor(None, self._loaded.wait)
            self._raise_if_unusable()
        loop = self._bind()
        results: list[dict[str, float] | None] = [None] * len(texts)
        waits: list[tuple[int, asyncio.Future[dict[str, float]]]] = []
        for i, text in enumerate(texts):
            key = _text_key(text)
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                self.stats.cache_hits += 1
                results[i] = dict(cached)
                continue
            future = self._pending.get(key)
            if future is None:
                future = loop.create_future()
                self._pending[key] = future
                self._queue.append((key, text, future))
            waits.append((i, future))
        if self._queue:
            self._schedule(loop)
        if waits:
            done = await asyncio.gather(*(asyncio.shield(f) for _, f in waits))
            for (i, _), scores in zip(waits, done, strict=True):
                results[i] = dict(scores)
        return [r for r in results if r is not None]

    def _bind(self) -> asyncio.AbstractEventLoop:
        """This loop's HTTP session and queue (a new loop, e.g. a CLI's second asyncio.run, gets new ones)."""
        import aiohttp

        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._session is None or self._session.closed:
            self._loop = loop
            self._queue, self._pending, self._timer, self._tasks = [], {}, None, set()
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.max_connections), raise_for_status=False)
        return loop

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        if len(self._queue) >= self.max_batch or self.max_wait == 0:
            self._flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_wait, self._flush)

    def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        loop = self._loop
        assert loop is not None
        while self._queue:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch:]
            task = loop.create_task(self._run_batch(batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run_batch(self, batch: list[tuple[bytes, str, asyncio.Future[dict[str, float]]]]) -> None:
        try:
            scores = await self._infer([text for _, text, _ in batch])
        except Exception as exc:  # noqa: BLE001 - every waiter gets the error; none may hang
            self.stats.failures += 1
            error = exc if isinstance(exc, ToxicityServerError) else ToxicityServerError(
                f"toxicity server: {exc}" if isinstance(exc, ToxicityModelError)
                else f"toxicity scoring failed ({type(exc).__name__})")
            for key, _, _ in batch:
                self._pending.pop(key, None)
            self._fail([f for _, _, f in batch], error)
            return
        self.stats.batches += 1
        self.stats.texts_scored += len(batch)
        self.stats.largest_batch = max(self.stats.largest_batch, len(batch))
        for (key, _, future), result in zip(batch, scores, strict=True):
            self._pending.pop(key, None)
            if self.cache_size:
                self._cache[key] = result
                if len(self._cache) > self.cache_size:
                    self._cache.popitem(last=False)
            if not future.done():
                future.set_result(result)

    @staticmethod
    def _fail(futures: Sequence[asyncio.Future[dict[str, float]]], error: BaseException) -> None:
        for future in futures:
            if not future.done():
                future.set_exception(error)
                future.exception()  # retrieved: a caller that gave up must not leave a warning behind

    async def _infer(self, texts: list[str]) -> list[dict[str, float]]:
        server, segmenter = self._server, self._segmenter
        if server is None or segmenter is None:
            raise ToxicityServerError(self._reason or "the toxicity server is not ready")
        loop = asyncio.get_running_loop()
        segments, calls = await loop.run_in_executor(self._executor, self._prepare, texts, server, segmenter)
        answers = await asyncio.gather(*(self._post(body) for _, body in calls))
        width = len(self.labels)
        best = np.zeros((len(texts), width), dtype=np.float32)
        for (rows, _), body in zip(calls, answers, strict=True):
            probs = _sigmoid(decode_response(body, server, len(rows), width))
            for row, i in enumerate(rows):
                owner = segments[i].owner
                best[owner] = np.maximum(best[owner], probs[row])
            self.stats.segments_scored += len(rows)
        return [dict(zip(self.labels, map(float, values), strict=True)) for values in best]

    def _prepare(self, texts: list[str], server: ServerModel, segmenter: Segmenter,
                 ) -> tuple[list[Segment], list[tuple[list[int], bytes]]]:
        """Segments, grouped into calls of similar lengths (at most max_batch rows), and each call's body."""
        segments = segmenter.segments(texts)
        calls: list[tuple[list[int], bytes]] = []
        for group in pack(segments, self.token_budget):
            for start in range(0, len(group), self.max_batch):
                rows = group[start:start + self.max_batch]
                chosen = [segments[i] for i in rows]
                width = bucket(max(s.length for s in chosen), segmenter.max_tokens)
                calls.append((rows, encode_request(segmenter.pad(chosen, width), server)))
        return segments, calls

    async def _post(self, body: bytes) -> bytes:
        """POST one infer call: retried on connection errors and 5xx while `timeout_s` lasts."""
        import aiohttp

        session = self._session
        assert session is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        attempt = 0
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise ToxicityServerError(f"toxicity server: timed out after {self.timeout_s:g} s")
            connection_error = False
            self.stats.infer_calls += 1
            try:
                headers = {"content-type": "application/json", **self._headers}
                async with session.post(self._infer_url, data=body, headers=headers,
                                        timeout=aiohttp.ClientTimeout(total=remaining)) as answer:
                    status = answer.status
                    payload = await answer.read()
            except TimeoutError:  # asyncio's and aiohttp's: the time is spent, no retry
                log.warning("toxicity server %s: timed out after %g s", self.where, self.timeout_s)
                raise ToxicityServerError(f"toxicity server: timed out after {self.timeout_s:g} s") from None
            except aiohttp.ClientError as exc:  # refused, reset, disconnected: retried
                failure, connection_error = type(exc).__name__, True
            else:
                if status == 200:
                    return payload
                if status < 500:
                    log.error("toxicity server %s: model '%s' answered HTTP %d", self.where, self.model_name, status)
                    raise ToxicityServerError(f"toxicity server: model '{self.model_name}' answered HTTP {status}")
                failure = f"HTTP {status}"
            attempt += 1
            pause = self.backoff_s * 2 ** (attempt - 1)
            if attempt > self.retries or loop.time() + pause >= deadline:
                reason = f"{failure} (after {attempt} attempts)"
                if connection_error:
                    self._server_down(reason)
                else:
                    log.error("toxicity server %s: %s", self.where, reason)
                raise ToxicityServerError(f"toxicity server: {reason}")
            self.stats.retries += 1
            log.warning("toxicity server %s: %s; retrying in %.0f ms", self.where, failure, pause * 1000)
            await asyncio.sleep(pause)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


# models.toxicity keys the remote scorer reads when the config defines them (beyond url, model_name,
# labels, timeout_s, retries).
TUNING_KEYS = ("max_batch", "max_wait_ms", "cache_size", "segment_tokens")


def build_remote_scorer(settings: Settings, **overrides: Any) -> RemoteToxicityScorer:
    """The scorer `models.toxicity` describes with `backend: remote` (not started: call `start()`)."""
    cfg = settings.proxy.models.toxicity
    url = getattr(cfg, "url", None)
    if not url:  # the config schema refuses this; a programming error otherwise
        raise ToxicityModelError("models.toxicity.url is required with backend: remote")
    kwargs: dict[str, Any] = {
        "model": cfg.model,
        "model_name": getattr(cfg, "model_name", DEFAULT_MODEL_NAME),
        "labels": getattr(cfg, "labels", None),
        "huggingface_config_path": settings.resolve(cfg.huggingface_config_path)
        if cfg.huggingface_config_path else None,
        "timeout_s": getattr(cfg, "timeout_s", 2.0),
        "retries": getattr(cfg, "retries", 2),
    }
    for key in TUNING_KEYS:
        value = getattr(cfg, key, None)
        if value is not None:
            kwargs[key] = value
    kwargs.update(overrides)
    return RemoteToxicityScorer(url, **kwargs)


# --------------------------------------------------------------------------- model repository


def triton_config(model_name: str, inputs: Sequence[str], labels: Sequence[str], *, max_batch_size: int = 64,
                  gpu: bool = True, queue_delay_us: int = 2000) -> str:
    """config.pbtxt for Triton's ONNX Runtime backend: the exported graph, dynamic batching."""
    lines = [f'name: "{model_name}"', 'backend: "onnxruntime"', f"max_batch_size: {max_batch_size}", "input ["]
    lines.append(",\n".join(f'  {{ name: "{n}", data_type: TYPE_INT64, dims: [ -1 ] }}' for n in inputs))
    lines += ["]", "output [",
              f'  {{ name: "logits", data_type: TYPE_FP32, dims: [ {len(labels)} ], label_filename: "labels.txt" }}',
              "]",
              "dynamic_batching {",
              f"  max_queue_delay_microseconds: {queue_delay_us}",
              "}",
              f"instance_group [ {{ kind: {'KIND_GPU' if gpu else 'KIND_CPU'}, count: 1 }} ]"]
    return "\n".join(lines) + "\n"


def write_model_repository(repository: Path, *, model: str = "original", checkpoint: Path | None = None,
                           huggingface_config_path: Path | None = None, model_name: str = DEFAULT_MODEL_NAME,
                           max_batch_size: int = 64, gpu: bool = True) -> tuple[Path, tuple[str, ...]]:
    """Export the detoxify model to `repository/<model_name>/1/model.onnx`, with Triton's `config.pbtxt`
    and `labels.txt` (the output columns' labels, in order). Returns (the graph's path, the labels)."""
    from proxy.nlp.toxicity_model import ModelSpec, export_onnx, load_detoxify

    detox = load_detoxify(ModelSpec(model, checkpoint, huggingface_config_path, "cpu"))
    names = [n for n in detox.tokenizer.model_input_names if n in TOKEN_INPUTS]
    labels = tuple(normalise_label(c) for c in detox.class_names)
    folder = repository / model_name
    graph = folder / "1" / "model.onnx"
    export_onnx(detox.model, detox.tokenizer, names, graph)
    (folder / "labels.txt").write_text("".join(f"{label}\n" for label in labels))
    (folder / "config.pbtxt").write_text(triton_config(model_name, names, labels, max_batch_size=max_batch_size,
                                                       gpu=gpu))
    return graph, labels


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m proxy.nlp.remote_toxicity",
        description="Write a Triton model repository (ONNX graph, config.pbtxt, labels.txt) for backend: remote.")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="export a detoxify checkpoint to REPOSITORY/MODEL_NAME/1/model.onnx")
    export.add_argument("repository", type=Path)
    export.add_argument("--model", default="original", help="detoxify model (default original)")
    export.add_argument("--checkpoint", type=Path, help="a local detoxify checkpoint (.ckpt)")
    export.add_argument("--huggingface-config-path", type=Path, help="its Hugging Face config and tokenizer files")
    export.add_argument("--model-name", default=DEFAULT_MODEL_NAME, help="the name the server serves it under")
    export.add_argument("--max-batch-size", type=int, default=64)
    export.add_argument("--cpu", action="store_true", help="instance_group KIND_CPU instead of KIND_GPU")
    args = parser.parse_args(argv)
    try:
        graph, labels = write_model_repository(
            args.repository, model=args.model, checkpoint=args.checkpoint,
            huggingface_config_path=args.huggingface_config_path, model_name=args.model_name,
            max_batch_size=args.max_batch_size, gpu=not args.cpu)
    except ToxicityModelError as exc:
        print(f"error: {exc}")
        return 1
    print(f"wrote {graph}, {graph.parent.parent / 'config.pbtxt'}; labels: {', '.join(labels)}")
    return 0


if __name__ == "__main__":  # pragma: no cover - the CLI
    raise SystemExit(main())
