"""Issue 12 (atk8 A4, answer-side leftovers): OpenRouter's `reasoning_details` pieces of a chat answer
(`{"type": "reasoning.text", "text": ...}`, `{"type": "reasoning.summary", "summary": ...}`). A stream sends each
piece in parts under its `index`; each part was read alone (swept as an unknown field), so an address or a codename
split over two chunks' `reasoning_details[0].text` reached the client. They are fields of the answer now, joined
across chunks by index and read with the answer's other fields, whole and streamed, as `reasoning_content` is."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import data_events, post_raw, sse
from tests.support.keyed import KEYED_POLICY

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": KEYED_POLICY})


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def piece(text: str, index: int = 0, field: str = "text") -> dict[str, Any]:
    kind = "reasoning.text" if field == "text" else "reasoning.summary"
    return {"reasoning_details": [{"type": kind, field: text, "format": "unknown", "index": index}]}


def streamed(p: Proxy, *deltas: dict[str, Any]) -> tuple[dict[str, str], str, str | None]:
    """The client's joined `reasoning_details` texts by (index, field), its content and the last finish reason."""
    r = post_raw(p, "/v1/chat/completions", json.dumps({**CHAT, "stream": True}))
    assert r.status_code == 200, r.text
    details: dict[str, str] = {}
    content, finish = "", None
    for event in data_events(r.text):
        if not isinstance(event, dict):
            continue
        for choice in event.get("choices") or []:
            delta = choice.get("delta") or {}
            content += delta.get("content") or ""
            for d in delta.get("reasoning_details") or []:
                for field in ("text", "summary"):
                    if isinstance(d.get(field), str):
                        key = f"{d.get('index', 0)}:{field}"
                        details[key] = details.get(key, "") + d[field]
            finish = choice.get("finish_reason") or finish
    return details, content, finish


@pytest.mark.parametrize("field", ["text", "summary"])
def test_an_address_split_over_two_chunks_of_a_piece_is_redacted(mock: Mock, guarded: Proxy, field: str) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", **piece("Let me see. Mail dana.kerr@exa", field=field)}),
                            chunk(piece("mple.org about it. Done thinking.", field=field)),
                            chunk({"content": "Here you go."}), chunk({}, "stop"), "[DONE]"))
    details, content, _ = streamed(guarded)
    got = details[f"0:{field}"]
    assert "dana.kerr" not in got and "mple.org" not in got, got
    assert got.startswith("Let me see. Mail <EMAIL_ADDRESS_") and got.endswith(" about it. Done thinking."), got
    assert content == "Here you go."


def test_a_codename_split_over_two_chunks_of_a_piece_is_blocked(mock: Mock, guarded: Proxy) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", **piece("The plan for Project Fal")}),
                            chunk(piece("con is ready. More later.")), chunk({"content": "Secret."}),
                            chunk({}, "stop"), "[DONE]"))
    details, content, finish = streamed(guarded)
    assert finish == "content_filter", (details, content, finish)
    assert "Fal" not in "".join(details.values()) and "ready" not in "".join(details.values()), details
    assert "Secret" not in content


def test_a_value_split_between_a_piece_and_the_content_is_redacted(mock: Mock, guarded: Proxy) -> None:
    mock.script(raw_sse=sse(chunk({"role": "assistant", **piece("Her number is 415-555-")}),
                            chunk({"content": "0198, call her."}), chunk({}, "stop"), "[DONE]"))
    details, content, _ = streamed(guarded)
    assert "415-555" not in details["0:text"] and "0198" not in content, (details, content)
    assert "<PHONE_NUMBER_" in details["0:text"] and content.endswith(", call her."), (details, content)


def test_ordinary_reasoning_pieces_pass_as_sent(mock: Mock, guarded: Proxy) -> None:
    parts = ["Step 2 of 3: compare the ", "totals for Q3, then 17 items. ", "Done."]
    mock.script(raw_sse=sse(*[chunk(piece(p)) for p in parts], chunk(piece("A short summary.", 1, "summary")),
                            chunk({"content": "OK."}), chunk({}, "stop"), "[DONE]"))
    details, content, finish = streamed(guarded)
    assert details == {"0:text": "".join(parts), "1:summary": "A short summary."}
    assert content == "OK." and finish == "stop"


def test_a_whole_answer_reads_its_pieces_joined(mock: Mock, guarded: Proxy) -> None:
    message = {"role": "assistant", "content": "ok", "reasoning_details": [
        {"type": "reasoning.text", "text": "Mail dana.kerr@exa", "index": 0},
        {"type": "reasoning.text", "text": "mple.org about it.", "index": 1}]}
    mock.script(raw_body=json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1,
                                     "model": "gpt-4o-mini",
                                     "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                                     "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}}))
    r = post_raw(guarded, "/v1/chat/completions", json.dumps(CHAT))
    assert r.status_code == 200, r.text
    got = r.json()["choices"][0]["message"]["reasoning_details"]
    texts = [d["text"] for d in got]
    assert "dana.kerr" not in r.text and "mple.org" not in r.text, texts
    assert texts[0].startswith("Mail <EMAIL_ADDRESS_") and texts[1].endswith(" about it."), texts
    assert [d["type"] for d in got] == ["reasoning.text", "reasoning.text"]


def test_a_request_reads_its_pieces_joined(mock: Mock, guarded: Proxy) -> None:
    """Input: a client sends the pieces back with the assistant turn (OpenRouter keeps reasoning across turns)."""
    messages = [{"role": "user", "content": "hi"},
                {"role": "assistant", "content": "ok", "reasoning_details": [
                    {"type": "reasoning.text", "text": "Mail dana.kerr@exa", "index": 0},
                    {"type": "reasoning.text", "text": "mple.org about it.", "index": 1}]},
                {"role": "user", "content": "thanks"}]
    r = post_raw(guarded, "/v1/chat/completions", json.dumps({**CHAT, "messages": messages}))
    assert r.status_code == 200, r.text
    sent = json.dumps([q.body for q in mock.state.requests])
    assert "dana.kerr" not in sent and "mple.org" not in sent, sent
    assert "<EMAIL_ADDRESS_" in sent, sent


def test_a_placeholder_split_over_two_chunks_of_a_piece_is_restored(mock: Mock, guarded: Proxy) -> None:
    """The request's address went upstream as a placeholder; the answer's reasoning repeats it in two parts. (A
    summary: a streamed `reasoning.text` is never restored into, its signature may come later: atk23 L1,
    `test_reasoning_details_ids23.py`.)"""
    mock.script(raw_sse=sse(chunk({"role": "assistant", **piece("I will mail <EMAIL_ADD", field="summary")}),
                            chunk(piece("RESS_1> today.", field="summary")), chunk({"content": "Done."}),
                            chunk({}, "stop"), "[DONE]"))
    body = {**CHAT, "stream": True, "messages": [{"role": "user", "content": "Mail dana.kerr@example.org now"}]}
    r = post_raw(guarded, "/v1/chat/completions", json.dumps(body))
    assert r.status_code == 200, r.text
    assert "dana.kerr@example.org" not in json.dumps(mock.last_body)
    text = "".join(d.get("summary", "") for e in data_events(r.text) if isinstance(e, dict)
                   for c in e.get("choices") or [] for d in (c.get("delta") or {}).get("reasoning_details") or [])
    assert text == "I will mail dana.kerr@example.org today.", text
