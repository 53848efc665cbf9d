"""A stream's last text in the chunk that ends its choice, and text after an answer's end (issue 12, atk7 F1, F2,
F4, F7), through the real proxy with the official SDK clients.

Reported (F1, HIGH): `Project ` then `{"delta":{"content":"Falcon launches Monday."},"finish_reason":"stop"}`
reached the openai SDK client as `Project Falcon launches Monday.`, record `allow`: the finish closed the choice
before the chunk's text was read, so the text held before it went out unscreened, and the chunk's text was read
alone (and sent after the finish). Likewise PII split at that cut, tool-call arguments ending there, legacy
completions, the Azure route, and a placeholder split there went out unrestored. F2: an end event (a finish
chunk, `message_delta`, `response.completed`) then more text of the same field: both went out, record `allow`.
F4: `n=2`, another choice's text sent after the violating sentence went out. F7: a choice `index: true` was read
as its own answer while the SDK files it under choice 1.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
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
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PERSON], restore: true}
output:
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD], min_score: 0.4}
""",
}
MSGS = [{"role": "user", "content": "hi"}]


@pytest.fixture(scope="module")
def fin(proxy_factory: ProxyFactory, mock_server: Mock) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    azure = {"kind": "azure", "base_url": mock_server.url, "api_version": "2024-10-21"}
    return proxy_factory(proxy_yaml={"providers": {"openai": {"base_url": f"{mock_server.url}/v1"},
                                                   "anthropic": {"base_url": mock_server.url}, "azure-eu": azure}},
                         teams={"app": {}}, files=POLICIES)


def chunk(delta: dict[str, Any] | None, finish: str | None = None, index: Any = 0) -> dict[str, Any]:
    return {"id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta or {}, "finish_reason": finish}]}


def sdk_chat(p: Proxy, n: int = 1) -> tuple[dict[int, str], dict[int, str], str, dict[int, str]]:
    """Text and finish per `choice.index` as the openai SDK client reads a stream; the request id; arguments."""
    raw = openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0) \
        .chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=MSGS, stream=True, n=n)
    texts: dict[int, str] = {}
    ends: dict[int, str] = {}
    args: dict[int, str] = {}
    for c in raw.parse():  # type: ignore[union-attr]
        for ch in c.choices:
            texts[ch.index] = texts.get(ch.index, "") + (ch.delta.content or "")
            for call in ch.delta.tool_calls or []:
                args[ch.index] = args.get(ch.index, "") + ((call.function.arguments or "") if call.function else "")
            if ch.finish_reason:
                ends[ch.index] = ch.finish_reason
    return texts, ends, raw.headers["x-guardrail-request-id"], args


# ------------------------------------------------------------------------------------------------ F1

def test_chat_codename_split_at_the_finish_chunk_is_blocked(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Project "}),
                            chunk({"content": "Falcon launches Monday."}, "stop"), "[DONE]"))
    texts, ends, rid, _ = sdk_chat(fin)
    assert "falcon" not in texts.get(0, "").lower() and ends == {0: "content_filter"}
    assert fin.record_for(rid)["decision"] == "block"


@pytest.mark.parametrize(("first", "last", "gone"), [
    ("Mail jane.doe@", "example.com now.", ("jane.doe", "example.com")),
    ("Call 415-555-", "0198 today.", ("0198",)),
])
def test_chat_pii_split_at_the_finish_chunk_is_redacted(fin: Proxy, mock: Mock, first: str, last: str,
                                                        gone: tuple[str, ...]) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": first}), chunk({"content": last}, "stop"),
                            "[DONE]"))
    texts, ends, rid, _ = sdk_chat(fin)
    for piece in gone:
        assert piece not in texts[0]
    assert "<" in texts[0] and ends == {0: "stop"}
    assert fin.record_for(rid)["decision"] == "redact"


