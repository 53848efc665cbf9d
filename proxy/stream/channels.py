"""A streamed answer's events mapped onto text channels, fed through the output windows, re-emitted.

The output guard (`proxy.guard.windows.OutputWindows`) works on plain text per channel (one logical
text: a choice's content, a content block, a tool call's arguments); this module maps that onto
provider events, through the provider's `ProviderAdapter` (where texts are, which event closes which
channel), and tells the guard which channels are JSON documents (`TextSlot.is_json`: function call
arguments, `partial_json`), where restored values must be JSON-string-escaped. An event whose texts
the guard leaves unchanged goes out as the provider's exact bytes. Text the guard holds back (an
unfinished placeholder, an unscored sentence) is released in a later event, or, when a channel
closes, in an event synthesized in the shape of that channel's last fragment (its text and the keys
that place it, nothing else of it: `_minimal`) and sent just before the closing event. When the guard
blocks, `stopped` is set; the caller ends the stream the provider's way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from proxy.guard.fixed import MAX_NAME
from proxy.guard.lft43 import blocked_names
from proxy.guard.lft43 import prescore as prescore_names
from proxy.guard.phases import joinable, json_tool_output
from proxy.guard.scopes import tool_scope_of
from proxy.guard.sealed import field_kind as sealed_field_kind
from proxy.guard.tool26 import observe as observe_calls
from proxy.guard.urls import url_key
from proxy.providers.answers import (
    answer_names,
    answer_sweep,
    blank_alternatives,
    entry_bytes,
    keep_prefix,
    withhold_swept,
)
from proxy.providers.anthropic import MESSAGE_DELTA, STOP_SEQUENCE
from proxy.providers.base import ALL_CHANNELS, CHAT, COMPLETIONS, MESSAGES, RESPONSES, ProviderAdapter, TextSlot
from proxy.providers.details24 import DetailData
from proxy.providers.endings import StreamMeta
from proxy.providers.loose import MAX_LOOSE_FIELDS, LooseSlot
from proxy.providers.sse import SSEEvent, SSESplitter, encode_event
from proxy.stream.blocks44 import ClientBlocks
from proxy.stream.blockstart24 import ToolStarts
from proxy.stream.finish import answer_ends, opens_after_end, split_finish, text_after_end
from proxy.stream.indexes24 import asked_choices, stream_index_trouble
from proxy.stream.order import FieldOrder
from proxy.stream.sse46 import unnamed_message


class OutputFilter(Protocol):
    """The text-level guard for one answer (restore, redact, screen), one channel at a time."""

    blocked: bool

    async def feed(self, channel: str, fragment: str, in_json: bool = False, *, data: bool = False) -> str:
        """`in_json`: the channel's text is a JSON document (`TextSlot.is_json`): tool call arguments.
        `data`: an id or a name screened as data (`TextSlot.prose` False): never scored as prose."""
        ...

    async def end(self, channel: str) -> str: ...


@runtime_checkable
class GroupedFilter(Protocol):
    """An output filter that reads the fields of one answer together (`proxy.guard.windows.OutputWindows`)."""

    blocked: bool

    async def feed(self, channel: str, fragment: str, in_json: bool = False, group: str | None = None, *,
                   data: bool = False, url: bool = False) -> str: ...

    async def end_group(self, group: str) -> list[tuple[str, str]]: ...

    def take_spill(self) -> list[tuple[str, str]]: ...

    def held_in(self, channel: str) -> int: ...


@runtime_checkable
class FieldReader(Protocol):
    """An output filter that reads whole fields of an event as a whole answer's (`OutputWindows.screen_fields`)."""

    blocked: bool

    async def screen_fields(self, slots: Sequence[TextSlot]) -> list[int]: ...


def _field_kind(windows: object, slot: TextSlot) -> None:
    """Tell the filter a field's kind (`OutputWindows.field_kind`): an Anthropic thinking block and a text block share
    their channels' family, and a client never joins them into one text (atk17 M3); a tool call's arguments are one
    scope for restore (scopes16); a thinking block's text, which a signature covers, is never restored into
    (`proxy.guard.sealed`)."""
    tell = getattr(windows, "field_kind", None)
    if tell is not None:
        tell(slot.channel, sealed_field_kind(slot))


class _Late:
    """An event that repeats the whole text of a field still held, written once that text is out."""

    __slots__ = ("channels", "data", "event", "slots")

    def __init__(self, data: dict[str, Any], event: str | None, slots: list[TextSlot]) -> None:
        self.data, self.event, self.slots = data, event, slots
        self.channels = {slot.channel for slot in slots}


# The most audio a screened stream holds at once (base64 in its events) while the text it speaks is screened:
# about 6 minutes of 24 kHz 16-bit PCM. Beyond it the stream stops (`StreamRewriter._keep_audio`).
AUDIO_HOLD_BYTES = 16 * 1024 * 1024


class _Audio:
    """A chat choice's audio (`delta.audio.data` pieces, as events of their own) held until the text it speaks
    was screened: written only while the stream was not stopped."""

    __slots__ = ("events",)

    def __init__(self, events: list[bytes]) -> None:
        self.events = events


class _Said(bytes):
    """An event that only carries text the guard released (screened) of fields `channels`: on a block, what of
    the events that waited goes out (`StreamRewriter._cut`). `starts`: where in each field's text (characters
    fed, `StreamRewriter._fed`) what it releases begins: it goes before every waiting event that came after
    that (`StreamRewriter._queue`). `fed`: the characters fed to each field when it was released (none of what
    was fed after is in it: `StreamRewriter._after_other_choice`)."""

    channels: frozenset[str]
    starts: dict[str, int]
    fed: dict[str, int]


def _said(blob: bytes, channels: Iterable[str], starts: dict[str, int] | None = None,
          fed: dict[str, int] | None = None) -> _Said:
    out = _Said(blob)
    out.channels = frozenset(channels)
    out.starts = starts or {}
    out.fed = fed or {}
    return out


class _Bearing(bytes):
    """An event that waits (it brings something new) and carries text the guard released of fields `channels`:
    text released later for one of them never goes before it (`StreamRewriter._queue`)."""

    channels: frozenset[str]


def _bearing(blob: bytes, channels: Iterable[str]) -> bytes:
    out = _Bearing(blob)
    out.channels = frozenset(channels)
    return out


