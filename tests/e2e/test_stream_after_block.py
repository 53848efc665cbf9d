"""After a streamed answer is blocked (issue 12, README-only review): nothing after the violating sentence
reaches the client, in any field, and the events the proxy writes to close the stream carry only screened
content.

Two doors were open. A Responses stream's closing `response.incomplete` (the proxy's) copied the provider's
last `response` object unscreened: `instructions`, `metadata`, `user`, tool descriptions, an `error`, unknown
keys (an e-mail address, a toxic phrase, a codename next to an emptied `model`). And events after the
violating sentence were relayed (screened): a later chat tool call (the SDK assembled it), an Anthropic
`tool_use` block and a `citations_delta`, a Responses `function_call` item and an annotation. Now the ending
withholds every text and swept field of that object, as a blocked whole answer does, and what comes after a
text still held (unscreened) waits for it: once the answer is blocked, none of it goes out.

Scripted streams (the mock serves them verbatim); assertions on every event the client received, raw and
through the official SDKs' stream helpers. Values differ from the review's.
"""

from __future__ import annotations

import copy
from typing import Any

import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import assert_absent, data_events, sse
from tests.support.clients import dump_models as dump
from tests.support.clients import post_team as _post
from tests.support.clients import team_claude as ant
from tests.support.clients import team_oai as oai

EMAIL = "vera.lindqvist@northwind-mail.com"
TOXIC = "you pathetic idiot"
TAIL = "TAILMARKER"
TOOL = "transfer_funds_to_carl"
URL = "https://evidence.example.org/TAILMARKER"
LEAKS = (EMAIL, "vera.lindqvist", "idiot", "osprey", TAIL.lower(), TOOL, "evidence.example")

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER]}
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
    - {name: models, regex: '(?i)\bgpt-osprey\b', action: block}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
}
BLOCKED = "Status: Project Osprey."


@pytest.fixture(scope="module")
def after(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def clean(got: str, *extra: str) -> None:
    assert_absent(got, *LEAKS, *extra)


# ------------------------------------------------------------------------------------- Responses

RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}


def responses_events(final: dict[str, Any], text: str = BLOCKED, middle: list[dict[str, Any]] | None = None,
                     final_type: str = "response.completed") -> list[dict[str, Any]]:
    item = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**item, "status": "in_progress", "content": []}},
        {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                   "annotations": []}},
        {"type": "response.output_text.delta", **where, "delta": text},
        *(middle or []),
        {"type": "response.output_text.done", **where, "text": text},
        {"type": "response.content_part.done", **where, "part": item["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": final_type, "response": {**RESPONSE, "status": final_type.split(".")[1], "output": [item],
                                          **final}},
    ]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return events


# Fields of the final `response` object: echoes, errors, unknown keys.
FINAL_FIELDS = [
    {"instructions": f"Customer: mail {EMAIL}"},
    {"metadata": {"contact": f"mail {EMAIL}"}},
    {"user": EMAIL},
    {"safety_identifier": EMAIL},
    {"prompt_cache_key": f"mail {EMAIL}"},
    {"text": {"format": {"type": "json_schema", "name": "reply", "description": f"mail {EMAIL}",
                         "schema": {"type": "object"}}}},
    {"tools": [{"type": "function", "name": "lookup", "description": f"mail {EMAIL}",
                "parameters": {"type": "object"}}]},
    {"error": {"code": "server_error", "message": f"mail {EMAIL}"}},
    {"reasoning": {"effort": "low", "summary": f"mail {EMAIL}"}},
    {"output_text": f"mail {EMAIL}"},
    {"note": TOXIC},
    {"note": TAIL},
    {"note": "gpt-osprey-1"},
]


