"""split26 (atk25 F12 and its minor keys): a phone number split over area-code / subscriber keys, a nested array of a
phone's groups, tax-id keys, an 11-digit `msisdn` in a text that is JSON, octets in a schema's `default` and an
address cut at a dot in `metadata` and schema defaults are redacted in message text (JSON alone and JSON in prose),
tool-call arguments, Anthropic `tool_use.input`, `metadata` and schemas alike; look-alikes go as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.guard.split26 import schema_list, tax_key
from proxy.providers import anthropic, openai
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES

P = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})


def _bare(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": json.dumps(value)}]},
            lambda b: b["messages"][0]["content"])


def _prose(value: Any) -> tuple[str, dict[str, Any], Any]:
    text = "Update my contact: " + json.dumps(value)
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": text}]},
            lambda b: b["messages"][0]["content"])


def _args(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [
        {"role": "user", "content": "Please update the contact."},
        {"role": "assistant", "tool_calls": [{"id": "c", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(value)}}]},
        {"role": "tool", "tool_call_id": "c", "content": "done"}]},
        lambda b: b["messages"][1]["tool_calls"][0]["function"]["arguments"])


def _tool_use(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("messages", {"model": "m", "max_tokens": 5, "messages": [
        {"role": "user", "content": "Please update the contact."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t", "name": "f", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": "done"}]}]},
        lambda b: json.dumps(b["messages"][1]["content"][0]["input"]))


def _metadata(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "metadata": value, "messages": [{"role": "user", "content": "Hello there."}]},
            lambda b: json.dumps(b["metadata"]))


def _chat_tools(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": "Hello there."}], "tools": [
        {"type": "function", "function": {"name": "f", "parameters": {"type": "object", "properties": value}}}]},
        lambda b: json.dumps(b["tools"][0]["function"]["parameters"]["properties"]))


def _response_schema(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("responses", {"model": "m", "input": "Hello there.", "text": {"format": {
        "type": "json_schema", "name": "x", "schema": {"type": "object", "properties": value}}}},
        lambda b: json.dumps(b["text"]["format"]["schema"]["properties"]))


def _input_schema(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("messages", {"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "Hello there."}],
                         "tools": [{"name": "f", "input_schema": {"type": "object", "properties": value}}]},
            lambda b: json.dumps(b["tools"][0]["input_schema"]["properties"]))


async def _sent(guard: Guard, carrier: Any, value: Any) -> str:
    route, body, get = carrier(json.loads(json.dumps(value)))
    await screen_request(guard, P, (anthropic if route == "messages" else openai).request_texts(route, body))
    return str(get(body))


FIELDS = [_bare, _prose, _args, _tool_use, _metadata]
SCHEMAS = [_chat_tools, _response_schema, _input_schema]


def _digits(value: Any) -> list[str]:
    """The parts of a value that must not go up: its numbers of three digits or more (not a country code)."""
    out: list[str] = []

    def walk(v: Any, key: str = "") -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                walk(x, k)
        elif isinstance(v, list):
            for x in v:
                walk(x, key)
        elif isinstance(v, int | str) and not isinstance(v, bool) and "country" not in key.lower() \
                and key.lower() not in ("cc", "dial_code"):
            text = str(v)
            if sum(c.isdigit() for c in text) >= 3:
                out.append(text)
    walk(value)
    return out


# The reproducer's values (F12, the minor keys) and held-out ones (other numbers, other keys, other shapes).
SPLIT_PHONES = [
    {"area_code": 617, "number": 5550143},
    {"countryCode": "+1", "areaCode": "617", "subscriberNumber": "5550143"},
    {"area_code": "617", "local_number": "5550143"},
    {"mobile": [[617, 555, 143]]},
    {"area_code": 415, "number": 5550172},
    {"areaCode": "212", "localNumber": "555-0198"},
    {"country_code": "+1", "area_code": "312", "subscriber_number": "5550164"},
    {"phone_area_code": 718, "phone_number": 5550123},
    {"number": "5550188", "area_code": "646"},
    {"npa": "303", "nxx": "555", "line": "0147"},
    {"cc": 44, "ndc": "20", "sn": "79460018"},
    {"countryCode": 49, "nationalNumber": 3012345678},
    {"contact": {"dial_code": "+1", "areaCode": 206, "number": 5550111}},
    {"home_area_code": "617", "home_number": "5550143"},
    {"cell": [[312, 555, 164]]},
    {"phones": [["415", "555", "0172"]]},
]
KEYED = [
    {"msisdn": "16175550143"}, {"msisdn": 14155550172}, {"whatsapp": 13125550164},
    {"tax_id": "536904399"}, {"tin": "536904399"}, {"tax_id": 387452211}, {"customer_tin": "387-45-2211"},
    {"taxpayerId": "402-71-8823"}, {"TIN": 212458877}, {"tax_id_number": "512347789"},
]


@pytest.mark.parametrize("carrier", FIELDS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", SPLIT_PHONES + KEYED, ids=json.dumps)
async def test_split_and_keyed_values_are_redacted(guard: Guard, carrier: Any, value: Any) -> None:
    after = await _sent(guard, carrier, value)
    leaked = [part for part in _digits(value) if part in after]
    assert not leaked, after
    assert "<PHONE_NUMBER_" in after or "<US_SSN_" in after, after


LOOK_ALIKES = [
    {"area_code": 617, "count": 5550143}, {"area_code": "617"}, {"version": [3, 11, 4, 1]}, {"port": [8080, 8443]},
    {"tax_rate": 0.0725}, {"tin_can": 3}, {"mobile": True}, {"msisdn_count": 12},
    {"area_code": 415, "population": 8450000}, {"areaCode": "212", "zip": "10001", "city": "New York"},
    {"area_code": 312, "order_number": 5550164}, {"tax": 536904399}, {"tax_year": 2024, "tin_count": 4},
    {"country_code": "US", "number": 5550143}, {"country_code": 1, "national_number": 42},
    {"prefix": "555", "line": 12},
    {"npa": 617, "count": 12}, {"shape": [[224, 224, 3]]}, {"mobile": [[1, 2, 3]]}, {"destination": "536904399"},
    {"exchange": "NYSE", "line": "A"}, {"x": "12.5", "y": "3.25"}, {"from": "4.17", "to": "20.1"},
    {"a": "0.5", "b": "1.5"}, {"min": "12.5", "max": "3.25"}, {"a": "1.2.3", "b": "4.5.6"},
]


@pytest.mark.parametrize("carrier", FIELDS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", LOOK_ALIKES, ids=json.dumps)
async def test_look_alikes_go_as_sent(guard: Guard, carrier: Any, value: Any) -> None:
    before = carrier(json.loads(json.dumps(value)))
    assert await _sent(guard, carrier, value) == str(before[2](before[1]))


# ----------------------------------------------------------------------------- an address cut at a dot (README)
@pytest.mark.parametrize("carrier", FIELDS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("value", "parts"), [
    ({"a": "192.168", "b": "10.77"}, ["192.168", "10.77"]),
    ({"part1": "203.0.113", "part2": "54"}, ["203.0.113"]),
    ({"host": {"a": "198.51", "b": "100.23"}}, ["198.51", "100.23"]),
    ({"ip_a": "172.16.", "ip_b": "254.3"}, ["172.16.", "254.3"]),
])
async def test_an_address_cut_at_a_dot_is_redacted(guard: Guard, carrier: Any, value: Any, parts: list[str]) -> None:
    after = await _sent(guard, carrier, value)
    assert not any(f'"{p}"' in after for p in parts), after
    assert "<IP_ADDRESS_" in after, after


# -------------------------------------------------------------------------------------------- schema defaults
@pytest.mark.parametrize("carrier", SCHEMAS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("value", "parts", "entity"), [
    ({"ip": {"type": "array", "default": [192, 168, 10, 77]}}, ["192, 168"], "IP_ADDRESS"),
    ({"client_ip": {"type": "array", "items": {"type": "integer"}, "default": [203, 0, 113, 54]}}, ["203, 0"],
     "IP_ADDRESS"),
    ({"ip_address": {"type": "array", "examples": [[198, 51, 100, 23]]}}, ["198, 51"], "IP_ADDRESS"),
    ({"phone": {"type": "array", "default": [617, 555, 143]}}, ["617, 555"], "PHONE_NUMBER"),
    ({"a": {"type": "string", "default": "192.168"}, "b": {"type": "string", "default": "10.77"}},
     ['"192.168"', '"10.77"'], "IP_ADDRESS"),
])
async def test_values_in_schema_defaults_are_redacted(guard: Guard, carrier: Any, value: Any, parts: list[str],
                                                      entity: str) -> None:
    after = await _sent(guard, carrier, value)
    assert not any(p in after for p in parts), after
    assert f"<{entity}_" in after, after


@pytest.mark.parametrize("carrier", SCHEMAS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [
    {"version": {"type": "array", "default": [3, 11, 4, 1]}}, {"ports": {"type": "array", "default": [8080, 8443]}},
    {"size": {"type": "array", "default": [1920, 1080]}}, {"rgba": {"type": "array", "default": [192, 168, 10, 77]}},
    {"ip": {"type": "array", "default": [192, 168, 10, 77, 5]}}, {"n": {"type": "integer", "default": 3}},
    {"mode": {"type": "string", "enum": ["a", "b"], "default": "a"}},
])
async def test_schema_look_alikes_go_as_sent(guard: Guard, carrier: Any, value: Any) -> None:
    before = carrier(json.loads(json.dumps(value)))
    assert await _sent(guard, carrier, value) == str(before[2](before[1]))


def test_tax_keys() -> None:
    for key in ["tin", "TIN", "itin", "tax_id", "taxId", "taxpayer_id", "customer_tin", "taxIdNumber", "tin_number",
                "tax_identification_number", "federalTaxId"]:
        assert tax_key(key), key
    for key in ["tin_can", "tax_rate", "tax", "ein", "destination", "martin", "tin_count", "tax_year", "pristine",
                "tinnitus"]:
        assert not tax_key(key), key


def test_schema_lists() -> None:
    assert schema_list("field:tools:0:function:parameters:properties:ip:default", [192, 168, 10, 77])
    assert schema_list("p:properties:ip:examples:0", [192, 168, 10, 77])
    assert not schema_list("p:properties:ip:enum", [192, 168, 10, 77])
    assert not schema_list("p:properties:ip:default", [192])
    assert not schema_list("p:properties:ip:default", [1.5, 2])
    assert not schema_list("p:properties:ip:default", list(range(40)))


# ------------------------------------------------------------------------------------- a tax id's label in prose
def _text(value: str) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": value}]},
            lambda b: b["messages"][0]["content"])


@pytest.mark.parametrize(("text", "value"), [
    ("TIN: 387452211", "387452211"), ("My tax ID is 402718823.", "402718823"), ("tax_id=512347789", "512347789"),
    ("Taxpayer ID: 212458877 (on file)", "212458877"), ("TINs: 536904399, 387452211", "387452211"),
    ("| name | Tax ID |\n|---|---|\n| A | 402718823 |", "402718823"),
])
async def test_a_tax_id_after_its_label_is_redacted(guard: Guard, text: str, value: str) -> None:
    after = await _sent(guard, _text, text)
    assert value not in after and "<US_SSN_" in after, after


@pytest.mark.parametrize("text", [
    "a tin of 12 beans", "Tax: 1234.56 USD", "tin can 536", "The tax rate is 0.0725.", "EIN: 12-3456789 is the firm's",
    "| name | Tax |\n|---|---|\n| A | 402718823 |",
])
async def test_tax_look_alikes_in_prose_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, _text, text) == text