class _Mark:
    """Where a field that closed with text held waits for it, among the events held back after it."""

    __slots__ = ("channel",)

    def __init__(self, channel: str) -> None:
        self.channel = channel


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
        self.meta.sent = ClientBlocks()  # the ending stops only blocks the client saw start (blk44)
        self.released: dict[str, str] = {}
        self._open: dict[str, tuple[str | None, bytes]] = {}  # channel -> (event name, raw JSON of last fragment)
        self.stopped = False
        self.unreadable = False        # stopped: an event could not be read
        self.unreadable_seen = 0       # events that could not be read (monitor: relayed all the same)
        self.after_end = False         # stopped: text came after its answer's end (`answer_ends`)
        self.answered = False          # an event of the answer was read (not only comments, pings, `[DONE]`)
        self.empty = False             # the stream ended without one (`finish`)
        self._early: list[bytes] = []  # events before the first of the answer (enforced output rules)
        self._bytes: dict[str, bytearray] = {}     # released text per channel, UTF-8
        self._lp_pos: dict[str, int] = {}          # bytes of it spelled by the entries sent
        self._lp_wait: dict[str, list[Any]] = {}   # entries received, not yet sent
        self._lp_cut: set[str] = set()             # channels whose logprobs ended at a changed token
        self._lp_malformed: set[str] = set()       # channels whose logprobs ended at a malformed entry
        self._done = False                         # `[DONE]` seen (output rules or restore: the rest is dropped)
        self._swept = 0                            # strings screened whole by the sweep so far
        self._names_clear: set[str] = set()  # ids and names of events no output rule matched (`_screen_names`)
        self._sweep_seen: dict[tuple[str, bool], str] = {}  # what each of them became (text, prose)
        self._fields_seen: dict[tuple[Any, ...], list[str]] = {}  # an event's whole fields, read together
        # The fields of one answer read together (`GroupedFilter`): chat choices, Anthropic and Responses answers.
        self._grouped: GroupedFilter | None = windows if isinstance(windows, GroupedFilter) else None
        self._live_groups: set[str] = set()
        # Fields that closed with text held (event name, template of their last fragment), and what waits
        # behind the first of them: events, and a `_Mark` where each of them closed.
        self._holders: dict[str, tuple[str | None, bytes]] = {}
        self._whole: set[str] = set()  # holders whose whole text came in one event, written late (`_whole_in_group`)
        self._waiting: list[bytes | _Mark | _Late | _Audio] | None = None
        self._shape: tuple[Any, ...] | None = None  # the answer's shape as the client had it when waiting began
        # Under enforced output rules: characters fed per field, and where in them what went out ends (`_release`).
        self._fed: dict[str, int] = {}
        self._pos: dict[str, int] = {}
        self._snaps: list[dict[str, int]] = []  # for each event waiting: `_fed` before the event it came from
        self._need: dict[str, int] = {}  # `_fed` before the last waiting event that brings something new
        self._seen: set[str] = set()  # the fields open then (the client had seen them begin)
        self._shell = False  # the event read last only carried more of fields already open (`_process_event`)
        self._own_wait = False  # it waits for its own text as well (`_process_event`)
        # Chat under enforced output rules: each choice's audio pieces, held until its text is screened.
        self._audio: dict[Any, list[bytes]] = {}
        self._audio_bytes = 0  # held now (at most `AUDIO_HOLD_BYTES`)
        # Chat with output rules: tool call ids and names read joined, their events held until whole (`_named`).
        self._calls = (_CallNames(hold=self.strict, quiet=self._quiet) if kind == CHAT and fail_closed
                       and hasattr(windows, "screen_names") else None)
        self._sent = -1  # Responses: the last `sequence_number` sent (`_in_sequence`)
        self._pinned: dict[str, str] = {}  # the answer's model, id, fingerprint: as first sent (`_pin_names`)
        self._ended: set[str] = set()  # chat choices and answers that ended (`answer_ends`)
        self._loose: set[str] = set()  # fields of unknown keys joined so far (`_too_loose`)
        self._citations: dict[str, int] = {}  # Anthropic: citations per block so far (`_number_citations`)
        self._details = DetailData()  # chat: `reasoning_details` data joined per piece (`details24`)
        self._tool_starts = ToolStarts(kind)  # Anthropic: tool inputs given whole in a block's start (`blockstart24`)
        self._asked = asked_choices()  # chat and completions: the choices the request asked for (`indexes24`)
        # The fields' index order, as the client joins them (issue 12, atk14 B-H1): the windows read them in it
        # (`FieldOrder`).
        self._order = FieldOrder(kind) if self.strict and self._grouped is not None else None
        if self._order is not None and hasattr(windows, "field_order"):
            windows.field_order = self._order  # `OutputWindows.field_order`

    async def process(self, ev: SSEEvent, data: Any) -> list[bytes]:
        """What to send the client for this upstream event (possibly nothing, possibly several). Under
        enforced output rules what comes before the answer's first event (Anthropic pings) waits for it:
        a stream that never has one is answered with an error instead (`finish`)."""
        out: list[bytes] = []
        ev = unnamed_message(self.kind, ev)  # `event: message` is SSE's default name, on an OpenAI stream none (fp46)
        if not self.monitor and self._tool_starts.clash(data):
            return self._in_sequence(self._unreadable(ev))  # a tool input given whole, then more (`blockstart24`)
        if self.strict and self.kind == CHAT and self._details.take(data):
            ev = SSEEvent(encode_event(data, ev.event))  # a reasoning piece's data of no payload's shape (`details24`)
        pieces = [(ev, data)] if self.monitor else \
            [one for piece in split_finish(self.kind, ev, data) for one in self._tool_starts.split(*piece)]
        for piece, piece_data in pieces:
            await prescore_names(self.windows, self._calls, piece_data)  # tool call names' toxicity (lft43)
            for one, one_data in self._named(piece, piece_data):
                out.extend(await self._one(one, one_data))
                if self.stopped:
                    break
            if self.stopped:
                break
        self._stop_for_call()
        return self._in_sequence(out)

    async def _one(self, ev: SSEEvent, data: Any) -> list[bytes]:
        before, held, seen, fed = None, False, None, None
        if self.strict and self._waiting is None:
            held = self._holds_text()  # text held before this event
            before, seen = self.meta.shape(), {*self._open, *self._holders}
        if self.strict and (held or self._waiting is not None):
            fed = dict(self._fed)  # what was fed before this event, per field (it may wait for it)
        out = self._after_held(await self._process(ev, data), before, held, seen, fed)
        if self.strict and not self.answered:
            self._early.extend(out)
            return []
        if self._early:
            out, self._early = [*self._early, *out], []
        return out

    def _after_held(self, out: Sequence[bytes | _Mark | _Late | _Audio],
                    before: tuple[Any, ...] | None = None, held: bool = False,
                    seen: set[str] | None = None, fed: dict[str, int] | None = None) -> list[bytes]:
        """While a field that closed holds text, what follows waits (in order) until that text is out;
        an event repeating a held field's whole text (Responses `.done`, `response.completed`) is written
        then, with the text the field was given. Under enforced output rules the same for an event read
        while text of the answer is held (`held`), unless it only carries more of fields already open (a
        chat chunk, a text delta): a tool call, a block, an item, an annotation goes out once the text before
        it was screened and released; if the answer is blocked before, of what waited only the text released
        for fields the client saw begin goes out (`_cut`). `before`, `seen`: the answer's shape
        (`StreamMeta.shape`) and its open fields before the event that gave `out`; `fed`: the characters fed
        per field before it. Every waiting event that brings something new waits for all the text fed before
        it (in any field: another chat choice's too), and text released goes before the waiting events that
        came after it was fed (`_queue`): nothing overtakes a field's held text."""
        if self._waiting is None and not any(isinstance(b, _Mark) for b in out):
            if not ((held or self._own_wait) and not self._shell and self._grouped is not None):
                return [self._written(b) for b in out if not isinstance(b, _Mark)]
        if self._waiting is None:
            self._shape = before if before is not None else self.meta.shape()
            self._seen = seen if seen is not None else {*self._open, *self._holders}
        waiting = self._waiting if self._waiting is not None else []
        self._queue(waiting, out, fed)
        self._waiting = waiting
        if self.strict and not self._shell and (fed is not None or self._own_wait):
            # what it brings waits for the text fed before it (fed only grows: the latest rules), or for its own too
            self._need = dict(self._fed) if self._own_wait else (fed or {})
        if not self.stopped and self._grouped is not None and (
                any(self._grouped.held_in(channel) for channel in self._holders)
                or (self.strict and self._held_before())):
            return []
        self._waiting = None
        snaps, self._snaps, self._need = self._snaps, [], {}
        self._holders.clear()
        if self.stopped and self.strict:
            waiting = self._cut(waiting, snaps)
            for channel in self._whole:
                self.released.pop(channel, None)  # its event waited, and never goes out: the client got none of it
        self._whole.clear()
        return [self._written(b) for b in waiting if not isinstance(b, _Mark)]

    def _holds_text(self) -> bool:
        """A field of the answer holds text the guard has not released yet."""
        grouped = self._grouped
        return grouped is not None and any(grouped.held_in(channel) for channel in (*self._open, *self._holders))

    def _held_elsewhere(self, opened: list[str]) -> bool:
        """Text is held in a field of another chat choice than those of `opened`: more of an open field goes
        after it all the same (another choice's events wait the same, `_after_held`)."""
        grouped = self._grouped
        if grouped is None or self.kind != CHAT:
            return False
        groups = {self._group(channel) for channel in opened}
        return any(grouped.held_in(channel) and self._group(channel) not in groups
                   for channel in (*self._open, *self._holders))

    def _held_before(self) -> bool:
        """Text fed before the last waiting event that brings something new (`_need`) is still held: a field's
        held text is the end of what was fed to it, so what went out of it ends `held_in` characters before
        the end of what was fed (`_fed`)."""
        assert self._grouped is not None
        return any(self._fed.get(channel, 0) - self._grouped.held_in(channel) < need
                   for channel, need in self._need.items() if need)

    def _queue(self, waiting: list[bytes | _Mark | _Late | _Audio], out: Sequence[bytes | _Mark | _Late | _Audio],
               fed: dict[str, int] | None) -> None:
        """Add an event's output to what waits, in order, but for text released (`_Said.starts`): it goes before
        the first waiting event that came after any of it was fed (a chat choice's tool call never overtakes
        the choice's text held before it). `fed`: the characters fed per field before the event (`_snaps`)."""
        low = 0  # the event's own output keeps its order
        for item in out:
            at = len(waiting)
            starts = item.starts if isinstance(item, _Said) else None
            if starts and waiting and any(self._snaps[-1].get(c, 0) > n for c, n in starts.items()):
                # `_snaps` only grow along the list: the last is the largest. Never before a waiting event that
                # carries earlier released text of one of its fields (`_Bearing`: an event read while text was
                # held, with a tool call's `"name": ""` or a new key): the field's text keeps its order.
                floor = max((k + 1 for k, other in enumerate(waiting)
                             if k >= low and isinstance(other, _Bearing) and other.channels & starts.keys()),
                            default=low)
                at = next((k for k in range(floor, len(waiting))
                           if any(self._snaps[k].get(c, 0) > n for c, n in starts.items())), len(waiting))
            self._insert(waiting, at, item, fed)
            low = at + 1

    def _after_fed(self, waiting: list[bytes | _Mark | _Late | _Audio], channel: str, start: int) -> int:
        """Where text released for `channel` from `start` (characters fed) goes among what waits: before the first
        event that came after it was fed (an annotation or a citation of it, an item after it), never before one that
        carries text released of the field before it (`_Said`, `_Bearing`)."""
        floor = max((k + 1 for k, other in enumerate(waiting)
                     if isinstance(other, _Said | _Bearing) and channel in other.channels), default=0)
        return next((k for k in range(floor, len(waiting)) if self._snaps[k].get(channel, 0) > start), len(waiting))

    def _insert(self, waiting: list[bytes | _Mark | _Late | _Audio], at: int, item: bytes | _Mark | _Late | _Audio,
                fed: dict[str, int] | None = None) -> None:
        """Put `item` at `at` among what waits. Its `_snaps` entry: an event's, `fed`; released text's, the one
        before it (text released later for the same field never goes before it)."""
        if isinstance(item, _Said) or fed is None:
            snap = self._snaps[at - 1] if at else {}
        else:
            snap = fed
        waiting.insert(at, item)
        self._snaps.insert(at, snap)

    def _cut(self, waiting: list[bytes | _Mark | _Late | _Audio],
             snaps: list[dict[str, int]]) -> list[bytes | _Mark | _Late | _Audio]:
        """The stream stopped while events waited behind held text: of them only the text released (screened,
        before the violating sentence) of fields the client saw begin goes out, nothing else (a later tool
        call, block, item or annotation), nor a chat choice's text fed after another choice's event that waited
        (`_after_other_choice`). The ending closes what the client saw open (`StreamMeta.rewind`)."""
        kept: list[bytes | _Mark | _Late | _Audio] = [
            b for b in waiting if isinstance(b, _Said) and b.channels and b.channels <= self._seen
            and not self._after_other_choice(b, waiting, snaps)]
        if self._shape is not None:
            response = self.meta.response  # the last screened: the ending withholds its fields (`withheld_response`)
            choices = self.meta.open_choices | self.meta.finished
            self.meta.rewind(self._shape)
            for item in kept:
                if not isinstance(item, _Mark):
                    for ev in events_in(self._written(item)):
                        data = ev.json()
                        if isinstance(data, dict):
                            self.meta.observe(self.kind, data)
            self.meta.response = response
            # a chat choice whose own end never went out ends with the rest (`content_filter`), seen begun or not
            self.meta.open_choices |= choices - self.meta.finished
        return kept

    def _after_other_choice(self, item: _Said, waiting: list[bytes | _Mark | _Late | _Audio],
                            snaps: list[dict[str, int]]) -> bool:
        """Some of the chat choice's text `item` releases was fed after an event of another choice that waited
        (`snaps`: the characters fed before each): that event may hold the violating sentence, and the text
        after it never goes out, whichever choice it is of (atk7 finding 4)."""
        if self.kind != CHAT or len(snaps) != len(waiting):
            return False
        for k, other in enumerate(waiting):
            if not isinstance(other, bytes) or isinstance(other, _Said):
                continue
            indexes = {c.get("index") for ev in events_in(other) for c in _choices_of(ev.json())}
            for channel in item.channels:
                if snaps[k].get(channel, 0) < item.fed.get(channel, 0) \
                        and {f"choice:{i}" for i in indexes} - {self._group(channel)}:
                    return True
        return False

    def _written(self, item: bytes | _Late | _Audio) -> bytes:
        if isinstance(item, bytes):
            return item
        if isinstance(item, _Audio):
            return b"" if self.stopped else b"".join(item.events)
        for slot in item.slots:
            slot.set(self.released.get(slot.channel, ""))
        for lp in self.adapter.stream_event_logprobs(self.kind, item.data):
            if lp.channel in item.channels:
                lp.set(self._whole_logprobs(lp.channel, lp.get()))
        return encode_event(item.data, item.event)

    async def _process(self, ev: SSEEvent, data: Any) -> list[bytes | _Mark | _Late | _Audio]:
        stopped = self.stopped
        self.meta.finishing.clear()
        response = self.meta.response
        out = await self._process_event(ev, data)
        if self.stopped and not stopped:
            self.meta.unfinish()  # the event the stream stopped in never delivered its `finish_reason`
            self.meta.response = response  # nor its `response` object, read unscreened: the ending's is the last
        return out

    async def _process_event(self, ev: SSEEvent, data: Any) -> list[bytes | _Mark | _Late | _Audio]:
        self._shell = self._own_wait = False
        if self._done:
            return []  # after OpenAI's end marker nothing is an answer: none of it goes out unread
        strict = self.strict
        if not isinstance(data, dict):
            if ev.is_done:
                if self.fail_closed and not self.answered:
                    self._empty()  # `[DONE]` and nothing before it
                    if self.stopped:
                        return []
                # What follows `[DONE]` is no answer (SDKs stop there): under output rules or restore none goes out.
                self._done = self.fail_closed or self._restoring()
                return [*await self._close([ALL_CHANNELS]), *self._spoken([ALL_CHANNELS]),
                        b"data: [DONE]\n\n" if strict else ev.raw]
            if self.fail_closed and (ev.data is not None or ev.foreign):
                # A payload that is not a JSON object (or an ambiguous one), or lines that are no SSE
                # (a JSON answer labelled text/event-stream): nothing of it goes out unread.
                return [*self._unreadable(ev)]
            if strict:
                return []  # comments and keep-alives: nothing the client needs, nothing relayed unread
            return [ev.raw]
        if self.fail_closed and not (self.adapter.is_known_event(self.kind, data) and _named_as(ev.event, data)):
            return [*self._unreadable(ev)]
        if (self.fail_closed or self._restoring()) and stream_index_trouble(self.kind, data, self._asked):
            return [*self._unreadable(ev)]  # an index a client may file otherwise (`proxy.stream.indexes24`)
        if (self.fail_closed or self._restoring()) and (opens_after_end(self.kind, data, self._ended) or text_after_end(
                self.adapter.stream_event_texts(self.kind, data), self._ended,
                self.adapter.is_whole_text_event(self.kind, data), {*self.released, *self._open, *self._holders})):
            # Text after its answer's end: never read with what was held at the end. Restore too released the
            # answer's held scopes there (`OutputWindows._answer_sends`): a scope after it that sends would reach
            # the client beside values already restored (atk21 M3). The stream ends with an error, as unreadable.
            self.after_end = not self.monitor
            return [*self._unreadable(ev)]
        if self._too_loose(data):
            return [*self._unreadable(ev)]  # more fields of unknown keys than one stream joins: not read piecemeal
        self._ended.update(answer_ends(self.kind, data))
        self.answered = self.answered or data.get("type") != "ping"
        pinned = self.strict and self._pin_names(data)
        open_before, names_before, swept_before = (set(self._open), len(self._names_clear), self._swept) if strict \
            else (set(), 0, 0)
        if self.fail_closed and self._screen_names(data):
            self.stopped = True  # an id or a name a rule matched (`"model": "project-falcon"`): emptied, and the end
        self.meta.observe(self.kind, data)
        observe_calls(self.windows, self.kind, data)  # its calls' names, their arguments read with them
        closing = self.adapter.closing_channels(self.kind, data)
        if self._order is not None:
            self._order.close(closing)
            self._order.observe(data)
        out: list[bytes | _Mark | _Late | _Audio] = [*await self._close(closing)]
        if self.stopped:
            return out
        whole = self.adapter.is_whole_text_event(self.kind, data)
        changed = pinned
        if self._calls is not None and id(data) in self._calls.merged:
            self._calls.merged.discard(id(data))
            changed = True  # a tool call's name joined from its pieces (`_CallNames._merge`)
        slots = self.adapter.stream_event_texts(self.kind, data)
        if self.kind == MESSAGES:
            self._number_citations(data, slots)
        if not self.fail_closed:  # restore only: an id or a name is never restored into, and nothing reads it
            # (nor a field of an unknown key beyond the stream's joined ones: restored event by event, swept)
            slots = [slot for slot in slots if slot.prose
                     and (not isinstance(slot, LooseSlot) or slot.channel in self._loose)]
        if self._order is not None and self._overtakes(slots, whole):
            # Text for a field the client puts before a later field's text that went out: it would join that text
            # where no window reads it (issue 12, atk14 B-H1). In-order streams never send it: unreadable.
            return [*out, *self._unreadable(ev)]
        opened: list[str] = []
        late: list[TextSlot] = []  # whole texts of fields still held: written once they are out
        said = False  # the event carries a fragment of text the guard released
        # An Anthropic block opened with its first text (`content_block_start`): what the guard holds of it goes out
        # in `content_block_delta`s, never in a second start of the block (atk22a M4: `_seed_template`).
        opens_block = self.kind == MESSAGES and data.get("type") == "content_block_start"
        starts: dict[str, int] = {}  # where in each field's text what it releases begins (`_Said.starts`)
        flushed: list[bytes | _Mark] = []
        seeded: dict[str, tuple[str | None, bytes]] = {}  # channel -> the delta event its later text goes out in
        fresh: list[TextSlot] = []  # whole texts never streamed as fragments (`_read_whole`)
        joining: list[tuple[TextSlot, str]] = []  # of them, those read in the answer's window after (`_join_whole`)
        for slot in slots:
            text = slot.get()
            if (whole or opens_block) and text and not self.stopped and slot.channel not in self._holders \
                    and slot.channel not in self.released and slot.channel not in self._open:
                seed = _seed_template(self.kind, data, slot)
                if seed is not None:
                    seeded[slot.channel] = (seed[0] if ev.event is not None else None, seed[1])
            if self.stopped:
                new = ""  # nothing after the violating sentence, in any field of this event
            elif whole and slot.channel not in seeded:
                if slot.channel in self._holders:
                    new = ""
                    late.append(slot)
                elif slot.channel in self.released:
                    new = self.released[slot.channel]
                elif text and (group := self._whole_group(slot)) is not None:
                    if self._group(slot.channel) is None or json_tool_output(slot, text):
                        # An item's or a block's own text (a web search query, a tool's output; an MCP call's output
                        # that is a JSON document, read as one: `json_tool_output`): read with the event's other
                        # whole fields first (`_read_whole`: a tool's arguments with their keys), then in the
                        # answer's window (`_join_whole`).
                        fresh.append(slot)
                        joining.append((slot, group))
                        continue
                    # A whole text of a field of the answer never streamed as fragments (a part sent only as
                    # `content_part.done`, an item added or done with its text): read with the answer's other
                    # fields, after the text held before it; what it holds back, the event waits for.
                    new = await self._whole_in_group(slot, text, flushed, group)
                    if self._grouped is not None and self._grouped.held_in(slot.channel) and not self.stopped:
                        new = ""
                        late.append(slot)
                elif text and self.fail_closed and isinstance(self.windows, FieldReader):
                    fresh.append(slot)  # read with the event's other whole fields, as in a whole answer: below
                    continue
                elif text:  # a whole text never streamed as fragments: it is guarded all the same
                    new = await self._feed_whole(slot.channel, text, slot, slot.is_json)
                    self._release(slot.channel, new, whole=True)
                    self.stopped = self.stopped or self.windows.blocked
                else:
                    new = text
            else:
                # A fragment, or the text a field's opening event starts it with (`_seed_template`): what the
                # deltas add is read with it, as the client joins them.
                self._open[slot.channel] = (seeded.get(slot.channel)
                                            or (ev.event, ev.data.encode() if ev.data else b"{}"))
                opened.append(slot.channel)
                group = self._group(slot.channel)
                if strict:
                    self._fed[slot.channel] = self._fed.get(slot.channel, 0) + len(text)
                if group is not None and self._grouped is not None:
                    # A field of the answer: read with the others; what is released for an earlier field
                    # goes out first (or, if that field closed, where it closed).
                    self._live_groups.add(group)
                    _field_kind(self._grouped, slot)
                    new = await self._grouped.feed(slot.channel, text, slot.is_json, group=group)
                    flushed.extend(self._route(self._grouped.take_spill()))
                    starts[slot.channel] = self._release(slot.channel, new)
                else:
                    _field_kind(self.windows, slot)
                    new = await self.windows.feed(slot.channel, text, slot.is_json, data=not slot.prose)
                    starts[slot.channel] = self._release(slot.channel, new)
                if self.windows.blocked:
                    self.stopped = True
                said = said or bool(new)  # a fragment's text released (before the stop, if it stopped here)
            if new != text:
                slot.set(new)
                changed = True
        logprobs = self.adapter.stream_event_logprobs(self.kind, data)
        if self.strict:
            for lp in logprobs:  # rebuilt from their known fields, not relayed (`LogprobSlot.rebuild`)
                if lp.rebuild():
                    self._lp_malformed.add(lp.channel)
        if self.fail_closed:
            # Deny by default: every other string, object key and number of text of the event is screened whole.
            swept = answer_sweep(data, slots, skip=[id(lp.container[lp.key]) for lp in logprobs])
            if isinstance(self.windows, FieldReader):
                changed = await self._read_whole(data, fresh, swept, {id(slot) for slot, _ in joining}) or changed
                if await self._join_whole(joining, flushed, late):
                    changed = True
                    if self.stopped:  # blocked in the answer's window: nothing of this event goes out
                        for slot in fresh:
                            slot.set("")
                swept = [] if not self.stopped else swept
            for slot in swept:
                text = slot.get()
                if self.stopped:
                    break  # nothing of this event outlives the stop: see below
                seen = (text, slot.prose)
                if seen in self._sweep_seen:
                    new = self._sweep_seen[seen]  # lifecycle events repeat the same fields: screened once
                else:
                    self._swept += 1
                    channel = f"field:{self._swept}"
                    new = await self._feed_whole(channel, text, slot)
                    self.stopped = self.stopped or self.windows.blocked
                    if len(self._sweep_seen) < 1024:
                        self._sweep_seen[seen] = new
                if new != text:
                    slot.set(new)
                    changed = True
            if self.stopped and swept:
                withhold_swept(swept)  # strings and numbers emptied, keys dropped (screened or not)
                changed = True
        elif getattr(self.windows, "restore", None) is not None and getattr(self.windows, "vault", None):
            # Restore only: placeholders in the fields the adapter does not read (a map's values and keys, a
            # shell's `env`: `answers.ANSWER_MAPS`) are restored, as in a whole answer (none issued: no walk).
            for slot in answer_sweep(data, slots, screen=False):
                text = slot.get()
                if tool_scope_of(slot.channel, slot.kind) is not None:
                    continue  # a tool call's (a shell call's `env`): kept, as its other texts (atk21 H1)
                if slot.prose and "<" in text:
                    self._swept += 1
                    channel = f"field:{self._swept}"
                    new = await self._feed_whole(channel, text, slot, data=False)
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
        if self.strict and self.kind == RESPONSES and data.get("type") == _RESPONSES_AUDIO:
            # The whole event is the audio: held like a chat choice's (`_hold_audio`), until the transcript
            # ends or the answer does; dropped once the answer is blocked.
            if not self.stopped:
                self._keep_audio(_RESPONSES_AUDIO, encode_event(data, ev.event))
            out.extend(flushed)
            out.extend(self._spoken(closing))
            return out
        if self.strict and self.kind == CHAT and self._hold_audio(ev.event, data):
            changed = True
        if self.stopped:
            _strip_ending(data)
            changed = True
        if strict:
            # Only more of fields already open (a text delta, a chat chunk of content or arguments): nothing
            # new a client would see before the text held ahead of it is screened (`_after_held`).
            self._shell = (not whole and bool(opened) and open_before.issuperset(opened) and not late
                           and len(self._names_clear) == names_before and self._swept == swept_before
                           and not (self._calls is not None and _call_pieces(data)[0])
                           and not self._held_elsewhere(opened))
            # Fields beyond its texts (swept: an unknown key, an annotation) with its own text still held: they
            # go out with that text or not at all (the event may be the violating one), so the event waits for
            # its own text too; text it released of an earlier sentence goes before it, alone (`_split`).
            self._own_wait = (not self._shell and not self.stopped and not late and self._swept != swept_before
                              and self._grouped is not None
                              and any(self._grouped.held_in(channel) for channel in opened))
        if changed and opened:
            # An event synthesized from this one later carries what the client got of its other fields.
            template = json.dumps(data).encode()
            for channel in opened:
                if channel not in seeded:
                    self._open[channel] = (ev.event, template)
        out.extend(flushed)
        out.extend(self._spoken(closing))  # a choice ends: its audio goes before the event that ends it
        if late and not self.stopped:
            out.append(_Late(data, ev.event, late))
            return out
        if said and self._own_wait:
            out.extend(self._split(ev.event, data, opened, starts))
            changed = True
        sent = encode_event(data, ev.event) if changed or (strict and ev.extra) else ev.raw
        if said and self._shell:
            out.append(_said(sent, opened, starts, {c: self._fed.get(c, 0) for c in opened}))
        elif said and strict:
            out.append(_bearing(sent, [slot.channel for slot in slots if slot.channel in opened and slot.get()]))
        else:
            out.append(sent)
        return out

    def _overtakes(self, slots: Sequence[TextSlot], whole: bool) -> bool:
        """An event brings text for a field of the answer after a later field's text went out (`FieldOrder`): a
        fragment, or a whole text not given before (a `.done` repeating what went out is no new text)."""
        assert self._order is not None
        return any(slot.get() and self._group(slot.channel) is not None and self._order.overtaken(slot.channel)
                   and not (whole and (slot.channel in self.released or slot.channel in self._holders))
                   for slot in slots)

    def _whole_group(self, slot: TextSlot) -> str | None:
        """The answer a text that comes whole in one event, never as fragments, is read in as one of its fields
        (`_whole_in_group`), as a whole answer reads it with its neighbours (`proxy.guard.phases.joinable`): a
        Responses field of the answer (`_group`: a part, arguments, a summary) and any other text of an output item
        (a web search query, an image's revised prompt, a computer call's typed text, file search queries, an MCP
        tool's description); the texts of an Anthropic block given whole (a code execution's or an MCP tool's
        result, in `content_block_start` or `message_start`) and the stop sequence. Not a URL (`url_key`: restored
        only where the client sent it, `_feed_whole`), nor an annotation (it goes out after the text it annotates:
        `_own_wait`): read with its event's other whole fields (`_read_whole`). An item's or a block's own text is
        read so under output rules, first with its event's other whole fields (`_read_whole`), then in the window
        (`_join_whole`). Issue 12, atk10 A-H1: `Mail jane.doe@exa` then a web search query `mple.com now.` went
        out raw, each read alone."""
        if self._grouped is None or not slot.prose:
            return None
        if self.kind == RESPONSES and self._group(slot.channel) is not None:
            return self._group(slot.channel)
        if self.kind == MESSAGES and slot.channel == STOP_SEQUENCE:
            return self._group(slot.channel)
        if self.kind == MESSAGES and slot.channel.startswith(MESSAGE_DELTA + ":") and self._grouped is not None \
                and self.fail_closed and isinstance(self.windows, FieldReader) and not url_key(slot.key) \
                and joinable(slot) is True:
            return "answer"  # a `message_delta`'s other texts: read after the blocks' text, as the stop sequence
        if not (self.fail_closed and isinstance(self.windows, FieldReader)) or url_key(slot.key) \
                or joinable(slot) is not True:
            return None
        if (self.kind == RESPONSES and _ITEM_TEXT.fullmatch(slot.channel)) \
                or (self.kind == MESSAGES and _WHOLE_BLOCK.fullmatch(slot.channel)):
            return "answer"
        return None

    async def _whole_in_group(self, slot: TextSlot, text: str, flushed: list[bytes | _Mark], group: str) -> str:
        """Feed a field's whole text to its answer's window (`GroupedFilter`), the field closed at once; what it
        releases of earlier fields goes out as streamed text does (`_route`). A tail it holds makes the field a
        holder with no event of its own (`_whole`): the event carrying the text waits (`_Late`) and is written
        with all the field was given once it is out; blocked before, the event never goes out, and the text
        released for the field is dropped (`_cut`): the ending's `output` holds only text the client got."""
        grouped = self._grouped
        assert grouped is not None
        self._live_groups.add(group)
        _field_kind(grouped, slot)
        new = await grouped.feed(slot.channel, text, slot.is_json, group=group)
        closing = getattr(grouped, "close_field", None)
        if closing is not None:
            closing(slot.channel)  # no more of it comes
        flushed.extend(self._route(grouped.take_spill()))
        self._release(slot.channel, new)
        if grouped.blocked:
            self.stopped = True
        elif grouped.held_in(slot.channel):
            self._holders[slot.channel] = (None, b"")
            self._whole.add(slot.channel)
            flushed.append(_Mark(slot.channel))
        return new

    async def _read_whole(self, data: dict[str, Any], fresh: list[TextSlot], swept: list[TextSlot],
                          joined: set[int] | None = None) -> bool:
        """The event's whole texts never streamed (`fresh`: a `response.completed`'s file search results, a
        shell call's argv) and its swept fields (`metadata`, `prompt.variables`, a shell's `env`, a chunk's
        unknown keys) read together as the same JSON in a whole answer is (`FieldReader.screen_fields`,
        `proxy.guard.phases.screen_answer`): `{"project": "falcon"}` is read `project falcon`. A Responses
        event's `response` is read as the answer's body, its `item` as the answer's output item at
        `output_index`. True when a text changed. Lifecycle events repeat the same fields: read once.
        `joined`: of `fresh`, those (by `id`) the answer's window reads next (`_join_whole`), which releases them."""
        if self.stopped:  # a text of this event blocked: none of it goes out
            for slot in fresh:
                slot.set("")
            return bool(fresh)
        fields = [*fresh, *swept]
        if not fields:
            return False
        _as_whole(data, swept)
        key = tuple((slot.channel, getattr(slot, "mode", ""), slot.prose, slot.get()) for slot in fields)
        news = self._fields_seen.get(key)
        before = [slot.get() for slot in fields]
        if news is None:
            self._swept += len(swept)
            # A field an earlier event's reading changed goes in, and out, as it went out then: its value redacted
            # once is in the vault, where a second reading would take it for the client's own
            # (`Vault.is_original`) and restore its placeholder.
            pinned: dict[int, str] = {}
            for n, slot in enumerate(swept, start=len(fresh)):
                if (seen := self._sweep_seen.get((slot.get(), slot.prose))) is not None:
                    slot.set(seen)
                    pinned[n] = seen
            assert isinstance(self.windows, FieldReader)
            withheld = set(await self.windows.screen_fields(fields))
            for n, seen in pinned.items():
                fields[n].set(seen)
            self.stopped = self.stopped or self.windows.blocked
            news = ["" if i in withheld or self.stopped else slot.get() for i, slot in enumerate(fields)]
            if not self.stopped:
                if len(self._fields_seen) < 1024:
                    self._fields_seen[key] = news
                for slot, text, new in zip(swept, before[len(fresh):], news[len(fresh):], strict=True):
                    if new != text and len(self._sweep_seen) < 1024:
                        self._sweep_seen[(text, slot.prose)] = new
        for slot, new in zip(fields, news, strict=True):
            if slot.get() != new:
                slot.set(new)
        for slot in fresh:
            if joined is None or id(slot) not in joined:
                self._release(slot.channel, slot.get(), whole=True)
        return news != before

    async def _join_whole(self, joining: list[tuple[TextSlot, str]], flushed: list[bytes | _Mark],
                          late: list[TextSlot]) -> bool:
        """An item's or a block's own texts given whole (`_whole_group`), each as its event's reading left it
        (`_read_whole`), read in the answer's window as fields of it (`_whole_in_group`), after the text held
        before them: `Mail jane.doe@exa` then a web search query `mple.com now.` is one address (each half its own
        placeholder), `We start project ` then `falcon launches now.` blocks. What the window holds of one, its
        event waits for (`late`). True when a text changed."""
        changed = False
        for slot, group in joining:
            text = slot.get()
            if self.stopped:
                new = ""
            elif not text:
                self._release(slot.channel, "", whole=True)
                continue
            else:
                new = await self._whole_in_group(slot, text, flushed, group)
                if self._grouped is not None and self._grouped.held_in(slot.channel) and not self.stopped:
                    new = ""
                    late.append(slot)
            if new != text:
                slot.set(new)
                changed = True
        return changed

    def _split(self, event_name: str | None, data: dict[str, Any], opened: list[str],
               starts: dict[str, int]) -> list[bytes]:
        """Take the text `data` releases (of an earlier sentence) out of it, each field's into an event of its own
        that carries that text, the logprobs that spell it and the keys that place it (`_minimal`), to go
        before it: the event itself waits for its own text (`_own_wait`)."""
        out: list[bytes] = []
        for channel in opened:
            if not any(slot.channel == channel and slot.get() for slot in self.adapter.stream_event_texts(self.kind,
                                                                                                          data)):
                continue
            copy = json.loads(json.dumps(data))
            _strip_ending(copy)
            keep = [(slot.container, slot.key) for slot in self.adapter.stream_event_texts(self.kind, copy)
                    if slot.channel == channel]
            keep += [(lp.container, lp.key) for lp in self.adapter.stream_event_logprobs(self.kind, copy)
                     if lp.channel == channel]
            _minimal(self.kind, copy, keep)
            out.append(_said(encode_event(copy, event_name), [channel], {channel: starts.get(channel, 0)}))
            for slot in self.adapter.stream_event_texts(self.kind, data):
                if slot.channel == channel:
                    slot.set("")
            for lp in self.adapter.stream_event_logprobs(self.kind, data):
                if lp.channel == channel:
                    lp.set([])
        return out

    def _pin_names(self, data: dict[str, Any]) -> bool:
        """Under output rules the answer's `model`, `id` and `system_fingerprint`, repeated by every chat chunk
        (and by Responses' lifecycle events), go out as the first event with one (not empty) had it, as a whole
        answer has one of each: an upstream that spells a name across chunks (`"model": "project"`, then
        `"model": "falcon"`) has each piece read alone by the `patterns:` rules, so a later other value is
        replaced by the first (issue 12). Whether the event changed."""
        where = data.get(_PINNED_IN[self.kind]) if self.kind in _PINNED_IN else data
        if not isinstance(where, dict):
            return False
        changed = False
        for key in _PINNED:
            value = where.get(key)
            if isinstance(value, str) and value:
                first = self._pinned.setdefault(key, value)
                if first != value:
                    where[key] = first
                    changed = True
        return changed

    def _screen_names(self, data: dict[str, Any]) -> bool:
        """The ids and names of an event read by the output `patterns:` rules (`OutputWindows.screen_names`);
        those a blocking rule matched are emptied, before the event or the ending built from it carries them.
        True when the stream is to stop. Names seen clear are not read again (each chunk repeats them)."""
        screen = getattr(self.windows, "screen_names", None)
        if screen is None:
            return False
        stop = False
        joined: set[tuple[int, str]] = set()  # chat tool calls' ids and names: read joined (`_CallNames`)
        if self._calls is not None:
            for call, container, key in _call_pieces(data)[0]:
                joined.add((id(container), key))
                if call in self._calls.blocked:
                    container[key] = ""
                    stop = True
        found = [(c, k) for c, k in answer_names(data) if (id(c), k) not in joined and c[k] not in self._names_clear]
        if not found:
            return stop
        matched = screen([c[k] for c, k in found]) | blocked_names(self.windows, [c[k] for c, k in found])  # lft43
        if not matched:
            if len(self._names_clear) < 1024:
                self._names_clear.update(c[k] for c, k in found)
            return stop
        for container, key in found:
            if container[key][:MAX_NAME] in matched:
                container[key] = ""
        return True

    def _named(self, ev: SSEEvent, data: Any) -> list[tuple[SSEEvent, Any]]:
        """The events to read now: a chat tool call's id and name arrive in pieces the SDKs join
        (`project_` + `falcon_status`), so under enforced output rules the events carrying them wait until
        the call's id and name are whole, and are read joined (`_CallNames`)."""
        if self._calls is None:
            return [(ev, data)]
        ready = self._calls.take(ev, data, self._screen_call)
        if self._calls.unreadable:  # a name held past `NAME_QUIET_EVENTS`: none of its pieces goes out
            self._calls.stash.clear()
            self.unreadable_seen += 1
            self.unreadable = self.stopped = True
            return []
        return ready

    def _stop_for_call(self) -> None:
        """A call whose joined id or name a rule matched stops the stream where its first piece was to go out;
        one whose pieces all went out before it was read whole (`NAME_HOLD_EVENTS`) stops it now."""
        if self._calls is not None and self._calls.blocked and not self._calls.stash:
            self.stopped = True

    def _quiet(self, data: Any) -> bool:
        """A chat chunk that carries no text of the answer (content, arguments, a swept field) but tool call ids and
        names: nothing in it can stop the stream (`_CallNames._merge`)."""
        if not isinstance(data, dict):
            return False
        slots = self.adapter.stream_event_texts(self.kind, data)
        if any(slot.get() for slot in slots):
            return False
        pieces = {(id(container), key) for _, container, key in _call_pieces(data)[0]}
        return all((id(slot.container), slot.key) in pieces for slot in answer_sweep(data, slots))

    def _screen_call(self, names: list[str]) -> bool:
        """The whole id and name of a chat tool call, read by the `patterns:` rules: whether one blocks."""
        screen = getattr(self.windows, "screen_names", None)
        return screen is not None and (bool(screen(names)) or bool(blocked_names(self.windows, names)))  # (lft43)

    async def finish(self) -> list[bytes]:
        """Upstream ended: release whatever is still held. With `fail_closed`, a stream that ended without
        one event of an answer (nothing, or only comments, pings or `[DONE]`) is unreadable: no answer was
        screened, and an empty 200 would pass for one (`empty`)."""
        out: list[bytes] = []
        if self._calls is not None:
            for ev, data in self._calls.rest(self._screen_call):
                out.extend(await self._one(ev, data))
                if self.stopped:
                    break
            self._stop_for_call()
            if self.stopped:
                return self._in_sequence(out)
        if self.fail_closed and not self.answered and not self.stopped:
            self._empty()
            if self.stopped:
                return []
        self._shell = self._own_wait = False  # no event: what the closing releases goes where it belongs
        out.extend(self._after_held([*await self._close([ALL_CHANNELS]), *self._spoken([ALL_CHANNELS])]))
        return self._in_sequence(out)

    def _in_sequence(self, out: list[bytes]) -> list[bytes]:
        """Responses events go out with strictly increasing `sequence_number`s: an event the proxy writes from
        an earlier one (held text released) repeats that one's number, and held events (audio) go out after
        later ones. An event whose number is not above the last sent gets the next one (and every event
        after it, then); the ending numbers on from the last (`StreamMeta.sequence`)."""
        if self.meta.sent is not None:  # the blocks the client got (blk44)
            out = self.meta.sent.note(self.kind, out, self.stopped)
        if self.kind in (CHAT, COMPLETIONS):  # the ending repeats the screened head of the last chunk sent (atk45 F15)
            self.meta.last_sent = next((blob for blob in reversed(out) if b'"id"' in blob or b'"model"' in blob),
                                       self.meta.last_sent)
        if self.kind != RESPONSES or not out:
            return out
        fixed: list[bytes] = []
        for blob in out:
            numbers = _SEQUENCE.findall(blob)
            if not numbers:
                fixed.append(blob)
                continue
            if len(numbers) == 1 and int(numbers[0]) > self._sent:
                self._sent = int(numbers[0])
                fixed.append(blob)
                continue
            for ev in events_in(blob):
                data = ev.json()
                seq = data.get("sequence_number") if isinstance(data, dict) else None
                if type(seq) is not int or seq > self._sent:
                    self._sent = seq if type(seq) is int else self._sent
                    fixed.append(ev.raw)
                    continue
                self._sent += 1
                data["sequence_number"] = self._sent
                fixed.append(encode_event(data, ev.event))
        self.meta.sequence = max(self.meta.sequence, self._sent)
        return fixed

    def _empty(self) -> None:
        """The stream ended before an event of the answer: unreadable (monitor: noted only)."""
        if not self.empty:
            self.empty = True
            self.unreadable_seen += 1
        if not self.monitor:
            self.unreadable = self.stopped = True
            self._early = []

    def _too_loose(self, data: dict[str, Any]) -> bool:
        """Note the event's fields of unknown keys (`LooseSlot`): each is joined across the stream by its path, at
        most `MAX_LOOSE_FIELDS` of them. True when the event opens one more (with output rules: unreadable)."""
        fresh = {slot.channel for slot in self.adapter.stream_event_texts(self.kind, data)
                 if isinstance(slot, LooseSlot) and slot.channel not in self._loose}
        if not fresh:
            return False
        if len(self._loose) + len(fresh) > MAX_LOOSE_FIELDS:
            return self.fail_closed
        self._loose.update(fresh)
        return False

    def _restoring(self) -> bool:
        """Whether this stream restores the request's values (input rules that redact and restore, something
        redacted): restore releases an answer's held scopes at its end (`answer_ends`)."""
        return bool(getattr(self.windows, "restore", None))

    def _unreadable(self, ev: SSEEvent) -> list[bytes]:
        self.unreadable_seen += 1
        if self.monitor:
            return [ev.raw]
        self.unreadable = self.stopped = True
        return []

    # ---- audio

    def _hold_audio(self, event_name: str | None, data: dict[str, Any]) -> bool:
        """Take each choice's `delta.audio.data` out of a (screened) chat chunk and hold it: the audio speaks
        the transcript (and the answer), which the output rules may still withhold. It goes out, in order,
        as events of its own once the choice ends unblocked (`_spoken`). Whether anything was taken."""
        choices = data.get("choices")
        taken = False
        for i, choice in enumerate(choices if isinstance(choices, list) else []):
            delta = choice.get("delta") if isinstance(choice, dict) else None
            audio = delta.get("audio") if isinstance(delta, dict) else None
            if not isinstance(audio, dict) or "data" not in audio:
                continue
            piece = audio.pop("data")
            taken = True
            if self.stopped or not piece:
                continue
            index = choice.get("index", i)
            head = {k: v for k, v in data.items() if k not in ("choices", "usage")}
            audio_delta: dict[str, Any] = {"data": piece}
            if isinstance(audio.get("id"), str):
                audio_delta = {"id": audio["id"], **audio_delta}
            event = {**head, "choices": [{"index": index, "delta": {"audio": audio_delta}, "finish_reason": None}]}
            self._keep_audio(index, encode_event(event, event_name))
        return taken

    def _keep_audio(self, key: Any, event: bytes) -> None:
        """Hold one audio event. Beyond `AUDIO_HOLD_BYTES` held at once the answer is more than the guard holds
        to screen: the stream stops as unreadable (fails closed, as a whole answer over
        `limits.max_answer_bytes` does), and what was held is dropped."""
        self._audio_bytes += len(event)
        if self._audio_bytes > AUDIO_HOLD_BYTES:
            self._audio.clear()
            self._audio_bytes = 0
            self.unreadable_seen += 1
            self.unreadable = self.stopped = True
            return
        self._audio.setdefault(key, []).append(event)

    def _spoken(self, targets: list[str]) -> list[_Audio]:
        """The audio held for the choices `targets` end (`ALL_CHANNELS`: every one; Responses: its transcript
        or the answer ends), written if not stopped."""
        if not self._audio or not targets:
            return []
        ending = [k for k in self._audio
                  if _matches("audio:transcript" if k == _RESPONSES_AUDIO else f"choice:{k}:audio", targets)]
        spoken = [_Audio(self._audio.pop(k)) for k in ending]
        self._audio_bytes -= sum(len(e) for a in spoken for e in a.events)
        return spoken

    # ---- released text and its logprobs

    async def _feed_whole(self, channel: str, text: str, slot: TextSlot, in_json: bool = False,
                          data: bool | None = None) -> str:
        """A whole text through the filter (fed, then ended). A URL field (`proxy.guard.urls.url_key`: a citation's
        `url`) is fed as one, so restore writes no value into it unless the client sent that URL."""
        data = not slot.prose if data is None else data
        _field_kind(self.windows, slot)
        if url_key(slot.key) and isinstance(self.windows, GroupedFilter):
            new = await self.windows.feed(channel, text, in_json, data=data, url=True)
        else:
            new = await self.windows.feed(channel, text, in_json, data=data)
        return new + await self.windows.end(channel)

    def _release(self, channel: str, text: str, whole: bool = False) -> int:
        """Note text released for `channel`; where in the characters fed to it (`_fed`) that text begins."""
        if text and self._order is not None:
            self._order.sent(channel)
        if whole:
            self.released[channel] = text
            self._bytes[channel] = bytearray(text.encode("utf-8", "surrogatepass"))
            return 0
        self.released[channel] = self.released.get(channel, "") + text
        if text:
            self._bytes.setdefault(channel, bytearray()).extend(text.encode("utf-8", "surrogatepass"))
        start = self._pos.get(channel, 0)
        if self.strict and self._grouped is not None:
            self._pos[channel] = max(start, self._fed.get(channel, 0) - self._grouped.held_in(channel))
        return start

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

    def _route(self, released: list[tuple[str, str]]) -> list[bytes | _Mark]:
        """Text released for fields other than the one fed: a field still open gets an event now (before
        the event being processed); one that closed gets it where it closed (before its `_Mark`)."""
        out: list[bytes | _Mark] = []
        for channel, text in released:
            start = self._release(channel, text)
            if channel in self._whole:
                continue  # its own event carries it (`_whole_in_group`)
            if channel in self._holders:
                event_name, template = self._holders[channel]
                waiting = self._waiting if self._waiting is not None else []
                at = next((k for k, b in enumerate(waiting) if isinstance(b, _Mark) and b.channel == channel),
                          len(waiting))
                at = min(at, self._after_fed(waiting, channel, start))
                self._insert(waiting, at, _said(self._synthesize(event_name, template, channel, text), [channel],
                                                fed={channel: self._fed.get(channel, 0)}))
                self._waiting = waiting
            elif channel in self._open:
                event_name, template = self._open[channel]
                out.append(_said(self._synthesize(event_name, template, channel, text), [channel], {channel: start},
                                 {channel: self._fed.get(channel, 0)}))
        return out

    async def _close(self, targets: list[str]) -> list[bytes | _Mark]:
        out: list[bytes | _Mark] = []
        if not targets:
            return out
        final = ALL_CHANNELS in targets
        if self._grouped is not None and self._live_groups:
            # The answer (a chat choice, or all of it) ends: the rest of its fields, each to its own.
            ending = sorted(self._live_groups if final else {t[:-1] for t in targets if t[:-1] in self._live_groups})
            for group in ending:
                self._live_groups.discard(group)
                out.extend(self._route(await self._grouped.end_group(group)))
                self.stopped = self.stopped or self._grouped.blocked
        for channel in [c for c in self._open if _matches(c, targets)]:
            event_name, template = self._open.pop(channel)
            if self._grouped is not None and self._group(channel) is not None:
                closing = getattr(self._grouped, "close_field", None)
                if closing is not None:
                    closing(channel)  # its text may go out to its end: no more of it comes
                if self._grouped.held_in(channel):
                    # A field closes with its tail held (it may go on in the next field): it waits for the
                    # next field's text or the answer's end; what follows waits behind it.
                    self._holders[channel] = (event_name, template)
                    out.append(_Mark(channel))
                self._lp_wait.pop(channel, None)
                continue
            rest = await self.windows.end(channel)
            if self.windows.blocked:
                self.stopped = True
            if rest:
                start = self._release(channel, rest)
                out.append(_said(self._synthesize(event_name, template, channel, rest), [channel], {channel: start},
                                 {channel: self._fed.get(channel, 0)}))
            self._lp_wait.pop(channel, None)  # the channel's text is final: what still waits never matches
            if self.stopped:
                break
        return out

    def _number_citations(self, data: dict[str, Any], slots: list[TextSlot]) -> None:
        """An Anthropic `citations_delta` carries one whole citation, which the SDK appends to its block's
        `citations`: its texts' channels (`block:{index}:citations:...`) get its number in the block
        (`block:{index}:citations:{n}:...`, as in the whole answer), so each citation is a field of its own, never
        taken for a repeat of the one before."""
        delta = data.get("delta")
        if data.get("type") != "content_block_delta" or not isinstance(delta, dict) \
                or delta.get("type") != "citations_delta":
            return
        index = data.get("index")
        block = f"block:{index if type(index) is int else 0}:citations"
        n = self._citations.get(block, 0)
        self._citations[block] = n + 1
        for slot in slots:
            if slot.channel.startswith(block + ":"):
                slot.channel = f"{block}:{n}{slot.channel[len(block):]}"

    def _group(self, channel: str) -> str | None:
        """The answer a streamed field belongs to, read as one text with the others (`GroupedFilter`): a
        chat choice's content, refusal, reasoning and tool-call arguments; an Anthropic answer's blocks and its stop
        sequence (read last, as a client shows it); a Responses answer's message parts, reasoning (summaries and
        text), tool-call arguments and inputs, an MCP call's `output` (`owner jane.doe@exa` in one item, `mple.com`
        in the next), a shell call's commands and its output's `stdout` and `stderr` (`echo project` in command
        0, `falcon` in command 1: read as the whole answer's joined texts are), a code interpreter call's `code`
        and the audio transcript (`Mail jane.doe@exa` in the text, `mple.com` in the next item's code or in the
        transcript: issue 12, stream joins)."""
        if self._grouped is None:
            return None
        if self.kind == CHAT:
            m = _CHAT_FIELD.fullmatch(channel)
            return f"choice:{m.group(1)}" if m is not None else None
        if (self.kind == MESSAGES and (_BLOCK.fullmatch(channel) or channel == STOP_SEQUENCE)) \
                or (self.kind == RESPONSES and _RESPONSES_FIELD.fullmatch(channel)):
            return "answer"
        return None

    def _synthesize(self, event_name: str | None, template: bytes, channel: str, text: str) -> bytes:
        """An event of the shape of the channel's last fragment event carrying `text`, with the logprobs that
        spell it (never the template's own), and nothing else of that event (`_minimal`): the template may be
        the event the stream is blocked in, whose other fields never go out."""
        data = json.loads(template)
        if isinstance(data, dict):
            _strip_ending(data)
        keep: list[tuple[Any, str | int]] = []
        for slot in self.adapter.stream_event_texts(self.kind, data):
            slot.set(text if slot.channel == channel else "")
            if slot.channel == channel:
                keep.append((slot.container, slot.key))
        for lp in self.adapter.stream_event_logprobs(self.kind, data):
            lp.set(self._take_logprobs(channel, []) if lp.channel == channel else [])
            if lp.channel == channel:
                keep.append((lp.container, lp.key))
        _minimal(self.kind, data, keep)
        return encode_event(data, event_name)


