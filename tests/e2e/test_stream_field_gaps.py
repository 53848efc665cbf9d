"""A field's text split around another field's events is one text (issue 12, stream gap), through the real proxy.

Reported: a chat stream with content `project `, a tool call whose arguments hold a string, then content
`Osprey.` reached the client unblocked under an output `patterns:` block rule: the stream guard read the
choice's fields together in arrival order, so the arguments' value stood between the content's two words (with
numeric arguments nothing stood there, and it was blocked). The client reads the content as one text, so it is
matched as one text, whatever other fields' events (a tool call, a refusal, reasoning) come between its pieces;
likewise a Responses message part's deltas with another item between them, and an Anthropic text block's deltas
with another block between them (a block is its own text). PII too: an e-mail or a phone number split around
another field's event is redacted (`pii: redact`) or ends the stream (`pii: block`). Scripted streams; the
assertions are on the bytes the client received and on what the official SDKs assembled.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import httpx
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import assert_absent as _absent
from tests.support.clients import data_events, post_team, sse

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER], min_score: 0.4}
""",
    "policies/strict.yaml": r"""
name: strict
on_error: block
output:
  pii: {action: block, entities: [EMAIL_ADDRESS, PHONE_NUMBER], min_score: 0.4}
""",
}


@pytest.fixture(scope="module")
def gaps(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(teams={"app": {}, "strict": {"policy": "strict"}}, files=POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any], team: str = "app") -> httpx.Response:
    return post_team(p, path, body, team, version=True, timeout=60)


# ------------------------------------------------------------------------------------------------ chat

