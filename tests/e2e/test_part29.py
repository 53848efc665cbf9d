"""Issue 12, atk28 F03 and F03b, end to end through the official SDKs: a label ending one content part with no
trailing space (`SSN` + `536904399`, `Call me at` + `6175550143`, `Phone\\n` + `6175550143`), a non-text part between
label and value (chat `image_url`, `input_audio`, `file`), Anthropic neighbours (a `tool_result`'s last text and the
next `text` block, a `text` block and a `document` with a text source, the `system` prompt and the first user
message) reach the provider redacted, whole and streamed requests; an Anthropic answer's text blocks and a Responses
answer's `output_text` parts `SSN` + `536904398` reach the client redacted, whole and streamed
(`proxy.guard.part29`). Look-alikes (`Order number` + `6175550143`, `Build` + `4567890123`, `See page` + `12`,
`Step` + `3`) go through as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, sse

PAIRS = [("SSN", "536904399"), ("Call me at", "6175550143"), ("Phone\n", "6175550143")]
LOOKALIKES = [("Order number", "6175550143"), ("Build", "4567890123"), ("See page", "12"), ("Step", "3")]
BETWEEN = [{"type": "image_url", "image_url": {"url": "https://e.com/a.png"}},
           {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
           {"type": "file", "file": {"file_id": "file-abc123"}}]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def _parts(a: str, b: str, kind: str = "text") -> list[dict[str, str]]:
    return [{"type": kind, "text": a}, {"type": kind, "text": b}]


def _sent(mock: Mock) -> str:
    return json.dumps(mock.state.requests[-1].body, ensure_ascii=False)


def _chat(p: Proxy, messages: list[Any], stream: bool) -> None:
    chat = oai(p).chat.completions
    if stream:
        for _ in chat.create(model="gpt-4o-mini", messages=messages, stream=True):
            pass
    else:
        chat.create(model="gpt-4o-mini", messages=messages)


def _claude(p: Proxy, stream: bool, **request: Any) -> None:
    ant = claude(p).messages
    if stream:
        with ant.stream(model="claude-3-5-sonnet-latest", max_tokens=5, **request) as s:
            for _ in s:
                pass
    else:
        ant.create(model="claude-3-5-sonnet-latest", max_tokens=5, **request)


def _send_all(p: Proxy, a: str, b: str, stream: bool, check: Any) -> None:
    """The two parts in each place, sent through the SDKs; `check` reads what the provider got each time."""
    _chat(p, [{"role": "user", "content": _parts(a, b)}], stream)
    check("chat")
    _claude(p, stream, messages=[{"role": "user", "content": _parts(a, b)}])
    check("anthropic")
    items = [{"role": "user", "content": _parts(a, b, "input_text")}]
    if stream:
        for _ in oai(p).responses.create(model="gpt-4o-mini", input=items, stream=True):  # type: ignore[arg-type]
            pass
    else:
        oai(p).responses.create(model="gpt-4o-mini", input=items)  # type: ignore[arg-type]
    check("responses")


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
@pytest.mark.parametrize("pair", PAIRS, ids=[a.strip() for a, _ in PAIRS])
def test_a_label_part_with_no_space_then_a_value_part_reaches_the_provider_redacted(
        guarded: Proxy, mock: Mock, pair: tuple[str, str], stream: bool) -> None:
    a, b = pair

    def check(route: str) -> None:
        sent = _sent(mock)
        assert b not in sent, (route, sent)
        assert a.split()[0] in sent, (route, sent)  # the label goes on

    _send_all(guarded, a, b, stream, check)


@pytest.mark.parametrize("pair", LOOKALIKES, ids=[a.strip() for a, _ in LOOKALIKES])
def test_lookalike_parts_with_no_space_reach_the_provider_as_sent(guarded: Proxy, mock: Mock,
                                                                  pair: tuple[str, str]) -> None:
    a, b = pair

    def check(route: str) -> None:
        sent = _sent(mock)
        assert json.dumps(a) in sent and json.dumps(b) in sent, (route, sent)

    _send_all(guarded, a, b, False, check)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_a_non_text_part_between_label_and_value(guarded: Proxy, mock: Mock, stream: bool) -> None:
    for between in BETWEEN:
        _chat(guarded, [{"role": "user", "content": [{"type": "text", "text": "Call me at "}, between,
                                                     {"type": "text", "text": "6175550143"}]}], stream)
        sent = _sent(mock)
        assert "6175550143" not in sent and "Call me at" in sent, (between["type"], sent)


@pytest.mark.parametrize("stream", [False, True], ids=["whole", "streamed"])
def test_anthropic_neighbours_reach_the_provider_redacted(guarded: Proxy, mock: Mock, stream: bool) -> None:
    requests: list[dict[str, Any]] = [
        {"messages": [{"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_1", "content": [{"type": "text", "text": "SSN: "}]},
            {"type": "text", "text": "536904399"}]}]},
        {"messages": [{"role": "user", "content": [
            {"type": "text", "text": "SSN: "},
            {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "536904399"}}]}]},
        {"system": [{"type": "text", "text": "The caller's SSN: "}],
         "messages": [{"role": "user", "content": "536904399"}]},
        {"system": "The caller's SSN",
         "messages": [{"role": "user", "content": [{"type": "text", "text": "536904399"}]}]},
    ]
    for r in requests:
        _claude(guarded, stream, **r)
        sent = _sent(mock)
        assert "536904399" not in sent and "SSN" in sent, (r, sent)
    # a look-alike in the same places goes through as sent
    _claude(guarded, stream, system="See page", messages=[{"role": "user", "content": [
        {"type": "text", "text": "12"},
        {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "Step"}}]}])
    sent = _sent(mock)
    assert '"See page"' in sent and '"12"' in sent, sent


# ------------------------------------------------------------------------------------------------------- answers

A_START = {"type": "message_start", "message": {
    "id": "m", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-latest", "content": [],
    "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}}
A_END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
          "usage": {"output_tokens": 2}}, {"type": "message_stop"}]
HI = [{"role": "user", "content": "hi"}]


def _a_block(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            *({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text[i:i + 3]}}
              for i in range(0, len(text), 3)),
            {"type": "content_block_stop", "index": index}]


def _anthropic(blocks: list[str]) -> str:
    return json.dumps({"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-latest",
                       "content": [{"type": "text", "text": t} for t in blocks], "stop_reason": "end_turn",
                       "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}})


def _response(parts: list[str]) -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o-mini",
            "output": [{"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
                        "content": [{"type": "output_text", "text": t, "annotations": []} for t in parts]}],
            "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}


def _responses_sse(parts: list[str]) -> str:
    done = _response(parts)
    start = dict(done, status="in_progress", output=[])
    item = {"id": "msg_1", "type": "message", "role": "assistant", "status": "in_progress", "content": []}
    events: list[dict[str, Any]] = [{"type": "response.created", "response": start},
                                    {"type": "response.output_item.added", "output_index": 0, "item": item}]
    for k, t in enumerate(parts):
        part = {"type": "output_text", "text": "", "annotations": []}
        events.append({"type": "response.content_part.added", "item_id": "msg_1", "output_index": 0,
                       "content_index": k, "part": part})
        events += [{"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 0, "content_index": k,
                    "delta": t[i:i + 3]} for i in range(0, len(t), 3)]
        events.append({"type": "response.output_text.done", "item_id": "msg_1", "output_index": 0,
                       "content_index": k, "text": t})
        events.append({"type": "response.content_part.done", "item_id": "msg_1", "output_index": 0,
                       "content_index": k, "part": dict(part, text=t)})
    events.append({"type": "response.output_item.done", "output_index": 0, "item": done["output"][0]})
    events.append({"type": "response.completed", "response": done})
    for n, e in enumerate(events):
        e["sequence_number"] = n
    return sse(*events, named=True)


ANSWERS = [["SSN", "536904398"], ["Her SSN is", "457558813"], ["Mobile", "2125550187"]]


@pytest.mark.parametrize("parts", ANSWERS, ids=[p[0] for p in ANSWERS])
def test_an_answers_label_block_with_no_space_then_a_value_block_reaches_the_client_redacted(
        guarded: Proxy, mock: Mock, parts: list[str]) -> None:
    value = parts[1]
    mock.script(raw_body=_anthropic(parts))
    answer = claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI)  # type: ignore[arg-type]
    texts = [b.text for b in answer.content if b.type == "text"]
    assert value not in answer.model_dump_json() and texts[0] == parts[0], texts
    assert texts[1].startswith("<"), texts

    mock.script(raw_sse=sse(A_START, *_a_block(0, parts[0]), *_a_block(1, parts[1]), *A_END, named=True))
    with claude(guarded).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI) as s:  # type: ignore[arg-type]
        events = [e.model_dump_json() for e in s]
        final = s.get_final_message()
    assert value not in "".join(events) + final.model_dump_json()
    assert [b.text for b in final.content if b.type == "text"][0] == parts[0]

    mock.script(raw_body=json.dumps(_response(parts)))
    got = oai(guarded).responses.create(model="gpt-4o-mini", input="hi")
    assert value not in got.model_dump_json() and got.output_text.startswith(parts[0] + "<"), got.output_text

    mock.script(raw_sse=_responses_sse(parts))
    seen = [e.model_dump_json() for e in oai(guarded).responses.create(model="gpt-4o-mini", input="hi", stream=True)]
    assert value not in "".join(seen) and parts[0] in "".join(seen)


def test_an_answers_lookalike_blocks_with_no_space_reach_the_client(guarded: Proxy, mock: Mock) -> None:
    for parts in ([a, b] for a, b in LOOKALIKES):
        mock.script(raw_body=_anthropic(parts))
        answer = claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI)  # type: ignore[arg-type]
        assert [b.text for b in answer.content if b.type == "text"] == parts
        mock.script(raw_sse=sse(A_START, *_a_block(0, parts[0]), *_a_block(1, parts[1]), *A_END, named=True))
        with claude(guarded).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI) as s:  # type: ignore[arg-type]
            final = s.get_final_message()
        assert [b.text for b in final.content if b.type == "text"] == parts
        mock.script(raw_body=json.dumps(_response(parts)))
        assert oai(guarded).responses.create(model="gpt-4o-mini", input="hi").output_text == "".join(parts)
        mock.script(raw_sse=_responses_sse(parts))
        seen = "".join(e.model_dump_json() for e in oai(guarded).responses.create(model="gpt-4o-mini", input="hi",
                                                                                   stream=True))
        assert json.dumps(parts[1])[1:-1] in seen, seen
