"""An Anthropic stream's stop sequence (`message_delta.delta.stop_sequence`) is the answer's last text, read joined
after the text held before it (issue 12, atk6 LOW 14: `Status of project` then the stop sequence ` falcon` went out,
the stop sequence screened alone, after the answer's text had been released at `message_delta`).

The pump event by event, with the real output windows and the adapter's real ending."""

from __future__ import annotations

import json
from typing import Any

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.nlp.toxicity import KeywordScorer
from proxy.providers.anthropic import ADAPTER, STOP_SEQUENCE, closing_channels, response_texts, stream_event_texts
from proxy.providers.base import ALL_CHANNELS, MESSAGES, Usage
from tests.support.stream_pump import drive, make_pump, sse_stream

POLICY = {"name": "t", "on_error": "block", "output": {
    "patterns": [{"name": "c", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
    "toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}, "stream_hold": "sentence"}}}
START = {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "model": "m",
                                              "content": [], "stop_reason": None, "stop_sequence": None,
                                              "usage": {"input_tokens": 1, "output_tokens": 1}}}


def end(stop: str | None, reason: str = "stop_sequence") -> dict[str, Any]:
    return {"type": "message_delta", "delta": {"stop_reason": reason, "stop_sequence": stop},
            "usage": {"output_tokens": 2}}


def block(index: int, *deltas: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            *({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": d}}
              for d in deltas),
            {"type": "content_block_stop", "index": index}]


async def run(*events: dict[str, Any]) -> tuple[list[dict[str, Any]], bool]:
    """Every event the client gets (the proxy's real ending on a block); whether it was blocked."""
    policy = Policy.model_validate(POLICY)
    pump, _ = make_pump(MESSAGES, ADAPTER, Guard(scorer=KeywordScorer()).output_stream(policy), usage=Usage())
    out = await drive(pump, sse_stream(MESSAGES, (START, *events, {"type": "message_stop"})))
    return [json.loads(line[6:]) for line in out.decode().splitlines() if line.startswith("data: {")], pump.stopped


def text_of(events: list[dict[str, Any]]) -> str:
    return "".join(e["delta"].get("text", "") for e in events if e["type"] == "content_block_delta")


async def test_a_codename_the_stop_sequence_completes_stops_the_stream() -> None:
    got, stopped = await run(*block(0, "Status of project"), end(" falcon"))
    assert stopped
    dumped = json.dumps(got).lower()
    assert "falcon" not in dumped and "project" not in dumped
    assert got[-2]["delta"] == {"stop_reason": "refusal", "stop_sequence": None}  # the proxy's own ending
    assert [e["type"] for e in got].count("message_delta") == 1


async def test_a_codename_over_the_deltas_and_the_stop_sequence_of_an_open_block_stops_the_stream() -> None:
    """The block never stopped before the `message_delta` (a stream cut short): its text is read with it all the
    same."""
    events = block(0, "Status of ", "project")[:-1]
    got, stopped = await run(*events, end(" osprey"))
    assert stopped and "osprey" not in json.dumps(got).lower() and "project" not in json.dumps(got).lower()


async def test_an_ordinary_stop_sequence_goes_out_after_the_text_once() -> None:
    got, stopped = await run(*block(0, "The answer is 42"), end("###"))
    assert not stopped
    assert text_of(got) == "The answer is 42"
    types = [e["type"] for e in got]
    assert types == ["message_start", "content_block_start", "content_block_delta", "content_block_delta",
                     "content_block_stop", "message_delta", "message_stop"]
    assert got[5]["delta"] == {"stop_reason": "stop_sequence", "stop_sequence": "###"}
    assert got[5]["usage"] == {"output_tokens": 2}


async def test_a_message_delta_without_a_stop_sequence_still_ends_the_answer() -> None:
    """Control: `end_turn` (no stop sequence) closes every channel at `message_delta`, as before."""
    assert closing_channels(MESSAGES, end(None, "end_turn")) == [ALL_CHANNELS]
    assert closing_channels(MESSAGES, end("", "end_turn")) == [ALL_CHANNELS]
    assert closing_channels(MESSAGES, end("###")) == []
    assert closing_channels(MESSAGES, {"type": "message_stop"}) == [ALL_CHANNELS]
    got, stopped = await run(*block(0, "Status of project"), end(None, "end_turn"))
    assert not stopped and text_of(got) == "Status of project"


def test_the_stop_sequence_is_the_answers_last_text() -> None:
    body = {"type": "message", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
            "stop_reason": "stop_sequence", "stop_sequence": "###"}
    slots = response_texts(MESSAGES, body)
    assert [(s.channel, s.get(), s.kind) for s in slots] == [("block:0", "a", "text"), ("block:1", "b", "text"),
                                                            (STOP_SEQUENCE, "###", "text")]
    assert [s.get() for s in stream_event_texts(MESSAGES, end("###"))] == ["###"]
    assert stream_event_texts(MESSAGES, end(None)) == []
    assert [s.channel for s in response_texts(MESSAGES, {**body, "stop_sequence": None})] == ["block:0", "block:1"]
