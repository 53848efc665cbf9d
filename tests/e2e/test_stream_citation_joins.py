"""A value or a codename completed by an Anthropic citation or by a `message_delta`'s unknown text, through the
official SDK (issue 12, stream joins).

Text `Mail jane.doe@exa` (or `We start project `) streamed, then a `citations_delta` whose citation's `cited_text`
or `title` holds `mple.com now. ` (or `falcon launches now.`), or a `message_delta` whose `delta` holds it under a key
no SDK types (`x_note`). Each was screened alone (the sweep): both halves went out raw, the record `allow`; the whole
answer read a text block's `citations` apart from its text too. Now a citation's texts are read with the answer's
texts in arrival order (each citation a field of its own), and a `message_delta`'s other texts after the blocks'
text, as its stop sequence is: the same halves gone (or the answer refused), the whole answer the same.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, claude, dump_models, sse

EMAIL = ("Mail jane.doe@exa", "mple.com now. ")
CODENAME = ("We start project ", "falcon launches now. ")
HALVES = [pytest.param(EMAIL, id="email"), pytest.param(CODENAME, id="codename")]
MODEL = "claude-3-5-sonnet-20241022"

# A citation's texts are read in the order the citation holds them (as a whole answer reads its JSON): the one
# right after the cited text completes it (`cited_text` first in a `char_location`; a title first where it is).
CITATIONS = {
    "cited_text": lambda t: {"type": "char_location", "cited_text": t, "document_index": 0, "document_title": "Doc",
                             "start_char_index": 0, "end_char_index": 5},
    "document_title": lambda t: {"type": "page_location", "document_title": t, "cited_text": "Quarterly report.",
                                 "document_index": 0, "start_page_number": 1, "end_page_number": 2},
    "web title": lambda t: {"type": "web_search_result_location", "title": t, "url": "https://example.org/a",
                            "cited_text": "Quarterly report.", "encrypted_index": "Eo8BCioIAhgBIiQ"},
}


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def _start() -> dict[str, Any]:
    return {"type": "message_start", "message": {
        "id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": [], "stop_reason": None,
        "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}}


def _text(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}}]


def _stop(index: int) -> dict[str, Any]:
    return {"type": "content_block_stop", "index": index}


def _end(**extra: Any) -> list[dict[str, Any]]:
    return [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None, **extra},
             "usage": {"output_tokens": 5}}, {"type": "message_stop"}]


def _stream(mock: Mock, p: Proxy, events: list[dict[str, Any]]) -> tuple[str, Any, str]:
    mock.script(raw_sse=sse(*events, named=True))
    with claude(p).messages.stream(model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "hi"}]) as s:
        got = list(s)
        final = s.get_final_message()
        request_id = s.response.headers["x-guardrail-request-id"]
    return dump_models([*got, final]), final, request_id


def _check(p: Proxy, halves: tuple[str, str], got: str, stop_reason: str | None, request_id: str) -> None:
    for raw in ("jane.doe@exa", "mple.com", "falcon"):
        assert raw not in got, (raw, got)
    assert stop_reason == ("refusal" if halves == CODENAME else "end_turn")
    assert p.record_for(request_id)["decision"] == ("block" if halves == CODENAME else "redact")
    if halves == EMAIL:
        assert "Mail <EMAIL_ADDRESS_1>" in got and "EMAIL_ADDRESS_2" in got, got


@pytest.mark.parametrize("halves", HALVES)
@pytest.mark.parametrize("field", list(CITATIONS))
def test_a_citation_is_read_with_the_text_before_it(mock: Mock, joined: Proxy, halves: tuple[str, str],
                                                      field: str) -> None:
    first, second = halves
    citation = CITATIONS[field](second)
    events = [_start(), *_text(0, first),
              {"type": "content_block_delta", "index": 0, "delta": {"type": "citations_delta", "citation": citation}},
              _stop(0), *_end()]
    got, final, request_id = _stream(mock, joined, events)
    _check(joined, halves, got, final.stop_reason, request_id)
    # the whole answer: the text block with its citation, read the same
    body = {"id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "stop_reason": "end_turn",
            "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5},
            "content": [{"type": "text", "text": first, "citations": [CITATIONS[field](second)]}]}
    mock.script(raw_body=json.dumps(body))
    raw = claude(joined).messages.with_raw_response.create(
        model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "hi"}])
    whole = raw.parse()
    _check(joined, halves, whole.model_dump_json(warnings=False), whole.stop_reason,
           raw.headers["x-guardrail-request-id"])


def test_citations_of_one_block_are_fields_of_their_own(mock: Mock, joined: Proxy) -> None:
    """Two citations with the same keys: each goes out with its own texts (never the first one's again)."""
    one, two = CITATIONS["cited_text"]("First source line."), CITATIONS["cited_text"]("Second source line.")
    events = [_start(), *_text(0, "Both sources agree. "),
              {"type": "content_block_delta", "index": 0, "delta": {"type": "citations_delta", "citation": one}},
              {"type": "content_block_delta", "index": 0, "delta": {"type": "citations_delta", "citation": two}},
              _stop(0), *_end()]
    _, final, request_id = _stream(mock, joined, events)
    assert [c.cited_text for c in final.content[0].citations] == ["First source line.", "Second source line."]
    assert joined.record_for(request_id)["decision"] == "allow"


@pytest.mark.parametrize("halves", HALVES)
def test_a_message_delta_text_is_read_after_the_blocks_text(mock: Mock, joined: Proxy,
                                                            halves: tuple[str, str]) -> None:
    first, second = halves
    events = [_start(), *_text(0, first), _stop(0), *_end(x_note=second)]
    got, final, request_id = _stream(mock, joined, events)
    _check(joined, halves, got, final.stop_reason, request_id)
