"""Issue 12 (atk9 A-L1): a streamed text in a field the proxy does not know (`choices[].text` or
`choices[].message.content` in chat chunks, as some OpenAI-compatible servers send them, `delta.text`,
`delta.x_text`; an unknown key beside an Anthropic or a Responses text delta) was swept one event at a time, so
an address or a codename split over two events reached the client. The same JSON in a whole answer holds that
text in one string: each such field is joined across the stream by its path now (choice or block, key path) and
read as the known fields are (held text, blocks, restore), at most `MAX_LOOSE_FIELDS` per stream."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from proxy.providers.loose import MAX_LOOSE_FIELDS
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import data_events, oai, post_raw, sse
from tests.support.keyed import KEYED_POLICY

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}], "stream": True}


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(files={"policies/default.yaml": KEYED_POLICY})


def chunk(choice: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "finish_reason": finish, **choice}]}


# Where a chat chunk carries the text, and how a client that renders that field reads it back from a choice.
Shape = tuple[Callable[[str], dict[str, Any]], Callable[[dict[str, Any]], Any]]
SHAPES: dict[str, Shape] = {
    "choices[].text": (lambda s: {"text": s, "delta": {}}, lambda c: c.get("text")),
    "choices[].message.content": (lambda s: {"message": {"role": "assistant", "content": s}},
                                  lambda c: (c.get("message") or {}).get("content")),
    "delta.text": (lambda s: {"delta": {"text": s}}, lambda c: (c.get("delta") or {}).get("text")),
    "delta.x_text": (lambda s: {"delta": {"x_text": s}}, lambda c: (c.get("delta") or {}).get("x_text")),
}


def joined(text: str, read: Callable[[dict[str, Any]], Any]) -> tuple[str, str | None]:
    """The field's pieces as a client joins them, and the choice's last finish reason."""
    out, finish = "", None
    for event in data_events(text):
        for choice in (event.get("choices") or []) if isinstance(event, dict) else []:
            piece = read(choice)
            out += piece if isinstance(piece, str) else ""
            finish = choice.get("finish_reason") or finish
    return out, finish


def stream_chat(mock: Mock, p: Proxy, *events: Any, body: dict[str, Any] | None = None) -> str:
    mock.script(raw_sse=sse(*events))
    r = post_raw(p, "/v1/chat/completions", json.dumps(body or CHAT))
    assert r.status_code == 200, r.text
    return r.text


@pytest.mark.parametrize("shape", SHAPES)
def test_chat_an_address_split_over_two_chunks_of_an_unknown_field_is_redacted(mock: Mock, guarded: Proxy,
                                                                               shape: str) -> None:
    make, read = SHAPES[shape]
    text = stream_chat(mock, guarded, chunk(make("Mail jane.doe@")), chunk(make("example.com now. ")),
                       chunk({"delta": {}}, "stop"), "[DONE]")
    got, finish = joined(text, read)
    assert "jane.doe" not in text and "example.com" not in text, text
    assert got.startswith("Mail <EMAIL_ADDRESS_") and got.endswith("> now. "), got
    assert finish == "stop"


@pytest.mark.parametrize("shape", SHAPES)
def test_chat_a_codename_split_over_two_chunks_of_an_unknown_field_is_blocked(mock: Mock, guarded: Proxy,
                                                                              shape: str) -> None:
    make, read = SHAPES[shape]
    text = stream_chat(mock, guarded, chunk(make("We start project ")), chunk(make("falcon soon. ")),
                       chunk({"delta": {}}, "stop"), "[DONE]")
    got, finish = joined(text, read)
    assert "falcon" not in text.lower(), text
    assert finish == "content_filter", text


def test_chat_a_value_split_between_an_unknown_field_and_the_content_is_redacted(mock: Mock, guarded: Proxy) -> None:
    """The unknown field is one of the choice's fields: read with its content, as a whole answer's are."""
    text = stream_chat(mock, guarded, chunk({"delta": {"role": "assistant", "x_text": "Her number is 415-555-"}}),
                       chunk({"delta": {"content": "0198, call her."}}), chunk({"delta": {}}, "stop"), "[DONE]")
    x_text, _ = joined(text, SHAPES["delta.x_text"][1])
    content, _ = joined(text, lambda c: (c.get("delta") or {}).get("content"))
    assert "415-555" not in text and "0198" not in text, text
    assert "<PHONE_NUMBER_" in x_text and content.endswith(", call her."), (x_text, content)


def test_chat_a_placeholder_split_over_two_chunks_of_an_unknown_field_is_restored(mock: Mock, guarded: Proxy) -> None:
    body = {**CHAT, "messages": [{"role": "user", "content": "Mail dana.kerr@example.org now"}]}
    text = stream_chat(mock, guarded, chunk({"delta": {"x_text": "I will mail <EMAIL_ADD"}}),
                       chunk({"delta": {"x_text": "RESS_1> today."}}), chunk({"delta": {}}, "stop"), "[DONE]",
                       body=body)
    assert "dana.kerr@example.org" not in json.dumps(mock.last_body)
    got, _ = joined(text, SHAPES["delta.x_text"][1])
    assert got == "I will mail dana.kerr@example.org today.", got


def test_chat_sdk_an_address_split_over_unknown_fields_is_redacted(mock: Mock, guarded: Proxy) -> None:
    """The openai SDK keeps unknown fields (`model_extra`): what it hands the application is screened whole."""
    mock.script(raw_sse=sse(chunk({"text": "Mail jane.doe@", "delta": {"x_text": "Call 617-555-"}}),
                            chunk({"text": "example.com now. ", "delta": {"x_text": "0143 today. "}}),
                            chunk({"delta": {}}, "stop"), "[DONE]"))
    text = x_text = ""
    for c in oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=CHAT["messages"], stream=True):
        choice = c.choices[0]
        text += (choice.model_extra or {}).get("text") or ""
        x_text += ((choice.delta.model_extra if choice.delta is not None else None) or {}).get("x_text") or ""
    assert "jane.doe" not in text and "example.com" not in text and text.startswith("Mail <EMAIL_ADDRESS_"), text
    assert "555-" not in x_text and "0143" not in x_text and x_text.startswith("Call <PHONE_NUMBER_"), x_text


def test_chat_ordinary_unknown_fields_pass_as_sent(mock: Mock, guarded: Proxy) -> None:
    parts = ["Step 2 of 3: compare the ", "totals for Q3, then 17 items. ", "Done."]
    text = stream_chat(mock, guarded, *[chunk({"delta": {"x_text": p, "content": p}, "x_provider": "groq"})
                                        for p in parts], chunk({"delta": {}}, "stop"), "[DONE]")
    assert joined(text, SHAPES["delta.x_text"][1]) == ("".join(parts), "stop")
    assert joined(text, lambda c: (c.get("delta") or {}).get("content"))[0] == "".join(parts)
    # a value repeated in every chunk is a field too: joined, each piece goes out as sent
    assert joined(text, lambda c: c.get("x_provider"))[0] == "groq" * len(parts), text


def test_chat_an_unknown_key_whose_value_is_joined_is_still_screened_as_text(mock: Mock, guarded: Proxy) -> None:
    """The key of a joined field names no field the proxy knows: it is text, read as the sweep reads a key."""
    text = stream_chat(mock, guarded, chunk({"delta": {"Project Falcon": "Hello. "}}),
                       chunk({"delta": {"Project Falcon": "More. "}}), chunk({"delta": {}}, "stop"), "[DONE]")
    assert "falcon" not in text.lower(), text


def test_chat_more_unknown_fields_than_a_stream_joins_fail_closed(mock: Mock, guarded: Proxy) -> None:
    fields = {f"x_{k}": f"note {k} for jane.doe@" for k in range(MAX_LOOSE_FIELDS + 1)}
    mock.script(raw_sse=sse(chunk({"delta": fields}), chunk({"delta": {"x_0": "example.com"}}),
                            chunk({"delta": {}}, "stop"), "[DONE]"))
    r = post_raw(guarded, "/v1/chat/completions", json.dumps(CHAT))
    assert r.status_code == 502 and "upstream_unreadable" in r.text, r.text
    assert "jane.doe" not in r.text and "note" not in r.text


def test_chat_as_many_unknown_fields_as_a_stream_joins_are_read(mock: Mock, guarded: Proxy) -> None:
    fields = {f"x_{k}": f"note {k}. " for k in range(MAX_LOOSE_FIELDS)}
    text = stream_chat(mock, guarded, chunk({"delta": fields}), chunk({"delta": {"x_0": "More. "}}),
                       chunk({"delta": {}}, "stop"), "[DONE]")
    assert joined(text, lambda c: (c.get("delta") or {}).get("x_0")) == ("note 0. More. ", "stop"), text
    got, _ = joined(text, lambda c: (c.get("delta") or {}).get(f"x_{MAX_LOOSE_FIELDS - 1}"))
    assert got == f"note {MAX_LOOSE_FIELDS - 1}. ", text


def test_completions_an_address_split_over_two_chunks_of_an_unknown_field_is_redacted(mock: Mock,
                                                                                     guarded: Proxy) -> None:
    def piece(s: str, finish: str | None = None) -> dict[str, Any]:
        return {"id": "cmpl-1", "object": "text_completion", "created": 1, "model": "gpt-3.5-turbo-instruct",
                "choices": [{"index": 0, "text": "", "x_text": s, "finish_reason": finish, "logprobs": None}]}

    mock.script(raw_sse=sse(piece("Mail jane.doe@"), piece("example.com now. "), piece("", "stop"), "[DONE]"))
    r = post_raw(guarded, "/v1/completions", json.dumps({"model": "gpt-3.5-turbo-instruct", "prompt": "hi",
                                                         "stream": True}))
    assert r.status_code == 200, r.text
    got, _ = joined(r.text, lambda c: c.get("x_text"))
    assert "jane.doe" not in r.text and "example.com" not in r.text, r.text
    assert got.startswith("Mail <EMAIL_ADDRESS_") and got.endswith("> now. "), got


MESSAGE = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-sonnet-latest", "content": [],
           "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 5, "output_tokens": 1}}


def anthropic_stream(*pairs: tuple[str, str]) -> str:
    deltas = [{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": t, "x_text": x}}
              for t, x in pairs]
    return sse({"type": "message_start", "message": MESSAGE},
               {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
               *deltas, {"type": "content_block_stop", "index": 0},
               {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": 5}}, {"type": "message_stop"}, named=True)


def messages_x_text(text: str) -> str:
    return "".join(e["delta"].get("x_text") or "" for e in data_events(text)
                   if e.get("type") == "content_block_delta")


def test_messages_an_address_split_over_an_unknown_key_beside_text_deltas_is_redacted(mock: Mock,
                                                                                      guarded: Proxy) -> None:
    mock.script(raw_sse=anthropic_stream(("a. ", "Mail jane.doe@"), ("b. ", "example.com now.")))
    r = post_raw(guarded, "/v1/messages", json.dumps({"model": "claude-3-5-sonnet-latest", "max_tokens": 100,
                                                      "stream": True, "messages": CHAT["messages"]}))
    assert r.status_code == 200, r.text
    assert "jane.doe" not in r.text and "example.com" not in r.text, r.text
    got = messages_x_text(r.text)
    assert got.startswith("Mail <EMAIL_ADDRESS_") and got.endswith("> now."), got


def test_messages_a_codename_split_over_an_unknown_key_beside_text_deltas_is_blocked(mock: Mock,
                                                                                     guarded: Proxy) -> None:
    mock.script(raw_sse=anthropic_stream(("a. ", "We start project "), ("b. ", "falcon soon.")))
    r = post_raw(guarded, "/v1/messages", json.dumps({"model": "claude-3-5-sonnet-latest", "max_tokens": 100,
                                                      "stream": True, "messages": CHAT["messages"]}))
    assert "falcon" not in r.text.lower(), r.text


def responses_stream(*pieces: str) -> str:
    where = {"item_id": "msg_1", "output_index": 0, "content_index": 0}
    response = {"id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress",
                "model": "gpt-4o-mini", "output": []}
    item = {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
            "content": [{"type": "output_text", "text": "ab", "annotations": []}]}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response},
        {"type": "response.output_item.added", "output_index": 0, "item": {**item, "status": "in_progress",
                                                                          "content": []}},
        {"type": "response.content_part.added", **where, "part": {"type": "output_text", "text": "",
                                                                  "annotations": []}},
        *[{"type": "response.output_text.delta", **where, "delta": "a" if k == 0 else "b", "x_text": p}
          for k, p in enumerate(pieces)],
        {"type": "response.output_text.done", **where, "text": "ab"},
        {"type": "response.content_part.done", **where, "part": item["content"][0]},
        {"type": "response.output_item.done", "output_index": 0, "item": item},
        {"type": "response.completed", "response": {**response, "status": "completed", "output": [item]}}]
    for k, e in enumerate(events):
        e["sequence_number"] = k
    return sse(*events, named=True)


def test_responses_an_address_split_over_an_unknown_key_beside_text_deltas_is_redacted(mock: Mock,
                                                                                       guarded: Proxy) -> None:
    mock.script(raw_sse=responses_stream("Mail jane.doe@", "example.com now."))
    r = post_raw(guarded, "/v1/responses", json.dumps({"model": "gpt-4o-mini", "input": "hi", "stream": True}))
    assert r.status_code == 200, r.text
    assert "jane.doe" not in r.text and "example.com" not in r.text, r.text
    got = "".join(e.get("x_text") or "" for e in data_events(r.text) if e.get("type") == "response.output_text.delta")
    assert got.startswith("Mail <EMAIL_ADDRESS_") and got.endswith("> now."), got


# Unknown keys inside a chat delta's known objects (a tool call, its `function`, `function_call`, `audio`, a
# `reasoning_details` piece) and beside a choice's logprob entries: the SDKs' stream helpers join every string
# under a delta, a listed object's by its `index` (`accumulate_delta`), so each is a field of its own too, joined
# by its path (was: swept one chunk at a time, a split address or codename passed).
def _call(s: str) -> dict[str, Any]:
    return {"tool_calls": [{"index": 0, "function": {"arguments": "", "x_text": s}}]}


def _first(choice: dict[str, Any]) -> dict[str, Any]:
    calls = (choice.get("delta") or {}).get("tool_calls") or [{}]
    return calls[0] if isinstance(calls[0], dict) else {}


INNER: dict[str, Shape] = {
    "delta.tool_calls[].function.x_text": (lambda s: {"delta": _call(s)},
                                           lambda c: (_first(c).get("function") or {}).get("x_text")),
    "delta.tool_calls[].x_text": (lambda s: {"delta": {"tool_calls": [{"index": 0, "x_text": s}]}},
                                  lambda c: _first(c).get("x_text")),
    "delta.function_call.x_text": (lambda s: {"delta": {"function_call": {"arguments": "", "x_text": s}}},
                                   lambda c: ((c.get("delta") or {}).get("function_call") or {}).get("x_text")),
    "delta.audio.x_text": (lambda s: {"delta": {"audio": {"x_text": s}}},
                           lambda c: ((c.get("delta") or {}).get("audio") or {}).get("x_text")),
    "delta.reasoning_details[].x_text": (
        lambda s: {"delta": {"reasoning_details": [{"type": "reasoning.text", "index": 0, "text": "", "x_text": s}]}},
        lambda c: (((c.get("delta") or {}).get("reasoning_details") or [{}])[0] or {}).get("x_text")),
    "logprobs.x_text": (lambda s: {"delta": {}, "logprobs": {"content": [], "x_text": s}},
                        lambda c: (c.get("logprobs") or {}).get("x_text")),
}


@pytest.mark.parametrize("shape", INNER)
def test_chat_an_address_split_inside_a_known_object_is_redacted(mock: Mock, guarded: Proxy, shape: str) -> None:
    make, read = INNER[shape]
    text = stream_chat(mock, guarded, chunk(make("Mail jane.doe@")), chunk(make("example.com now. ")),
                       chunk({"delta": {}}, "stop"), "[DONE]")
    got, finish = joined(text, read)
    assert "jane.doe" not in text and "example.com" not in text, text
    assert got.startswith("Mail <EMAIL_ADDRESS_") and got.endswith("> now. "), got
    assert finish == "stop"


@pytest.mark.parametrize("shape", INNER)
def test_chat_a_codename_split_inside_a_known_object_is_blocked(mock: Mock, guarded: Proxy, shape: str) -> None:
    make, _ = INNER[shape]
    text = stream_chat(mock, guarded, chunk(make("We start project ")), chunk(make("falcon soon. ")),
                       chunk({"delta": {}}, "stop"), "[DONE]")
    assert "falcon" not in text.lower(), text
    assert joined(text, lambda c: None)[1] == "content_filter", text


def test_chat_tool_calls_are_joined_by_their_index_not_their_place(mock: Mock, guarded: Proxy) -> None:
    """Two calls, the second chunk lists call 1 before call 0: each call's unknown field is joined with its own."""
    def call(index: int, s: str) -> dict[str, Any]:
        return {"index": index, "function": {"arguments": "", "x_text": s}}

    text = stream_chat(mock, guarded,
                       chunk({"delta": {"tool_calls": [call(0, "Mail jane.doe@"), call(1, "Call 617-555-")]}}),
                       chunk({"delta": {"tool_calls": [call(1, "0143 today. "), call(0, "example.com now. ")]}}),
                       chunk({"delta": {}}, "tool_calls"), "[DONE]")
    got: dict[int, str] = {0: "", 1: ""}
    for event in data_events(text):
        for choice in event.get("choices") or []:
            for c in (choice.get("delta") or {}).get("tool_calls") or []:
                got[c["index"]] += (c.get("function") or {}).get("x_text") or ""
    assert "jane.doe" not in text and "617-555" not in text and "0143" not in text, text
    assert got[0].startswith("Mail <EMAIL_ADDRESS_") and got[0].endswith("> now. "), got
    assert got[1].startswith("Call <PHONE_NUMBER_") and got[1].endswith("> today. "), got


