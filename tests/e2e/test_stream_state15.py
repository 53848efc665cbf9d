"""Stream order and provider state, through the proxy with the official SDKs (issue 12, streamstate15).

A chat tool call whose every chunk repeats `"name": ""`: its first arguments piece reached the client last (broken
JSON for the SDK's `get_final_completion`). A Responses `response.output_text.annotation.added` went out before the
text it annotates, which the proxy still held: the SDK's event stream had the annotation's `url` and `title` ahead
of the text.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.stream.test_annotation_order import BEFORE, NOTE, responses
from tests.support.clients import OUTPUT_CODENAME_POLICIES, oai, sse


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def _chunk(delta: dict[str, object], finish: str | None = None) -> dict[str, object]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _call(name: str, arguments: str, call_id: str | None = None) -> dict[str, object]:
    entry: dict[str, object] = {"index": 0, "function": {"name": name, "arguments": arguments}}
    if call_id is not None:
        entry.update(id=call_id, type="function")
    return {"tool_calls": [entry]}


def test_chat_arguments_with_an_empty_name_in_every_chunk_reach_the_sdk_whole(mock: Mock, guarded: Proxy) -> None:
    n = 200
    pieces = ['{"q": "' if k == 0 else "ab" if k < n - 1 else '"}' for k in range(n)]
    mock.script(raw_sse=sse(_chunk({"role": "assistant"}), _chunk(_call("lookup", "", "call_1")),
                            *(_chunk(_call("", piece)) for piece in pieces), _chunk({}, "tool_calls"), "[DONE]"))
    with oai(guarded).chat.completions.stream(model="gpt-4o-mini",
                                              messages=[{"role": "user", "content": "hi"}]) as stream:
        final = stream.get_final_completion()
    calls = final.choices[0].message.tool_calls or []
    assert [(c.id, c.function.name) for c in calls] == [("call_1", "lookup")]  # type: ignore[union-attr]
    assert json.loads(calls[0].function.arguments) == {"q": "ab" * (n - 2)}  # type: ignore[union-attr]


def test_a_responses_annotation_reaches_the_sdk_after_its_text(mock: Mock, guarded: Proxy) -> None:
    mock.script(raw_sse=sse(*responses(BEFORE, ["it has more. ", "And more."]), named=True))
    shown, at = "", None
    with oai(guarded).responses.stream(model="gpt-4o-mini", input="hi") as stream:
        for event in stream:
            if event.type == "response.output_text.delta":
                shown += event.delta
            elif event.type == "response.output_text.annotation.added" and at is None:
                at = shown
                note = event.annotation
                # the provider's, as sent (indices too: see the README)
                assert (note if isinstance(note, dict) else note.model_dump()) == NOTE
        final = stream.get_final_response()
    assert at is not None and at.startswith("Write to <EMAIL_ADDRESS_1> about the setup guide, "), at
    assert final.output_text == "Write to <EMAIL_ADDRESS_1> about the setup guide, it has more. And more."
