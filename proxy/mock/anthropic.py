"""The mock's Anthropic routes: messages (one message, or its event stream) and count_tokens.

A thinking block's `signature` covers its text, as the provider's does: the mock signs each thinking block it writes
(`thinking_signature`) and refuses a request that sends one of its signed blocks back with other text, byte for byte
(`signature_problem`: 400, `Invalid signature in thinking block`). Signatures the mock did not write (a test's own
`"sig"`) are not checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from aiohttp import web

from proxy.mock.encoding import JSON, SLOT, Template, chunks, sse_event
from proxy.mock.turn import Turn
from proxy.mock.wire import json_response, new_id, sse

# What a signature the mock wrote starts with; the key it signs with (a mock's: no secret).
SIGNATURE_PREFIX = "EqMock"
_SIGNING_KEY = b"guardrail-proxy mock upstream: thinking signatures"


def thinking_signature(text: str) -> str:
    """The mock's signature of a thinking block's text (an HMAC of its UTF-8 bytes, base64, 92 characters)."""
    mac = hmac.new(_SIGNING_KEY, text.encode("utf-8", "surrogatepass"), hashlib.sha512).digest()
    return SIGNATURE_PREFIX + base64.b64encode(mac).decode("ascii")


def signature_problem(body: Any) -> tuple[str, str | None] | None:
    """A thinking block of the request signed by the mock whose text is not the text it signed: the provider's
    400 message and the block's place; None when every such block comes back as written."""
    messages = body.get("messages") if isinstance(body, dict) else None
    if not isinstance(messages, list):
        return None
    for i, message in enumerate(messages):
        content = message.get("content") if isinstance(message, dict) else None
        for k, block in enumerate(content if isinstance(content, list) else []):
            if not (isinstance(block, dict) and block.get("type") == "thinking"):
                continue
            signature, text = block.get("signature"), block.get("thinking")
            if isinstance(signature, str) and signature.startswith(SIGNATURE_PREFIX) and not (
                    isinstance(text, str) and hmac.compare_digest(signature, thinking_signature(text))):
                where = f"messages.{i}.content.{k}"
                return f"{where}: Invalid `signature` in `thinking` block", where
    return None


def _anthropic_blocks(turn: Turn) -> list[JSON]:
    blocks: list[JSON] = []
    if turn.reasoning is not None:
        blocks.append({"type": "thinking", "thinking": turn.reasoning, "signature": thinking_signature(turn.reasoning)})
    if turn.text or not turn.tool_calls:
        blocks.append({"type": "text", "text": turn.text})
    for call in turn.tool_calls:
        blocks.append({"type": "tool_use", "id": call["id"] or new_id("toolu_"), "name": call["name"],
                       "input": json.loads(call["arguments"])})
    return blocks


async def messages(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """POST /v1/messages: the message, or message_start / content blocks (with a ping) / message_stop."""
    blocks = _anthropic_blocks(turn)
    stop = "tool_use" if turn.tool_calls else ("max_tokens" if turn.truncated else "end_turn")
    usage = {"input_tokens": turn.input_tokens, "cache_creation_input_tokens": 0,
             "cache_read_input_tokens": 0, "output_tokens": turn.output_tokens, "service_tier": "standard"}
    message = {"id": new_id("msg_"), "type": "message", "role": "assistant", "model": turn.model,
               "content": blocks, "stop_reason": stop, "stop_sequence": None, "usage": usage}
    if not body.get("stream"):
        return json_response(message, turn)
    start = {**message, "content": [], "stop_reason": None, "usage": {**usage, "output_tokens": 1}}
    events = [sse_event({"type": "message_start", "message": start})]
    text_t = Template({"type": "content_block_delta", "index": SLOT,
                       "delta": {"type": "text_delta", "text": SLOT}}, "content_block_delta")
    json_t = Template({"type": "content_block_delta", "index": SLOT,
                       "delta": {"type": "input_json_delta", "partial_json": SLOT}}, "content_block_delta")
    arguments = iter(call["arguments"] for call in turn.tool_calls)  # the tool_use blocks, in order
    think_t = Template({"type": "content_block_delta", "index": SLOT,
                        "delta": {"type": "thinking_delta", "thinking": SLOT}}, "content_block_delta")
    for index, block in enumerate(blocks):
        if block["type"] == "thinking":
            opened: JSON = {"type": "thinking", "thinking": "", "signature": ""}
            deltas = [think_t.fill(index, p) for p in chunks(block["thinking"], turn.chunk_chars)]
            deltas.append(sse_event({"type": "content_block_delta", "index": index,
                                     "delta": {"type": "signature_delta", "signature": block["signature"]}}))
        elif block["type"] == "text":
            opened = {"type": "text", "text": ""}
            deltas = [text_t.fill(index, p) for p in chunks(block["text"], turn.chunk_chars)]
        else:
            opened = {**block, "input": {}}
            deltas = [json_t.fill(index, p) for p in chunks(next(arguments), turn.chunk_chars)]
        events.append(sse_event({"type": "content_block_start", "index": index, "content_block": opened}))
        if index == 0:
            events.append('event: ping\ndata: {"type":"ping"}\n\n')
        events += deltas
        events.append(sse_event({"type": "content_block_stop", "index": index}))
    events.append(sse_event({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                             "usage": {"output_tokens": turn.output_tokens}}))
    events.append('event: message_stop\ndata: {"type":"message_stop"}\n\n')
    return await sse(request, turn, events)


async def count_message_tokens(request: web.Request, body: JSON, turn: Turn) -> web.StreamResponse:
    """POST /v1/messages/count_tokens: the request's input tokens, by the mock's tokenizer."""
    return json_response({"input_tokens": turn.input_tokens}, turn)
