"""A value the model repeats in a streamed answer (issue 12, atk6 H1): every copy gets the same placeholder.

The output PII check put the model's value into the request's restore map when it redacted the first copy (in a
citation, an annotation, a search query, choice 0, the first item of `response.completed`), and then left the
second copy alone as a value the client had sent: the text quoting the citation, choice 1, the second item went
out raw. Whole answers were redacted (one check over every text). Now the model's values share the placeholders'
numbering but never become restorable, so any later copy in any field or choice is redacted the same way.

Scripted streams (the mock serves them verbatim); assertions on the raw bytes the client got.
"""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.vault import PLACEHOLDER
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import assert_absent, data_events, post_team, sse

EMAIL = "vera.lindqvist@northwind-mail.com"
SSN = "536-90-4399"
PHONE = "415-555-0198"
CARD = "4111 1111 1111 1111"
VALUES = [(EMAIL, "EMAIL_ADDRESS"), (SSN, "US_SSN"), (PHONE, "PHONE_NUMBER"), (CARD, "CREDIT_CARD")]
IDS = ["email", "ssn", "phone", "card"]

POLICIES = {
    "policies/default.yaml": r"""
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, US_SSN, CREDIT_CARD]}
  patterns:
    - {name: codenames, regex: '(?i)\bproject (falcon|osprey)\b', action: block}
""",
}


@pytest.fixture(scope="module")
def repeated(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def clean(got: str, value: str, entity: str) -> str:
    """No part of `value` in `got`, and one placeholder for all its copies: `<entity_1>`, or the type the analyzer
    gave it here (an SSN after "Contact" reads as a phone number too); that placeholder."""
    assert_absent(got, value, value.split("@")[0], value[-9:])
    found = set(PLACEHOLDER.findall(got))
    assert len(found) == 1, (found, got[:3000])
    kind, n = found.pop()
    assert n == "1" and (kind == entity or entity == "US_SSN"), (kind, n)
    return f"<{kind}_1>"


def texts_of(got: str, kind: str) -> list[str]:
    """The `text` of every Anthropic delta of `kind` in the stream."""
    return [e["delta"]["text"] for e in data_events(got) if e.get("type") == "content_block_delta"
            and e["delta"].get("type") == kind]


# ------------------------------------------------------------------------------------- Anthropic

MSG = {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
       "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}


def anthropic(*blocks: list[dict[str, Any]]) -> str:
    events: list[dict[str, Any]] = [{"type": "message_start", "message": MSG}]
    for block in blocks:
        events += block
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 9}}, {"type": "message_stop"}]
    return sse(*events, named=True)


def block(index: int, start: dict[str, Any], *deltas: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": start},
            *({"type": "content_block_delta", "index": index, "delta": d} for d in deltas),
            {"type": "content_block_stop", "index": index}]


def citation(value: str) -> dict[str, Any]:
    return {"type": "citations_delta", "citation": {
        "type": "char_location", "cited_text": f"Contact {value} for access.", "document_index": 0,
        "document_title": "Policy", "start_char_index": 0, "end_char_index": 10}}


def text(value: str) -> dict[str, Any]:
    return {"type": "text_delta", "text": f"Contact {value} for access."}


ASK_CLAUDE = {"model": "claude-3-5-haiku-latest", "max_tokens": 50, "stream": True,
              "messages": [{"role": "user", "content": "Who do I contact?"}]}


@pytest.mark.parametrize(("value", "entity"), VALUES, ids=IDS)
@pytest.mark.parametrize("order", ["citation_first", "text_first"])
def test_anthropic_text_quoting_a_citation(repeated: Proxy, mock: Mock, value: str, entity: str, order: str) -> None:
    deltas = [citation(value), text(value)] if order == "citation_first" else [text(value), citation(value)]
    mock.script(raw_sse=anthropic(block(0, {"type": "text", "text": "", "citations": []}, *deltas)))
    r = post_team(repeated, "/v1/messages", ASK_CLAUDE, version=True)
    assert r.status_code == 200, r.text
    placeholder = clean(r.text, value, entity)
    assert "".join(texts_of(r.text, "text_delta")) == f"Contact {placeholder} for access."


def test_anthropic_text_after_a_web_search_result(repeated: Proxy, mock: Mock) -> None:
    result = {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": [
        {"type": "web_search_result", "url": "https://support.example.org/", "title": f"Support: {EMAIL}",
         "encrypted_content": "abcd", "page_age": None}]}
    mock.script(raw_sse=anthropic(
        block(0, {"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {}},
              {"type": "input_json_delta", "partial_json": '{"query": "support"}'}),
        block(1, result),
        block(2, {"type": "text", "text": ""}, {"type": "text_delta", "text": f"Write to {EMAIL} for support."})))
    r = post_team(repeated, "/v1/messages", ASK_CLAUDE, version=True)
    clean(r.text, EMAIL, "EMAIL_ADDRESS")
    assert "".join(texts_of(r.text, "text_delta")) == "Write to <EMAIL_ADDRESS_1> for support."


def test_anthropic_codename_block_still_holds(repeated: Proxy, mock: Mock) -> None:
    mock.script(raw_sse=anthropic(block(0, {"type": "text", "text": "", "citations": []}, citation(EMAIL),
                                        {"type": "text_delta", "text": "Ask about Project Osprey today."})))
    r = post_team(repeated, "/v1/messages", ASK_CLAUDE, version=True)
    assert_absent(r.text, EMAIL, "osprey")
    assert data_events(r.text)[-2]["delta"]["stop_reason"] == "refusal"


# ------------------------------------------------------------------------------------- Responses

RESPONSE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
            "model": "gpt-4o-mini", "output": []}
