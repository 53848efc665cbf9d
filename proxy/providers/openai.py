"""OpenAI adapter: where texts and usage live in chat, completions, embeddings and Responses bodies.

Every function works on parsed JSON in place and never copies: the `TextSlot`s returned point into
the given body, so `slot.set()` rewrites it and every unknown field survives. Odd shapes (a client's
`content` that is an int, `messages` that is a dict, parts that are not objects) are skipped, never
raised on; validating requests is the app's job.

Channels (`TextSlot.channel`):
- requests: a path in the body, e.g. `messages:3:content`, `messages:3:content:1`,
  `messages:2:tool_calls:0:arguments`, `prompt:1`, `input:4:output`.
- responses and stream events (same channel for the same text, so fragments can be joined):
  chat `choice:{index}:content`, `choice:{index}:refusal`, `choice:{index}:tool:{tool index}:arguments`
  (`:input` for custom tools), `choice:{index}:function_call:arguments`; completions
  `choice:{index}:text`; Responses `output:{output_index}:content:{content_index}` (text and refusal
  parts), `output:{output_index}:arguments` (function and MCP calls), `output:{output_index}:input`
  (custom tool calls), `output:{output_index}:output` (MCP call output) and `output_text`;
  reasoning: chat `choice:{index}:reasoning_content` (or `:reasoning`), a `reasoning_details` piece's
  `choice:{index}:reasoning_details:{piece index}:text` (or `:summary`), Responses
  `output:{output_index}:summary:{k}` and `output:{output_index}:reasoning:{k}`; chat
  `choice:{index}:audio:transcript`, Responses `audio:transcript`; any other text of an output item
  `output:{output_index}:{path}` (`proxy.providers.answers.answer_strings`). Logprobs
  (`LogprobSlot`) use the channel of the text they spell.
Function and MCP call `arguments` are JSON texts (`TextSlot.is_json`); custom tool `input` is not. In
requests they are decoded (`proxy.providers.inventory.json_text_slots`): each key, string and number
inside is a slot (`...:arguments:to`, keys `...:arguments:to:#key`); then
`proxy.providers.inventory.field_texts` sweeps every other field but those it lists as carrying no user
text (`field:<path>` channels).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from proxy.budget.tier47 import with_tier
from proxy.guard import strm48
from proxy.guard.sealed import signed_detail
from proxy.nlp import num48

from . import endings
from .answers import LogprobSlot, answer_strings, citation_strings
from .base import (
    ALL_CHANNELS,
    CHAT,
    COMPLETIONS,
    EMBEDDINGS,
    OPENAI,
    RESPONSES,
    SIGNED_REASONING,
    Field,
    TextSlot,
    Usage,
)
from .inventory import field_texts, json_text_slots
from .loose import LOOSE, loose_texts
from .usage import counted, merge_usage, token_count

__all__ = [
    "ADAPTER",
    "closing_channels",
    "continues_provider_state",
    "error_body",
    "is_usage_only_chunk",
    "is_whole_text_event",
    "merge_usage",
    "request_model",
    "request_stream",
    "request_texts",
    "response_texts",
    "set_include_usage",
    "stream_event_texts",
    "usage_from_body",
    "usage_from_event",
]

# Content parts that carry no text (their payload is binary or a reference); always left intact.
_NON_TEXT_PARTS = frozenset({"image_url", "input_audio", "file", "input_image", "input_file", "image", "audio"})


def _index(obj: dict[str, Any], key: str, default: int) -> int:
    value = obj.get(key)
    return value if type(value) is int else default


def _parts(parts: list[Any], prefix: str, role: str, kind: str, out: list[TextSlot], request: bool = False) -> None:
    """Content parts: `{"type": "text"|"input_text"|"output_text", "text": ...}` and refusal parts."""
    for k, part in enumerate(parts):
        if request and not num48.plain_part(part):  # a bare string or number, a text that is not a string (atk47 F01)
            num48.odd_part(parts, k, prefix, role, kind, out)
        if not isinstance(part, dict):
            continue
        ptype = part.get("type")
        if not isinstance(ptype, str):
            ptype = None  # an unhashable `type` must not reach the set lookup below
        if ptype == "refusal":
            if isinstance(part.get("refusal"), str):
                out.append(TextSlot(part, "refusal", role, "refusal", f"{prefix}:{k}"))
            continue
        if ptype in _NON_TEXT_PARTS:
            continue
        # `text`, `input_text`, `output_text`, and any unknown part that carries a text.
        if isinstance(part.get("text"), str):
            out.append(TextSlot(part, "text", role, kind, f"{prefix}:{k}"))


def _content(container: dict[str, Any], key: str, prefix: str, role: str, kind: str, out: list[TextSlot],
             request: bool = False) -> None:
    """`container[key]` as a string or a list of content parts."""
    value = container.get(key)
    if isinstance(value, str):
        out.append(TextSlot(container, key, role, kind, prefix))
    elif isinstance(value, list):
        _parts(value, prefix, role, kind, out, request)
    elif value is not None and request:
        num48.odd_content(container, key, prefix, role, kind, out)  # a number or an object (atk47 F01)


# ---------------------------------------------------------------------------------------- requests


def _chat_request(body: dict[str, Any], out: list[TextSlot]) -> None:
    messages = body.get("messages")
    if isinstance(messages, list):
        for i, msg in enumerate(messages):
            if not isinstance(msg, dict):
                continue
            role = msg.get("role")
            prefix = f"messages:{i}"
            if role == "tool" or role == "function":
                _content(msg, "content", prefix + ":content", "tool", "tool_result", out, True)
                continue
            if not isinstance(role, str):
                role = "user"
            _reasoning_details(msg, prefix, role, out, request=True)  # (reasoning first, as the model wrote it)
            _content(msg, "content", prefix + ":content", role, "text", out, True)
            if isinstance(msg.get("refusal"), str):
                out.append(TextSlot(msg, "refusal", role, "refusal", prefix + ":refusal"))
            tool_calls = msg.get("tool_calls")
            if isinstance(tool_calls, list):
                for j, call in enumerate(tool_calls):
                    if not isinstance(call, dict):
                        continue
                    fn = call.get("function")
                    call_prefix = f"{prefix}:tool_calls:{j}"
                    if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                        json_text_slots(fn, "arguments", call_prefix + ":arguments", role, "tool_arguments", out)
                    custom = call.get("custom")
                    if isinstance(custom, dict) and isinstance(custom.get("input"), str):
                        out.append(TextSlot(custom, "input", role, "tool_arguments", call_prefix + ":input"))
            fn_call = msg.get("function_call")
            if isinstance(fn_call, dict) and isinstance(fn_call.get("arguments"), str):
                json_text_slots(fn_call, "arguments", prefix + ":function_call:arguments", role, "tool_arguments", out)
    # Predicted output (`{"type": "content", "content": str | parts}`) is text the client sends too.
    prediction = body.get("prediction")
    if isinstance(prediction, dict):
        _content(prediction, "content", "prediction:content", "user", "text", out)


def _completions_request(body: dict[str, Any], out: list[TextSlot]) -> None:
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        out.append(TextSlot(body, "prompt", "user", "prompt", "prompt"))
    elif isinstance(prompt, list):
        for k, item in enumerate(prompt):
            if isinstance(item, str):  # token ids (ints, lists of ints) carry no text to screen
                out.append(TextSlot(prompt, k, "user", "prompt", f"prompt:{k}"))
    if isinstance(body.get("suffix"), str):
        out.append(TextSlot(body, "suffix", "user", "prompt", "suffix"))


def _embeddings_request(body: dict[str, Any], out: list[TextSlot]) -> None:
    inp = body.get("input")
    if isinstance(inp, str):
        out.append(TextSlot(body, "input", "user", "input", "input"))
    elif isinstance(inp, list):
        for k, item in enumerate(inp):
            if isinstance(item, str):
                out.append(TextSlot(inp, k, "user", "input", f"input:{k}"))


def _responses_item(item: Any, prefix: str, out: list[TextSlot], request: bool = False) -> None:
    """One Responses item (request `input` or response `output`). Reasoning items are skipped (on a
    request the field sweep screens their summaries). `request`: function and MCP call arguments are
    decoded (`json_text_slots`)."""
    if not isinstance(item, dict):
        return
    itype = item.get("type")
    if itype is None or itype == "message":
        role = item.get("role")
        _content(item, "content", prefix + ":content", role if isinstance(role, str) else "user", "text", out,
                 request)
    elif itype == "function_call" or itype == "mcp_call":
        if isinstance(item.get("arguments"), str):
            if request:
                json_text_slots(item, "arguments", prefix + ":arguments", "assistant", "tool_arguments", out)
            else:
                out.append(TextSlot(item, "arguments", "assistant", "tool_arguments", prefix + ":arguments",
                                    is_json=True))
        if itype == "mcp_call" and isinstance(item.get("output"), str):
            out.append(TextSlot(item, "output", "tool", "tool_result", prefix + ":output"))
    elif itype == "custom_tool_call":
        if isinstance(item.get("input"), str):
            out.append(TextSlot(item, "input", "assistant", "tool_arguments", prefix + ":input"))
    elif itype == "function_call_output" or itype == "custom_tool_call_output":
        _content(item, "output", prefix + ":output", "tool", "tool_result", out, request)


def _responses_items(items: list[Any], prefix: str, out: list[TextSlot], request: bool = False) -> None:
    for i, item in enumerate(items):
        _responses_item(item, f"{prefix}:{i}", out, request)


def _responses_request(body: dict[str, Any], out: list[TextSlot]) -> None:
    instructions = body.get("instructions")
    if isinstance(instructions, str):
        out.append(TextSlot(body, "instructions", "system", "text", "instructions"))
    elif isinstance(instructions, list):
        _responses_items(instructions, "instructions", out, request=True)
    inp = body.get("input")
    if isinstance(inp, str):
        out.append(TextSlot(body, "input", "user", "text", "input"))
    elif isinstance(inp, list):
        _responses_items(inp, "input", out, request=True)
    # Reusable prompt variables: strings or input_text parts substituted into a stored prompt.
    prompt = body.get("prompt")
    if isinstance(prompt, dict):
        variables = prompt.get("variables")
        if isinstance(variables, dict):
            for name, value in variables.items():
                if isinstance(value, str):
                    out.append(TextSlot(variables, name, "user", "text", f"prompt:variables:{name}"))
                elif isinstance(value, dict) and value.get("type") == "input_text":
                    if isinstance(value.get("text"), str):
                        out.append(TextSlot(value, "text", "user", "text", f"prompt:variables:{name}"))


_REQUEST = {
    CHAT: _chat_request,
    COMPLETIONS: _completions_request,
    EMBEDDINGS: _embeddings_request,
    RESPONSES: _responses_request,
}


def request_texts(kind: str, body: Any, *, fields: bool = True) -> list[TextSlot]:
    """Every text the client sends in a request body of route `kind` (models: none): the texts this
    adapter knows by role, then (unless `fields` is False) every other field but those
    `proxy.providers.inventory` lists as carrying no user text (kind `field`)."""
    out: list[TextSlot] = []
    fn = _REQUEST.get(kind)
    if fn is not None and isinstance(body, dict):
        fn(body, out)
        if fields:
            field_texts(kind, body, out)
    return out


def continues_provider_state(kind: str, body: Any) -> bool:
    """Whether a request puts into the model's context what the provider kept of earlier requests, whose
    placeholders those requests numbered (atk13 M2): Responses `previous_response_id` or `conversation` (the
    earlier turns), an input item given by its id only (an `item_reference`, or an item with neither type nor
    role: the stored item), a `compaction` item (earlier turns, summarised and encrypted by the provider) or a
    tool's container given by id (`code_interpreter`'s `container: "cntr_..."`, a shell's `container_reference`:
    files earlier turns' code wrote). Such a request's placeholders are tagged (`proxy.guard.vault.Vault.tag`).
    Not `prompt` (a stored template, no earlier turn), `background_options.continuation_id` and
    `prompt_cache_options.comparison_response_id` (which add no history), nor a reasoning item's
    `encrypted_content`: it goes with the client's own resent history, numbered again the same way."""
    if kind != RESPONSES or not isinstance(body, dict):
        return False
    if body.get("previous_response_id") is not None or body.get("conversation") is not None:
        return True
    items = body.get("input")
    if isinstance(items, list) and any(_stored_item(item) for item in items):
        return True
    tools = body.get("tools")
    return isinstance(tools, list) and any(_stored_container(tool) for tool in tools)