def test_chat_ordinary_fields_inside_known_objects_pass_as_sent(mock: Mock, guarded: Proxy) -> None:
    parts = ["Step 2 of 3: compare the ", "totals for Q3, then 17 items. ", "Done."]
    first = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "",
                                                                          "x_text": parts[0]}}
    rest = [{"index": 0, "function": {"arguments": "{}" if k == len(parts) - 1 else "", "x_text": p}}
            for k, p in enumerate(parts[1:], 1)]
    text = stream_chat(mock, guarded, chunk({"delta": {"role": "assistant", "tool_calls": [first]}}),
                       *[chunk({"delta": {"tool_calls": [r]}}) for r in rest], chunk({"delta": {}}, "tool_calls"),
                       "[DONE]")
    assert joined(text, INNER["delta.tool_calls[].function.x_text"][1]) == ("".join(parts), "tool_calls"), text


def test_chat_sdk_an_address_split_inside_a_tool_call_is_redacted(mock: Mock, guarded: Proxy) -> None:
    """The openai SDK keeps a tool call's unknown fields (`model_extra`): what it hands the application joined."""
    first = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "",
                                                                          "x_text": "Mail jane.doe@"}}
    mock.script(raw_sse=sse(chunk({"delta": {"role": "assistant", "tool_calls": [first]}}),
                            chunk({"delta": _call("example.com now. ")}),
                            chunk({"delta": {"tool_calls": [{"index": 0, "function": {"arguments": "{}"}}]}}),
                            chunk({"delta": {}}, "tool_calls"), "[DONE]"))
    got, args, name = "", "", ""
    for c in oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=CHAT["messages"], stream=True):
        for call in (c.choices[0].delta.tool_calls or []) if c.choices and c.choices[0].delta else []:
            fn = call.function
            if fn is not None:
                got += (fn.model_extra or {}).get("x_text") or ""
                args += fn.arguments or ""
                name += fn.name or ""
    assert "jane.doe" not in got and "example.com" not in got and got.startswith("Mail <EMAIL_ADDRESS_"), got
    assert (name, args) == ("lookup", "{}")


