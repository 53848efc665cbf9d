"""An Anthropic tool block given with its whole input in `content_block_start`, read as one that streams it
(stream24, finding 1).

Anthropic opens a `tool_use` (`server_tool_use`, `mcp_tool_use`) block with `input: {}` and streams the input as
`input_json_delta`s; gateways and Bedrock adapters may give the whole input in the start instead. The proxy read
each of its strings as a fragment of the start event, so what it held of one (a placeholder restore keeps until
the answer's end, a value an output rule reads on) went out later in a copy of that event: a SECOND
`content_block_start` of the same index, which the SDK's `MessageStream` appends as another block (the input
then landed in the wrong block, or twice). Such a start is read as two events, as Anthropic sends them: the start
with `input: {}`, then an `input_json_delta` carrying the input's JSON text. The block's input is then read as any
streamed tool input is (restored at the answer's end or kept where the answer sends, screened as JSON), and what
is held of it goes out in `content_block_delta`s of its index. The SDKs' accumulators (`TRACKS_TOOL_INPUT`: the
beta one tracks `mcp_tool_use` too) build the same input from the delta.

A block whose input was given in its start and then gets `input_json_delta`s as well (`clash`) would have the
client join two JSON texts: such an event is unreadable (the stream ends with an error).
"""

from __future__ import annotations

import copy
import json
from typing import Any

from proxy.providers.base import MESSAGES
from proxy.providers.sse import SSEEvent, encode_event

TOOL_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})


class ToolStarts:
    """Per stream: the indices of tool blocks whose input came whole in their start (`split`)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.split_at: set[int] = set()

    def split(self, ev: SSEEvent, data: Any) -> list[tuple[SSEEvent, Any]]:
        """The event as read: itself, or a tool block's start with a non-empty `input` as that start with
        `input: {}` and an `input_json_delta` of the input's JSON text."""
        if self.kind != MESSAGES or not isinstance(data, dict) or data.get("type") != "content_block_start":
            return [(ev, data)]
        block, index = data.get("content_block"), data.get("index")
        if not isinstance(block, dict) or block.get("type") not in TOOL_BLOCKS or type(index) is not int:
            return [(ev, data)]
        given = block.get("input")
        if not isinstance(given, dict) or not given:
            return [(ev, data)]
        start = copy.deepcopy(data)
        start["content_block"]["input"] = {}
        delta = {"type": "content_block_delta", "index": index,
                 "delta": {"type": "input_json_delta", "partial_json": json.dumps(given, ensure_ascii=False)}}
        self.split_at.add(index)
        name = "content_block_delta" if ev.event is not None else None
        return [(SSEEvent(encode_event(start, ev.event)), start), (SSEEvent(encode_event(delta, name)), delta)]

    def clash(self, data: Any) -> bool:
        """An `input_json_delta` with text for a block whose input came whole in its start."""
        if not self.split_at or not isinstance(data, dict) or data.get("type") != "content_block_delta":
            return False
        delta = data.get("delta")
        return (data.get("index") in self.split_at and isinstance(delta, dict)
                and delta.get("type") == "input_json_delta" and delta.get("partial_json") not in (None, ""))