# The most events held while a chat tool call's id or name is still arriving (`_CallNames`): beyond it what
# arrived is read as the whole and goes out, and the rest is read with it when it is whole. Not a call whose held
# events carry nothing else (pieces, empty ones too, with no text between: atk14 B L5, `notify_212-555-` + 300
# `""` + `0199`): it is held on, up to `NAME_QUIET_EVENTS`, beyond which the stream is unreadable (no piece of a
# name goes out before it is read whole).
NAME_HOLD_EVENTS = 256
NAME_QUIET_EVENTS = 4096
_NAME_OVERLAP = 256  # characters of a long name read again with its next part (`_CallNames._read`)


class _CallNames:
    """A chat stream's tool call ids and names, joined from their pieces per choice and call index.

    The SDKs' stream helpers join the pieces (`accumulate_delta`: `project_` + `falcon_status` is the name
    `project_falcon_status`), so the `patterns:` rules read the joined text, once it is whole: when an event
    touches the call without a piece of it, another call of its choice begins, its choice ends, or the
    stream does. With `hold` (output rules enforced) the events from the first piece on wait until then
    (a piece of a name is short: seldom more than the one event), so a name a rule matches goes out in
    no piece; `blocked` holds the calls whose id or name a rule matched (their pieces are emptied and the
    stream stops at the first, `StreamRewriter._screen_names`). With `hold`, a name or id that came in
    several pieces goes out joined in its first piece (the later ones empty: the SDKs join the same name), so
    PII and every other check read it whole, as in a whole answer (`notify_212-555-` + `0199` is
    `notify_<PHONE_NUMBER_1>`, `mail_jane.doe@` + `example.com` an address; issue 12, atk6 L1)."""

    def __init__(self, hold: bool, quiet: Callable[[Any], bool] | None = None) -> None:
        self.hold = hold
        self.quiet = quiet  # whether an event carries nothing but tool call pieces (`StreamRewriter._quiet`)
        self.joined: dict[tuple[Any, str], str] = {}  # ((choice, call), "id" | "name") -> pieces so far
        # ((choice, call), "id" | "name") -> the objects carrying its pieces since it was last read whole (`_merge`)
        self.carriers: dict[tuple[Any, str], list[tuple[int, dict[str, Any]]]] = {}
        self.merged: set[int] = set()  # ids of the held events `_merge` rewrote (written anew, not relayed as sent)
        self.open: set[Any] = set()  # calls whose last event carried a piece
        self.blocked: set[Any] = set()
        self.stash: list[tuple[SSEEvent, Any]] = []
        self.loud: set[Any] = set()  # open calls with text of the answer read since their first piece
        self.unreadable = False  # a name held past `NAME_QUIET_EVENTS` with nothing between its pieces

    def take(self, ev: SSEEvent, data: Any, screen: Callable[[list[str]], bool]) -> list[tuple[SSEEvent, Any]]:
        """The events to read now (none while a call's id or name may go on, with `hold`)."""
        if not isinstance(data, dict):
            # `[DONE]`, or an event that is no answer (the stream stops at it); comments change nothing
            whole = set(self.open) if ev.is_done or ev.data is not None else set()
        else:
            pieces, touched, ended = _call_pieces(data)
            quiet = self.quiet is None or self.quiet(data)
            if not quiet:
                self.loud |= self.open
            # An empty piece carries nothing: with text (the call's arguments: `"name": ""` in every chunk, as some
            # providers send) the event touches the call without a piece; alone it lets the name go on.
            with_piece = {call for call, container, key in pieces if container[key] or quiet}
            whole = {call for call in self.open if call[0] in ended or (call in touched and call not in with_piece)
                     or any(t[0] == call[0] and t != call for t in touched)}
            for call, container, key in pieces:
                if container[key]:
                    self.joined[call, key] = self.joined.get((call, key), "") + container[key]
                    self.carriers.setdefault((call, key), []).append((id(data), container))
                    self.open.add(call)
            long = {call for call, key in self.joined if call in self.open and len(self.joined[call, key]) >= MAX_NAME}
            whole = (whole - with_piece) | long | {call for call in self.open if call[0] in ended}
        self.stash.append((ev, data))
        if len(self.stash) > NAME_HOLD_EVENTS:
            whole |= self.open & self.loud if self.hold else self.open
            if len(self.stash) > NAME_QUIET_EVENTS and self.open - whole:
                self.unreadable = True
        self._read(whole, screen)
        if self.hold and self.open and not self.blocked:
            return []
        ready, self.stash = self.stash, []
        self.carriers.clear()  # their pieces go out now: none of them can take a later piece's text
        return ready

    def rest(self, screen: Callable[[list[str]], bool]) -> list[tuple[SSEEvent, Any]]:
        """The stream ended: every call is whole; the events still held."""
        self._read(set(self.open), screen)
        ready, self.stash = self.stash, []
        return ready

    def _read(self, whole: set[Any], screen: Callable[[list[str]], bool]) -> None:
        for call in whole:
            self.open.discard(call)
            self.loud.discard(call)
            names = [self.joined[call, key] for key in ("id", "name") if (call, key) in self.joined]
            if names and screen(names):
                self.blocked.add(call)
            for key in ("id", "name"):
                self._merge(call, key)
                # A name is read up to `MAX_NAME` characters: a longer one is read on in such parts, each
                # after the end of the one before (so a rule's words across the cut still meet).
                if len(self.joined.get((call, key), "")) >= MAX_NAME:
                    self.joined[call, key] = self.joined[call, key][-_NAME_OVERLAP:]

    def _merge(self, call: Any, key: str) -> None:
        """A name (an id) read whole that came in pieces still held: the whole goes in its first piece, the others
        are emptied, so the event carrying it is screened with the whole name (PII: `notify_212-555-` + `0199`
        would be read as two clean ids). Not when a piece went out already (the stream ran past
        `NAME_HOLD_EVENTS`, or the call is read on in parts, `MAX_NAME`), nor without `hold` (monitor)."""
        carriers = self.carriers.pop((call, key), [])
        whole = self.joined.get((call, key), "")
        if not self.hold or len(carriers) < 2 or len(whole) >= MAX_NAME \
                or "".join(str(c.get(key, "")) for _, c in carriers) != whole:
            return
        # Only over events that carry nothing else: text between the pieces may stop the stream (a violating
        # sentence), and what came after it must not go out early in the first piece (`test_stream_after_block`).
        # The last piece's own event may carry text (its arguments): a stop there still sends that event's piece,
        # as it did unjoined. Pieces with text between them are read joined by the `patterns:` rules only.
        held = [id(data) for _, data in self.stash]
        if carriers[0][0] not in held or carriers[-1][0] not in held:
            return
        between = self.stash[held.index(carriers[0][0]) + 1:held.index(carriers[-1][0])]
        if self.quiet is None or not all(self.quiet(data) for _, data in between):
            return
        for n, (event, container) in enumerate(carriers):
            container[key] = "" if n else whole
            self.merged.add(event)


