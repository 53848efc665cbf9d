"""Texts of a stream event in fields the proxy does not know, beside the ones it reads (a chat chunk's
`choices[].text`, `delta.x_text` or `delta.tool_calls[].function.x_text`, an Anthropic `text_delta`'s `x_text`, a
Responses delta event's unknown key).

A client that renders such a field joins its pieces across the events as it joins the known ones, so the same
JSON in a whole answer holds that text in one string: each is an open field of its own (`LooseSlot`), joined across
the stream's events by its path (`{prefix}:x:{key path}`, the prefix that of the choice, block or field it sits in),
with held text, blocks, restore and window cuts as the known fields. A stream opens at most `MAX_LOOSE_FIELDS` of
them (`proxy.stream.channels.StreamRewriter`: beyond, it fails closed as unreadable). A value under an id,
name, enum or base64 key (`answers.NON_TEXT_KEYS`, `answers.BASE64_KEYS`) stays screened whole, event by event (the
sweep).
"""

from __future__ import annotations

from typing import Any, ClassVar

from .answers import BASE64_KEYS, NON_TEXT_KEYS
from .base import TextSlot

# The most fields of unknown keys one stream joins (distinct paths); one more and the stream fails closed.
MAX_LOOSE_FIELDS = 32
# How deep under an unknown key its strings are read as fields (`{"x_meta": {"note": ...}}` is 2).
_DEPTH = 4
LOOSE = ":x:"  # the channel's mark: `choice:0:x:delta:text`


class LooseSlot(TextSlot):
    """A text under a key the proxy does not know, a field joined across a stream's events by its path. Its key is
    text, screened as the sweep screens an unknown key (`answers.answer_sweep`)."""

    __slots__ = ()
    unnamed_key: ClassVar[bool] = True


def _seg(key: str | int) -> str:
    if type(key) is int:
        return str(key)
    key = str(key)
    if ":" in key or "\\" in key:
        return key.replace("\\", "\\\\").replace(":", "\\:")
    return key


def loose_texts(container: dict[str, Any], known: frozenset[str], prefix: str, out: list[TextSlot],
                path: str = "") -> None:
    """Slots for the strings under `container`'s keys not in `known` (and inside their objects and lists, up to
    `_DEPTH`), channels `{prefix}:x:{path}`: `path` the keys from `container` down (`delta:x_text`)."""
    covered = {(id(slot.container), slot.key) for slot in out}
    for key in container:
        if isinstance(key, str) and key not in known:
            _walk(container, key, f"{prefix}{LOOSE}{path}{_seg(key)}", 1, covered, out)


def _walk(container: Any, key: str | int, path: str, depth: int, covered: set[tuple[int, Any]],
          out: list[TextSlot]) -> None:
    value = container[key]
    if isinstance(value, str):
        if (id(container), key) in covered or (isinstance(key, str) and (key in NON_TEXT_KEYS or key in BASE64_KEYS)):
            return  # an id, a name, an enumerated word, base64 by its key: screened whole (the sweep)
        # Any other value, whatever it holds (empty, a word, the start of a `data:` URL): what a field is never
        # depends on one piece of it.
        out.append(LooseSlot(container, key, "assistant", "text", path))
        return
    if depth >= _DEPTH:
        return
    if isinstance(value, dict):
        for k in value:
            if isinstance(k, str):
                _walk(value, k, f"{path}:{_seg(k)}", depth + 1, covered, out)
    elif isinstance(value, list):
        for k in range(len(value)):
            _walk(value, k, f"{path}:{k}", depth + 1, covered, out)
