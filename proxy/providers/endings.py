"""How a blocked answer ends, in each provider's own terms.

OpenAI-style answers end with `finish_reason: "content_filter"` (as Azure OpenAI does; the Responses
API with `status: "incomplete"`, `incomplete_details.reason: "content_filter"`), Anthropic answers
with `stop_reason: "refusal"`. Streams are closed properly: usage where the client expects it, then
`[DONE]` or `message_stop`. The withheld text never appears.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from proxy.modelname import looks_like_a_model

from .answers import answer_sweep, withhold_swept
from .base import CHAT, COMPLETIONS, MESSAGES, RESPONSES, Usage
from .sse import SSESplitter, encode_event

if TYPE_CHECKING:
    from proxy.stream.blocks44 import ClientBlocks

CONTENT_FILTER = "content_filter"
REFUSAL = "refusal"


# ----------------------------------------------------------------------------------- whole answers

def block_openai_body(kind: str, body: dict[str, Any], blocked_channels: set[str]) -> None:
    """Mark a non-streamed OpenAI answer as blocked, in place. Texts were already withheld by the caller."""
    if kind in (CHAT, COMPLETIONS):
        choices = body.get("choices")
        for i, choice in enumerate(choices if isinstance(choices, list) else []):
            if not isinstance(choice, dict):
                continue
            index = choice.get("index", i)
            if blocked_channels and not any(c.startswith(f"choice:{index}:") for c in blocked_channels):
                continue
            choice["finish_reason"] = CONTENT_FILTER
            message = choice.get("message")
            if isinstance(message, dict):
                message.pop("tool_calls", None)
                message.pop("function_call", None)
                # The audio speaks the answer's words (the transcript was withheld with them): it goes too.
                audio = message.get("audio")
                if isinstance(audio, dict) and audio.get("data") is not None:
                    audio["data"] = ""
    elif kind == RESPONSES:
        body["status"] = "incomplete"
        body["incomplete_details"] = {"reason": CONTENT_FILTER}
        if "output_text" in body:
            body["output_text"] = ""
        # As a chat answer's tool calls and Anthropic's `tool_use` blocks: no call of a blocked answer is acted on.
        output = body.get("output")
        if isinstance(output, list):
            body["output"] = [item for item in output if not (isinstance(item, dict) and _call_item(item.get("type")))]


def _call_item(kind: Any) -> bool:
    """A Responses output item that asks the client (or a tool) to act: `function_call`, `custom_tool_call`,
    `computer_call`, `shell_call`, `mcp_call`..., and an MCP approval request."""
    return isinstance(kind, str) and (kind.endswith("_call") or kind == "mcp_approval_request")


def block_anthropic_body(body: dict[str, Any]) -> None:
    """Mark a non-streamed Anthropic message as refused, in place; its tool calls and emptied texts go."""
    body["stop_reason"] = REFUSAL
    body["stop_sequence"] = None
    content = body.get("content")
    if isinstance(content, list):
        body["content"] = [b for b in content if not (isinstance(b, dict) and b.get("type") in (
            "tool_use", "server_tool_use")) and not (isinstance(b, dict) and b.get("type") == "text"
                                                     and b.get("text") == "")]


# ------------------------------------------------------------------------------------------ streams

class StreamMeta:
    """What a stream said about itself, to write a faithful ending: ids, model, open channels."""

    def __init__(self) -> None:
        self.id: str | None = None
        self.created: int | None = None
        self.model: str | None = None
        self.object: str | None = None
        self.system_fingerprint: str | None = None
        self.open_choices: set[int] = set()
        self.finished: set[int] = set()   # choices ended (`finish_reason`) in an event the client got
        self.finishing: set[int] = set()  # of those, the ones the event being read ends (`unfinish`)
        self.open_blocks: set[int] = set()
        self.response: dict[str, Any] | None = None
        self.sequence = 0
        self.sent: ClientBlocks | None = None  # Anthropic blocks as written to the client (`proxy.stream.blocks44`)
        # Chat and completions: the last bytes with an event that went to the client, screened (`sent_head`), and
        # the model the client asked for (`StreamRewriter`)
        self.last_sent: bytes | None = None
        self.asked_model: str | None = None

    def shape(self) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """What is open and what ended, to go back to (`rewind`) when events read after it never went out."""
        return frozenset(self.open_choices), frozenset(self.finished), frozenset(self.open_blocks)

    def rewind(self, shape: tuple[frozenset[int], frozenset[int], frozenset[int]]) -> None:
        self.open_choices, self.finished, self.open_blocks = set(shape[0]), set(shape[1]), set(shape[2])
        self.finishing.clear()

    def unfinish(self) -> None:
        """The event read last did not reach the client with its `finish_reason` (the stream stopped in it):
        the choices it ended are still open, for the ending to end (`content_filter`)."""
        self.open_choices |= self.finishing
        self.finished -= self.finishing
        self.finishing.clear()

    def observe(self, kind: str, data: dict[str, Any]) -> None:
        if kind in (CHAT, COMPLETIONS):
            self.id = self.id or data.get("id")
            self.created = self.created or data.get("created")
            self.model = self.model or data.get("model")
            self.object = self.object or data.get("object")
            self.system_fingerprint = self.system_fingerprint or data.get("system_fingerprint")
            choices = data.get("choices")
            for i, choice in enumerate(choices if isinstance(choices, list) else []):
                if isinstance(choice, dict):
                    index = choice.get("index", i)
                    if type(index) is int:
                        if choice.get("finish_reason"):
                            self.open_choices.discard(index)
                            self.finished.add(index)
                            self.finishing.add(index)
                        elif index not in self.finished:
                            self.open_choices.add(index)
        elif kind == RESPONSES:
            seq = data.get("sequence_number")
            if type(seq) is int:
                self.sequence = max(self.sequence, seq)
            response = data.get("response")
            if isinstance(response, dict):
                self.response = response
        elif kind == MESSAGES:
            etype = data.get("type")
            index = data.get("index")
            if etype == "content_block_start" and type(index) is int:
                self.open_blocks.add(index)
            elif etype == "content_block_stop" and type(index) is int:
                self.open_blocks.discard(index)
            elif etype == "message_start" and isinstance(data.get("message"), dict):
                self.id = data["message"].get("id")
                self.model = data["message"].get("model")


def openai_stream_ending(kind: str, meta: StreamMeta, usage: Usage, *, send_usage: bool,
                         released: Mapping[str, str]) -> list[bytes]:
    """The events that close a blocked OpenAI stream (chat and completions chunks, or Responses events)."""
    if kind in (CHAT, COMPLETIONS):
        return _openai_ending(kind, meta, usage, send_usage)
    if kind == RESPONSES:
        return _responses_ending(meta, usage, released)
    return []


def anthropic_stream_ending(meta: StreamMeta, usage: Usage) -> list[bytes]:
    """The events that close a refused Anthropic stream: open blocks stopped, `refusal`, `message_stop`."""
    out = [encode_event({"type": "content_block_stop", "index": i}, event="content_block_stop")
           for i in (sorted(meta.open_blocks) if meta.sent is None else meta.sent.open)]
    out.append(encode_event({"type": "message_delta", "delta": {"stop_reason": REFUSAL, "stop_sequence": None},
                             "usage": {"output_tokens": usage.output_tokens}}, event="message_delta"))
    out.append(encode_event({"type": "message_stop"}, event="message_stop"))
    return out


def _openai_ending(kind: str, meta: StreamMeta, usage: Usage, send_usage: bool) -> list[bytes]:
    # The choices still open end with `content_filter`; one that already ended is never ended again while
    # another is open (the block is in that one). A block after every choice ended (in a field outside the
    # choices: the usage chunk's, an id or a name) ends them all again, as a whole answer's field blocked ends
    # every choice: the client must not read a blocked answer as complete. A stream stopped before any choice
    # began ends choice 0.
    indices = sorted(meta.open_choices) or sorted(meta.finished) or [0]
    head = sent_head(kind, meta)
    # No `system_fingerprint` (optional in a chunk): the ending follows a block, and the event the stream stopped in
    # may have held a matched one (a README-only review: `"fp project falcon"` reached the client here).
    if kind == CHAT:
        choices: list[dict[str, Any]] = [
            {"index": i, "delta": {}, "logprobs": None, "finish_reason": CONTENT_FILTER} for i in indices]
    else:
        choices = [{"index": i, "text": "", "logprobs": None, "finish_reason": CONTENT_FILTER} for i in indices]
    out = [encode_event({**head, "choices": choices})] if choices else []
    if send_usage:
        out.append(encode_event({**head, "choices": [], "usage": {
            "prompt_tokens": usage.input_tokens, "completion_tokens": usage.output_tokens,
            "total_tokens": usage.input_tokens + usage.output_tokens}}))
    out.append(b"data: [DONE]\n\n")
    return out


_HEAD = ("id", "object", "created", "model")
_CHUNK_ID = re.compile(r"(?:chatcmpl|cmpl)-[A-Za-z0-9]{1,96}")
_DIGIT_RUN = re.compile(r"\d{9,}")
_OBJECTS = {CHAT: "chat.completion.chunk", COMPLETIONS: "text_completion"}


def sent_head(kind: str, meta: StreamMeta) -> dict[str, Any]:
    """The `id`, `object`, `created` and `model` of a chat or completions stream's ending, as the client got them:
    the provider's own are read raw (`StreamMeta.observe`), while every chunk that went out had them screened
    (an id holding a phone number goes as `chatcmpl-PHONE_NUMBER_1`, a model matched by a `patterns:` rule
    emptied): the ending repeats the last chunk sent (atk45 F15). A stream stopped before any chunk went out
    never had them screened: the ending keeps only what cannot hold a value (an id of OpenAI's shape, letters
    and digits without a run of nine digits; the model the client asked for, or a dated snapshot of it;
    a `created` not after now), else an empty id and model and `created` 0."""
    head: dict[str, Any] | None = None
    if meta.last_sent is not None:
        splitter = SSESplitter()
        events = [*splitter.feed(meta.last_sent)]
        tail = splitter.close()
        for ev in reversed([*events, *([tail] if tail is not None else [])]):
            data = ev.json()
            if isinstance(data, dict) and any(key in data for key in _HEAD):
                head = {key: data.get(key) for key in _HEAD}
                break
    if head is None:
        head = {"id": meta.id if isinstance(meta.id, str) and _CHUNK_ID.fullmatch(meta.id)
                and not _DIGIT_RUN.search(meta.id) else "",
                "object": _OBJECTS[kind],
                "created": meta.created if type(meta.created) is int and 0 <= meta.created <= time.time() + 86400
                else 0,
                "model": meta.model if _asked(meta.model, meta.asked_model) else ""}
    if not isinstance(head.get("object"), str) or not head["object"]:
        head["object"] = _OBJECTS[kind]
    return head


def _asked(model: Any, asked: str | None) -> bool:
    """The provider's `model` is the client's own (or its dated snapshot: `gpt-4o-mini-2024-07-18`)."""
    if not isinstance(model, str) or not asked:
        return False
    return model == asked or (model.startswith(asked + "-") and looks_like_a_model(model)
                              and re.fullmatch(r"(?:-\d{2,4}){1,3}", model[len(asked):]) is not None)


def _responses_ending(meta: StreamMeta, usage: Usage, released: Mapping[str, str]) -> list[bytes]:
    response = withheld_response(meta.response)
    texts = [text for channel, text in sorted(released.items()) if channel.endswith(":content:0")]
    response.update({
        "status": "incomplete",
        "incomplete_details": {"reason": CONTENT_FILTER},
        "output": [{"type": "message", "id": "msg_guardrail_withheld", "status": "incomplete", "role": "assistant",
                    "content": [{"type": "output_text", "text": "".join(texts), "annotations": []}]}],
        "usage": {"input_tokens": usage.input_tokens, "input_tokens_details": {"cached_tokens": 0},
                  "output_tokens": usage.output_tokens, "output_tokens_details": {"reasoning_tokens": 0},
                  "total_tokens": usage.input_tokens + usage.output_tokens},
    })
    meta.sequence += 1
    return [encode_event({"type": "response.incomplete", "sequence_number": meta.sequence, "response": response},
                         event="response.incomplete")]


def withheld_response(response: dict[str, Any] | None) -> dict[str, Any]:
    """The provider's last `response` object as a blocked stream's ending carries it: as a blocked whole answer
    is (every text and swept field withheld: `instructions`, `metadata`, `user`, tool descriptions, `error`,
    unknown keys...), its ids, names and enumerated words kept (a name a rule matched was emptied already).
    Its `id` stays: the SDKs' stream helpers refuse an ending whose `id` differs from the stream's (the
    rewriter gives the last object of an event that was screened whole, `StreamRewriter._process`). Its
    output, usage and ending are the proxy's own (`_responses_ending`)."""
    body = copy.deepcopy(response) if isinstance(response, dict) else {"object": "response"}
    for key in ("output", "output_text", "usage", "incomplete_details"):
        body.pop(key, None)
    rid = body.pop("id", None)
    withhold_swept(answer_sweep(body, []))
    return body if rid is None else {"id": rid, **body}


# ----------------------------------------------------------------------------- unreadable answers

def openai_stream_error(kind: str, meta: StreamMeta, body: dict[str, Any]) -> list[bytes]:
    """The event that ends an OpenAI stream the proxy could not read: an `error` object, as the API
    sends mid-stream (the SDKs raise `APIError` on it); no `[DONE]` follows."""
    if kind == RESPONSES:
        meta.sequence += 1
        return [encode_event({"type": "error", "sequence_number": meta.sequence, **body}, event="error")]
    return [encode_event(body)]


def anthropic_stream_error(body: dict[str, Any]) -> list[bytes]:
    """The `error` event that ends an Anthropic stream the proxy could not read."""
    return [encode_event(body, event="error")]
