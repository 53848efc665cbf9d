"""What a streamed answer used: the provider's usage events, and an estimate for a stream cut short.

Usage is read from the few events that carry it (found by a byte search, so the others are never
parsed). Events the client did not ask for (OpenAI's `include_usage` chunk, which the proxy adds) are
dropped here. The characters of model text are counted only if needed (a stream that ends before the
provider's final count): runs of events relayed untouched are kept as bytes until then, and counted
in batches once they pass `DEFER_LIMIT`, so a long answer never stays in memory whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from proxy.budget.bound import thinks
from proxy.exchange import Exchange
from proxy.features import StreamFeatures
from proxy.guard import prev26, prev27
from proxy.providers.base import ProviderAdapter, Usage
from proxy.providers.sse import SSEEvent, SSESplitter, last_event_end, next_event_end
from proxy.providers.usage import merge_usage

# A usage object (OpenAI sends `"usage":null` in every chunk once include_usage is on: skip those).
USAGE = re.compile(rb'"usage"\s*:\s*\{')
_MODEL = re.compile(rb'"model"\s*:\s*"([^"\\]{1,128})"')  # an answer's model in unparsed runs (`answer_thinks`)

# Bytes of relayed events kept for a possible text count before they are counted and dropped.
DEFER_LIMIT = 256 * 1024


def estimate_tokens(utf8_bytes: int) -> int:
    """Output tokens of text seen in a stream cut before the provider reported usage: at most one a
    UTF-8 byte (byte-level BPE, as `proxy.budget.bound` counts a prompt), so never below what the
    provider bills for it; the budget step caps it at the request's output limit."""
    return utf8_bytes


