"""atk17 M3: a phone/SSN table or list whose header (label) ends one Anthropic text block, Responses `output_text`
part or chat content part and whose rows are in the next: the SDKs join the texts (`message.content`'s text blocks,
`response.output_text`), so the rows are under the header to the client, but the proxy read each text alone and the
bare numbers went out, whole and streamed (in 1-, 7- and 20-character deltas), while the same table in one text was
redacted. Now the streamed answer is the whole answer, and both are the one-block answer's. A thinking block's table
header does not run on into the text block after it, nor a text block's into a tool's input: their numbers stay.
tablerest15's report, item (b): a key of digits after a table's header in streamed tool call arguments went out
redacted (the header's `phone` read with it), the whole answer kept it; now the streamed arguments are the whole's.
The mock serves the bodies and events verbatim; the clients are the official SDKs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import (
    SCREENED_POLICY,
    chat_text_and_arguments,
    claude,
    oai,
    responses_text_and_calls,
    sse,
)

MODEL = "claude-3-5-sonnet-20241022"
PH = ["6175550143", "2125550199"]
CASES = {
    "markdown": (["Here:\n\n| name | phone |\n|---|---|\n", "| Ann | 6175550143 |\n| Bob | 2125550199 |\n\nDone."], PH),
    "csv ssn": (["name,ssn\n", "Ann,536904399\n"], ["536904399"]),
    "html": (["<table><tr><th>Name</th><th>Phone</th></tr>",
              "<tr><td>Ann</td><td>6175550143</td></tr><tr><td>Bob</td><td>2125550199</td></tr></table>"], PH),
    "list label": (["Phone numbers:\n", "- 6175550143\n- 2125550199\n"], PH),
}
SIZES = (1, 7, 20)


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": SCREENED_POLICY})


def _pieces(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)]


# ------------------------------------------------------------------------------------------------- Anthropic


def _message(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {"id": "msg_01", "type": "message", "role": "assistant", "model": MODEL, "content": blocks,
            "stop_reason": "end_turn", "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 5}}


def _block(kind: str, text: str) -> dict[str, Any]:
    if kind == "thinking":
        return {"type": "thinking", "thinking": text, "signature": "sig"}
    if kind == "tool_use":
        return {"type": "tool_use", "id": "toolu_1", "name": "save", "input": {"rows": text}}
    return {"type": "text", "text": text}


def _anthropic_events(blocks: list[tuple[str, str]], size: int) -> str:
    events: list[dict[str, Any]] = [{"type": "message_start", "message": {**_message([]), "stop_reason": None}}]
    for i, (kind, text) in enumerate(blocks):
        start = {"type": "thinking", "thinking": "", "signature": ""} if kind == "thinking" else (
            {"type": "tool_use", "id": "toolu_1", "name": "save", "input": {}} if kind == "tool_use"
            else {"type": "text", "text": ""})
        events.append({"type": "content_block_start", "index": i, "content_block": start})
        raw = json.dumps({"rows": text}) if kind == "tool_use" else text
        for piece in _pieces(raw, size):
            delta = ({"type": "thinking_delta", "thinking": piece} if kind == "thinking" else
                     {"type": "input_json_delta", "partial_json": piece} if kind == "tool_use" else
                     {"type": "text_delta", "text": piece})
            events.append({"type": "content_block_delta", "index": i, "delta": delta})
        if kind == "thinking":
            events.append({"type": "content_block_delta", "index": i,
                           "delta": {"type": "signature_delta", "signature": "sig"}})
        events.append({"type": "content_block_stop", "index": i})
    events += [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}}, {"type": "message_stop"}]
    return sse(*events, named=True)


def _anthropic(p: Proxy, mock: Mock, blocks: list[tuple[str, str]], size: int | None) -> list[Any]:
    """The answer's blocks as the SDK gives them (`message.content`), whole (`size` None) or streamed."""
    messages: Any = [{"role": "user", "content": "list"}]
    if size is None:
        mock.script(raw_body=json.dumps(_message([_block(kind, text) for kind, text in blocks])))
        return list(claude(p).messages.create(model=MODEL, max_tokens=100, messages=messages).content)
    mock.script(raw_sse=_anthropic_events(blocks, size))
    with claude(p).messages.stream(model=MODEL, max_tokens=100, messages=messages) as s:
        return list(s.get_final_message().content)


def _texts(content: list[Any]) -> str:
    return "".join(b.text for b in content if b.type == "text")


@pytest.mark.parametrize("case", list(CASES))
def test_messages_rows_in_the_next_text_block(mock: Mock, guarded: Proxy, case: str) -> None:
    texts, values = CASES[case]
    blocks = [("text", t) for t in texts]
    whole = _texts(_anthropic(guarded, mock, blocks, None))
    assert [v for v in values if v in whole] == [], whole
    assert whole == _texts(_anthropic(guarded, mock, [("text", "".join(texts))], None))  # the one-block answer
    for size in SIZES:
        streamed = _texts(_anthropic(guarded, mock, blocks, size))
        assert [v for v in values if v in streamed] == [], (size, streamed)
        assert streamed == whole, (size, streamed)


@pytest.mark.parametrize("size", [None, *SIZES])
def test_messages_a_thinking_or_tool_block_keeps_the_numbers_after_it(mock: Mock, guarded: Proxy,
                                                                      size: int | None) -> None:
    header, rows = CASES["markdown"][0]
    after_thinking = _anthropic(guarded, mock, [("thinking", header), ("text", rows)], size)
    assert _texts(after_thinking) == rows  # a thinking block is never joined to the answer's text
    after_text = _anthropic(guarded, mock, [("text", header), ("tool_use", "| Ann | 6175550143 |")], size)
    assert _texts(after_text) == header
    assert [b.input for b in after_text if b.type == "tool_use"] == [{"rows": "| Ann | 6175550143 |"}]


