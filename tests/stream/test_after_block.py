"""Events after held text (`StreamRewriter._after_held`, issue 12): under enforced output rules an event that
brings something new (a tool call, a block) waits while text before it is held, and never goes out once the
answer is blocked there; a chunk that only carries more of a field already open goes out as it comes, so a
stream of prose still streams. The pump event by event, with the real output windows (a `patterns:` rule)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.config.policy import Policy
from proxy.guard.engine import Guard
from proxy.guard.windows import OutputWindows
from proxy.nlp.toxicity import KeywordScorer
from proxy.providers.anthropic import ADAPTER as ANTHROPIC
from proxy.providers.base import CHAT, COMPLETIONS, MESSAGES, RESPONSES
from proxy.providers.openai import ADAPTER
from tests.support.stream_pump import drive, make_pump


def windows() -> OutputWindows:
    return Guard().output_stream(Policy.model_validate({"name": "t", "on_error": "block", "output": {"patterns": [
        {"name": "c", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}}))


def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
    body = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return f"data: {json.dumps(body)}\n\n".encode()


CALL = {"tool_calls": [{"index": 0, "id": "call_late", "type": "function",
                        "function": {"name": "late_tool", "arguments": "{}"}}]}


async def feed_each(events: list[bytes]) -> list[bytes]:
    """What the client gets after each upstream event (the last entry: the stream's end)."""
    pump, _ = make_pump(CHAT, ADAPTER, windows(), ending=lambda: [b"data: [ENDING]\n\n"])
    out = []
    for ev in events:
        out.append(await pump.feed(ev))
        if pump.stopped:
            break
    out.append(await pump.finish())
    return out


async def test_chunks_of_a_held_sentence_still_go_out_as_they_come() -> None:
    words = "Hello there, this is a sentence that goes on for a while"
    got = await feed_each([chunk({"role": "assistant", "content": ""}),
                           *(chunk({"content": words[i:i + 4]}) for i in range(0, len(words), 4)),
                           chunk({}, "stop"), b"data: [DONE]\n\n"])
    assert all(b"data:" in out for out in got[:-1]), got  # one event out per event in, text held or not
    assert words in "".join(json.loads(line[5:])["choices"][0]["delta"].get("content") or ""
                            for out in got for line in out.decode().splitlines()
                            if line.startswith("data: {") and json.loads(line[5:])["choices"])


async def test_a_tool_call_after_held_text_waits_and_goes_once_the_text_is_released() -> None:
    got = await feed_each([chunk({"role": "assistant", "content": "Let me check"}), chunk(CALL),
                           chunk({}, "tool_calls"), b"data: [DONE]\n\n"])
    before_end = b"".join(got[:2])
    assert b"late_tool" not in before_end  # waited behind "Let me check"
    everything = b"".join(got)
    assert b"Let me check" in everything and b"late_tool" in everything  # no block: both go out
    assert b"[ENDING]" not in everything


async def test_a_tool_call_after_the_violating_sentence_never_goes_out() -> None:
    got = b"".join(await feed_each([chunk({"role": "assistant", "content": "Fine. Then project "}),
                                    chunk({"content": "osprey"}), chunk(CALL), chunk({"content": " again."}),
                                    chunk({}, "tool_calls"), b"data: [DONE]\n\n"]))
    assert b"late_tool" not in got and b"call_late" not in got and b"osprey" not in got.lower()
    assert b"Fine. " in got and got.endswith(b"data: [ENDING]\n\n")


async def test_a_tool_call_inside_the_violating_sentence_never_goes_out() -> None:
    """The call comes after the sentence began (`project` held, it may grow into a match), before it ended."""
    for first in ("Fine. Then project", "Reach 555. Then project"):
        got = b"".join(await feed_each([chunk({"role": "assistant", "content": first}), chunk(CALL),
                                        chunk({"content": " osprey again."}), chunk({}, "tool_calls"),
                                        b"data: [DONE]\n\n"]))
        assert b"late_tool" not in got and b"call_late" not in got and b"osprey" not in got.lower(), got
        assert first.split(" Then")[0].encode() in got and got.endswith(b"data: [ENDING]\n\n")


def choice_chunk(index: int, delta: dict[str, Any], finish: str | None = None, **top: Any) -> bytes:
    body = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}], **top}
    return f"data: {json.dumps(body)}\n\n".encode()


