"""A value or a codename completed by a streamed Responses code interpreter call's code or by the audio transcript,
through the official SDK (issue 12, stream joins).

Message text `Mail jane.doe@exa` (or `We start project `) streamed, then the next output item's code streamed as
`response.code_interpreter_call_code.delta` (or the answer's audio transcript as `response.audio.transcript.delta`)
holding `mple.com now. ` (or `falcon launches now. `), and the other way round. The code and the transcript were
windowed each on its own, never with the output text: both halves went out raw, the record `allow`. Now they are
fields of the answer (`proxy.stream.channels._RESPONSES_FIELD`), read with the output text in arrival order: the
same halves gone (or the answer blocked) as in the whole answer, where the code is read with the message text.

`response.output_audio_transcript.delta` is a Realtime server event (the OpenAPI spec's
`RealtimeBetaServerEventResponseAudioTranscriptDelta`), no Responses stream event: with output rules such an event
stops the stream unread (pinned here, it passed before too).
"""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import OUTPUT_CODENAME_POLICIES, dump_models, oai, sse

EMAIL = ("Mail jane.doe@exa", "mple.com now. ")
CODENAME = ("We start project ", "falcon launches now. ")
HALVES = [pytest.param(EMAIL, id="email"), pytest.param(CODENAME, id="codename")]
RAW = ("jane.doe@exa", "mple.com", "falcon")


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files=OUTPUT_CODENAME_POLICIES)


def _response(status: str, output: list[Any]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1733234567, "status": status, "model": "gpt-4o-mini",
            "output": output, "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10,
                                        "input_tokens_details": {"cached_tokens": 0},
                                        "output_tokens_details": {"reasoning_tokens": 0}}}


def _message(text: str | None, status: str = "completed") -> dict[str, Any]:
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": status,
            "content": [] if text is None else [{"type": "output_text", "text": text, "annotations": []}]}


def _message_events(text: str, index: int) -> list[dict[str, Any]]:
    where = {"output_index": index, "item_id": "msg_1", "content_index": 0}
    part = {"type": "output_text", "text": text, "annotations": []}
    return [{"type": "response.output_item.added", "output_index": index, "item": _message(None, "in_progress")},
            {"type": "response.content_part.added", **where, "part": {**part, "text": ""}},
            {"type": "response.output_text.delta", **where, "delta": text, "logprobs": []},
            {"type": "response.output_text.done", **where, "text": text, "logprobs": []},
            {"type": "response.content_part.done", **where, "part": part},
            {"type": "response.output_item.done", "output_index": index, "item": _message(text)}]


def _code_item(code: str, status: str = "completed") -> dict[str, Any]:
    return {"type": "code_interpreter_call", "id": "ci_1", "status": status, "code": code, "container_id": "cntr_1",
            "outputs": None}


def _code_events(code: str, index: int) -> list[dict[str, Any]]:
    where = {"output_index": index, "item_id": "ci_1"}
    return [{"type": "response.output_item.added", "output_index": index, "item": _code_item("", "in_progress")},
            {"type": "response.code_interpreter_call.in_progress", **where},
            {"type": "response.code_interpreter_call_code.delta", **where, "delta": code},
            {"type": "response.code_interpreter_call_code.done", **where, "code": code},
            {"type": "response.code_interpreter_call.interpreting", **where},
            {"type": "response.code_interpreter_call.completed", **where},
            {"type": "response.output_item.done", "output_index": index, "item": _code_item(code)}]


def _transcript_events(text: str) -> list[dict[str, Any]]:
    return [{"type": "response.audio.transcript.delta", "response_id": "resp_1", "delta": text},
            {"type": "response.audio.transcript.done", "response_id": "resp_1"}]


def _stream(middle: list[dict[str, Any]], output: list[Any]) -> str:
    events = [{"type": "response.created", "response": {**_response("in_progress", []), "usage": None}}, *middle,
              {"type": "response.completed", "response": _response("completed", output)}]
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return sse(*events, named=True)


def _run(mock: Mock, p: Proxy, stream: str, halves: tuple[str, str]) -> tuple[str, str]:
    client = oai(p)
    mock.script(raw_sse=stream)
    raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input="hi", stream=True)
    events = list(raw.parse())
    assert events[-1].type == ("response.incomplete" if halves == CODENAME else "response.completed")
    return dump_models(events), raw.headers["x-guardrail-request-id"]


def _check(p: Proxy, halves: tuple[str, str], got: str, request_id: str) -> None:
    for raw in RAW:
        assert raw not in got, (raw, got)
    assert p.record_for(request_id)["decision"] == ("block" if halves == CODENAME else "redact")
    if halves == EMAIL:
        assert "Mail " in got and "EMAIL_ADDRESS_" in got and " now. " in got, got


@pytest.mark.parametrize("halves", HALVES)
@pytest.mark.parametrize("code_first", [False, True], ids=["text-then-code", "code-then-text"])
def test_code_interpreter_code_is_read_with_the_output_text(
        mock: Mock, joined: Proxy, halves: tuple[str, str], code_first: bool) -> None:
    first, second = halves
    if code_first:
        middle = [*_code_events(first, 0), *_message_events(second, 1)]
        output = [_code_item(first), _message(second)]
    else:
        middle = [*_message_events(first, 0), *_code_events(second, 1)]
        output = [_message(first), _code_item(second)]
    got, request_id = _run(mock, joined, _stream(middle, output), halves)
    _check(joined, halves, got, request_id)
    # the whole answer (the same output, `stream: false`) decides the same
    client = oai(joined)
    mock.script(raw_body=json.dumps(_response("completed", output)))
    raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input="hi")
    whole = raw.parse()
    assert whole.status == ("incomplete" if halves == CODENAME else "completed")
    _check(joined, halves, whole.model_dump_json(warnings=False), raw.headers["x-guardrail-request-id"])


@pytest.mark.parametrize("halves", HALVES)
@pytest.mark.parametrize("transcript_first", [False, True], ids=["text-then-transcript", "transcript-then-text"])
def test_audio_transcript_is_read_with_the_output_text(
        mock: Mock, joined: Proxy, halves: tuple[str, str], transcript_first: bool) -> None:
    first, second = halves
    if transcript_first:
        middle = [*_transcript_events(first), *_message_events(second, 0)]
        text = second
    else:
        middle = [*_message_events(first, 0), *_transcript_events(second)]
        text = first
    got, request_id = _run(mock, joined, _stream(middle, [_message(text)]), halves)
    _check(joined, halves, got, request_id)


def test_a_realtime_transcript_event_is_not_relayed_unread(mock: Mock, joined: Proxy) -> None:
    first, second = EMAIL
    realtime = {"type": "response.output_audio_transcript.delta", "event_id": "event_1", "response_id": "resp_1",
                "item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": second}
    client = oai(joined)
    mock.script(raw_sse=_stream([*_message_events(first, 0), realtime], [_message(first)]))
    got: list[Any] = []
    try:  # refused before the answer began (502), or ended where the event came: never relayed
        raw = client.responses.with_raw_response.create(model="gpt-4o-mini", input="hi", stream=True)
        for event in raw.parse():
            got.append(event)
    except openai.APIStatusError as err:
        assert err.status_code == 502
        got.append(err.response.text)
    except openai.APIError as err:
        got.append(str(err))
    text = dump_models([g for g in got if not isinstance(g, str)]) + "".join(g for g in got if isinstance(g, str))
    assert "mple.com" not in text and "jane.doe@exa" not in text, text
    assert not any(getattr(g, "type", None) == "response.completed" for g in got), text
