"""Monitor mode is a pass-through for streams; the record sees what an enforcing run would (issue 12, atk7 F6).

Reported (README-only attack, tester A): under `mode: monitor` with output rules the client got a re-cut stream:
an extra empty first chunk, text re-split or merged at the windows' cuts, the `id: 7` SSE field dropped, and the
text of a finish chunk moved after the finish (a chunk after the choice's end, which the provider never sent).
The README: "**monitor**: the client sees exactly what it would without the proxy" and "Monitor mode and policies
without output rules relay them [comments, `id:`/`retry:` fields] unchanged". Now the client gets the provider's
bytes, and a copy is screened for the record (`would_redact`, `would_block`). A policy without output rules
(restore only) relays them unchanged too. Scripted streams (the mock serves them verbatim, 8 bytes a write);
assertions on the bytes the client received, on what the official SDKs assembled, and on the records.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import post_team, sse, team_claude, team_oai

RULES = r"""
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER], min_score: 0.4}
"""
POLICIES = {
    "policies/default.yaml": "name: default\non_error: block\n" + RULES,
    "policies/watch.yaml": "name: watch\non_error: block\nmode: monitor\n" + RULES,
    # no output rules: the answer is only read for the request's placeholders (restore)
    "policies/plain.yaml": "name: plain\ninput:\n  pii: {action: redact, entities: [EMAIL_ADDRESS], restore: true}\n",
}


@pytest.fixture(scope="module")
def watched(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(teams={"app": {}, "watch": {"policy": "watch"}, "plain": {"policy": "plain"}},
                         files=POLICIES)


HEAD = {"id": "chatcmpl-7", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini"}
CHAT = {"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": "hello"}]}


def chunk(content: str | None, finish: str | None = None) -> str:
    delta: dict[str, Any] = {"content": content} if content is not None else {}
    return "data: " + json.dumps({**HEAD, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}) + "\n\n"


# The report's shapes: a comment, an `id:` and a `retry:` field, two sentences across chunks, text in the
# chunk that carries `finish_reason`.
ODD = (": keep-alive\n\n" + "id: 7\n" + chunk("Hello there. How are") + "retry: 3000\n\n"
       + chunk(" you today? Mail dana.kerr@") + ": ping\n\n" + chunk("example.org now. ") + chunk("Bye.", "stop")
       + "data: [DONE]\n\n")
# The same as the openai SDK can read it: once an `id:` was seen it takes every blank line (a lone `retry:` event,
# a comment's end) for an event with empty data, not JSON; so the fields ride on the first data event here.
ODD_SDK = (": keep-alive\n\n" + "id: 7\nretry: 3000\n" + chunk("Hello there. How are")
           + chunk(" you today? Mail dana.kerr@") + chunk("example.org now. ") + chunk("Bye.", "stop")
           + "data: [DONE]\n\n")
SAID = "Hello there. How are you today? Mail dana.kerr@example.org now. Bye."


def output_actions(rec: dict[str, Any]) -> dict[str, str]:
    return {c["check"]: c["action"] for c in rec["checks"] if c["phase"] == "output"}


def test_monitor_relays_a_chat_stream_byte_for_byte(watched: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=ODD)
    r = post_team(watched, "/v1/chat/completions", CHAT, "watch")
    assert r.status_code == 200 and r.text == ODD  # no empty first chunk, no re-cut, `id:`/`retry:`/comments kept
    rec = watched.record_for(r.headers["x-guardrail-request-id"])
    assert rec["mode"] == "monitor" and rec["decision"] == "flag"
    assert rec["output"]["chars"] == len(SAID) and rec["output"]["finish"] == ["stop"]  # metered on the way
    assert output_actions(rec)["pii"] == "would_redact"  # the copy was screened: the address split in two chunks
    # the same stream enforced: redacted (what the monitor record says would happen)
    mock.script(raw_sse=ODD)
    enforced = post_team(watched, "/v1/chat/completions", CHAT)
    assert "dana.kerr" not in enforced.text
    assert output_actions(watched.record_for(enforced.headers["x-guardrail-request-id"]))["pii"] == "redact"


def test_monitor_stream_through_the_openai_sdk(watched: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=ODD_SDK)
    raw = team_oai(watched, "watch").chat.completions.with_raw_response.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hello"}], stream=True)
    chunks = list(raw.parse())
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == SAID
    # as the provider cut it: four chunks, the last carrying its text and the finish together
    assert [(c.choices[0].delta.content, c.choices[0].finish_reason) for c in chunks] == [
        ("Hello there. How are", None), (" you today? Mail dana.kerr@", None), ("example.org now. ", None),
        ("Bye.", "stop")]
    rec = watched.record_for(raw.headers["x-guardrail-request-id"])
    assert output_actions(rec)["pii"] == "would_redact"


def test_monitor_records_a_block_and_relays_the_stream_whole(watched: Proxy, mock: Mock) -> None:
    raw = chunk("We start project ") + chunk("falcon soon. ") + chunk("Then more.") + chunk(None, "stop") \
        + "data: [DONE]\n\n"
    mock.script(raw_sse=raw)
    r = post_team(watched, "/v1/chat/completions", CHAT, "watch")
    assert r.text == raw
    rec = watched.record_for(r.headers["x-guardrail-request-id"])
    assert output_actions(rec)["patterns"] == "would_block" and rec["decision"] == "flag"


RESPONSE = {"id": "resp_7", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}
WHERE = {"item_id": "msg_7", "output_index": 0, "content_index": 0}


def responses_stream() -> str:
    item = {"type": "message", "id": "msg_7", "status": "in_progress", "role": "assistant", "content": []}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": RESPONSE},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **WHERE,
         "part": {"type": "output_text", "text": "Mail dana.kerr@", "annotations": []}},
        {"type": "response.output_text.delta", **WHERE, "delta": "example.org now.", "logprobs": []},
        {"type": "response.output_text.done", **WHERE, "text": "Mail dana.kerr@example.org now.", "logprobs": []},
        {"type": "response.completed", "response": {**RESPONSE, "status": "completed"}}]
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return ": hi\n\n" + sse(*events, named=True)


def messages_stream() -> str:
    def delta(text: str) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}}

    events: list[dict[str, Any]] = [
        {"type": "message_start", "message": {"id": "msg_7", "type": "message", "role": "assistant", "content": [],
                                              "model": "claude-3-5-haiku-latest", "stop_reason": None,
                                              "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "ping"}, delta("Mail dana.kerr@"), delta("example.org now."),
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 9}},
        {"type": "message_stop"}]
    return sse(*events, named=True)


@pytest.mark.parametrize("route", ["responses", "messages"])
def test_monitor_relays_responses_and_messages_streams_byte_for_byte(watched: Proxy, mock: Mock, route: str) -> None:
    if route == "responses":
        raw, path = responses_stream(), "/v1/responses"
        body: dict[str, Any] = {"model": "gpt-4o-mini", "input": "hello", "stream": True}
    else:
        raw, path = messages_stream(), "/v1/messages"
        body = {"model": "claude-3-5-haiku-latest", "max_tokens": 50, "stream": True,
                "messages": [{"role": "user", "content": "hello"}]}
    mock.script(raw_sse=raw)
    r = post_team(watched, path, body, "watch", version=True)
    assert r.status_code == 200 and r.text == raw
    assert output_actions(watched.record_for(r.headers["x-guardrail-request-id"]))["pii"] == "would_redact"


def test_monitor_messages_stream_through_the_anthropic_sdk(watched: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=messages_stream())
    with team_claude(watched, "watch").messages.stream(
            model="claude-3-5-haiku-latest", max_tokens=50, messages=[{"role": "user", "content": "hello"}]) as s:
        final = s.get_final_message()
    assert [b.text for b in final.content if b.type == "text"] == ["Mail dana.kerr@example.org now."]
    assert final.stop_reason == "end_turn"


def test_a_policy_without_output_rules_relays_comments_and_fields_unchanged(watched: Proxy, mock: Mock) -> None:
    raw = ": keep-alive\n\n" + "id: 7\n" + chunk("Hello there. How are") + "retry: 3000\n\n" \
        + chunk(" you today?", "stop") + "data: [DONE]\n\n"
    mock.script(raw_sse=raw)
    r = post_team(watched, "/v1/chat/completions", CHAT, "plain")
    assert r.status_code == 200 and r.text == raw
