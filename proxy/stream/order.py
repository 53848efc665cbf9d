"""The index order of a streamed answer's fields: the order the client joins them in, whatever order their events
arrive in (issue 12, atk14 B-H1).

A client places each field by its index: the `anthropic` SDK's `message.content` by the blocks' `index`, the
`openai` SDK's `output_text` by `output_index` then `content_index`, a chat message's `tool_calls` by their `index`.
An upstream may send a later field's text before an earlier one's (blocks 0 and 1 started, block 1's `Falcon
launches Monday.`, then block 0's `Status of Project `): the client reads `Status of Project Falcon launches Monday.`.
The output windows (`proxy.guard.windows.OutputWindows`) read a group's fields joined in the order this gives
(`precedes`: the earlier field's text goes before the later one's still held), and hold a field's text while an
earlier field may still add text before it (`behind`). Text for a field after a later field's text went out
(`overtaken`) would join that released text where the client puts it, which no window can read any more: the stream
stops there (unreadable), as an in-order stream never does that.

Fields: an Anthropic block (`block:N`, any type: it opens with `content_block_start` and ends with
`content_block_stop`; one a `message_start` gave is done once a later block begins), a Responses output item
(`output:N:...`, ending with `output_item.done`) and, inside it, its parts, summary parts, reasoning texts and
shell commands (`output:N:content:M`, ending with their `.done`), a chat choice's tool calls
(`choice:C:tool:N:...`: no event ends one; a call is done once it had text and a later call began, as in-order
streams send them). An earlier field never seen yet (block 1 before block 0) is still to
come: the later one waits for it (at most until the answer's end, or the windows' cap).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from proxy.providers.base import ALL_CHANNELS, CHAT, MESSAGES, RESPONSES

# A field's place: (family, index) from the outermost level in. Two fields compare at the first level where their
# indexes differ, within one family (`precedes`).
Place = tuple[tuple[str, int], ...]

_BLOCK = re.compile(r"block:(\d+)(?::x:.+)?", re.DOTALL)
_OUTPUT = re.compile(r"output:(\d+):(?:(content|summary|reasoning|action:commands):(\d+)(?::.+)?|.+)", re.DOTALL)
_CALL = re.compile(r"choice:(\d+):tool:(\d+):(?:arguments|input)(?::x:.+)?", re.DOTALL)
_ITEM_CLOSED = re.compile(r"output:(\d+):")
_PART_CLOSED = re.compile(r"output:(\d+):(content|summary|reasoning|action:commands):(\d+)")
_BLOCK_CLOSED = re.compile(r"block:(\d+)")
_MAX_INDEX = 1 << 16  # an index beyond it is never ordered (no client has that many fields)


class FieldOrder:
    """Which fields of one stream come before which, and which of them may still get text before a later one."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._places: dict[str, Place | None] = {}
        self._closed: dict[str, set[int]] = {}  # family -> indexes ended
        self._first: dict[str, int] = {}  # family -> the first index not ended yet
        self._out: dict[str, int] = {}  # family -> the highest index whose text went out
        self._texted: dict[str, set[int]] = {}  # chat: the calls of a choice that had text
        self._seen: dict[str, int] = {}  # chat: the highest call index of a choice seen begun

    def place(self, channel: str) -> Place | None:
        """The field's place among its answer's fields, or None (a field of no order: chat content, the stop
        sequence)."""
        if channel in self._places:
            return self._places[channel]
        place: Place | None = None
        if self.kind == MESSAGES and (m := _BLOCK.fullmatch(channel)) is not None:
            place = (("block", int(m.group(1))),)
        elif self.kind == RESPONSES and (m := _OUTPUT.fullmatch(channel)) is not None:
            item = int(m.group(1))
            place = (("output", item),)
            if m.group(2) is not None:
                place += ((f"output:{item}:{m.group(2)}", int(m.group(3))),)
        elif self.kind == CHAT and (m := _CALL.fullmatch(channel)) is not None:
            place = ((f"choice:{m.group(1)}:tool", int(m.group(2))),)
        if place is not None and any(index > _MAX_INDEX for _, index in place):
            place = None
        if len(self._places) < 4096:
            self._places[channel] = place
        return place

    def precedes(self, first: str, then: str) -> bool:
        """The client puts field `first` before field `then` (both of one answer)."""
        a, b = self.place(first), self.place(then)
        if a is None or b is None:
            return False
        for (family, i), (other, j) in zip(a, b, strict=False):
            if family != other:
                return False
            if i != j:
                return i < j
        return False

    def behind(self, channel: str) -> bool:
        """An earlier field than `channel` may still get text: what the client shows before `channel`'s is not
        known yet."""
        place = self.place(channel)
        return place is not None and any(index > self._first_open(family) for family, index in place)

    def overtaken(self, channel: str) -> bool:
        """A later field's text went out already: text for `channel` now goes before it at the client."""
        place = self.place(channel)
        return place is not None and any(index < self._out.get(family, -1) for family, index in place)

    def sent(self, channel: str) -> None:
        """Text of `channel` went out (is released)."""
        for family, index in self.place(channel) or ():
            if index > self._out.get(family, -1):
                self._out[family] = index

    def close(self, targets: Iterable[str]) -> None:
        """The fields the event closes (`ProviderAdapter.closing_channels`) ended."""
        for target in targets:
            if target == ALL_CHANNELS:
                continue
            if self.kind == MESSAGES and (m := _BLOCK_CLOSED.fullmatch(target)) is not None:
                self._end("block", int(m.group(1)))
            elif self.kind == RESPONSES and (m := _ITEM_CLOSED.fullmatch(target)) is not None:
                self._end("output", int(m.group(1)))
            elif self.kind == RESPONSES and (m := _PART_CLOSED.fullmatch(target)) is not None:
                self._end(f"output:{m.group(1)}:{m.group(2)}", int(m.group(3)))

    def observe(self, data: Any) -> None:
        """A chat chunk: the tool calls it begins and those it brings text for, in order. A call that had text
        is done once a later call of its choice is seen begun. Anthropic: the blocks a `message_start` gives (no
        `content_block_stop` ends them) are done so too, once a later block begins."""
        if self.kind == MESSAGES and isinstance(data, dict):
            self._blocks(data)
            return
        if self.kind != CHAT or not isinstance(data, dict) or not isinstance(data.get("choices"), list):
            return
        for pos, choice in enumerate(data["choices"]):
            delta = choice.get("delta") if isinstance(choice, dict) else None
            calls = delta.get("tool_calls") if isinstance(delta, dict) else None
            if not isinstance(calls, list):
                continue
            family = f"choice:{choice['index'] if type(choice.get('index')) is int else pos}:tool"
            for j, call in enumerate(calls):
                if not isinstance(call, dict):
                    continue
                index = call["index"] if type(call.get("index")) is int else j
                if not 0 <= index <= _MAX_INDEX:
                    continue
                if index > self._seen.get(family, -1):
                    self._seen[family] = index
                fn = call.get("function") if isinstance(call.get("function"), dict) else call.get("custom")
                text = fn.get("arguments", fn.get("input")) if isinstance(fn, dict) else None
                if isinstance(text, str) and text and len(self._texted.setdefault(family, set())) < _MAX_INDEX:
                    self._texted[family].add(index)

    def _blocks(self, data: dict[str, Any]) -> None:
        message = data.get("message") if data.get("type") == "message_start" else None
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list) and content:
            given = self._texted.setdefault("block", set())
            given.update(range(min(len(content), _MAX_INDEX + 1)))
            self._seen["block"] = max(self._seen.get("block", -1), min(len(content), _MAX_INDEX + 1) - 1)
        index = data.get("index")
        if data.get("type") == "content_block_start" and type(index) is int and 0 <= index <= _MAX_INDEX:
            self._seen["block"] = max(self._seen.get("block", -1), index)

    def _end(self, family: str, index: int) -> None:
        if 0 <= index <= _MAX_INDEX:
            self._closed.setdefault(family, set()).add(index)

    def _first_open(self, family: str) -> int:
        first = self._first.get(family, 0)
        closed = self._closed.get(family, set())
        texted, seen = self._texted.get(family), self._seen.get(family, -1)
        while first in closed or (texted is not None and first in texted and seen > first):
            first += 1
        self._first[family] = first
        return first
