"""A Responses stream's events for tests: one message (its text streamed in one delta) and function calls after it
(each call's arguments in one delta), with `sequence_number`s, as the provider sends them."""

from __future__ import annotations

from collections.abc import Callable
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


# Responses output items sent whole in `output_item.added` / `.done`, each holding one text (atk10 A H1: a value or
# codename the message text before or after completes).
ITEMS: dict[str, Callable[[str], dict[str, Any]]] = {
    "web_search_call.action.query": lambda t: {"type": "web_search_call", "id": "ws_1", "status": "completed",
                                               "action": {"type": "search", "query": t}},
    "image_generation_call.revised_prompt": lambda t: {"type": "image_generation_call", "id": "ig_1",
                                                       "status": "completed", "result": None, "revised_prompt": t},
    "computer_call.action.text": lambda t: {"type": "computer_call", "id": "cu_1", "call_id": "call_1",
                                            "status": "completed", "pending_safety_checks": [],
                                            "action": {"type": "type", "text": t}},
    "file_search_call.queries": lambda t: {"type": "file_search_call", "id": "fs_1", "status": "completed",
                                           "queries": [t], "results": None},
    "mcp_list_tools.tools.description": lambda t: {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "s",
                                                   "tools": [{"name": "x", "description": t, "input_schema": {}}]},
}
