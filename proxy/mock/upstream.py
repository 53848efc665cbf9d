"""A mock LLM provider speaking the OpenAI and Anthropic wire formats, as one aiohttp app.

It backs `guardrail-proxy mock-upstream` / `guardrail-proxy demo` and stands in for the real
providers in tests and benchmarks. By default it echoes (`"You said: " + <last user text>`); tests
queue `Script`s to make it say chosen things, call tools, fail, stall or break a stream, and read
`MockState.requests` to see what reached it. Control routes under `/_mock/` do the same over HTTP.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
import re
import struct
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any

import aiohttp
from aiohttp import web

JSON = dict[str, Any]

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # compact, like the APIs
_WORD_RE = re.compile(r"\w+|[^\w\s]")
_TEXT_KEYS = frozenset(
    {"content", "text", "arguments", "input", "output", "prompt", "instructions", "system"}
)
_FINGERPRINT = "fp_mock"
_ids = itertools.count(1)
OPENAI, ANTHROPIC = "openai", "anthropic"
MODELS = (  # (id, owned_by) for GET /v1/models
    ("gpt-4o-mini", "openai"), ("gpt-4o", "openai"), ("gpt-4.1", "openai"), ("text-embedding-3-small", "openai"),
    ("text-embedding-3-large", "openai"), ("claude-3-5-haiku-latest", "anthropic"),
    ("claude-haiku-4-5", "anthropic"), ("claude-sonnet-4-6", "anthropic"),
)


# --------------------------------------------------------------------------- state and scripts


@dataclass
class Script:
    """What the mock answers to one request (JSON form: the same field names)."""

    text: str | None = None                       # answer text; None: echo (or nothing if tool calls)
    tool_calls: list[dict[str, Any]] | None = None  # [{name, arguments: JSON string or object, id?}]
    status: int | None = None                     # answer this HTTP error instead
    error_body: dict[str, Any] | None = None      # its body (default: the provider's error shape)
    headers: dict[str, str] | None = None         # extra response headers
    latency_ms: float | None = None               # overrides MockState.latency_ms
    chunk_delay_ms: float = 0.0                   # sleep between stream events
    chunk_chars: int | None = None                # stream chunk size (default MockState.chunk_chars)
    disconnect_after: int | None = None           # streams: close the connection after N events
    usage: dict[str, int] | None = None           # override {input_tokens, output_tokens}
    raw_sse: str | None = None                    # serve these SSE bytes verbatim (recorded streams)

    def __post_init__(self) -> None:
        if self.tool_calls is not None:
            self.tool_calls = [_normalize_call(call) for call in self.tool_calls]
        if self.chunk_chars is not None and self.chunk_chars < 1:
            raise ValueError("chunk_chars must be >= 1")

    @classmethod
    def from_json(cls, data: Any) -> Script:
        if not isinstance(data, dict):
            raise ValueError("a script must be a JSON object")
        unknown = set(data) - _SCRIPT_FIELDS
        if unknown:
            raise ValueError(f"unknown script fields: {sorted(unknown)}")
        return cls(**data)


_SCRIPT_FIELDS = frozenset(f.name for f in fields(Script))
_DEFAULT_SCRIPT = Script()


def _normalize_call(call: Any) -> dict[str, Any]:
    if not isinstance(call, dict) or not isinstance(call.get("name"), str):
        raise ValueError("a tool call needs a string 'name'")
    args = call.get("arguments", "{}")
    if not isinstance(args, str):
        args = _dumps(args)
    if not isinstance(json.loads(args), dict):
        raise ValueError("tool call arguments must be a JSON object")
    return {"name": call["name"], "arguments": args, "id": call.get("id")}


@dataclass
class RecordedRequest:
    """One request as the mock received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    raw: bytes

    def to_json(self) -> JSON:
        return {"method": self.method, "path": self.path, "headers": self.headers, "body": self.body}


