"""A value or a codename completed by a citation's link text, with the citation's URL first in its JSON (stream14,
issue 12 stream joins): Responses `url_citation` (whole and streamed) and Anthropic `web_search_result_location`
(`url` before `title`, as the API writes it).

A client shows the link text right after the text it cites; the URL is its target, never shown as text. The title was
read after the URL (whole answers: `Reach ops.desk@north` + `https://...` + `wind.io`) or, streamed, apart from the
output text: both halves went out raw, the codename unblocked. Now a citation's URL is read after its other texts, and
a streamed Responses annotation's texts are read with the answer's.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.e2e.test_stream_citation_joins import MODEL, _end, _start, _stop, _stream, _text
from tests.support.clients import OUTPUT_CODENAME_POLICIES, claude, data_events, post_raw, sse

EMAIL = ("Reach ops.desk@north", "wind.io today. ")
CODENAME = ("The plan is project ", "osprey ships soon. ")
HALVES = [pytest.param(EMAIL, id="email"), pytest.param(CODENAME, id="codename")]
RAWS = ("ops.desk@north", "wind.io", "osprey")


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def _annotation(title: str) -> dict[str, Any]:
    return {"type": "url_citation", "url": "https://docs.example.org/guide", "title": title, "start_index": 0,
            "end_index": 4}


def _item(text: str, title: str) -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": text, "annotations": [_annotation(title)]}]}


def _check(got: str, blocked: bool, halves: tuple[str, str]) -> None:
    for raw in RAWS:
        assert raw not in got, (raw, got)
    assert blocked == (halves == CODENAME)
    if halves == EMAIL:
        assert "<EMAIL_ADDRESS_1>" in got and "<EMAIL_ADDRESS_2>" in got, got


@pytest.mark.parametrize("halves", HALVES)
def test_a_responses_url_citation_title_is_read_after_the_text(mock: Mock, joined: Proxy,
                                                               halves: tuple[str, str]) -> None:
    first, second = halves
    item = _item(first, second)
    body = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "completed",
            "model": "gpt-4o-mini", "output": [item], "usage": {"input_tokens": 5, "output_tokens": 5,
                                                                 "total_tokens": 10}}
    mock.script(raw_body=json.dumps(body))
    whole = post_raw(joined, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi"}))
    _check(whole.text, json.loads(whole.text)["status"] == "incomplete", halves)
    # streamed: the text in a delta, then the annotation's event
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    response = {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": "in_progress",
                "model": "gpt-4o-mini", "output": []}
    events = [{"type": "response.created", "response": response},
              {"type": "response.output_item.added", "output_index": 0,
               "item": {**item, "status": "in_progress", "content": []}},
              {"type": "response.content_part.added", **where,
               "part": {"type": "output_text", "text": "", "annotations": []}},
              {"type": "response.output_text.delta", **where, "delta": first},
              {"type": "response.output_text.annotation.added", **where, "annotation_index": 0,
               "annotation": _annotation(second)},
              {"type": "response.output_text.done", **where, "text": first},
              {"type": "response.content_part.done", **where, "part": item["content"][0]},
              {"type": "response.output_item.done", "output_index": 0, "item": item},
              {"type": "response.completed", "response": {**response, "status": "completed", "output": [item]}}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    mock.script(raw_sse=sse(*events, named=True))
    streamed = post_raw(joined, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi", "stream": True}))
    got = data_events(streamed.text)
    _check(json.dumps(got), any(e["type"] == "response.incomplete" for e in got), halves)


def _web(title: str) -> dict[str, Any]:
    # The API's order: the URL first, then the title, the index and the quoted text.
    return {"type": "web_search_result_location", "url": "https://docs.example.org/guide", "title": title,
            "encrypted_index": "Eo8BCioIAhgBIiQ", "cited_text": "The guide explains the setup."}


@pytest.mark.parametrize("halves", HALVES)
def test_an_anthropic_web_citation_title_is_read_after_the_text(mock: Mock, joined: Proxy,
                                                                halves: tuple[str, str]) -> None:
    first, second = halves
    body = {"id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5},
            "content": [{"type": "text", "text": first, "citations": [_web(second)]}]}
    mock.script(raw_body=json.dumps(body))
    whole = claude(joined).messages.create(model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "hi"}])
    _check(whole.model_dump_json(warnings=False), whole.stop_reason == "refusal", halves)
    events = [_start(), *_text(0, first),
              {"type": "content_block_delta", "index": 0, "delta": {"type": "citations_delta",
                                                                    "citation": _web(second)}},
              _stop(0), *_end()]
    got, final, _ = _stream(mock, joined, events)
    _check(got, final.stop_reason == "refusal", halves)