def sent_events(got: list[bytes]) -> list[dict[str, Any]]:
    return [json.loads(line[6:]) for out in got for line in out.decode().splitlines()
            if line.startswith("data: {")]


async def test_another_choices_tool_call_after_held_text_waits_for_it_and_never_goes_out_after_a_block() -> None:
    """n=2 (issue 12, finding 3): choice 1's sentence is held when choice 0's call comes; choice 0's end released
    choice 0's own text, and the call went out with it, before choice 1's text was read (the violating one)."""
    got = await feed_each([choice_chunk(0, {"role": "assistant", "content": "Fine. "}),
                           choice_chunk(1, {"role": "assistant", "content": "Project Osprey go. "}),
                           choice_chunk(0, CALL), choice_chunk(0, {}, "tool_calls"),
                           choice_chunk(1, {"content": "more"}), choice_chunk(1, {}, "stop"), b"data: [DONE]\n\n"])
    everything = b"".join(got)
    assert b"late_tool" not in everything and b"call_late" not in everything and b"osprey" not in everything.lower()
    assert b"tool_calls" not in everything  # choice 0's own end waited too: the ending ends it
    assert b'"content": "Fine. "' in everything.replace(b'":"', b'": "') and everything.endswith(b"[ENDING]\n\n")


async def test_a_tool_call_goes_out_after_the_text_held_before_it_in_every_choice() -> None:
    got = await feed_each([choice_chunk(0, {"role": "assistant", "content": "Fine. "}),
                           choice_chunk(1, {"role": "assistant", "content": "All good. "}),
                           choice_chunk(0, CALL), choice_chunk(0, {}, "tool_calls"),
                           choice_chunk(1, {"content": "more. "}), choice_chunk(1, {}, "stop"), b"data: [DONE]\n\n"])
    events = sent_events(got)
    at_call = next(k for k, e in enumerate(events) if "late_tool" in json.dumps(e))
    before = [c["delta"].get("content") for e in events[:at_call] for c in e["choices"]]
    assert "Fine. " in before and any(text and text.startswith("All good. ") for text in before), events


async def test_released_text_carries_no_other_key_of_the_chunk_it_is_written_from() -> None:
    """Finding 4: `Hello. ` held, released once the next chunk (the violating one) was read, in a copy of that
    chunk: its other keys went along. Now in an event of the keys that place it only."""
    bad = json.loads(choice_chunk(0, {"content": "Project Osprey go. ", "x_d": "NOTE3"}, x_top="NOTE1")[6:])
    bad["choices"][0]["x_choice"] = "NOTE2"
    got = await feed_each([chunk({"role": "assistant", "content": "Hello. "}),
                           f"data: {json.dumps(bad)}\n\n".encode(), chunk({}, "stop"), b"data: [DONE]\n\n"])
    everything = b"".join(got)
    assert b"NOTE" not in everything and b"x_" not in everything and b"osprey" not in everything.lower()
    released = [e for e in sent_events(got) if e["choices"][0]["delta"].get("content")]
    assert released == [{"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
                         "choices": [{"index": 0, "delta": {"content": "Hello. "}, "finish_reason": None}]}]


def named(event: dict[str, Any]) -> bytes:
    return f"event: {event['type']}\ndata: {json.dumps(event)}\n\n".encode()


