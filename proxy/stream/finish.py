"""A chat or legacy-completions chunk that carries a choice's last text and its `finish_reason` together, read
as two: the text first, then the finish (issue 12, atk7 finding 1).

Many OpenAI-compatible servers send the last tokens (or a whole tool call) in the chunk that ends the choice.
Read as one event, the finish closed the choice before its text was read: the text held before it went out
unscreened against what follows, and the chunk's own text was read alone, and went out after the choice's
end. Split, the chunk's text is read with the text held before it (its field's window goes on) and goes out
before the finish; the finish then closes the choice as a chunk of its own would (`delta` empty, `text` "").
"""

from __future__ import annotations

import copy
from collections.abc import Container, Iterable
from typing import Any

from proxy.providers.base import ALL_CHANNELS, CHAT, COMPLETIONS, MESSAGES, RESPONSES, TextSlot
from proxy.providers.sse import SSEEvent, encode_event

# A finishing choice's keys that go with its text (the first chunk); all others go with its finish.
_TEXT_KEYS = {CHAT: ("index", "delta", "logprobs"), COMPLETIONS: ("index", "text", "logprobs")}


def _carries(kind: str, choice: dict[str, Any]) -> bool:
    """Whether a choice brings more of its answer: text (a chat delta's key other than `role` with a value)."""
    if kind == COMPLETIONS:
        return choice.get("text") not in (None, "")
    delta = choice.get("delta")
    return isinstance(delta, dict) and any(value not in (None, "", [], {}) for key, value in delta.items()
                                           if key != "role")


def _no_entries(logprobs: Any) -> Any:
    """A choice's logprobs with no entries, in their shape (the entries spell the text: they go with it)."""
    return {key: [] if isinstance(value, list) else None for key, value in logprobs.items()} \
        if isinstance(logprobs, dict) else None


def split_finish(kind: str, ev: SSEEvent, data: Any) -> list[tuple[SSEEvent, Any]]:
    """The chunk as read: itself, or, when a choice carries text and `finish_reason` in it, a chunk of every
    choice's text (those choices' `finish_reason` null, no `usage`), then a chunk of their finishes: each such
    choice with its other keys and an empty `delta` (or `text`), the chunk's `usage`."""
    if kind not in (CHAT, COMPLETIONS) or not isinstance(data, dict):
        return [(ev, data)]
    choices = data.get("choices")
    if not isinstance(choices, list):
        return [(ev, data)]
    ending = [k for k, choice in enumerate(choices)
              if isinstance(choice, dict) and choice.get("finish_reason") and _carries(kind, choice)]
    if not ending:
        return [(ev, data)]
    keys = _TEXT_KEYS[kind]
    text = {key: copy.deepcopy(value) for key, value in data.items() if key != "usage"}
    end = {key: copy.deepcopy(value) for key, value in data.items() if key != "choices"}
    end["choices"] = []
    for k in ending:
        choice = choices[k]
        text["choices"][k] = {**{key: copy.deepcopy(choice[key]) for key in keys if key in choice},
                              "finish_reason": None}
        closing: dict[str, Any] = {} if "index" in choice else {"index": k}  # its place in the chunk is another
        for key, value in choice.items():
            closing[key] = ({} if kind == CHAT else "") if key == keys[1] else _no_entries(value) if key == "logprobs" \
                else copy.deepcopy(value)
        end["choices"].append(closing)
    return [(SSEEvent(encode_event(text, ev.event)), text), (SSEEvent(encode_event(end, ev.event)), end)]


# Responses events that end the answer (after them no text of it comes).
_RESPONSES_ENDS = frozenset({"response.completed", "response.incomplete", "response.failed"})


def answer_ends(kind: str, data: dict[str, Any]) -> list[str]:
    """What `data` ends for good (channel prefixes, or `ALL_CHANNELS`): a chat or completions choice that
    finishes (`choice:0:`), an Anthropic answer (`message_delta` with a `stop_reason`, `message_stop`), a Responses
    answer (`response.completed`, `incomplete`, `failed`)."""
    if kind in (CHAT, COMPLETIONS):
        choices = data.get("choices")
        listed = choices if isinstance(choices, list) else []
        return [f"choice:{choice.get('index', pos)}:" for pos, choice in enumerate(listed)
                if isinstance(choice, dict) and choice.get("finish_reason") and type(choice.get("index", pos)) is int]
    etype = data.get("type")
    if kind == MESSAGES:
        delta = data.get("delta")
        if etype == "message_stop" or (etype == "message_delta" and isinstance(delta, dict)
                                       and delta.get("stop_reason") is not None):
            return [ALL_CHANNELS]
    elif kind == RESPONSES and etype in _RESPONSES_ENDS:
        return [ALL_CHANNELS]
    return []


def text_after_end(slots: Iterable[TextSlot], ended: set[str], whole: bool, seen: Container[str]) -> bool:
    """Whether an event brings text of an answer (or a choice) that ended (`answer_ends`): a piece after the
    end, never read with the text held before the end (that went out at it). Under output rules the stream is
    unreadable (fails closed). A whole text repeating a field already streamed (`whole`, its channel `seen`) is
    no new text: it is written as the field went out."""
    if not ended:
        return False
    for slot in slots:
        if not slot.get() or (whole and slot.channel in seen):
            continue
        if ALL_CHANNELS in ended or any(slot.channel.startswith(prefix) for prefix in ended):
            return True
    return False


# Keys of a Responses event that bring something of an answer (an item, a part, a piece of one).
_RESPONSES_PIECES = ("item", "part", "delta", "output_index", "text", "arguments")


def opens_after_end(kind: str, data: dict[str, Any], ended: set[str]) -> bool:
    """Whether `data` brings anything of an answer (or a choice) that ended (`answer_ends`), text or not: a chat
    or completions choice's delta beyond its `role` (a tool call's id and name before its arguments), an
    Anthropic block opened or continued after the message's `stop_reason`, a Responses item, part or piece after
    `response.completed`. What held scopes the answer had went out at its end; nothing of it comes after."""
    if not ended:
        return False
    if kind in (CHAT, COMPLETIONS):
        choices = data.get("choices")
        for pos, choice in enumerate(choices if isinstance(choices, list) else []):
            if isinstance(choice, dict) and _carries(kind, choice) and (
                    ALL_CHANNELS in ended or f"choice:{choice.get('index', pos)}:" in ended):
                return True
        return False
    if ALL_CHANNELS not in ended:
        return False
    if kind == MESSAGES:
        return data.get("type") in ("content_block_start", "content_block_delta")
    return kind == RESPONSES and data.get("type") not in _RESPONSES_ENDS and any(k in data for k in _RESPONSES_PIECES)