# ------------------------------------------------------------------------------------------------- Responses


def _response(parts: list[str], status: str = "completed") -> dict[str, Any]:
    return {"id": "resp_1", "object": "response", "created_at": 1, "status": status, "model": "gpt-4o-mini",
            "output": [{"type": "message", "id": "msg_1", "status": status, "role": "assistant",
                        "content": [{"type": "output_text", "text": t, "annotations": []} for t in parts]}]
            if parts else [], "usage": {"input_tokens": 5, "output_tokens": 5, "total_tokens": 10}}


def _responses_events(parts: list[str], size: int) -> str:
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": {**_response([], "in_progress"), "usage": None}},
        {"type": "response.output_item.added", "output_index": 0,
         "item": {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}}]
    for k, text in enumerate(parts):
        where = {"item_id": "msg_1", "output_index": 0, "content_index": k}
        events.append({"type": "response.content_part.added", **where,
                       "part": {"type": "output_text", "text": "", "annotations": []}})
        events += [{"type": "response.output_text.delta", **where, "delta": piece} for piece in _pieces(text, size)]
        events += [{"type": "response.output_text.done", **where, "text": text},
                   {"type": "response.content_part.done", **where,
                    "part": {"type": "output_text", "text": text, "annotations": []}}]
    events += [{"type": "response.output_item.done", "output_index": 0, "item": _response(parts)["output"][0]},
               {"type": "response.completed", "response": _response(parts)}]
    for n, event in enumerate(events):
        event["sequence_number"] = n
    return sse(*events, named=True)


@pytest.mark.parametrize("case", list(CASES))
def test_responses_rows_in_the_next_output_text_part(mock: Mock, guarded: Proxy, case: str) -> None:
    parts, values = CASES[case]
    client = oai(guarded).responses
    mock.script(raw_body=json.dumps(_response(parts)))
    whole = client.create(model="gpt-4o-mini", input="list").output_text
    assert [v for v in values if v in whole] == [], whole
    mock.script(raw_body=json.dumps(_response(["".join(parts)])))
    assert whole == client.create(model="gpt-4o-mini", input="list").output_text
    for size in SIZES:
        mock.script(raw_sse=_responses_events(parts, size))
        with client.stream(model="gpt-4o-mini", input="list") as s:
            streamed = "".join(e.delta for e in s if e.type == "response.output_text.delta")
            final = s.get_final_response().output_text
        assert [v for v in values if v in streamed + final] == [], (size, streamed, final)
        assert streamed == whole == final, (size, streamed, final)


# ------------------------------------------------------------------------------------------------------ Chat


def _chat(choices: list[list[str]]) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                       "choices": [{"index": n, "finish_reason": "stop", "message": {
                           "role": "assistant", "content": [{"type": "text", "text": t} for t in parts]}}
                           for n, parts in enumerate(choices)],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})


def _content(message: Any) -> str:
    content = message.content
    return content if isinstance(content, str) else "".join(part["text"] for part in content)


@pytest.mark.parametrize("case", list(CASES))
def test_chat_rows_in_the_next_content_part(mock: Mock, guarded: Proxy, case: str) -> None:
    parts, values = CASES[case]
    mock.script(raw_body=_chat([parts]))
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "list"}])
    text = _content(got.choices[0].message)
    assert [v for v in values if v in text] == [], text
    # Another choice's text is never read under this one's header.
    mock.script(raw_body=_chat([parts[:1], parts[1:]]))
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "list"}],
                                               n=2)
    assert [_content(c.message) for c in got.choices] == [parts[0], "".join(parts[1:])]


# ------------------------------------------------------------------------------ tool call arguments' keys (item b)

KEY_ARGS = [{"t": "name,phone\nAnn,x\n", "2125550199": "y"}, {"t": "| name | phone |\n|---|---|\n| Ann | ",
                                                             "6175550143 |": 1}]
TOOLS: Any = [{"name": "send", "description": "send", "input_schema": {"type": "object"}}]


def _arguments(p: Proxy, api: str, stream: bool) -> Any:
    """The first tool call's arguments, parsed (streamed: joined as the client joins them)."""
    if api == "chat":
        return json.loads(chat_text_and_arguments(oai(p), "hi", stream)[1])
    if api == "responses":
        return responses_text_and_calls(oai(p), "hi", stream)[1][0]
    client = claude(p).messages
    msgs: Any = [{"role": "user", "content": "hi"}]
    if stream:
        with client.stream(model=MODEL, max_tokens=100, messages=msgs, tools=TOOLS) as s:
            final = s.get_final_message()
        return next(b.input for b in final.content if b.type == "tool_use")
    answer = client.create(model=MODEL, max_tokens=100, messages=msgs, tools=TOOLS)
    return next(b.input for b in answer.content if b.type == "tool_use")


@pytest.mark.parametrize("api", ["chat", "responses", "messages"])
@pytest.mark.parametrize("args", KEY_ARGS, ids=["csv", "markdown"])
def test_a_key_after_a_table_in_streamed_arguments_as_whole(mock: Mock, guarded: Proxy, api: str,
                                                           args: dict[str, Any]) -> None:
    mock.script(tool_calls=[{"name": "send", "arguments": args}])
    whole = _arguments(guarded, api, False)
    assert whole == args  # the whole answer reads each key alone: kept
    for size in SIZES:
        mock.script(tool_calls=[{"name": "send", "arguments": args}], chunk_chars=size)
        assert _arguments(guarded, api, True) == whole, size