@dataclass
class MockState:
    """Recorded requests, queued scripts and knobs; shared by the app's handlers."""

    requests: list[RecordedRequest] = field(default_factory=list)
    scripts: deque[Script] = field(default_factory=deque)
    latency_ms: float = 0.0
    record: bool = True
    max_requests: int = 1000
    chunk_chars: int = 8
    # How each paced stream (chunk_delay_ms or disconnect_after) ended: "completed", "cut" (scripted
    # disconnect) or "client_gone" (the caller closed the connection while the mock was still sending).
    stream_outcomes: list[str] = field(default_factory=list)

    def add_script(self, *scripts: Script | JSON) -> None:
        for script in scripts:
            self.scripts.append(script if isinstance(script, Script) else Script.from_json(script))

    def reset(self) -> None:
        self.requests.clear()
        self.scripts.clear()
        self.stream_outcomes.clear()

    def add_request(self, recorded: RecordedRequest) -> None:
        self.requests.append(recorded)
        excess = len(self.requests) - self.max_requests
        if excess > 0:
            del self.requests[:excess]

    @property
    def last(self) -> RecordedRequest | None:
        return self.requests[-1] if self.requests else None


MOCK_STATE = web.AppKey("MOCK_STATE", MockState)


# --------------------------------------------------------------------------- text helpers


def count_tokens(text: str) -> int:
    """The mock's deterministic tokenizer: words and punctuation marks, at least 1."""
    return max(1, len(_WORD_RE.findall(text)))


def _collect_texts(value: Any, out: list[str], is_text: bool = False) -> list[str]:
    if isinstance(value, str):
        if is_text:
            out.append(value)
    elif isinstance(value, list):
        for item in value:
            _collect_texts(item, out, is_text)
    elif isinstance(value, dict):
        for key, item in value.items():
            _collect_texts(item, out, key in _TEXT_KEYS)
    return out


def _input_tokens(body: JSON) -> int:
    return max(1, sum(len(_WORD_RE.findall(t)) for t in _collect_texts(body, [])))


def _parts_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p["text"] for p in content
            if isinstance(p, dict) and p.get("type") in ("text", "input_text") and isinstance(p.get("text"), str)
        )
    return ""


def _last_user_text(items: Any) -> str:
    if isinstance(items, str):
        return items
    if isinstance(items, list):
        for item in reversed(items):
            if isinstance(item, dict) and item.get("role") == "user":
                return _parts_text(item.get("content"))
    return ""


def _echo(body: JSON) -> str:
    """The last user text: chat/Anthropic `messages`, Responses `input`, or a legacy `prompt`."""
    if "messages" in body:
        return _last_user_text(body["messages"])
    if "input" in body:
        return _last_user_text(body["input"])
    prompt = body.get("prompt")
    if isinstance(prompt, list):
        return "".join(p for p in prompt if isinstance(p, str))
    return prompt if isinstance(prompt, str) else ""


def _chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


def _new_id(prefix: str) -> str:
    return f"{prefix}mock{next(_ids):020d}"


# --------------------------------------------------------------------------- one answer


@dataclass(slots=True)
class _Turn:
    """The answer planned for one request: text, tool calls, token counts, stream shape."""

    model: str
    text: str
    tool_calls: list[dict[str, Any]]
    input_tokens: int
    output_tokens: int
    chunk_chars: int
    chunk_delay: float
    disconnect_after: int | None
    headers: dict[str, str] | None
    truncated: bool = False  # cut at the request's max_tokens, as a real model stops


_LIMIT_FIELDS = ("max_completion_tokens", "max_tokens", "max_output_tokens")


def _output_limit(body: JSON) -> int | None:
    for name in _LIMIT_FIELDS:
        value = body.get(name)
        if type(value) is int and value > 0:
            return value
    return None


def _truncate(text: str, limit: int) -> tuple[str, bool]:
    """The text cut after `limit` tokens of the mock's tokenizer (and whether it was cut)."""
    for i, match in enumerate(_WORD_RE.finditer(text)):
        if i == limit:
            return text[:match.start()].rstrip(), True
    return text, False


def _plan(state: MockState, script: Script, body: JSON) -> _Turn:
    calls = script.tool_calls or []
    text = script.text if script.text is not None else ("" if calls else "You said: " + _echo(body))
    limit = _output_limit(body)
    truncated = False
    if limit is not None and not calls:
        text, truncated = _truncate(text, limit)
    usage = script.usage or {}
    if "output_tokens" in usage:
        output_tokens = usage["output_tokens"]
    else:
        output_tokens = max(1, sum(len(_WORD_RE.findall(t)) for t in (text, *(c["arguments"] for c in calls))))
    return _Turn(
        model=str(body.get("model", "")), text=text, tool_calls=calls,
        input_tokens=usage["input_tokens"] if "input_tokens" in usage else _input_tokens(body),
        output_tokens=output_tokens, chunk_chars=script.chunk_chars or state.chunk_chars,
        chunk_delay=script.chunk_delay_ms / 1000, disconnect_after=script.disconnect_after,
        headers=script.headers, truncated=truncated,
    )