def _stored_item(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    kind = item.get("type")
    return kind in ("item_reference", "compaction") or (kind is None and item.get("role") is None)


def _stored_container(tool: Any) -> bool:
    if not isinstance(tool, dict):
        return False
    container = tool.get("container")
    if isinstance(container, str):
        return True
    return any(isinstance(place, dict) and (place.get("type") == "container_reference" or "container_id" in place)
               for place in (container, tool.get("environment")))


def unscreenable_field(kind: str, body: Any) -> str | None:
    """`prompt` (completions) or `input` (embeddings) when given as token ids (numbers, or arrays of
    them): text the proxy cannot read, so cannot screen. None otherwise."""
    name = "prompt" if kind == COMPLETIONS else "input" if kind == EMBEDDINGS else None
    if name is None or not isinstance(body, dict):
        return None
    value = body.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return name
    if isinstance(value, list) and any(not isinstance(v, str) for v in value):
        return name
    return None


# --------------------------------------------------------------------------------------- responses


def _chat_message_out(msg: dict[str, Any], prefix: str, out: list[TextSlot]) -> None:
    """A chat answer's `message` or a stream chunk's `delta`: reasoning first (it streams first),
    then content, refusal, tool calls, the audio transcript and citation titles."""
    # Reasoning as OpenAI-compatible servers send it (DeepSeek, vLLM, OpenRouter: not in OpenAI's types).
    for field in _CHAT_REASONING:
        if isinstance(msg.get(field), str):
            out.append(TextSlot(msg, field, "assistant", "reasoning", f"{prefix}:{field}"))
    _reasoning_details(msg, prefix, "assistant", out)
    content = msg.get("content")
    if isinstance(content, str):
        out.append(TextSlot(msg, "content", "assistant", "text", prefix + ":content"))
    elif isinstance(content, list):
        _parts(content, prefix + ":content", "assistant", "text", out)
    if isinstance(msg.get("refusal"), str):
        out.append(TextSlot(msg, "refusal", "assistant", "refusal", prefix + ":refusal"))
    tool_calls = msg.get("tool_calls")
    if isinstance(tool_calls, list):
        for j, call in enumerate(tool_calls):
            if not isinstance(call, dict):
                continue
            idx = _index(call, "index", j)  # stream chunks name the call by `index`, not position
            fn = call.get("function")
            if isinstance(fn, dict) and isinstance(fn.get("arguments"), str):
                out.append(TextSlot(fn, "arguments", "assistant", "tool_arguments", f"{prefix}:tool:{idx}:arguments",
                                    is_json=True))
            custom = call.get("custom")
            if isinstance(custom, dict) and isinstance(custom.get("input"), str):
                out.append(TextSlot(custom, "input", "assistant", "tool_arguments", f"{prefix}:tool:{idx}:input"))
    fn_call = msg.get("function_call")
    if isinstance(fn_call, dict) and isinstance(fn_call.get("arguments"), str):
        out.append(TextSlot(fn_call, "arguments", "assistant", "tool_arguments", prefix + ":function_call:arguments",
                            is_json=True))
    audio = msg.get("audio")
    if isinstance(audio, dict) and isinstance(audio.get("transcript"), str):
        out.append(TextSlot(audio, "transcript", "assistant", "text", prefix + ":audio:transcript"))
    annotations = msg.get("annotations")
    if isinstance(annotations, list):  # url citations: their titles
        citation_strings(annotations, prefix + ":annotations", out, several=True)


# Chat fields carrying the model's reasoning text (`reasoning_content`, or `reasoning` as a string).
_CHAT_REASONING = ("reasoning_content", "reasoning")
# The texts of a chat `reasoning_details` piece (OpenRouter): a `reasoning.text`'s `text`, a `reasoning.summary`'s
# `summary`.
_DETAIL_TEXTS = ("text", "summary")


def _reasoning_details(msg: dict[str, Any], prefix: str, role: str, out: list[TextSlot], request: bool = False) -> None:
    """OpenRouter's reasoning pieces of a chat message (`reasoning_details`: `reasoning.text` with `text`,
    `reasoning.summary` with `summary`; an encrypted one's `data` is base64, swept), each a text of the message, in
    order (`{prefix}:reasoning_details:{index}:text`): a stream sends a piece in parts under its `index`, joined
    there; a request sends them back with the assistant's turn, read with its other texts: a signed text as
    `SIGNED_REASONING`, never rewritten (`proxy.guard.sealed.signed_detail`)."""
    details = msg.get("reasoning_details")
    for j, piece in enumerate(details if isinstance(details, list) else []):
        if isinstance(piece, dict):
            idx = _index(piece, "index", j)
            for field in _DETAIL_TEXTS:
                if isinstance(piece.get(field), str):
                    kind = SIGNED_REASONING if request and field == "text" and signed_detail(piece) else "reasoning"
                    out.append(TextSlot(piece, field, role, kind, f"{prefix}:reasoning_details:{idx}:{field}"))


def _chat_choices(body: dict[str, Any], field: str, out: list[TextSlot]) -> None:
    choices = body.get("choices")
    if not isinstance(choices, list):
        return
    for pos, choice in enumerate(choices):
        if isinstance(choice, dict):
            msg = choice.get(field)
            if isinstance(msg, dict):
                _chat_message_out(msg, f"choice:{_index(choice, 'index', pos)}", out)


def _completions_choices(body: dict[str, Any], out: list[TextSlot]) -> None:
    choices = body.get("choices")
    if not isinstance(choices, list):
        return
    for pos, choice in enumerate(choices):
        if isinstance(choice, dict) and isinstance(choice.get("text"), str):
            out.append(TextSlot(choice, "text", "assistant", "text", f"choice:{_index(choice, 'index', pos)}:text"))


# Answer items read field by field; any other output item is screened whole (`answer_strings`).
_KNOWN_OUTPUT_ITEMS = frozenset({"message", "function_call", "mcp_call", "custom_tool_call"})
_ITEM_FIELDS_READ = ("content", "arguments", "output", "input")  # what `_responses_item` reads


def _output_item(item: Any, prefix: str, out: list[TextSlot]) -> None:
    """One Responses output item: messages and tool calls as in requests; reasoning summaries
    (`{prefix}:summary:{k}`) and reasoning text (`{prefix}:reasoning:{k}`); every text string of any
    other item (code, shell commands and output, MCP results, search queries, unknown types)."""
    if not isinstance(item, dict):
        return
    itype = item.get("type")
    if itype is None or (isinstance(itype, str) and itype in _KNOWN_OUTPUT_ITEMS):
        _responses_item(item, prefix, out)
        # and any other text of the item (an MCP call's error, fields the API adds)
        answer_strings(item, prefix, "assistant", "tool_result", out, skip=_ITEM_FIELDS_READ)
        if itype == "message":
            content = item.get("content")
            for k, part in enumerate(content if isinstance(content, list) else []):
                if isinstance(part, dict) and isinstance(part.get("annotations"), list):
                    citation_strings(part["annotations"], f"{prefix}:content:{k}:annotations", out, several=True)
        return
    if itype == "reasoning":
        for field, name in (("summary", "summary"), ("content", "reasoning")):
            parts = item.get(field)
            for k, part in enumerate(parts if isinstance(parts, list) else []):
                if isinstance(part, dict) and isinstance(part.get("text"), str):
                    out.append(TextSlot(part, "text", "assistant", "reasoning", f"{prefix}:{name}:{k}"))
        return
    answer_strings(item, prefix, "assistant", "tool_result", out)


def _responses_response(body: dict[str, Any], out: list[TextSlot]) -> None:
    output = body.get("output")
    if isinstance(output, list):
        for i, item in enumerate(output):
            _output_item(item, f"output:{i}", out)
    if isinstance(body.get("output_text"), str):  # SDK convenience field, seldom on the wire
        out.append(TextSlot(body, "output_text", "assistant", "text", "output_text"))


def response_texts(kind: str, body: Any) -> list[TextSlot]:
    """Every text the model returns in a non-streamed answer (embeddings and models: none)."""
    out: list[TextSlot] = []
    if not isinstance(body, dict):
        return out
    if kind == CHAT:
        _chat_choices(body, "message", out)
    elif kind == COMPLETIONS:
        _completions_choices(body, out)
    elif kind == RESPONSES:
        _responses_response(body, out)
    return out


# ------------------------------------------------------------------------------------------ streams

# Responses events carrying one fragment of a text in a field of the event itself.
# type -> (field, kind, channel suffix); see `_fragment_channel` for the suffixes naming an index. The
# "arguments" of function and MCP calls are JSON documents; a custom tool's "input" is free text.
_RESP_FRAGMENT = {
    "response.output_text.delta": ("delta", "text", "content"),
    "response.refusal.delta": ("delta", "refusal", "content"),
    "response.function_call_arguments.delta": ("delta", "tool_arguments", "arguments"),
    "response.mcp_call_arguments.delta": ("delta", "tool_arguments", "arguments"),
    "response.custom_tool_call_input.delta": ("delta", "tool_arguments", "input"),
    "response.reasoning_summary_text.delta": ("delta", "reasoning", "summary"),
    "response.reasoning_text.delta": ("delta", "reasoning", "reasoning"),
    "response.code_interpreter_call_code.delta": ("delta", "tool_arguments", "code"),
    "response.shell_call_command.delta": ("delta", "tool_arguments", "command"),
    "response.audio.transcript.delta": ("delta", "text", "transcript"),
}
# Events repeating a whole text (same channels as the fragments above).
_RESP_WHOLE_FIELD = {
    "response.output_text.done": ("text", "text", "content"),
    "response.refusal.done": ("refusal", "refusal", "content"),
    "response.function_call_arguments.done": ("arguments", "tool_arguments", "arguments"),
    "response.mcp_call_arguments.done": ("arguments", "tool_arguments", "arguments"),
    "response.custom_tool_call_input.done": ("input", "tool_arguments", "input"),
    "response.reasoning_summary_text.done": ("text", "reasoning", "summary"),
    "response.reasoning_text.done": ("text", "reasoning", "reasoning"),
    "response.code_interpreter_call_code.done": ("code", "tool_arguments", "code"),
    "response.shell_call_command.added": ("command", "tool_arguments", "command"),
    "response.shell_call_command.done": ("command", "tool_arguments", "command"),
}
_RESP_PART_EVENTS = frozenset({"response.content_part.added", "response.content_part.done"})
_RESP_SUMMARY_PART_EVENTS = frozenset({"response.reasoning_summary_part.added", "response.reasoning_summary_part.done"})
_RESP_ITEM_EVENTS = frozenset({"response.output_item.added", "response.output_item.done"})
_RESP_RESPONSE_EVENTS = frozenset(
    {
        "response.created",
        "response.queued",
        "response.in_progress",
        "response.completed",
        "response.incomplete",
        "response.failed",
    }
)
_SHELL_OUTPUT_DELTA = "response.shell_call_output_content.delta"
_SHELL_OUTPUT_DONE = "response.shell_call_output_content.done"
_ANNOTATION_ADDED = "response.output_text.annotation.added"
_RESP_WHOLE_EVENTS = (frozenset(_RESP_WHOLE_FIELD) | _RESP_PART_EVENTS | _RESP_SUMMARY_PART_EVENTS | _RESP_ITEM_EVENTS
                      | _RESP_RESPONSE_EVENTS | {_SHELL_OUTPUT_DONE, _ANNOTATION_ADDED})
# Every Responses stream event type of the official SDK (`ResponseStreamEvent`), checked by
# tests/providers/test_answer_inventory.py. With output rules, an event of another type cannot be
# screened, and the stream fails closed.
RESPONSES_EVENT_TYPES = frozenset(
    {
        "error", "response.audio.delta", "response.audio.done", "response.audio.transcript.delta",
        "response.audio.transcript.done", "response.code_interpreter_call.completed",
        "response.code_interpreter_call.in_progress", "response.code_interpreter_call.interpreting",
        "response.code_interpreter_call_code.delta", "response.code_interpreter_call_code.done",
        "response.compaction.compacting", "response.completed", "response.content_part.added",
        "response.content_part.done", "response.created", "response.custom_tool_call_input.delta",
        "response.custom_tool_call_input.done", "response.failed", "response.file_search_call.completed",
        "response.file_search_call.in_progress", "response.file_search_call.searching",
        "response.function_call_arguments.delta", "response.function_call_arguments.done",
        "response.image_generation_call.completed", "response.image_generation_call.generating",
        "response.image_generation_call.in_progress", "response.image_generation_call.partial_image",
        "response.in_progress", "response.incomplete", "response.mcp_call.completed", "response.mcp_call.failed",
        "response.mcp_call.in_progress", "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done",
        "response.mcp_list_tools.completed", "response.mcp_list_tools.failed",
        "response.mcp_list_tools.in_progress", "response.output_item.added", "response.output_item.done",
        "response.output_text.annotation.added", "response.output_text.delta", "response.output_text.done",
        "response.queued", "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done",
        "response.reasoning_text.delta", "response.reasoning_text.done", "response.refusal.delta",
        "response.refusal.done", "response.shell_call_command.added", "response.shell_call_command.delta",
        "response.shell_call_command.done", "response.shell_call_output_content.delta",
        "response.shell_call_output_content.done", "response.web_search_call.completed",
        "response.web_search_call.in_progress", "response.web_search_call.searching",
    }
)


def _fragment_channel(event: dict[str, Any], suffix: str) -> str:
    """The channel of a Responses text event: the path of its text in the final output item."""
    oi = _index(event, "output_index", 0)
    if suffix == "content":
        return f"output:{oi}:content:{_index(event, 'content_index', 0)}"
    if suffix == "summary":
        return f"output:{oi}:summary:{_index(event, 'summary_index', 0)}"
    if suffix == "reasoning":
        return f"output:{oi}:reasoning:{_index(event, 'content_index', 0)}"
    if suffix == "command":
        return f"output:{oi}:action:commands:{_index(event, 'command_index', 0)}"
    if suffix == "transcript":
        return "audio:transcript"
    return f"output:{oi}:{suffix}"


def _responses_event(event: dict[str, Any], out: list[TextSlot]) -> None:
    etype = event.get("type")
    if not isinstance(etype, str):
        return
    spec = _RESP_FRAGMENT.get(etype) or _RESP_WHOLE_FIELD.get(etype)
    if spec is not None:
        field, kind, suffix = spec
        if isinstance(event.get(field), str):
            out.append(TextSlot(event, field, "assistant", kind, _fragment_channel(event, suffix),
                                is_json=suffix == "arguments"))
    elif etype in _RESP_PART_EVENTS:
        part = event.get("part")
        if isinstance(part, dict):
            channel = f"output:{_index(event, 'output_index', 0)}:content:{_index(event, 'content_index', 0)}"
            ptype = part.get("type")
            if ptype == "refusal":
                if isinstance(part.get("refusal"), str):
                    out.append(TextSlot(part, "refusal", "assistant", "refusal", channel))
            elif ptype == "reasoning_text":
                if isinstance(part.get("text"), str):
                    out.append(TextSlot(part, "text", "assistant", "reasoning", _fragment_channel(event, "reasoning")))
            elif isinstance(part.get("text"), str) and not (isinstance(ptype, str) and ptype in _NON_TEXT_PARTS):
                out.append(TextSlot(part, "text", "assistant", "text", channel))
            if isinstance(part.get("annotations"), list):
                citation_strings(part["annotations"], channel + ":annotations", out, several=True)
    elif etype in _RESP_SUMMARY_PART_EVENTS:
        part = event.get("part")
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            out.append(TextSlot(part, "text", "assistant", "reasoning", _fragment_channel(event, "summary")))
    elif etype in _RESP_ITEM_EVENTS:
        _output_item(event.get("item"), f"output:{_index(event, 'output_index', 0)}", out)
    elif etype in _RESP_RESPONSE_EVENTS:
        response = event.get("response")
        if isinstance(response, dict):
            _responses_response(response, out)
    elif etype == _SHELL_OUTPUT_DELTA:
        delta = event.get("delta")
        prefix = f"output:{_index(event, 'output_index', 0)}:output:{_index(event, 'command_index', 0)}"
        if isinstance(delta, dict):
            for field in ("stdout", "stderr"):
                if isinstance(delta.get(field), str):
                    out.append(TextSlot(delta, field, "tool", "tool_result", f"{prefix}:{field}"))
    elif etype == _SHELL_OUTPUT_DONE:
        if isinstance(event.get("output"), list):
            answer_strings(event["output"], f"output:{_index(event, 'output_index', 0)}:output", "tool",
                           "tool_result", out)
    elif etype == _ANNOTATION_ADDED:
        annotation = event.get("annotation")
        if isinstance(annotation, dict):
            citation_strings(annotation, f"output:{_index(event, 'output_index', 0)}:content:"
                             f"{_index(event, 'content_index', 0)}:annotations:{_index(event, 'annotation_index', 0)}",
                             out)


def stream_event_texts(kind: str, event: Any) -> list[TextSlot]:
    """Text fragments (or, for some Responses events, whole texts) in one parsed SSE `data` JSON."""
    out: list[TextSlot] = []
    if not isinstance(event, dict):
        return out
    if kind == CHAT:
        _chat_choices(event, "delta", out)
    elif kind == COMPLETIONS:
        _completions_choices(event, out)
    elif kind == RESPONSES:
        _responses_event(event, out)
    _loose_texts(kind, event, out)
    return out


# The keys of a chunk's choice (and of a chat delta) the proxy reads (`_chat_message_out`); a string under any other
# key of them is a field of its own, joined across the chunks by its path (`proxy.providers.loose`).
_CHOICE_KEYS = {CHAT: frozenset({"index", "delta", "finish_reason", "logprobs"}),
                COMPLETIONS: frozenset({"index", "text", "finish_reason", "logprobs"})}
_DELTA_KEYS = frozenset({"role", "content", "refusal", *_CHAT_REASONING, "reasoning_details", "tool_calls",
                         "function_call", "audio", "annotations"})
# The known objects of a chat delta the SDKs' stream helpers join key by key (`accumulate_delta`: every string
# under them, a list's objects by their `index`), and the keys the proxy reads in each: a string under any other key
# of them is a field of its own as well (`proxy.providers.loose`; a listed object's path has its `index`).
_INNER_OBJECTS = {"function_call": frozenset({"name", "arguments"}),
                  "audio": frozenset({"id", "data", "expires_at", "transcript"})}
_INNER_LISTS = {"tool_calls": frozenset({"index", "id", "type", "function", "custom"}),
                "reasoning_details": frozenset({"type", "index", "id", "format", *_DETAIL_TEXTS, "data", "signature"})}
_CALL_OBJECTS = {"function": frozenset({"name", "arguments"}), "custom": frozenset({"name", "input"})}
_LOGPROBS_KEYS = frozenset({"content", "refusal"})  # a chat choice's `logprobs` (its entries: `LogprobSlot`)
# A Responses fragment event's keys: which field, where, its text, the logprobs that spell it, OpenAI's padding.
_FRAGMENT_KEYS = frozenset({"type", "item_id", "output_index", "content_index", "summary_index", "command_index",
                            "sequence_number", "delta", "logprobs", "obfuscation"})


def _loose_texts(kind: str, event: dict[str, Any], out: list[TextSlot]) -> None:
    """Strings under unknown keys of a chunk's choices and chat deltas (and inside a delta's known objects and a chat
    choice's `logprobs`), of a Responses fragment event (beside its `delta`): fields of their own, joined across the
    stream by their paths (`proxy.providers.loose`)."""
    if kind in _CHOICE_KEYS:
        choices = event.get("choices")
        for pos, choice in enumerate(choices if isinstance(choices, list) else []):
            if not isinstance(choice, dict):
                continue
            prefix = f"choice:{_index(choice, 'index', pos)}"
            loose_texts(choice, _CHOICE_KEYS[kind], prefix, out)
            delta = choice.get("delta")
            if kind == CHAT and isinstance(delta, dict):
                loose_texts(delta, _DELTA_KEYS, prefix, out, "delta:")
                _inner_loose_texts(delta, prefix, out)
                strm48.part_fields(delta, prefix, out)  # a content part's other fields (atk47 F02)
            if kind == CHAT and isinstance(choice.get("logprobs"), dict):
                loose_texts(choice["logprobs"], _LOGPROBS_KEYS, prefix, out, "logprobs:")
    elif kind == RESPONSES:
        etype = event.get("type")
        spec = _RESP_FRAGMENT.get(etype) if isinstance(etype, str) else None
        if spec is not None and isinstance(event.get("delta"), str):
            loose_texts(event, _FRAGMENT_KEYS, _fragment_channel(event, spec[2]), out)


def _inner_loose_texts(delta: dict[str, Any], prefix: str, out: list[TextSlot]) -> None:
    """Strings under unknown keys inside a chat delta's known objects (`delta.tool_calls[].function.x_text`,
    `delta.audio.x_text`): joined across the chunks by their paths as the delta's own (a tool call's and a
    reasoning piece's by their `index`, as the SDKs join them), not swept piece by piece."""
    for key, known in _INNER_OBJECTS.items():
        if isinstance(delta.get(key), dict):
            loose_texts(delta[key], known, prefix, out, f"delta:{key}:")
    for key, known in _INNER_LISTS.items():
        items = delta.get(key)
        for j, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            path = f"delta:{key}:{_index(item, 'index', j)}:"
            loose_texts(item, known, prefix, out, path)
            for inner, inner_known in _CALL_OBJECTS.items() if key == "tool_calls" else ():
                if isinstance(item.get(inner), dict):
                    loose_texts(item[inner], inner_known, prefix, out, f"{path}{inner}:")


# ----------------------------------------------------------------------------------------- logprobs


def _choice_logprobs(body: dict[str, Any], kind: str, out: list[LogprobSlot]) -> None:
    choices = body.get("choices")
    for pos, choice in enumerate(choices if isinstance(choices, list) else []):
        if not isinstance(choice, dict) or not isinstance(choice.get("logprobs"), dict):
            continue
        prefix = f"choice:{_index(choice, 'index', pos)}"
        logprobs = choice["logprobs"]
        if kind == COMPLETIONS:
            out.append(LogprobSlot(choice, "logprobs", prefix + ":text", parallel=True))
            continue
        for field in ("content", "refusal"):
            if isinstance(logprobs.get(field), list):
                out.append(LogprobSlot(logprobs, field, f"{prefix}:{field}"))


def _item_logprobs(item: Any, prefix: str, out: list[LogprobSlot]) -> None:
    if not isinstance(item, dict) or item.get("type") not in (None, "message"):
        return
    content = item.get("content")
    for k, part in enumerate(content if isinstance(content, list) else []):
        if isinstance(part, dict) and isinstance(part.get("logprobs"), list):
            out.append(LogprobSlot(part, "logprobs", f"{prefix}:content:{k}"))


def _response_logprobs(response: dict[str, Any], out: list[LogprobSlot]) -> None:
    output = response.get("output")
    for i, item in enumerate(output if isinstance(output, list) else []):
        _item_logprobs(item, f"output:{i}", out)


def response_logprobs(kind: str, body: Any) -> list[LogprobSlot]:
    """The token logprobs of a whole answer, on the channels of the texts they spell: chat
    `choices[].logprobs.content|refusal`, legacy completions `choices[].logprobs` (parallel
    arrays), Responses `output[].content[].logprobs`."""
    out: list[LogprobSlot] = []
    if not isinstance(body, dict):
        return out
    if kind in (CHAT, COMPLETIONS):
        _choice_logprobs(body, kind, out)
    elif kind == RESPONSES:
        _response_logprobs(body, out)
    return out


def stream_event_logprobs(kind: str, event: Any) -> list[LogprobSlot]:
    """The token logprobs in one stream event (chat and completions chunks; Responses text deltas,
    `output_text.done`, content parts, output items and lifecycle events)."""
    out: list[LogprobSlot] = []
    if not isinstance(event, dict):
        return out
    if kind in (CHAT, COMPLETIONS):
        _choice_logprobs(event, kind, out)
        return out
    if kind != RESPONSES:
        return out
    etype = event.get("type")
    if etype in ("response.output_text.delta", "response.output_text.done"):
        if isinstance(event.get("logprobs"), list):
            out.append(LogprobSlot(event, "logprobs", _fragment_channel(event, "content")))
    elif etype in _RESP_PART_EVENTS:
        part = event.get("part")
        if isinstance(part, dict) and isinstance(part.get("logprobs"), list):
            out.append(LogprobSlot(part, "logprobs", _fragment_channel(event, "content")))
    elif etype in _RESP_ITEM_EVENTS:
        _item_logprobs(event.get("item"), f"output:{_index(event, 'output_index', 0)}", out)
    elif etype in _RESP_RESPONSE_EVENTS and isinstance(event.get("response"), dict):
        _response_logprobs(event["response"], out)
    return out


def is_known_event(kind: str, event: Any) -> bool:
    """Whether a stream event has a shape this adapter reads (else, with output rules, the stream
    fails closed): chat and completions chunks with a `choices` list of objects (or an `error`), each choice's
    `index` an integer when given (not `true`, `1.0` or `"1"`, which a client may file under choice 1 while the
    proxy read it as another answer), no two entries of one chunk for the same choice (atk7: a choice's text and
    its finish as two entries of one chunk, in either order, were read finish first, the text alone);
    Responses events of a type in `RESPONSES_EVENT_TYPES`. Neither with a piece of a streamed text given as
    an object or a list (`confused_piece`)."""
    if not isinstance(event, dict):
        return False
    if kind in (CHAT, COMPLETIONS):
        if "error" in event:
            return True
        choices = event.get("choices")
        if not isinstance(choices, list) or not all(isinstance(c, dict) for c in choices):
            return False
        field = "delta" if kind == CHAT else "text"
        indexes = [c.get("index", pos) for pos, c in enumerate(choices)]
        return all(c.get(field) is None or isinstance(c.get(field), dict if kind == CHAT else str) for c in choices) \
            and all(type(i) is int for i in indexes) and len(set(indexes)) == len(indexes) \
            and not confused_piece(kind, event)
    if kind == RESPONSES:
        etype = event.get("type")
        return isinstance(etype, str) and etype in RESPONSES_EVENT_TYPES and not confused_piece(kind, event)
    return True


def _nested(value: Any) -> bool:
    """An object or a list where the SDKs type a string."""
    return isinstance(value, dict | list)


def _confused_parts(parts: Any) -> bool:
    """Content parts (or summary parts) with a `text` or `refusal` given as an object or a list."""
    return isinstance(parts, list) and any(isinstance(p, dict) and (_nested(p.get("text")) or _nested(p.get("refusal")))
                                           for p in parts)


def _confused_delta(delta: dict[str, Any]) -> bool:
    content = delta.get("content")
    if isinstance(content, dict) or (isinstance(content, list) and not all(isinstance(p, dict) for p in content)):
        return True  # a list of content parts (objects) is read part by part (`_parts`)
    if _confused_parts(content) or any(_nested(delta.get(field)) for field in ("refusal", *_CHAT_REASONING)):
        return True
    calls = delta.get("tool_calls")
    for call in calls if isinstance(calls, list) else ():
        if isinstance(call, dict) and any(isinstance(call.get(holder), dict) and _nested(call[holder].get(field))
                                          for holder, field in (("function", "arguments"), ("custom", "input"))):
            return True
    fn_call, audio = delta.get("function_call"), delta.get("audio")
    return (isinstance(fn_call, dict) and _nested(fn_call.get("arguments"))) \
        or (isinstance(audio, dict) and _nested(audio.get("transcript")))


# What an output item a Responses stream opens (`response.output_item.added`) holds of the texts its events stream
# into, by item type: fields, and fields of parts.
_ITEM_PIECES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "message": ((), ("content",)), "reasoning": ((), ("summary", "content")),
    "function_call": (("arguments",), ()), "mcp_call": (("arguments",), ()),
    "custom_tool_call": (("input",), ()), "code_interpreter_call": (("code",), ()),
}