def test_chat_whole_tool_call_in_the_finish_chunk_is_read_with_the_content(fin: Proxy, mock: Mock) -> None:
    """The README's example: `mail jane.doe`, then the whole call `{"to":"@example.com"}` in the finish chunk."""
    call = {"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                            "function": {"name": "send", "arguments": '{"to":"@example.com"}'}}]}
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "mail jane.doe"}), chunk(call, "tool_calls"),
                            "[DONE]"))
    texts, ends, rid, args = sdk_chat(fin)
    assert "jane.doe" not in texts[0] and "example.com" not in args[0]
    assert isinstance(json.loads(args[0]), dict) and ends == {0: "tool_calls"}
    assert fin.record_for(rid)["decision"] == "redact"


def test_chat_finish_chunk_text_goes_out_before_the_finish(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Project "}),
                            chunk({"content": "planning is on track."}, "stop"), "[DONE]"))
    r = post_team(fin, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS, "stream": True})
    got = [c for e in data_events(r.text) for c in e.get("choices", [])]
    ended = [k for k, c in enumerate(got) if c.get("finish_reason")]
    assert ended == [len(got) - 1] and got[-1]["delta"] == {}
    assert "".join(c["delta"].get("content") or "" for c in got) == "Project planning is on track."


def test_completions_codename_split_at_the_finish_chunk_is_blocked(fin: Proxy, mock: Mock) -> None:
    def piece(text: str, finish: str | None = None) -> dict[str, Any]:
        return {"id": "cmpl-9", "object": "text_completion", "created": 1733234567, "model": "gpt-3.5-turbo-instruct",
                "choices": [{"index": 0, "text": text, "logprobs": None, "finish_reason": finish}]}

    mock.script(raw_sse=sse(piece("We start project "), piece("falcon now.", "stop"), "[DONE]"))
    stream = openai.OpenAI(base_url=f"{fin.url}/v1", api_key=fin.keys["app"], max_retries=0) \
        .completions.create(model="gpt-3.5-turbo-instruct", prompt="hi", stream=True)
    parts = [(c.text, c.finish_reason) for ev in stream for c in ev.choices]
    assert "falcon" not in "".join(t for t, _ in parts).lower()
    assert [f for _, f in parts if f] == ["content_filter"]


def test_azure_route_card_split_at_the_finish_chunk_is_redacted(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Your card is 4111 1111 "}),
                            chunk({"content": "1111 1111, thanks."}, "stop"), "[DONE]"))
    client = openai.AzureOpenAI(azure_endpoint=fin.url, api_key=fin.keys["app"], api_version="2024-10-21",
                                max_retries=0)
    stream = client.chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True)  # type: ignore[arg-type]
    text = "".join(c.delta.content or "" for ev in stream for c in ev.choices)
    assert "4111" not in text and "1111 1111" not in text and "<CREDIT_CARD_1>" in text


def test_placeholder_split_at_the_finish_chunk_is_restored(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Sent to <EMAIL_"}),
                            chunk({"content": "ADDRESS_1> ok."}, "stop"), "[DONE]"))
    raw = openai.OpenAI(base_url=f"{fin.url}/v1", api_key=fin.keys["app"], max_retries=0) \
        .chat.completions.with_raw_response.create(
            model="gpt-4o-mini", stream=True, messages=[{"role": "user", "content": "Send it to jane.doe@acme.com"}])
    text = "".join(c.delta.content or "" for ev in raw.parse() for c in ev.choices)  # type: ignore[union-attr]
    assert text == "Sent to jane.doe@acme.com ok."


# ------------------------------------------------------------------------------------------------ F2

def test_chat_content_after_the_finish_ends_the_stream(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "We start Project "}), chunk(None, "stop"),
                            chunk({"content": "Falcon now."}), "[DONE]"))
    r = post_team(fin, "/v1/chat/completions", {"model": "gpt-4o-mini", "messages": MSGS, "stream": True})
    _absent(r.text, "falcon")
    assert "upstream_unreadable" in r.text  # a 502, or an `error` event once the stream began
    checks = fin.record_for(r.headers["x-guardrail-request-id"])["checks"]
    assert any(c["check"] == "readable" and c["action"] == "block" for c in checks)


