"""Issue 12 (follow-up of atk6 MEDIUM 5): a tool's input or output in a Responses answer (`CLIENT_DATA_FIELDS`: a
`tool_search_call`'s `arguments`, an `mcp_call` error's `content`) is read as Anthropic `tool_use.input` is: every key
is text, read right before its value. `{"project": "falcon"}` there reached the client as sent, whole and streamed
(item events, `response.completed`), with decision `allow`: the key `project` is an SDK word, so it was passed over,
and `falcon` was read alone. A codename across a key and its value now stops the answer; an e-mail address split
between a key and its value is redacted; ordinary tool search arguments (`{"query": "weather", "limit": 5}`) pass as
sent.

Scripted answers (the mock serves crafted bodies and streams verbatim); assertions on the raw bytes the client got
and on the record.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, sse

ASK = {"model": "gpt-4o-mini", "input": "Find the tools."}
BASE = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def _post(p: Proxy, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{p.url}/v1/responses", json=body, headers={"Authorization": f"Bearer {p.keys['app']}"},
                      timeout=30)


def decision(p: Proxy, r: httpx.Response) -> str:
    return str(p.record_for(r.headers["x-guardrail-request-id"])["decision"])


def message(text: str) -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}


def tool_search(arguments: Any) -> dict[str, Any]:
    return {"type": "tool_search_call", "id": "ts_1", "call_id": "call_1", "execution": "server",
            "status": "completed", "arguments": arguments}


def mcp_error(content: Any) -> dict[str, Any]:
    return {"type": "mcp_call", "id": "mcp_1", "server_label": "files", "name": "find", "arguments": "{}",
            "status": "failed", "error": {"type": "mcp_tool_execution_error", "content": content}}


def whole(*items: dict[str, Any]) -> str:
    return json.dumps({**BASE, "status": "completed", "output": [message("Done."), *items]})


def streamed(*items: dict[str, Any]) -> str:
    """The text `Done.` streamed, then each item opened and closed whole (`output_item.added`, `.done`), then
    `response.completed` repeating them all."""
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": {**BASE, "status": "in_progress", "output": []}},
        {"type": "response.output_item.added", "output_index": 0, "item": {**message(""), "content": []}},
        {"type": "response.output_text.delta", "output_index": 0, "content_index": 0, "item_id": "msg_1",
         "delta": "Done."},
        {"type": "response.output_item.done", "output_index": 0, "item": message("Done.")}]
    for n, item in enumerate(items, 1):
        events += [{"type": "response.output_item.added", "output_index": n, "item": item},
                   {"type": "response.output_item.done", "output_index": n, "item": item}]
    events.append({"type": "response.completed",
                   "response": {**BASE, "status": "completed", "output": [message("Done."), *items]}})
    return sse(*({**e, "sequence_number": i} for i, e in enumerate(events)), named=True)


BLOCKED = [
    pytest.param(tool_search({"project": "falcon"}), id="tool-search-arguments"),
    pytest.param(tool_search({"query": "files", "filter": {"project": "osprey"}}), id="tool-search-nested"),
    pytest.param(mcp_error({"project": "falcon"}), id="mcp-error-content"),
    pytest.param(mcp_error([{"type": "text", "project": "osprey"}]), id="mcp-error-content-array"),
]


@pytest.mark.parametrize("item", BLOCKED)
def test_a_codename_across_a_key_and_its_value_blocks_the_answer(mock: Mock, guarded: Proxy,
                                                                 item: dict[str, Any]) -> None:
    mock.script(raw_body=whole(item))
    r = _post(guarded, ASK)
    assert "falcon" not in r.text and "osprey" not in r.text
    assert r.json()["status"] == "incomplete"
    assert decision(guarded, r) == "block"


@pytest.mark.parametrize("item", BLOCKED)
def test_a_codename_across_a_key_and_its_value_stops_the_stream(mock: Mock, guarded: Proxy,
                                                                item: dict[str, Any]) -> None:
    mock.script(raw_sse=streamed(item))
    r = _post(guarded, {**ASK, "stream": True})
    assert "falcon" not in r.text and "osprey" not in r.text
    assert "response.incomplete" in r.text and "response.completed" not in r.text
    assert decision(guarded, r) == "block"


@pytest.mark.parametrize("item", [tool_search({"jane.doe@": "example.com"}),
                                  mcp_error({"contact": "jane.doe@", "domain": "example.com"})],
                         ids=["key-and-value", "two-values"])
def test_an_address_split_over_a_tools_data_is_redacted(mock: Mock, guarded: Proxy, item: dict[str, Any]) -> None:
    mock.script(raw_body=whole(item))
    r = _post(guarded, ASK)
    assert r.status_code == 200, r.text
    assert "jane.doe@" not in r.text and "example.com" not in r.text
    assert r.headers["x-guardrail-decision"] == "redact"
    mock.script(raw_sse=streamed(item))
    r = _post(guarded, {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    assert "jane.doe@" not in r.text and "example.com" not in r.text
    assert "response.completed" in r.text
    assert decision(guarded, r) == "redact"


ORDINARY = [tool_search({"query": "weather", "limit": 5}),
            tool_search({"query": "project files", "paths": ["src/app", "docs"], "max_results": 20}),
            mcp_error({"type": "text", "text": "Timeout after 30 s: the server did not answer."})]


def test_ordinary_tool_data_passes_as_sent(mock: Mock, guarded: Proxy) -> None:
    mock.script(raw_body=whole(*ORDINARY))
    r = _post(guarded, ASK)
    assert r.json()["output"][1:] == ORDINARY
    assert r.headers["x-guardrail-decision"] == "allow"
    mock.script(raw_sse=streamed(*ORDINARY))
    r = _post(guarded, {**ASK, "stream": True})
    final = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")][-1]
    assert final["type"] == "response.completed"
    assert final["response"]["output"][1:] == ORDINARY
    assert decision(guarded, r) == "allow"
