"""Whole texts of a Responses answer's fields in a stream (issue 12, atk6 HIGH 1 and MEDIUM 6): a message part or
item whose text comes whole (`response.content_part.done`, `response.output_item.added` / `.done` with its text
already in it, no deltas) is read with the answer's other fields, in the order they arrive, as streamed text is.

HIGH 1: deltas `We start project falcon. ` (held: sentence scoring), then a later item arrives with its text whole:
that text was screened on its own and noted as released, so the proxy's own `response.incomplete` carried it in
`output[0].content[0].text` though the answer was blocked before it. MEDIUM 6: parts sent only as
`content_part.done` (`We start project`, ` falcon now.`) were screened one by one, never joined.

The pump event by event, with the real output windows and the adapter's real ending."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.nlp.toxicity import KeywordScorer
from proxy.providers.base import RESPONSES, Usage
from proxy.providers.openai import ADAPTER
from tests.support.stream_pump import drive, make_pump, sse_stream

POLICY = {"name": "t", "on_error": "block", "output": {
    "patterns": [{"name": "c", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
    "toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}, "stream_hold": "sentence"}}}
RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "m",
            "output": []}


def message(text: str, id: str = "msg_1", status: str = "completed") -> dict[str, Any]:
    return {"type": "message", "id": id, "status": status, "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}


def deltas(text: str) -> list[dict[str, Any]]:
    """Item 0, one part, its text as a delta, then its closing events."""
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    return [
        {"type": "response.output_item.added", "output_index": 0, "item": {**message("", status="in_progress"),
                                                                           "content": []}},
        {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                   "annotations": []}},
        {"type": "response.output_text.delta", **where, "delta": text, "logprobs": []},
        {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
        {"type": "response.content_part.done", **where, "part": message(text)["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": message(text)},
    ]


def parts_done_only(*texts: str) -> list[dict[str, Any]]:
    """Item 0 with one part per text, each sent only as `content_part.added` (empty) and `content_part.done`."""
    events: list[dict[str, Any]] = [{"type": "response.output_item.added", "output_index": 0,
                                     "item": {**message("", status="in_progress"), "content": []}}]
    for i, text in enumerate(texts):
        where = {"item_id": "msg_1", "output_index": 0, "content_index": i}
        events += [{"type": "response.content_part.added", **where,
                    "part": {"type": "output_text", "text": "", "annotations": []}},
                   {"type": "response.content_part.done", **where,
                    "part": {"type": "output_text", "text": text, "annotations": []}}]
    item = {**message(""), "content": [{"type": "output_text", "text": t, "annotations": []} for t in texts]}
    events.append({"type": "response.output_item.done", "output_index": 0, "item": item})
    return events


async def run(middle: list[dict[str, Any]], final_output: list[Any] | None = None) -> tuple[bytes, bool]:
    """Everything the client gets (the proxy's real `response.incomplete` on a block); whether it was blocked."""
    events = [{"type": "response.created", "response": RESPONSE}, *middle,
              {"type": "response.completed", "response": {**RESPONSE, "status": "completed",
                                                          "output": final_output or []}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    policy = Policy.model_validate(POLICY)
    pump, _ = make_pump(RESPONSES, ADAPTER, Guard(scorer=KeywordScorer()).output_stream(policy), usage=Usage())
    return await drive(pump, sse_stream(RESPONSES, events)), pump.stopped


def sent(out: bytes) -> list[dict[str, Any]]:
    return [json.loads(line[6:]) for line in out.decode().splitlines() if line.startswith("data: {")]


LATER_ITEMS = {
    "message": message("secret plan B", "msg_9"),
    "refusal part": {"type": "message", "id": "msg_9", "status": "completed", "role": "assistant",
                     "content": [{"type": "refusal", "refusal": "secret plan B"}]},
    "two parts": {"type": "message", "id": "msg_9", "status": "completed", "role": "assistant",
                  "content": [{"type": "output_text", "text": "secret plan B1", "annotations": []},
                              {"type": "output_text", "text": "secret plan B2", "annotations": []}]},
}


@pytest.mark.parametrize("event_type", ["response.output_item.added", "response.output_item.done"])
@pytest.mark.parametrize("item", LATER_ITEMS)
async def test_a_later_items_whole_text_never_reaches_the_client_nor_the_ending(item: str, event_type: str) -> None:
    out, stopped = await run([*deltas("We start project falcon. "),
                              {"type": event_type, "output_index": 1, "item": LATER_ITEMS[item]}])
    assert stopped
    assert b"secret plan" not in out and b"falcon" not in out.lower(), out
    last = sent(out)[-1]
    assert last["type"] == "response.incomplete"
    assert last["response"]["output"][0]["content"][0]["text"] == "", last


async def test_a_later_items_whole_text_after_released_text_leaves_only_that_text_in_the_ending() -> None:
    out, stopped = await run([*deltas("Fine. Then. We start project falcon. "),
                              {"type": "response.output_item.added", "output_index": 1,
                               "item": message("secret plan B", "msg_9")}])
    assert stopped and b"secret plan" not in out and b"falcon" not in out.lower(), out
    assert sent(out)[-1]["response"]["output"][0]["content"][0]["text"] == "Fine. Then. "


async def test_parts_sent_only_as_part_done_are_read_joined() -> None:
    out, stopped = await run(parts_done_only("We start project", " falcon now."))
    assert stopped
    assert b"project" not in out.lower() and b"falcon" not in out.lower(), out
    assert sent(out)[-1]["type"] == "response.incomplete"


async def test_a_whole_item_joins_the_text_held_before_it() -> None:
    """Item 0's deltas end mid-sentence (`We start project`); item 1 arrives whole (` falcon now.`)."""
    out, stopped = await run([*deltas("We start project"),
                              {"type": "response.output_item.done", "output_index": 1,
                               "item": message(" falcon now.", "msg_9")}])
    assert stopped and b"falcon" not in out.lower() and b"project" not in out.lower(), out


async def test_unblocked_parts_sent_only_as_part_done_go_out_whole_and_in_order() -> None:
    """Control: the same shape with harmless text streams as the provider sent it, each event with its own text."""
    out, stopped = await run(parts_done_only("We start the project", " now. All good."),
                             final_output=[{**message(""), "content": [
                                 {"type": "output_text", "text": "We start the project", "annotations": []},
                                 {"type": "output_text", "text": " now. All good.", "annotations": []}]}])
    assert not stopped
    got = sent(out)
    assert [e["type"] for e in got] == [
        "response.created", "response.output_item.added", "response.content_part.added",
        "response.content_part.done", "response.content_part.added", "response.content_part.done",
        "response.output_item.done", "response.completed"]
    assert [e["part"]["text"] for e in got if e["type"] == "response.content_part.done"] == [
        "We start the project", " now. All good."]
    assert [p["text"] for p in got[-2]["item"]["content"]] == ["We start the project", " now. All good."]
    assert [p["text"] for p in got[-1]["response"]["output"][0]["content"]] == [
        "We start the project", " now. All good."]
    numbers = [e["sequence_number"] for e in got]
    assert numbers == sorted(set(numbers))


async def test_an_unblocked_later_item_goes_out_with_its_text() -> None:
    out, stopped = await run([*deltas("All good. "), {"type": "response.output_item.added", "output_index": 1,
                                                       "item": message("Plan B is ready.", "msg_9")}])
    assert not stopped
    added = [e for e in sent(out) if e["type"] == "response.output_item.added" and e["output_index"] == 1]
    assert [e["item"]["content"][0]["text"] for e in added] == ["Plan B is ready."], out


def mcp_call(output: str, n: int) -> dict[str, Any]:
    return {"type": "mcp_call", "id": f"mcp_{n}", "server_label": "docs", "name": "lookup", "arguments": "{}",
            "output": output, "error": None, "status": "completed"}


async def test_mcp_outputs_of_two_items_are_read_joined() -> None:
    """atk6 s6 E15: each `mcp_call`'s `output` (sent whole in `output_item.done`) was read alone in a stream, while
    the whole answer reads the outputs of its items joined: `We start project` then ` falcon now.` passed."""
    first, second = mcp_call("We start project", 1), mcp_call(" falcon now.", 2)
    out, stopped = await run([{"type": "response.output_item.done", "output_index": 0, "item": first},
                              {"type": "response.output_item.done", "output_index": 1, "item": second}],
                             final_output=[first, second])
    assert stopped and b"falcon" not in out.lower(), out
    assert sent(out)[-1]["type"] == "response.incomplete"


async def test_ordinary_mcp_outputs_go_out_as_sent() -> None:
    first, second = mcp_call("Found 2 pages.", 1), mcp_call("Status: green.", 2)
    out, stopped = await run([{"type": "response.output_item.done", "output_index": 0, "item": first},
                              {"type": "response.output_item.done", "output_index": 1, "item": second}],
                             final_output=[first, second])
    assert not stopped
    done = [e["item"]["output"] for e in sent(out) if e["type"] == "response.output_item.done"]
    assert done == ["Found 2 pages.", "Status: green."]
    assert [i["output"] for i in sent(out)[-1]["response"]["output"]] == done
