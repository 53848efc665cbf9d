"""fields22, end to end with the official SDKs: one value split over sibling keys of one object (`{"ssn": "536",
"rest": "904399"}`) reaches the provider with each part redacted (tool-call arguments and a tool result), and an
answer's tool call so split reaches the client redacted; ids and quantities beside it go as sent."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SCREENED_POLICY, oai, received, sse


@pytest.fixture(scope="module")
def screened(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def test_a_value_split_over_sibling_keys_goes_redacted_part_by_part(screened: Proxy, mock: Mock) -> None:
    args = json.dumps({"ssn": "536", "rest": "904399", "order_id": "77", "qty": 3})
    call = {"id": "call_1", "type": "function", "function": {"name": "update", "arguments": args}}
    oai(screened).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "content": None, "tool_calls": [call]},  # type: ignore[list-item]
        {"role": "tool", "tool_call_id": "call_1", "content": json.dumps({"ssn": "53690", "part2": "4399"})}])
    got = received(mock)
    assert "904399" not in got and "53690" not in got and "4399" not in got, got
    sent = json.loads(mock.last_body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent["ssn"].startswith("<US_SSN_") and sent["rest"].startswith("<US_SSN_"), sent
    assert (sent["order_id"], sent["qty"]) == ("77", 3)
    assert mock.last_body["messages"][0]["content"] == "Please update the record."


def test_an_answers_tool_call_split_over_sibling_keys_reaches_the_client_redacted(screened: Proxy,
                                                                                  mock: Mock) -> None:
    call = {"id": "call_1", "type": "function",
            "function": {"name": "f", "arguments": json.dumps({"ssn": "536", "rest": "904399"})}}
    mock.script(raw_body=json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [call]},
                     "finish_reason": "tool_calls"}]}))
    r = oai(screened).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
    arguments = r.choices[0].message.tool_calls[0].function.arguments  # type: ignore[index, union-attr]
    assert "536" not in arguments and "904399" not in arguments, arguments


def test_a_json_document_over_content_parts_goes_redacted(screened: Proxy, mock: Mock) -> None:
    parts = ['Here is the record: {"customer": {"ssn": "536", ', '"re', 'st": "904399"}, "qty": 3}']
    oai(screened).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": [{"type": "text", "text": t} for t in parts]}])
    sent = [c["text"] for c in mock.last_body["messages"][0]["content"]]
    assert "536" not in "".join(sent) and "904399" not in "".join(sent), sent
    assert sent[0].startswith('Here is the record: {"customer": {"ssn": "<US_SSN_') and sent[1] == '"re', sent
    assert sent[2].endswith('"}, "qty": 3}'), sent


def _streamed_call(mock: Mock, arguments: str) -> None:
    head = {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}
    call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "f", "arguments": ""}}
    mock.script(raw_sse=sse(
        {**head, "choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [call]}}]},
        *({**head, "choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": 0, "function": {"arguments": arguments[k:k + 7]}}]}}]} for k in range(0, len(arguments), 7)),
        {**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}, "[DONE]"))


def _streamed_arguments(p: Proxy) -> str:
    out = ""
    for chunk in oai(p).chat.completions.create(model="gpt-4o-mini", stream=True,
                                                 messages=[{"role": "user", "content": "hi"}]):
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                out += (call.function.arguments or "") if call.function else ""
    return out


def test_a_streamed_array_beside_a_phone_word_reaches_the_client_as_the_whole_answer_reads_it(screened: Proxy,
                                                                                               mock: Mock) -> None:
    ports = json.dumps({"phone": "", "ports": [8443, 3000, 9090, 80]})
    _streamed_call(mock, ports)
    assert _streamed_arguments(screened) == ports
    _streamed_call(mock, json.dumps({"phone": "", "sizes": [617, 555, 1234]}))
    sizes = json.loads(_streamed_arguments(screened))["sizes"]
    assert len(sizes) == 3 and all(v.startswith("<PHONE_NUMBER_") for v in sizes), sizes


NAMES_POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
"""


@pytest.fixture(scope="module")
def named(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": NAMES_POLICY})


def test_a_capitals_name_with_a_comma_and_a_phone_after_a_hash_go_redacted(named: Proxy, mock: Mock) -> None:
    oai(named).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Patient: SMITH, JOHN A\nCallback #(818)629-8896 or #818-629-8896\n"
                                    "Ticket #4155 5512 3412"}])
    sent = mock.last_body["messages"][0]["content"]
    for value in ("SMITH", "JOHN", "629-8896"):
        assert value not in sent, sent
    assert sent.startswith("Patient: <PERSON_") and "Ticket #4155 5512 3412" in sent, sent
