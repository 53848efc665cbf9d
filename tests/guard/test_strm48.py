"""atk47 F02 (`proxy.guard.strm48`): the fields of a streamed chat `delta.content[]` part other than its `text`
(Mistral/Magistral thinking parts, a part's unknown keys, a list nested in a part) are joined across the chunks by
their path, as the same shapes directly in the delta are; a codename or a value split over two chunks is read whole.
The relay's pump event by event, with the real output windows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.base import CHAT
from proxy.providers.openai import ADAPTER as OPENAI
from proxy.providers.openai import stream_event_texts
from tests.support.pii import shared_analyzer
from tests.support.stream_pump import data_of, drive, make_pump, sse_stream

RULE = {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}
PII_OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD", "PHONE_NUMBER"]},
           "patterns": [RULE]}


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "magistral-medium-latest",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


# Where a part carries the text, and how a client reads it back from a part.
Shape = tuple[Callable[[str], dict[str, Any]], Callable[[dict[str, Any]], str]]


def _inner_texts(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(_inner_texts(v) for v in value)
    if isinstance(value, dict):
        return "".join(_inner_texts(v) for k, v in value.items() if k != "type")
    return ""


SHAPES: dict[str, Callable[[str], dict[str, Any]]] = {
    "thinking list": lambda s: {"type": "thinking", "thinking": [{"type": "text", "text": s}]},
    "thinking string": lambda s: {"type": "thinking", "thinking": s},
    "unknown key": lambda s: {"type": "text", "text": "", "x_note": s},
    "nested list": lambda s: {"type": "text", "text": "", "x_list": [{"type": "text", "text": s}]},
    "nested object": lambda s: {"type": "text", "text": "", "x_obj": {"inner": {"text": s}}},
}


def part(make: Callable[[str], dict[str, Any]], s: str) -> dict[str, Any]:
    return chunk({"content": [make(s)]})


def joined(out: bytes) -> str:
    """Every string of the answer's content parts, as a client joins them."""
    got = ""
    for event in data_of(out):
        for choice in event.get("choices", []) if isinstance(event, dict) else []:
            content = (choice.get("delta") or {}).get("content")
            got += _inner_texts(content) if isinstance(content, list) else (content or "")
    return got


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def run(events: list[Any], analyzer: PiiAnalyzer) -> tuple[bytes, Any]:
    pol = Policy.model_validate({"name": "t", "on_error": "block", "output": PII_OUT})
    windows = Guard(analyzer).output_stream(pol, Vault())
    pump, _ = make_pump(CHAT, OPENAI, windows, fail_closed=True)
    out = await drive(pump, sse_stream(CHAT, [chunk({"role": "assistant", "content": ""}), *events,
                                              chunk({}, "stop"), "[DONE]"]))
    return out, pump


# ----------------------------------------------------------------------------------------------- the adapter


@pytest.mark.parametrize("shape", SHAPES)
def test_a_parts_other_fields_are_fields_of_their_own_by_path(shape: str) -> None:
    slots = stream_event_texts(CHAT, part(SHAPES[shape], "piece"))
    loose = [s for s in slots if s.get() == "piece"]
    assert len(loose) == 1, [(s.channel, s.get()) for s in slots]
    assert loose[0].channel.startswith("choice:0:x:delta:content:0:"), loose[0].channel
    assert loose[0].kind == ("reasoning" if shape.startswith("thinking") else "text")


def test_a_plain_text_part_gives_only_its_text() -> None:
    slots = stream_event_texts(CHAT, chunk({"content": [{"type": "text", "text": "hi"}]}))
    assert [(s.channel, s.get()) for s in slots] == [("choice:0:content:0", "hi")]


def test_an_image_part_stays_swept_whole() -> None:
    slots = stream_event_texts(CHAT, chunk({"content": [{"type": "image_url", "image_url": {"url": "https://x.test/a"}}]}))
    assert not any(":x:delta:content" in s.channel for s in slots)


# ------------------------------------------------------------------------------------------ split over chunks


SPLITS = {
    "codename": (["We start project ", "falcon today. "], ["falcon"]),
    "e-mail": (["Mail jane.doe@exa", "mple.com now. "], ["jane.doe", "mple.com"]),
    "ssn": (["SSN 536-90-", "4399 ok. "], ["4399"]),
    "card": (["card 4111 1111 ", "1111 1111 ok. "], ["1111 1111 ok"]),
}


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("shape", SHAPES)
async def test_a_value_split_over_two_chunks_of_a_parts_field_is_read_whole(analyzer: PiiAnalyzer, shape: str,
                                                                           split: str) -> None:
    pieces, needles = SPLITS[split]
    out, _ = await run([part(SHAPES[shape], p) for p in pieces], analyzer)
    got = joined(out)
    for needle in needles:
        assert needle not in got, got
    if split != "codename":
        assert "<" in got, got


LOOK_ALIKES = [
    ["We ship 4111 units ", "on 2 pallets today. "],
    ["Order 536-90 ", "was split in two. "],
    ["Price is 1111.50 ", "EUR per seat. "],
    ["Port 8080 and ", "build 4399 passed. "],
]


@pytest.mark.parametrize("pieces", LOOK_ALIKES)
async def test_quantities_and_ids_in_thinking_go_out_as_sent(analyzer: PiiAnalyzer, pieces: list[str]) -> None:
    out, pump = await run([part(SHAPES["thinking list"], p) for p in pieces], analyzer)
    assert joined(out) == "".join(pieces)
    assert not pump.stopped


# -------------------------------------------------------------------- atk47 F07: recipients a tool call posts to

PH = "<EMAIL_ADDRESS_1>"
POSTS = [
    '{"to": "@evil_handle", "text": "%s"}',
    '{"channel": "#random", "note": "%s"}',
    '{"to": "#general", "text": "%s"}',
    '{"target": "+12125550199", "say": "%s"}',
    '{"recipient": "@evil.handle", "payload": "%s"}',
    '{"chat": "-1001234567890", "caption": "%s"}',
    '{"to": "(646) 555-0123", "msg": "%s"}',  # a national number in parentheses (the held-out case it missed)
    '{\\"to\\": \\"@evil_handle\\", \\"text\\": \\"%s\\"}',
]
NOT_POSTS = [
    '{"query": "#general", "text": "%s"}',
    '{"title": "#1 priority", "text": "%s"}',
    '{"order_id": "12345678", "email": "%s"}',
    '{"user": "@dana", "email": "%s"}',
    '{"tag": "#billing", "customer": "%s"}',
    '{"count": 3, "text": "%s"}',
]


@pytest.mark.parametrize("args", POSTS)
def test_a_call_to_a_handle_channel_phone_or_chat_id_sends(args: str) -> None:
    from proxy.guard.scopes import sends
    assert sends(args % PH)


@pytest.mark.parametrize("args", NOT_POSTS)
def test_a_handle_or_number_under_another_key_sends_nothing(args: str) -> None:
    from proxy.guard.scopes import sends
    assert not sends(args % PH)
