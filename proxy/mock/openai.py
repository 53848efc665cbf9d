"""The mock's OpenAI routes: chat completions, legacy completions, embeddings and the model list."""

from __future__ import annotations

import base64
import hashlib
import struct
import time
from typing import Any

from aiohttp import web

from proxy.mock.encoding import JSON, SLOT, Template, chunks, dumps, legacy_logprobs, logprob_entry, sse_data
from proxy.mock.turn import Turn
from proxy.mock.wire import OPENAI, error, json_response, new_id, sse

_FINGERPRINT = "fp_mock"
MODELS = (  # (id, owned_by) for GET /v1/models
    ("gpt-4o-mini", "openai"), ("gpt-4o", "openai"), ("gpt-4.1", "openai"), ("text-embedding-3-small", "openai"),
    ("text-embedding-3-large", "openai"), ("claude-3-5-haiku-latest", "anthropic"),
    ("claude-haiku-4-5", "anthropic"), ("claude-sonnet-4-6", "anthropic"),
)


def _oai_usage(turn: Turn) -> JSON:
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


def _oai_calls(turn: Turn) -> list[JSON]:
    return [{"id": c["id"] or new_id("call_"), "type": "function",
             "function": {"name": c["name"], "arguments": c["arguments"]}} for c in turn.tool_calls]


async def chat_completions(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """POST /v1/chat/completions: one completion, or its chunk stream (usage last when asked)."""
    head = {"id": new_id("chatcmpl-"), "object": "chat.completion", "created": int(time.time()),
            "model": turn.model, "service_tier": "default", "system_fingerprint": _FINGERPRINT}
    finish = "tool_calls" if turn.tool_calls else ("length" if turn.truncated else "stop")
    calls = _oai_calls(turn)
    size = turn.chunk_chars
    if not body.get("stream"):
        message: JSON = {"role": "assistant", "content": turn.text if turn.text or not calls else None,
                         "refusal": None, "annotations": []}
        if turn.refusal is not None:
            message["content"], message["refusal"] = None, turn.refusal
        if turn.reasoning is not None:
            message["reasoning_content"] = turn.reasoning
        if turn.audio_transcript is not None:
            message["audio"] = {"id": new_id("audio_"), "data": "UklGRgAAAABXQVZF",
                                "expires_at": int(time.time()) + 3600, "transcript": turn.audio_transcript}
        if calls:
            message["tool_calls"] = calls
        logprobs: JSON | None = None
        if turn.logprobs:
            logprobs = {"content": None, "refusal": None}
            for field in ("content", "refusal"):
                if isinstance(message.get(field), str):
                    logprobs[field] = [logprob_entry(p) for p in chunks(message[field], size)]
        choice = {"index": 0, "message": message, "logprobs": logprobs, "finish_reason": finish}
        return json_response({**head, "choices": [choice], "usage": _oai_usage(turn)}, turn)

    head["object"] = "chat.completion.chunk"
    include_usage = _include_usage(body)
    if include_usage:
        head["usage"] = None

    def chunk(delta: JSON, finish_reason: str | None = None) -> JSON:
        return {**head, "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                     "finish_reason": finish_reason}]}

    events = [sse_data(chunk({"role": "assistant", "content": "", "refusal": None}))]
    if turn.reasoning is not None:
        events += [sse_data(chunk({"reasoning_content": piece})) for piece in chunks(turn.reasoning, size)]
    if turn.audio_transcript is not None:
        audio_id = new_id("audio_")
        events += [sse_data(chunk({"audio": {"id": audio_id, "transcript": piece}}))
                   for piece in chunks(turn.audio_transcript, size)]
    field, said = ("refusal", turn.refusal) if turn.refusal is not None else ("content", turn.text)
    if turn.logprobs:
        for piece in chunks(said, size):
            logprobs = {"content": None, "refusal": None, field: [logprob_entry(piece)]}
            events.append(sse_data({**head, "choices": [{"index": 0, "delta": {field: piece}, "logprobs": logprobs,
                                                         "finish_reason": None}]}))
    else:
        text_t = Template(chunk({field: SLOT}))
        events += [text_t.fill(piece) for piece in chunks(said, size)]
    args_t = Template(chunk({"tool_calls": [{"index": SLOT, "function": {"arguments": SLOT}}]}))
    for index, call in enumerate(calls):
        fn = {"name": call["function"]["name"], "arguments": ""}
        events.append(sse_data(chunk({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                                      "function": fn}]})))
        events += [args_t.fill(index, p) for p in chunks(call["function"]["arguments"], turn.chunk_chars)]
    events.append(sse_data(chunk({}, finish)))
    if include_usage:
        events.append(sse_data({**head, "choices": [], "usage": _oai_usage(turn)}))
    events.append("data: [DONE]\n\n")
    return await sse(request, turn, events)


