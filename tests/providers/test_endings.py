"""proxy.providers.endings: how a blocked answer ends, in OpenAI's terms and in Anthropic's."""

from __future__ import annotations

import json
from typing import Any

from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, COMPLETIONS, EMBEDDINGS, MESSAGES, RESPONSES, Usage
from proxy.providers.endings import (
    StreamMeta,
    anthropic_stream_ending,
    block_anthropic_body,
    block_openai_body,
    openai_stream_ending,
)
from proxy.providers.openai import ADAPTER as OPENAI


def events(raw: list[bytes]) -> list[tuple[str | None, Any]]:
    """(event name, data) of each encoded event; data is "[DONE]" or parsed JSON."""
    out: list[tuple[str | None, Any]] = []
    for item in raw:
        text = item.decode()
        assert text.endswith("\n\n")
        name = None
        data = ""
        for line in text.strip("\n").split("\n"):
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            else:
                assert line.startswith("data: ")
                data = line.removeprefix("data: ")
        out.append((name, data if data == "[DONE]" else json.loads(data)))
    return out


# --------------------------------------------------------------------------- whole answers


def chat_answer() -> dict[str, Any]:
    return {"id": "c1", "object": "chat.completion", "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "", "tool_calls": [{"id": "t"}],
                                 "function_call": {"name": "f"}}, "finish_reason": "tool_calls"},
        {"index": 1, "message": {"role": "assistant", "content": "fine"}, "finish_reason": "stop"}]}


def test_a_blocked_chat_answer_ends_with_content_filter_and_no_tool_calls() -> None:
    body = chat_answer()
    block_openai_body(CHAT, body, set())  # no channel named: every choice
    assert [c["finish_reason"] for c in body["choices"]] == ["content_filter", "content_filter"]
    assert body["choices"][0]["message"] == {"role": "assistant", "content": ""}


def test_only_the_blocked_choices_are_marked() -> None:
    body = chat_answer()
    block_openai_body(CHAT, body, {"choice:0:content"})
    assert body["choices"][0]["finish_reason"] == "content_filter" and "tool_calls" not in body["choices"][0]["message"]
    assert body["choices"][1] == chat_answer()["choices"][1]
    completions = {"choices": [{"text": "a", "finish_reason": "stop"}, {"text": "", "finish_reason": "stop"}]}
    block_openai_body(COMPLETIONS, completions, {"choice:1:text"})  # no "index": the position counts
    assert [c["finish_reason"] for c in completions["choices"]] == ["stop", "content_filter"]


def test_odd_choices_are_skipped_never_raised_on() -> None:
    body: dict[str, Any] = {"choices": [None, "x", {"index": 2, "message": "not an object"}]}
    block_openai_body(CHAT, body, set())
    assert body == {"choices": [None, "x", {"index": 2, "message": "not an object", "finish_reason": "content_filter"}]}
    no_choices: dict[str, Any] = {"choices": "none"}
    block_openai_body(CHAT, no_choices, set())
    assert no_choices == {"choices": "none"}


def test_a_blocked_responses_answer_is_incomplete() -> None:
    body = {"object": "response", "status": "completed", "output_text": "withheld", "output": []}
    block_openai_body(RESPONSES, body, {"output:0:content:0"})
    assert body == {"object": "response", "status": "incomplete", "output_text": "",
                    "incomplete_details": {"reason": "content_filter"}, "output": []}
    without_text: dict[str, Any] = {"status": "completed"}
    block_openai_body(RESPONSES, without_text, set())
    assert "output_text" not in without_text and without_text["status"] == "incomplete"


def test_other_openai_routes_are_left_as_they_are() -> None:
    body = {"data": [{"embedding": [0.1]}]}
    block_openai_body(EMBEDDINGS, body, set())
    assert body == {"data": [{"embedding": [0.1]}]}