def _call_pieces(data: dict[str, Any]) -> tuple[list[tuple[Any, dict[str, Any], str]], set[Any], set[Any]]:
    """A chat chunk's pieces of tool call ids and names, as ((choice, call), object, key): `tool_calls[].id`,
    `tool_calls[].function.name` (`custom.name`), `function_call.name`; the calls it touches at all; the
    choices it ends (`finish_reason`)."""
    pieces: list[tuple[Any, dict[str, Any], str]] = []
    touched: set[Any] = set()
    ended: set[Any] = set()
    choices = data.get("choices")
    for pos, choice in enumerate(choices if isinstance(choices, list) else []):
        if not isinstance(choice, dict):
            continue
        index = choice["index"] if type(choice.get("index")) is int else pos
        if choice.get("finish_reason"):
            ended.add(index)
        delta = choice.get("delta")
        if not isinstance(delta, dict):
            continue
        calls = delta.get("tool_calls")
        entries: list[tuple[int | str, dict[str, Any]]] = [
            (call["index"] if type(call.get("index")) is int else j, call)
            for j, call in enumerate(calls if isinstance(calls, list) else []) if isinstance(call, dict)]
        if isinstance(delta.get("function_call"), dict):
            entries.append(("function_call", {"function": delta["function_call"]}))
        for at, call in entries:
            key = (index, at)
            touched.add(key)
            if isinstance(call.get("id"), str):
                pieces.append((key, call, "id"))
            for sub in ("function", "custom"):
                fn = call.get(sub)
                if isinstance(fn, dict) and isinstance(fn.get("name"), str):
                    pieces.append((key, fn, "name"))
    return pieces, touched, ended