def confused_piece(kind: str, event: Any) -> bool:
    """Whether a stream event holds a piece of a streamed text given as an object or a list where the SDKs type
    a string (type-confused, atk6 finding 7: `"delta": {"project": "osprey"}`): a chat delta's `content`,
    `refusal`, reasoning, a tool call's `arguments` or `input`, `audio.transcript`; a Responses fragment event's
    `delta` (a shell's `stdout`, `stderr`), or the text an opening event starts a field with (a part's `text`, an
    added item's `arguments`). The client joins the pieces (`"jane.doe@exa" + ["mple.com"]` is an address in
    JavaScript), the proxy cannot: with output rules, the stream fails closed (`is_known_event`). A whole text
    (`*.done`, `response.completed`) is read as a whole answer's is (`proxy.providers.answers.STRING_FIELDS`)."""
    if not isinstance(event, dict):
        return False
    if kind == CHAT:
        choices = event.get("choices")
        return any(isinstance(c, dict) and isinstance(c.get("delta"), dict) and _confused_delta(c["delta"])
                   for c in (choices if isinstance(choices, list) else ()))
    if kind != RESPONSES:
        return False
    etype = event.get("type")
    if not isinstance(etype, str):
        return False
    if etype in _RESP_FRAGMENT:
        return _nested(event.get("delta"))
    if etype == _SHELL_OUTPUT_DELTA:
        delta = event.get("delta")
        return isinstance(delta, dict) and (_nested(delta.get("stdout")) or _nested(delta.get("stderr")))
    if etype in ("response.content_part.added", "response.reasoning_summary_part.added"):
        return _confused_parts([event.get("part")])
    if etype == "response.shell_call_command.added":
        return _nested(event.get("command"))
    if etype == "response.output_item.added":
        item = event.get("item")
        itype = item.get("type") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(itype, str) or itype not in _ITEM_PIECES:
            return False
        fields, parts = _ITEM_PIECES[itype]
        return any(_nested(item.get(f)) for f in fields) or any(_confused_parts(item.get(f)) for f in parts)
    return False