def test_a_blocked_anthropic_message_is_a_refusal_without_tool_use_or_emptied_text() -> None:
    body = {"id": "msg_1", "stop_reason": "tool_use", "stop_sequence": "###", "content": [
        {"type": "text", "text": "Here you go"}, {"type": "text", "text": ""},
        {"type": "tool_use", "id": "t1", "input": {}}, {"type": "server_tool_use", "id": "s1"},
        {"type": "thinking", "thinking": "...", "signature": "sig"}]}
    block_anthropic_body(body)
    assert body == {"id": "msg_1", "stop_reason": "refusal", "stop_sequence": None, "content": [
        {"type": "text", "text": "Here you go"}, {"type": "thinking", "thinking": "...", "signature": "sig"}]}


def test_the_adapters_block_their_own_way() -> None:
    openai_body = chat_answer()
    OPENAI.block_body(CHAT, openai_body, set())
    assert openai_body["choices"][1]["finish_reason"] == "content_filter"
    anthropic_body: dict[str, Any] = {"content": []}
    ANTHROPIC.block_body(MESSAGES, anthropic_body, {"block:0"})
    assert anthropic_body == {"content": [], "stop_reason": "refusal", "stop_sequence": None}


# --------------------------------------------------------------------------- what a stream said


def test_stream_meta_remembers_ids_and_open_choices() -> None:
    meta = StreamMeta()
    meta.observe(CHAT, {"id": "c1", "created": 7, "model": "gpt-4o", "object": "chat.completion.chunk",
                        "system_fingerprint": "fp", "choices": [{"index": 0, "delta": {}}, {"index": 1, "delta": {}}]})
    meta.observe(CHAT, {"id": "other", "model": "other", "choices": [{"index": 1, "finish_reason": "stop"},
                                                                      {"index": "2", "delta": {}}]})
    assert (meta.id, meta.created, meta.model, meta.object, meta.system_fingerprint) == (
        "c1", 7, "gpt-4o", "chat.completion.chunk", "fp")  # the first values stay
    assert meta.open_choices == {0}  # 1 finished; "2" is not an index


def test_stream_meta_follows_responses_and_anthropic_events() -> None:
    meta = StreamMeta()
    meta.observe(RESPONSES, {"type": "response.created", "sequence_number": 4, "response": {"id": "resp_1"}})
    meta.observe(RESPONSES, {"type": "response.output_text.delta", "sequence_number": 2})
    meta.observe(RESPONSES, {"type": "x", "sequence_number": "9"})
    assert meta.sequence == 4 and meta.response == {"id": "resp_1"}
    meta = StreamMeta()
    meta.observe(MESSAGES, {"type": "message_start", "message": {"id": "msg_1", "model": "claude"}})
    for index in (0, 1, 2):
        meta.observe(MESSAGES, {"type": "content_block_start", "index": index})
    meta.observe(MESSAGES, {"type": "content_block_stop", "index": 1})
    assert (meta.id, meta.model, meta.open_blocks) == ("msg_1", "claude", {0, 2})


# --------------------------------------------------------------------------- stream endings


def chat_meta(*open_choices: int) -> StreamMeta:
    meta = StreamMeta()
    meta.observe(CHAT, {"id": "chatcmpl-c1", "created": 7, "model": "gpt-4o", "object": "chat.completion.chunk",
                        "choices": [{"index": i, "delta": {}} for i in open_choices]})
    meta.asked_model = "gpt-4o"  # nothing went out: the ending keeps the model only as the client asked it (F15)
    return meta


