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


def logprob_entry(token: str, top: bool = True) -> JSON:
    """A chat / Responses logprob entry for one token; its one `top_logprobs` alternative is the token
    itself upper-cased (so a test sees whether alternatives leak too)."""
    entry: JSON = {"token": token, "logprob": -0.25, "bytes": list(token.encode())}
    entry["top_logprobs"] = [{"token": token.upper(), "logprob": -1.5, "bytes": list(token.upper().encode())}] \
        if top else []
    return entry


def legacy_logprobs(tokens: list[str], offset: int = 0) -> JSON:
    """Legacy completions logprobs: parallel arrays."""
    offsets, pos = [], offset
    for tok in tokens:
        offsets.append(pos)
        pos += len(tok)
    return {"tokens": tokens, "token_logprobs": [-0.25] * len(tokens),
            "top_logprobs": [{tok.upper(): -1.5} for tok in tokens], "text_offset": offsets}