def _as_whole(data: dict[str, Any], swept: list[TextSlot]) -> None:
    """The swept fields of a Responses event named as in the whole answer (`proxy.guard.phases.documents` reads by
    those names): `field:response:metadata:project` is `field:metadata:project`, an output item's
    `field:item:action:env:PROJECT` is `field:output:2:action:env:PROJECT` (`output_index` 2)."""
    index = data.get("output_index")
    item = f"field:output:{index}:" if type(index) is int else None
    for slot in swept:
        for head, whole in (("field:response:", "field:"), ("field:item:", item)):
            if whole is not None and slot.channel.startswith(head):
                slot.channel = whole + slot.channel[len(head):]
                group = getattr(slot, "group", None)  # an echoed schema (`answer_sweep`): its document
                if isinstance(group, str) and group.startswith(head):
                    slot.group = whole + group[len(head):]  # type: ignore[attr-defined]
                break


def _choices_of(data: Any) -> list[dict[str, Any]]:
    """A chat chunk's choices (objects), or none."""
    choices = data.get("choices") if isinstance(data, dict) else None
    return [c for c in choices if isinstance(c, dict)] if isinstance(choices, list) else []


def events_in(blob: bytes) -> list[SSEEvent]:
    """The events of bytes the proxy is about to send (an unterminated last one too)."""
    splitter = SSESplitter()
    events = list(splitter.feed(blob))
    tail = splitter.close()
    return [*events, tail] if tail is not None else events