ASK_RESP = {"model": "gpt-4o-mini", "input": "Who do I contact?", "stream": True}


def message(n: int, said: str) -> dict[str, Any]:
    return {"type": "message", "id": f"msg_{n}", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": said, "annotations": []}]}


def responses(before: list[dict[str, Any]], said: str, output: list[dict[str, Any]],
              middle: list[dict[str, Any]] | None = None, index: int = 0) -> str:
    """`before` (whole events), then one message item streamed with `said`, then `response.completed`."""
    item = message(1, said)
    where = {"item_id": "msg_1", "output_index": index, "content_index": 0}
    events = [{"type": "response.created", "response": RESPONSE}, *before,
              {"type": "response.output_item.added", "output_index": index,
               "item": {**item, "status": "in_progress", "content": []}},
              {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                         "annotations": []}},
              *(middle or []),
              {"type": "response.output_text.delta", **where, "delta": said},
              {"type": "response.output_text.done", **where, "text": said},
              {"type": "response.content_part.done", **where, "part": item["content"][0]},
              {"type": "response.output_item.done", "output_index": index, "item": item},
              {"type": "response.completed", "response": {**RESPONSE, "status": "completed", "output": output}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return sse(*events, named=True)


@pytest.mark.parametrize(("value", "entity"), VALUES, ids=IDS)
def test_responses_text_after_a_url_citation(repeated: Proxy, mock: Mock, value: str, entity: str) -> None:
    said = f"Write to {value} for support."
    note = {"type": "response.output_text.annotation.added", "item_id": "msg_1", "output_index": 0,
            "content_index": 0, "annotation_index": 0, "annotation": {
                "type": "url_citation", "url": "https://support.example.org/", "title": f"Support: {value}",
                "start_index": 0, "end_index": 5}}
    mock.script(raw_sse=responses([], said, [message(1, said)], middle=[note]))
    r = post_team(repeated, "/v1/responses", ASK_RESP)
    placeholder = clean(r.text, value, entity)
    deltas = [e["delta"] for e in data_events(r.text) if e["type"] == "response.output_text.delta"]
    assert "".join(deltas) == f"Write to {placeholder} for support."


def test_responses_text_after_a_web_search_query(repeated: Proxy, mock: Mock) -> None:
    search = {"type": "web_search_call", "id": "ws_1", "status": "completed",
              "action": {"type": "search", "query": f"who owns {EMAIL}"}}
    said = f"The address {EMAIL} belongs to the sales team."
    before = [{"type": "response.output_item.added", "output_index": 0, "item": {**search, "status": "in_progress"}},
              {"type": "response.output_item.done", "output_index": 0, "item": search}]
    mock.script(raw_sse=responses(before, said, [search, message(1, said)], index=1))
    r = post_team(repeated, "/v1/responses", ASK_RESP)
    clean(r.text, EMAIL, "EMAIL_ADDRESS")
    done = [e for e in data_events(r.text) if e["type"] == "response.output_text.done"]
    assert done[0]["text"] == "The address <EMAIL_ADDRESS_1> belongs to the sales team."


@pytest.mark.parametrize(("value", "entity"), VALUES[:2], ids=IDS[:2])
def test_responses_completed_two_items_same_value(repeated: Proxy, mock: Mock, value: str, entity: str) -> None:
    """Only `response.completed` carries the answer: both items' copies get the same placeholder."""
    events = [{"type": "response.created", "response": RESPONSE, "sequence_number": 0},
              {"type": "response.completed", "sequence_number": 1, "response": {
                  **RESPONSE, "status": "completed",
                  "output": [message(1, f"Mail {value}."), message(2, f"Again: {value}.")]}}]
    mock.script(raw_sse=sse(*events, named=True))
    r = post_team(repeated, "/v1/responses", ASK_RESP)
    placeholder = clean(r.text, value, entity)
    output = data_events(r.text)[-1]["response"]["output"]
    assert [m["content"][0]["text"] for m in output] == [f"Mail {placeholder}.", f"Again: {placeholder}."]


def test_responses_completed_mcp_arguments_and_output(repeated: Proxy, mock: Mock) -> None:
    call = {"type": "mcp_call", "id": "mcp_1", "server_label": "crm", "name": "lookup", "status": "completed",
            "arguments": f'{{"email": "{EMAIL}"}}', "output": f"ok {EMAIL}", "error": None}
    events = [{"type": "response.created", "response": RESPONSE, "sequence_number": 0},
              {"type": "response.completed", "sequence_number": 1,
               "response": {**RESPONSE, "status": "completed", "output": [call]}}]
    mock.script(raw_sse=sse(*events, named=True))
    r = post_team(repeated, "/v1/responses", ASK_RESP)
    clean(r.text, EMAIL, "EMAIL_ADDRESS")
    got = data_events(r.text)[-1]["response"]["output"][0]
    assert got["output"] == "ok <EMAIL_ADDRESS_1>" and "<EMAIL_ADDRESS_1>" in got["arguments"]


# ------------------------------------------------------------------------------------- chat and completions

def chunk(index: int, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1733234567, "model": "gpt-4o-mini",
            "choices": [{"index": index, "delta": delta, "finish_reason": finish}]}


@pytest.mark.parametrize(("value", "entity"), VALUES, ids=IDS)
def test_chat_n2_choice_1_repeating_choice_0(repeated: Proxy, mock: Mock, value: str, entity: str) -> None:
    said = f"Mail {value}."
    mock.script(raw_sse=sse(chunk(0, {"role": "assistant", "content": said}),
                            chunk(1, {"role": "assistant", "content": said}),
                            chunk(0, {}, "stop"), chunk(1, {}, "stop"), "[DONE]"))
    r = post_team(repeated, "/v1/chat/completions", {"model": "gpt-4o-mini", "n": 2, "stream": True,
                                                     "messages": [{"role": "user", "content": "hi"}]})
    placeholder = clean(r.text, value, entity)
    per: dict[int, str] = {}
    for e in data_events(r.text):
        for c in e.get("choices", []):
            per[c["index"]] = per.get(c["index"], "") + (c["delta"].get("content") or "")
    assert per == {0: f"Mail {placeholder}.", 1: f"Mail {placeholder}."}


def test_chat_n2_tool_arguments_repeating_choice_0(repeated: Proxy, mock: Mock) -> None:
    def call(index: int) -> dict[str, Any]:
        return chunk(index, {"role": "assistant", "tool_calls": [{"index": 0, "id": f"call_{index}", "type": "function",
                                                                  "function": {"name": "send",
                                                                               "arguments": f'{{"to": "{EMAIL}"}}'}}]})
    mock.script(raw_sse=sse(call(0), call(1), chunk(0, {}, "tool_calls"), chunk(1, {}, "tool_calls"), "[DONE]"))
    r = post_team(repeated, "/v1/chat/completions", {"model": "gpt-4o-mini", "n": 2, "stream": True,
                                                     "messages": [{"role": "user", "content": "hi"}]})
    clean(r.text, EMAIL, "EMAIL_ADDRESS")


def test_completions_n2_choice_1_repeating_choice_0(repeated: Proxy, mock: Mock) -> None:
    def part(index: int) -> dict[str, Any]:
        return {"id": "cmpl-1", "object": "text_completion", "created": 1733234567, "model": "gpt-3.5-turbo-instruct",
                "choices": [{"index": index, "text": f"Mail {EMAIL}.", "logprobs": None, "finish_reason": "stop"}]}
    mock.script(raw_sse=sse(part(0), part(1), "[DONE]"))
    r = post_team(repeated, "/v1/completions", {"model": "gpt-3.5-turbo-instruct", "prompt": "hi", "n": 2,
                                                "stream": True})
    clean(r.text, EMAIL, "EMAIL_ADDRESS")
    per: dict[int, str] = {}
    for e in data_events(r.text):
        for c in e.get("choices", []):
            per[c["index"]] = per.get(c["index"], "") + c.get("text", "")
    assert per == {0: "Mail <EMAIL_ADDRESS_1>.", 1: "Mail <EMAIL_ADDRESS_1>."}


def test_a_client_value_is_still_restored_beside_a_repeated_model_value(proxy_factory: ProxyFactory,
                                                                        mock: Mock) -> None:
    """With `restore`, the client's own value comes back; the model's value, written twice, does not."""
    p = proxy_factory(teams={"app": {}}, files={"policies/default.yaml": """
name: default
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS], restore: true}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS]}
"""})
    said = f"Mail {EMAIL}, cc <EMAIL_ADDRESS_1>."
    mock.script(raw_sse=sse(chunk(0, {"role": "assistant", "content": said}),
                            chunk(1, {"role": "assistant", "content": said}),
                            chunk(0, {}, "stop"), chunk(1, {}, "stop"), "[DONE]"))
    r = post_team(p, "/v1/chat/completions", {"model": "gpt-4o-mini", "n": 2, "stream": True, "messages": [
        {"role": "user", "content": "Copy me at me.myself@contoso.com please."}]})
    assert_absent(r.text, EMAIL, "vera.lindqvist")
    per: dict[int, str] = {}
    for e in data_events(r.text):
        for c in e.get("choices", []):
            per[c["index"]] = per.get(c["index"], "") + (c["delta"].get("content") or "")
    assert per == {0: "Mail <EMAIL_ADDRESS_2>, cc me.myself@contoso.com.",
                   1: "Mail <EMAIL_ADDRESS_2>, cc me.myself@contoso.com."}
