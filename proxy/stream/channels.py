"""A streamed answer's events mapped onto text channels, fed through the output windows, re-emitted.

The output guard (`proxy.guard.windows.OutputWindows`) works on plain text per channel (one logical
text: a choice's content, a content block, a tool call's arguments); this module maps that onto
provider events, through the provider's `ProviderAdapter` (where texts are, which event closes which
channel), and tells the guard which channels are JSON documents (`TextSlot.is_json`: function call
arguments, `partial_json`), where restored values must be JSON-string-escaped. An event whose texts
the guard leaves unchanged goes out as the provider's exact bytes. Text the guard holds back (an
unfinished placeholder, an unscored sentence) is released in a later event, or, when a channel
closes, in an event synthesized from that channel's last fragment and sent just before the closing
event. When the guard blocks, `stopped` is set; the caller ends the stream the provider's way.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from proxy.providers.base import ALL_CHANNELS, ProviderAdapter
from proxy.providers.endings import StreamMeta
from proxy.providers.sse import SSEEvent, encode_event


class OutputFilter(Protocol):
    """The text-level guard for one answer (restore, redact, screen), one channel at a time."""

    blocked: bool

    async def feed(self, channel: str, fragment: str, in_json: bool = False) -> str:
        """`in_json`: the channel's text is a JSON document (`TextSlot.is_json`): tool call arguments."""
        ...

    async def end(self, channel: str) -> str: ...


class StreamRewriter:
    """Per-stream state: which channels are open, what was released, the last fragment of each."""

    def __init__(self, kind: str, adapter: ProviderAdapter, windows: OutputFilter) -> None:
        self.kind = kind
        self.adapter = adapter
        self.windows = windows
        self.meta = StreamMeta()
        self.released: dict[str, str] = {}
        self._open: dict[str, tuple[str | None, bytes]] = {}  # channel -> (event name, raw JSON of last fragment)
        self.stopped = False

    async def process(self, ev: SSEEvent, data: Any) -> list[bytes]:
        """What to send the client for this upstream event (possibly nothing, possibly several)."""
        if not isinstance(data, dict):
            if ev.is_done:
                return [*await self._close([ALL_CHANNELS]), ev.raw]
            return [ev.raw]
        self.meta.observe(self.kind, data)
        out = await self._close(self.adapter.closing_channels(self.kind, data))
        if self.stopped:
            return out
        whole = self.adapter.is_whole_text_event(self.kind, data)
        changed = False
        for slot in self.adapter.stream_event_texts(self.kind, data):
            text = slot.get()
            if whole:
                if slot.channel in self.released:
                    new = self.released[slot.channel]
                elif text:  # a whole text never streamed as fragments: it is guarded all the same
                    new = (await self.windows.feed(slot.channel, text, slot.is_json)
                           + await self.windows.end(slot.channel))
                    self.released[slot.channel] = new
                    self.stopped = self.stopped or self.windows.blocked
                else:
                    new = text
            else:
                self._open[slot.channel] = (ev.event, ev.data.encode() if ev.data else b"{}")
                new = await self.windows.feed(slot.channel, text, slot.is_json)
                self.released[slot.channel] = self.released.get(slot.channel, "") + new
                if self.windows.blocked:
                    self.stopped = True
            if new != text:
                slot.set(new)
                changed = True
            if self.stopped:
                break
        out.append(encode_event(data, ev.event) if changed else ev.raw)
        return out

    async def finish(self) -> list[bytes]:
        """Upstream ended: release whatever is still held."""
        return await self._close([ALL_CHANNELS])

    async def _close(self, targets: list[str]) -> list[bytes]:
        out: list[bytes] = []
        if not targets:
            return out
        for channel in [c for c in self._open if _matches(c, targets)]:
            event_name, template = self._open.pop(channel)
            rest = await self.windows.end(channel)
            if self.windows.blocked:
                self.stopped = True
            if rest:
                self.released[channel] = self.released.get(channel, "") + rest
                out.append(self._synthesize(event_name, template, channel, rest))
            if self.stopped:
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
        if t == ALL_CHANNELS or channel == t or (t.endswith(":") and channel.startswith(t)):
            return True
    return False
