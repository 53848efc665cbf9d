"""fields22: one typed value split over sibling keys of one object (`{"ssn": "536", "rest": "904399"}`) is read as
one value and each part redacted (`proxy.guard.splitkeys`), in tool-call arguments, a tool input, a JSON tool
result and an answer's tool call; ids, quantities and prices beside a typed key stay as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.joined import JSON
from proxy.guard.phases import screen_answer, screen_request
from proxy.guard.splitkeys import split_readings
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, PII_OUT, policy

IN = {"pii": {**PII_IN["pii"], "entities": [*PII_IN["pii"]["entities"], "IBAN_CODE"]}}


def _args(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]}


def _result(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "c", "content": json.dumps(args)}]}


def _tool_use(value: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Please update the record."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]}


SPLIT = [
    ({"ssn": "536", "rest": "904399"}, ["536", "904399"], "US_SSN"),
    ({"ssn": 536, "rest": 904399}, ["536", "904399"], "US_SSN"),
    ({"ssn_first": "536", "ssn_last": "904399"}, ["536", "904399"], "US_SSN"),
    ({"first": "5369", "ssn": "04399"}, ["5369", "04399"], "US_SSN"),
    ({"customer": {"ssn": "53690", "part2": "4399"}, "qty": 3}, ["53690", "4399"], "US_SSN"),
    ({"ssn": "53", "b": "69043", "c": "99"}, ["53", "69043", "99"], "US_SSN"),
    ({"phone": 6175, "rest": 550143}, ["6175", "550143"], "PHONE_NUMBER"),
    ({"card": "41111111", "card_rest": "11111111"}, ["41111111", "11111111"], "CREDIT_CARD"),
]


@pytest.mark.parametrize(("value", "parts", "entity"), SPLIT)
async def test_a_value_split_over_sibling_keys_is_redacted_part_by_part(guard: Guard, value: dict[str, Any],
                                                                         parts: list[str], entity: str) -> None:
    p = policy(input=IN)
    for route, body, adapter, sent in [
            ("chat", _args(value), openai, lambda b: b["messages"][1]["tool_calls"][0]["function"]["arguments"]),
            ("chat", _result(value), openai, lambda b: b["messages"][2]["content"]),
            ("messages", _tool_use(json.loads(json.dumps(value))), anthropic,
             lambda b: json.dumps(b["messages"][1]["content"][0]["input"]))]:
        verdict = await screen_request(guard, p, adapter.request_texts(route, body))
        text = sent(body)
        assert verdict.decision == "redact", (route, value)
        assert not any(f'"{part}"' in text or f": {part}" in text or f":{part}" in text for part in parts), text
        assert text.count(f"<{entity}_") == len(parts), text
        assert body["messages"][0]["content"] == "Please update the record."


@pytest.mark.parametrize("value", [
    {"id": "536", "qty": "904399"},                    # no key names a type
    {"ssn_last4": "4399", "order": "53690"},           # a key that names something else
    {"phone": "617", "qty": "555"},                    # too short for the type
    {"ssn": "536", "rest": "904399", "extra": "1"},    # ...the joined digits must be the type whole: kept 9
    {"card_last4": "1111", "sku": "411111111111"},     # a card's part beside an id
    {"ssn": "000", "rest": "904399"},                  # no valid SSN (area 000)
    {"sku": "4111", "price": "1999", "qty": "2"},
])
async def test_ids_quantities_and_prices_beside_a_typed_key_are_not_joined(guard: Guard,
                                                                           value: dict[str, Any]) -> None:
    body = _args(value)
    await screen_request(guard, policy(input=IN), openai.request_texts("chat", body))
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    if "extra" in value:  # the SSN is read, the other value stays
        assert sent["extra"] == "1" and sent["ssn"].startswith("<US_SSN_"), sent
    else:
        assert sent == value


def test_the_readings_of_a_split_value() -> None:
    texts = ["ssn", "536", "rest", "904399"]
    doc = [(0, "key"), (1, "string"), (2, "key"), (3, "string")]
    (k,) = split_readings(texts, [doc], None, frozenset({"US_SSN"}))
    assert (k.entity, k.text, k.pieces) == ("US_SSN", "ssn: 536-90-4399", ((1, 0, 3), (3, 0, 6)))
    assert split_readings(texts, [doc], None, frozenset({"PHONE_NUMBER"})) == []
    raw = '{"iban": "DE8937040044", "rest": "0532013000", "n": 2}'
    (k,) = split_readings([raw], [], [JSON], frozenset({"IBAN_CODE"}))
    assert k.text == "iban: DE89370400440532013000"
    assert [raw[a:b] for _, a, b in k.pieces] == ["DE8937040044", "0532013000"]
    # A key between that names something else ends the value.
    assert split_readings(['{"ssn": "536", "order": "90", "rest": "4399"}'], [], [JSON], frozenset({"US_SSN"})) == []


async def test_a_value_split_over_sibling_keys_in_an_answers_tool_call(guard: Guard) -> None:
    p = policy(output=PII_OUT)
    value = {"ssn": "536", "rest": "904399"}
    answer = {"choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [
        {"id": "c", "type": "function", "function": {"name": "f", "arguments": json.dumps(value)}}]}}]}
    await screen_answer(guard, p, openai.response_texts("chat", answer), None)
    arguments = answer["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert "536" not in arguments and "904399" not in arguments, arguments


# A JSON document over content parts or messages, its values split over keys too (fields22 #2).
ACROSS = [
    (['{"ssn": "536", ', '"rest": "904399"}'], ["536", "904399"]),
    (['{"ssn": "536", "re', 'st": "904399"}'], ["536", "904399"]),           # a key cut too
    (['{"ssn": "536",', ' "rest": "90', '4399"}'], ["536", "90", "4399"]),   # a value cut too
    (['Here is the record: {"ssn": "536", ', '"rest": "904399"} thanks'], ["536", "904399"]),
    (['{"phone": ', "6175550143}"], ["6175550143"]),
    (['{"a": "617", ', '"b": "555", "c": "0143"}'], ["617", "555", "0143"]),
    (['{"phone": "6175", ', '"rest": "550143"}'], ["6175", "550143"]),
]


def _parts(texts: list[str]) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": [{"type": "text", "text": t} for t in texts]}]}


def _messages(texts: list[str]) -> dict[str, Any]:
    return {"model": "m", "messages": [{"role": "user", "content": t} for t in texts]}


def _texts(body: dict[str, Any]) -> list[str]:
    return [c["text"] for m in body["messages"] for c in m["content"]] \
        if isinstance(body["messages"][0]["content"], list) else [m["content"] for m in body["messages"]]


@pytest.mark.parametrize(("texts", "values"), ACROSS)
@pytest.mark.parametrize("make", [_parts, _messages])
async def test_a_json_document_over_parts_or_messages_is_read_joined(guard: Guard, texts: list[str],
                                                                     values: list[str], make: Any) -> None:
    body = make(texts)
    verdict = await screen_request(guard, policy(input=IN), openai.request_texts("chat", body))
    sent = _texts(body)
    assert verdict.decision == "redact", sent
    joined = "".join(sent)
    assert not any(v in joined for v in values), sent
    assert len(sent) == len(texts) and all("<" in t or not any(c.isdigit() for c in o) for t, o in
                                           zip(sent, texts, strict=True)), sent
    if texts[0].startswith("Here"):
        assert sent[0].startswith("Here is the record: ") and sent[1].endswith("} thanks")


@pytest.mark.parametrize("texts", [
    ['{"id": "536", ', '"qty": "904399"}'],
    ['Set {"port": 8080, ', '"retries": 3, "timeout_ms": 5550143} now'],
    ['{"order": "536", "ssn_checked": true, ', '"rest": "904399"}'],
    ['Use {"sku": "4111", "price": "1999"} and ', '{"qty": 2}'],
])
async def test_pii_free_json_over_parts_goes_as_sent(guard: Guard, texts: list[str]) -> None:
    for make in (_parts, _messages):
        body = make(texts)
        await screen_request(guard, policy(input=IN), openai.request_texts("chat", body))
        assert _texts(body) == texts


def test_the_pieces_of_a_document_over_texts() -> None:
    from proxy.guard.splitkeys import split_across

    texts = ["intro", '{"ssn": "536", "re', 'st": "90', '4399"}']
    (k,) = [k for k in split_across(texts, [True] * 4, None, frozenset({"US_SSN"})) if k.pieces]
    assert (k.entity, k.text) == ("US_SSN", "ssn: 536-90-4399")
    assert [texts[i][a:b] for i, a, b in k.pieces] == ["536", "90", "4399"]
    assert not any(k.pieces for k in split_across(texts, [True, True, False, True], None,
                                                  frozenset({"US_SSN"})))  # the third text read alone
    assert split_across(['{"ssn": "536", "rest": "904399"}'], [True], None, frozenset({"US_SSN"})) == []  # whole