_SEQUENCE = re.compile(rb'[{,]\s*"sequence_number"\s*:\s*(-?\d+)')


def _strip_ending(data: dict[str, Any]) -> None:
    """No usage and no finish reason in an event the proxy sends before the stream's real end."""
    data.pop("usage", None)
    choices = data.get("choices")
    for choice in choices if isinstance(choices, list) else []:
        if isinstance(choice, dict) and "finish_reason" in choice:
            choice["finish_reason"] = None


# The keys that place an event the proxy writes from an earlier one (`_minimal`): at its top (which answer,
# item, part or block, and the event's type) and inside it, along the way down to the text it carries.
_PLACING_TOP = {
    CHAT: frozenset({"id", "object", "created", "model", "system_fingerprint", "service_tier"}),
    COMPLETIONS: frozenset({"id", "object", "created", "model", "system_fingerprint", "service_tier"}),
    RESPONSES: frozenset({"type", "item_id", "output_index", "content_index", "summary_index", "command_index",
                          "sequence_number"}),
    MESSAGES: frozenset({"type", "index"}),
}
_PLACING = frozenset({"index", "type", "finish_reason"})


def _minimal(kind: str, data: Any, keep: list[tuple[Any, str | int]]) -> None:
    """Reduce an event the proxy writes from an earlier one (held text released) to the way down to the fields
    `keep` (`(container, key)`: the text it releases, the logprobs that spell it) and the keys that place it
    (`_PLACING_TOP` at its top, `index`, `type` and `finish_reason` along the way). Every other key of the
    template goes: its unknown keys, other texts, a chat delta's `role`, a tool call's `id` and `name` (the
    SDKs' stream helpers add up every string of a delta piece by piece and extend its lists, so a copy of what
    already went out would arrive twice: `project_falcon_status` + `falcon_status`). The template may be the
    event a stream is blocked in: none of its other fields goes out with the text released before it. (A Messages
    `content_block_start` restated keeps its block's `id` and `name`: it starts that block again.)"""
    wanted = {(id(container), key) for container, key in keep}
    top = _PLACING_TOP.get(kind, frozenset())

    def walk(node: Any, placing: frozenset[str]) -> bool:
        if isinstance(node, list):
            node[:] = [item for k, item in enumerate(node) if (id(node), k) in wanted or walk(item, _PLACING)]
            return bool(node)
        if not isinstance(node, dict):
            return False
        found = False
        for key in list(node):
            value = node[key]
            if (id(node), key) in wanted:
                found = True
            elif isinstance(value, dict | list):
                if walk(value, _PLACING):
                    found = True
                else:
                    del node[key]
            elif key not in placing:
                del node[key]
        return found

    block = data.get("content_block") if isinstance(data, dict) and data.get("type") == "content_block_start" else None
    names = {k: v for k, v in block.items() if k in ("id", "name") and isinstance(v, str)} \
        if kind == MESSAGES and isinstance(block, dict) else {}
    walk(data, top)
    if names and isinstance(data.get("content_block"), dict):
        data["content_block"].update(names)  # a block's start restated: the block it starts (screened names)