async def completions(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """POST /v1/completions (legacy): one text completion, or its stream."""
    head = {"id": new_id("cmpl-"), "object": "text_completion", "created": int(time.time()),
            "model": turn.model, "system_fingerprint": _FINGERPRINT}
    usage = {"prompt_tokens": turn.input_tokens, "completion_tokens": turn.output_tokens,
             "total_tokens": turn.input_tokens + turn.output_tokens}
    pieces = chunks(turn.text, turn.chunk_chars)
    if not body.get("stream"):
        choice = {"text": turn.text, "index": 0, "logprobs": legacy_logprobs(pieces) if turn.logprobs else None,
                  "finish_reason": "stop"}
        return json_response({**head, "choices": [choice], "usage": usage}, turn)
    include_usage = _include_usage(body)
    if include_usage:
        head["usage"] = None
    if turn.logprobs:
        events, offset = [], 0
        for piece in pieces:
            events.append(sse_data({**head, "choices": [{"text": piece, "index": 0, "finish_reason": None,
                                                         "logprobs": legacy_logprobs([piece], offset)}]}))
            offset += len(piece)
    else:
        text_t = Template({**head, "choices": [{"text": SLOT, "index": 0, "logprobs": None,
                                                "finish_reason": None}]})
        events = [text_t.fill(piece) for piece in pieces]
    events.append(sse_data({**head, "choices": [{"text": "", "index": 0, "logprobs": None,
                                                 "finish_reason": "stop"}]}))
    if include_usage:
        events.append(sse_data({**head, "choices": [], "usage": usage}))
    events.append("data: [DONE]\n\n")
    return await sse(request, turn, events)


def _embedding_inputs(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value:
        if all(isinstance(v, int) for v in value):
            return [dumps(value)]
        if all(isinstance(v, str) for v in value):
            return list(value)
        if all(isinstance(v, list) and all(isinstance(t, int) for t in v) for v in value):
            return [dumps(v) for v in value]
    return None


def embedding_vector(text: str, dims: int = 8) -> list[float]:
    """The mock's deterministic embedding of one input: values in [-1, 1), exact in float32."""
    raw = hashlib.shake_256(text.encode()).digest(2 * dims)
    return [(v - 32768) / 32768 for v in struct.unpack(f"<{dims}H", raw)]


async def embeddings(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """POST /v1/embeddings: one deterministic vector per input, as floats or base64 float32."""
    inputs = _embedding_inputs(body.get("input"))
    if inputs is None:
        return error(OPENAI, 400, "'input' must be a string, a list of strings or token lists", "input")
    dims = body.get("dimensions", 8)
    if not isinstance(dims, int) or isinstance(dims, bool) or dims < 1:
        return error(OPENAI, 400, "'dimensions' must be a positive integer", "dimensions")
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, text in enumerate(inputs):
        vector: Any = embedding_vector(text, dims)
        if as_base64:
            vector = base64.b64encode(struct.pack(f"<{dims}f", *vector)).decode()
        data.append({"object": "embedding", "index": index, "embedding": vector})
    usage = {"prompt_tokens": turn.input_tokens, "total_tokens": turn.input_tokens}
    return json_response({"object": "list", "data": data, "model": turn.model, "usage": usage}, turn)


_MODELS_BODY = dumps({"object": "list", "data": [
    {"id": name, "object": "model", "created": 1700000000, "owned_by": owner} for name, owner in MODELS
]}).encode()


async def models(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """GET /v1/models: the fixed list in `MODELS`."""
    return web.Response(body=_MODELS_BODY, content_type="application/json", headers=turn.headers)
