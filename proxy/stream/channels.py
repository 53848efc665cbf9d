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
import re
from typing import Any, Protocol

from proxy.providers.answers import answer_sweep, blank_alternatives, entry_bytes, keep_prefix
from proxy.providers.base import ALL_CHANNELS, MESSAGES, RESPONSES, ProviderAdapter, TextSlot
from proxy.providers.endings import StreamMeta
from proxy.providers.inventory import TreeSlot
from proxy.providers.sse import SSEEvent, encode_event


class OutputFilter(Protocol):
    """The text-level guard for one answer (restore, redact, screen), one channel at a time."""

    blocked: bool

    async def feed(self, channel: str, fragment: str, in_json: bool = False) -> str:
        """`in_json`: the channel's text is a JSON document (`TextSlot.is_json`): tool call arguments."""
        ...

    async def end(self, channel: str) -> str: ...


class StreamRewriter:
    """Per-stream state: which channels are open, what was released, the last fragment of each.

    Logprobs follow their text (`LogprobSlot.channel`): an entry goes out only once the tokens sent
    so far plus its own spell the start of what the channel released; an entry whose token differs
    (a redacted or restored value) ends that channel's logprobs, and entries still waiting when the
    channel closes or the stream stops never go out. With `fail_closed` (output rules apply), an
    event the adapter cannot read stops the stream (`unreadable`); in monitor mode it is only noted.
    """

    def __init__(self, kind: str, adapter: ProviderAdapter, windows: OutputFilter, *, fail_closed: bool = False,
                 monitor: bool = False) -> None:
        self.kind = kind
        self.adapter = adapter
        self.windows = windows
        self.fail_closed = fail_closed
        self.monitor = monitor
        self.strict = fail_closed and not monitor  # output rules enforced: alternatives and extras go
        self.meta = StreamMeta()
        self.released: dict[str, str] = {}
        self._open: dict[str, tuple[str | None, bytes]] = {}  # channel -> (event name, raw JSON of last fragment)
        self.stopped = False
        self.unreadable = False        # stopped: an event could not be read
        self.unreadable_seen = 0       # events that could not be read (monitor: relayed all the same)
        self._bytes: dict[str, bytearray] = {}     # released text per channel, UTF-8
        self._lp_pos: dict[str, int] = {}          # bytes of it spelled by the entries sent
        self._lp_wait: dict[str, list[Any]] = {}   # entries received, not yet sent
        self._lp_cut: set[str] = set()             # channels whose logprobs ended at a changed token
        self._lp_malformed: set[str] = set()       # channels whose logprobs ended at a malformed entry
        self._done = False                         # `[DONE]` seen (with output rules: the rest is dropped)
        self._swept = 0                            # strings screened whole by the sweep so far
        self._sweep_seen: dict[str, str] = {}      # what each of them became
        self._joined: set[str] = set()             # text channels read through the shared window
        # A text block closed with text held: (its channel, event name, template), and the events since
        self._owner: tuple[str, str | None, bytes] | None = None
        self._deferred: list[bytes] | None = None
        self._queue: list[tuple[SSEEvent, Any]] | None = None  # Responses: events waiting unprocessed

    async def process(self, ev: SSEEvent, data: Any) -> list[bytes]:
        """What to send the client for this upstream event (possibly nothing, possibly several)."""
        if self._queue is not None and isinstance(data, dict) and not self.stopped:
            return await self._while_held(ev, data)
        out = await self._process(ev, data)
        if self._deferred is not None:
            if not self.stopped:
                self._deferred.extend(out)  # after a text block that closed with text held: wait
                return []
            out, self._deferred, self._owner = [*self._deferred, *out], None, None
        return out

    async def _process(self, ev: SSEEvent, data: Any) -> list[bytes]:
        if self._done:
            return []  # after OpenAI's end marker nothing is an answer: none of it goes out unread
        strict = self.strict
        if not isinstance(data, dict):
            if ev.is_done:
                self._done = self.fail_closed
                return [*await self._close([ALL_CHANNELS]), b"data: [DONE]\n\n" if strict else ev.raw]
            if self.fail_closed and (ev.data is not None or ev.foreign):
                # A payload that is not a JSON object (or an ambiguous one), or lines that are no SSE
                # (a JSON answer labelled text/event-stream): nothing of it goes out unread.
                return self._unreadable(ev)
            if strict:
                return []  # comments and keep-alives: nothing the client needs, nothing relayed unread
            return [ev.raw]
        if self.fail_closed and not (self.adapter.is_known_event(self.kind, data) and _named_as(ev.event, data)):
            return self._unreadable(ev)
        self.meta.observe(self.kind, data)
        out = await self._close(self.adapter.closing_channels(self.kind, data))
        if self._queue is not None and not self._queue:
            self._queue.append((ev, data))  # the event that closed the part waits with what follows
            return out
        if self.stopped:
            return out
        whole = self.adapter.is_whole_text_event(self.kind, data)
        changed = False
        slots = self.adapter.stream_event_texts(self.kind, data)
        opened: list[str] = []
        flushed: list[bytes] = []
        for slot in slots:
            text = slot.get()
            if self.stopped:
                new = ""  # nothing after the violating sentence, in any field of this event
            elif whole:
                if slot.channel in self.released:
                    new = self.released[slot.channel]
                elif text:  # a whole text never streamed as fragments: it is guarded all the same
                    new = (await self.windows.feed(slot.channel, text, slot.is_json)
                           + await self.windows.end(slot.channel))
                    self._release(slot.channel, new, whole=True)
                    self.stopped = self.stopped or self.windows.blocked
                else:
                    new = text
            else:
                self._open[slot.channel] = (ev.event, ev.data.encode() if ev.data else b"{}")
                opened.append(slot.channel)
                new = await self.windows.feed(self._window(slot), text, slot.is_json)
                if self._owner is not None and self._window(slot) == _JOINED:
                    # Text held when an earlier text block closed: what is released now goes to that block,
                    # before the events that waited (its stop, this block's start).
                    if new:
                        owner, event_name, template = self._owner
                        self._release(owner, new)
                        flushed.append(self._synthesize(event_name, template, owner, new))
                        flushed.extend(self._deferred or [])
                        self._deferred, self._owner, new = None, None, ""
                else:
                    self._release(slot.channel, new)
                if self.windows.blocked:
                    self.stopped = True
            if new != text:
                slot.set(new)
                changed = True
        logprobs = self.adapter.stream_event_logprobs(self.kind, data)
        if self.strict:
            for lp in logprobs:  # rebuilt from their known fields, not relayed (`LogprobSlot.rebuild`)
                if lp.rebuild():
                    self._lp_malformed.add(lp.channel)
        if self.fail_closed:
            # Deny by default: every other string and object key of the event is screened whole.
            swept = answer_sweep(data, slots, skip=[id(lp.container[lp.key]) for lp in logprobs])
            for slot in swept:
                text = slot.get()
                if self.stopped:
                    new = "" if not isinstance(slot, TreeSlot) else text
                elif text in self._sweep_seen:
                    new = self._sweep_seen[text]  # lifecycle events repeat the same fields: screened once
                else:
                    self._swept += 1
                    channel = f"field:{self._swept}"
                    new = await self.windows.feed(channel, text) + await self.windows.end(channel)
                    self.stopped = self.stopped or self.windows.blocked
                    if len(self._sweep_seen) < 1024:
                        self._sweep_seen[text] = new
                if new != text:
                    slot.set(new)
                    changed = True
        for lp in logprobs:
            entries = lp.get()
            kept = self._whole_logprobs(lp.channel, entries) if whole else self._take_logprobs(lp.channel, entries)
            if lp.channel in self._lp_malformed:  # an entry that did not type-check: none from here on
                self._lp_cut.add(lp.channel)
                self._lp_wait[lp.channel] = []
            if kept != entries or self.strict:
                lp.set(kept)
                changed = True
        if self.stopped:
            _strip_ending(data)
            changed = True
        if changed and opened:
            # An event synthesized from this one later carries what the client got of its other fields.
            template = json.dumps(data).encode()
            for channel in opened:
                self._open[channel] = (ev.event, template)
        out.extend(flushed)
        out.append(encode_event(data, ev.event) if changed or (strict and ev.extra) else ev.raw)
        return out

    async def finish(self) -> list[bytes]:
        """Upstream ended: release whatever is still held."""
        return await self._close([ALL_CHANNELS])

    def _unreadable(self, ev: SSEEvent) -> list[bytes]:
        self.unreadable_seen += 1
        if self.monitor:
            return [ev.raw]
        self.unreadable = self.stopped = True
        return []

    # ---- released text and its logprobs

    def _release(self, channel: str, text: str, whole: bool = False) -> None:
        if whole:
            self.released[channel] = text
            self._bytes[channel] = bytearray(text.encode("utf-8", "surrogatepass"))
            return
        self.released[channel] = self.released.get(channel, "") + text
        if text:
            self._bytes.setdefault(channel, bytearray()).extend(text.encode("utf-8", "surrogatepass"))

    def _take_logprobs(self, channel: str, entries: list[Any]) -> list[Any]:
        """The entries that may go out now on `channel` (with those that waited), in order."""
        if channel in self._lp_cut:
            return []
        wait = self._lp_wait.setdefault(channel, [])
        wait.extend(entries)
        released = self._bytes.get(channel, b"")
        pos = self._lp_pos.get(channel, 0)
        taken = 0
        for entry in wait:
            piece = entry_bytes(entry)
            if piece is None:
                break
            end = pos + len(piece)
            if released[pos:end] == piece:
                pos, taken = end, taken + 1
                continue
            if end > len(released) and piece.startswith(bytes(released[pos:])):
                break  # its text is still held back
            self._lp_cut.add(channel)  # the client sees other text here: no logprobs from here on
            break
        out, self._lp_wait[channel] = ([blank_alternatives(e) for e in wait[:taken]] if self.strict
                                       else wait[:taken], [] if channel in self._lp_cut else wait[taken:])
        self._lp_pos[channel] = pos
        return out

    def _whole_logprobs(self, channel: str, entries: list[Any]) -> list[Any]:
        """A whole text's entries, as far as they spell what the channel released."""
        return keep_prefix(entries, self.released.get(channel, ""), blank=self.strict)

    # ---- closing channels

    async def _close(self, targets: list[str]) -> list[bytes]:
        out: list[bytes] = []
        if not targets:
            return out
        final = ALL_CHANNELS in targets
        if final and self._owner is not None:
            owner, event_name, template = self._owner
            rest = await self.windows.end(_JOINED)
            self.stopped = self.stopped or self.windows.blocked
            if rest:
                self._release(owner, rest)
                out.append(self._synthesize(event_name, template, owner, rest))
            out.extend(self._deferred or [])
            self._deferred, self._owner = None, None
        for channel in [c for c in self._open if _matches(c, targets)]:
            event_name, template = self._open.pop(channel)
            joined = channel in self._joined
            if joined and not final and (self._owner is not None or getattr(self.windows, "held", {}).get(_JOINED)):
                # A text block closes with text held back: the answer's text blocks are one text to the
                # checks, so it waits for the next block's text (or the answer's end) before it goes out.
                if self._owner is None:
                    self._owner = (channel, event_name, template)
                    if self.kind == MESSAGES:
                        self._deferred = []  # what follows is processed, then waits
                    else:
                        self._queue = []     # Responses: what follows waits unprocessed (its `.done` texts)
                continue
            rest = await self.windows.end(_JOINED if joined else channel)
            if self.windows.blocked:
                self.stopped = True
            if rest:
                self._release(channel, rest)
                out.append(self._synthesize(event_name, template, channel, rest))
            self._lp_wait.pop(channel, None)  # the channel's text is final: what still waits never matches
            if self.stopped:
                break
        return out

    async def _while_held(self, ev: SSEEvent, data: dict[str, Any]) -> list[bytes]:
        """Responses, while a closed part's text is held: a text fragment of a later part goes into the
        shared window at once (the event waits, its text taken); every other event waits as it is. Once
        text is released, it goes to the closed part, then the waiting events are processed in order;
        the answer's end releases the rest."""
        assert self._queue is not None
        if ALL_CHANNELS in self.adapter.closing_channels(self.kind, data):
            rest = await self.windows.end(_JOINED)
            self.stopped = self.stopped or self.windows.blocked
            out = await self._flush(rest)
            return out + await self.process(ev, data)
        new = ""
        if self.adapter.is_known_event(self.kind, data) and not self.adapter.is_whole_text_event(self.kind, data):
            taken = False
            for slot in self.adapter.stream_event_texts(self.kind, data):
                if self._window(slot) == _JOINED and slot.get():
                    new += await self.windows.feed(_JOINED, slot.get())
                    slot.set("")
                    taken = True
            if taken:
                ev = SSEEvent(encode_event(data, ev.event))
            if self.windows.blocked:
                self.stopped = True
                self._queue, self._owner = None, None
                return []
        self._queue.append((ev, data))
        return await self._flush(new) if new else []

    async def _flush(self, text: str) -> list[bytes]:
        assert self._queue is not None and self._owner is not None
        owner, event_name, template = self._owner
        out: list[bytes] = []
        if text:
            self._release(owner, text)
            out.append(self._synthesize(event_name, template, owner, text))
        queue, self._queue, self._owner = self._queue, None, None
        for k, (ev, data) in enumerate(queue):
            out.extend(await self._process(ev, data))
            if self._queue is not None:  # held again at a later part's end: the rest waits again
                self._queue.extend(queue[k + 1:])
                break
            if self.stopped:
                break
        return out

    def _window(self, slot: TextSlot) -> str:
        """The output window a slot's text goes through: the text blocks of an Anthropic answer share one
        (`_JOINED`), so a value or phrase split across two blocks is read whole; any other text its own."""
        if slot.kind == "text" and ((self.kind == MESSAGES and _BLOCK.fullmatch(slot.channel))
                                    or (self.kind == RESPONSES and _PART.fullmatch(slot.channel))):
            self._joined.add(slot.channel)
            return _JOINED
        return slot.channel

    def _synthesize(self, event_name: str | None, template: bytes, channel: str, text: str) -> bytes:
        """A copy of the channel's last fragment event carrying `text` (other texts emptied), with the
        logprobs that spell it, never the template's own."""
        data = json.loads(template)
        if isinstance(data, dict):
            _strip_ending(data)
        for slot in self.adapter.stream_event_texts(self.kind, data):
            slot.set(text if slot.channel == channel else "")
        for lp in self.adapter.stream_event_logprobs(self.kind, data):
            lp.set(self._take_logprobs(channel, []) if lp.channel == channel else [])
        return encode_event(data, event_name)


def _strip_ending(data: dict[str, Any]) -> None:
    """No usage and no finish reason in an event the proxy sends before the stream's real end."""
    data.pop("usage", None)
    choices = data.get("choices")
    for choice in choices if isinstance(choices, list) else []:
        if isinstance(choice, dict) and "finish_reason" in choice:
            choice["finish_reason"] = None


_JOINED = "text"  # the window of an Anthropic answer's text blocks
_BLOCK = re.compile(r"block:\d+")
_PART = re.compile(r"output:\d+:content:\d+")


def _named_as(name: str | None, data: dict[str, Any]) -> bool:
    """An event's `event:` name says what its data says: none, or the data's own `type` (Anthropic,
    Responses). An event named otherwise is read by clients in ways the proxy cannot know."""
    if name is None:
        return True
    etype = data.get("type")
    return isinstance(etype, str) and name == etype


def _matches(channel: str, targets: list[str]) -> bool:
    for t in targets:
        if t == ALL_CHANNELS or channel == t or (t.endswith(":") and channel.startswith(t)):
            return True
    return False
