"""A Responses field's opening event may carry the start of its text: `content_part.added` with `part.text`,
`output_item.added` with a message's content or a call's arguments, `reasoning_summary_part.added`,
`shell_call_command.added`. The client joins it with the deltas that follow; the stream read it as a whole text of
its own, released at once, so `We start project ` + `falcon soon.` went out (README-only attack atk6 "b" H4). Now
that text is the field's first fragment, held and read with the deltas; what is held goes out in the deltas (a
`*.delta` event of the field when the field closes). A shell call's commands are fields of the answer, read together
(`["echo project", "falcon"]` blocks, as the whole answer does).
The relay's pump over scripted streams, the real output windows with a `patterns:` rule (no analyzer needed).
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.providers.base import RESPONSES
from proxy.providers.openai import ADAPTER as openai_adapter
from tests.stream.test_field_gaps import data_of, run

WHERE = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
RESP = {"id": "r", "object": "response", "status": "in_progress", "model": "m", "output": []}
MESSAGE = {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}
SHELL = {"type": "shell_call", "id": "sc_1", "call_id": "c1", "status": "in_progress",
         "action": {"commands": [], "timeout_ms": 1000, "max_output_length": 100}}


def _numbered(events: list[dict[str, Any]], end: bool = True) -> list[dict[str, Any]]:
    events = [{"type": "response.created", "response": RESP}, *events]
    if end:
        events.append({"type": "response.completed", "response": {**RESP, "status": "completed"}})
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return events


def _part(text: str) -> dict[str, Any]:
    return {"type": "response.content_part.added", **WHERE, "part": {"type": "output_text", "text": text,
                                                                      "annotations": []}}


def _delta(text: str) -> dict[str, Any]:
    return {"type": "response.output_text.delta", **WHERE, "delta": text}


OPENED = {
    "content_part.added": [
        {"type": "response.output_item.added", "output_index": 0, "item": MESSAGE},
        _part("We start project "), _delta("falcon soon.")],
    "output_item.added": [
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**MESSAGE, "content": [{"type": "output_text", "text": "We start project ", "annotations": []}]}},
        _delta("falcon soon.")],
    "reasoning_summary_part.added": [
        {"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "output_index": 0, "summary_index": 0,
         "part": {"type": "summary_text", "text": "We start project "}},
        {"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "output_index": 0, "summary_index": 0,
         "delta": "falcon soon."}],
    "shell_call_command.added": [
        {"type": "response.output_item.added", "output_index": 0, "item": SHELL},
        {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 0,
         "command": "echo project"},
        {"type": "response.shell_call_command.delta", "output_index": 0, "command_index": 0, "delta": " fal"},
        {"type": "response.shell_call_command.delta", "output_index": 0, "command_index": 0, "delta": "con"}],
    "shell commands": [
        {"type": "response.output_item.added", "output_index": 0, "item": SHELL},
        {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 0,
         "command": "echo project"},
        {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 1, "command": "falcon"}],
}


@pytest.mark.parametrize("end", [True, False], ids=["completed", "cut off"])
@pytest.mark.parametrize("events", OPENED.values(), ids=list(OPENED))
async def test_an_opening_events_text_is_read_with_the_deltas(events: list[dict[str, Any]], end: bool) -> None:
    text, rewriter = await run(RESPONSES, openai_adapter, _numbered([dict(e) for e in events], end), named=True)
    assert rewriter.stopped and "falcon" not in text.lower() and "fal" not in text.replace("content_filter", "")


async def test_the_held_opening_text_goes_out_in_the_fields_deltas() -> None:
    events = [{"type": "response.output_item.added", "output_index": 0, "item": MESSAGE},
              _part("Hello there and "), _delta("welcome. All good."),
              {"type": "response.output_text.done", **WHERE, "text": "Hello there and welcome. All good."}]
    text, rewriter = await run(RESPONSES, openai_adapter, _numbered(events), named=True)
    assert not rewriter.stopped
    got = data_of(text)
    added = next(e for e in got if e["type"] == "response.content_part.added")
    joined = added["part"]["text"] + "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta")
    assert joined == "Hello there and welcome. All good."  # the client's join: every character once, in order
    done = next(e for e in got if e["type"] == "response.output_text.done")
    assert done["text"] == joined


async def test_a_shell_command_held_to_its_end_goes_out_as_its_delta() -> None:
    events = [{"type": "response.output_item.added", "output_index": 0, "item": SHELL},
              {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 0,
               "command": "ls -la"}]
    text, rewriter = await run(RESPONSES, openai_adapter, _numbered(events), named=True)
    assert not rewriter.stopped
    got = data_of(text)
    added = [e for e in got if e["type"] == "response.shell_call_command.added"]
    deltas = [e for e in got if e["type"] == "response.shell_call_command.delta"]
    assert len(added) == 1  # the opening event goes out once; what it held follows as the field's delta
    assert added[0]["command"] + "".join(e["delta"] for e in deltas) == "ls -la"
    assert all(e["command_index"] == 0 and e["output_index"] == 0 for e in deltas)


async def test_an_item_added_complete_is_a_whole_text() -> None:
    done = {**MESSAGE, "status": "completed",
            "content": [{"type": "output_text", "text": "Hello there.", "annotations": []}]}
    events = [{"type": "response.output_item.added", "output_index": 0, "item": done}]
    text, rewriter = await run(RESPONSES, openai_adapter, _numbered(events), named=True)
    got = data_of(text)
    assert not rewriter.stopped
    assert next(e for e in got if e["type"] == "response.output_item.added")["item"]["content"][0]["text"] == \
        "Hello there."
    assert not [e for e in got if e["type"] == "response.output_text.delta"]


ONLY_OPENED = {  # a field's whole text only in its opening event, then its end: the proxy writes its delta
    "content_part.added": [
        {"type": "response.output_item.added", "output_index": 0, "item": MESSAGE},
        _part("Hello there, friend."),
        {"type": "response.content_part.done", **WHERE, "part": {"type": "output_text", "text": "Hello there, friend.",
                                                                  "annotations": []}}],
    "reasoning_summary_part.added": [
        {"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "output_index": 0, "summary_index": 0,
         "part": {"type": "summary_text", "text": "Thinking it over"}},
        {"type": "response.reasoning_summary_part.done", "item_id": "rs_1", "output_index": 0, "summary_index": 0,
         "part": {"type": "summary_text", "text": "Thinking it over"}}],
    "shell_call_command.added": [
        {"type": "response.output_item.added", "output_index": 0, "item": SHELL},
        {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 0, "command": "ls -la"}],
}


@pytest.mark.parametrize("events", ONLY_OPENED.values(), ids=list(ONLY_OPENED))
async def test_a_delta_the_proxy_writes_for_opening_text_has_a_sequence_number(events: list[dict[str, Any]]) -> None:
    """atk7 F5: the `*.delta` event that releases an opening event's held text carried no `sequence_number`
    (wire `0, 1, 2, None, 3, 4`); the SDK's event types require one, and the numbers go on strictly increasing."""
    from openai.types.responses import ResponseStreamEvent
    from pydantic import TypeAdapter

    text, rewriter = await run(RESPONSES, openai_adapter, _numbered([dict(e) for e in events]), named=True)
    assert not rewriter.stopped
    got = data_of(text)
    written = [e for e in got if e["type"].endswith(".delta")]
    assert written, text  # the held text went out in a delta the proxy wrote
    numbers = [e.get("sequence_number") for e in got]
    assert all(type(n) is int for n in numbers), numbers
    assert numbers == sorted(set(numbers)), numbers  # strictly increasing
    adapter: TypeAdapter[Any] = TypeAdapter(ResponseStreamEvent)
    for e in written:
        assert adapter.validate_python(e).sequence_number == e["sequence_number"]
