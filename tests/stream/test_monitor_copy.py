"""Monitor mode relays the provider's stream unchanged and screens a copy for the record (issue 12, atk7 F6).

Reported: under `mode: monitor` with output rules the client got a re-cut stream (an extra empty first chunk, text
re-split or merged at the windows' cuts, `id:` fields and comments dropped, the text of a finish chunk moved after
the finish), although the README promises "the client sees exactly what it would without the proxy". Now the
relay's pump passes the provider's bytes on as an unguarded stream does, and the rewriter reads a copy of the
same events, as under enforced output rules, for the record only: so the monitor record finds what an enforcing
run finds (`would_block` where enforce blocks, with the same findings). The real output windows with a
`patterns:` rule (no analyzer needed).
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.guard.windows import OutputWindows
from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.stream.channels import StreamRewriter
from proxy.stream.relay import Pump
from proxy.stream.usage import StreamUsage
from tests.stream.test_channels import run as run_enforced

RULES = [{"name": "codenames", "regex": "(?i)\\bproject (falcon|osprey)\\b", "action": "block"}]


def windows(monitor: bool) -> OutputWindows:
    policy: dict[str, Any] = {"name": "t", "output": {"patterns": RULES}}
    if monitor:
        policy["mode"] = "monitor"
    return Guard().output_stream(Policy.model_validate(policy), Vault())


def data(obj: Any, event: str | None = None) -> bytes:
    return (f"event: {event}\n" if event else "").encode() + f"data: {json.dumps(obj)}\n\n".encode()


def chat(content: str | None, finish: str | None = None) -> bytes:
    delta = {"content": content} if content is not None else {}
    return data({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]})


def resp(k: int, event: dict[str, Any]) -> bytes:
    return data({**event, "sequence_number": k}, event["type"])


RESP = {"id": "r", "object": "response", "status": "in_progress", "model": "m", "output": []}
WHERE = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
MESSAGE = {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}


def responses(first: str, second: str) -> bytes:
    events = [{"type": "response.created", "response": RESP},
              {"type": "response.output_item.added", "output_index": 0, "item": MESSAGE},
              {"type": "response.content_part.added", **WHERE, "part": {"type": "output_text", "text": first,
                                                                         "annotations": []}},
              {"type": "response.output_text.delta", **WHERE, "delta": second, "logprobs": []},
              {"type": "response.output_text.done", **WHERE, "text": first + second, "logprobs": []},
              {"type": "response.completed", "response": {**RESP, "status": "completed"}}]
    return b"".join(resp(k, e) for k, e in enumerate(events))


def messages(first: str, second: str) -> bytes:
    def delta(text: str) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}

    events = [{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
                                                    "content": [], "model": "claude-x", "stop_reason": None,
                                                    "stop_sequence": None,
                                                    "usage": {"input_tokens": 1, "output_tokens": 1}}},
              {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
              {"type": "ping"}, delta(first), delta(second), {"type": "content_block_stop", "index": 0},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
               "usage": {"output_tokens": 5}},
              {"type": "message_stop"}]
    return b"".join(data(e, e["type"]) for e in events)


# What the report's client saw re-cut: an `id:` field, a `retry:` field, comments, two sentences in one chunk,
# text in the chunk that carries `finish_reason`.
ODD_CHAT = (b": keep-alive\n\n" + b"id: 7\n" + chat("Hello there. How are") + b"retry: 3000\n\n"
            + chat(" you today? We start project ") + b": ping\n\n" + chat("falcon soon.") + chat("Bye.", "stop")
            + b"data: [DONE]\n\n")

STREAMS: dict[str, tuple[str, ProviderAdapter, bytes]] = {
    "chat": (CHAT, openai_adapter, ODD_CHAT),
    "chat, the match ending in the finish chunk": (CHAT, openai_adapter, chat("We start project ")
                                                   + chat("falcon soon.", "stop") + b"data: [DONE]\n\n"),
    "responses, opening text": (RESPONSES, openai_adapter, responses("We start project ", "falcon soon.")),
    "messages": (MESSAGES, anthropic_adapter, messages("We start project ", "falcon soon.")),
}


def split_randomly(raw: bytes, rng: random.Random) -> list[bytes]:
    cuts = sorted(rng.sample(range(1, len(raw)), k=min(len(raw) - 1, rng.randint(1, 30))))
    return [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]


async def monitored(kind: str, adapter: ProviderAdapter, raw: bytes, parts: list[bytes],
                    hide: bool = False) -> tuple[bytes, StreamRewriter, OutputWindows]:
    """The relay's pump in monitor mode (as `proxy.flow` builds it): the bytes the client gets, the rewriter that
    read the copy, its windows (the record)."""
    watch = windows(monitor=True)
    rewriter = StreamRewriter(kind, adapter, watch, fail_closed=True)  # read as enforce reads: the output is dropped
    pump = Pump(StreamUsage(adapter, kind, hide=adapter.is_usage_only_chunk if hide else None), rewriter,
                monitor=True)
    out = b""
    for k, part in enumerate(parts):
        out += await pump.feed(part)
        if k % 2:
            await pump.catch_up()  # as the relay does after each write (or not: the next feed reads it first)
        assert not pump.stopped and not pump.failed
    out += await pump.finish()
    return out, rewriter, watch


def record(w: OutputWindows) -> dict[str, Any]:
    """The patterns check's record, enforce's spelling (`would_block` read as `block`)."""
    rec = next(r for r in w.records() if r["check"] == "patterns")
    return {"action": rec["action"].removeprefix("would_"), "findings": rec.get("findings")}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("case", list(STREAMS))
async def test_monitor_relays_the_providers_bytes_and_records_what_enforce_finds(case: str, seed: int) -> None:
    kind, adapter, raw = STREAMS[case]
    out, rewriter, watch = await monitored(kind, adapter, raw, split_randomly(raw, random.Random(seed)))
    assert out == raw  # every byte as the provider sent it: same events, same cuts, `id:`, `retry:`, comments
    assert not rewriter.stopped and not watch.blocked
    enforce = windows(monitor=False)
    await run_enforced(kind, adapter, enforce, raw, 9, fail_closed=True)
    assert record(watch) == record(enforce)  # the copy is read as an enforcing run reads the stream
    # the match ending in the finish chunk included: the enforcing path's join there (atk7 F1), inherited
    assert record(watch) == {"action": "block", "findings": {"codenames": 1}}
    assert watch.decision == "flag" and watch.would_decision == "block"


async def test_monitor_relays_an_unreadable_event_and_the_rest() -> None:
    """The copy stops where an enforcing stream would (`readable`: recorded, `flag` in monitor mode); the client
    gets every byte all the same."""
    raw = chat("Hi there. ") + b"data: {not json\n\n" + chat("More.") + chat(None, "stop") + b"data: [DONE]\n\n"
    out, rewriter, watch = await monitored(CHAT, openai_adapter, raw, [raw[i:i + 5] for i in range(0, len(raw), 5)])
    assert out == raw and rewriter.unreadable_seen == 1 and rewriter.unreadable


async def test_monitor_drops_the_usage_chunk_the_proxy_asked_for_as_an_unguarded_stream_does() -> None:
    usage = (b'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o",'
             b'"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n')
    raw = chat("Hello. ") + chat(None, "stop") + usage + b"data: [DONE]\n\n"
    out, rewriter, watch = await monitored(CHAT, openai_adapter, raw, [raw], hide=True)
    assert out == raw.replace(usage, b"")
    assert rewriter.answered and not rewriter.unreadable_seen and record(watch)["action"] == "allow"
