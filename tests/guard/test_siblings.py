"""proxy.guard.joined.sibling_joints: a value split across the values of one JSON object or array (slots of a
request, or one JSON text of an answer, whole or streamed) is found, rewritten value by value with the JSON
still valid, and restored as sent; unrelated values side by side join into nothing."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import JSON, JSON_IN_STRING, json_bare_numbers, json_string_state, json_values, sibling_joints
from proxy.guard.phases import documents, screen_answer, screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, policy

CODENAME = {"patterns": [{"name": "codenames", "regex": r"(?i)\bproject (falcon|osprey)\b", "action": "block"}]}


def test_json_values_in_document_order() -> None:
    text = '{"k": -4111, "s": "a \\"b\\"", "n": [1.5, "x"], "t": true}'
    got = [(text[a:b], kind) for a, b, kind in json_values(text)]
    assert got == [("k", "key"), ("4111", "number"), ("s", "key"), ('a \\"b\\"', "string"), ("n", "key"),
                   ("1.5", "number"), ("x", "string"), ("t", "key")]
    # A fragment that starts inside a string (a later window of a stream).
    assert [(t[a:b], kind) for t in ['ld", "z": 7'] for a, b, kind in json_values(t, inside=True)] == [
        ("ld", "string"), ("z", "key"), ("7", "number")]
    at = text.index("1.5")
    assert json_bare_numbers(text) == [(text.index("-4111"), text.index("-4111") + 5), (at, at + 3)]
    assert json_string_state('{"a": "x\\"', False) and not json_string_state('y", "b": 1', True)


def test_values_are_read_after_a_space_once_alone_and_once_with_their_keys() -> None:
    texts = ["a", "3782", "b", "822463", "c", "10005"]
    readings = {j.text for j in sibling_joints(texts, [[(0, "key"), (1, "number"), (2, "key"), (3, "string"),
                                                         (4, "key"), (5, "number")]])}
    assert "3782 822463 10005" in readings and "a 3782 b 822463 c 10005" in readings
    (joint,) = [j for j in sibling_joints(texts, [[(1, "number"), (3, "string"), (5, "number")]])
                if j.text == "3782 822463 10005"]
    assert joint.project(0, len(joint.text)) == [(1, 0, 4), (3, 0, 6), (5, 0, 5)]
    assert joint.numbers == ((0, 4), (12, 17)) and joint.has_number(3, 6) and not joint.has_number(5, 11)
    # One JSON text: the pieces are the values' characters in it.
    text = '{"a":3782,"b":822463,"c":10005}'
    (joint,) = [j for j in sibling_joints([text], json_texts=[JSON]) if j.text == "3782 822463 10005"]
    assert [text[a:b] for _, a, b in joint.project(0, len(joint.text))] == ["3782", "822463", "10005"]
    assert sibling_joints([text]) == [] and sibling_joints([text], json_texts=[0]) == []


def _chat(args: str) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": args}}]},
        {"role": "tool", "tool_call_id": "c", "content": "ok"}]}


def _as_sent(value: Any) -> Any:
    """What the client gets back for its arguments: each redacted number restored as its digits (a string)."""
    if isinstance(value, dict):
        return {k: _as_sent(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_sent(v) for v in value]
    return str(value) if isinstance(value, int) else value


@pytest.mark.parametrize(("args", "entity", "pieces"), [
    ({"n": 5105, "m": 1051, "o": "0510", "p": 5100}, "CREDIT_CARD", ["5105", "1051", "0510", "5100"]),
    ({"q": [{"v": 3782}, {"v": 822463}, {"v": 10005}]}, "CREDIT_CARD", ["3782", "822463", "10005"]),  # Amex, nested
    ({"area": "212", "exchange": "555", "line": "0187"}, "PHONE_NUMBER", ["212", "555", "0187"]),
    ({"x": "387", "y": "45", "z": "2211"}, "US_SSN", ["387", "45", "2211"]),
])
async def test_a_value_split_across_the_values_of_tool_arguments(guard: Guard, args: dict[str, Any], entity: str,
                                                                 pieces: list[str]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    body = _chat(json.dumps(args))
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact", verdict.records
    sent = body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    flat = json.dumps(json.loads(sent))  # still JSON
    assert f"<{entity}_" in flat
    for piece in pieces:
        assert piece not in flat, (piece, flat)
    # The model echoes the arguments: the client gets its own values back (numbers as their digits).
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": sent}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), verdict)
    assert json.loads(answer["choices"][0]["message"]["content"]) == _as_sent(args)


async def test_anthropic_tool_use_input_numbers(guard: Guard) -> None:
    p = policy(input=PII_IN)
    body = {"model": "m", "max_tokens": 5, "messages": [
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f",
                                           "input": {"a": 3400, "b": 0, "c": 0, "d": 9}}]},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "u", "name": "f",
                                           "input": {"a": 6011, "b": "0009", "c": 9013, "d": 9424}}]}]}
    verdict = await screen_request(guard, p, anthropic.request_texts("messages", body))
    assert verdict.decision == "redact"
    second = body["messages"][1]["content"][0]["input"]
    assert all(str(v).startswith("<CREDIT_CARD_") for v in second.values()), second
    assert body["messages"][0]["content"][0]["input"] == {"a": 3400, "b": 0, "c": 0, "d": 9}  # no card there


@pytest.mark.parametrize("body", [
    _chat(json.dumps({"a": "Project", "b": "OSPREY"})),
    {"model": "m", "messages": [{"role": "user", "content": "hi"}], "metadata": {"project": "osprey"}},
    {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x_words": ["project", "osprey"]},
    {"model": "m", "messages": [{"role": "user", "content": "hi"}], "x_nested": {"p": {"q": "project"}, "r": "osprey"}},
])
async def test_a_codename_across_sibling_values_or_a_key_and_its_value_is_blocked(guard: Guard,
                                                                                  body: dict[str, Any]) -> None:
    verdict = await screen_request(guard, policy(input=CODENAME), openai.request_texts("chat", body))
    assert verdict.decision == "block", verdict.records


@pytest.mark.parametrize("args", [
    {"x": 12, "y": 34, "width": 1920, "height": 1080},
    {"year": 2024, "month": 11, "day": 3, "hour": 17},
    {"page": 2, "per_page": 100, "offset": 200, "total": 4312},
    {"ports": [22, 80, 443, 8080], "host": "db-1"},
    {"a": "project", "b": "plan", "c": "falcon"},  # words apart are no codename
    {"project": "eagle", "falcon": "no"},
    {"lat": 48.8566, "lon": 2.3522, "zoom": 12},  # (-122.4194 alone reads as a phone number: not a join)
    {"ids": [21368, 44622, 27658, 7810], "rgb": [172, 207, 44], "bbox": [62, 839, 3711, 3084]},
    {"sizes": [1024, 2048, 4096, 8192], "unit": "KiB"},
    {"box": [210, 855, 2043, 1449], "ports": [5432, 443, 9090, 8000], "m": [21, 63, 71, 82, 54, 28, 76, 89]},
    {"sizes": [8192, 512, 256, 8192], "ids": [26365, 22236, 74920, 85307], "b": [858, 58, 2302, 1979]},
])
async def test_unrelated_values_side_by_side_join_into_nothing(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input={**PII_IN, **CODENAME})
    body = _chat(json.dumps(args))
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "allow", verdict.records


async def test_whole_answer_arguments_are_rewritten_value_by_value_and_stay_json(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    args = '{"a":5105,"b":1051,"c":"0510","d":5100,"note":"ok"}'
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": args}}]}}]}
    out = await screen_answer(guard, p, openai.response_texts("chat", answer), None)
    assert out.decision == "redact"
    got = json.loads(answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    assert got["note"] == "ok" and all(str(got[k]).startswith("<CREDIT_CARD_") for k in "abcd"), got


async def test_streamed_arguments_are_read_value_by_value(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    windows = guard.output_stream(p)
    out = ""
    for piece in ['{"a":51', '05,"b":1051,', '"c":"0510","d"', ':5100}']:
        out += await windows.feed("fc", piece, in_json=True)
    out += await windows.end("fc")
    got = json.loads(out)
    assert all(str(v).startswith("<CREDIT_CARD_") for v in got.values()), got
    # A window that starts inside a string: the values after it are still read as values.
    windows = guard.output_stream(p)
    long = "word " * 90
    out = await windows.feed("fc", '{"t":"' + long, in_json=True)
    for piece in ['", "a":5105,"b":1051,', '"c":"0510","d":5100}']:
        out += await windows.feed("fc", piece, in_json=True)
    out += await windows.end("fc")
    got = json.loads(out)
    assert got["t"] == long and all(str(got[k]).startswith("<CREDIT_CARD_") for k in "abcd"), got


def test_documents_put_keys_before_their_values() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "metadata": {"k1": "v1", "k2": "v2"},
            "x_nums": [1, 2]}
    slots = openai.request_texts("chat", body)
    got = [[slots[i].get() for i, _ in doc] for doc in documents(slots)]
    assert ["k1", "v1", "k2", "v2"] in got and ["x_nums", "1", "2"] in got


def test_a_number_in_the_place_of_a_string_in_a_json_fragment(guard: Guard) -> None:
    assert json_bare_numbers('x 5555", "b": 4444}', inside=True) == [(14, 18)]
    assert JSON_IN_STRING != JSON


# Dates side by side (attack 12b, F3): `{"from": "2024-06-04", "to": "2025-04-01"}` reads `2024-06-042025-04-01`
# across the two values, Luhn-valid: a date range, never a card, a phone number or an SSN.
DATE_RANGES = [
    {"from": "2024-06-04", "to": "2025-04-01"},
    {"start": "2024/06/04", "end": "2025/04/01"},
    {"from": "06/04/2024", "to": "04/01/2025"},
    {"from": "20240604", "to": "20250401"},
    {"dates": ["2024-06-04", "2025-04-01"]},
]


@pytest.mark.parametrize("args", DATE_RANGES)
async def test_dates_side_by_side_are_no_card(guard: Guard, args: dict[str, Any]) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    verdict = await screen_request(guard, p, openai.request_texts("chat", _chat(json.dumps(args))))
    assert verdict.decision == "allow", verdict.records
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "metadata": args}
    if all(isinstance(v, str) for v in args.values()):  # metadata holds strings
        assert (await screen_request(guard, p, openai.request_texts("chat", body))).decision == "allow"
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "tool_calls": [
        {"id": "t", "type": "function", "function": {"name": "f", "arguments": json.dumps(args)}}]}}]}
    assert (await screen_answer(guard, p, openai.response_texts("chat", answer), None)).decision == "allow"
    # two text blocks of an answer, and two messages
    values = [v for value in args.values() for v in (value if isinstance(value, list) else [value])]
    assert (await guard.output(p, values, None)).decision == "allow"
    assert (await guard.input(p, values, None)).decision == "allow"


async def test_a_card_beside_a_date_is_still_a_card(guard: Guard) -> None:
    p = policy(input=PII_IN)
    args = {"from": "2024-06-04", "card": "4111 1111", "rest": "1111 1111"}
    verdict = await screen_request(guard, p, openai.request_texts("chat", _chat(json.dumps(args))))
    assert verdict.decision == "redact"


# Fields read alone today that are read with the text they go with (`proxy.guard.phases.field_pairs`).
@pytest.mark.parametrize(("route", "body"), [
    ("chat", {"model": "m", "messages": [{"role": "user", "name": "osprey", "content": "about project"}]}),
    ("chat", {"model": "m", "messages": [{"role": "user", "name": "Project", "content": [
        {"type": "text", "text": "osprey"}]}]}),
    ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": [{
        "type": "function", "function": {"name": "f", "description": "about project", "parameters": {
            "type": "object", "properties": {"x": {"type": "string", "description": "osprey"}}}}}]}),
    ("responses", {"model": "m", "input": "hi", "tools": [{"type": "function", "name": "f", "description": "project",
                                                          "parameters": {"type": "object", "properties": {
                                                              "x": {"type": "string", "description": "osprey"}}}}]}),
    ("chat", {"model": "m", "messages": [{"role": "user", "content": "project"}], "metadata": {"a": "osprey"}}),
    # a property's name (atk6 s6 E8: `call project` + the property `falcon` passed)
    ("chat", {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": [{
        "type": "function", "function": {"name": "f", "description": "call project", "parameters": {
            "type": "object", "properties": {"falcon": {"type": "string"}}}}}]}),
    ("responses", {"model": "m", "input": "hi", "tools": [{"type": "function", "name": "f", "description": "project",
                                                          "parameters": {"type": "object", "properties": {
                                                              "id": {"type": "integer"},
                                                              "osprey": {"type": "string"}}}}]}),
])
async def test_a_codename_across_a_field_and_its_text_is_blocked(guard: Guard, route: str,
                                                                 body: dict[str, Any]) -> None:
    verdict = await screen_request(guard, policy(input=CODENAME), openai.request_texts(route, body))
    assert verdict.decision == "block", verdict.records


async def test_anthropic_tool_description_and_metadata(guard: Guard) -> None:
    body = {"model": "c", "max_tokens": 1, "messages": [{"role": "user", "content": "hi"}], "tools": [
        {"name": "f", "description": "project", "input_schema": {"type": "object", "properties": {
            "x": {"type": "string", "description": "osprey"}}}}]}
    verdict = await screen_request(guard, policy(input=CODENAME), anthropic.ADAPTER.request_texts("messages", body))
    assert verdict.decision == "block"
    body = {"model": "c", "max_tokens": 1, "messages": [{"role": "user", "content": "mail jane.roe@exa"}],
            "metadata": {"user_id": "mple.com"}}
    verdict = await screen_request(guard, policy(input=PII_IN, output=PII_OUT),
                                   anthropic.ADAPTER.request_texts("messages", body))
    assert verdict.decision == "redact"
    # (`metadata.user_id` is written in an id's characters: `EMAIL_ADDRESS_2`, `proxy.providers.inventory.ID_TEXT`)
    assert "exa" not in body["messages"][0]["content"]
    assert re.fullmatch(r"EMAIL_ADDRESS_\d", body["metadata"]["user_id"])


async def test_a_phone_across_a_message_and_metadata_is_redacted_in_each_and_restored(guard: Guard) -> None:
    p = policy(input=PII_IN, output=PII_OUT)
    body = {"model": "m", "messages": [{"role": "user", "content": "call 617-555"}], "metadata": {"a": "-0143"}}
    verdict = await screen_request(guard, p, openai.request_texts("chat", body))
    assert verdict.decision == "redact"
    sent = body["messages"][0]["content"] + body["metadata"]["a"]
    assert "617" not in sent and "0143" not in sent, sent
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": sent}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), verdict)
    assert answer["choices"][0]["message"]["content"] == "call 617-555-0143"


@pytest.mark.parametrize("body", [
    {"model": "m", "messages": [{"role": "user", "name": "bob", "content": "room 12"}], "metadata": {"n": "34 seats"}},
    {"model": "m", "messages": [{"role": "user", "name": "alice", "content": "Deploy build 4411 to prod"}],
     "metadata": {"trace": "5521", "env": "staging"}},
    {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "function", "function": {
        "name": "f", "description": "Port to bind, e.g. 8080", "parameters": {"type": "object", "properties": {
            "port": {"type": "integer", "description": "443 or 8443"}}}}}]},
])
async def test_fields_beside_unrelated_texts_join_into_nothing(guard: Guard, body: dict[str, Any]) -> None:
    before = json.dumps(body)
    verdict = await screen_request(guard, policy(input=PII_IN, output=PII_OUT), openai.request_texts("chat", body))
    assert verdict.decision == "allow" and json.dumps(body) == before, verdict.records