def test_a_blocked_chat_stream_ends_with_content_filter_usage_and_done() -> None:
    out = events(openai_stream_ending(CHAT, chat_meta(1, 0), Usage(12, 5), send_usage=True, released={}))
    head = {"id": "chatcmpl-c1", "object": "chat.completion.chunk", "created": 7, "model": "gpt-4o"}
    assert out == [
        (None, {**head, "choices": [{"index": 0, "delta": {}, "logprobs": None, "finish_reason": "content_filter"},
                                    {"index": 1, "delta": {}, "logprobs": None, "finish_reason": "content_filter"}]}),
        (None, {**head, "choices": [], "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}}),
        (None, "[DONE]"),
    ]


def test_without_usage_asked_the_chat_ending_has_no_usage_chunk() -> None:
    out = events(openai_stream_ending(CHAT, StreamMeta(), Usage(1, 1), send_usage=False, released={}))
    # Nothing observed, nothing sent: an empty id and model and `created` 0, never None (atk45 F15, `sent_head`)
    assert out == [(None, {"id": "", "object": "chat.completion.chunk", "created": 0, "model": "", "choices": [
        {"index": 0, "delta": {}, "logprobs": None, "finish_reason": "content_filter"}]}), (None, "[DONE]")]


def test_a_chat_stream_blocked_after_every_choice_ended_ends_them_all_again() -> None:
    meta = chat_meta(0, 1)
    meta.observe(CHAT, {"choices": [{"index": 1, "delta": {}, "finish_reason": "stop"}]})
    out = events(openai_stream_ending(CHAT, meta, Usage(1, 1), send_usage=False, released={}))
    assert [c["index"] for c in out[0][1]["choices"]] == [0]  # one still open: only that one
    meta.observe(CHAT, {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    out = events(openai_stream_ending(CHAT, meta, Usage(1, 1), send_usage=False, released={}))
    assert [(c["index"], c["finish_reason"]) for c in out[0][1]["choices"]] == [
        (0, "content_filter"), (1, "content_filter")]


def test_a_blocked_completions_stream_ends_with_empty_text() -> None:
    meta = StreamMeta()
    meta.observe(COMPLETIONS, {"id": "cmpl", "choices": [{"index": 0, "text": "a"}]})
    first = events(openai_stream_ending(COMPLETIONS, meta, Usage(2, 3), send_usage=False, released={}))[0][1]
    assert first["object"] == "text_completion"
    assert first["choices"] == [{"index": 0, "text": "", "logprobs": None, "finish_reason": "content_filter"}]


def test_a_blocked_responses_stream_ends_with_response_incomplete() -> None:
    meta = StreamMeta()
    meta.observe(RESPONSES, {"type": "response.created", "sequence_number": 3,
                             "response": {"id": "resp_1", "object": "response", "status": "in_progress"}})
    released = {"output:1:content:0": "world", "output:0:content:0": "Hello ", "output:0:arguments": "{}"}
    ((name, data),) = events(openai_stream_ending(RESPONSES, meta, Usage(10, 4), send_usage=True,
                                                  released=released))
    assert name == "response.incomplete" and data["type"] == "response.incomplete" and data["sequence_number"] == 4
    response = data["response"]
    assert response["id"] == "resp_1" and response["status"] == "incomplete"
    assert response["incomplete_details"] == {"reason": "content_filter"}
    assert response["output"] == [{"type": "message", "id": "msg_guardrail_withheld", "status": "incomplete",
                                   "role": "assistant", "content": [
                                       {"type": "output_text", "text": "Hello world", "annotations": []}]}]
    assert response["usage"] == {"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0},
                                 "output_tokens": 4, "output_tokens_details": {"reasoning_tokens": 0},
                                 "total_tokens": 14}
    assert meta.sequence == 4


def test_other_openai_streams_have_no_ending() -> None:
    assert openai_stream_ending(EMBEDDINGS, StreamMeta(), Usage(), send_usage=True, released={}) == []


def test_a_refused_anthropic_stream_closes_its_open_blocks_then_stops() -> None:
    meta = StreamMeta()
    for index in (2, 0):
        meta.observe(MESSAGES, {"type": "content_block_start", "index": index})
    out = events(anthropic_stream_ending(meta, Usage(30, 9)))
    assert out == [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("content_block_stop", {"type": "content_block_stop", "index": 2}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": "refusal", "stop_sequence": None},
                           "usage": {"output_tokens": 9}}),
        ("message_stop", {"type": "message_stop"}),
    ]


def test_the_adapters_end_streams_their_own_way() -> None:
    assert OPENAI.stream_ending(CHAT, StreamMeta(), Usage(), send_usage=False, released={})[-1] == b"data: [DONE]\n\n"
    assert ANTHROPIC.stream_ending(MESSAGES, StreamMeta(), Usage(), send_usage=True, released={})[-1] == (
        b'event: message_stop\ndata: {"type":"message_stop"}\n\n')
