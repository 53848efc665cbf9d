"""The mock's OpenAI Responses API route (POST /v1/responses): one response, or its event stream."""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

from aiohttp import web

from proxy.mock.encoding import JSON, SLOT, Template, chunks, logprob_entry, sse_event
from proxy.mock.turn import Turn
from proxy.mock.wire import json_response, new_id, sse


def _response_obj(rid: str, body: JSON, turn: Turn, status: str, output: list[JSON],
                  usage: JSON | None) -> JSON:
    return {
        "id": rid, "object": "response", "created_at": int(time.time()), "status": status,
        "background": False, "error": None, "incomplete_details": None,
        "instructions": body.get("instructions"), "max_output_tokens": body.get("max_output_tokens"),
        "model": turn.model, "output": output, "parallel_tool_calls": True,
        "previous_response_id": body.get("previous_response_id"),
        "reasoning": {"effort": None, "summary": None}, "service_tier": "default",
        "store": body.get("store", True), "temperature": body.get("temperature", 1.0),
        "text": {"format": {"type": "text"}}, "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools", []), "top_p": body.get("top_p", 1.0), "truncation": "disabled",
        "usage": usage, "user": None, "metadata": body.get("metadata") or {},
    }


def _response_items(turn: Turn) -> list[JSON]:
    items: list[JSON] = []
    if turn.reasoning is not None:
        items.append({"id": new_id("rs_"), "type": "reasoning",
                      "summary": [{"type": "summary_text", "text": turn.reasoning}]})
    if turn.text or not turn.tool_calls:
        logprobs = [logprob_entry(p, top=True) for p in chunks(turn.text, turn.chunk_chars)] if turn.logprobs else []
        items.append({"id": new_id("msg_"), "type": "message", "status": "completed", "role": "assistant",
                      "content": [{"type": "output_text", "text": turn.text, "annotations": [],
                                   "logprobs": logprobs}]})
    for call in turn.tool_calls:
        items.append({"id": new_id("fc_"), "type": "function_call", "status": "completed",
                      "arguments": call["arguments"], "call_id": call["id"] or new_id("call_"),
                      "name": call["name"]})
    return items


def _response_item_events(index: int, item: JSON, size: int) -> list[JSON | tuple[Any, ...]]:
    """Events for one output item; deltas are (template, piece) pairs, filled with a sequence number."""
    iid = item["id"]
    where = {"item_id": iid, "output_index": index}
    if item["type"] == "reasoning":
        text = item["summary"][0]["text"]
        spart = {"type": "summary_text", "text": ""}
        summary_t = Template({"type": "response.reasoning_summary_text.delta", **where, "summary_index": 0,
                              "delta": SLOT, "sequence_number": SLOT}, "response.reasoning_summary_text.delta")
        return [
            {"type": "response.output_item.added", "output_index": index, "item": {**item, "summary": []}},
            {"type": "response.reasoning_summary_part.added", **where, "summary_index": 0, "part": spart},
            *((summary_t, piece) for piece in chunks(text, size)),
            {"type": "response.reasoning_summary_text.done", **where, "summary_index": 0, "text": text},
            {"type": "response.reasoning_summary_part.done", **where, "summary_index": 0,
             "part": {**spart, "text": text}},
            {"type": "response.output_item.done", "output_index": index, "item": item},
        ]
    if item["type"] == "message":
        text = item["content"][0]["text"]
        logprobs = item["content"][0]["logprobs"]
        part = {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}
        delta_t = Template({"type": "response.output_text.delta", **where, "content_index": 0,
                            "delta": SLOT, "logprobs": SLOT, "sequence_number": SLOT},
                           "response.output_text.delta")
        pieces = chunks(text, size)
        return [
            {"type": "response.output_item.added", "output_index": index,
             "item": {**item, "status": "in_progress", "content": []}},
            {"type": "response.content_part.added", **where, "content_index": 0, "part": part},
            *((delta_t, piece, [logprobs[k]] if logprobs else []) for k, piece in enumerate(pieces)),
            {"type": "response.output_text.done", **where, "content_index": 0, "text": text, "logprobs": logprobs},
            {"type": "response.content_part.done", **where, "content_index": 0,
             "part": {**part, "text": text, "logprobs": logprobs}},
            {"type": "response.output_item.done", "output_index": index, "item": item},
        ]
    args = item["arguments"]
    delta_t = Template({"type": "response.function_call_arguments.delta", **where, "delta": SLOT,
                        "sequence_number": SLOT}, "response.function_call_arguments.delta")
    return [
        {"type": "response.output_item.added", "output_index": index,
         "item": {**item, "status": "in_progress", "arguments": ""}},
        *((delta_t, piece) for piece in chunks(args, size)),
        {"type": "response.function_call_arguments.done", **where, "name": item["name"], "arguments": args},
        {"type": "response.output_item.done", "output_index": index, "item": item},
    ]


def _seal(items: list[JSON], body: JSON) -> None:
    """`include: ["reasoning.encrypted_content"]`: each reasoning item carries its reasoning encrypted (the mock's:
    an opaque token derived from the summary, in the provider's `gAAAAA` form), which a stateless loop resends."""
    include = body.get("include")
    if not (isinstance(include, list) and "reasoning.encrypted_content" in include):
        return
    for item in items:
        if item["type"] == "reasoning":
            digest = hashlib.sha512(item["summary"][0]["text"].encode("utf-8", "surrogatepass")).digest()
            item["encrypted_content"] = "gAAAAABmock" + base64.urlsafe_b64encode(digest).decode("ascii")


async def responses(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """POST /v1/responses: the final response, or created / item events / completed, numbered in order."""
    rid = new_id("resp_")
    items = _response_items(turn)
    _seal(items, body)
    usage = {"input_tokens": turn.input_tokens, "input_tokens_details": {"cached_tokens": 0},
             "output_tokens": turn.output_tokens, "output_tokens_details": {"reasoning_tokens": 0},
             "total_tokens": turn.input_tokens + turn.output_tokens}
    final = _response_obj(rid, body, turn, "completed", items, usage)
    if not body.get("stream"):
        return json_response(final, turn)
    pending = _response_obj(rid, body, turn, "in_progress", [], None)
    plan: list[JSON | tuple[Any, ...]] = [
        {"type": "response.created", "response": pending},
        {"type": "response.in_progress", "response": pending},
    ]
    for index, item in enumerate(items):
        plan += _response_item_events(index, item, turn.chunk_chars)
    plan.append({"type": "response.completed", "response": final})
    events = []
    for seq, step in enumerate(plan):
        if isinstance(step, tuple):
            events.append(step[0].fill(*step[1:], seq))
        else:
            step["sequence_number"] = seq
            events.append(sse_event(step))
    return await sse(request, turn, events)