# --------------------------------------------------------------------------- wire helpers

_SLOT = "\x00slot\x00"
_SLOT_JSON = _dumps(_SLOT)


class _Template:
    """A pre-serialized SSE event with holes (`_SLOT`) filled by JSON values, in textual order."""

    __slots__ = ("_parts",)

    def __init__(self, obj: JSON, event: str | None = None) -> None:
        head = f"event: {event}\ndata: " if event else "data: "
        self._parts = (head + _dumps(obj) + "\n\n").split(_SLOT_JSON)

    def fill(self, *values: Any) -> str:
        parts = self._parts
        out = [parts[0]]
        for value, part in zip(values, parts[1:], strict=True):
            out.append(_dumps(value))
            out.append(part)
        return "".join(out)


def _data(obj: Any) -> str:
    return "data: " + _dumps(obj) + "\n\n"


def _event(obj: JSON) -> str:
    return "event: " + obj["type"] + "\ndata: " + _dumps(obj) + "\n\n"


def _json(obj: Any, turn: _Turn | None = None, status: int = 200) -> web.Response:
    return web.Response(
        body=_dumps(obj).encode(), status=status, content_type="application/json",
        headers=turn.headers if turn else None,
    )


async def _sse(request: web.Request, turn: _Turn, events: list[str]) -> web.StreamResponse:
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    if turn.headers:
        resp.headers.update(turn.headers)
    await resp.prepare(request)
    cut, delay = turn.disconnect_after, turn.chunk_delay
    if cut is None and not delay:
        await resp.write("".join(events).encode())
        await resp.write_eof()
        return resp
    outcomes = request.app[MOCK_STATE].stream_outcomes
    try:
        for i, event in enumerate(events):
            if cut is not None and i >= cut:
                outcomes.append("cut")
                if request.transport is not None:
                    request.transport.close()  # no terminating chunk: the client sees a broken stream
                return resp
            if delay and i:
                await asyncio.sleep(delay)
            await resp.write(event.encode())
        await resp.write_eof()
    except (ConnectionResetError, aiohttp.ClientConnectionResetError):
        outcomes.append("client_gone")
        return resp
    outcomes.append("completed")
    return resp


async def _raw_sse(request: web.Request, script: Script, chunk_chars: int) -> web.StreamResponse:
    """Replay recorded SSE bytes verbatim, in `chunk_chars`-sized writes so event boundaries fall anywhere."""
    assert script.raw_sse is not None
    data = script.raw_sse.encode()
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await resp.prepare(request)
    for i in range(0, len(data), chunk_chars):
        await resp.write(data[i:i + chunk_chars])
        if script.chunk_delay_ms:
            await asyncio.sleep(script.chunk_delay_ms / 1000)
    await resp.write_eof()
    return resp


_OPENAI_ERROR_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error",
                       404: "invalid_request_error", 429: "rate_limit_exceeded"}
_ANTHROPIC_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                          404: "not_found_error", 413: "request_too_large", 429: "rate_limit_error",
                          529: "overloaded_error"}


def _error(fmt: str, status: int, message: str, param: str | None = None,
           body: JSON | None = None, headers: dict[str, str] | None = None) -> web.Response:
    if body is None:
        if fmt == ANTHROPIC:
            kind = _ANTHROPIC_ERROR_TYPES.get(status, "api_error")
            body = {"type": "error", "error": {"type": kind, "message": message}}
        else:
            kind = _OPENAI_ERROR_TYPES.get(status, "server_error")
            body = {"error": {"message": message, "type": kind, "param": param, "code": None}}
    resp = web.Response(body=_dumps(body).encode(), status=status, content_type="application/json")
    if headers:
        resp.headers.update(headers)
    return resp


# --------------------------------------------------------------------------- OpenAI


def _oai_usage(turn: _Turn) -> JSON:
    return {
        "prompt_tokens": turn.input_tokens, "completion_tokens": turn.output_tokens,
        "total_tokens": turn.input_tokens + turn.output_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                      "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
    }


