"""Index fields a client files an answer's pieces by: each must be one the client reads as the proxy does (atk24b
F2, F3, F6; issue 12).

The proxy files a streamed piece by its index (a chat choice's `index`, a tool call's `index`, an Anthropic block's
`index`, a Responses event's `output_index` / `content_index` / `summary_index` / ...). A client files it by the same
number, but reads it its own way: `1.0`, `true`, `"1"` are 1 to JavaScript, pydantic or a Python dict key, `-1` is
the last choice, call or block to every SDK helper (a Python list index, JavaScript's `at(-1)`), two indexes beyond
2**53 - 1 are one number to JavaScript, and a field left without its index is filed by its position, or joined in
arrival order. A piece whose index is not a plain integer from 0 to 2**53 - 1 (present where the SDK requires it)
could be joined with a piece the proxy read apart (`Mail bob.smith@cont` + `oso.com now.`): the stream is unreadable
(`proxy.stream.channels.StreamRewriter`, under output rules and when the request's values are restored). So is a
chat or completions choice the request did not ask for (index `n` or more; `n` absent: 1), which the SDKs' canonical
`choices[0]` loop joins with the first. A whole chat or completions answer's choice `index` is held to the same
(`whole_index_trouble`); its other lists carry no index (a client reads them by position).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES

MAX_INDEX = 2**53 - 1  # JavaScript's largest exact integer (`Number.MAX_SAFE_INTEGER`)

# Anthropic stream events that name their block, always (the SDK's `index: int`).
_ABSENT = object()
_BLOCK_EVENTS = frozenset({"content_block_start", "content_block_delta", "content_block_stop"})

# Responses stream events and the index fields the official SDK requires in each (`ResponseStreamEvent`; checked
# against it by tests/stream/test_indexes24.py). Where an event of another type carries one of them, it is held to the
# same form.
_OUT = ("output_index",)
_CONTENT = ("output_index", "content_index")
_SUMMARY = ("output_index", "summary_index")
_COMMAND = ("output_index", "command_index")
_RESPONSES_REQUIRED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys((
        "response.code_interpreter_call_code.delta", "response.code_interpreter_call_code.done",
        "response.code_interpreter_call.completed", "response.code_interpreter_call.in_progress",
        "response.code_interpreter_call.interpreting", "response.compaction.compacting",
        "response.file_search_call.completed", "response.file_search_call.in_progress",
        "response.file_search_call.searching", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.added", "response.output_item.done",
        "response.web_search_call.completed", "response.web_search_call.in_progress",
        "response.web_search_call.searching", "response.image_generation_call.completed",
        "response.image_generation_call.generating", "response.image_generation_call.in_progress",
        "response.mcp_call_arguments.delta", "response.mcp_call_arguments.done", "response.mcp_call.completed",
        "response.mcp_call.failed", "response.mcp_call.in_progress", "response.mcp_list_tools.completed",
        "response.mcp_list_tools.failed", "response.mcp_list_tools.in_progress",
        "response.custom_tool_call_input.delta", "response.custom_tool_call_input.done"), _OUT),
    **dict.fromkeys((
        "response.content_part.added", "response.content_part.done", "response.reasoning_text.delta",
        "response.reasoning_text.done", "response.refusal.delta", "response.refusal.done",
        "response.output_text.delta", "response.output_text.done"), _CONTENT),
    **dict.fromkeys((
        "response.reasoning_summary_part.added", "response.reasoning_summary_part.done",
        "response.reasoning_summary_text.delta", "response.reasoning_summary_text.done"), _SUMMARY),
    **dict.fromkeys((
        "response.shell_call_command.added", "response.shell_call_command.delta", "response.shell_call_command.done",
        "response.shell_call_output_content.delta", "response.shell_call_output_content.done"), _COMMAND),
    "response.image_generation_call.partial_image": ("output_index", "partial_image_index"),
    "response.output_text.annotation.added": ("output_index", "content_index", "annotation_index"),
}

# Every index field of a Responses stream event (the SDK's): where one is given, it must be readable.
_RESPONSES_INDEXES = tuple(sorted({key for keys in _RESPONSES_REQUIRED.values() for key in keys}))

# The choices the request asked for (`n`), set per request by `note_request` (None: not known, not checked).
_ASKED: ContextVar[int | None] = ContextVar("asked_choices24", default=None)


def readable_index(value: Any) -> bool:
    """An index every client reads as the proxy does: a plain integer (not `true`, `1.0`, `"1"`), 0 to 2**53 - 1."""
    return type(value) is int and 0 <= value <= MAX_INDEX


def note_request(kind: str, body: Any) -> None:
    """Note how many choices a chat or completions request asks for (`n`; absent: 1) for this request's stream."""
    if kind in (CHAT, COMPLETIONS):
        n = body.get("n") if isinstance(body, dict) else None
        _ASKED.set(n if type(n) is int and n >= 1 else 1)
    else:
        _ASKED.set(None)


def asked_choices() -> int | None:
    """The choices this request asked for (`note_request`), or None when not noted."""
    return _ASKED.get()


def _choice_trouble(choices: Any, asked: int | None, required: bool) -> bool:
    for choice in choices if isinstance(choices, list) else ():
        if isinstance(choice, dict) and ("index" in choice or required):
            index: Any = choice.get("index")
            if not readable_index(index) or (asked is not None and index >= asked):
                return True
    return False


def _listed_trouble(items: Any, required: bool) -> bool:
    """Objects of a delta's list that the SDKs join by their `index` (`accumulate_delta`)."""
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and ("index" in item or required) and not readable_index(item.get("index")):
            return True
    return False


def stream_index_trouble(kind: str, event: Any, asked: int | None = None) -> bool:
    """Whether a stream event carries an index a client may read otherwise than the proxy (see the module): a chat
    or completions choice's `index` (required: a chunk's choice is filed by it; one of `asked` or more), a chat
    delta's `tool_calls[].index` (required) and `reasoning_details[].index`, an Anthropic block event's `index`
    (required), a Responses event's `*_index` fields (those its type requires must be there)."""
    if not isinstance(event, dict):
        return False
    if kind in (CHAT, COMPLETIONS):
        choices = event.get("choices")
        if _choice_trouble(choices, asked, True):
            return True
        if kind == CHAT:
            for choice in choices if isinstance(choices, list) else ():
                delta = choice.get("delta") if isinstance(choice, dict) else None
                if isinstance(delta, dict) and (_listed_trouble(delta.get("tool_calls"), True)
                                                or _listed_trouble(delta.get("reasoning_details"), False)):
                    return True
        return False
    etype = event.get("type")
    if not isinstance(etype, str):
        return False
    if kind == MESSAGES:
        return etype in _BLOCK_EVENTS and not readable_index(event.get("index"))
    if kind == RESPONSES:
        required = _RESPONSES_REQUIRED.get(etype, ())
        for key in _RESPONSES_INDEXES:
            value = event.get(key, _ABSENT)
            if (key in required) if value is _ABSENT else not (type(value) is int and 0 <= value <= MAX_INDEX):
                return True
    return False


def whole_index_trouble(kind: str, body: Any) -> bool:
    """Whether a whole chat or completions answer has a choice whose `index` (when given: a client reads a whole
    answer's choices by position) is not a plain integer from 0 to 2**53 - 1."""
    return kind in (CHAT, COMPLETIONS) and isinstance(body, dict) and _choice_trouble(body.get("choices"), None, False)
