"""Output guarding on SSE streams: feed each text fragment to the guard, re-emit what it releases.

The guard works on plain text per channel (one logical text: a choice's content, a content block,
a tool call's arguments); this module maps that onto provider events, and tells the guard which
channels are JSON documents (`TextSlot.is_json`: function call arguments, `partial_json`), where
restored values must be JSON-string-escaped. An event whose texts the
guard leaves unchanged goes out as the provider's exact bytes. Text the guard holds back (an
unfinished placeholder, an unscored sentence) is released in a later event, or, when a channel
closes, in an event synthesized from that channel's last fragment and sent just before the
closing event. When the guard blocks, the stream ends the provider's way (see `outcomes`).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES, TextSlot
from proxy.providers.endings import StreamMeta
from proxy.providers.sse import SSEEvent, encode_event

ALL = "*"


class OutputFilter(Protocol):
    """The text-level guard for one answer (restore, redact, screen), one channel at a time."""

    blocked: bool

    async def feed(self, channel: str, fragment: str, in_json: bool = False) -> str:
        """`in_json`: the channel's text is a JSON document (`TextSlot.is_json`): tool call arguments."""
        ...

    async def end(self, channel: str) -> str: ...


class Adapter(Protocol):
    def stream_event_texts(self, kind: str, event: Any) -> list[TextSlot]: ...
    def is_whole_text_event(self, kind: str, event: Any) -> bool: ...


def closing_channels(kind: str, data: dict[str, Any]) -> list[str]:
    """Channel names (or prefixes ending in ':', or ALL) whose text is complete once this event is seen."""
    if kind in (CHAT, COMPLETIONS):
        choices = data.get("choices")
        out = []
        for i, choice in enumerate(choices if isinstance(choices, list) else []):
            if isinstance(choice, dict) and choice.get("finish_reason"):
                out.append(f"choice:{choice.get('index', i)}:")
        return out
    etype = data.get("type")
    if kind == RESPONSES:
        oi, ci = data.get("output_index", 0), data.get("content_index", 0)
        if etype in ("response.output_text.done", "response.refusal.done", "response.content_part.done"):
            return [f"output:{oi}:content:{ci}"]
        if etype == "response.function_call_arguments.done":
            return [f"output:{oi}:arguments"]
        if etype == "response.output_item.done":
            return [f"output:{oi}:"]
        if etype in ("response.completed", "response.incomplete", "response.failed"):
            return [ALL]
        return []
    if kind == MESSAGES:
        if etype == "content_block_stop":
            return [f"block:{data.get('index', 0)}", f"block:{data.get('index', 0)}:"]
        if etype in ("message_delta", "message_stop"):
            return [ALL]
    return []


class GuardedStream:
    """Per-stream state: which channels are open, what was released, the last fragment of each."""

    def __init__(self, kind: str, adapter: Adapter, guard: OutputFilter) -> None:
        self.kind = kind
        self.adapter = adapter
        self.guard = guard
        self.meta = StreamMeta()
        self.released: dict[str, str] = {}
        self._open: dict[str, tuple[str | None, bytes]] = {}  # channel -> (event name, raw JSON of last fragment)
        self.blocked = False

    async def process(self, ev: SSEEvent, data: Any) -> list[bytes]:
        """What to send the client for this upstream event (possibly nothing, possibly several)."""
        if not isinstance(data, dict):
            if ev.is_done:
                return [*await self._close([ALL]), ev.raw]
            return [ev.raw]
        self.meta.observe(self.kind, data)
        out = await self._close(closing_channels(self.kind, data))
        if self.blocked:
            return out
        whole = self.adapter.is_whole_text_event(self.kind, data)
        changed = False
        for slot in self.adapter.stream_event_texts(self.kind, data):
            text = slot.get()
            if whole:
                if slot.channel in self.released:
                    new = self.released[slot.channel]
                elif text:  # a whole text never streamed as fragments: it is guarded all the same
                    new = (await self.guard.feed(slot.channel, text, slot.is_json)
                           + await self.guard.end(slot.channel))
                    self.released[slot.channel] = new
                    self.blocked = self.blocked or self.guard.blocked
                else:
                    new = text
            else:
                self._open[slot.channel] = (ev.event, ev.data.encode() if ev.data else b"{}")
                new = await self.guard.feed(slot.channel, text, slot.is_json)
                self.released[slot.channel] = self.released.get(slot.channel, "") + new
                if self.guard.blocked:
                    self.blocked = True
            if new != text:
                slot.set(new)
                changed = True
            if self.blocked:
                break
        out.append(encode_event(data, ev.event) if changed else ev.raw)
        return out

    async def finish(self) -> list[bytes]:
        """Upstream ended: release whatever is still held."""
        return await self._close([ALL])

    async def _close(self, targets: list[str]) -> list[bytes]:
        out: list[bytes] = []
        if not targets:
            return out
        for channel in [c for c in self._open if _matches(c, targets)]:
            event_name, template = self._open.pop(channel)
            rest = await self.guard.end(channel)
            if self.guard.blocked:
                self.blocked = True
            if rest:
                self.released[channel] = self.released.get(channel, "") + rest
                out.append(self._synthesize(event_name, template, channel, rest))
            if self.blocked:
                break
        return out

    def _synthesize(self, event_name: str | None, template: bytes, channel: str, text: str) -> bytes:
        """A copy of the channel's last fragment event carrying `text` (other texts emptied)."""
        data = json.loads(template)
        if isinstance(data, dict):
            data.pop("usage", None)
            choices = data.get("choices")
            for choice in choices if isinstance(choices, list) else []:
                if isinstance(choice, dict):
                    choice["finish_reason"] = None
        for slot in self.adapter.stream_event_texts(self.kind, data):
            slot.set(text if slot.channel == channel else "")
        return encode_event(data, event_name)


def _matches(channel: str, targets: list[str]) -> bool:
    for t in targets:
        if t == ALL or channel == t or (t.endswith(":") and channel.startswith(t)):
            return True
    return False