CHAT = {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hi"}]}


def chunk(delta: dict[str, Any], finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {"id": "chatcmpl-8", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


def call(args: str) -> dict[str, Any]:
    return {"tool_calls": [{"index": 0, "id": "call_8", "type": "function",
                            "function": {"name": "lookup", "arguments": args}}]}


def chat_stream(first: str, between: list[dict[str, Any]], second: str, n: int = 1) -> str:
    """Choice 0's content `first`, its events `between`, its content `second`; with n=2 choice 1 talks between."""
    events: list[Any] = [chunk({"role": "assistant", "content": first})]
    if n == 2:
        events.append(chunk({"role": "assistant", "content": "Other choice. "}, index=1))
    events += [chunk(d) for d in between]
    if n == 2:
        events.append(chunk({"content": "Still other. "}, index=1))
    events += [chunk({"content": second}), chunk({}, "tool_calls" if any("tool_calls" in d for d in between)
                                                 else "stop")]
    if n == 2:
        events.append(chunk({}, "stop", index=1))
    return sse(*events, "[DONE]")


def chat_field(events: list[Any], key: str = "content", index: int = 0) -> str:
    return "".join(c["delta"].get(key) or "" for e in events for c in e.get("choices", [])
                   if c["index"] == index and isinstance(c.get("delta"), dict))


def finishes(events: list[Any], index: int = 0) -> list[str]:
    return [c["finish_reason"] for e in events for c in e.get("choices", [])
            if c["index"] == index and c.get("finish_reason")]


BETWEEN = {
    "tool call, string arguments": [call('{"q":"x"}')],
    "refusal": [{"refusal": "Not that. "}],
    "reasoning with sentences": [{"reasoning_content": "Let me think. Okay then. "}],
}


@pytest.mark.parametrize("between", list(BETWEEN))
@pytest.mark.parametrize("n", [1, 2])
def test_chat_codename_split_around_another_field_is_blocked(gaps: Proxy, mock: Mock, between: str, n: int) -> None:
    mock.script(raw_sse=chat_stream("Status: project ", BETWEEN[between], "Osprey. Done.", n))
    r = _post(gaps, "/v1/chat/completions", {**CHAT, "n": n})
    assert r.status_code == 200, r.text
    _absent(r.text, "osprey", "Done.")
    got = data_events(r.text)
    assert finishes(got) == ["content_filter"], r.text
    assert r.text.rstrip().endswith("data: [DONE]")
    mock.script(raw_sse=chat_stream("Status: project ", BETWEEN[between], "Osprey. Done.", n))
    with openai.OpenAI(base_url=f"{gaps.url}/v1", api_key=gaps.keys["app"], max_retries=0).chat.completions.stream(
            model="gpt-4o-mini", n=n, messages=[{"role": "user", "content": "hi"}]) as stream:
        list(stream)
        snapshot = stream.current_completion_snapshot
    assert "osprey" not in (snapshot.choices[0].message.content or "").lower()
    assert snapshot.choices[0].finish_reason == "content_filter"


def test_chat_the_same_words_apart_go_out_whole(gaps: Proxy, mock: Mock) -> None:
    """No match in the content's own text (`project planning.`): nothing is blocked, every field as sent."""
    mock.script(raw_sse=chat_stream("Status: project ", [call('{"q":"falconry"}')], "planning. Done."))
    got = data_events(_post(gaps, "/v1/chat/completions", CHAT).text)
    assert chat_field(got) == "Status: project planning. Done."
    args = "".join(t["function"].get("arguments") or "" for e in got for c in e["choices"]
                   for t in c["delta"].get("tool_calls") or [])
    assert json.loads(args) == {"q": "falconry"} and finishes(got) == ["tool_calls"]


PII = {  # content before, the other field's event, content after; the halves that must not reach the client
    "e-mail around a tool call": ("Write to dana.kerr@exa", [call('{"q":"see the notes"}')], "mple.org today. Thanks.",
                                  ("dana.kerr", "mple.org")),
    "phone around reasoning": ("Call 415-555-", [{"reasoning_content": "Let me think. Okay then. "}],
                               "0198 now. Thanks.", ("415-555", "0198")),
}


@pytest.mark.parametrize("case", list(PII))
@pytest.mark.parametrize("n", [1, 2])
def test_chat_value_split_around_another_field_is_redacted(gaps: Proxy, mock: Mock, case: str, n: int) -> None:
    first, between, second, halves = PII[case]
    mock.script(raw_sse=chat_stream(first, between, second, n))
    r = _post(gaps, "/v1/chat/completions", {**CHAT, "n": n})
    _absent(r.text, *halves)
    got = data_events(r.text)
    content = chat_field(got)
    assert "<EMAIL_ADDRESS_" in content or "<PHONE_NUMBER_" in content, content
    assert content.startswith(first.split()[0]) and content.endswith("Thanks."), content


@pytest.mark.parametrize("case", list(PII))
def test_chat_value_split_around_another_field_is_blocked_under_pii_block(gaps: Proxy, mock: Mock,
                                                                         case: str) -> None:
    first, between, second, halves = PII[case]
    mock.script(raw_sse=chat_stream(first, between, second))
    r = _post(gaps, "/v1/chat/completions", CHAT, team="strict")
    _absent(r.text, *halves, "Thanks")
    assert finishes(data_events(r.text)) == ["content_filter"], r.text


def test_completions_choices_interleaved_are_each_read_whole(gaps: Proxy, mock: Mock) -> None:
    """Legacy completions have one text per choice: another choice's text between its pieces (regression)."""
    def text_chunk(text: str, index: int, finish: str | None = None) -> dict[str, Any]:
        return {"id": "cmpl-8", "object": "text_completion", "created": 1733234567,
                "model": "gpt-3.5-turbo-instruct",
                "choices": [{"index": index, "text": text, "logprobs": None, "finish_reason": finish}]}

    mock.script(raw_sse=sse(text_chunk("Status: project ", 0), text_chunk("Other. ", 1), text_chunk("Osprey.", 0),
                            text_chunk("", 0, "stop"), text_chunk("", 1, "stop"), "[DONE]"))
    r = _post(gaps, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi", "stream": True, "n": 2})
    _absent(r.text, "osprey")
    assert any(c.get("finish_reason") == "content_filter" for e in data_events(r.text) for c in e["choices"])


# ------------------------------------------------------------------------------------------- responses

RESPONSE = {"id": "resp_8", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}
WHERE = {"item_id": "msg_8", "output_index": 0, "content_index": 0}
ARGS = '{"q":"see the notes"}'


def responses_stream(first: str, second: str) -> str:
    """A message part's deltas `first` and `second` with a function call item's events between them."""
    fc = {"type": "function_call", "id": "fc_8", "call_id": "call_8", "name": "lookup", "arguments": ARGS,
          "status": "completed"}
    text = first + second
    item = {"type": "message", "id": "msg_8", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {**item, "status": "in_progress", "content": []}},
        {"type": "response.content_part.added", **WHERE, "part": {"type": "output_text", "text": "",
                                                                   "annotations": []}},
        {"type": "response.output_text.delta", **WHERE, "delta": first},
        {"type": "response.output_item.added", "output_index": 1,
         "item": {**fc, "arguments": "", "status": "in_progress"}},
        {"type": "response.function_call_arguments.delta", "item_id": "fc_8", "output_index": 1,
         "delta": ARGS},
        {"type": "response.function_call_arguments.done", "item_id": "fc_8", "output_index": 1, "arguments": ARGS},
        {"type": "response.output_item.done", "output_index": 1, "item": fc},
        {"type": "response.output_text.delta", **WHERE, "delta": second},
        {"type": "response.output_text.done", **WHERE, "text": text},
        {"type": "response.content_part.done", **WHERE, "part": item["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": "response.completed", "response": {**RESPONSE, "status": "completed", "output": [item, fc]}},
    ]
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return sse(*events, named=True)


def test_responses_codename_split_around_another_item_is_blocked(gaps: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=responses_stream("Status: project ", "Osprey. Done."))
    r = _post(gaps, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    assert r.status_code == 200, r.text
    _absent(r.text, "osprey", "Done.")
    assert data_events(r.text)[-1]["type"] == "response.incomplete", r.text


def test_responses_e_mail_split_around_another_item_is_redacted(gaps: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=responses_stream("Write to dana.kerr@exa", "mple.org today. Thanks."))
    seen = list(openai.OpenAI(base_url=f"{gaps.url}/v1", api_key=gaps.keys["app"], max_retries=0).responses.create(
        model="gpt-4o-mini", input="hi", stream=True))
    dumped = json.dumps([e.model_dump(mode="json", warnings=False) for e in seen])
    _absent(dumped, "dana.kerr", "mple.org")
    text = "".join(e.delta for e in seen if e.type == "response.output_text.delta")
    assert text.startswith("Write to <EMAIL_ADDRESS_") and text.endswith("Thanks."), text


# -------------------------------------------------------------------------------------------- messages

MSG = {"id": "msg_08", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
       "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}


def messages_stream(first: str, second: str) -> str:
    """Text block 0's deltas `first` and `second` with block 1 (its own text, another sentence) between them."""
    def delta(index: int, text: str) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}}

    return sse({"type": "message_start", "message": MSG},
               {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
               delta(0, first),
               {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
               delta(1, "An aside. Fine. "), delta(0, second),
               {"type": "content_block_stop", "index": 1}, {"type": "content_block_stop", "index": 0},
               {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 9}},
               {"type": "message_stop"}, named=True)


MESSAGES = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
            "messages": [{"role": "user", "content": "hi"}]}


def test_messages_codename_split_around_another_block_is_blocked(gaps: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=messages_stream("Status: project ", "Osprey. Done."))
    r = _post(gaps, "/v1/messages", MESSAGES)
    assert r.status_code == 200, r.text
    _absent(r.text, "osprey", "Done.")
    mock.script(raw_sse=messages_stream("Status: project ", "Osprey. Done."))
    with anthropic.Anthropic(base_url=gaps.url, api_key=gaps.keys["app"], max_retries=0).messages.stream(
            model="claude-3-5-haiku-latest", max_tokens=10, messages=[{"role": "user", "content": "hi"}]) as stream:
        list(stream)
        final = stream.get_final_message()
    assert final.stop_reason == "refusal"
    _absent(final.model_dump_json(), "osprey")


def test_messages_phone_split_around_another_block_is_redacted(gaps: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=messages_stream("Call 415-555-", "0198 now. Thanks."))
    r = _post(gaps, "/v1/messages", MESSAGES)
    _absent(r.text, "415-555", "0198")
    block0 = "".join(e["delta"].get("text", "") for e in data_events(r.text)
                     if e["type"] == "content_block_delta" and e["index"] == 0)
    assert block0.startswith("Call <PHONE_NUMBER_") and block0.endswith("Thanks."), block0
