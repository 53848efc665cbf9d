"""Issue 12, atk25 F09, end to end through the official SDKs: a label or a context phrase ending one content part and
the value alone in the next (`SSN: ` + `536904399`, `Call me at ` + `6175550143`, `Name: Priya ` + `Raghunathan`)
reach the provider redacted, from chat content parts (user, system, tool), Anthropic text blocks, `system` blocks and
`tool_result` blocks, Responses `input_text` parts, streamed requests too; an answer's text blocks and `output_text`
parts `Call me at ` + `6175550143` reach the client redacted, whole and streamed (`proxy.guard.parts26`). Look-alikes
(`Order number: ` + `6175550143`, `Build ` + `4567890123`, `See page ` + `12`) go through as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, sse

PAIRS = [("SSN: ", "536904399"), ("Call me at ", "6175550143"), ("Name: Priya ", "Raghunathan")]
LOOKALIKES = [("Order number: ", "6175550143"), ("Build ", "4567890123"), ("See page ", "12")]


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def _parts(a: str, b: str, kind: str = "text") -> list[dict[str, str]]:
    return [{"type": kind, "text": a}, {"type": kind, "text": b}]


def _sent(mock: Mock) -> str:
    return json.dumps(mock.state.requests[-1].body, ensure_ascii=False)


def _send_all(p: Proxy, a: str, b: str, stream: bool, check: Any) -> None:
    """Each place the two parts can be, sent through the SDKs; `check` reads what the provider got each time."""
    chat = oai(p).chat.completions
    messages: list[Any] = [
        [{"role": "user", "content": _parts(a, b)}],
        [{"role": "system", "content": _parts(a, b)}, {"role": "user", "content": "hi"}],
        [{"role": "user", "content": "look it up"},
         {"role": "assistant", "content": None, "tool_calls": [
             {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
         {"role": "tool", "tool_call_id": "call_1", "content": _parts(a, b)}],
    ]
    for m in messages:
        if stream:
            for _ in chat.create(model="gpt-4o-mini", messages=m, stream=True):
                pass
        else:
            chat.create(model="gpt-4o-mini", messages=m)
        check("chat")
    ant = claude(p).messages
    requests: list[dict[str, Any]] = [
        {"messages": [{"role": "user", "content": _parts(a, b)}]},
        {"system": _parts(a, b), "messages": [{"role": "user", "content": "hi"}]},
        {"messages": [{"role": "user", "content": "look it up"},
                      {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup",
                                                         "input": {}}]},
                      {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                                                    "content": _parts(a, b)}]}]},
    ]
    for r in requests:
        if stream:
            with ant.stream(model="claude-3-5-sonnet-latest", max_tokens=5, **r) as s:
                for _ in s:
                    pass
        else:
            ant.create(model="claude-3-5-sonnet-latest", max_tokens=5, **r)
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
def test_a_label_part_then_a_value_part_reaches_the_provider_redacted(guarded: Proxy, mock: Mock,
                                                                      pair: tuple[str, str], stream: bool) -> None:
    a, b = pair

    def check(route: str) -> None:
        sent = _sent(mock)
        assert b not in sent, (route, sent)
        assert a.split()[0] in sent, (route, sent)  # the label goes on

    _send_all(guarded, a, b, stream, check)


@pytest.mark.parametrize("pair", LOOKALIKES, ids=[a.strip() for a, _ in LOOKALIKES])
def test_lookalike_parts_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, pair: tuple[str, str]) -> None:
    a, b = pair

    def check(route: str) -> None:
        sent = _sent(mock)
        assert json.dumps(a) in sent and json.dumps(b) in sent, (route, sent)

    _send_all(guarded, a, b, False, check)


# ------------------------------------------------------------------------------------------------------- answers

ANSWERS = [["Call me at ", "6175550143"], ["Her number is ", "6175550143"], ["Reach the desk on ", "6175550143"],
           ["You can text ", "6175550143"]]
A_START = {"type": "message_start", "message": {
    "id": "m", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-latest", "content": [],
    "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}}
A_END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
          "usage": {"output_tokens": 2}}, {"type": "message_stop"}]


def _a_block(index: int, text: str) -> list[dict[str, Any]]:
    return [{"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}},
            *({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text[i:i + 3]}}
              for i in range(0, len(text), 3)),
            {"type": "content_block_stop", "index": index}]


def _anthropic(blocks: list[str]) -> str:
    return json.dumps({"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-latest",
                       "content": [{"type": "text", "text": t} for t in blocks], "stop_reason": "end_turn",
                       "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}})


def _responses(parts: list[str]) -> str:
    return json.dumps({"id": "resp_1", "object": "response", "created_at": 1, "status": "completed",
                       "model": "gpt-4o-mini", "output": [
                           {"id": "msg_1", "type": "message", "role": "assistant", "status": "completed",
                            "content": [{"type": "output_text", "text": t, "annotations": []} for t in parts]}],
                       "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}})


HI = [{"role": "user", "content": "hi"}]


@pytest.mark.parametrize("parts", ANSWERS, ids=[p[0].strip() for p in ANSWERS])
def test_an_answers_label_block_then_a_value_block_reaches_the_client_redacted(guarded: Proxy, mock: Mock,
                                                                               parts: list[str]) -> None:
    value = parts[1]
    mock.script(raw_body=_anthropic(parts))
    answer = claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI)  # type: ignore[arg-type]
    texts = [b.text for b in answer.content if b.type == "text"]
    assert value not in answer.model_dump_json() and texts[0] == parts[0], texts
    assert texts[1].startswith("<PHONE_NUMBER_"), texts

    mock.script(raw_sse=sse(A_START, *_a_block(0, parts[0]), *_a_block(1, parts[1]), *A_END, named=True))
    with claude(guarded).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI) as s:  # type: ignore[arg-type]
        events = [e.model_dump_json() for e in s]
        final = s.get_final_message()
    assert value not in "".join(events) + final.model_dump_json()
    assert [b.text for b in final.content if b.type == "text"] == texts

    mock.script(raw_body=_responses(parts))
    got = oai(guarded).responses.create(model="gpt-4o-mini", input="hi")
    assert value not in got.model_dump_json() and got.output_text.startswith(parts[0] + "<PHONE_NUMBER_")


def test_an_answers_lookalike_blocks_reach_the_client(guarded: Proxy, mock: Mock) -> None:
    for parts in (["Order number: ", "6175550143"], ["Build ", "4567890123"], ["See page ", "12"]):
        mock.script(raw_body=_anthropic(parts))
        answer = claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI)  # type: ignore[arg-type]
        assert [b.text for b in answer.content if b.type == "text"] == parts
        mock.script(raw_sse=sse(A_START, *_a_block(0, parts[0]), *_a_block(1, parts[1]), *A_END, named=True))
        with claude(guarded).messages.stream(model="claude-3-5-sonnet-latest", max_tokens=5, messages=HI) as s:  # type: ignore[arg-type]
            final = s.get_final_message()
        assert [b.text for b in final.content if b.type == "text"] == parts
        mock.script(raw_body=_responses(parts))
        assert oai(guarded).responses.create(model="gpt-4o-mini", input="hi").output_text == "".join(parts)
