"""gap49 end to end through the official SDKs under the shipped default policy (issue 12, atk47's left gaps): what
the mock provider received, or what the client got."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from proxy.guard import prev26
from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

SHIPPED = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
SSN, PHONE = "536904399", "6175550143"
Q_SSN = "What is your Social Security number?"


@pytest.fixture(scope="module")
def shipped(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SHIPPED})


@pytest.fixture(autouse=True)
def _forget() -> None:
    prev26.clear()


def _chat(p: Proxy, mock: Mock, messages: Any) -> str:
    oai(p).chat.completions.create(model="gpt-4o-mini", messages=messages)
    return json.dumps(mock.last_body["messages"])


# ------------------------------------------------------------------ 1. a tool message's own name; a `name` field

@pytest.mark.parametrize("content", [SSN, json.dumps({"result": SSN})])
def test_trimmed_call_result_read_with_the_tool_message_name(shipped: Proxy, mock: Mock, content: str) -> None:
    sent = _chat(shipped, mock, [{"role": "user", "content": "look up customer 7"},
                                 {"role": "tool", "tool_call_id": "call_1", "name": "get_customer_ssn",
                                  "content": content}])
    assert SSN not in sent and "<US_SSN_" in sent, sent


def test_trimmed_call_of_an_ordinary_tool_goes_as_sent(shipped: Proxy, mock: Mock) -> None:
    sent = _chat(shipped, mock, [{"role": "user", "content": "look up order 7"},
                                 {"role": "tool", "tool_call_id": "call_1", "name": "get_order_total",
                                  "content": SSN}])
    assert SSN in sent


def test_user_name_field_read_as_the_reply(shipped: Proxy, mock: Mock) -> None:
    sent = _chat(shipped, mock, [{"role": "assistant", "content": Q_SSN},
                                 {"role": "user", "content": "ok", "name": SSN}])
    assert SSN not in sent, sent
    plain = _chat(shipped, mock, [{"role": "assistant", "content": Q_SSN},
                                  {"role": "user", "content": "ok", "name": "alice"}])
    assert '"name": "alice"' in plain


# ------------------------------------------------------------------ 2. Anthropic answers: thinking cue; MCP; base64

def _events(*blocks: list[dict[str, Any]]) -> str:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}
    events = [{"type": "message_start", "message": msg}]
    for b in blocks:
        events += b
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    return "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in events)


def _thinking(k: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": k,
             "content_block": {"type": "thinking", "thinking": "", "signature": ""}},
            {"type": "content_block_delta", "index": k, "delta": {"type": "thinking_delta", "thinking": text}},
            {"type": "content_block_delta", "index": k,
             "delta": {"type": "signature_delta", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl"}},
            {"type": "content_block_stop", "index": k}]


def _text(k: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": k, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": k, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": k}]


def _streamed(p: Proxy, mock: Mock, script: str) -> str:
    mock.script(raw_sse=script)
    with claude(p).messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                   messages=[{"role": "user", "content": "hi"}]) as s:
        return json.dumps([b.to_dict() for b in s.get_final_message().content])


@pytest.mark.parametrize(("thought", "value"), [("The user wants the SSN on file.", SSN),
                                                ("I should give them the customer's cell number.", PHONE)])
def test_streamed_text_value_read_after_the_thinking_cue(shipped: Proxy, mock: Mock, thought: str,
                                                         value: str) -> None:
    got = _streamed(shipped, mock, _events(_thinking(0, thought), _text(1, value)))
    assert value not in got and "<" in got, got


def test_streamed_value_after_an_unrelated_thought_goes_as_sent(shipped: Proxy, mock: Mock) -> None:
    got = _streamed(shipped, mock, _events(_thinking(0, "The user wants the order number."), _text(1, SSN)))
    assert SSN in got


def test_streamed_mcp_tool_result_read_with_its_call(shipped: Proxy, mock: Mock) -> None:
    use = {"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "get_customer_ssn", "server_name": "crm",
           "input": {"customer": 7}}
    res = {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_1", "is_error": False,
           "content": [{"type": "text", "text": SSN}]}
    script = _events([{"type": "content_block_start", "index": 0, "content_block": use},
                      {"type": "content_block_stop", "index": 0}],
                     [{"type": "content_block_start", "index": 1, "content_block": res},
                      {"type": "content_block_stop", "index": 1}], _text(2, "Done."))
    mock.script(raw_sse=script)
    import httpx

    headers = {"x-api-key": "k", "anthropic-version": "2023-06-01"}
    with httpx.stream("POST", shipped.url + "/v1/messages", headers=headers,
                      json={"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                            "messages": [{"role": "user", "content": "hi"}]}) as r:
        got = r.read().decode()
    assert SSN not in got and "mcp_tool_result" in got, got


def test_whole_answer_text_value_read_after_the_thinking_cue(shipped: Proxy, mock: Mock) -> None:
    mock.script(raw_body=json.dumps({
        "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5",
        "content": [{"type": "thinking", "thinking": "The user wants the SSN on file.", "signature": "EqQBCgIYAh"},
                    {"type": "text", "text": SSN}],
        "stop_reason": "end_turn", "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5}}))
    got = claude(shipped).messages.create(model="claude-sonnet-4-5", max_tokens=100,
                                          messages=[{"role": "user", "content": "hi"}]).model_dump_json()
    assert SSN not in got, got


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def _doc(text: str) -> dict[str, Any]:
    return {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": _b64(text)}}


def _claude_sent(p: Proxy, mock: Mock, messages: Any) -> str:
    claude(p).messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=messages)
    return json.dumps(mock.last_body["messages"])


def _decoded(sent: str) -> str:
    """The request's text with every base64 document's data decoded."""
    import base64
    import re

    out = [sent]
    for m in re.finditer(r'"data": "([A-Za-z0-9+/=]{8,})"', sent):
        out.append(base64.b64decode(m.group(1)).decode("utf-8", "replace"))
    for m in re.finditer(r'base64,([A-Za-z0-9+/=]{8,})', sent):
        out.append(base64.b64decode(m.group(1)).decode("utf-8", "replace"))
    return "\n".join(out)


def test_base64_text_document_read_as_text(shipped: Proxy, mock: Mock) -> None:
    sent = _claude_sent(shipped, mock, [{"role": "user", "content": [
        _doc("Customer note: call her back at 617-555-0143 after five."), {"type": "text", "text": "Summarise."}]}])
    assert "617-555-0143" not in _decoded(sent) and "PHONE_NUMBER" in _decoded(sent), sent


def test_base64_text_document_in_a_tool_result_read_with_the_call(shipped: Proxy, mock: Mock) -> None:
    sent = _claude_sent(shipped, mock, [
        {"role": "user", "content": "look up customer 7"},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_customer_ssn",
                                           "input": {"customer": 7}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": [_doc(SSN)]}]}])
    assert SSN not in _decoded(sent), sent


def test_openai_file_data_text_file_read_as_text(shipped: Proxy, mock: Mock) -> None:
    data = "data:text/plain;base64," + _b64("Customer note: call her back at 617-555-0143 after five.")
    sent = _chat(shipped, mock, [{"role": "user", "content": [
        {"type": "file", "file": {"filename": "note.txt", "file_data": data}},
        {"type": "text", "text": "Summarise."}]}])
    assert "617-555-0143" not in _decoded(sent), sent


def test_responses_input_file_of_a_call_output_read_with_the_call(shipped: Proxy, mock: Mock) -> None:
    oai(shipped).responses.create(model="gpt-5", input=[
        {"role": "user", "content": "look up customer 7"},
        {"type": "function_call", "call_id": "c1", "name": "get_customer_ssn", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": [
            {"type": "input_file", "filename": "ssn.txt", "file_data": "data:text/plain;base64," + _b64(SSN)}]}])
    sent = json.dumps(mock.last_body["input"])
    assert SSN not in _decoded(sent), sent


# ------------------------------------------------------------------ 4. a UK number dictated over kept turns

@pytest.mark.parametrize("pieces", [["you can ring me on 0161 496", "0123"], ["landline 020 7946", "0321"]])
def test_uk_number_dictated_over_previous_response_id(shipped: Proxy, mock: Mock, pieces: list[str]) -> None:
    from proxy.guard import turn47
    from tests.e2e.test_turn47 import _dictate

    turn47.clear()
    sent = _dictate([oai(shipped)], mock, pieces)
    assert pieces[-1] not in sent[-1] and "<PHONE_NUMBER_" in sent[-1], sent


# ------------------------------------------------------------------ 5. Slavic verbs kept; a lower-case surname

@pytest.mark.parametrize(("text", "kept", "gone"), [
    ("Zadzwoń do mnie: 512 345 678.", "Zadzwoń do mnie: ", "512 345 678"),
    ("Dzwonił Jan Kowalski wczoraj.", "Dzwonił ", "Kowalski"),
    ("Звонил Иван Петров вчера.", "Звонил ", "Петров"),
    ("my surname is okafor", "my surname is ", "okafor"),
])
def test_verb_kept_value_redacted(shipped: Proxy, mock: Mock, text: str, kept: str, gone: str) -> None:
    oai(shipped).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.last_body["messages"][0]["content"]
    assert sent.startswith(kept) and gone not in sent, sent