MSG = {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [], "stop_reason": None,
       "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
WHERE = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
# Per route: the events of an answer whose second text fragment (`BAD`, with an unknown key) is the violating one.
BAD = "Project Osprey go. "
ROUTES: dict[str, tuple[str, Any, list[bytes]]] = {
    "completions": (COMPLETIONS, ADAPTER, [
        *(f"data: {json.dumps(body)}\n\n".encode() for body in (
            {"id": "c", "object": "text_completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "text": "Hello. ", "logprobs": None, "finish_reason": None}]},
            {"id": "c", "object": "text_completion", "created": 1, "model": "m", "x_top": "NOTE1",
             "choices": [{"index": 0, "text": BAD, "logprobs": None, "finish_reason": None, "x_choice": "NOTE2"}]},
            {"id": "c", "object": "text_completion", "created": 1, "model": "m",
             "choices": [{"index": 0, "text": "", "logprobs": None, "finish_reason": "stop"}]})),
        b"data: [DONE]\n\n"]),
    "responses": (RESPONSES, ADAPTER, [named(e) for e in (
        {"type": "response.created", "sequence_number": 0, "response": {
            "id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "m",
            "output": []}},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": {
            "type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}},
        {"type": "response.content_part.added", "sequence_number": 2, **WHERE,
         "part": {"type": "output_text", "text": "", "annotations": []}},
        {"type": "response.output_text.delta", "sequence_number": 3, **WHERE, "delta": "Hello. ", "logprobs": []},
        {"type": "response.output_text.delta", "sequence_number": 4, **WHERE, "delta": BAD, "logprobs": [],
         "x_top": "NOTE1"},
        {"type": "response.output_text.done", "sequence_number": 5, **WHERE, "text": "Hello. " + BAD,
         "logprobs": []})]),
    "messages": (MESSAGES, ANTHROPIC, [named(e) for e in (
        {"type": "message_start", "message": MSG},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello. "}},
        {"type": "content_block_delta", "index": 0, "x_top": "NOTE1",
         "delta": {"type": "text_delta", "text": BAD, "x_delta": "NOTE2"}},
        {"type": "content_block_stop", "index": 0})]),
}


@pytest.mark.parametrize("route", ROUTES)
async def test_released_text_carries_no_other_key_of_the_event_it_is_written_from_on_every_route(route: str) -> None:
    kind, adapter, events = ROUTES[route]
    pump, _ = make_pump(kind, adapter, windows(), ending=lambda: [b"data: [ENDING]\n\n"])
    out = await drive(pump, events)
    assert b"NOTE" not in out and b"x_" not in out and b"osprey" not in out.lower(), out
    assert b'"Hello. "' in out and out.endswith(b"data: [ENDING]\n\n"), out


async def test_a_chunk_with_more_fields_waits_for_its_own_text_and_what_it_released_goes_alone() -> None:
    """With sentence scoring, `Hello. ` is released by the next chunk (the violating one, with an unknown key):
    the released text goes out in a chunk of its own, and that chunk, waiting for its own text, never does."""
    policy = Policy.model_validate({"name": "t", "on_error": "block", "output": {
        "patterns": [{"name": "c", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}],
        "toxicity": {"action": "block", "thresholds": {"toxicity": 0.8}, "stream_hold": "sentence"}}})
    pump, _ = make_pump(CHAT, ADAPTER, Guard(scorer=KeywordScorer()).output_stream(policy),
                        ending=lambda: [b"data: [ENDING]\n\n"])
    got = [await pump.feed(chunk({"role": "assistant", "content": "Hello. "})),
           await pump.feed(chunk({"content": "Status: Project Osprey. ", "x_d": "NOTE3"}))]
    assert b"NOTE" not in b"".join(got)
    got += [await pump.feed(chunk({}, "stop")), await pump.feed(b"data: [DONE]\n\n"), await pump.finish()]
    everything = b"".join(got)
    assert b"NOTE" not in everything and b"x_d" not in everything and b"osprey" not in everything.lower()
    released = [e for e in sent_events(got) if e["choices"][0]["delta"].get("content")]
    assert [e["choices"][0]["delta"] for e in released] == [{"content": "Hello. "}], everything
