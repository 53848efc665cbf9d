"""How the mock serializes: compact JSON as the real APIs send it, SSE frames, and delta templates."""

from __future__ import annotations

import json
from typing import Any

JSON = dict[str, Any]

dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # compact, like the APIs

SLOT = "\x00slot\x00"
_SLOT_JSON = dumps(SLOT)


class Template:
    """A pre-serialized SSE event with holes (`SLOT`) filled by JSON values, in textual order.

    A stream sends many deltas of the same shape: serializing that shape once and splicing in only
    the values keeps each delta to a few string joins.
    """

    __slots__ = ("_parts",)

    def __init__(self, obj: JSON, event: str | None = None) -> None:
        head = f"event: {event}\ndata: " if event else "data: "
        self._parts = (head + dumps(obj) + "\n\n").split(_SLOT_JSON)

    def fill(self, *values: Any) -> str:
        parts = self._parts
        out = [parts[0]]
        for value, part in zip(values, parts[1:], strict=True):
            out.append(dumps(value))
            out.append(part)
        return "".join(out)


def sse_data(obj: Any) -> str:
    """One OpenAI-style SSE frame: `data:` only."""
    return "data: " + dumps(obj) + "\n\n"


def sse_event(obj: JSON) -> str:
    """One Anthropic/Responses-style SSE frame, named by the object's `type`."""
    name: str = obj["type"]
    return "event: " + name + "\ndata: " + dumps(obj) + "\n\n"


def chunks(text: str, size: int) -> list[str]:
    """The text in `size`-character pieces, one per stream delta."""
    return [text[i:i + size] for i in range(0, len(text), size)]