def _include_usage(body: JSON) -> bool:
    options = body.get("stream_options")
    return isinstance(options, dict) and bool(options.get("include_usage"))


def _oai_calls(turn: _Turn) -> list[JSON]:
    return [{"id": c["id"] or _new_id("call_"), "type": "function",
             "function": {"name": c["name"], "arguments": c["arguments"]}} for c in turn.tool_calls]


async def _chat(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    head = {"id": _new_id("chatcmpl-"), "object": "chat.completion", "created": int(time.time()),
            "model": turn.model, "service_tier": "default", "system_fingerprint": _FINGERPRINT}
    finish = "tool_calls" if turn.tool_calls else ("length" if turn.truncated else "stop")
    calls = _oai_calls(turn)
    if not body.get("stream"):
        message: JSON = {"role": "assistant", "content": turn.text if turn.text or not calls else None,
                         "refusal": None, "annotations": []}
        if calls:
            message["tool_calls"] = calls
        choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
        return _json({**head, "choices": [choice], "usage": _oai_usage(turn)}, turn)

    head["object"] = "chat.completion.chunk"
    include_usage = _include_usage(body)
    if include_usage:
        head["usage"] = None

    def chunk(delta: JSON, finish_reason: str | None = None) -> JSON:
        return {**head, "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                     "finish_reason": finish_reason}]}

    events = [_data(chunk({"role": "assistant", "content": "", "refusal": None}))]
    text_t = _Template(chunk({"content": _SLOT}))
    events += [text_t.fill(piece) for piece in _chunks(turn.text, turn.chunk_chars)]
    args_t = _Template(chunk({"tool_calls": [{"index": _SLOT, "function": {"arguments": _SLOT}}]}))
    for index, call in enumerate(calls):
        fn = {"name": call["function"]["name"], "arguments": ""}
        events.append(_data(chunk({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                                   "function": fn}]})))
        events += [args_t.fill(index, p) for p in _chunks(call["function"]["arguments"], turn.chunk_chars)]
    events.append(_data(chunk({}, finish)))
    if include_usage:
        events.append(_data({**head, "choices": [], "usage": _oai_usage(turn)}))
    events.append("data: [DONE]\n\n")
    return await _sse(request, turn, events)


