"""Anthropic adapter: where texts and usage live in Messages and count_tokens bodies and stream events.

Every function works on parsed JSON in place and never copies: the `TextSlot`s returned point into
the given body, so `slot.set()` rewrites it and every unknown field survives. Odd shapes are skipped,
never raised on. In answers, a `thinking` block's text is screened like the answer (its signature
stays, and restore writes nothing into it: `proxy.guard.sealed`; `redacted_thinking` is encrypted and left alone),
and every text of a server tool result or an unknown block is screened (`proxy.providers.answers.answer_strings`).
In requests, a thinking block's text is listed as `signed_reasoning` (screened; a redaction there blocks), and
`proxy.providers.inventory.field_texts` sweeps every other field (image URLs, citations, tool
descriptions and schemas, `metadata`, `mcp_servers` ...) but those it lists as carrying no user text.

Channels (`TextSlot.channel`):
- requests: a path in the body, e.g. `system`, `system:0`, `messages:3:content`,
  `messages:3:content:1`, `messages:1:content:0:input:location` (a string inside a `tool_use`
  input), `messages:2:content:0:content` (a tool result), `messages:0:content:1:source:data`.
- responses: `block:{k}` for the text (or thinking) of content block k, `block:{k}:input:{path}` for
  each string inside a tool_use input, `block:{k}:{path}` inside other blocks. Stream events:
  `block:{index}` for text and thinking deltas and for the
  `input_json_delta` fragments of a tool_use block (joined, they form the input's JSON text, so
  their slots are `is_json`; the strings of a whole tool_use input are plain values). Both:
  `stop_sequence` for the stop sequence the model hit, the answer's last text (`STOP_SEQUENCE`).
Object keys in tool input paths have `\\` and `:` escaped with a backslash, so channels stay unique.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from proxy.budget.tier47 import with_geo
from proxy.nlp import num48

from . import endings
from .answers import LogprobSlot, answer_strings, citation_strings
from .base import ALL_CHANNELS, ANTHROPIC, COUNT_TOKENS, MESSAGES, SIGNED_REASONING, Field, TextSlot, Usage
from .inventory import field_texts, tree_slots
from .loose import loose_texts
from .usage import counted, merge_usage, token_count

__all__ = [
    "ADAPTER",
    "MESSAGE_DELTA",
    "closing_channels",
    "error_body",
    "is_whole_text_event",
    "merge_usage",
    "request_model",
    "request_stream",
    "request_texts",
    "response_texts",
    "stream_event_texts",
    "usage_from_body",
    "usage_from_event",
]

_TOOL_USE_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})
_TOOL_RESULT_BLOCKS = frozenset({"tool_result", "mcp_tool_result"})
# Never exposed: signed reasoning, binary payloads, server-side tool results (encrypted or structured).
_SKIP_BLOCKS = frozenset(
    {
        "thinking",
        "redacted_thinking",
        "image",
        "container_upload",
        "web_search_tool_result",
        "web_fetch_tool_result",
        "code_execution_tool_result",
        "bash_code_execution_tool_result",
        "text_editor_code_execution_tool_result",
        "tool_search_tool_result",
    }
)


def _seg(key: str | int) -> str:
    if type(key) is int:
        return str(key)
    key = str(key)
    if ":" in key or "\\" in key:
        return key.replace("\\", "\\\\").replace(":", "\\:")
    return key


def _text_blocks(container: dict[str, Any], key: str, prefix: str, role: str, kind: str, out: list[TextSlot],
                 request: bool = False) -> None:
    """`container[key]` as a string or a list of content blocks."""
    value = container.get(key)
    if isinstance(value, str):
        out.append(TextSlot(container, key, role, kind, prefix))
    elif isinstance(value, list):
        for k, block in enumerate(value):
            if request and not num48.plain_part(block):  # a bare string or number, a text not a string (atk47 F01)
                num48.odd_part(value, k, prefix, role, kind, out)
            _block(block, f"{prefix}:{k}", role, kind, out, request)
    elif value is not None and request:
        num48.odd_content(container, key, prefix, role, kind, out)  # a number or an object (atk47 F01)


def _block(block: Any, prefix: str, role: str, kind: str, out: list[TextSlot], request: bool = False) -> None:
    """One content block of a request message, a tool result, or a response. `request`: a tool_use
    input's object keys and numbers are texts too, and a thinking block's text is listed (kind
    `signed_reasoning`: it cannot be rewritten, its signature covers it)."""
    if not isinstance(block, dict):
        return
    btype = block.get("type")
    if not isinstance(btype, str):
        btype = None  # an unhashable `type` must not reach the set lookups below
    if btype == "text":
        if isinstance(block.get("text"), str):
            out.append(TextSlot(block, "text", role, kind, prefix))
    elif btype in _TOOL_USE_BLOCKS:
        if "input" in block:
            # Object keys and numbers of a tool input are texts too, in requests and answers alike.
            tree_slots(block, "input", prefix + ":input", role, "tool_arguments", out)
    elif btype in _TOOL_RESULT_BLOCKS:
        _text_blocks(block, "content", prefix + ":content", "tool", "tool_result", out, request)
    elif btype == "thinking" and request:
        if isinstance(block.get("thinking"), str):
            out.append(TextSlot(block, "thinking", role, SIGNED_REASONING, prefix + ":thinking"))
    elif btype == "document":
        # Title and context first, as a reader meets them: a value split from one into the body is read whole.
        for field in ("title", "context"):
            if isinstance(block.get(field), str):
                out.append(TextSlot(block, field, role, kind, f"{prefix}:{field}"))
        source = block.get("source")
        if isinstance(source, dict):
            stype = source.get("type")
            if stype == "text":
                if isinstance(source.get("data"), str):
                    out.append(TextSlot(source, "data", role, kind, prefix + ":source:data"))
            elif stype == "content":
                _text_blocks(source, "content", prefix + ":source:content", role, kind, out, request)
    elif btype == "search_result":
        if isinstance(block.get("title"), str):
            out.append(TextSlot(block, "title", role, kind, prefix + ":title"))
        content = block.get("content")
        if isinstance(content, list):
            for k, sub in enumerate(content):
                _block(sub, f"{prefix}:content:{k}", role, kind, out, request)
    elif btype in _SKIP_BLOCKS:
        return
    elif isinstance(block.get("text"), str) and "signature" not in block:
        # An unknown block type that carries a text: screen it rather than let it through unseen.
        out.append(TextSlot(block, "text", role, kind, prefix))


# ---------------------------------------------------------------------------------------- requests


def request_texts(kind: str, body: Any, *, fields: bool = True) -> list[TextSlot]:
    """Every text the client sends in a messages or count_tokens body: system, message texts, tool_use
    inputs (each key, string and number inside, kind `tool_arguments`), tool results (role `tool`, kind
    `tool_result`), plain-text documents, search results and thinking; then (unless `fields` is False)
    every other field but those `proxy.providers.inventory` lists as carrying no user text (kind
    `field`)."""
    out: list[TextSlot] = []
    if (kind != MESSAGES and kind != COUNT_TOKENS) or not isinstance(body, dict):
        return out
    _text_blocks(body, "system", "system", "system", "text", out, True)
    messages = body.get("messages")
    if isinstance(messages, list):
        for i, msg in enumerate(messages):
            if isinstance(msg, dict):
                role = msg.get("role")
                if not isinstance(role, str):
                    role = "user"
                _text_blocks(msg, "content", f"messages:{i}:content", role, "text", out, True)
    if fields:
        field_texts(kind, body, out)
    return out


# --------------------------------------------------------------------------------------- responses


# Answer blocks whose text streams as deltas (the others arrive whole in content_block_start).
_STREAMED_BLOCKS = frozenset({"text", "thinking", "redacted_thinking", "compaction"}) | _TOOL_USE_BLOCKS
# Every content_block_delta type of the official SDK (and `compaction_delta`, beta); with output
# rules a delta of another type cannot be screened and the stream fails closed.
DELTA_TYPES = frozenset({"text_delta", "input_json_delta", "thinking_delta", "signature_delta", "citations_delta",
                         "compaction_delta"})
EVENT_TYPES = frozenset({"message_start", "content_block_start", "content_block_delta", "content_block_stop",
                         "message_delta", "message_stop", "ping", "error"})
# The channel of the stop sequence the model hit (`stop_sequence`: the body's, a `message_delta`'s): a client shows
# it after the text, so it is read as the answer's last text, joined after the one before it (issue 12, atk6 LOW
# 14: `Write to jane.doe@exa` + `mple.com`, `Status of project` + ` falcon` passed, the stop sequence read alone).
STOP_SEQUENCE = "stop_sequence"


def _stop_sequence(container: Any, out: list[TextSlot]) -> None:
    if isinstance(container, dict) and isinstance(container.get("stop_sequence"), str) and container["stop_sequence"]:
        out.append(TextSlot(container, "stop_sequence", "assistant", "text", STOP_SEQUENCE))


# A `message_delta`'s known keys (the SDK's `Delta`); a string under any other is a text of the answer, read whole
# after its blocks' text as the stop sequence is (channel `message:delta:{key}`).
_MESSAGE_DELTA_KEYS = frozenset({"stop_reason", "stop_sequence", "container", "stop_details"})
MESSAGE_DELTA = "message:delta"


def _delta_texts(event: dict[str, Any]) -> bool:
    """Whether `event` is a `message_delta` with a string (or strings inside) under a key the SDK does not type."""
    delta = event.get("delta")
    if event.get("type") != "message_delta" or not isinstance(delta, dict):
        return False
    return any(isinstance(k, str) and k not in _MESSAGE_DELTA_KEYS and isinstance(v, str | dict | list)
               for k, v in delta.items())


def _delta_stop_sequence(event: dict[str, Any]) -> bool:
    """Whether `event` is a `message_delta` carrying a stop sequence (a text, read after the answer's others)."""
    delta = event.get("delta")
    return event.get("type") == "message_delta" and isinstance(delta, dict) \
        and isinstance(delta.get("stop_sequence"), str) and bool(delta["stop_sequence"])


def _answer_block(block: Any, prefix: str, out: list[TextSlot]) -> None:
    """One content block of an answer: text and tool_use as in requests; the reasoning of a
    `thinking` block (its signature stays: see README); every text string of any other block
    (server tool results, compaction summaries, unknown types). Citations quote their sources."""
    if not isinstance(block, dict):
        return
    btype = block.get("type")
    if btype == "thinking":
        if isinstance(block.get("thinking"), str):
            out.append(TextSlot(block, "thinking", "assistant", "reasoning", prefix))
    elif btype == "redacted_thinking":
        return  # encrypted by the provider
    elif btype == "text" or (isinstance(btype, str) and btype in _TOOL_USE_BLOCKS):
        _block(block, prefix, "assistant", "text", out)
        if btype == "text" and isinstance(block.get("citations"), list):
            # A citation's quoted text, title and URL, shown after the text it cites: read with the answer's texts
            # (issue 12, stream joins: `Mail jane.doe@exa` then a `cited_text` of `mple.com` was read apart).
            citation_strings(block["citations"], prefix + ":citations", out, several=True)
    elif btype == "compaction":
        if isinstance(block.get("content"), str):
            out.append(TextSlot(block, "content", "assistant", "text", prefix))
    else:
        answer_strings(block, prefix, "tool", "tool_result", out)


def response_texts(kind: str, body: Any) -> list[TextSlot]:
    """Every text of a non-streamed message: text blocks (`block:{k}`), each string inside a
    tool_use input (`block:{k}:input:...`), thinking (`block:{k}`) and the texts of any other block
    (`block:{k}:{path}`). count_tokens: none."""
    out: list[TextSlot] = []
    if kind != MESSAGES or not isinstance(body, dict):
        return out
    content = body.get("content")
    if isinstance(content, list):
        for k, block in enumerate(content):
            _answer_block(block, f"block:{k}", out)
    _stop_sequence(body, out)  # after the last text, as a client shows it
    return out


# A block's text deltas: the key of the text each carries.
_DELTA_TEXT = {"text_delta": "text", "thinking_delta": "thinking", "compaction_delta": "content",
               "input_json_delta": "partial_json"}


def stream_event_texts(kind: str, event: Any) -> list[TextSlot]:
    """Text fragments in one stream event: a text block's start text and `text_delta`s, a tool_use
    block's `input_json_delta` fragments (kind `tool_arguments`), all on channel `block:{index}`.
    Thinking and signature deltas are skipped."""
    out: list[TextSlot] = []
    if kind != MESSAGES or not isinstance(event, dict):
        return out
    etype = event.get("type")
    if etype == "content_block_delta":
        delta = event.get("delta")
        if isinstance(delta, dict):
            dtype = delta.get("type")
            index = event.get("index")
            channel = f"block:{index if type(index) is int else 0}"
            if dtype == "text_delta":
                if isinstance(delta.get("text"), str):
                    out.append(TextSlot(delta, "text", "assistant", "text", channel))
            elif dtype == "thinking_delta":
                if isinstance(delta.get("thinking"), str):
                    out.append(TextSlot(delta, "thinking", "assistant", "reasoning", channel))
            elif dtype == "compaction_delta":
                if isinstance(delta.get("content"), str):
                    out.append(TextSlot(delta, "content", "assistant", "text", channel))
            elif dtype == "input_json_delta":
                if isinstance(delta.get("partial_json"), str):
                    out.append(TextSlot(delta, "partial_json", "assistant", "tool_arguments", channel,
                                        is_json=True))
            if isinstance(dtype, str) and dtype in _DELTA_TEXT:
                # Strings under unknown keys beside the delta's text: fields of their own, joined across the
                # block's deltas by their keys (`block:{index}:x:{key}`, `proxy.providers.loose`).
                loose_texts(delta, frozenset({"type", _DELTA_TEXT[dtype]}), channel, out)
            elif dtype == "citations_delta" and isinstance(delta.get("citation"), dict):
                # One whole citation (its `cited_text`, title, URL), read with the answer's texts in arrival order
                # (`is_whole_text_event`); each citation of a block its own field (`block:{index}:citations:{n}`,
                # numbered by the stream: `proxy.stream.channels.StreamRewriter._number_citations`).
                citation_strings(delta["citation"], f"{channel}:citations", out)
    elif etype == "message_delta":
        _stop_sequence(event.get("delta"), out)  # whole, read after the blocks' text (`is_whole_text_event`)
        delta = event.get("delta")
        if _delta_texts(event):
            answer_strings(delta, MESSAGE_DELTA, "assistant", "text", out, skip=_MESSAGE_DELTA_KEYS)
    elif etype == "message_start":  # normally `content: []`; anything in it is screened whole
        message = event.get("message")
        content = message.get("content") if isinstance(message, dict) else None
        for k, block in enumerate(content if isinstance(content, list) else []):
            _answer_block(block, f"block:{k}", out)
    elif etype == "content_block_start":
        block = event.get("content_block")
        if isinstance(block, dict):
            index = event.get("index")
            channel = f"block:{index if type(index) is int else 0}"
            btype = block.get("type")
            if btype == "text":
                if isinstance(block.get("text"), str):
                    out.append(TextSlot(block, "text", "assistant", "text", channel))
            elif isinstance(btype, str) and btype in _TOOL_USE_BLOCKS:
                # Normally `input: {}`, the input then streams as input_json_delta fragments.
                if "input" in block:
                    tree_slots(block, "input", channel + ":input", "assistant", "tool_arguments", out)
            elif btype == "thinking":
                if isinstance(block.get("thinking"), str):
                    out.append(TextSlot(block, "thinking", "assistant", "reasoning", channel))
            elif btype == "compaction":
                if isinstance(block.get("content"), str):
                    out.append(TextSlot(block, "content", "assistant", "text", channel))
            elif not (isinstance(btype, str) and btype in _STREAMED_BLOCKS):
                answer_strings(block, channel, "tool", "tool_result", out)  # a whole block
    return out


def is_whole_text_event(kind: str, event: Any) -> bool:
    """A `content_block_start` carrying a whole block that does not stream as deltas (server tool
    results, unknown blocks), a `message_start` (its content, if any), a `message_delta` with a stop sequence
    or another text (read whole, after the answer's text: `STOP_SEQUENCE`, `MESSAGE_DELTA`), or a `citations_delta`
    (one whole citation): their texts are screened whole. Everything else carries fragments."""
    if kind != MESSAGES or not isinstance(event, dict):
        return False
    if event.get("type") == "message_start" or _delta_stop_sequence(event) or _delta_texts(event):
        return True
    if event.get("type") == "content_block_delta":
        delta = event.get("delta")
        return isinstance(delta, dict) and delta.get("type") == "citations_delta"
    if event.get("type") != "content_block_start":
        return False
    block = event.get("content_block")
    btype = block.get("type") if isinstance(block, dict) else None
    return not (isinstance(btype, str) and btype in _STREAMED_BLOCKS)


# The text a streamed delta carries, and the text a streamed block starts with, by type: the pieces a client joins.
_DELTA_TEXT = {"text_delta": "text", "thinking_delta": "thinking", "input_json_delta": "partial_json",
               "compaction_delta": "content"}
_START_TEXT = {"text": "text", "thinking": "thinking", "compaction": "content"}


def is_known_event(kind: str, event: Any) -> bool:
    """Whether a stream event has a shape this adapter reads (else, with output rules, the stream
    fails closed): an event type in `EVENT_TYPES`, a delta type in `DELTA_TYPES`; not with a piece of a
    streamed text given as an object or a list (type-confused, atk6 finding 7: `text_delta.text`,
    `input_json_delta.partial_json`, a text block's start `text`): the client joins the pieces
    (`"jane.doe@exa" + ["mple.com"]` is an address in JavaScript), the proxy cannot."""
    if not isinstance(event, dict):
        return False
    etype = event.get("type")
    if not isinstance(etype, str) or etype not in EVENT_TYPES:
        return False
    if etype == "content_block_delta":
        delta = event.get("delta")
        dtype = delta.get("type") if isinstance(delta, dict) else None
        if not (isinstance(delta, dict) and isinstance(dtype, str) and dtype in DELTA_TYPES):
            return False
        field = _DELTA_TEXT.get(dtype)
        return field is None or not isinstance(delta.get(field), dict | list)
    if etype == "content_block_start":
        block = event.get("content_block")
        if not isinstance(block, dict):
            return False
        btype = block.get("type")
        field = _START_TEXT.get(btype) if isinstance(btype, str) else None
        return field is None or not isinstance(block.get(field), dict | list)
    return True


def response_logprobs(kind: str, body: Any) -> list[LogprobSlot]:
    """Anthropic answers carry no logprobs."""
    return []


def stream_event_logprobs(kind: str, event: Any) -> list[LogprobSlot]:
    return []


# -------------------------------------------------------------------------------------------- usage


def _usage(usage: dict[str, Any]) -> Usage:
    breakdown = usage.get("cache_creation")
    return with_geo(usage.get("inference_geo"), Usage(
        input_tokens=token_count(usage.get("input_tokens")),
        output_tokens=token_count(usage.get("output_tokens")),
        cached_input_tokens=token_count(usage.get("cache_read_input_tokens")),
        cache_creation_input_tokens=token_count(usage.get("cache_creation_input_tokens")),
        cache_creation_1h_input_tokens=token_count(breakdown.get("ephemeral_1h_input_tokens"))
        if isinstance(breakdown, dict) else 0,
    ))  # (US-only inference bills 1.1x: `proxy.budget.tier47`)


def usage_from_body(kind: str, body: Any) -> Usage | None:
    """Usage of a non-streamed message. Anthropic's `input_tokens` excludes the cache reads and
    writes, reported apart (`cached_input_tokens`, `cache_creation_input_tokens`). count_tokens: None
    (its `input_tokens` is an estimate, nothing is generated or billed)."""
    if kind != MESSAGES or not isinstance(body, dict):
        return None
    usage = body.get("usage")
    if not isinstance(usage, dict) or not counted(usage.get("input_tokens"), usage.get("output_tokens")):
        return None  # none, or unreadable: charged the bound (`proxy.providers.usage.counted`)
    return _usage(usage)


def usage_from_event(kind: str, event: Any) -> Usage | None:
    """Usage in one stream event, as the event says it: `message_start` (input and cache tokens;
    its output_tokens is a small placeholder) or `message_delta` (cumulative output tokens, and in
    newer APIs the input tokens again). Combine the two with `merge_usage`."""
    if kind != MESSAGES or not isinstance(event, dict):
        return None
    etype = event.get("type")
    if etype == "message_delta":
        usage, main = event.get("usage"), "output_tokens"  # cumulative output (input again in newer APIs)
    elif etype == "message_start":
        message = event.get("message")
        usage, main = (message.get("usage") if isinstance(message, dict) else None), "input_tokens"
    else:
        return None
    if not isinstance(usage, dict) or not counted(usage.get(main)):
        return None  # none, or unreadable: the stream's other reports or its bound count
    return _usage(usage)


# ------------------------------------------------------------------------------------ request bits


def request_model(body: Any) -> str | None:
    if isinstance(body, dict):
        model = body.get("model")
        if isinstance(model, str):
            return model
    return None


def request_stream(body: Any) -> bool:
    return isinstance(body, dict) and body.get("stream") is True


def error_body(message: str, type: str) -> dict[str, Any]:
    """An Anthropic-format error body."""
    return {"type": "error", "error": {"type": type, "message": message}}


def closing_channels(kind: str, event: dict[str, Any]) -> list[str]:
    """Channels (or ALL_CHANNELS) whose text is complete once `event` is seen."""
    if kind != MESSAGES:
        return []
    etype = event.get("type")
    if etype == "content_block_stop":
        return [f"block:{event.get('index', 0)}", f"block:{event.get('index', 0)}:"]
    if etype == "message_stop" or (etype == "message_delta" and not _delta_stop_sequence(event)
                                   and not _delta_texts(event)):
        return [ALL_CHANNELS]
    # A stop sequence (or another text of the delta) is read after the text held before it (`STOP_SEQUENCE`): the
    # answer ends at `message_stop` (or the stream's end), not before its last text.
    return []


# ------------------------------------------------------------------------------------- the adapter

_FIELDS: dict[str, tuple[Field, ...]] = {
    MESSAGES: (Field("model", str, True), Field("messages", list, True), Field("stream", bool),
               Field("max_tokens", int), Field("temperature", float, low=0, high=1),
               Field("top_p", float, low=0, high=1), Field("top_k", int, low=0)),
    COUNT_TOKENS: (Field("model", str, True), Field("messages", list, True)),
}

# The proxy's own error codes (see proxy.errors) -> Anthropic error types.
_ERROR_TYPES = {
    "invalid_api_key": "authentication_error",
    "model_not_allowed": "permission_error",
    "unknown_url": "not_found_error",
    "request_too_large": "request_too_large",
    "budget_exceeded": "rate_limit_error",
    "upstream_unreachable": "api_error",
    "upstream_timeout": "api_error",
    "guardrail_unavailable": "api_error",
    "store_unavailable": "api_error",
    "upstream_unreadable": "api_error",
    "answer_too_large": "api_error",
    "request_timeout": "timeout_error",
}


class AnthropicAdapter:
    """Anthropic's wire format (Messages, count_tokens, models), as a `ProviderAdapter`."""

    name = ANTHROPIC

    def request_fields(self, kind: str) -> Sequence[Field]:
        return _FIELDS.get(kind, ())

    def request_problem(self, kind: str, body: dict[str, Any]) -> str | None:
        return None

    request_model = staticmethod(request_model)
    request_stream = staticmethod(request_stream)
    request_texts = staticmethod(request_texts)

    def unscreenable_field(self, kind: str, body: Any) -> str | None:
        return None  # every Anthropic input is JSON text

    def prepare_stream(self, kind: str, body: Any) -> bool | None:
        return None  # message_start and message_delta always carry usage

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"x-api-key": key}

    def upstream_url(self, base_url: str, path: str, query: str) -> str:
        base = base_url.rstrip("/")
        return f"{base}{path}?{query}" if query else f"{base}{path}"

    response_texts = staticmethod(response_texts)
    stream_event_texts = staticmethod(stream_event_texts)
    is_whole_text_event = staticmethod(is_whole_text_event)
    closing_channels = staticmethod(closing_channels)
    usage_from_body = staticmethod(usage_from_body)
    usage_from_event = staticmethod(usage_from_event)
    response_logprobs = staticmethod(response_logprobs)
    stream_event_logprobs = staticmethod(stream_event_logprobs)
    is_known_event = staticmethod(is_known_event)

    def is_usage_only_chunk(self, event: Any) -> bool:
        return False

    def stream_error(self, kind: str, meta: endings.StreamMeta, code: str, message: str) -> list[bytes]:
        return endings.anthropic_stream_error(error_body(message, _ERROR_TYPES.get(code, "api_error")))

    def block_body(self, kind: str, body: dict[str, Any], blocked_channels: set[str]) -> None:
        if kind == MESSAGES:  # a model list has no stop reason: its matched names were emptied, its shape stays
            endings.block_anthropic_body(body)

    def stream_ending(self, kind: str, meta: endings.StreamMeta, usage: Usage, *, send_usage: bool,
                      released: Mapping[str, str]) -> list[bytes]:
        return endings.anthropic_stream_ending(meta, usage)

    def error_body(self, code: str, message: str, param: str | None = None) -> dict[str, Any]:
        return error_body(message, _ERROR_TYPES.get(code, "invalid_request_error"))


ADAPTER = AnthropicAdapter()