@pytest.mark.parametrize("final", FINAL_FIELDS, ids=lambda f: next(iter(f)) + ":" + str(f)[-12:-2])
def test_responses_ending_carries_nothing_of_the_final_object(after: Proxy, mock: Mock, final: dict[str, Any]) -> None:
    mock.script(raw_sse=sse(*responses_events(final), named=True))
    r = _post(after, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert r.status_code == 200, r.text
    clean(r.text)
    last = data_events(r.text)[-1]
    assert last["type"] == "response.incomplete"
    assert last["response"]["incomplete_details"] == {"reason": "content_filter"}
    assert last["response"]["id"] == "resp_1" and last["response"]["model"] == "gpt-4o-mini"


@pytest.mark.parametrize("final_type", ["response.incomplete", "response.failed"])
def test_responses_ending_after_other_final_events(after: Proxy, mock: Mock, final_type: str) -> None:
    final = {"instructions": f"mail {EMAIL}", "note": TAIL}
    mock.script(raw_sse=sse(*responses_events(final, final_type=final_type), named=True))
    r = _post(after, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    clean(r.text)
    assert data_events(r.text)[-1]["response"]["incomplete_details"] == {"reason": "content_filter"}


def test_responses_ending_after_a_model_name_block(after: Proxy, mock: Mock) -> None:
    """A codename in the final object's `model` blocks; the same name in an unknown key goes with it."""
    events = responses_events({"model": "gpt-osprey-1", "note": "gpt-osprey-1"}, text="Fine.")
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(after, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    clean(r.text)
    assert data_events(r.text)[-1]["type"] == "response.incomplete"


def test_responses_toxic_block_ending_through_the_sdk(after: Proxy, mock: Mock) -> None:
    events = responses_events({"instructions": f"Customer: mail {EMAIL}", "metadata": {"k": TAIL}},
                              text="You are a pathetic idiot and a moron.")
    mock.script(raw_sse=sse(*events, named=True))
    seen = list(oai(after).responses.create(model="gpt-4o-mini", input="hi", stream=True))
    clean(dump(seen))
    final = seen[-1]
    assert final.type == "response.incomplete"
    assert final.response.incomplete_details is not None
    assert final.response.incomplete_details.reason == "content_filter"  # type: ignore[comparison-overlap]
    assert not final.response.instructions and not final.response.output_text
    numbers = [e.sequence_number for e in seen]
    assert numbers == sorted(set(numbers))


def test_responses_unblocked_final_object_is_screened(after: Proxy, mock: Mock) -> None:
    """Control: without a block the same fields are screened, not withheld."""
    mock.script(raw_sse=sse(*responses_events({"instructions": f"mail {EMAIL}"}, text="Fine."), named=True))
    r = _post(after, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    clean(r.text)
    last = data_events(r.text)[-1]
    assert last["type"] == "response.completed" and last["response"]["instructions"] == "mail <EMAIL_ADDRESS_1>"


def _later_function_call() -> list[dict[str, Any]]:
    call = {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": TOOL, "arguments": "",
            "status": "in_progress"}
    return [
        {"type": "response.output_text.annotation.added", "item_id": "msg_1", "output_index": 0, "content_index": 0,
         "annotation_index": 0, "annotation": {"type": "url_citation", "url": URL, "title": "source",
                                               "start_index": 0, "end_index": 1}},
        {"type": "response.output_item.added", "output_index": 1, "item": call},
        {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1, "delta": "{}"},
        {"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 1, "arguments": "{}"},
        {"type": "response.output_item.done", "output_index": 1, "item": {**call, "arguments": "{}",
                                                                          "status": "completed"}},
    ]


@pytest.mark.parametrize("text", [BLOCKED, "You are a pathetic idiot and a moron."])
def test_responses_later_items_and_annotations_never_go_out(after: Proxy, mock: Mock, text: str) -> None:
    events = responses_events({}, text=text)
    later = _later_function_call()
    events = [*events[:-1], *later, events[-1]]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    r = _post(after, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    clean(r.text, "fc_1", "call_1", "url_citation")
    got = data_events(r.text)
    assert got[-1]["type"] == "response.incomplete"
    assert not any(e["type"].startswith("response.function_call") for e in got)
    mock.script(raw_sse=sse(*events, named=True))
    with oai(after).responses.stream(model="gpt-4o-mini", input="hi") as stream:
        seen = list(stream)
    clean(dump(seen), "fc_1", "call_1")
    assert seen[-1].type == "response.incomplete"


# ------------------------------------------------------------------------------------------ chat

def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0, **top: Any) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}], **top}


CHAT_LATER = [
    chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                           "function": {"name": TOOL, "arguments": "{}"}}]}),
    chunk({"content": " More.", "annotations": [{"type": "url_citation", "url_citation": {
        "url": URL, "title": "t", "start_index": 0, "end_index": 1}}]}),
    chunk({}, "tool_calls"),
]


@pytest.mark.parametrize("text", [BLOCKED, "You are a pathetic idiot and a moron."])
def test_chat_later_tool_call_never_goes_out(after: Proxy, mock: Mock, text: str) -> None:
    events = [chunk({"role": "assistant", "content": text}), *copy.deepcopy(CHAT_LATER),
              chunk({}, None, usage={"prompt_tokens": 3, "completion_tokens": 5, "total_tokens": 8}), "[DONE]"]
    events[-2]["choices"] = []
    mock.script(raw_sse=sse(*events))
    r = _post(after, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": True,
                                              "messages": [{"role": "user", "content": "hi"}]})
    clean(r.text, "call_1", "tool_calls", "More.")
    assert r.text.rstrip().endswith("data: [DONE]")
    assert '"content_filter"' in r.text
    mock.script(raw_sse=sse(*events))
    seen: list[Any] = []
    with oai(after).chat.completions.stream(model="gpt-4o-mini",
                                            messages=[{"role": "user", "content": "hi"}]) as stream:
        seen.extend(stream)
        snapshot = stream.current_completion_snapshot
        with pytest.raises(openai.ContentFilterFinishReasonError):  # the helper's word for content_filter
            stream.get_final_completion()
    clean(dump(seen), "call_1", "More.")
    assert not snapshot.choices[0].message.tool_calls  # the helper assembled no tool call
    assert snapshot.choices[0].finish_reason == "content_filter"


