"""What reading a stream's fields in index order (`proxy.stream.order`, issue 12, atk14 B-H1) costs in-order streams.

Streams ordinary multi-field answers, each field's text in `--token`-character deltas, every field begun after the
one before it ended (as providers send them): Anthropic text blocks, Responses message items, a chat choice's
parallel tool calls. Through the relay's pump and the real output windows with a codename `patterns:` rule (no
analyzer: the cost is the windows' and the rewriter's). Prints per answer the CPU time (median of `--rounds`), the
characters of text held at most and the mean lag (characters fed but not yet released after each event). It imports
the tree it lies in: copy it into the other tree to compare.

    .venv/bin/python bench/stream_order.py --rounds 5
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from typing import Any

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, MESSAGES, RESPONSES, ProviderAdapter, Usage
from proxy.providers.openai import ADAPTER as OPENAI
from proxy.stream.channels import StreamRewriter
from proxy.stream.relay import Pump
from proxy.stream.usage import StreamUsage

POLICY = {"name": "b", "output": {"patterns": [
    {"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}}
PROSE = ("The release went out on Tuesday after the last review. Two services were migrated, and the queue "
         "latency dropped by a third. Next week we look at the cache and the nightly jobs. ")


def pieces(text: str, token: int) -> list[str]:
    return [text[i:i + token] for i in range(0, len(text), token)]


def anthropic(fields: list[str], token: int) -> list[Any]:
    out: list[Any] = [{"type": "message_start", "message": {"id": "m", "type": "message", "role": "assistant",
                                                            "model": "m", "content": [], "stop_reason": None}}]
    for i, text in enumerate(fields):
        out.append({"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}})
        out += [{"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": p}}
                for p in pieces(text, token)]
        out.append({"type": "content_block_stop", "index": i})
    return [*out, {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 1}},
            {"type": "message_stop"}]


def responses(fields: list[str], token: int) -> list[Any]:
    seq = iter(range(1, 1 << 20))
    out: list[Any] = [{"type": "response.created", "sequence_number": next(seq),
                       "response": {"id": "r", "object": "response", "status": "in_progress", "output": []}}]
    items = []
    for i, text in enumerate(fields):
        item = {"id": f"msg_{i}", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
        part = {"type": "output_text", "text": "", "annotations": []}
        out += [{"type": "response.output_item.added", "sequence_number": next(seq), "output_index": i, "item": item},
                {"type": "response.content_part.added", "sequence_number": next(seq), "item_id": f"msg_{i}",
                 "output_index": i, "content_index": 0, "part": part}]
        out += [{"type": "response.output_text.delta", "sequence_number": next(seq), "item_id": f"msg_{i}",
                 "output_index": i, "content_index": 0, "delta": p} for p in pieces(text, token)]
        done = {**item, "status": "completed", "content": [{**part, "text": text}]}
        items.append(done)
        out += [{"type": "response.output_text.done", "sequence_number": next(seq), "item_id": f"msg_{i}",
                 "output_index": i, "content_index": 0, "text": text},
                {"type": "response.content_part.done", "sequence_number": next(seq), "item_id": f"msg_{i}",
                 "output_index": i, "content_index": 0, "part": {**part, "text": text}},
                {"type": "response.output_item.done", "sequence_number": next(seq), "output_index": i, "item": done}]
    return [*out, {"type": "response.completed", "sequence_number": next(seq),
                   "response": {"id": "r", "object": "response", "status": "completed", "output": items}}]


def chat(fields: list[str], token: int) -> list[Any]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    out: list[Any] = []
    for i, text in enumerate(fields):
        args = json.dumps({"note": text})
        out.append(chunk({"tool_calls": [{"index": i, "id": f"call_{i}", "type": "function",
                                          "function": {"name": "save", "arguments": ""}}]}))
        out += [chunk({"tool_calls": [{"index": i, "function": {"arguments": p}}]}) for p in pieces(args, token)]
    return [*out, chunk({}, "tool_calls"), "[DONE]"]


def field_texts(n: int) -> list[str]:
    return [f"Part {i + 1}. {PROSE * 2}" for i in range(n)]


ANSWERS = {
    "anthropic, 4 text blocks": (MESSAGES, ANTHROPIC, anthropic),
    "responses, 4 message items": (RESPONSES, OPENAI, responses),
    "chat, 4 parallel tool calls": (CHAT, OPENAI, chat),
}


async def one(kind: str, adapter: ProviderAdapter, events: list[Any]) -> tuple[float, int, float, bool]:
    windows = Guard().output_stream(Policy.model_validate(POLICY), Vault())
    rewriter = StreamRewriter(kind, adapter, windows, fail_closed=True)
    pump = Pump(StreamUsage(adapter, kind), rewriter,
                lambda: adapter.stream_ending(kind, rewriter.meta, Usage(1, 1), send_usage=False,
                                              released=rewriter.released))
    lags: list[int] = []
    start = time.process_time()
    for e in events:
        named = f"event: {e['type']}\n" if kind != CHAT and isinstance(e, dict) else ""
        await pump.feed(f"{named}data: {e if isinstance(e, str) else json.dumps(e)}\n\n".encode())
        lags.append(sum(windows.held.values()))
    await pump.finish()
    return (time.process_time() - start) * 1000, max(lags), statistics.mean(lags), rewriter.stopped


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--token", type=int, default=4)
    parser.add_argument("--fields", type=int, default=4)
    args = parser.parse_args()
    for name, (kind, adapter, build) in ANSWERS.items():
        events = build(field_texts(args.fields), args.token)
        runs = [await one(kind, adapter, events) for _ in range(args.rounds)]
        ms = statistics.median(r[0] for r in runs)
        _, held, lag, stopped = runs[0]
        print(f"{name:32s} {len(events):5d} events {ms:8.1f} ms  held at most {held:4d}  mean lag {lag:6.1f}"
              f"  stopped {stopped}")


if __name__ == "__main__":
    asyncio.run(main())