def is_whole_text_event(kind: str, event: Any) -> bool:
    """True for a Responses event whose texts repeat whole texts already streamed as fragments
    (`*.done`, `content_part.*`, `output_item.*`, `response.completed` and the other lifecycle
    events). Their slots use the fragments' channels; a caller joining fragments skips them and a
    rewriter makes them match what it streamed. Chat and completions chunks hold fragments only."""
    if kind != RESPONSES or not isinstance(event, dict):
        return False
    etype = event.get("type")
    return isinstance(etype, str) and etype in _RESP_WHOLE_EVENTS


# -------------------------------------------------------------------------------------------- usage


def _details(usage: dict[str, Any], key: str, field: str) -> int:
    details = usage.get(key)
    return token_count(details.get(field)) if isinstance(details, dict) else 0


def _chat_usage(usage: dict[str, Any]) -> Usage | None:
    if not counted(usage.get("prompt_tokens"), usage.get("completion_tokens")):
        return None  # unreadable: charged the bound (`proxy.providers.usage.counted`)
    return Usage(
        input_tokens=token_count(usage.get("prompt_tokens")),
        output_tokens=token_count(usage.get("completion_tokens")),
        cached_input_tokens=_details(usage, "prompt_tokens_details", "cached_tokens"),
        reasoning_tokens=_details(usage, "completion_tokens_details", "reasoning_tokens"),
    )


