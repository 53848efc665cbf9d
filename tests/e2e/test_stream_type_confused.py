"""Type-confused stream pieces (issue 12, atk6 finding 7): a piece of a streamed text the SDKs type as a string, given
as an object or a list (a chat delta's `content` or a tool call's `arguments`, a Responses `*.delta`, Anthropic
`text_delta.text`, `input_json_delta.partial_json`, the text a block or a part starts with).

A whole answer has one value there and reads an object as a map (every key text, before its value) and a list's
items joined. A stream cannot: the client joins the pieces (`"mail jane.doe@exa" + ["mple.com"]` is an address in
JavaScript) and the proxy has no place for an object in the field's text. `{"project": "osprey"}` as a Responses
`output_text.delta` reached the client, and so did a string piece followed by a list or object piece (chat,
Responses, Messages). Now, with output rules, such an event is unreadable: the stream ends with the provider's error
(`upstream_unreadable`), recorded (`check: readable`). Monitor mode relays it and records it; without output rules
it is relayed as it came. Whole texts in a stream (`*.done`, `response.completed`) are read as a whole answer's.

Scripted streams (the mock serves them verbatim); assertions on the bytes the client got and on the record.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, assert_absent, post_team, sse

POLICIES = {**OUTPUT_CODENAME_POLICIES, "policies/watch.yaml": "name: watch\nextends: default\nmode: monitor\n",
            "policies/open.yaml": "name: open\n"}
LEAKS = ("falcon", "osprey", "jane.doe", "mple.com")
UNREADABLE = {"phase": "output", "check": "readable", "action": "block", "findings": {"unreadable_event": 1}}


@pytest.fixture(scope="module")
def confused(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}, "watch": {"policy": "watch"}, "open": {"policy": "open"}}, files=POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any], team: str = "app") -> httpx.Response:
    return post_team(p, path, body, team, version=True)


# ------------------------------------------------------------------------------------------------ chat

CHUNK = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini"}


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {**CHUNK, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def call(arguments: Any, first: bool = True) -> dict[str, Any]:
    head = {"id": "call_1", "type": "function", "function": {"name": "lookup"}} if first else {"function": {}}
    return {"tool_calls": [{"index": 0, **head, "function": {**head["function"], "arguments": arguments}}]}


def chat(*deltas: dict[str, Any]) -> str:
    return sse(chunk({"role": "assistant", "content": ""}), *(chunk(d) for d in deltas), chunk({}, "stop"), "[DONE]")


CHAT_CASES = {
    "content object": chat({"content": {"project": "falcon"}}),
    "content list": chat({"content": ["project", "falcon"]}),
    "content object, an address over its values": chat({"content": {"a": "jane.doe@exa", "b": "mple.com"}}),
    "content string, then a list": chat({"content": "mail jane.doe@exa"}, {"content": ["mple.com"]}),
    "content string, then an object": chat({"content": "Status: project "}, {"content": {"x": "falcon"}}),
    "content list, then a string": chat({"content": ["Status: project"]}, {"content": " falcon."}),
    "a content part's text as a list": chat({"content": [{"type": "text", "text": ["project", "falcon"]}]}),
    "refusal list": chat({"refusal": ["project", "falcon"]}),
    "reasoning_content object": chat({"reasoning_content": {"project": "falcon"}}),
    "arguments object": chat(call({"project": "falcon"})),
    "arguments string, then a list": chat(call('{"q": "project '), call(['falcon"}'], first=False)),
}

# ------------------------------------------------------------------------------------------- Responses

RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini", "output": []}
USAGE = {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}


def responses(*events: dict[str, Any]) -> str:
    seq = [{"type": "response.created", "response": {**RESPONSE, "status": "in_progress"}}, *events,
           {"type": "response.completed", "response": {**RESPONSE, "status": "completed", "usage": USAGE}}]
    return sse(*({**e, "sequence_number": n} for n, e in enumerate(seq)), named=True)


def added(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "response.output_item.added", "output_index": 0, "item": item}


MESSAGE_ITEM = {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}


def part(text: Any) -> dict[str, Any]:
    return {"type": "response.content_part.added", "item_id": "msg_1", "output_index": 0, "content_index": 0,
            "part": {"type": "output_text", "text": text, "annotations": []}}


def delta(etype: str, value: Any, **where: Any) -> dict[str, Any]:
    return {"type": f"response.{etype}.delta", "item_id": "msg_1", "output_index": 0, "content_index": 0,
            "delta": value, **where}


RESPONSES_CASES = {
    "output_text delta object": responses(added(MESSAGE_ITEM), part(""),
                                          delta("output_text", {"project": "osprey"}, logprobs=[])),
    "output_text delta list": responses(added(MESSAGE_ITEM), part(""),
                                        delta("output_text", ["project", "osprey"], logprobs=[])),
    "output_text string, then a list": responses(added(MESSAGE_ITEM), part(""),
                                                 delta("output_text", "mail jane.doe@exa", logprobs=[]),
                                                 delta("output_text", ["mple.com"], logprobs=[])),
    "a part added with a list": responses(added(MESSAGE_ITEM), part(["mail jane.doe@exa"]),
                                          delta("output_text", "mple.com", logprobs=[])),
    "refusal delta object": responses(added(MESSAGE_ITEM), delta("refusal", {"project": "osprey"})),
    "reasoning_text delta object": responses(delta("reasoning_text", {"project": "osprey"})),
    "reasoning_summary_text delta object": responses(delta("reasoning_summary_text", {"project": "osprey"},
                                                           summary_index=0)),
    "function_call_arguments delta object": responses(
        added({"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup", "arguments": "",
               "status": "in_progress"}),
        delta("function_call_arguments", {"project": "osprey"})),
    "function_call added with arguments as an object": responses(
        added({"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup",
               "arguments": {"project": "osprey"}, "status": "in_progress"})),
}

# -------------------------------------------------------------------------------------------- Messages

START = {"type": "message_start", "message": {
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
    "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}}
END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 2}}, {"type": "message_stop"}]


def block(content_block: dict[str, Any], *deltas: dict[str, Any]) -> str:
    return sse(START, {"type": "content_block_start", "index": 0, "content_block": content_block},
               *({"type": "content_block_delta", "index": 0, "delta": d} for d in deltas),
               {"type": "content_block_stop", "index": 0}, *END, named=True)


TEXT = {"type": "text", "text": ""}
MESSAGES_CASES = {
    "text_delta object": block(TEXT, {"type": "text_delta", "text": {"project": "falcon"}}),
    "text_delta list": block(TEXT, {"type": "text_delta", "text": ["project", "falcon"]}),
    "text_delta string, then a list": block(TEXT, {"type": "text_delta", "text": "mail jane.doe@exa"},
                                            {"type": "text_delta", "text": ["mple.com"]}),
    "a text block started with a list": block({"type": "text", "text": ["mail jane.doe@exa"]},
                                              {"type": "text_delta", "text": "mple.com"}),
    "thinking_delta object": block({"type": "thinking", "thinking": "", "signature": ""},
                                   {"type": "thinking_delta", "thinking": {"project": "falcon"}}),
    "input_json_delta object": block({"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}},
                                     {"type": "input_json_delta", "partial_json": {"project": "falcon"}}),
}

ROUTES = {"chat": ("/v1/chat/completions", {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}],
                                            "stream": True}),
          "responses": ("/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True}),
          "messages": ("/v1/messages", {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
                                        "messages": [{"role": "user", "content": "hi"}]})}
CASES = [pytest.param(route, raw, id=f"{route}: {name}")
         for route, cases in (("chat", CHAT_CASES), ("responses", RESPONSES_CASES), ("messages", MESSAGES_CASES))
         for name, raw in cases.items()]


@pytest.mark.parametrize(("route", "raw"), CASES)
def test_a_type_confused_stream_piece_ends_the_stream_unread(mock: Mock, confused: Proxy, route: str,
                                                             raw: str) -> None:
    mock.script(raw_sse=raw)
    path, body = ROUTES[route]
    r = _post(confused, path, body)
    assert r.status_code in (200, 502), r.text
    assert_absent(r.text, *LEAKS)
    assert "could not be read" in r.text  # the provider's error, as a status or as the stream's last event
    rec = confused.record_for(r.headers["x-guardrail-request-id"])
    assert rec["error"] == "upstream_unreadable" and rec["decision"] == "block"
    assert UNREADABLE in rec["checks"]


@pytest.mark.parametrize(("route", "raw"), [CASES[0], CASES[len(CHAT_CASES)], CASES[-1]])
def test_monitor_relays_a_type_confused_piece_and_records_it(mock: Mock, confused: Proxy, route: str,
                                                             raw: str) -> None:
    mock.script(raw_sse=raw)
    path, body = ROUTES[route]
    r = _post(confused, path, body, "watch")
    assert r.status_code == 200 and "could not be read" not in r.text
    assert '"falcon"' in r.text or '"osprey"' in r.text  # relayed: monitor changes nothing
    rec = confused.record_for(r.headers["x-guardrail-request-id"])
    assert {"phase": "output", "check": "readable", "action": "flag", "findings": {"unreadable_event": 1}} \
        in rec["checks"]

    mock.script(raw_sse=raw)
    r = _post(confused, path, body, "open")  # no output rules: relayed as it came
    assert r.status_code == 200 and r.text == raw


# ------------------------------------------------------------------------------- what still streams

def test_content_parts_whole_texts_and_numbers_still_stream(mock: Mock, confused: Proxy) -> None:
    """A list of content parts (objects) is no type confusion (Mistral streams its content so); a whole text
    (`output_text.done`, `output_item.done`) given as an object is read as in a whole answer: a map, its keys
    before its values (`{"status": "ok"}` goes as sent, `{"project": "osprey"}` blocks)."""
    mock.script(raw_sse=chat({"content": [{"type": "text", "text": "Hello "}]},
                             {"content": [{"type": "text", "text": "there."}]}))
    r = _post(confused, *ROUTES["chat"])
    assert r.status_code == 200 and "could not be read" not in r.text
    parts = [c["choices"][0]["delta"].get("content") for c in _data(r)]
    assert "".join(p["text"] for ps in parts if isinstance(ps, list) for p in ps) == "Hello there."

    def done(text: Any) -> str:
        return responses(added(MESSAGE_ITEM), part(""), delta("output_text", "Fine.", logprobs=[]),
                         {"type": "response.output_text.done", "item_id": "msg_1", "output_index": 0,
                          "content_index": 0, "text": text, "logprobs": []})

    mock.script(raw_sse=done({"status": "ok"}))
    r = _post(confused, *ROUTES["responses"])
    assert r.status_code == 200 and "could not be read" not in r.text
    assert {"status": "ok"} in [e.get("text") for e in _data(r)]
    assert confused.record_for(r.headers["x-guardrail-request-id"])["decision"] == "allow"

    mock.script(raw_sse=done({"project": "osprey"}))
    r = _post(confused, *ROUTES["responses"])
    assert r.status_code == 200 and "could not be read" not in r.text
    assert_absent(r.text, *LEAKS)
    assert confused.record_for(r.headers["x-guardrail-request-id"])["decision"] == "block"


def _data(r: httpx.Response) -> list[Any]:
    return [json.loads(line[5:]) for line in r.text.splitlines()
            if line.startswith("data:") and line[5:].strip() != "[DONE]"]


# ----------------------------------------------------------------------------------- whole answers

def chat_answer(message: dict[str, Any]) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", **message}}]}


WHOLE = {
    "chat content": ("chat", chat_answer({"content": {"project": "falcon"}})),
    "chat arguments": ("chat", chat_answer({"content": None, "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": {"project": "falcon"}}}]})),
    "responses output_text": ("responses", {**RESPONSE, "status": "completed", "usage": USAGE, "output": [
        {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
         "content": [{"type": "output_text", "text": {"project": "osprey"}, "annotations": []}]}]}),
    "messages text": ("messages", {**START["message"], "stop_reason": "end_turn",  # type: ignore[dict-item]
                                   "content": [{"type": "text", "text": ["project", "falcon"]}]}),
}


@pytest.mark.parametrize("case", list(WHOLE))
def test_the_same_shapes_whole_are_read_as_a_map(mock: Mock, confused: Proxy, case: str) -> None:
    """The whole answer's side of the same rule: the object read as a map, keys before values; the answer blocked."""
    route, answer = WHOLE[case]
    mock.script(raw_body=json.dumps(answer))
    path, body = ROUTES[route]
    r = _post(confused, path, {k: v for k, v in body.items() if k != "stream"})
    assert r.status_code == 200, r.text
    assert_absent(r.text, *LEAKS)
    assert confused.record_for(r.headers["x-guardrail-request-id"])["decision"] == "block"