def test_chat_text_before_the_violating_sentence_still_goes_out(after: Proxy, mock: Mock) -> None:
    """What came before the violating sentence, and a tool call before it, reach the client (in order)."""
    events = [chunk({"role": "assistant", "content": "All fine"}), chunk({"content": " here. "}),
              chunk({"tool_calls": [{"index": 0, "id": "call_ok", "type": "function",
                                     "function": {"name": "lookup", "arguments": "{}"}}]}),
              chunk({"content": "Then Project "}), chunk({"content": "Osprey."}),
              *copy.deepcopy(CHAT_LATER), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    chunks = list(oai(after).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                     messages=[{"role": "user", "content": "hi"}]))
    got = dump(chunks)
    clean(got, "call_1", "More.", "Then")
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "All fine here. "
    assert "call_ok" in got and "lookup" in got
    assert chunks[-1].choices[0].finish_reason == "content_filter" if chunks[-1].choices else any(
        ch.finish_reason == "content_filter" for c in chunks for ch in c.choices)


def test_chat_several_choices_each_open_one_ends_with_content_filter(after: Proxy, mock: Mock) -> None:
    """README on `n`: a blocked stream ends each choice still open with `content_filter`; one that ended
    before (`stop`) is not ended again; a later chunk of another choice does not go out after the block."""
    events = [chunk({"role": "assistant", "content": "Done."}, index=1), chunk({}, "stop", index=1),
              chunk({"role": "assistant", "content": BLOCKED}, index=0),
              chunk({"role": "assistant", "content": "Fine"}, index=2),
              chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                     "function": {"name": TOOL, "arguments": "{}"}}]}, index=2),
              chunk({}, "stop", index=0), chunk({}, "tool_calls", index=2), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    r = _post(after, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": True, "n": 3,
                                              "messages": [{"role": "user", "content": "hi"}]})
    clean(r.text, "call_1")
    ends: dict[int, list[str]] = {}
    for e in data_events(r.text):
        for c in e.get("choices", []):
            if c.get("finish_reason"):
                ends.setdefault(c["index"], []).append(c["finish_reason"])
    assert ends == {1: ["stop"], 0: ["content_filter"], 2: ["content_filter"]}, ends


# ------------------------------------------------------------------------------------- Anthropic

MSG = {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
       "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}


def anthropic_events(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "message_start", "message": MSG},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use", "id": "toolu_1",
                                                                      "name": TOOL, "input": {}}},
        {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{}"}},
        {"type": "content_block_stop", "index": 1},
        {"type": "content_block_start", "index": 2, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "citations_delta", "citation": {
            "type": "web_search_result_location", "url": URL, "title": "t", "encrypted_index": "abcd",
            "cited_text": "c"}}},
        {"type": "content_block_delta", "index": 2, "delta": {"type": "text_delta", "text": "More."}},
        {"type": "content_block_stop", "index": 2},
        {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
         "usage": {"output_tokens": 9}},
        {"type": "message_stop"},
    ]


@pytest.mark.parametrize("text", [BLOCKED, "You are a pathetic idiot and a moron."])
def test_anthropic_later_blocks_never_go_out(after: Proxy, mock: Mock, text: str) -> None:
    mock.script(raw_sse=sse(*anthropic_events(text), named=True))
    r = _post(after, "/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
                                      "messages": [{"role": "user", "content": "hi"}]})
    clean(r.text, "toolu_1", "More.", "citations_delta", "tool_use")
    got = data_events(r.text)
    assert [e["type"] for e in got][-2:] == ["message_delta", "message_stop"]
    assert got[-2]["delta"]["stop_reason"] == "refusal"
    started = [e["index"] for e in got if e["type"] == "content_block_start"]
    stopped = [e["index"] for e in got if e["type"] == "content_block_stop"]
    assert sorted(started) == sorted(stopped) == [0]
    mock.script(raw_sse=sse(*anthropic_events(text), named=True))
    with ant(after).messages.stream(model="claude-3-5-haiku-latest", max_tokens=10,
                                    messages=[{"role": "user", "content": "hi"}]) as stream:
        seen = list(stream)
        final = stream.get_final_message()
    clean(dump(seen), "toolu_1", "More.")
    assert final.stop_reason == "refusal" and all(b.type == "text" for b in final.content)


def test_anthropic_text_before_the_violating_sentence_and_blocks_before_it_go_out(after: Proxy, mock: Mock) -> None:
    events = anthropic_events("x")
    events[2]["delta"]["text"] = "All fine here. "
    events[9]["delta"]["text"] = "Then Project Osprey."
    mock.script(raw_sse=sse(*events, named=True))
    with ant(after).messages.stream(model="claude-3-5-haiku-latest", max_tokens=10,
                                    messages=[{"role": "user", "content": "hi"}]) as stream:
        seen = list(stream)
        final = stream.get_final_message()
    got = dump(seen)
    clean(got.replace(TOOL, "").replace(URL, "").replace(TAIL, ""), "Then")
    assert final.stop_reason == "refusal"
    assert final.content[0].type == "text" and final.content[0].text == "All fine here. "