def _responses_usage(usage: dict[str, Any]) -> Usage | None:
    if not counted(usage.get("input_tokens"), usage.get("output_tokens")):
        return None  # unreadable: charged the bound (`proxy.providers.usage.counted`)
    return Usage(
        input_tokens=token_count(usage.get("input_tokens")),
        output_tokens=token_count(usage.get("output_tokens")),
        cached_input_tokens=_details(usage, "input_tokens_details", "cached_tokens"),
        reasoning_tokens=_details(usage, "output_tokens_details", "reasoning_tokens"),
    )


def usage_from_body(kind: str, body: Any) -> Usage | None:
    """Usage of a non-streamed answer; None where the body has none. OpenAI's input count includes
    the cached tokens (`cached_input_tokens` is the part of it read from the cache)."""
    if not isinstance(body, dict):
        return None
    usage = body.get("usage")
    if not isinstance(usage, dict):
        return None
    if kind == CHAT or kind == COMPLETIONS:
        return with_tier(_chat_usage(usage), body.get("service_tier"))  # (its price tier: `proxy.budget.tier47`)
    if kind == EMBEDDINGS:
        return Usage(input_tokens=token_count(usage.get("prompt_tokens"))) if counted(usage.get("prompt_tokens")) \
            else None
    if kind == RESPONSES:
        return with_tier(_responses_usage(usage), body.get("service_tier"))
    return None


