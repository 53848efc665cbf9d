"""An answer's tool results whose text is a JSON document are read as one, as a request's are (toolresult16's
leftover), end to end with the official SDKs, whole and streamed: a Responses `mcp_call`'s `output` or a
`function_call_output` echoed in `output`, an Anthropic `mcp_tool_result`, `web_fetch_tool_result` or code execution
result holding `{"phone_1": "617-555", "phone_2": "0143"}` or `{"user": "jane.doe", "domain": "example.com"}`
reached the client as sent (each value alone is no phone number or address), while the same object as a request's
tool result was redacted. Now the values are redacted in the whole answer and in the stream, the text still JSON;
an ordinary JSON result passes as sent."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, dump_models, oai, sse

POLICIES = {"policies/default.yaml": """
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, US_SSN]}
"""}

SPLIT = {
    "phone": ({"phone_1": "617-555", "phone_2": "0143"}, ["617-555", '"0143"']),
    "email": ({"user": "jane.doe", "domain": "example.com"}, ["jane.doe", "example.com"]),
    "phone-parts": ({"area": "617", "exchange": "555", "line": "0143"}, ['"617"', '"555"', '"0143"']),
}
PLAIN = {"build": "1.2.3", "port": 8080, "owner": "platform-team", "count": 42}


@pytest.fixture(scope="module")
def results(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=POLICIES)


def _record(p: Proxy, request_id: str) -> str:
    return str(p.record_for(request_id)["decision"])


# --------------------------------------------------------------------------------------------------- Responses


def _mcp_call(text: str) -> dict[str, Any]:
    return {"type": "mcp_call", "id": "mcp_1", "server_label": "crm", "name": "lookup", "arguments": "{}",
            "output": text, "error": None, "status": "completed"}


def _function_output(text: str) -> dict[str, Any]:
    return {"type": "function_call_output", "id": "fco_1", "call_id": "call_1", "output": text,
            "status": "completed"}


ITEMS: dict[str, Callable[[str], dict[str, Any]]] = {"mcp_call": _mcp_call, "function_call_output": _function_output}


def _response(status: str, output: list[Any]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": status, "model": "gpt-4o-mini",
            "output": output, "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10,
                                        "input_tokens_details": {"cached_tokens": 0},
                                        "output_tokens_details": {"reasoning_tokens": 0}}}


def _responses(mock: Mock, p: Proxy, item: dict[str, Any]) -> tuple[str, str, str, str]:
    """(whole answer, its request id, the stream, its request id) for an answer holding `item`."""
    client = oai(p)
    mock.script(raw_body=json.dumps(_response("completed", [item])))
    raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input="look it up")
    whole = raw.parse().model_dump_json(warnings=False)
    events = [{"type": "response.created", "response": {**_response("in_progress", []), "usage": None}},
              {"type": "response.output_item.added", "output_index": 0, "item": {**item, "status": "in_progress"}},
              {"type": "response.output_item.done", "output_index": 0, "item": item},
              {"type": "response.completed", "response": _response("completed", [item])}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    raw_stream = client.responses.with_raw_response.create(model="gpt-4o-mini", input="look it up", stream=True)
    streamed = dump_models(list(raw_stream.parse()))
    return whole, raw.headers["x-guardrail-request-id"], streamed, raw_stream.headers["x-guardrail-request-id"]


def _outputs(got: str) -> list[str]:
    """The `output` texts of the answer's tool items (whole answer or stream events dumped), as the client got
    them."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ITEMS and isinstance(node.get("output"), str):
                found.append(node["output"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(got))
    return found


@pytest.mark.parametrize("case", list(SPLIT))
@pytest.mark.parametrize("item", list(ITEMS))
def test_responses_a_tool_items_json_output_is_read_as_a_document(mock: Mock, results: Proxy, item: str,
                                                                  case: str) -> None:
    doc, pieces = SPLIT[case]
    whole, whole_id, streamed, stream_id = _responses(mock, results, ITEMS[item](json.dumps(doc)))
    for got, request_id in ((whole, whole_id), (streamed, stream_id)):
        outputs = _outputs(got)
        assert outputs, got
        for text in outputs:
            assert [p for p in pieces if p in text] == [], (request_id == stream_id, text)
            assert set(json.loads(text)) == set(doc)  # still JSON, its keys kept
        assert _record(results, request_id) == "redact"


@pytest.mark.parametrize("item", list(ITEMS))
def test_responses_an_ordinary_json_output_passes_as_sent(mock: Mock, results: Proxy, item: str) -> None:
    text = json.dumps(PLAIN)
    whole, whole_id, streamed, stream_id = _responses(mock, results, ITEMS[item](text))
    assert _outputs(whole) == [text] and set(_outputs(streamed)) == {text}
    assert _record(results, whole_id) == _record(results, stream_id) == "allow"


# --------------------------------------------------------------------------------------------------- Anthropic


MODEL = "claude-3-5-sonnet-20241022"
BLOCKS: dict[str, Callable[[str], dict[str, Any]]] = {
    "mcp_tool_result": lambda t: {"type": "mcp_tool_result", "tool_use_id": "mcptoolu_01", "is_error": False,
                                  "content": [{"type": "text", "text": t}]},
    "code_execution_tool_result": lambda t: {
        "type": "code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "code_execution_result", "stdout": t, "stderr": "", "return_code": 0, "content": []}},
    "bash_code_execution_tool_result": lambda t: {
        "type": "bash_code_execution_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "bash_code_execution_result", "stdout": t, "stderr": "", "return_code": 0,
                    "content": []}},
    "web_fetch_tool_result": lambda t: {
        "type": "web_fetch_tool_result", "tool_use_id": "srvtoolu_01",
        "content": {"type": "web_fetch_result", "url": "https://crm.example/api/1", "retrieved_at": None,
                    "content": {"type": "document", "title": None, "citations": None,
                                "source": {"type": "text", "media_type": "text/plain", "data": t}}}},
}


def _block_text(block: dict[str, Any]) -> str:
    content = block["content"]
    if isinstance(content, list):
        return str(content[0]["text"])
    if "stdout" in content:
        return str(content["stdout"])
    return str(content["content"]["source"]["data"])


def _messages(mock: Mock, p: Proxy, block: dict[str, Any]) -> tuple[list[str], str, list[str], str]:
    """(the tool result's text in the whole answer, its request id, in the stream's final message, its id)."""
    client = claude(p)
    content = [{"type": "text", "text": "Here is the record."}, block]
    kwargs: dict[str, Any] = {"model": MODEL, "max_tokens": 50, "messages": [{"role": "user", "content": "look"}]}
    mock.script(raw_body=json.dumps({"id": "msg_01", "type": "message", "role": "assistant", "model": MODEL,
                                     "content": content, "stop_reason": "end_turn", "stop_sequence": None,
                                     "usage": {"input_tokens": 5, "output_tokens": 5}}))
    raw = client.messages.with_raw_response.create(**kwargs)
    whole = json.loads(raw.parse().model_dump_json(warnings=False))
    events = [{"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": [], "stop_reason": None,
        "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}},
        {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Here is the record."}},
        {"type": "content_block_stop", "index": 0},
        {"type": "content_block_start", "index": 1, "content_block": block},
        {"type": "content_block_stop", "index": 1},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    with client.messages.stream(**kwargs) as s:
        streamed_events = dump_models(list(s))
        final = json.loads(s.get_final_message().model_dump_json(warnings=False))
        stream_id = s.response.headers["x-guardrail-request-id"]
    started = [e["content_block"] for e in json.loads(streamed_events)
               if e.get("type") == "content_block_start" and e["content_block"]["type"] == block["type"]]
    return ([_block_text(whole["content"][1])], raw.headers["x-guardrail-request-id"],
            [_block_text(final["content"][1]), *(_block_text(b) for b in started)], stream_id)


@pytest.mark.parametrize("case", list(SPLIT))
@pytest.mark.parametrize("block", list(BLOCKS))
def test_messages_a_tool_results_json_text_is_read_as_a_document(mock: Mock, results: Proxy, block: str,
                                                                 case: str) -> None:
    doc, pieces = SPLIT[case]
    whole, whole_id, streamed, stream_id = _messages(mock, results, BLOCKS[block](json.dumps(doc)))
    for texts, request_id in ((whole, whole_id), (streamed, stream_id)):
        for text in texts:
            assert [p for p in pieces if p in text] == [], text
            assert set(json.loads(text)) == set(doc)
        assert _record(results, request_id) == "redact"


@pytest.mark.parametrize("block", list(BLOCKS))
def test_messages_an_ordinary_json_result_passes_as_sent(mock: Mock, results: Proxy, block: str) -> None:
    text = json.dumps(PLAIN)
    whole, whole_id, streamed, stream_id = _messages(mock, results, BLOCKS[block](text))
    assert whole == [text] and set(streamed) == {text}
    assert _record(results, whole_id) == _record(results, stream_id) == "allow"
