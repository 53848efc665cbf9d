"""Fields whose events come out of index order are read as the SDKs join them: by index (issue 12, atk14 B-H1).

Anthropic blocks 0 and 1 started, block 1's delta first: the SDK's `message.content` is block 0 then block 1. Two
Responses message items, the later one's delta first: `response.output_text` is item 0's then item 1's. Chat tool
calls 0 and 1 opened, call 1's arguments first: the final message's `tool_calls` by index. The codename or the
address split across the two went out (`end_turn`, `completed`, `tool_calls`); in index order it is blocked or
redacted, as when the same events come in order. The mock serves the events verbatim; the client is the SDK.
"""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, claude, oai, sse

CODENAME = ("Briefing on project ", "Falcon starts at noon.")
EMAIL = ("Forward it to dmitri.varga@", "harbourline.net please.")
HALVES = [pytest.param(CODENAME, id="codename"), pytest.param(EMAIL, id="email")]
MODEL = "claude-3-5-sonnet-20241022"


@pytest.fixture(scope="module")
def ordered(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def absent(got: str) -> None:
    for raw in ("falcon", "dmitri.varga", "harbourline"):
        assert raw not in got.lower(), got


@pytest.mark.parametrize("halves", HALVES)
def test_messages_blocks_out_of_index_order(mock: Mock, ordered: Proxy, halves: tuple[str, str]) -> None:
    def start(i: int) -> dict[str, Any]:
        return {"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}}

    def delta(i: int, text: str) -> dict[str, Any]:
        return {"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": text}}

    events = [{"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": [], "stop_reason": None,
        "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}},
        start(0), start(1), delta(1, halves[1]), delta(0, halves[0]),
        {"type": "content_block_stop", "index": 0}, {"type": "content_block_stop", "index": 1},
        {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
         "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    mock.script(raw_sse=sse(*events, named=True))
    with claude(ordered).messages.stream(model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "hi"}]) as s:
        final = s.get_final_message()
    joined = "".join(b.text for b in final.content if b.type == "text")
    absent(joined)
    if halves == CODENAME:
        assert final.stop_reason == "refusal"
    else:
        assert final.stop_reason == "end_turn" and joined.startswith("Forward it to <EMAIL_ADDRESS_"), joined


@pytest.mark.parametrize("halves", HALVES)
def test_responses_items_out_of_index_order(mock: Mock, ordered: Proxy, halves: tuple[str, str]) -> None:
    def msg(i: int, status: str, text: str | None) -> dict[str, Any]:
        return {"id": f"msg_{i}", "type": "message", "status": status, "role": "assistant",
                "content": [] if text is None else [{"type": "output_text", "text": text, "annotations": []}]}

    def resp(status: str, output: list[Any]) -> dict[str, Any]:
        return {"id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "gpt-4o-mini",
                "output": output, "usage": None}

    def added(i: int) -> list[dict[str, Any]]:
        return [{"type": "response.output_item.added", "output_index": i, "item": msg(i, "in_progress", None)},
                {"type": "response.content_part.added", "item_id": f"msg_{i}", "output_index": i, "content_index": 0,
                 "part": {"type": "output_text", "text": "", "annotations": []}}]

    def delta(i: int, text: str) -> dict[str, Any]:
        return {"type": "response.output_text.delta", "item_id": f"msg_{i}", "output_index": i, "content_index": 0,
                "delta": text}

    items = [msg(0, "completed", halves[0]), msg(1, "completed", halves[1])]
    events = [{"type": "response.created", "response": resp("in_progress", [])}, *added(0), *added(1),
              delta(1, halves[1]), delta(0, halves[0]),
              {"type": "response.output_item.done", "output_index": 0, "item": items[0]},
              {"type": "response.output_item.done", "output_index": 1, "item": items[1]},
              {"type": "response.completed", "response": resp("completed", items)}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    got = list(oai(ordered).responses.create(model="gpt-4o-mini", input="hi", stream=True))
    absent(json.dumps([e.model_dump(mode="json", warnings=False) for e in got]))
    assert got[-1].type == ("response.incomplete" if halves == CODENAME else "response.completed")


@pytest.mark.parametrize("halves", [pytest.param(('{"q": "briefing on project', ' falcon at noon"}'), id="codename"),
                                    pytest.param(('{"to": "dmitri.varga@', 'harbourline.net"}'), id="email")])
def test_chat_tool_calls_out_of_index_order(mock: Mock, ordered: Proxy, halves: tuple[str, str]) -> None:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    def call(i: int, args: str = "", named: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"index": i, "function": {"arguments": args}}
        if named:
            out.update(id=f"call_{i}", type="function")
            out["function"]["name"] = "send"
        return out

    events = [chunk({"role": "assistant", "tool_calls": [call(0, named=True), call(1, named=True)]}),
              chunk({"tool_calls": [call(1, halves[1])]}), chunk({"tool_calls": [call(0, halves[0])]}),
              chunk({}, "tool_calls"), "[DONE]"]
    mock.script(raw_sse=sse(*events))
    client = oai(ordered)
    kwargs: dict[str, Any] = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
    if "falcon" in halves[1]:
        with pytest.raises(openai.ContentFilterFinishReasonError), client.chat.completions.stream(**kwargs) as s:
            s.get_final_completion()
        return
    with client.chat.completions.stream(**kwargs) as s:
        final = s.get_final_completion()
    calls = [c.function.arguments for c in final.choices[0].message.tool_calls or []]
    absent("".join(calls))
    assert final.choices[0].finish_reason == "tool_calls" and "<EMAIL_ADDRESS_" in "".join(calls)