def test_anthropic_text_after_message_delta_ends_the_stream(fin: Proxy, mock: Mock) -> None:
    events = [{"type": "message_start", "message": {"id": "msg_9", "type": "message", "role": "assistant",
                                                    "content": [], "model": "claude-3-5-haiku-latest",
                                                    "stop_reason": None, "stop_sequence": None,
                                                    "usage": {"input_tokens": 3, "output_tokens": 1}}},
              {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Mail jane.doe@"}},
              {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
               "usage": {"output_tokens": 5}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "example.com now."}},
              {"type": "content_block_stop", "index": 0}, {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    client = anthropic.Anthropic(base_url=fin.url, api_key=fin.keys["app"], max_retries=0)
    seen = ""
    with pytest.raises(anthropic.APIStatusError):
        with client.messages.stream(model="claude-3-5-haiku-latest", max_tokens=50, messages=MSGS) as stream:
            for text in stream.text_stream:
                seen += text
    assert "example.com" not in seen


@pytest.mark.parametrize("end", ["response.completed", "response.incomplete", "response.failed"])
def test_responses_delta_after_the_answer_ended_ends_the_stream(fin: Proxy, mock: Mock, end: str) -> None:
    response = {"id": "resp_9", "object": "response", "created_at": 1733234567, "status": "in_progress",
                "model": "gpt-4o-mini", "output": []}
    delta = {"type": "response.output_text.delta", "item_id": "msg_9", "output_index": 0, "content_index": 0}
    events = [{"type": "response.created", "sequence_number": 0, "response": response},
              {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
               "item": {"type": "message", "id": "msg_9", "role": "assistant", "status": "in_progress", "content": []}},
              {"type": "response.content_part.added", "sequence_number": 2, "item_id": "msg_9", "output_index": 0,
               "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}},
              {**delta, "sequence_number": 3, "delta": "We start Project "},
              {"type": end, "sequence_number": 4, "response": {**response, "status": end.split(".")[1]}},
              {**delta, "sequence_number": 5, "delta": "Falcon now."}]
    mock.script(raw_sse=sse(*events, named=True))
    r = post_team(fin, "/v1/responses", {"model": "gpt-4o-mini", "input": "hi", "stream": True})
    _absent(r.text, "falcon")
    assert "upstream_unreadable" in r.text
    checks = fin.record_for(r.headers["x-guardrail-request-id"])["checks"]
    assert any(c["check"] == "readable" and c["action"] == "block" for c in checks)


# ------------------------------------------------------------------------------------------------ F4, F7

def test_another_choices_text_after_the_violating_sentence_never_goes_out(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Hi. "}, index=1),
                            chunk({"role": "assistant", "content": "Project Falcon go. "}),
                            chunk({"content": "AFTERTEXT one. "}, index=1), chunk(None, "stop", index=1),
                            chunk(None, "stop"), "[DONE]"))
    texts, ends, rid, _ = sdk_chat(fin, n=2)
    assert not any("AFTERTEXT" in t or "falcon" in t.lower() for t in texts.values())
    assert ends == {0: "content_filter", 1: "content_filter"}
    assert fin.record_for(rid)["decision"] == "block"


def test_a_boolean_choice_index_ends_the_stream(fin: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "We start Project "}, index=1),
                            chunk({"content": "Falcon now."}, index=True), chunk(None, "stop", index=1), "[DONE]"))
    seen: dict[int, str] = {}
    with pytest.raises(openai.APIError):
        for c in openai.OpenAI(base_url=f"{fin.url}/v1", api_key=fin.keys["app"], max_retries=0) \
                .chat.completions.create(model="gpt-4o-mini", messages=MSGS, stream=True, n=2):
            for ch in c.choices:
                seen[ch.index] = seen.get(ch.index, "") + (ch.delta.content or "")
    assert not any("falcon" in t.lower() for t in seen.values())
