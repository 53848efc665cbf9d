"""Usage of a streamed answer: the provider's reports, and the estimate for a stream cut short."""

from __future__ import annotations

import json

from proxy.exchange import Exchange
from proxy.guard.decision import Decision
from proxy.providers.anthropic import ADAPTER as anthropic
from proxy.providers.base import CHAT, MESSAGES, Usage
from proxy.providers.openai import ADAPTER as openai
from proxy.stream import usage as usage_module
from proxy.stream.usage import StreamUsage, estimate_tokens


def chat_event(text: str) -> bytes:
    body = {"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": text}}]}
    return b"data: " + json.dumps(body).encode() + b"\n\n"


def test_reported_usage_is_billed_as_reported() -> None:
    meter = StreamUsage(openai, CHAT)
    meter.take_run(chat_event("hello") + b'data: {"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}\n\n')
    ex = Exchange("r", "openai", CHAT, "/v1/chat/completions")
    meter.apply_to(ex)
    assert ex.usage == Usage(5, 2) and not ex.usage_estimated


def test_a_cut_stream_bills_the_larger_of_reported_and_counted_output() -> None:
    meter = StreamUsage(anthropic, MESSAGES)
    start = {"type": "message_start", "message": {"usage": {"input_tokens": 9, "output_tokens": 1}}}
    delta = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x" * 40}}
    meter.take_run(b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in (start, delta)))
    ex = Exchange("r", "anthropic", MESSAGES, "/v1/messages")
    ex.client_disconnected = True
    meter.apply_to(ex)
    assert ex.usage == Usage(9, estimate_tokens(40)) and ex.usage_estimated


def test_a_stream_cut_before_anything_bills_its_estimated_input() -> None:
    ex = Exchange("r", "openai", CHAT, "/v1/chat/completions")
    ex.decision = Decision.BLOCK
    ex.input_estimator = lambda: 12
    StreamUsage(openai, CHAT).apply_to(ex)
    assert ex.usage == Usage(12, 0) and ex.usage_estimated


def test_an_uncut_stream_without_usage_bills_nothing() -> None:
    ex = Exchange("r", "openai", CHAT, "/v1/chat/completions")
    StreamUsage(openai, CHAT).apply_to(ex)
    assert ex.usage is None


def test_relayed_text_is_counted_in_bounded_batches(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A long unguarded answer is never kept whole for the cut-stream estimate."""
    monkeypatch.setattr(usage_module, "DEFER_LIMIT", 1000)
    meter = StreamUsage(openai, CHAT)
    for _ in range(200):
        meter.take_run(chat_event("abcd"))
        assert sum(len(r) for r in meter._raw) <= 1000 + len(chat_event("abcd"))
    assert meter.total_chars() == 800


def test_a_cut_streams_text_is_counted_in_utf8_bytes() -> None:
    """Was (attack F5): ~4 characters a token, a fraction of what CJK text costs. Now one a byte at most
    (the budget step caps it at the request's output limit)."""
    meter = StreamUsage(openai, CHAT)
    meter.take_run(chat_event("漢字" * 5))
    ex = Exchange("r", "openai", CHAT, "/v1/chat/completions")
    ex.client_disconnected = True
    ex.input_estimator = lambda: 7
    meter.apply_to(ex)
    assert ex.usage == Usage(7, 30) and ex.usage_estimated