async def _completions(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    head = {"id": _new_id("cmpl-"), "object": "text_completion", "created": int(time.time()),
            "model": turn.model, "system_fingerprint": _FINGERPRINT}
    usage = {"prompt_tokens": turn.input_tokens, "completion_tokens": turn.output_tokens,
             "total_tokens": turn.input_tokens + turn.output_tokens}
    if not body.get("stream"):
        choice = {"text": turn.text, "index": 0, "logprobs": None, "finish_reason": "stop"}
        return _json({**head, "choices": [choice], "usage": usage}, turn)
    include_usage = _include_usage(body)
    if include_usage:
        head["usage"] = None
    text_t = _Template({**head, "choices": [{"text": _SLOT, "index": 0, "logprobs": None,
                                             "finish_reason": None}]})
    events = [text_t.fill(piece) for piece in _chunks(turn.text, turn.chunk_chars)]
    events.append(_data({**head, "choices": [{"text": "", "index": 0, "logprobs": None,
                                              "finish_reason": "stop"}]}))
    if include_usage:
        events.append(_data({**head, "choices": [], "usage": usage}))
    events.append("data: [DONE]\n\n")
    return await _sse(request, turn, events)


def _embedding_inputs(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value:
        if all(isinstance(v, int) for v in value):
            return [_dumps(value)]
        if all(isinstance(v, str) for v in value):
            return list(value)
        if all(isinstance(v, list) and all(isinstance(t, int) for t in v) for v in value):
            return [_dumps(v) for v in value]
    return None


def embedding_vector(text: str, dims: int = 8) -> list[float]:
    """The mock's deterministic embedding of one input: values in [-1, 1), exact in float32."""
    raw = hashlib.shake_256(text.encode()).digest(2 * dims)
    return [(v - 32768) / 32768 for v in struct.unpack(f"<{dims}H", raw)]


async def _embeddings(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    inputs = _embedding_inputs(body.get("input"))
    if inputs is None:
        return _error(OPENAI, 400, "'input' must be a string, a list of strings or token lists", "input")
    dims = body.get("dimensions", 8)
    if not isinstance(dims, int) or isinstance(dims, bool) or dims < 1:
        return _error(OPENAI, 400, "'dimensions' must be a positive integer", "dimensions")
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(inputs):
        vector: Any = embedding_vector(text, dims)
        if as_base64:
            vector = base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
        data.append({"object": "embedding", "index": index, "embedding": vector})
    usage = {"prompt_tokens": turn.input_tokens, "total_tokens": turn.input_tokens}
    return _json({"object": "list", "data": data, "model": turn.model, "usage": usage}, turn)


_MODELS_BODY = _dumps({"object": "list", "data": [
    {"id": name, "object": "model", "created": 1700000000, "owned_by": owner} for name, owner in MODELS
]}).encode()


async def _models(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    return web.Response(body=_MODELS_BODY, content_type="application/json", headers=turn.headers)


# --------------------------------------------------------------------------- OpenAI Responses


def _response_obj(rid: str, body: JSON, turn: _Turn, status: str, output: list[JSON],
                  usage: JSON | None) -> JSON:
    return {
        "id": rid, "object": "response", "created_at": int(time.time()), "status": status,
        "background": False, "error": None, "incomplete_details": None,
        "instructions": body.get("instructions"), "max_output_tokens": body.get("max_output_tokens"),
        "model": turn.model, "output": output, "parallel_tool_calls": True,
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": {"effort": None, "summary": None}, "service_tier": "default",
        "store": body.get("store", True), "temperature": body.get("temperature", 1.0),
        "text": {"format": {"type": "text"}}, "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools", []), "top_p": body.get("top_p", 1.0), "truncation": "disabled",
        "usage": usage, "user": None, "metadata": body.get("metadata") or {},
    }


def _response_items(turn: _Turn) -> list[JSON]:
    items: list[JSON] = []
    if turn.text or not turn.tool_calls:
        items.append({"id": _new_id("msg_"), "type": "message", "status": "completed", "role": "assistant",
                      "content": [{"type": "output_text", "text": turn.text, "annotations": [],
                                   "logprobs": []}]})
    for call in turn.tool_calls:
        items.append({"id": _new_id("fc_"), "type": "function_call", "status": "completed",
                      "arguments": call["arguments"], "call_id": call["id"] or _new_id("call_"),
                      "name": call["name"]})
    return items


def _response_item_events(index: int, item: JSON, size: int) -> list[JSON | tuple[_Template, str]]:
    """Events for one output item; deltas are (template, piece) pairs, filled with a sequence number."""
    iid = item["id"]
    where = {"item_id": iid, "output_index": index}
    if item["type"] == "message":
        text = item["content"][0]["text"]
        part = {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}
        delta_t = _Template({"type": "response.output_text.delta", **where, "content_index": 0,
                             "delta": _SLOT, "logprobs": [], "sequence_number": _SLOT},
                            "response.output_text.delta")
        return [
            {"type": "response.output_item.added", "output_index": index,
             "item": {**item, "status": "in_progress", "content": []}},
            {"type": "response.content_part.added", **where, "content_index": 0, "part": part},
            *((delta_t, piece) for piece in _chunks(text, size)),
            {"type": "response.output_text.done", **where, "content_index": 0, "text": text, "logprobs": []},
            {"type": "response.content_part.done", **where, "content_index": 0, "part": {**part, "text": text}},
            {"type": "response.output_item.done", "output_index": index, "item": item},
        ]
    args = item["arguments"]
    delta_t = _Template({"type": "response.function_call_arguments.delta", **where, "delta": _SLOT,
                         "sequence_number": _SLOT}, "response.function_call_arguments.delta")
    return [
        {"type": "response.output_item.added", "output_index": index,
         "item": {**item, "status": "in_progress", "arguments": ""}},
        *((delta_t, piece) for piece in _chunks(args, size)),
        {"type": "response.function_call_arguments.done", **where, "name": item["name"], "arguments": args},
        {"type": "response.output_item.done", "output_index": index, "item": item},
    ]


async def _responses(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    rid = _new_id("resp_")
    items = _response_items(turn)
    usage = {"input_tokens": turn.input_tokens, "input_tokens_details": {"cached_tokens": 0},
             "output_tokens": turn.output_tokens, "output_tokens_details": {"reasoning_tokens": 0},
             "total_tokens": turn.input_tokens + turn.output_tokens}
    final = _response_obj(rid, body, turn, "completed", items, usage)
    if not body.get("stream"):
        return _json(final, turn)
    pending = _response_obj(rid, body, turn, "in_progress", [], None)
    plan: list[JSON | tuple[_Template, str]] = [
        {"type": "response.created", "response": pending},
        {"type": "response.in_progress", "response": pending},
    ]
    for index, item in enumerate(items):
        plan += _response_item_events(index, item, turn.chunk_chars)
    plan.append({"type": "response.completed", "response": final})
    events = []
    for seq, step in enumerate(plan):
        if isinstance(step, tuple):
            events.append(step[0].fill(step[1], seq))
        else:
            step["sequence_number"] = seq
            events.append(_event(step))
    return await _sse(request, turn, events)


# --------------------------------------------------------------------------- Anthropic


def _anthropic_blocks(turn: _Turn) -> list[JSON]:
    blocks: list[JSON] = []
    if turn.text or not turn.tool_calls:
        blocks.append({"type": "text", "text": turn.text})
    for call in turn.tool_calls:
        blocks.append({"type": "tool_use", "id": call["id"] or _new_id("toolu_"), "name": call["name"],
                       "input": json.loads(call["arguments"])})
    return blocks


async def _messages(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    blocks = _anthropic_blocks(turn)
    stop = "tool_use" if turn.tool_calls else ("max_tokens" if turn.truncated else "end_turn")
    usage = {"input_tokens": turn.input_tokens, "cache_creation_input_tokens": 0,
             "cache_read_input_tokens": 0, "output_tokens": turn.output_tokens, "service_tier": "standard"}
    message = {"id": _new_id("msg_"), "type": "message", "role": "assistant", "model": turn.model,
               "content": blocks, "stop_reason": stop, "stop_sequence": None, "usage": usage}
    if not body.get("stream"):
        return _json(message, turn)
    start = {**message, "content": [], "stop_reason": None, "usage": {**usage, "output_tokens": 1}}
    events = [_event({"type": "message_start", "message": start})]
    text_t = _Template({"type": "content_block_delta", "index": _SLOT,
                        "delta": {"type": "text_delta", "text": _SLOT}}, "content_block_delta")
    json_t = _Template({"type": "content_block_delta", "index": _SLOT,
                        "delta": {"type": "input_json_delta", "partial_json": _SLOT}}, "content_block_delta")
    arguments = iter(call["arguments"] for call in turn.tool_calls)  # the tool_use blocks, in order
    for index, block in enumerate(blocks):
        if block["type"] == "text":
            opened: JSON = {"type": "text", "text": ""}
            deltas = [text_t.fill(index, p) for p in _chunks(block["text"], turn.chunk_chars)]
        else:
            opened = {**block, "input": {}}
            deltas = [json_t.fill(index, p) for p in _chunks(next(arguments), turn.chunk_chars)]
        events.append(_event({"type": "content_block_start", "index": index, "content_block": opened}))
        if index == 0:
            events.append('event: ping\ndata: {"type":"ping"}\n\n')
        events += deltas
        events.append(_event({"type": "content_block_stop", "index": index}))
    events.append(_event({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                          "usage": {"output_tokens": turn.output_tokens}}))
    events.append('event: message_stop\ndata: {"type":"message_stop"}\n\n')
    return await _sse(request, turn, events)


async def _count_tokens(request: web.Request, body: JSON, turn: _Turn) -> web.StreamResponse:
    return _json({"input_tokens": turn.input_tokens}, turn)


# --------------------------------------------------------------------------- endpoint plumbing

Builder = Callable[[web.Request, JSON, _Turn], Awaitable[web.StreamResponse]]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _problem(body: Any, required: tuple[str, ...], fmt: str) -> tuple[str, str | None] | None:
    if not isinstance(body, dict):
        return "the request body must be a JSON object", None
    for name in required:
        if name not in body:
            return (f"{name}: Field required" if fmt == ANTHROPIC else f"Missing required parameter: '{name}'."), name
    if "messages" in required and not isinstance(body["messages"], list):
        return "'messages' must be an array", "messages"
    return None


def _endpoint(fmt: str, required: tuple[str, ...], build: Builder, has_body: bool = True) -> Handler:
    """Wrap a builder: record, validate, consume a script, wait, then answer or fail as scripted."""

    async def handler(request: web.Request) -> web.StreamResponse:
        state = request.app[MOCK_STATE]
        raw = await request.read() if has_body else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if state.record:
            headers = {k.lower(): v for k, v in request.headers.items()}
            state.add_request(RecordedRequest(request.method, request.path, headers, body, raw))
        if has_body:
            problem = _problem(body, required, fmt)
            if problem is not None:
                return _error(fmt, 400, problem[0], problem[1])
        script = state.scripts.popleft() if state.scripts else _DEFAULT_SCRIPT
        latency = script.latency_ms if script.latency_ms is not None else state.latency_ms
        if latency > 0:
            await asyncio.sleep(latency / 1000)
        if script.status is not None:
            return _error(fmt, script.status, f"mock error {script.status}", None, script.error_body,
                          script.headers)
        if script.raw_sse is not None:
            return await _raw_sse(request, script, script.chunk_chars or state.chunk_chars)
        payload = body if isinstance(body, dict) else {}
        return await build(request, payload, _plan(state, script, payload))

    return handler


async def _control_script(request: web.Request) -> web.Response:
    try:
        data = await request.json()
        items = data["scripts"] if isinstance(data, dict) and "scripts" in data else [data]
        scripts = [Script.from_json(item) for item in items]
    except (ValueError, TypeError) as exc:
        return _json({"error": {"message": str(exc)}}, status=400)
    request.app[MOCK_STATE].scripts.extend(scripts)
    return _json({"queued": len(request.app[MOCK_STATE].scripts)})


async def _control_requests(request: web.Request) -> web.Response:
    return _json([r.to_json() for r in request.app[MOCK_STATE].requests])


async def _control_reset(request: web.Request) -> web.Response:
    request.app[MOCK_STATE].reset()
    return _json({"ok": True})


async def _control_config(request: web.Request) -> web.Response:
    state = request.app[MOCK_STATE]
    try:
        data = await request.json() if request.can_read_body else {}
        if not isinstance(data, dict):
            raise ValueError("the config must be a JSON object")
        for key in ("latency_ms", "record", "chunk_chars", "max_requests"):
            if key in data:
                setattr(state, key, type(getattr(state, key))(data[key]))
    except (ValueError, TypeError) as exc:
        return _json({"error": {"message": str(exc)}}, status=400)
    return _json({k: getattr(state, k) for k in ("latency_ms", "record", "chunk_chars", "max_requests")})


def create_mock_app(state: MockState | None = None, *, latency_ms: float = 0.0) -> web.Application:
    """The mock provider app; `state` (or a new one with `latency_ms`) is at `app[MOCK_STATE]`."""
    app = web.Application(client_max_size=64 * 1024 * 1024)
    app[MOCK_STATE] = state if state is not None else MockState(latency_ms=latency_ms)
    add = app.router.add_post
    add("/v1/chat/completions", _endpoint(OPENAI, ("model", "messages"), _chat))
    add("/v1/completions", _endpoint(OPENAI, ("model", "prompt"), _completions))
    add("/v1/embeddings", _endpoint(OPENAI, ("model", "input"), _embeddings))
    app.router.add_get("/v1/models", _endpoint(OPENAI, (), _models, has_body=False))
    add("/v1/responses", _endpoint(OPENAI, ("model",), _responses))
    add("/v1/messages", _endpoint(ANTHROPIC, ("model", "messages"), _messages))
    add("/v1/messages/count_tokens", _endpoint(ANTHROPIC, ("model", "messages"), _count_tokens))
    add("/_mock/script", _control_script)
    app.router.add_get("/_mock/requests", _control_requests)
    add("/_mock/reset", _control_reset)
    add("/_mock/config", _control_config)
    return app


def run_mock_upstream(host: str, port: int, latency_ms: float = 0.0) -> None:
    """Serve the mock provider until interrupted (uvloop when available)."""
    loop: asyncio.AbstractEventLoop | None = None
    try:
        import uvloop

        loop = uvloop.new_event_loop()
    except ImportError:
        pass
    app = create_mock_app(latency_ms=latency_ms)
    print(f"mock upstream: OpenAI base_url=http://{host}:{port}/v1  Anthropic base_url=http://{host}:{port}",
          flush=True)
    web.run_app(app, host=host, port=port, access_log=None, print=None, loop=loop)
