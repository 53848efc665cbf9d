"""Issue 12 (atk6 HIGH 2): a streamed answer's fields are read as the same JSON in a whole answer is. A
`response.completed` echoing `metadata {"project": "falcon"}`, an e-mail split over two `metadata` values or between a
key and its value, a keyed phone number, `prompt.variables`, a file search result's `attributes`, a `local_shell_call`'s
`env` and argv, and a chat chunk's `metadata` reached the client as sent (decision `allow`) while the whole answer
blocked or redacted them: each stream event's fields were screened one by one, without the keyed readings and joins.

Scripted streams (the mock serves crafted events verbatim); assertions on the raw bytes the client got and on the
record. Ordinary fields beside them still pass as sent.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, sse

POLICIES = OUTPUT_CODENAME_POLICIES

ASK = {"model": "gpt-4o-mini", "input": "Find the report."}

RESTORING = {"policies/default.yaml": POLICIES["policies/default.yaml"].replace(
    "output:", "input:\n  pii: {action: redact, entities: [EMAIL_ADDRESS], restore: true}\noutput:")}


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _post(p: Proxy, path: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(f"{p.url}{path}", json=body, headers={"Authorization": f"Bearer {p.keys['app']}"}, timeout=30)


def decision(p: Proxy, r: httpx.Response) -> str:
    return str(p.record_for(r.headers["x-guardrail-request-id"])["decision"])


def message(text: str) -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": text, "annotations": []}]}


def file_search(attributes: dict[str, Any]) -> dict[str, Any]:
    return {"type": "file_search_call", "id": "fs_1", "status": "completed", "queries": ["report"],
            "results": [{"file_id": "file_1", "filename": "report.pdf", "score": 0.5, "text": "Quarterly figures.",
                         "attributes": attributes}]}


def local_shell(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    return {"type": "local_shell_call", "id": "lsh_1", "call_id": "call_1", "status": "completed",
            "action": {"type": "exec", "command": command, "env": env}}


def mcp_tools(annotations: dict[str, Any]) -> dict[str, Any]:
    """An `mcp_list_tools` item whose one tool carries `annotations` (the SDK's `object`: the MCP server's keys)."""
    return {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "files",
            "tools": [{"name": "find", "input_schema": {"type": "object"}, "annotations": annotations}]}


def completed_stream(**extra: Any) -> str:
    """A Responses stream: the text `Done.` streamed, then `response.completed` carrying `extra` too."""
    base = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
    final = {**base, "status": "completed", "output": [message("Done.")],
             "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}, **extra}
    return sse({"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                               "output": []}},
               {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
                "item": {**message(""), "status": "in_progress", "content": []}},
               {"type": "response.output_text.delta", "sequence_number": 2, "output_index": 0, "content_index": 0,
                "item_id": "msg_1", "delta": "Done."},
               {"type": "response.completed", "sequence_number": 3, "response": final}, named=True)


BLOCKED = [
    pytest.param({"metadata": {"project": "falcon"}}, id="metadata-key-value"),
    pytest.param({"prompt": {"id": "pmpt_1", "version": "1", "variables": {"project": "osprey"}}},
                 id="prompt-variables"),
    pytest.param({"output": [message("Done."), file_search({"project": "osprey"})]}, id="file-search-attributes"),
    pytest.param({"output": [message("Done."), local_shell(["env"], {"PROJECT": "falcon"})]}, id="shell-env"),
    pytest.param({"output": [message("Done."), local_shell(["echo", "project", "falcon"], {})]}, id="shell-argv"),
    pytest.param({"output": [message("Done."), mcp_tools({"project": "osprey"})]}, id="mcp-tool-annotations"),
    # a tool's description with its schema's property names, as a request's (atk6 s6 E8)
    pytest.param({"tools": [{"type": "function", "name": "f", "description": "call project", "parameters": {
        "type": "object", "properties": {"falcon": {"type": "string"}}}}]}, id="tools-description-property"),
]


@pytest.mark.parametrize("extra", BLOCKED)
def test_a_codename_across_a_key_and_its_value_stops_the_stream(mock: Mock, joined: Proxy,
                                                                 extra: dict[str, Any]) -> None:
    mock.script(raw_sse=completed_stream(**extra))
    r = _post(joined, "/v1/responses", {**ASK, "stream": True})
    assert "falcon" not in r.text and "osprey" not in r.text
    assert "response.incomplete" in r.text and "response.completed" not in r.text
    assert decision(joined, r) == "block"


REDACTED = [
    pytest.param({"metadata": {"a": "jane.doe@exa", "b": "mple.com"}}, ("jane.doe@exa", "mple.com"),
                 id="metadata-two-values"),
    pytest.param({"metadata": {"jane.doe@": "example.com"}}, ("jane.doe@", "example.com"), id="metadata-key-value"),
    pytest.param({"metadata": {"phone": "6175550143"}}, ("6175550143",), id="metadata-keyed-phone"),
    pytest.param({"prompt": {"id": "pmpt_1", "version": "1", "variables": {"area": "617", "exchange": "555",
                                                                          "line": "0143"}}}, ("0143",),
                 id="prompt-variables-phone"),
    pytest.param({"output": [message("Done."), file_search({"owner": "jane.doe@exa", "dom": "mple.com"})]},
                 ("jane.doe@exa", "mple.com"), id="file-search-attributes"),
    pytest.param({"output": [message("Done."), mcp_tools({"contact": "jane.doe@", "domain": "example.com"})]},
                 ("jane.doe@", "example.com"), id="mcp-tool-annotations"),
]


@pytest.mark.parametrize(("extra", "leaks"), REDACTED)
def test_a_value_split_over_the_fields_of_a_map_is_redacted_as_in_a_whole_answer(
        mock: Mock, joined: Proxy, extra: dict[str, Any], leaks: tuple[str, ...]) -> None:
    mock.script(raw_sse=completed_stream(**extra))
    r = _post(joined, "/v1/responses", {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    for leak in leaks:
        assert leak not in r.text, f"{leak!r} reached the client"
    assert "response.completed" in r.text and "Done." in r.text
    assert decision(joined, r) == "redact"
    # the whole answer reads the same JSON the same way
    mock.script(raw_body=json.dumps({"id": "resp_1", "object": "response", "created_at": 1733234567,
                                     "model": "gpt-4o-mini", "status": "completed", "output": [message("Done.")],
                                     **extra}))
    whole = _post(joined, "/v1/responses", ASK)
    assert all(leak not in whole.text for leak in leaks)
    assert whole.headers["x-guardrail-decision"] == "redact"


def test_ordinary_map_values_in_a_stream_pass_as_sent(mock: Mock, joined: Proxy) -> None:
    extra = {"metadata": {"team": "platform", "region": "eu-west-1", "ticket": "4521"},
             "output": [message("Done."), local_shell(["ls", "-la", "/srv/app"], {"PATH": "/usr/bin", "LANG": "C"})]}
    mock.script(raw_sse=completed_stream(**extra))
    r = _post(joined, "/v1/responses", {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    final = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")][-1]
    assert final["type"] == "response.completed"
    assert final["response"]["metadata"] == extra["metadata"]
    assert final["response"]["output"][1]["action"] == extra["output"][1]["action"]
    assert decision(joined, r) == "allow"


def test_a_chat_chunk_metadata_codename_stops_the_stream(mock: Mock, joined: Proxy) -> None:
    def chunk(delta: dict[str, Any], finish: str | None = None, **top: Any) -> dict[str, Any]:
        return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **top}

    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Done."}, metadata={"project": "falcon"}),
                            chunk({}, "stop"), "[DONE]"))
    r = _post(joined, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": True,
                                               "messages": [{"role": "user", "content": "hi"}]})
    assert "falcon" not in r.text
    assert decision(joined, r) == "block"


# Issue 12 (atk6 LOW-MEDIUM 13, MEDIUM 5): a JSON schema an answer echoes (`tools[].parameters`, `text.format.schema`,
# an `mcp_list_tools` tool's `input_schema`) is read as a request's is: a property's name with its description.
def _schema(description: str, name: str = "project") -> dict[str, Any]:
    return {"type": "object", "properties": {name: {"type": "string", "description": description}}}


SCHEMAS = [
    pytest.param({"tools": [{"type": "function", "name": "lookup", "parameters": _schema("falcon")}]},
                 id="tools-parameters"),
    pytest.param({"text": {"format": {"type": "json_schema", "name": "out", "schema": _schema("falcon")}}},
                 id="text-format-schema"),
    pytest.param({"output": [message("Done."), {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "files",
                                                "tools": [{"name": "find", "input_schema": _schema("falcon id")}]}]},
                 id="mcp-list-tools-input-schema"),
    pytest.param({"tools": [{"type": "function", "name": "lookup", "parameters": {"type": "object"},
                             "output_schema": _schema("falcon")}]}, id="tools-output-schema"),
]


@pytest.mark.parametrize("extra", SCHEMAS)
def test_an_echoed_schema_property_is_read_with_its_description(mock: Mock, joined: Proxy,
                                                                extra: dict[str, Any]) -> None:
    mock.script(raw_body=json.dumps({"id": "resp_1", "object": "response", "created_at": 1733234567,
                                     "model": "gpt-4o-mini", "status": "completed", "output": [message("Done.")],
                                     **extra}))
    whole = _post(joined, "/v1/responses", ASK)
    assert "falcon" not in whole.text
    assert whole.json()["status"] == "incomplete"
    assert decision(joined, whole) == "block"
    mock.script(raw_sse=completed_stream(**extra))
    r = _post(joined, "/v1/responses", {**ASK, "stream": True})
    assert "falcon" not in r.text
    assert decision(joined, r) == "block"


def test_an_ordinary_echoed_schema_passes_as_sent(mock: Mock, joined: Proxy) -> None:
    tools = [{"type": "function", "name": "weather", "parameters": _schema("the city to look up", "city")}]
    mock.script(raw_body=json.dumps({"id": "resp_1", "object": "response", "created_at": 1733234567,
                                     "model": "gpt-4o-mini", "status": "completed", "output": [message("Done.")],
                                     "tools": tools}))
    whole = _post(joined, "/v1/responses", ASK)
    assert whole.json()["tools"] == tools
    assert whole.headers["x-guardrail-decision"] == "allow"


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=RESTORING)


def test_a_value_redacted_in_one_event_stays_redacted_in_the_events_that_repeat_it(mock: Mock,
                                                                                   restoring: Proxy) -> None:
    # Read again in a later event, the placeholder a join issued is not restored (with `restore: true`), nor the
    # value taken for the client's own: `output_item.added`, `.done` and `response.completed` repeat the item.
    shell = local_shell(["env"], {"NOTIFY": "jane.doe@", "DOMAIN": "example.com"})
    found = file_search({"owner": "jane.doe@exa", "dom": "mple.com"})
    base = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
    mock.script(raw_sse=sse(
        {"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                        "output": []}},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": shell},
        {"type": "response.output_item.done", "sequence_number": 2, "output_index": 0, "item": shell},
        {"type": "response.output_item.done", "sequence_number": 3, "output_index": 1, "item": found},
        {"type": "response.completed", "sequence_number": 4, "response": {**base, "status": "completed",
                                                                          "output": [shell, found]}}, named=True))
    r = _post(restoring, "/v1/responses", {**ASK, "stream": True})
    assert r.status_code == 200, r.text
    for leak in ("jane.doe@", "example.com", "mple.com"):
        assert leak not in r.text, f"{leak!r} reached the client"
    assert r.text.count("<EMAIL_ADDRESS_") >= 6  # two values in each of the three events
    assert decision(restoring, r) == "redact"


# Issue 12 (atk6 MEDIUM 5): an `mcp_list_tools` item streamed whole (`output_item.added` and `.done`, then
# `response.completed`): its tool's `annotations` map is read key before value in every event that carries it.
def test_an_mcp_tools_annotations_codename_in_item_events_stops_the_stream(mock: Mock, joined: Proxy) -> None:
    item = mcp_tools({"project": "osprey"})
    base = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
    mock.script(raw_sse=sse(
        {"type": "response.created", "sequence_number": 0, "response": {**base, "status": "in_progress",
                                                                        "output": []}},
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0, "item": item},
        {"type": "response.output_item.done", "sequence_number": 2, "output_index": 0, "item": item},
        {"type": "response.completed", "sequence_number": 3, "response": {**base, "status": "completed",
                                                                          "output": [item]}}, named=True))
    r = _post(joined, "/v1/responses", {**ASK, "stream": True})
    assert "osprey" not in r.text
    assert "response.incomplete" in r.text and "response.completed" not in r.text
    assert decision(joined, r) == "block"
    mock.script(raw_body=json.dumps({**base, "status": "completed", "output": [item]}))
    whole = _post(joined, "/v1/responses", ASK)
    assert "osprey" not in whole.text
    assert whole.json()["status"] == "incomplete"
    assert decision(joined, whole) == "block"


def test_ordinary_mcp_tool_annotations_pass_as_sent(mock: Mock, joined: Proxy) -> None:
    annotations = {"title": "Find files", "readOnlyHint": True, "destructiveHint": False, "openWorldHint": False}
    body = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini",
            "status": "completed", "output": [message("Done."), mcp_tools(annotations)]}
    mock.script(raw_body=json.dumps(body))
    whole = _post(joined, "/v1/responses", ASK)
    assert whole.json()["output"][1]["tools"][0]["annotations"] == annotations
    assert whole.headers["x-guardrail-decision"] == "allow"
    mock.script(raw_sse=completed_stream(output=body["output"]))
    r = _post(joined, "/v1/responses", {**ASK, "stream": True})
    final = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")][-1]
    assert final["type"] == "response.completed"
    assert final["response"]["output"][1]["tools"][0]["annotations"] == annotations
    assert decision(joined, r) == "allow"


def test_an_echoed_tool_description_and_its_property_name_block_the_whole_answer(mock: Mock, joined: Proxy) -> None:
    # atk6 s6 E8: `call project` + the property `falcon` passed in requests and answers alike; now both block.
    tool = {"type": "function", "name": "f", "description": "call project", "parameters": {
        "type": "object", "properties": {"falcon": {"type": "string"}}}}
    mock.script(raw_body=json.dumps({"id": "resp_1", "object": "response", "created_at": 1733234567,
                                     "model": "gpt-4o-mini", "status": "completed", "output": [message("Done.")],
                                     "tools": [tool]}))
    whole = _post(joined, "/v1/responses", ASK)
    assert "falcon" not in whole.text and decision(joined, whole) == "block"
    mock.script(raw_body=json.dumps({"id": "resp_1", "object": "response", "created_at": 1733234567,
                                     "model": "gpt-4o-mini", "status": "completed", "output": [message("Done.")],
                                     "tools": [{**tool, "description": "call the build service"}]}))
    clean = _post(joined, "/v1/responses", ASK)
    assert clean.json()["tools"][0]["parameters"]["properties"] == {"falcon": {"type": "string"}}
    assert decision(joined, clean) == "allow"
