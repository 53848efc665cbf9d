"""A streamed annotation or citation goes out after the text it annotates (issue 12, streamstate15).

A Responses `response.output_text.annotation.added` came while the proxy still held the text before it (an
unfinished value, an unscored sentence); the part's text was released only when the part closed, at the place it
closed, after the annotation: the client got the annotation's `url`, `title` and indices ahead of the text they
annotate (indices past what it had). Now text released for a field goes before every event that came after it was
fed, a closed field's too, and after every event carrying earlier text of it. The relay's pump event by event, with
the real output windows (`tests.stream.test_field_order.POLICY`: a codename rule, PII redaction).
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as OPENAI
from tests.stream.test_field_order import events_of, run
from tests.support.pii import shared_analyzer

NOTE = {"type": "url_citation", "url": "https://docs.example.com/guide", "title": "Setup guide", "start_index": 30,
        "end_index": 45}


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


BEFORE = ["Write to carla.moss@", "northwind.io ", "about the ", "setup guide, "]
AFTER = ["it has more. ", "And more."]


def responses(before: list[str], after: list[str], note: dict[str, Any] = NOTE) -> list[dict[str, Any]]:
    seq = iter(range(1, 1000))

    def ev(t: str, **d: Any) -> dict[str, Any]:
        return {"type": t, "sequence_number": next(seq), **d}

    resp = {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "m",
            "output": []}
    msg = {"id": "msg_0", "type": "message", "status": "in_progress", "role": "assistant", "content": []}
    where = {"item_id": "msg_0", "output_index": 0, "content_index": 0}
    whole = "".join(before + after)
    part = {"type": "output_text", "text": whole, "annotations": [note]}
    done = {**msg, "status": "completed", "content": [part]}
    return [ev("response.created", response=resp), ev("response.output_item.added", output_index=0, item=msg),
            ev("response.content_part.added", **where, part={"type": "output_text", "text": "", "annotations": []}),
            *(ev("response.output_text.delta", **where, delta=t) for t in before),
            ev("response.output_text.annotation.added", **where, annotation_index=0, annotation=note),
            *(ev("response.output_text.delta", **where, delta=t) for t in after),
            ev("response.output_text.done", **where, text=whole),
            ev("response.content_part.done", **where, part=part),
            ev("response.output_item.done", output_index=0, item=done),
            ev("response.completed", response={**resp, "status": "completed", "output": [done]})]


def text_before(got: str, kind: str) -> tuple[str, str]:
    """The text the client had when the first annotation (citation) came, and all the text it got."""
    shown, at = "", None
    for e in events_of(got):
        if e.get("type") == "response.output_text.delta":
            shown += e["delta"]
        elif e.get("type") == "content_block_delta" and e["delta"].get("type") == "text_delta":
            shown += e["delta"]["text"]
        elif at is None and (e.get("type") == "response.output_text.annotation.added"
                             or (e.get("type") == "content_block_delta"
                                 and e["delta"].get("type") == "citations_delta")):
            at = shown
    assert at is not None, f"no {kind} annotation went out"
    return at, shown


@pytest.mark.parametrize(("split", "prefix"), [
    (4, "Write to <EMAIL_ADDRESS_1> about the setup guide, "), (3, "Write to <EMAIL_ADDRESS_1> about the "),
    (1, "Write to <EMAIL_ADDRESS_1>")], ids=["after-all-four", "after-three", "inside-the-address"])
async def test_a_responses_annotation_goes_out_after_the_text_before_it(analyzer: PiiAnalyzer, split: int,
                                                                        prefix: str) -> None:
    before, after = BEFORE[:split], [*BEFORE[split:], *AFTER]
    got, rewriter = await run(analyzer, RESPONSES, OPENAI, responses(before, after))
    at, shown = text_before(got, "Responses")
    assert not rewriter.stopped and "carla.moss" not in got and "northwind" not in got
    # everything fed before the annotation (redacted) reached the client before it
    assert at.startswith(prefix) and shown.startswith(at), (at, shown)
    # an annotation inside the address too: the address's halves are one text, read whole (one placeholder), the
    # title after it (streamleft16; with a long title too: tests/stream/test_value_tail_park.py)
    assert shown == "Write to <EMAIL_ADDRESS_1> about the setup guide, it has more. And more."


async def test_a_responses_annotation_after_a_blocked_sentence_never_goes_out(analyzer: PiiAnalyzer) -> None:
    got, rewriter = await run(analyzer, RESPONSES, OPENAI,
                              responses(["The plan is project ", "osprey, see the "], ["guide."]))
    assert rewriter.stopped and "osprey" not in got.lower() and "docs.example.com" not in got
    assert not any(e.get("type") == "response.output_text.annotation.added" for e in events_of(got))


def anthropic(before: list[str], after: list[str]) -> list[dict[str, Any]]:
    def text(t: str) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t}}

    citation = {"type": "web_search_result_location", "url": "https://docs.example.com/guide", "title": "Setup guide",
                "encrypted_index": "Eo8BCioIAhgBIiQ", "cited_text": "The guide explains the setup."}
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
               "stop_reason": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    return [{"type": "message_start", "message": message},
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            *(text(t) for t in before),
            {"type": "content_block_delta", "index": 0, "delta": {"type": "citations_delta", "citation": citation}},
            *(text(t) for t in after), {"type": "content_block_stop", "index": 0},
            {"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 5}},
            {"type": "message_stop"}]


async def test_an_anthropic_citation_goes_out_after_the_text_before_it(analyzer: PiiAnalyzer) -> None:
    got, rewriter = await run(analyzer, MESSAGES, ANTHROPIC, anthropic(BEFORE, AFTER))
    at, shown = text_before(got, "Anthropic")
    assert not rewriter.stopped and "carla.moss" not in got
    assert shown == "Write to <EMAIL_ADDRESS_1> about the setup guide, it has more. And more."
    assert at.startswith("Write to <EMAIL_ADDRESS_1> about the setup guide, "), at