def usage_from_event(kind: str, event: Any) -> Usage | None:
    """Usage in one stream event: the final chat/completions chunk's `usage` (sent when
    `stream_options.include_usage` is set), or a Responses lifecycle event's `response.usage`
    (`response.completed`, `response.incomplete`, `response.failed`). None elsewhere."""
    if not isinstance(event, dict):
        return None
    if kind == CHAT or kind == COMPLETIONS:
        usage = event.get("usage")
        return with_tier(_chat_usage(usage), event.get("service_tier")) if isinstance(usage, dict) else None
    if kind == RESPONSES:
        response = event.get("response")
        if isinstance(response, dict):
            usage = response.get("usage")
            if isinstance(usage, dict):
                return with_tier(_responses_usage(usage), response.get("service_tier"))
    return None


# ------------------------------------------------------------------------------------ request bits


def request_model(body: Any) -> str | None:
    if isinstance(body, dict):
        model = body.get("model")
        if isinstance(model, str):
            return model
    return None


def request_stream(body: Any) -> bool:
    return isinstance(body, dict) and body.get("stream") is True


def set_include_usage(body: Any) -> bool:
    """For a chat or completions stream: make sure `stream_options.include_usage` is true, so the
    stream ends with a usage chunk. Returns True when the client had not asked for it (the proxy then
    hides that chunk from it), False when it had, or when nothing was changed (not a stream, or
    `stream_options` is not an object: upstream answers that request with its own error)."""
    if not isinstance(body, dict) or body.get("stream") is not True:
        return False
    options = body.get("stream_options")
    if options is None:
        body["stream_options"] = {"include_usage": True}
        return True
    if not isinstance(options, dict):
        return False
    if options.get("include_usage") is True:
        return False
    options["include_usage"] = True
    return True


