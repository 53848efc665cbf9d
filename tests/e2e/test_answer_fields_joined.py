"""Issue 12, output side: a value split between two fields of one answer is one value.

The shipped default's output rules (PII redact, toxicity block with `stream_hold: sentence`) read the
texts of one answer joined across its fields, in the order the client reads them: a chat choice's
reasoning, content, refusal and tool-call arguments; an Anthropic answer's thinking, text and tool_use
blocks; a Responses answer's reasoning summary and message text. Scripted answers split an e-mail
address or a phone number between two fields (other values and split points than the review's); the
official SDKs read the answer, plain and streamed, and the assertions are on what they received: no
half of the value, each half redacted in its own field, tool arguments still valid JSON. Fields that
only sit side by side are not joined into a false finding, and a toxic sentence that crosses two fields
ends the stream with nothing after it in any field.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic
import openai
import pytest

from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import sse

POLICIES = {
    "policies/default.yaml": """
name: default
on_error: block
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], min_score: 0.4}
  toxicity: {action: block, thresholds: {toxicity: 0.8}, stream_hold: sentence}
""",
}


@pytest.fixture(scope="module")
def joined(proxy_factory: ProxyFactory) -> Proxy:
    return proxy_factory(teams={"app": {}}, files=POLICIES)


def _oai(p: Proxy) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{p.url}/v1", api_key=p.keys["app"], max_retries=0)


def _ant(p: Proxy) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=p.url, api_key=p.keys["app"], max_retries=0)


def _absent(got: str, *halves: str) -> None:
    for half in halves:
        assert half not in got, f"{half!r} reached the client"


# ------------------------------------------------------------------------------------------ chat

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}


def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def chat_body(message: dict[str, Any]) -> str:
    return json.dumps({"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
                       "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": "stop"}],
                       "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}})


def _call(arguments: str) -> dict[str, Any]:
    return {"id": "call_1", "type": "function", "function": {"name": "send", "arguments": arguments}}


# (first field, its text), (second field, its text), the halves that must not reach the client
CHAT_CASES = {
    "content -> refusal": (("content", "Reach carol.white@exa"), ("refusal", "mple.org for access"),
                           ("carol.white", "mple.org")),
    "reasoning_content -> content": (("reasoning_content", "Her number is 415-555-"), ("content", "0198, call her"),
                                     ("415-555", "0198")),
    "content -> tool arguments": (("content", "Sending it to dave"),
                                  ("arguments", '{"to": "_ops@example.net", "n": 1}'), ("dave", "_ops@example.net")),
}


def _chat_fields(msg: Any) -> dict[str, str]:
    extra = msg.model_extra or {}
    out = {"content": msg.content or "", "refusal": msg.refusal or "",
           "reasoning_content": extra.get("reasoning_content") or ""}
    out["arguments"] = "".join((c.function.arguments or "") for c in msg.tool_calls or [] if c.function)
    return out


@pytest.mark.parametrize("case", list(CHAT_CASES))
def test_chat_value_split_between_two_fields(mock: Mock, joined: Proxy, case: str) -> None:
    (field_a, text_a), (field_b, text_b), halves = CHAT_CASES[case]

    def delta(field: str, text: str) -> dict[str, Any]:
        if field == "arguments":
            return {"tool_calls": [{"index": 0, **_call(text)}]}
        return {field: text}

    # streamed: the second half arrives in another field, in a later chunk
    mock.script(raw_sse=sse(chunk({"role": "assistant", **delta(field_a, text_a)}), chunk(delta(field_b, text_b)),
                            chunk({}, "stop"), "[DONE]"))
    fields = {"content": "", "refusal": "", "reasoning_content": "", "arguments": ""}
    dumped = []
    for c in _oai(joined).chat.completions.create(**CHAT, stream=True):  # type: ignore[call-overload]
        dumped.append(c.model_dump_json())
        for choice in c.choices:
            d = choice.delta
            fields["content"] += d.content or ""
            fields["refusal"] += d.refusal or ""
            fields["reasoning_content"] += (d.model_extra or {}).get("reasoning_content") or ""
            fields["arguments"] += "".join((t.function.arguments or "") for t in d.tool_calls or [] if t.function)
    _absent("".join(dumped), *halves)
    for field in (field_a, field_b):
        assert "<EMAIL_ADDRESS_" in fields[field] or "<PHONE_NUMBER_" in fields[field], (field, fields[field])
    assert fields[field_a].startswith(text_a.rsplit(" ", 1)[0])  # the words before the value are kept
    if field_b == "arguments":
        assert json.loads(fields["arguments"])["n"] == 1  # still JSON, the other argument kept
    else:
        assert fields[field_b].endswith(text_b.split(" ", 1)[1])

    # the same answer, not streamed
    message = ({field_a: text_a, "tool_calls": [_call(text_b)]} if field_b == "arguments"
               else {field_a: text_a, field_b: text_b})
    mock.script(raw_body=chat_body({"content": None, **message}))
    answer = _oai(joined).chat.completions.create(**CHAT)  # type: ignore[call-overload]
    _absent(answer.model_dump_json(), *halves)
    got = _chat_fields(answer.choices[0].message)
    for field in (field_a, field_b):
        assert "<EMAIL_ADDRESS_" in got[field] or "<PHONE_NUMBER_" in got[field], (field, got[field])
    if field_b == "arguments":
        assert json.loads(got["arguments"])["n"] == 1


def test_chat_fields_side_by_side_are_not_joined(mock: Mock, joined: Proxy) -> None:
    """A complete address that ends a sentence, then a field that starts with a capital: no value runs on
    (`alice@example.org.Net` would be one, read naively); the second field arrives as it was."""
    first, second = "Write to alice@example.org.", "Net rules forbid more than that"
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": first}), chunk({"refusal": second}),
                            chunk({}, "stop"), "[DONE]"))
    content = refusal = ""
    for c in _oai(joined).chat.completions.create(**CHAT, stream=True):  # type: ignore[call-overload]
        for choice in c.choices:
            content += choice.delta.content or ""
            refusal += choice.delta.refusal or ""
    assert refusal == second
    assert content.startswith("Write to <EMAIL_ADDRESS_") and "alice" not in content and content.endswith(">.")

    mock.script(raw_body=chat_body({"content": first, "refusal": second}))
    msg = _oai(joined).chat.completions.create(**CHAT).choices[0].message  # type: ignore[call-overload]
    assert msg.refusal == second and msg.content is not None and "alice" not in msg.content


def test_a_toxic_sentence_across_fields_ends_the_stream(mock: Mock, joined: Proxy) -> None:
    """`You are an id` + `iot`: the sentence is read across content and refusal; nothing from it on
    reaches the client, in any field (the tool call after it neither)."""
    mock.script(raw_sse=sse(chunk({"role": "assistant", "content": "Fine. You are an id"}),
                            chunk({"refusal": "iot and worse. Call bob@example.com"}),
                            chunk({"tool_calls": [{"index": 0, **_call('{"to": "after@example.com"}')}]}),
                            chunk({}, "stop"), "[DONE]"))
    chunks = list(_oai(joined).chat.completions.create(**CHAT, stream=True))  # type: ignore[call-overload]
    dumped = "".join(c.model_dump_json() for c in chunks)
    _absent(dumped, "idiot", "iot", "You are", "worse", "bob@", "after@", "send")
    content = "".join(ch.delta.content or "" for c in chunks for ch in c.choices)
    assert content == "Fine. "
    assert [ch.finish_reason for c in chunks for ch in c.choices if ch.finish_reason] == ["content_filter"]


# ------------------------------------------------------------------------------------- anthropic

MESSAGES = {"model": "claude-3-5-haiku-latest", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
A_START = {"type": "message_start", "message": {
    "id": "m", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest", "content": [],
    "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}}
A_END = [{"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
          "usage": {"output_tokens": 2}}, {"type": "message_stop"}]
SIGNATURE = "c2lnbmF0dXJlc2lnbmF0dXJlc2lnbmF0dXJl"


def a_block(index: int, kind: str, text: str) -> list[dict[str, Any]]:
    if kind == "thinking":
        start = {"type": "thinking", "thinking": "", "signature": ""}
        deltas = [{"type": "thinking_delta", "thinking": text}, {"type": "signature_delta", "signature": SIGNATURE}]
    elif kind == "tool_use":
        start = {"type": "tool_use", "id": "toolu_1", "name": "send", "input": {}}
        deltas = [{"type": "input_json_delta", "partial_json": part} for part in (text[:5], text[5:])]
    else:
        start, deltas = {"type": "text", "text": ""}, [{"type": "text_delta", "text": text}]
    return [{"type": "content_block_start", "index": index, "content_block": start},
            *({"type": "content_block_delta", "index": index, "delta": d} for d in deltas),
            {"type": "content_block_stop", "index": index}]


def a_whole(kind: str, text: str) -> dict[str, Any]:
    if kind == "thinking":
        return {"type": "thinking", "thinking": text, "signature": SIGNATURE}
    if kind == "tool_use":
        return {"type": "tool_use", "id": "toolu_1", "name": "send", "input": json.loads(text)}
    return {"type": "text", "text": text}


ANTHROPIC_CASES = {
    "thinking -> text": (("thinking", "The contact is erin.b"), ("text", "lack@example.com, as agreed."),
                         ("erin.b", "lack@example.com")),
    "text -> tool_use": (("text", "Pinging frank"), ("tool_use", '{"email": ".miller@example.io", "urgent": true}'),
                         ("frank", ".miller@example.io")),
}


def _a_fields(blocks: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for b in blocks:
        if b.type == "thinking":
            out["thinking"] = b.thinking
        elif b.type == "text":
            out["text"] = b.text
        elif b.type == "tool_use":
            out["tool_use"] = b.input
    return out


@pytest.mark.parametrize("case", list(ANTHROPIC_CASES))
def test_anthropic_value_split_between_two_blocks(mock: Mock, joined: Proxy, case: str) -> None:
    (kind_a, text_a), (kind_b, text_b), halves = ANTHROPIC_CASES[case]
    mock.script(raw_sse=sse(A_START, *a_block(0, kind_a, text_a), *a_block(1, kind_b, text_b), *A_END, named=True))
    with _ant(joined).messages.stream(**MESSAGES) as s:  # type: ignore[arg-type]
        events = [e.model_dump_json() for e in s]
        final = s.get_final_message()
    _absent("".join(events) + final.model_dump_json(), *halves)
    got = _a_fields(final.content)
    assert [b.type for b in final.content] == [kind_a, kind_b] and final.stop_reason == "end_turn"
    assert "<EMAIL_ADDRESS_" in got[kind_a] and "<EMAIL_ADDRESS_" in json.dumps(got[kind_b])
    if kind_b == "tool_use":
        assert got["tool_use"]["urgent"] is True and got["tool_use"]["email"].startswith("<EMAIL_ADDRESS_")
    else:
        assert got[kind_b].endswith(", as agreed.")

    # the same answer, not streamed
    message = {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-3-5-haiku-latest",
               "content": [a_whole(kind_a, text_a), a_whole(kind_b, text_b)], "stop_reason": "end_turn",
               "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
    mock.script(raw_body=json.dumps(message))
    answer = _ant(joined).messages.create(**MESSAGES)  # type: ignore[arg-type]
    _absent(answer.model_dump_json(), *halves)
    got = _a_fields(answer.content)
    assert "<EMAIL_ADDRESS_" in got[kind_a] and "<EMAIL_ADDRESS_" in json.dumps(got[kind_b])


# ------------------------------------------------------------------------------------- responses

R_CREATED = {"type": "response.created", "sequence_number": 0, "response": {
    "id": "r", "object": "response", "created_at": 1, "status": "in_progress", "model": "gpt-4o-mini", "output": []}}


def _r_items(summary: str, text: str) -> list[dict[str, Any]]:
    return [{"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": summary}]},
            {"type": "message", "id": "msg_1", "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": text, "annotations": []}]}]


def test_responses_value_split_between_summary_and_text(mock: Mock, joined: Proxy) -> None:
    summary, text = "Noting the address grace.h", "opper@example.com now. Done."
    halves = ("grace.h", "opper@example.com")
    items = _r_items(summary, text)
    s_base = {"item_id": "rs_1", "output_index": 0, "summary_index": 0}
    m_base = {"item_id": "msg_1", "output_index": 1, "content_index": 0}
    events = [
        R_CREATED,
        {"type": "response.output_item.added", "sequence_number": 1, "output_index": 0,
         "item": {"type": "reasoning", "id": "rs_1", "summary": []}},
        {"type": "response.reasoning_summary_part.added", "sequence_number": 2, **s_base,
         "part": {"type": "summary_text", "text": ""}},
        {"type": "response.reasoning_summary_text.delta", "sequence_number": 3, **s_base, "delta": summary},
        {"type": "response.reasoning_summary_text.done", "sequence_number": 4, **s_base, "text": summary},
        {"type": "response.reasoning_summary_part.done", "sequence_number": 5, **s_base,
         "part": {"type": "summary_text", "text": summary}},
        {"type": "response.output_item.done", "sequence_number": 6, "output_index": 0, "item": items[0]},
        {"type": "response.output_item.added", "sequence_number": 7, "output_index": 1,
         "item": {**items[1], "status": "in_progress", "content": []}},
        {"type": "response.content_part.added", "sequence_number": 8, **m_base,
         "part": {"type": "output_text", "text": "", "annotations": []}},
        {"type": "response.output_text.delta", "sequence_number": 9, **m_base, "delta": text[:9], "logprobs": []},
        {"type": "response.output_text.delta", "sequence_number": 10, **m_base, "delta": text[9:], "logprobs": []},
        {"type": "response.output_text.done", "sequence_number": 11, **m_base, "text": text, "logprobs": []},
        {"type": "response.content_part.done", "sequence_number": 12, **m_base,
         "part": {"type": "output_text", "text": text, "annotations": []}},
        {"type": "response.output_item.done", "sequence_number": 13, "output_index": 1, "item": items[1]},
        {"type": "response.completed", "sequence_number": 14, "response": {
            **R_CREATED["response"], "status": "completed", "output": items,
            "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}},
    ]
    mock.script(raw_sse=sse(*events, named=True))
    with _oai(joined).responses.stream(model="gpt-4o-mini", input="hi") as s:
        got = [e.model_dump(mode="json") for e in s]
        final = s.get_final_response()
    _absent(json.dumps(got) + final.model_dump_json(), *halves)
    deltas = "".join(e["delta"] for e in got if e["type"] == "response.output_text.delta")
    summary_deltas = "".join(e["delta"] for e in got if e["type"] == "response.reasoning_summary_text.delta")
    assert deltas.startswith("<EMAIL_ADDRESS_") and deltas.endswith(" now. Done.")
    assert summary_deltas.startswith("Noting the address <EMAIL_ADDRESS_")
    # the whole texts repeated by the `.done` events and the final response are what was streamed
    assert [e["text"] for e in got if e["type"] == "response.output_text.done"] == [deltas]
    assert [e["text"] for e in got if e["type"] == "response.reasoning_summary_text.done"] == [summary_deltas]
    assert final.output_text == deltas

    # the same answer, not streamed
    mock.script(raw_body=json.dumps({**R_CREATED["response"], "status": "completed", "output": items,
                                     "usage": {"input_tokens": 1, "output_tokens": 1, "total_tokens": 2}}))
    answer = _oai(joined).responses.create(model="gpt-4o-mini", input="hi")
    _absent(answer.model_dump_json(), *halves)
    assert answer.output_text.startswith("<EMAIL_ADDRESS_")
