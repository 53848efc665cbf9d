"""A value or a codename completed by the next output item or content block given whole, streamed, through the
official SDKs (issue 12, atk10 A-H1).

Message text `Mail jane.doe@exa` (or `We start project `) then a Responses item sent whole in
`response.output_item.added` / `.done` holding `mple.com now. ` (or `falcon launches now. `): a web search query,
an image's revised prompt, a computer call's typed text, file search queries, an MCP tool's description; an
Anthropic block sent whole in `content_block_start` (code, bash and text editor execution results, an MCP tool
result); a text block pre-filled in `message_start`; a chat choice's `delta.content` then `delta.audio.transcript`;
and the other way round (the whole item or block first). The whole answer (the same JSON, `stream: false`) is
redacted (`Mail <EMAIL_ADDRESS_1>` + `<EMAIL_ADDRESS_2> now.`) or blocked; the stream relayed both halves raw, with
the record `allow`. Now the stream agrees with the whole answer: the same halves gone, the same decision.

The mock serves the crafted events verbatim; the client is the official SDK (events and objects dumped whole).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, claude, dump_models, oai, sse
from tests.support.responses_events import ITEMS

EMAIL = ("Mail jane.doe@exa", "mple.com now. ")
CODENAME = ("We start project ", "falcon launches now. ")
HALVES = [pytest.param(EMAIL, id="email"), pytest.param(CODENAME, id="codename")]


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def agree(p: Proxy, halves: tuple[str, str], whole: str, whole_id: str, streamed: str, stream_id: str) -> None:
    """The stream and the whole answer: neither half of the value (nor the codename) in either, each half of an
    address its own placeholder, and the same decision in the record (`block` / `redact`). No `whole_id`: the
    stream alone."""
    for raw in ("jane.doe@exa", "mple.com", "falcon"):
        assert raw not in whole, (raw, whole)
        assert raw not in streamed, (raw, streamed)
    expected = "block" if halves == CODENAME else "redact"
    assert p.record_for(stream_id)["decision"] == expected
    if whole_id:
        assert p.record_for(whole_id)["decision"] == expected
    if halves == EMAIL:
        for got in (whole, streamed) if whole_id else (streamed,):
            assert "Mail <EMAIL_ADDRESS_" in got and "> now. " in got, got


# --------------------------------------------------------------------------------------------------- Responses


def _message(text: str | None, status: str = "completed") -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": status,
            "content": [] if text is None else [{"type": "output_text", "text": text, "annotations": []}]}


def _response(status: str, output: list[Any]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": status, "model": "gpt-4o-mini",
            "output": output, "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10,
                                        "input_tokens_details": {"cached_tokens": 0},
                                        "output_tokens_details": {"reasoning_tokens": 0}}}


def _message_events(text: str, index: int) -> list[dict[str, Any]]:
    where = {"output_index": index, "item_id": "msg_1", "content_index": 0}
    part = {"type": "output_text", "text": text, "annotations": []}
    return [{"type": "response.output_item.added", "output_index": index, "item": _message(None, "in_progress")},
            {"type": "response.content_part.added", **where, "part": {**part, "text": ""}},
            {"type": "response.output_text.delta", **where, "delta": text, "logprobs": []},
            {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
            {"type": "response.content_part.done", **where, "part": part},
            {"type": "response.output_item.done", "output_index": index, "item": _message(text)}]


def _responses_answer(first: str, second: str, item: Callable[[str], dict[str, Any]], item_first: bool
                      ) -> tuple[str, str]:
    """The stream (message text `first` streamed, then the item holding `second` whole; or the item holding `first`,
    then the message text `second`) and the same answer whole."""
    whole_item = item(first if item_first else second)
    text = second if item_first else first
    item_events = [{"type": "response.output_item.added", "output_index": 0 if item_first else 1, "item": whole_item},
                   {"type": "response.output_item.done", "output_index": 0 if item_first else 1, "item": whole_item}]
    middle = [*item_events, *_message_events(text, 1)] if item_first else [*_message_events(text, 0), *item_events]
    output = [whole_item, _message(text)] if item_first else [_message(text), whole_item]
    events = [{"type": "response.created", "response": {**_response("in_progress", []), "usage": None}}, *middle,
              {"type": "response.completed", "response": _response("completed", output)}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return sse(*events, named=True), json.dumps(_response("completed", output))


@pytest.mark.parametrize("halves", HALVES)
@pytest.mark.parametrize("item", list(ITEMS))
@pytest.mark.parametrize("item_first", [False, True], ids=["text-then-item", "item-then-text"])
def test_responses_an_item_given_whole_agrees_with_the_whole_answer(
        mock: Mock, joined: Proxy, halves: tuple[str, str], item: str, item_first: bool) -> None:
    stream, body = _responses_answer(*halves, ITEMS[item], item_first)
    client = oai(joined)
    mock.script(raw_body=body)
    raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input="hi")
    whole = raw.parse()
    assert whole.status == ("incomplete" if halves == CODENAME else "completed")
    mock.script(raw_sse=stream)
    raw_stream = client.responses.with_raw_response.create(model="gpt-4o-mini", input="hi", stream=True)
    events = list(raw_stream.parse())
    assert events[-1].type == ("response.incomplete" if halves == CODENAME else "response.completed")
    agree(joined, halves, whole.model_dump_json(warnings=False), raw.headers["x-guardrail-request-id"],
          dump_models(events), raw_stream.headers["x-guardrail-request-id"])


# --------------------------------------------------------------------------------------------------- Anthropic


BLOCKS: dict[str, Callable[[str], dict[str, Any]]] = {
    "code_execution_tool_result.stdout": lambda t: {
        "type": "code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "code_execution_result", "stdout": t, "stderr": "", "return_code": 0, "content": []}},
    "bash_code_execution_tool_result.stdout": lambda t: {
        "type": "bash_code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "bash_code_execution_result", "stdout": t, "stderr": "", "return_code": 0,
                    "content": []}},
    "text_editor_code_execution_tool_result.content": lambda t: {
        "type": "text_editor_code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "text_editor_code_execution_view_result", "file_type": "text", "content": t,
                    "num_lines": 1, "start_line": 1, "total_lines": 1}},
    "mcp_tool_result.content.text": lambda t: {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_01",
                                               "is_error": False, "content": [{"type": "text", "text": t}]},
}
MODEL = "claude-3-5-sonnet-20241022"


def _start(content: list[Any]) -> dict[str, Any]:
    return {"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": content,
        "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}}


def _text_block(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": index}]


def _whole_block(index: int, block: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": block},
            {"type": "content_block_stop", "index": index}]


_END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}}, {"type": "message_stop"}]


def _messages_whole(content: list[Any]) -> str:
    return json.dumps({"id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": content,
                       "stop_reason": "end_turn", "stop_sequence": None,
                       "usage": {"input_tokens": 5, "output_tokens": 5}})


def _messages_agree(mock: Mock, p: Proxy, halves: tuple[str, str], stream: str, body: str) -> None:
    client = claude(p)
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 50, "messages": [{"role": "user", "content": "hi"}]}
    mock.script(raw_body=body)
    raw = client.messages.with_raw_response.create(**kwargs)
    whole = raw.parse()
    mock.script(raw_sse=stream)
    with client.messages.stream(**kwargs) as s:
        events = list(s)
        final = s.get_final_message()
        stream_id = s.response.headers["x-guardrail-request-id"]
    expected = "refusal" if halves == CODENAME else "end_turn"
    assert whole.stop_reason == expected and final.stop_reason == expected
    agree(p, halves, whole.model_dump_json(warnings=False), raw.headers["x-guardrail-request-id"],
          dump_models([*events, final]), stream_id)


@pytest.mark.parametrize("halves", HALVES)
@pytest.mark.parametrize("block", list(BLOCKS))
@pytest.mark.parametrize("block_first", [False, True], ids=["text-then-block", "block-then-text"])
def test_messages_a_block_given_whole_agrees_with_the_whole_answer(
        mock: Mock, joined: Proxy, halves: tuple[str, str], block: str, block_first: bool) -> None:
    first, second = halves
    if block_first:
        events = [_start([]), *_whole_block(0, BLOCKS[block](first)), *_text_block(1, second), *_END]
        content = [BLOCKS[block](first), {"type": "text", "text": second}]
    else:
        events = [_start([]), *_text_block(0, first), *_whole_block(1, BLOCKS[block](second)), *_END]
        content = [{"type": "text", "text": first}, BLOCKS[block](second)]
    _messages_agree(mock, joined, halves, sse(*events, named=True), _messages_whole(content))


@pytest.mark.parametrize("halves", HALVES)
def test_messages_a_text_block_in_message_start_agrees_with_the_whole_answer(
        mock: Mock, joined: Proxy, halves: tuple[str, str]) -> None:
    # The SDK's `MessageStream` keeps the pre-filled block as content[0] and appends the next blocks to it.
    first, second = halves
    events = [_start([{"type": "text", "text": first}]), *_text_block(1, second), *_END]
    content = [{"type": "text", "text": first}, {"type": "text", "text": second}]
    _messages_agree(mock, joined, halves, sse(*events, named=True), _messages_whole(content))


# -------------------------------------------------------------------------------------------------------- chat


AUDIO_DATA = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567,
            "model": "gpt-4o-audio-preview", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _audio(transcript: str) -> dict[str, Any]:
    return {"id": "audio_1", "transcript": transcript, "data": AUDIO_DATA, "expires_at": 1733234567}


@pytest.mark.parametrize("halves", HALVES)
@pytest.mark.parametrize("audio_first", [False, True], ids=["content-then-transcript", "transcript-then-content"])
def test_chat_content_and_audio_transcript_agree_with_the_whole_answer(
        mock: Mock, joined: Proxy, halves: tuple[str, str], audio_first: bool) -> None:
    first, second = halves
    if audio_first:
        message: dict[str, Any] = {"role": "assistant", "content": second, "audio": _audio(first)}
        deltas = [{"role": "assistant", "audio": _audio(first)}, {"content": second}]
    else:
        message = {"role": "assistant", "content": first, "audio": _audio(second)}
        deltas = [{"role": "assistant", "content": first}, {"audio": _audio(second)}]
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-audio-preview",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop", "logprobs": None}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}
    client = oai(joined)
    kwargs: dict[str, Any] = {"model": "gpt-4o-audio-preview", "messages": [{"role": "user", "content": "hi"}],
                              "modalities": ["text", "audio"], "audio": {"voice": "alloy", "format": "pcm16"}}
    mock.script(raw_sse=sse(*(_chunk(d) for d in deltas), _chunk({}, "stop"), "[DONE]"))
    raw_stream = client.chat.completions.with_raw_response.create(**kwargs, stream=True)
    chunks = list(raw_stream.parse())
    finishes = [c.finish_reason for chunk in chunks for c in chunk.choices if c.finish_reason]
    expected = "content_filter" if halves == CODENAME else "stop"
    assert finishes == [expected]
    streamed = dump_models(chunks)
    # the audio speaks the words: it goes out with them, or not at all
    assert (AUDIO_DATA in streamed) is (halves == EMAIL)
    if audio_first:
        # A whole answer's message reads its content before its audio (one JSON, one order: `mple.com now. ` then
        # `Mail jane.doe@exa`, no value); the stream reads them as the client gets them, the transcript first.
        agree(joined, halves, "", "", streamed, raw_stream.headers["x-guardrail-request-id"])
        return
    mock.script(raw_body=json.dumps(body))
    raw = client.chat.completions.with_raw_response.create(**kwargs)
    whole = raw.parse()
    assert whole.choices[0].finish_reason == expected
    agree(joined, halves, whole.model_dump_json(warnings=False), raw.headers["x-guardrail-request-id"],
          streamed, raw_stream.headers["x-guardrail-request-id"])