def is_usage_only_chunk(event: Any) -> bool:
    """A chat/completions chunk with no choices and a usage: the one `include_usage` adds."""
    if not isinstance(event, dict):
        return False
    choices = event.get("choices")
    return isinstance(choices, list) and not choices and isinstance(event.get("usage"), dict)


def error_body(message: str, type: str, code: str | None = None, param: str | None = None) -> dict[str, Any]:
    """An OpenAI-format error body."""
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def closing_channels(kind: str, event: dict[str, Any]) -> list[str]:
    """Channels (prefixes ending in ':', or ALL_CHANNELS) whose text is complete once `event` is seen."""
    if kind in (CHAT, COMPLETIONS):
        choices = event.get("choices")
        out = []
        for i, choice in enumerate(choices if isinstance(choices, list) else []):
            if isinstance(choice, dict) and choice.get("finish_reason"):
                out.append(f"choice:{choice.get('index', i)}:")
        return out
    if kind == RESPONSES:
        etype = event.get("type")
        oi, ci = event.get("output_index", 0), event.get("content_index", 0)
        # A field closes with the fields of unknown keys its deltas carried beside it (`_loose_texts`).
        if etype in ("response.output_text.done", "response.refusal.done", "response.content_part.done"):
            return [f"output:{oi}:content:{ci}", f"output:{oi}:content:{ci}{LOOSE}"]
        if etype == "response.reasoning_summary_part.done":
            return [_fragment_channel(event, "summary"), _fragment_channel(event, "summary") + LOOSE]
        if etype == "response.audio.transcript.done":
            return ["audio:transcript", "audio:transcript" + LOOSE]
        if isinstance(etype, str) and etype.endswith(".done") and etype in _RESP_WHOLE_FIELD:
            channel = _fragment_channel(event, _RESP_WHOLE_FIELD[etype][2])
            return [channel, channel + LOOSE]
        if etype == _SHELL_OUTPUT_DONE:
            return [f"output:{oi}:output:"]
        if etype == "response.output_item.done":
            return [f"output:{oi}:"]
        if etype in ("response.completed", "response.incomplete", "response.failed"):
            return [ALL_CHANNELS]
    return []


