"""Streamed tool-call arguments read with their JSON escapes decoded, and a Responses field's opening-event text
read with its deltas, through the real proxy (issue 12, README-only attack atk6 "b" H2 and H4).

H2: a chat, Responses or Anthropic stream whose tool-call arguments hold `jane.doe\\u0040example.com` (the JSON
text `jane.doe\\\\u0040example.com`) or a codename in Unicode tag characters sent as surrogate escapes
(`\\udb40\\udc66...`, as providers emit them) went out raw, while the whole answer was redacted or blocked.
H4: `content_part.added` with `part.text` "We start project " then the delta "falcon soon." went out unblocked.
Scripted streams; the assertions are on the bytes the client received and on what it decodes.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, data_events, post_team, sse
from tests.support.clients import assert_absent as _absent

POLICIES = OUTPUT_CODENAME_POLICIES


@pytest.fixture(scope="module")
def gx(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return post_team(p, path, body, "app", version=True, timeout=60)


def _tags(text: str) -> str:
    return "".join(chr(0xE0000 + ord(c)) for c in text)


def _halves(text: str) -> list[str]:
    return [text[:len(text) // 2], text[len(text) // 2:]]


EMAIL_ARGS = json.dumps({"note": "Mail jane.doe\\u0040example.com now."})  # the value holds a literal \u0040
TAG_ARGS = json.dumps({"note": "We start project " + _tags("falcon") + " soon."})  # \udb40\udc66...


def chat(args: str) -> tuple[str, dict[str, Any]]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1733234567,
                "model": "gpt-4o-mini", "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    pieces = [chunk({"tool_calls": [{"index": 0, "id": "call_9", "type": "function",
                                     "function": {"name": "f", "arguments": piece}}]}) for piece in _halves(args)]
    return (sse(*pieces, chunk({}, "tool_calls"), "[DONE]"),
            {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hi"}]})


def chat_args(text: str) -> str:
    return "".join(t["function"].get("arguments") or "" for e in data_events(text) for c in e.get("choices", [])
                   for t in (c.get("delta") or {}).get("tool_calls") or [])


RESPONSE = {"id": "resp_9", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}


def responses(events: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    events = [{"type": "response.created", "response": RESPONSE}, *events,
              {"type": "response.completed", "response": {**RESPONSE, "status": "completed"}}]
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return sse(*events, named=True), {"model": "gpt-4o-mini", "input": "hi", "stream": True}


def responses_args(args: str) -> tuple[str, dict[str, Any]]:
    fc = {"type": "function_call", "id": "fc_9", "call_id": "call_9", "name": "f", "arguments": "",
          "status": "in_progress"}
    return responses([{"type": "response.output_item.added", "output_index": 0, "item": fc},
                      *[{"type": "response.function_call_arguments.delta", "item_id": "fc_9", "output_index": 0,
                         "delta": piece} for piece in _halves(args)]])


def responses_deltas(text: str) -> str:
    return "".join(e["delta"] for e in data_events(text) if e.get("type") == "response.function_call_arguments.delta")


def messages(args: str) -> tuple[str, dict[str, Any]]:
    msg = {"id": "msg_09", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}
    return (sse({"type": "message_start", "message": msg},
                {"type": "content_block_start", "index": 0,
                 "content_block": {"type": "tool_use", "id": "toolu_9", "name": "f", "input": {}}},
                *[{"type": "content_block_delta", "index": 0, "delta": {"type": "input_json_delta",
                                                                         "partial_json": piece}}
                  for piece in _halves(args)],
                {"type": "content_block_stop", "index": 0},
                {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                 "usage": {"output_tokens": 9}},
                {"type": "message_stop"}, named=True),
            {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "stream": True,
             "messages": [{"role": "user", "content": "hi"}]})


def messages_args(text: str) -> str:
    return "".join(e["delta"]["partial_json"] for e in data_events(text)
                   if e.get("type") == "content_block_delta" and e["delta"].get("type") == "input_json_delta")


ROUTES = {"chat": ("/v1/chat/completions", chat, chat_args),
          "responses": ("/v1/responses", responses_args, responses_deltas),
          "messages": ("/v1/messages", messages, messages_args)}


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_literal_escape_in_streamed_arguments_is_redacted(gx: Proxy, mock: Mock, route: str) -> None:
    path, make, read = ROUTES[route]
    raw, body = make(EMAIL_ARGS)
    mock.script(raw_sse=raw)
    r = _post(gx, path, body)
    assert r.status_code == 200, r.text
    _absent(r.text, "jane.doe", "example.com")
    note = json.loads(read(r.text))["note"]  # the client's join is still JSON
    assert note.startswith("Mail <EMAIL_ADDRESS_") and note.endswith("> now."), note


@pytest.mark.parametrize("route", list(ROUTES))
def test_a_codename_in_surrogate_escaped_tag_characters_blocks(gx: Proxy, mock: Mock, route: str) -> None:
    path, make, read = ROUTES[route]
    raw, body = make(TAG_ARGS)
    mock.script(raw_sse=raw)
    r = _post(gx, path, body)
    assert r.status_code == 200, r.text
    _absent(r.text, "\\udb40\\udc66", "soon")


WHERE = {"item_id": "msg_9", "output_index": 0, "content_index": 0}
MESSAGE = {"type": "message", "id": "msg_9", "status": "in_progress", "role": "assistant", "content": []}


def test_responses_opening_part_text_is_read_with_its_deltas(gx: Proxy, mock: Mock) -> None:
    raw, body = responses([
        {"type": "response.output_item.added", "output_index": 0, "item": MESSAGE},
        {"type": "response.content_part.added", **WHERE, "part": {"type": "output_text", "text": "We start project ",
                                                                   "annotations": []}},
        {"type": "response.output_text.delta", **WHERE, "delta": "falcon soon."}])
    mock.script(raw_sse=raw)
    r = _post(gx, "/v1/responses", body)
    assert r.status_code == 200, r.text
    _absent(r.text, "falcon", "soon")
    assert data_events(r.text)[-1]["type"] == "response.incomplete", r.text


def test_responses_opening_item_text_with_an_e_mail_split_is_redacted(gx: Proxy, mock: Mock) -> None:
    item = {**MESSAGE, "content": [{"type": "output_text", "text": "Mail jane.doe@", "annotations": []}]}
    raw, body = responses([{"type": "response.output_item.added", "output_index": 0, "item": item},
                           {"type": "response.output_text.delta", **WHERE, "delta": "example.com today. Thanks."}])
    mock.script(raw_sse=raw)
    r = _post(gx, "/v1/responses", body)
    assert r.status_code == 200, r.text
    _absent(r.text, "jane.doe", "example.com")
    got = data_events(r.text)
    added = next(e for e in got if e["type"] == "response.output_item.added")["item"]["content"][0]["text"]
    text = added + "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta")
    assert text.startswith("Mail <EMAIL_ADDRESS_") and text.endswith("> today. Thanks."), text


def test_responses_shell_commands_are_read_together(gx: Proxy, mock: Mock) -> None:
    shell = {"type": "shell_call", "id": "sc_9", "call_id": "c9", "status": "in_progress",
             "action": {"commands": [], "timeout_ms": 1000, "max_output_length": 100}}
    raw, body = responses([
        {"type": "response.output_item.added", "output_index": 0, "item": shell},
        {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 0, "command": "echo project"},
        {"type": "response.shell_call_command.added", "output_index": 0, "command_index": 1, "command": "falcon"}])
    mock.script(raw_sse=raw)
    r = _post(gx, "/v1/responses", body)
    assert r.status_code == 200, r.text
    _absent(r.text, "falcon")
