"""A Responses stream's events for tests: one message (its text streamed in one delta) and function calls after it
(each call's arguments in one delta), with `sequence_number`s, as the provider sends them."""

from __future__ import annotations

from typing import Any

RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}
WHERE = {"item_id": "msg_1", "output_index": 0, "content_index": 0}


def function_call(index: int, args: str) -> list[dict[str, Any]]:
    """The events of function call `index`, its arguments `args` in one delta."""
    item = {"type": "function_call", "id": f"fc_{index}", "call_id": f"call_{index}", "name": "f", "arguments": ""}
    return [{"type": "response.output_item.added", "output_index": index, "item": {**item, "status": "in_progress"}},
            {"type": "response.function_call_arguments.delta", "item_id": f"fc_{index}", "output_index": index,
             "delta": args},
            {"type": "response.function_call_arguments.done", "item_id": f"fc_{index}", "output_index": index,
             "arguments": args},
            {"type": "response.output_item.done", "output_index": index,
             "item": {**item, "arguments": args, "status": "completed"}}]


def responses(text: str | None, *calls: str) -> list[dict[str, Any]]:
    """A whole stream: a message with `text` (none when None), then a function call for each of `calls`."""
    events: list[dict[str, Any]] = [{"type": "response.created", "response": RESPONSE}]
    first = 0
    if text is not None:
        item = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
                "content": [{"type": "output_text", "text": text, "annotations": []}]}
        events += [{"type": "response.output_item.added", "output_index": 0,
                    "item": {**item, "status": "in_progress", "content": []}},
                   {"type": "response.content_part.added", **WHERE,
                    "part": {"type": "output_text", "text": "", "annotations": []}},
                   {"type": "response.output_text.delta", **WHERE, "delta": text},
                   {"type": "response.output_text.done", **WHERE, "text": text},
                   {"type": "response.content_part.done", **WHERE, "part": item["content"][0]},
                   {"type": "response.output_item.done", "output_index": 0, "item": item}]
        first = 1
    for n, args in enumerate(calls, start=first):
        events += function_call(n, args)
    events.append({"type": "response.completed", "response": {**RESPONSE, "status": "completed"}})
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return events