# Whole answers: every string is read whole already (the sweep), inside known objects too.
@pytest.mark.parametrize("where", ["function", "call"])
@pytest.mark.parametrize(("value", "decision"), [("Mail jane.doe@example.com now.", "redact"),
                                                 ("We start project falcon soon.", "block")])
def test_chat_whole_answer_unknown_fields_inside_a_tool_call_are_screened(mock: Mock, guarded: Proxy, where: str,
                                                                          value: str, decision: str) -> None:
    call: dict[str, Any] = {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
    (call["function"] if where == "function" else call)["x_note"] = value
    mock.script(raw_body=json.dumps({"id": "c", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                                     "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                                         "role": "assistant", "content": None, "tool_calls": [call]}}]}))
    r = post_raw(guarded, "/v1/chat/completions", json.dumps({**CHAT, "stream": False}))
    assert "jane.doe" not in r.text and "falcon" not in r.text.lower(), r.text
    assert r.headers["x-guardrail-decision"] == decision


@pytest.mark.parametrize("delta", [
    lambda s: {"type": "input_json_delta", "partial_json": "", "x_text": s},
    lambda s: {"type": "text_delta", "text": "", "x_meta": {"note": s}},
])
def test_messages_an_address_split_under_an_unknown_key_of_a_delta_is_redacted(
        mock: Mock, guarded: Proxy, delta: Callable[[str], dict[str, Any]]) -> None:
    """Anthropic: beside a tool input's JSON delta, and inside an unknown object of a text delta (held already)."""
    start = ({"type": "tool_use", "id": "t", "name": "f", "input": {}} if delta("")["type"] == "input_json_delta"
             else {"type": "text", "text": ""})
    mock.script(raw_sse=sse({"type": "message_start", "message": MESSAGE},
                            {"type": "content_block_start", "index": 0, "content_block": start},
                            *[{"type": "content_block_delta", "index": 0, "delta": delta(s)}
                              for s in ("Mail jane.doe@", "example.com now.")],
                            {"type": "content_block_stop", "index": 0},
                            {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                             "usage": {"output_tokens": 5}}, {"type": "message_stop"}, named=True))
    r = post_raw(guarded, "/v1/messages", json.dumps({"model": "claude-3-5-sonnet-latest", "max_tokens": 100,
                                                      "stream": True, "messages": CHAT["messages"]}))
    assert r.status_code == 200, r.text
    assert "jane.doe" not in r.text and "example.com" not in r.text, r.text
    assert "<EMAIL_ADDRESS_" in r.text, r.text


@pytest.mark.parametrize("beside", ["content", "arguments"])
@pytest.mark.parametrize("pieces", [
    ["Powers of two: 1 2 4 8 16 32 6", "4 128 256 51", "2 1024 2048 4096"],
    ["Output of seq: 100 2", "00 300 400 500 6", "00 700 800 900"],
    ["IDs 7 14 21 28 3", "5 42 49 56 6", "3 70 were retried."],
])
def test_chat_empty_pieces_of_another_field_do_not_split_a_field(mock: Mock, guarded: Proxy, beside: str,
                                                                  pieces: list[str]) -> None:
    """A field's pieces with another field's empty fragments between them (`"content": ""`, a tool call's
    `"arguments": ""` in each chunk) are one text, read as the field alone is: the numbers of an ordinary list
    were read piece by piece, each cut a value's edge (`<PHONE_NUMBER_1>8 <PHONE_NUMBER_2>`)."""
    def delta(s: str) -> dict[str, Any]:
        if beside == "content":
            return {"content": "", "x_text": s}
        return {"tool_calls": [{"index": 0, "function": {"arguments": "", "x_text": s}}]}

    text = stream_chat(mock, guarded, *[chunk({"delta": delta(p)}) for p in pieces], chunk({"delta": {}}, "stop"),
                       "[DONE]")
    read = SHAPES["delta.x_text"][1] if beside == "content" else INNER["delta.tool_calls[].function.x_text"][1]
    assert joined(text, read) == ("".join(pieces), "stop"), text
