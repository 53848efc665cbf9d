"""Server-sent events: split an upstream byte stream into whole events, and parse their fields.

Events are kept as the exact bytes the upstream sent (terminator included), so a stream that the
proxy does not change reaches the client byte for byte. Parsing is lazy: `data` and `event` are
read from the raw bytes only when asked.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import orjson

_LINE_END = re.compile(r"\r\n|\r|\n")


def sse_lines(text: str) -> list[str]:
    """An event's lines, as SSE ends them: at CR, LF or CRLF only (not at U+2028, U+2029, U+0085, VT, FF or
    U+001C-1E, where `str.splitlines` also breaks: valid JSON may carry them raw in a string, atk24b F5). Empty
    lines may be among them (the caller skips them)."""
    if "\r" not in text:
        return text.split("\n")  # most streams: LF only, one fast split
    return _LINE_END.split(text)


class SSEEvent:
    """One server-sent event: its raw bytes and, on demand, its `event` name and `data` payload."""

    __slots__ = ("raw", "_event", "_data", "_parsed", "_json", "_json_done", "_extra", "_foreign")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._parsed = False
        self._event: str | None = None
        self._data: str | None = None
        self._json: Any = None
        self._json_done = False
        self._extra = False
        self._foreign = False

    def _parse(self) -> None:
        self._parsed = True
        data_lines: list[str] = []
        text = self.raw.decode("utf-8", errors="replace")
        for line in sse_lines(text):
            if not line:
                continue
            if line.startswith(":"):
                self._extra = True  # a comment
                continue
            name, sep, value = line.partition(":")
            if sep and value.startswith(" "):
                value = value[1:]
            if name == "data":
                data_lines.append(value)
            elif name == "event":
                self._event = value
            else:
                self._extra = True  # `id:`, `retry:` or a field SSE does not define
                self._foreign = self._foreign or name not in ("id", "retry")
        self._data = "\n".join(data_lines) if data_lines else None

    @property
    def event(self) -> str | None:
        if not self._parsed:
            self._parse()
        return self._event

    @property
    def extra(self) -> bool:
        """Whether the raw event holds more than `event:` and `data:` lines (comments, `id:`, `retry:`)."""
        if not self._parsed:
            self._parse()
        return self._extra

    @property
    def foreign(self) -> bool:
        """Whether the raw event holds a line that is no SSE field (`{"id": ...}`: a JSON body, not events)."""
        if not self._parsed:
            self._parse()
        return self._foreign

    @property
    def data(self) -> str | None:
        if not self._parsed:
            self._parse()
        return self._data

    @property
    def is_done(self) -> bool:
        """OpenAI's end-of-stream marker, `data: [DONE]`."""
        return self.data == "[DONE]"

    def json(self) -> Any:
        """The `data` payload parsed as JSON, or None when it is absent, not JSON, or ambiguous (a key
        given twice in one object: JSON parsers disagree on which copy counts)."""
        if not self._json_done:
            self._json_done = True
            data = self.data
            if data and data != "[DONE]":
                try:
                    self._json = _STRICT.decode(data)
                except ValueError:
                    self._json = None
        return self._json


    def json_readonly(self) -> Any:
        """`json()` for a payload that is only read, never re-encoded: orjson (several times faster;
        it reads integers beyond 64 bits as floats, which is why a payload that may be rewritten and
        sent on uses `json()`). Falls back to `json()` for what orjson refuses (NaN, say)."""
        if self._json_done:
            return self._json
        data = self.data
        if not data or data == "[DONE]":
            return self.json()
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            return self.json()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        raise ValueError("a key given twice")
    return obj


_STRICT = json.JSONDecoder(object_pairs_hook=_no_duplicates)


def encode_event(data: Any, event: str | None = None) -> bytes:
    """Serialize one event the way both providers write them (`event:` line optional)."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    head = f"event: {event}\n" if event else ""
    try:
        return f"{head}data: {payload}\n\n".encode()
    except UnicodeEncodeError:  # a lone surrogate (the provider sent a \\ud800 escape): send it escaped again
        if not isinstance(data, str):
            payload = json.dumps(data, separators=(",", ":"))
        return f"{head}data: {payload}\n\n".encode("utf-8", "replace")


_TERMINATOR = re.compile(rb"\r\n\r\n|\n\n|\r\r")


_TERMS = (b"\n\n", b"\r\r", b"\r\n\r\n")
_LF_TERMS = (b"\n\n",)


def last_event_end(buf: bytes, start: int = 0, stop: int | None = None) -> int:
    """Where the last event terminator in `buf[start:stop]` ends; `start` when there is none."""
    stop = len(buf) if stop is None else stop
    near = max(start, stop - 4096)  # events are short: look just before `stop` first
    while True:
        end = near
        # Most streams end lines with \n only: one memchr-fast scan rules the \r forms out.
        terms = _TERMS if buf.find(b"\r", near, stop) >= 0 else _LF_TERMS
        for term in terms:
            i = buf.rfind(term, near, stop)
            if i >= 0 and i + len(term) > end:
                end = i + len(term)
        if end > near or near == start:
            return end
        near = start  # none that close: the whole range


def next_event_end(buf: bytes, start: int) -> int:
    """Where the first event terminator at or after `start` ends; `len(buf)` when there is none."""
    end = len(buf)
    for term in _TERMS:
        i = buf.find(term, start, end)
        if i >= 0 and i + len(term) < end:
            end = i + len(term)
    return end


class SSESplitter:
    """Incremental splitter: feed arbitrary chunks, get back whole events as they complete.

    One regex pass over the new bytes per chunk; a partial event is not rescanned from its start.
    """

    __slots__ = ("_buf", "_scanned")

    def __init__(self) -> None:
        self._buf = b""
        self._scanned = 0  # bytes of _buf already known to hold no terminator

    def feed(self, chunk: bytes) -> Iterator[SSEEvent]:
        buf = self._buf + chunk if self._buf else chunk
        start = 0
        # A terminator can straddle the old and new bytes: back up 3 bytes.
        pos = max(self._scanned - 3, 0)
        for match in _TERMINATOR.finditer(buf, pos):
            end = match.end()
            yield SSEEvent(buf[start:end])
            start = end
        self._buf = buf[start:]
        self._scanned = len(self._buf)

    def feed_whole(self, chunk: bytes) -> bytes:
        """For a relay that does not look at each event: the bytes of the events this chunk completes,
        as one string, ending where the last terminator in it ends; the rest is kept for the next chunk.
        Three `rfind`s instead of a regex pass: about ten times faster on a whole answer."""
        buf = self._buf + chunk if self._buf else chunk
        scan_from = max(self._scanned - 3, 0)  # a terminator can straddle the old and new bytes
        end = last_event_end(buf, scan_from)
        if end == scan_from:  # none: every terminator found ends after where the scan began
            end = 0
        self._buf = buf[end:]
        self._scanned = len(self._buf)
        return buf[:end]

    def close(self) -> SSEEvent | None:
        """What is left at end of stream (an event the upstream did not terminate), if anything."""
        rest, self._buf = self._buf, b""
        self._scanned = 0
        return SSEEvent(rest) if rest.strip() else None


async def iter_events(chunks: AsyncIterator[bytes]) -> AsyncIterator[SSEEvent]:
    """Whole events from an async iterator of byte chunks (e.g. `ClientResponse.content.iter_any()`)."""
    splitter = SSESplitter()
    async for chunk in chunks:
        for ev in splitter.feed(chunk):
            yield ev
    tail = splitter.close()
    if tail is not None:
        yield tail
