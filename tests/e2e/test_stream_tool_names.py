"""Issue 12, atk6 L1: a tool name (or id) holding a phone number or an address, whole and streamed, on each route.

A chat tool call's `function.name` `notify_212-555-0199` sent in one piece became `notify_PHONE_NUMBER_1`, but
streamed in two pieces (`notify_212-555-` + `0199`, `mail_jane.doe@` + `example.com`) each piece read as a clean
id and the name reached the client as sent. The SDKs join the pieces into one name, so the proxy now reads (and
redacts) the name joined, as in the whole answer. Anthropic `tool_use` and Responses `function_call` items carry
their names whole: checked here too, whole and streamed. Scripted streams (the mock serves crafted events
verbatim); assertions on the raw bytes the client got, on what the official SDK's stream helper joins, and on the
record.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.lib.streaming.chat import ChatCompletionStreamState
from openai.types.chat import ChatCompletionChunk

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, post_raw, sse

ASK = [{"role": "user", "content": "Notify the on-call engineer."}]
HEAD = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}


@pytest.fixture(scope="module")
def names(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def decision(p: Proxy, r: Any) -> str:
    return str(p.record_for(r.headers["x-guardrail-request-id"])["decision"])


def chat_stream(pieces: list[str]) -> str:
    """A chat stream whose tool call name arrives in `pieces` (the first with the call's id), then its arguments."""
    chunks: list[Any] = []
    for n, piece in enumerate(pieces):
        entry: dict[str, Any] = {"index": 0, "function": {"name": piece, "arguments": ""}}
        if n == 0:
            entry = {"index": 0, "id": "call_1", "type": "function", **entry}
        chunks.append({**HEAD, "choices": [{"index": 0, "delta": {"tool_calls": [entry]}, "finish_reason": None}]})
    arguments = {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}
    chunks += [{**HEAD, "choices": [{"index": 0, "delta": arguments, "finish_reason": None}]},
               {**HEAD, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}, "[DONE]"]
    return sse(*chunks)


def sdk_calls(text: str) -> list[tuple[str | None, str, str]]:
    """The tool calls the official SDK's stream helper joins from the chunks the client got."""
    state: ChatCompletionStreamState[Any] = ChatCompletionStreamState()
    for line in text.splitlines():
        if line.startswith("data: {"):
            state.handle_chunk(ChatCompletionChunk.model_validate(json.loads(line[6:])))
    message = state.get_final_completion().choices[0].message
    return [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls or []]


SPLIT = [
    pytest.param(["notify_212-555-", "0199"], "notify_212-555-0199", ("212-555", "0199"), "PHONE_NUMBER", id="phone"),
    pytest.param(["mail_jane.doe@", "example.com"], "mail_jane.doe@example.com", ("jane.doe", "example.com"),
                 "EMAIL_ADDRESS", id="email"),
    pytest.param(["notify_", "212-", "555-", "0199"], "notify_212-555-0199", ("212-", "555-", "0199"), "PHONE_NUMBER",
                 id="phone-in-four"),
]


@pytest.mark.parametrize(("pieces", "name", "leaks", "entity"), SPLIT)
def test_a_chat_tool_name_streamed_in_pieces_is_redacted_as_the_whole_name(
        names: Proxy, mock: Mock, pieces: list[str], name: str, leaks: tuple[str, ...], entity: str) -> None:
    body = json.dumps({"model": "gpt-4o-mini", "messages": ASK, "stream": True})
    mock.script(raw_sse=chat_stream([name]))
    one = post_raw(names, "/v1/chat/completions", body)
    mock.script(raw_sse=chat_stream(pieces))
    split = post_raw(names, "/v1/chat/completions", body)
    assert split.status_code == one.status_code == 200, split.text
    for leak in leaks:
        assert leak not in split.text, f"{leak!r} reached the client"
    got = sdk_calls(split.text)
    assert got == sdk_calls(one.text) and got[0][2] == "{}", got
    assert f"{entity}_1" in got[0][1], got
    assert decision(names, split) == "redact"
    # the whole (not streamed) answer: the same name
    mock.script(tool_calls=[{"name": name, "arguments": "{}", "id": "call_1"}])
    whole = post_raw(names, "/v1/chat/completions", json.dumps({"model": "gpt-4o-mini", "messages": ASK}))
    assert whole.json()["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == got[0][1]


def test_an_ordinary_tool_name_in_pieces_reads_as_sent(names: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=chat_stream(["get_", "weather_", "2024-06-04"]))
    r = post_raw(names, "/v1/chat/completions", json.dumps({"model": "gpt-4o-mini", "messages": ASK, "stream": True}))
    assert sdk_calls(r.text) == [("call_1", "get_weather_2024-06-04", "{}")]
    assert decision(names, r) == "allow"


PHONE_TOOL_USE = {"type": "tool_use", "id": "toolu_212-555-0199", "name": "notify_212-555-0199", "input": {}}


def test_an_anthropic_tool_use_name_and_id_are_redacted_whole_and_streamed(names: Proxy, mock: Mock) -> None:
    start = {"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant", "content": [],
                                                  "model": "claude-x", "stop_reason": None, "stop_sequence": None,
                                                  "usage": {"input_tokens": 1, "output_tokens": 1}}}
    mock.script(raw_sse=sse(start, {"type": "content_block_start", "index": 0, "content_block": PHONE_TOOL_USE},
                            {"type": "content_block_stop", "index": 0},
                            {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                             "usage": {"output_tokens": 5}}, {"type": "message_stop"}, named=True))
    body = {"model": "claude-3-5-haiku-latest", "max_tokens": 20, "messages": ASK}
    streamed = post_raw(names, "/v1/messages", json.dumps({**body, "stream": True}))
    mock.script(raw_body=json.dumps({"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
                                     "content": [PHONE_TOOL_USE], "stop_reason": "tool_use", "stop_sequence": None,
                                     "usage": {"input_tokens": 1, "output_tokens": 1}}))
    whole = post_raw(names, "/v1/messages", json.dumps(body))
    block = whole.json()["content"][0]
    assert block["name"] == "notify_PHONE_NUMBER_1" and "PHONE_NUMBER" in block["id"], block
    for r in (streamed, whole):
        assert "0199" not in r.text and decision(names, r) == "redact", r.text


def test_a_responses_function_call_name_and_call_id_are_redacted_whole_and_streamed(names: Proxy, mock: Mock) -> None:
    fc = {"type": "function_call", "id": "fc_1", "call_id": "call_212-555-0199", "name": "notify_212-555-0199",
          "arguments": "{}", "status": "completed"}
    base = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
    usage = {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}
    mock.script(raw_sse=sse(
        {"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": fc},
        {"type": "response.output_item.done", "sequence_number": 2, "output_index": 0, "item": fc},
        {"type": "response.completed", "sequence_number": 3,
         "response": {**base, "status": "completed", "output": [fc], "usage": usage}}, named=True))
    streamed = post_raw(names, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi", "stream": True}))
    mock.script(raw_body=json.dumps({**base, "status": "completed", "output": [fc], "usage": usage}))
    whole = post_raw(names, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi"}))
    item = whole.json()["output"][0]
    assert item["name"] == "notify_PHONE_NUMBER_1" and "PHONE_NUMBER" in item["call_id"], item
    for r in (streamed, whole):
        assert "0199" not in r.text and decision(names, r) == "redact", r.text