# ------------------------------------------------------------------------------------- the adapter

# Fields the proxy relies on, per route kind.
_FIELDS: dict[str, tuple[Field, ...]] = {
    CHAT: (Field("model", str, True), Field("messages", list, True), Field("stream", bool),
           Field("stream_options", dict), Field("max_tokens", int), Field("max_completion_tokens", int),
           Field("n", int, low=1, high=128), Field("seed", int), Field("top_logprobs", int, low=0, high=20),
           Field("temperature", float, low=0, high=2), Field("top_p", float, low=0, high=1),
           Field("presence_penalty", float, low=-2, high=2), Field("frequency_penalty", float, low=-2, high=2)),
    COMPLETIONS: (Field("model", str, True), Field("stream", bool), Field("stream_options", dict),
                  Field("max_tokens", int), Field("n", int, low=1, high=128), Field("best_of", int, low=0, high=20),
                  Field("seed", int), Field("temperature", float, low=0, high=2), Field("top_p", float, low=0, high=1),
                  Field("presence_penalty", float, low=-2, high=2), Field("frequency_penalty", float, low=-2, high=2)),
    EMBEDDINGS: (Field("model", str, True), Field("dimensions", int)),
    RESPONSES: (Field("model", str), Field("stream", bool), Field("max_output_tokens", int),
                Field("temperature", float, low=0, high=2), Field("top_p", float, low=0, high=1),
                Field("top_logprobs", int, low=0, high=20)),
}
# The numeric ranges are OpenAI's OpenAPI spec's (`minimum`, `maximum`).
# Required fields of any JSON type.
_REQUIRED_ANY = {COMPLETIONS: "prompt", EMBEDDINGS: "input"}

# The proxy's own error codes (see proxy.errors) -> OpenAI error types.
_ERROR_TYPES = {
    "content_blocked": "guardrail_violation",
    "unscreenable_input": "invalid_request_error",
    "model_not_allowed": "permission_error",
    "budget_exceeded": "budget_exceeded",
    "upstream_unreachable": "api_error",
    "upstream_timeout": "api_error",
    "guardrail_unavailable": "guardrail_unavailable",
    "store_unavailable": "api_error",
    "upstream_unreadable": "api_error",
    "answer_too_large": "api_error",
}


class OpenAIAdapter:
    """OpenAI's wire format (chat, completions, embeddings, Responses, models), as a `ProviderAdapter`."""

    name = OPENAI

    def request_fields(self, kind: str) -> Sequence[Field]:
        return _FIELDS.get(kind, ())

    def request_problem(self, kind: str, body: dict[str, Any]) -> str | None:
        name = _REQUIRED_ANY.get(kind)
        return name if name is not None and body.get(name) is None else None

    request_model = staticmethod(request_model)
    request_stream = staticmethod(request_stream)
    request_texts = staticmethod(request_texts)
    unscreenable_field = staticmethod(unscreenable_field)

    def prepare_stream(self, kind: str, body: Any) -> bool | None:
        return set_include_usage(body) if kind in (CHAT, COMPLETIONS) else None

    def auth_headers(self, key: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {key}"}

    def upstream_url(self, base_url: str, path: str, query: str) -> str:
        base = base_url.rstrip("/")
        if base.endswith("/v1") and path.startswith("/v1/"):
            path = path[3:]  # the base URL already names the version
        return f"{base}{path}?{query}" if query else f"{base}{path}"

    response_texts = staticmethod(response_texts)
    stream_event_texts = staticmethod(stream_event_texts)
    is_whole_text_event = staticmethod(is_whole_text_event)
    closing_channels = staticmethod(closing_channels)
    usage_from_body = staticmethod(usage_from_body)
    usage_from_event = staticmethod(usage_from_event)
    is_usage_only_chunk = staticmethod(is_usage_only_chunk)
    response_logprobs = staticmethod(response_logprobs)
    stream_event_logprobs = staticmethod(stream_event_logprobs)
    is_known_event = staticmethod(is_known_event)

    def block_body(self, kind: str, body: dict[str, Any], blocked_channels: set[str]) -> None:
        endings.block_openai_body(kind, body, blocked_channels)

    def stream_error(self, kind: str, meta: endings.StreamMeta, code: str, message: str) -> list[bytes]:
        return endings.openai_stream_error(kind, meta, error_body(message, _ERROR_TYPES.get(code, "api_error"), code))

    def stream_ending(self, kind: str, meta: endings.StreamMeta, usage: Usage, *, send_usage: bool,
                      released: Mapping[str, str]) -> list[bytes]:
        return endings.openai_stream_ending(kind, meta, usage, send_usage=send_usage, released=released)

    def error_body(self, code: str, message: str, param: str | None = None) -> dict[str, Any]:
        return error_body(message, _ERROR_TYPES.get(code, "invalid_request_error"), code, param)


ADAPTER = OpenAIAdapter()