_PINNED = ("model", "id", "system_fingerprint")  # the answer's own, the same in each event (`_pin_names`)
_PINNED_IN = {RESPONSES: "response", MESSAGES: "message"}  # where they are (a chat chunk: at its top)
_RESPONSES_AUDIO = "response.audio.delta"  # a Responses stream's audio (base64 in `delta`)
# A field of unknown keys (`proxy.providers.loose`) is one of the answer's fields too (`x:` and its path).
_CHAT_FIELD = re.compile(r"choice:(\d+):(?:content(?::\d+)?|refusal|reasoning_content|reasoning"
                         r"|reasoning_details:\d+:(?:text|summary)|audio:transcript"
                         r"|tool:\d+:(?:arguments|input)|function_call:arguments|x:.+)", re.DOTALL)
_BLOCK = re.compile(r"block:\d+(?::x:.+)?", re.DOTALL)
# A Responses field: an item's streamed texts (a code interpreter call's `code` too) and the answer's audio transcript
# (`response.audio.transcript.delta`, no item of its own).
_RESPONSES_FIELD = re.compile(r"(?:output:\d+:(?:content:\d+|summary:\d+|reasoning:\d+|arguments|input|code|output"
                              r"|action:commands:\d+|output:\d+:(?:stdout|stderr))|audio:transcript)(?::x:.+)?",
                              re.DOTALL)
