"""A chunk's last text and its choice's end (issue 12, atk7 findings 1, 2, 4 and 7).

F1: a chat or legacy-completions chunk carrying both text and `finish_reason` had its finish handled first: the
choice closed, the text held before it went out unscreened against what followed, and the chunk's own text was
read alone and sent after the finish (`Project ` + `Falcon launches Monday.`+stop reached the client). Now the
chunk is read as two, its text first (with the text held before it), then its finish.
F2: text of a choice or an answer after its end (a finish chunk, Anthropic `message_delta`/`message_stop`,
Responses `response.completed`/`incomplete`/`failed`) was read alone: now it is unreadable (fails closed).
F4: with several chat choices, more of another choice's text sent after a choice's held (violating) text went out
before that text was decided: it now waits, and never goes out once the answer is blocked.
F7: a chat choice whose `index` is not an integer (`true`, which a client files under choice 1) is unreadable.
The relay's pump over scripted streams, the real output windows with a `patterns:` rule (no analyzer needed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.vault import Vault
from proxy.providers.anthropic import ADAPTER as anthropic_adapter
from proxy.providers.base import ALL_CHANNELS, CHAT, COMPLETIONS, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER as openai_adapter
from proxy.stream.channels import StreamRewriter
from proxy.stream.finish import opens_after_end
from proxy.stream.relay import Pump
from proxy.stream.usage import StreamUsage
from tests.stream.test_field_gaps import chunk, content_of, data_of, run


def finish_chunk(delta: dict[str, Any], finish: str = "stop", index: int = 0) -> dict[str, Any]:
    return chunk(delta, finish, index)


def finishes(events: list[Any], index: int = 0) -> list[str]:
    return [c["finish_reason"] for e in events for c in e.get("choices", [])
            if c.get("index") == index and c.get("finish_reason")]


def after_finish(events: list[Any], index: int = 0) -> list[Any]:
    """What came for choice `index` after the event that ended it."""
    ended, out = False, []
    for e in events:
        for c in e.get("choices", []):
            if c.get("index") != index:
                continue
            if ended:
                out.append(c)
            ended = ended or bool(c.get("finish_reason"))
    return out


def args_of(events: list[Any], index: int = 0) -> str:
    return "".join(t["function"].get("arguments") or "" for e in events for c in e.get("choices", [])
                   if c.get("index") == index for t in (c.get("delta") or {}).get("tool_calls") or [])


# ------------------------------------------------------------------------------------------------ F1

FIELDS: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {  # first piece, last piece (with the finish)
    "content": ({"content": "Project "}, {"content": "Falcon launches Monday."}, "stop"),
    "prose before it": ({"content": "Hello there. We start project "}, {"content": "falcon soon."}, "stop"),
    "refusal": ({"refusal": "No: project "}, {"refusal": "Falcon is secret."}, "stop"),
    "reasoning_content": ({"reasoning_content": "About project "}, {"reasoning_content": "Falcon now."}, "stop"),
    "audio transcript": ({"audio": {"id": "a1", "transcript": "Project "}},
                         {"audio": {"transcript": "Falcon now.", "data": "AAAA"}}, "stop"),
    "tool call arguments": ({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                             "function": {"name": "find", "arguments": '{"q":"project '}}]},
                            {"tool_calls": [{"index": 0, "function": {"arguments": 'falcon"}'}}]}, "tool_calls"),
    "whole tool call in the finish chunk": ({"content": "Looking up project "},
                                            {"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                                             "function": {"name": "find",
                                                                          "arguments": '{"q":"Falcon"}'}}]},
                                            "tool_calls"),
}


@pytest.mark.parametrize("field", list(FIELDS))
async def test_chat_last_text_in_the_finish_chunk_is_read_with_the_text_before_it(field: str) -> None:
    first, last, reason = FIELDS[field]
    events = [chunk({"role": "assistant", **first}), finish_chunk(last, reason), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and rewriter.windows.blocked and not rewriter.unreadable
    assert "falcon" not in text.lower() and "AAAA" not in text
    got = data_of(text)
    assert finishes(got) == ["content_filter"]


async def test_chat_finish_chunk_text_goes_out_before_the_finish() -> None:
    """Unblocked: the client gets every piece, in order, and nothing of the choice after its end."""
    events = [chunk({"role": "assistant", "content": "Project "}), chunk({"content": "planning is "}),
              finish_chunk({"content": "on track."}), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert not rewriter.stopped
    got = data_of(text)
    assert content_of(got) == "Project planning is on track."
    assert finishes(got) == ["stop"] and after_finish(got) == []
    last = next(c for e in got for c in e["choices"] if c.get("finish_reason"))
    assert last["delta"] == {}


async def test_chat_tool_call_in_the_finish_chunk_goes_out_whole_before_it() -> None:
    events = [chunk({"role": "assistant", "content": "Looking. "}),
              finish_chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                            "function": {"name": "find", "arguments": '{"q":"weather"}'}}]},
                           "tool_calls"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert not rewriter.stopped
    got = data_of(text)
    assert json.loads(args_of(got)) == {"q": "weather"} and content_of(got) == "Looking. "
    assert finishes(got) == ["tool_calls"] and after_finish(got) == []


async def test_chat_two_choices_ending_in_one_chunk_are_each_read_with_their_text() -> None:
    both = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": {"content": "Falcon now."}, "finish_reason": "stop"},
                        {"index": 1, "delta": {"content": "all fine."}, "finish_reason": "stop"}]}
    events = [chunk({"role": "assistant", "content": "We start project "}),
              chunk({"role": "assistant", "content": "Here "}, index=1), both, "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and "falcon" not in text.lower()


async def test_chat_finish_chunk_keeps_its_usage_and_other_keys_after_the_text() -> None:
    last = finish_chunk({"content": "on track."})
    last["usage"] = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    events = [chunk({"role": "assistant", "content": "All "}), last, "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    got = data_of(text)
    assert content_of(got) == "All on track."
    texts = [e for e in got if content_of([e])]
    assert all("usage" not in e for e in texts)
    assert [e for e in got if e.get("usage")], "the usage goes out with (or after) the finish"


def completion(text: str, finish: str | None = None) -> dict[str, Any]:
    return {"id": "cmpl", "object": "text_completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}]}


async def test_completions_last_text_in_the_finish_chunk_is_read_with_the_text_before_it() -> None:
    text, rewriter = await run(COMPLETIONS, openai_adapter,
                               [completion("We start project "), completion("falcon now.", "stop"), "[DONE]"])
    assert rewriter.stopped and "falcon" not in text.lower()
    text, rewriter = await run(COMPLETIONS, openai_adapter,
                               [completion("We start project "), completion("planning now.", "stop"), "[DONE]"])
    got = data_of(text)
    assert not rewriter.stopped and "".join(c["text"] for e in got for c in e["choices"]) \
        == "We start project planning now."
    assert after_finish(got) == []


# ------------------------------------------------------------------------------------------------ F2

async def test_chat_text_after_its_choice_finished_is_unreadable() -> None:
    events = [chunk({"role": "assistant", "content": "We start Project "}), chunk({}, "stop"),
              chunk({"content": "Falcon now."}), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.unreadable and rewriter.stopped and "falcon" not in text.lower()


async def test_chat_empty_text_after_the_finish_and_other_choices_go_on() -> None:
    events = [chunk({"role": "assistant", "content": "Hello. "}), chunk({}, "stop"), chunk({"content": ""}),
              chunk({"role": "assistant", "content": "Other. "}, index=1), chunk({}, "stop", index=1), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert not rewriter.stopped and not rewriter.unreadable
    assert content_of(data_of(text), 1) == "Other. "


def message_events(end: list[dict[str, Any]], more: str) -> list[dict[str, Any]]:
    return [{"type": "message_start", "message": {"id": "msg_1", "type": "message", "role": "assistant",
                                                  "content": [], "model": "m", "stop_reason": None,
                                                  "usage": {"input_tokens": 1, "output_tokens": 1}}},
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "We start Project "}},
            *end,
            {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": more}},
            {"type": "content_block_stop", "index": 0}, {"type": "message_stop"}]


MESSAGE_ENDS = {
    "message_delta": [{"type": "message_delta", "delta": {"stop_reason": "end_turn"}, "usage": {"output_tokens": 2}}],
    "message_stop": [{"type": "message_stop"}],
}


@pytest.mark.parametrize("end", list(MESSAGE_ENDS))
async def test_anthropic_text_after_the_answer_ended_is_unreadable(end: str) -> None:
    text, rewriter = await run(MESSAGES, anthropic_adapter, message_events(MESSAGE_ENDS[end], "Falcon now."),
                               named=True)
    assert rewriter.unreadable and rewriter.stopped and "falcon" not in text.lower()


async def test_anthropic_answer_without_late_text_is_unchanged() -> None:
    events = message_events([], "planning now.")
    events.insert(-1, MESSAGE_ENDS["message_delta"][0])
    text, rewriter = await run(MESSAGES, anthropic_adapter, events, named=True)
    assert not rewriter.stopped and "We start Project planning now." in "".join(
        e["delta"].get("text", "") for e in data_of(text) if e.get("type") == "content_block_delta")


def response_events(end: str, more: str) -> list[dict[str, Any]]:
    response = {"id": "resp_1", "object": "response", "status": "in_progress", "output": []}
    item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "in_progress", "content": []}
    delta = {"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0}
    return [{"type": "response.created", "sequence_number": 0, "response": response},
            {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": item},
            {"type": "response.content_part.added", "sequence_number": 2, "item_id": "msg_1", "output_index": 0,
             "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}},
            {**delta, "sequence_number": 3, "delta": "We start Project "},
            {"type": end, "sequence_number": 4, "response": {**response, "status": "completed"}},
            {**delta, "sequence_number": 5, "delta": more}]


@pytest.mark.parametrize("end", ["response.completed", "response.incomplete", "response.failed"])
async def test_responses_text_after_the_answer_ended_is_unreadable(end: str) -> None:
    text, rewriter = await run(RESPONSES, openai_adapter, response_events(end, "Falcon now."), named=True)
    assert rewriter.unreadable and rewriter.stopped and "falcon" not in text.lower()


# ------------------------------------------------------------------------------------------------ F4

async def test_another_choices_text_after_a_held_violating_sentence_never_goes_out() -> None:
    events = [chunk({"role": "assistant", "content": "Hi. "}, index=1),
              chunk({"role": "assistant", "content": "Project Falcon go. "}),
              chunk({"content": "AFTERTEXT one. "}, index=1),
              chunk({}, "stop", index=1), chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.stopped and "falcon" not in text.lower()
    assert "AFTERTEXT" not in text


async def test_another_choices_text_waits_for_the_held_text_and_then_goes_out_in_order() -> None:
    events = [chunk({"role": "assistant", "content": "Hi. "}, index=1),
              chunk({"role": "assistant", "content": "Status: project "}),
              chunk({"content": "AFTERTEXT one. "}, index=1),
              chunk({"content": "planning is fine. "}), chunk({}, "stop", index=1), chunk({}, "stop"), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert not rewriter.stopped
    got = data_of(text)
    assert content_of(got) == "Status: project planning is fine. "
    assert content_of(got, 1) == "Hi. AFTERTEXT one. "
    assert finishes(got) == ["stop"] and finishes(got, 1) == ["stop"]


# ------------------------------------------------------------------------------------------------ F7

@pytest.mark.parametrize("index", [True, False, 1.0, "1", None, [1]])
async def test_a_chat_choice_index_that_is_no_integer_is_unreadable(index: Any) -> None:
    odd = chunk({"content": "Falcon now."})
    odd["choices"][0]["index"] = index
    events = [chunk({"role": "assistant", "content": "We start Project "}, index=1), odd,
              chunk({}, "stop", index=1), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.unreadable and rewriter.stopped and "falcon" not in text.lower()


@pytest.mark.parametrize("order", ["text, then finish", "finish, then text"])
async def test_two_entries_of_one_choice_in_one_chunk_are_unreadable(order: str) -> None:
    # atk7 (tester A's t_more): the text and the finish as two entries of one chunk were read finish first, the
    # text alone after it: `We start Project ` + [`Falcon now`, finish] reached the client whole
    both = chunk({"content": "Falcon now"})
    ends = chunk({}, "stop")["choices"][0]
    both["choices"] = [both["choices"][0], ends] if order.startswith("text") else [ends, both["choices"][0]]
    events = [chunk({"role": "assistant", "content": "We start Project "}), both, "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert rewriter.unreadable and rewriter.stopped and "falcon" not in text.lower()


async def test_two_choices_in_one_chunk_are_read() -> None:
    two = chunk({"content": "Plain one. "})
    two["choices"].append(chunk({"content": "Plain two. "}, index=1)["choices"][0])
    events = [two, chunk({}, "stop"), chunk({}, "stop", index=1), "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert not rewriter.unreadable
    assert content_of(data_of(text), 0) == "Plain one. " and content_of(data_of(text), 1) == "Plain two. "


@pytest.mark.parametrize("index", [0, 3])  # (-1: unreadable, every SDK files it under another choice: indexes24)
async def test_a_chat_choice_integer_index_is_read(index: int) -> None:
    events = [chunk({"role": "assistant", "content": "Plain text. "}, index=index), chunk({}, "stop", index=index),
              "[DONE]"]
    text, rewriter = await run(CHAT, openai_adapter, events)
    assert not rewriter.unreadable and content_of(data_of(text), index) == "Plain text. "


async def test_restore_only_placeholder_split_at_the_finish_chunk_is_restored() -> None:
    """No output rules, restore only: a placeholder whose rest comes in the finish chunk is put back whole."""
    vault = Vault()
    vault.placeholder("EMAIL_ADDRESS", "jane.doe@acme.com")
    windows = Guard().output_stream(Policy.model_validate({"name": "t", "input": {"pii": {"restore": True}}}), vault)
    events = [chunk({"role": "assistant", "content": "Sent to <EMAIL_"}), finish_chunk({"content": "ADDRESS_1> ok."})]
    raw = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    rewriter = StreamRewriter(CHAT, openai_adapter, windows)
    pump = Pump(StreamUsage(openai_adapter, CHAT), rewriter)
    text = (await pump.feed(raw.encode()) + await pump.finish()).decode()
    got = data_of(text)
    assert content_of(got) == "Sent to jane.doe@acme.com ok." and "<EMAIL" not in text
    assert after_finish(got) == [] and finishes(got) == ["stop"]


# ---- opens_after_end (atk21 M3): anything of an ended answer, text or not

def test_opens_after_end_reads_every_answer_kind() -> None:
    call = {"choices": [{"index": 0, "delta": {"tool_calls": [{"index": 0, "id": "c", "function": {"name": "bash"}}]},
                         "finish_reason": None}]}
    assert opens_after_end(CHAT, call, {"choice:0:"})
    assert not opens_after_end(CHAT, call, set())                     # nothing ended yet
    assert not opens_after_end(CHAT, call, {"choice:1:"})             # another choice ended
    assert not opens_after_end(CHAT, {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}, {"choice:0:"})
    assert not opens_after_end(CHAT, {"choices": [], "usage": {"total_tokens": 3}}, {"choice:0:"})
    assert opens_after_end(COMPLETIONS, {"choices": [{"index": 0, "text": "x"}]}, {"choice:0:"})
    start = {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "t", "input": {}}}
    assert opens_after_end(MESSAGES, start, {ALL_CHANNELS})
    assert not opens_after_end(MESSAGES, {"type": "message_stop"}, {ALL_CHANNELS})
    assert not opens_after_end(MESSAGES, {"type": "content_block_stop", "index": 0}, {ALL_CHANNELS})
    added = {"type": "response.output_item.added", "output_index": 1, "item": {"type": "function_call"}}
    assert opens_after_end(RESPONSES, added, {ALL_CHANNELS})
    assert not opens_after_end(RESPONSES, added, set())
    assert not opens_after_end(RESPONSES, {"type": "response.completed", "response": {}}, {ALL_CHANNELS})
