"""An answer's tool results whose text is a JSON document are read as one, as a request's are (toolresult16's
leftover, `proxy.guard.phases.json_texts` on both sides, `proxy.guard.joined.JSON_DOC`): a Responses `mcp_call`'s
`output` or an echoed `function_call_output`, an Anthropic `mcp_tool_result`, `web_fetch_tool_result` or code
execution result holding `{"phone_1": "617-555", "phone_2": "0143"}` went to the client as sent, each value alone no
phone number, while the same text as a request's tool result was redacted. The text stays JSON, its layout kept."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard import joined, phases
from proxy.guard.engine import Guard
from proxy.guard.joined import JSON, json_fields
from proxy.guard.phases import json_texts, screen_answer, screen_request
from proxy.providers import anthropic, openai
from proxy.providers.answers import answer_sweep
from proxy.providers.base import MESSAGES, RESPONSES, ProviderAdapter, TextSlot
from tests.guard.conftest import policy

OUT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN"]}}

SPLIT = {
    "phone": ({"phone_1": "617-555", "phone_2": "0143"}, ["617-555", '"0143"']),
    "phone parts": ({"area": "617", "exchange": "555", "line": "0143"}, ['"617"', '"555"', '"0143"']),
    "email": ({"user": "jane.doe", "domain": "example.com"}, ["jane.doe", "example.com"]),
    "ssn": ({"ssn_1": "536-90", "ssn_2": "-4399"}, ["536-90", "-4399"]),
    "nested": ({"customer": {"contact": {"user": "jane.doe", "domain": "example.com"}}, "id": 7},
               ["jane.doe", "example.com"]),
}
PLAIN = [{"build": "1.2.3", "port": 8080, "owner": "platform-team", "count": 42},
         {"items": [{"sku": "A-617", "qty": 555}, {"sku": "B-0143", "qty": 2}], "page": 1},
         {"version": "10.4.2", "date": "2024-03-01", "ok": True}]


def _responses(item: str, text: str) -> dict[str, Any]:
    if item == "mcp_call":
        node = {"type": "mcp_call", "id": "mcp_1", "server_label": "crm", "name": "lookup", "arguments": "{}",
                "output": text, "error": None, "status": "completed"}
    else:
        node = {"type": "function_call_output", "id": "fco_1", "call_id": "call_1", "output": text}
    return {"id": "resp_1", "object": "response", "status": "completed", "model": "m", "output": [node]}


def _messages(block: str, text: str) -> dict[str, Any]:
    result: dict[str, Any]
    if block == "mcp_tool_result":
        result = {"type": block, "tool_use_id": "mcptoolu_1", "is_error": False,
                  "content": [{"type": "text", "text": text}]}
    elif block == "web_fetch_tool_result":
        result = {"type": block, "tool_use_id": "srvtoolu_1", "content": {
            "type": "web_fetch_result", "url": "https://crm.example/1", "content": {
                "type": "document", "source": {"type": "text", "media_type": "text/plain", "data": text}}}}
    else:
        result = {"type": block, "tool_use_id": "srvtoolu_1", "content": {
            "type": block.replace("_tool_result", "_result"), "stdout": text, "stderr": "", "return_code": 0}}
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "stop_reason": "end_turn",
            "content": [{"type": "text", "text": "Here is the record."}, result]}


ANSWERS = [(openai.ADAPTER, RESPONSES, "mcp_call"), (openai.ADAPTER, RESPONSES, "function_call_output"),
           (anthropic.ADAPTER, MESSAGES, "mcp_tool_result"), (anthropic.ADAPTER, MESSAGES, "web_fetch_tool_result"),
           (anthropic.ADAPTER, MESSAGES, "code_execution_tool_result"),
           (anthropic.ADAPTER, MESSAGES, "bash_code_execution_tool_result")]


def _answer(adapter: ProviderAdapter, kind: str, where: str, text: str) -> tuple[dict[str, Any], list[TextSlot]]:
    body = _responses(where, text) if kind == RESPONSES else _messages(where, text)
    known = adapter.response_texts(kind, body)
    return body, known + answer_sweep(body, known, screen=True)


async def _screen(guard: Guard, adapter: ProviderAdapter, kind: str, where: str, text: str) -> str:
    _, slots = _answer(adapter, kind, where, text)
    await screen_answer(guard, policy(output=OUT), slots, None)
    got = [s.get() for s in slots if s.kind == "tool_result" and s.get()[:1] in "{["]
    assert len(got) == 1, got
    return got[0]


@pytest.mark.parametrize(("adapter", "kind", "where"), ANSWERS, ids=[a[2] for a in ANSWERS])
async def test_an_answers_tool_result_is_flagged_a_json_document(adapter: ProviderAdapter, kind: str,
                                                                 where: str) -> None:
    text = json.dumps(SPLIT["phone"][0])
    _, slots = _answer(adapter, kind, where, text)
    flags = await json_texts(slots)
    JSON_DOC = joined.JSON_DOC  # noqa: N806 - (looked up here: the module before this change has none)
    assert [f for s, f in zip(slots, flags, strict=True) if s.get() == text] == [JSON_DOC]
    assert JSON_DOC not in [f for s, f in zip(slots, flags, strict=True) if s.get() != text]
    _, prose = _answer(adapter, kind, where, text[:-1])  # not a JSON document as a whole
    assert JSON_DOC not in await json_texts(prose)


def test_json_fields_on_an_answer_read_tool_results_only() -> None:
    texts = ['{"a": "617-555", "b": "0143"}', '{"a": "617-555", "b": "0143"}']
    JSON_DOC = joined.JSON_DOC  # noqa: N806
    assert [f[0] for f in json_fields(texts, [JSON, JSON_DOC])] == [0] * 4 + [1] * 4  # a request: both
    assert [f[0] for f in json_fields(texts, [JSON, JSON_DOC], frozenset({JSON_DOC}))] == [1] * 4


def test_json_tool_output_is_a_tool_result_shaped_as_json() -> None:
    json_tool_output = phases.json_tool_output
    slot = TextSlot({"output": "{}"}, "output", "assistant", "tool_result", "output:0:output")
    assert json_tool_output(slot, '{"a": 1}') and json_tool_output(slot, ' [1, 2] ')
    assert not json_tool_output(slot, "owner jane.doe@exa")
    text = TextSlot({"text": "{}"}, "text", "assistant", "text", "output:0:content:0")
    assert not json_tool_output(text, '{"a": 1}')


@pytest.mark.parametrize("case", list(SPLIT))
@pytest.mark.parametrize(("adapter", "kind", "where"), ANSWERS, ids=[a[2] for a in ANSWERS])
async def test_values_split_over_keys_are_redacted(guard: Guard, adapter: ProviderAdapter, kind: str, where: str,
                                                   case: str) -> None:
    doc, pieces = SPLIT[case]
    got = await _screen(guard, adapter, kind, where, json.dumps(doc))
    assert [p for p in pieces if p in got] == [], got
    parsed = json.loads(got)  # still JSON, its keys kept
    assert list(parsed) == list(doc)


@pytest.mark.parametrize("case", list(SPLIT))
async def test_the_answer_reads_as_the_request_does(guard: Guard, case: str) -> None:
    text = json.dumps(SPLIT[case][0])
    body = {"model": "m", "input": [{"type": "function_call_output", "call_id": "c", "output": text}]}
    slots = openai.ADAPTER.request_texts(RESPONSES, body)
    await screen_request(guard, policy(input=OUT), slots)
    request = body["input"][0]["output"]
    answer = await _screen(guard, openai.ADAPTER, RESPONSES, "mcp_call", text)
    assert request != text and answer != text
    assert json.loads(answer).keys() == json.loads(request).keys()


@pytest.mark.parametrize("doc", PLAIN)
@pytest.mark.parametrize(("adapter", "kind", "where"), ANSWERS, ids=[a[2] for a in ANSWERS])
async def test_an_ordinary_json_result_is_left_as_sent(guard: Guard, adapter: ProviderAdapter, kind: str,
                                                       where: str, doc: dict[str, Any]) -> None:
    text = json.dumps(doc)
    assert await _screen(guard, adapter, kind, where, text) == text
