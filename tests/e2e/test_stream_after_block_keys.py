"""After a streamed answer is blocked, two more doors (issue 12, README-only attack on streams, findings 3 and 4).

Several chat choices: an event of another choice that came after the violating sentence (choice 1 says it, then
choice 0 streams a tool call and ends) reached the client, and before choice 0's own held text: the events
waiting behind held text were let go once the text held when the first of them came was out, whatever came
after. Now every waiting event that brings something new waits for all the text fed before it, in every
choice, and text released goes before the events that came after it was fed.

Keys of the violating event: the text held before it was released in a copy of the last fragment event, the
violating one, with its other keys (`x_note`). Now that event carries only the text it releases and the keys
that place it, on every streamed route (chat, legacy completions, Responses, Messages).

Scripted streams (the mock serves them verbatim); assertions on every event the client received, raw and
through the official SDKs' stream helpers. Values differ from the attack's.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import assert_absent, data_events, post_team, sse
from tests.support.clients import dump_models as dump
from tests.support.clients import team_claude as ant
from tests.support.clients import team_oai as oai

NOTE = "QUILLMARK"  # an extra key's value in the violating event: never the client's to see
TOOL = "wire_funds_to_oslo"
ARGS = '{"q": "ZEPHYRTAIL"}'
LEAKS = (NOTE, TOOL, "ZEPHYRTAIL", "call_9", "osprey")
BLOCKED = "Status: Project Osprey. "

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
}


@pytest.fixture(scope="module")
def keys(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, version=True)


def clean(got: str, *extra: str) -> None:
    assert_absent(got, *LEAKS, *extra)


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0, **top: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}], **top}


CHAT = {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
CALL = {"tool_calls": [{"index": 0, "id": "call_9", "type": "function",
                        "function": {"name": TOOL, "arguments": ARGS}}]}


def chat_content(events: list[Any], index: int) -> str:
    return "".join(c["delta"].get("content") or "" for e in events for c in e.get("choices", [])
                   if c["index"] == index)


def chat_ends(events: list[Any]) -> dict[int, list[str]]:
    ends: dict[int, list[str]] = {}
    for e in events:
        for c in e.get("choices", []):
            if c.get("finish_reason"):
                ends.setdefault(c["index"], []).append(c["finish_reason"])
    return ends


# ------------------------------------------------------------------ several choices: another choice's events

def two_choices(second: str) -> list[Any]:
    """Choice 0 says a sentence (held), choice 1 says `second`, then choice 0 calls a tool and ends."""
    return [chunk({"role": "assistant", "content": "Fine. "}, index=0),
            chunk({"role": "assistant", "content": second}, index=1),
            chunk(CALL, index=0), chunk({}, "tool_calls", index=0),
            chunk({"content": "more. "}, index=1), chunk({}, "stop", index=1), "[DONE]"]


def test_chat_n2_another_choices_tool_call_after_the_violating_sentence_never_goes_out(keys: Proxy,
                                                                                      mock: Mock) -> None:
    mock.script(raw_sse=sse(*two_choices(BLOCKED)))
    r = _post(keys, "/v1/chat/completions", {**CHAT, "n": 2})
    assert r.status_code == 200, r.text
    clean(r.text, "more.")
    got = data_events(r.text)
    assert chat_content(got, 0) == "Fine. "  # choice 0's text before the violating sentence still goes out
    assert chat_ends(got) == {0: ["content_filter"], 1: ["content_filter"]}  # its `tool_calls` end waited too
    assert r.text.rstrip().endswith("data: [DONE]")
    mock.script(raw_sse=sse(*two_choices(BLOCKED)))
    with oai(keys).chat.completions.stream(model="gpt-4o-mini", n=2,
                                           messages=[{"role": "user", "content": "hi"}]) as stream:
        seen = list(stream)
        snapshot = stream.current_completion_snapshot
    clean(dump(seen), "more.")
    assert not any(choice.message.tool_calls for choice in snapshot.choices)  # the helper assembled no call
    assert {c.index: c.finish_reason for c in snapshot.choices} == {0: "content_filter", 1: "content_filter"}


def test_chat_n2_a_tool_call_never_overtakes_text_held_before_it(keys: Proxy, mock: Mock) -> None:
    """Unblocked: the call goes out after choice 0's own held text and after choice 1's text before it."""
    mock.script(raw_sse=sse(*two_choices("All good here. ")))
    r = _post(keys, "/v1/chat/completions", {**CHAT, "n": 2})
    got = data_events(r.text)
    assert chat_content(got, 0) == "Fine. " and chat_content(got, 1) == "All good here. more. "
    at_call = next(k for k, e in enumerate(got) if TOOL in json.dumps(e))
    before = got[:at_call]
    assert chat_content(before, 0) == "Fine. ", r.text  # the choice's own text held before the call
    assert chat_content(before, 1).startswith("All good here. "), r.text  # and the other choice's
    assert chat_ends(got) == {0: ["tool_calls"], 1: ["stop"]}
    mock.script(raw_sse=sse(*two_choices("All good here. ")))
    with oai(keys).chat.completions.stream(model="gpt-4o-mini", n=2,
                                           messages=[{"role": "user", "content": "hi"}]) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name, c.function.arguments) for c in calls] == [("call_9", TOOL, ARGS)]
    assert final.choices[0].message.content == "Fine. "


def test_chat_n1_a_tool_call_inside_held_text_waits_and_never_goes_out_after_a_block(keys: Proxy,
                                                                                     mock: Mock) -> None:
    """n=1, the call comes while the sentence is held, and the sentence turns out to be the violating one."""
    events = [chunk({"role": "assistant", "content": "Fine. Status: Project Osprey"}), chunk(CALL),
              chunk({"content": "! More."}), chunk({}, "tool_calls"), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    r = _post(keys, "/v1/chat/completions", CHAT)
    clean(r.text, "More.")
    got = data_events(r.text)
    assert chat_content(got, 0) == "Fine. " and chat_ends(got) == {0: ["content_filter"]}


# --------------------------------------------------------------------- keys of the violating chunk or event

@pytest.mark.parametrize("where", ["top", "choice", "delta"])
@pytest.mark.parametrize("n", [1, 2])
def test_chat_released_text_carries_no_key_of_the_violating_chunk(keys: Proxy, mock: Mock, where: str,
                                                                  n: int) -> None:
    bad = chunk({"content": BLOCKED})
    if where == "top":
        bad["x_note"] = NOTE
    elif where == "choice":
        bad["choices"][0]["x_note"] = NOTE
    else:
        bad["choices"][0]["delta"]["x_note"] = NOTE
    events: list[Any] = [chunk({"role": "assistant", "content": "Hello. "}), bad, chunk({}, "stop")]
    if n == 2:
        events[1:1] = [chunk({"role": "assistant", "content": "Other. "}, index=1)]
        events.append(chunk({}, "stop", index=1))
    mock.script(raw_sse=sse(*events, "[DONE]"))
    r = _post(keys, "/v1/chat/completions", {**CHAT, "n": n})
    clean(r.text, "x_note")
    got = data_events(r.text)
    assert chat_content(got, 0) == "Hello. ", r.text  # the text before the violating sentence still goes out
    assert set(chat_ends(got)) == set(range(n)) and all(e == ["content_filter"] for e in chat_ends(got).values())
    mock.script(raw_sse=sse(*events, "[DONE]"))
    seen = list(oai(keys).chat.completions.create(**{**CHAT, "n": n}))  # type: ignore[call-overload]
    clean(dump(seen), "x_note")
    assert "".join(c.delta.content or "" for s in seen for c in s.choices if c.index == 0) == "Hello. "


def test_completions_released_text_carries_no_key_of_the_violating_chunk(keys: Proxy, mock: Mock) -> None:
    def text_chunk(text: str, finish: str | None = None, **top: Any) -> dict[str, Any]:
        return {"id": "cmpl-7", "object": "text_completion", "created": 1733234567,
                "model": "gpt-3.5-turbo-instruct",
                "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}], **top}

    events = [text_chunk("Hello. "), text_chunk(BLOCKED, x_note=NOTE), text_chunk("", "stop"), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    r = _post(keys, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi", "stream": True})
    assert r.status_code == 200, r.text
    clean(r.text, "x_note")
    got = data_events(r.text)
    assert "".join(c.get("text") or "" for e in got for c in e.get("choices", [])) == "Hello. ", r.text
    assert any(c.get("finish_reason") == "content_filter" for e in got for c in e.get("choices", []))


RESPONSE = {"id": "resp_7", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}


def responses_events(bad: dict[str, Any]) -> list[dict[str, Any]]:
    where = {"item_id": "msg_7", "output_index": 0, "content_index": 0}
    text = "Hello. " + BLOCKED
    item = {"type": "message", "id": "msg_7", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**item, "status": "in_progress", "content": []}},
        {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                   "annotations": []}},
        {"type": "response.output_text.delta", **where, "delta": "Hello. ", "logprobs": []},
        {"type": "response.output_text.delta", **where, "delta": BLOCKED, "logprobs": [], **bad},
        {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
        {"type": "response.content_part.done", **where, "part": item["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": "response.completed", "response": {**RESPONSE, "status": "completed", "output": [item]}},
    ]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return events


def test_responses_released_text_carries_no_key_of_the_violating_event(keys: Proxy, mock: Mock) -> None:
    events = responses_events({"x_note": NOTE})
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(keys, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert r.status_code == 200, r.text
    clean(r.text, "x_note")
    got = data_events(r.text)
    assert "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta") == "Hello. ", r.text
    assert got[-1]["type"] == "response.incomplete"
    mock.script(raw_sse=sse(*events, named=True))
    seen = list(oai(keys).responses.create(model="gpt-4o-mini", input="hi", stream=True))
    clean(dump(seen), "x_note")
    numbers = [e.sequence_number for e in seen]
    assert numbers == sorted(set(numbers))


MSG = {"id": "msg_07", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
       "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}


@pytest.mark.parametrize("where", ["top", "delta"])
def test_messages_released_text_carries_no_key_of_the_violating_delta(keys: Proxy, mock: Mock, where: str) -> None:
    bad: dict[str, Any] = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": BLOCKED}}
    if where == "top":
        bad["x_note"] = NOTE
    else:
        bad["delta"]["x_note"] = NOTE
    events = [{"type": "message_start", "message": MSG},
              {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hello. "}},
              bad, {"type": "content_block_stop", "index": 0},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
               "usage": {"output_tokens": 9}},
              {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(keys, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
                                     "messages": [{"role": "user", "content": "hi"}]})
    assert r.status_code == 200, r.text
    clean(r.text, "x_note")
    got = data_events(r.text)
    assert "".join(e["delta"].get("text", "") for e in got if e["type"] == "content_block_delta") == "Hello. "
    mock.script(raw_sse=sse(*events, named=True))
    with ant(keys).messages.stream(model="claude-3-5-haiku-latest", max_tokens=10,
                                   messages=[{"role": "user", "content": "hi"}]) as stream:
        seen = list(stream)
        final = stream.get_final_message()
    clean(dump(seen), "x_note")
    assert final.stop_reason == "refusal"
    assert final.content[0].type == "text" and final.content[0].text == "Hello. "