# A text given whole in one event, of any output item (Responses) or block (Anthropic), read as a field of the
# answer (`StreamRewriter._whole_group`).
_ITEM_TEXT = re.compile(r"output:\d+:.+", re.DOTALL)
_WHOLE_BLOCK = re.compile(r"block:\d+(?::.+)?", re.DOTALL)


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


# A Responses event that opens a field, and may carry the start of its text (`part.text`, an item's content or
# arguments, a shell command): the text is the field's first fragment, read with the deltas that follow.
_OPENING = frozenset({"response.output_item.added", "response.content_part.added",
                      "response.reasoning_summary_part.added", "response.shell_call_command.added"})
_SEED_FIELD = re.compile(r"output:(\d+):(?:(content|summary|reasoning|action:commands):(\d+)|(arguments|input|code))")


def _seed_template(kind: str, data: dict[str, Any], slot: TextSlot) -> tuple[str, bytes] | None:
    """For a text in a Responses field's opening event (`_OPENING`), or a block given in an Anthropic
    `message_start` (`_message_seed`): the delta event the rest of that field's text goes out in (its type, a
    template with an empty delta), so what the guard holds of the opening text goes out as the deltas do; None
    when the text is not a field's start (a whole text, another event)."""
    etype = data.get("type")
    if kind == MESSAGES and etype == "message_start":
        return _message_seed(slot)
    if kind == MESSAGES and etype == "content_block_start":
        index = data.get("index")
        return _message_seed(slot) if type(index) is int and slot.channel == f"block:{index}" else None
    if kind != RESPONSES or etype not in _OPENING:
        return None
    m = _SEED_FIELD.fullmatch(slot.channel)
    if m is None:
        return None
    found = data.get("item")
    item: dict[str, Any] = found if isinstance(found, dict) else {}
    if etype == "response.output_item.added" and item.get("status") not in (None, "in_progress"):
        return None  # an item added complete: a whole text, as the `.done` events are
    oi, field, index, tail = int(m.group(1)), m.group(2), m.group(3), m.group(4)
    item_id = data.get("item_id") if isinstance(data.get("item_id"), str) else item.get("id")
    event: dict[str, Any] = {"output_index": oi}
    if field == "content":
        event.update(type="response.refusal.delta" if slot.kind == "refusal" else "response.output_text.delta",
                     content_index=int(index))
        if slot.kind != "refusal":
            event["logprobs"] = []
    elif field == "summary":
        event.update(type="response.reasoning_summary_text.delta", summary_index=int(index))
    elif field == "reasoning":
        event.update(type="response.reasoning_text.delta", content_index=int(index))
    elif field == "action:commands":
        event.update(type="response.shell_call_command.delta", command_index=int(index))
    elif tail == "arguments":
        event["type"] = ("response.mcp_call_arguments.delta" if item.get("type") == "mcp_call"
                         else "response.function_call_arguments.delta")
    elif tail == "input":
        event["type"] = "response.custom_tool_call_input.delta"
    else:
        event["type"] = "response.code_interpreter_call_code.delta"
    if isinstance(item_id, str):
        event["item_id"] = item_id
    if type(data.get("sequence_number")) is int:
        # the opening event's number: the delta written from it is numbered on from it (`_in_sequence`)
        event["sequence_number"] = data["sequence_number"]
    event["delta"] = ""
    return str(event["type"]), json.dumps(event).encode()


_BLOCK_TEXT = re.compile(r"block:(\d+)")  # a block's own text (not a tool input's, nor a result's)
# The delta that carries more of a block's text, by the block's type (`_message_seed`).
_BLOCK_DELTAS = {"text": ("text_delta", "text"), "thinking": ("thinking_delta", "thinking"),
                 "compaction": ("compaction_delta", "content")}


def _message_seed(slot: TextSlot) -> tuple[str, bytes] | None:
    """A text, thinking or compaction block given in an Anthropic `message_start` (`message.content[k]`; the SDK's
    `MessageStream` keeps it as content block k and appends the next blocks to it), or in its `content_block_start`
    with its text (atk22a M4: a second start of the block made the SDK append another block): the block's first
    piece, read with the blocks after it, and what the guard holds of it goes out in `content_block_delta`s of index
    k. The event itself goes out at once (a client reads nothing before it), with what was released of it."""
    m = _BLOCK_TEXT.fullmatch(slot.channel)
    block = slot.container
    kind = block.get("type") if isinstance(block, dict) else None
    if m is None or not isinstance(kind, str) or kind not in _BLOCK_DELTAS or _BLOCK_DELTAS[kind][1] != slot.key:
        return None
    delta, key = _BLOCK_DELTAS[kind]
    event = {"type": "content_block_delta", "index": int(m.group(1)), "delta": {"type": delta, key: ""}}
    return "content_block_delta", json.dumps(event).encode()