class StreamUsage:
    """Usage of one streamed answer, and the characters of text it carried (counted only if needed)."""

    __slots__ = ("adapter", "kind", "hide", "usage", "chars", "utf8", "_raw", "_raw_bytes", "features", "_runs",
                 "model")

    def __init__(self, adapter: ProviderAdapter, kind: str, *, hide: Callable[[Any], bool] | None = None) -> None:
        self.adapter, self.kind = adapter, kind
        self.hide = hide  # events the client did not ask for (True: drop)
        self.usage: Usage | None = None
        self.chars = 0
        self.utf8 = 0  # the same text's UTF-8 bytes (the cut-stream estimate)
        self._raw: list[bytes] = []  # runs of whole events, relayed without being split
        self._raw_bytes = 0
        self.features = StreamFeatures()  # finish reasons, refusal, tool calls: the record's `output`
        self._runs = False  # runs of events were relayed unparsed: their characters are not all counted
        self.model: str | None = None  # the first `model` the answer names (`answer_thinks`)

    # ---- unguarded streams: runs of whole events

    def take_run(self, whole: bytes) -> bytes:
        """Whole events, relayed as they are: parse just those carrying usage (dropping the ones the
        client did not ask for); the others stay bytes, deferred for the text count. Returns the bytes
        to relay. (A raw line break never occurs inside JSON, so the terminators around a usage object
        bound its event.)"""
        self._runs = True
        self.features.scan(whole)
        if self.model is None and (named := _MODEL.search(whole)) is not None:
            self.model = named.group(1).decode("utf-8", "replace")
        if prev27.DONE in whole:  # a Responses stream's completed items (a slim `response.completed`: atk26 F5)
            prev27.streamed_run(whole)
        found = USAGE.search(whole)
        if found is None:
            self._defer(whole)
            return whole
        out: list[bytes] = []
        plain = 0  # bytes before this offset are handled
        for match in USAGE.finditer(whole, found.start()):
            at = match.start()
            if at < plain:
                continue  # a second usage object in an event already taken
            start = last_event_end(whole, plain, at)
            end = next_event_end(whole, at)
            if plain < start:
                part = whole[plain:start]
                out.append(part)
                self._defer(part)
            plain = end
            ev = SSEEvent(whole[start:end])
            data = ev.json_readonly()
            if isinstance(data, dict):
                self.usage = merge_usage(self.usage, self.adapter.usage_from_event(self.kind, data))
                prev26.answered_event(self.kind, data)  # (a Responses answer, remembered: `proxy.guard.prev26`)
                if self.hide is not None and self.hide(data):
                    continue
                self.count(data)
            out.append(ev.raw)
        if plain < len(whole):
            part = whole[plain:]
            out.append(part)
            self._defer(part)
        return b"".join(out)

    # ---- guarded streams: one parsed event at a time

    def observe(self, ev: SSEEvent, data: Any) -> bool:
        """Read an event's usage and count its text; False when the client must not see it."""
        self.features.scan(ev.raw)
        if not isinstance(data, dict):
            return True
        prev27.streamed(data)  # (a Responses stream's completed items: atk26 F5)
        if self.model is None:
            self.model = _answer_model(data)
        if USAGE.search(ev.raw) is not None:
            self.usage = merge_usage(self.usage, self.adapter.usage_from_event(self.kind, data))
            prev26.answered_event(self.kind, data)  # (a Responses answer, remembered: `proxy.guard.prev26`)
            if self.hide is not None and self.hide(data):
                return False
        self.count(data)
        return True

    def count(self, data: Any) -> None:
        for slot in self.adapter.stream_event_texts(self.kind, data):
            text = slot.get()
            n = len(text)
            self.chars += n
            self.utf8 += n if text.isascii() else len(text.encode("utf-8", "surrogatepass"))

    def _defer(self, whole_events: bytes) -> None:
        self._raw.append(whole_events)
        self._raw_bytes += len(whole_events)
        if self._raw_bytes > DEFER_LIMIT:
            self._count_deferred()

    def _count_deferred(self) -> None:
        raw, self._raw, self._raw_bytes = self._raw, [], 0
        for ev in SSESplitter().feed(b"".join(raw)):
            data = ev.json()
            if isinstance(data, dict):
                self.count(data)

    def total_chars(self) -> int:
        self._count_deferred()
        return self.chars

    def total_utf8(self) -> int:
        self._count_deferred()
        return self.utf8

    # ---- the end

    def apply_to(self, ex: Exchange) -> None:
        """Set `ex.usage`: as reported; for a stream cut short (client gone, provider broke off, output
        blocked) that may end before the provider's final count, what was generated is counted from the
        text seen and the larger of the two is billed (Anthropic's message_start says output_tokens: 1
        up front). A stream cut before any text or usage still had its input read: that is estimated
        (`ex.input_estimator`: the prompt's bound). A stream that ended without usage is estimated too;
        the budget step charges such a one its whole bound (`proxy.budget.step.settle_for`)."""
        cut = ex.client_disconnected or ex.error is not None or ex.decision == "block"
        if ex.answer is None:
            ex.answer = self.features.result(None if self._runs else self.chars)
        ex.answer_thinks = thinks(self.model, self.adapter.name)
        usage = self.usage
        out_bytes = self.total_utf8() if cut or usage is None or usage.output_tokens == 0 else 0
        if usage is None and not out_bytes and not cut:
            ex.usage = None
            return
        usage = usage or Usage()
        estimate = estimate_tokens(out_bytes) if out_bytes else 0
        if estimate > usage.output_tokens:
            usage.output_tokens = estimate
            ex.usage_estimated = True
        if usage.input_tokens == 0 and ex.input_estimator is not None:
            usage.input_tokens = ex.input_estimator()
            ex.usage_estimated = True
        ex.usage = usage


def _answer_model(data: dict[str, Any]) -> str | None:
    """The model an event names: a chunk's `model`, a Responses event's `response.model`, Anthropic's
    `message_start` `message.model`."""
    for where in (data, data.get("response"), data.get("message")):
        if isinstance(where, dict) and isinstance(where.get("model"), str):
            return str(where["model"])
    return None
