"""Issue 12 (atk6 LOW 14): an Anthropic answer's `stop_sequence` is read after its last text, joined, as a client
shows them: text `Write to jane.doe@exa` with `stop_sequence: "mple.com"`, and `Status of project` with
`" falcon"`, reached the client as sent, whole and streamed (`message_delta.delta.stop_sequence`): the stop
sequence was screened alone.

Scripted answers; the official SDK reads them (plain and streamed), the assertions are on what it received and on
the record. Ordinary stop sequences after ordinary text pass as sent.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, sse

ASK = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}],
       "stop_sequences": ["###"]}


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=OUTPUT_CODENAME_POLICIES)


def _ant(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys["app"], max_retries=0)


def decision(p: Proxy, request_id: str | None) -> str:
    assert request_id is not None
    return str(p.record_for(request_id)["decision"])


def whole(text: str, stop: str) -> dict[str, Any]:
    return {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
            "content": [{"type": "text", "text": text}], "stop_reason": "stop_sequence", "stop_sequence": stop,
            "usage": {"input_tokens": 1, "output_tokens": 1}}


def streamed(text: str, stop: str) -> str:
    start = {**whole("", ""), "content": [], "stop_reason": None, "stop_sequence": None}
    return sse({"type": "message_start", "message": start},
               {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
               {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": text}},
               {"type": "content_block_stop", "index": 0},
               {"type": "message_delta", "delta": {"stop_reason": "stop_sequence", "stop_sequence": stop},
                "usage": {"output_tokens": 2}},
               {"type": "message_stop"}, named=True)


def test_a_codename_completed_by_the_stop_sequence_is_blocked(mock: Mock, joined: Proxy) -> None:
    mock.script(raw_body=json.dumps(whole("Status of project", " falcon")))
    raw = _ant(joined).messages.with_raw_response.create(**ASK)  # type: ignore[arg-type]
    answer = raw.parse()
    assert "falcon" not in raw.http_response.text and "project" not in raw.http_response.text
    assert answer.stop_reason == "refusal" and answer.stop_sequence is None
    assert decision(joined, raw.headers.get("x-guardrail-request-id")) == "block"


def test_a_codename_completed_by_the_streamed_stop_sequence_stops_the_stream(mock: Mock, joined: Proxy) -> None:
    mock.script(raw_sse=streamed("Status of project", " falcon"))
    with _ant(joined).messages.stream(**ASK) as s:  # type: ignore[arg-type]
        events = "".join(e.model_dump_json() for e in s)
        final = s.get_final_message()
        request_id = s.response.headers.get("x-guardrail-request-id")
    assert "falcon" not in events + final.model_dump_json()
    assert "project" not in events + final.model_dump_json()
    assert final.stop_reason == "refusal" and final.stop_sequence is None
    assert decision(joined, request_id) == "block"


def test_an_address_completed_by_the_stop_sequence_is_redacted_in_both(mock: Mock, joined: Proxy) -> None:
    mock.script(raw_body=json.dumps(whole("Write to jane.doe@exa", "mple.com")))
    raw = _ant(joined).messages.with_raw_response.create(**ASK)  # type: ignore[arg-type]
    answer = raw.parse()
    assert "jane.doe@" not in raw.http_response.text and "mple.com" not in raw.http_response.text
    text = answer.content[0].text  # type: ignore[union-attr]
    assert text.startswith("Write to <EMAIL_ADDRESS_")
    assert answer.stop_sequence is not None and answer.stop_sequence.startswith("<EMAIL_ADDRESS_")
    assert answer.stop_reason == "stop_sequence"
    assert decision(joined, raw.headers.get("x-guardrail-request-id")) == "redact"


def test_an_address_completed_by_the_streamed_stop_sequence_is_redacted_in_both(mock: Mock, joined: Proxy) -> None:
    mock.script(raw_sse=streamed("Write to jane.doe@exa", "mple.com"))
    with _ant(joined).messages.stream(**ASK) as s:  # type: ignore[arg-type]
        events = "".join(e.model_dump_json() for e in s)
        final = s.get_final_message()
        request_id = s.response.headers.get("x-guardrail-request-id")
    assert "jane.doe@" not in events + final.model_dump_json()
    assert "mple.com" not in events + final.model_dump_json()
    assert final.content[0].text.startswith("Write to <EMAIL_ADDRESS_")  # type: ignore[union-attr]
    assert final.stop_reason == "stop_sequence"
    assert final.stop_sequence is not None and final.stop_sequence.startswith("<EMAIL_ADDRESS_")
    assert decision(joined, request_id) == "redact"


@pytest.mark.parametrize(("text", "stop"), [("The answer is 42", "###"), ("All good. ", "\n\nHuman:"),
                                            ("Mail the team at", " END"), ("Version 1.2", ".3")])
def test_an_ordinary_stop_sequence_passes_as_sent(mock: Mock, joined: Proxy, text: str, stop: str) -> None:
    mock.script(raw_body=json.dumps(whole(text, stop)))
    raw = _ant(joined).messages.with_raw_response.create(**ASK)  # type: ignore[arg-type]
    answer = raw.parse()
    assert answer.content[0].text == text and answer.stop_sequence == stop  # type: ignore[union-attr]
    assert raw.headers.get("x-guardrail-decision") == "allow"

    mock.script(raw_sse=streamed(text, stop))
    with _ant(joined).messages.stream(**ASK) as s:  # type: ignore[arg-type]
        kinds = [e.type for e in s]
        final = s.get_final_message()
        request_id = s.response.headers.get("x-guardrail-request-id")
    assert final.content[0].text == text  # type: ignore[union-attr]
    assert final.stop_reason == "stop_sequence" and final.stop_sequence == stop
    assert kinds.index("message_delta") > kinds.index("content_block_stop")  # the stop sequence after the text
    assert decision(joined, request_id) == "allow"
