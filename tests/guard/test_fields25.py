"""fields25 (atk24a F13): a phone number under a phone key in more words (`contact_number`, `callback`, `telefon`,
`mobile_no`, `Telefonnummer`, `numero_telefono`) is read alike in message text and in tool arguments, Anthropic
tool_use input and metadata (as a string and as a JSON number); keys that name no phone keep their numbers."""

from __future__ import annotations

import json
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.fields25 import phone_key
from proxy.guard.phases import screen_request
from proxy.providers import anthropic, openai
from tests.guard.conftest import PII_IN, policy

P = policy(input=PII_IN)
P_IP = policy(input={"pii": {**PII_IN["pii"], "entities": [*PII_IN["pii"]["entities"], "IP_ADDRESS"]}})


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


def _responses(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("responses", {"model": "m", "input": [
        {"type": "function_call", "call_id": "c", "name": "f", "arguments": json.dumps(value)},
        {"type": "function_call_output", "call_id": "c", "output": "done"}]},
        lambda b: b["input"][0]["arguments"])


async def _sent(guard: Guard, carrier: Any, value: Any, pol: Any = P) -> str:
    route, body, get = carrier(value)
    await screen_request(guard, pol, (anthropic if route == "messages" else openai).request_texts(route, body))
    return str(get(body))


CARRIERS = [_args, _tool_use, _responses]


# Held-out numbers and keys beside the reproducer's (other values, other keys).
@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(("key", "number"), [
    ("contact_number", 6175550143), ("callback", "6175550143"), ("telefon", 4155550172), ("telefono", "2125550198"),
    ("mobile_no", 3125550164), ("Telefonnummer", "4155550172"), ("numero_telefono", 2125550198),
    ("cell_num", "3125550164"), ("emergencyContactNumber", 7185550123),
])
async def test_a_phone_number_under_a_phone_key_is_redacted_in_arguments(guard: Guard, carrier: Any, key: str,
                                                                         number: Any) -> None:
    after = await _sent(guard, carrier, {key: number, "note": "update"})
    assert str(number) not in after, after
    assert "<PHONE_NUMBER_" in after


@pytest.mark.parametrize("carrier", CARRIERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [
    {"order_number": 6175550143}, {"account_no": "4155550172"}, {"port": [8080, 8443]}, {"size": [1920, 1080]},
    {"contact_number": 3}, {"callback": "https://example.com/hook"}, {"version": [3, 11, 4, 1]},
])
async def test_numbers_under_other_keys_go_as_sent(guard: Guard, carrier: Any, value: Any) -> None:
    after = await _sent(guard, carrier, value)
    assert json.loads(after) == value


def test_phone_keys() -> None:
    for key in ["contact_number", "telefon", "mobile_no", "Telefonnummer", "numero_telefono", "callback", "Teléfono",
                "cell_num", "contactNumber", "telefone"]:
        assert phone_key(key), key
    for key in ["order_number", "numero", "number", "contact", "account_no", "house_no", "port", "size", "version",
                "invoice_nr", "mobility_score", "telemetry"]:
        assert not phone_key(key), key


# ------------------------------------------------------------------------------------ F02: IPv4 octets in code
def _text(value: str) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "messages": [{"role": "user", "content": value}]},
            lambda b: b["messages"][0]["content"])


@pytest.mark.parametrize(("text", "octets"), [
    # held-out addresses (the reproducer's is 192.168.10.77)
    ("addr := net.IPv4(203, 0, 113, 54)", "203, 0, 113, 54"),
    ("gw := net.IP{198, 51, 100, 23}", "198, 51, 100, 23"),
    ("a := netip.AddrFrom4([4]byte{172, 16, 254, 3})", "172, 16, 254, 3"),
    ("host = IPv4Address((10, 20, 30, 41))", "10, 20, 30, 41"),
    ("host = ipaddress.IPv4Address(bytes([100, 64, 7, 9]))", "100, 64, 7, 9"),
    ("var ip = new IPAddress(new byte[] { 203, 0, 113, 54 });", "203, 0, 113, 54"),
    ("server:\n  client_ip:\n    - 198\n    - 51\n    - 100\n    - 23\n  port: 8080",
     "198\n    - 51\n    - 100\n    - 23"),
])
async def test_octets_in_code_are_an_ip_address(guard: Guard, text: str, octets: str) -> None:
    after = await _sent(guard, _text, text, P_IP)
    assert octets not in after, after
    assert "<IP_ADDRESS_" in after


@pytest.mark.parametrize("text", [
    "sys.version_info == (3, 11, 4, 1)", "color = rgba(192, 168, 10, 0.5)", "ports:\n  - 8080\n  - 8443",
    "size = (1920, 1080)", "counts:\n  - 192\n  - 168\n  - 10\n  - 77", "ip:\n  - 192\n  - 168\n  - 10\n  - 77\n  - 5",
    "v := net.IPv4len", "version = Version((3, 11, 4, 1))",
])
async def test_look_alikes_of_octets_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, _text, text, P_IP) == text


@pytest.mark.parametrize(("value", "octets"), [
    ({"ip_address": "192 168 10 77"}, "192 168 10 77"), ({"client_ip": "203 0 113 54", "n": 1}, "203 0 113 54"),
])
async def test_an_octet_string_keeps_its_quotes(guard: Guard, value: dict[str, Any], octets: str) -> None:
    after = await _sent(guard, _text, json.dumps(value), P_IP)
    assert octets not in after
    assert set(json.loads(after)) == set(value), after  # still JSON, the same keys


# ------------------------------------------------------------------------ F02: octet arrays under an IP key
def _metadata(value: Any) -> tuple[str, dict[str, Any], Any]:
    return ("chat", {"model": "m", "metadata": value, "messages": [{"role": "user", "content": "Hello there."}]},
            lambda b: json.dumps(b["metadata"]))


@pytest.mark.parametrize("carrier", [*CARRIERS, _metadata], ids=lambda c: c.__name__)
@pytest.mark.parametrize(("value", "octets"), [
    ({"ip": [203, 0, 113, 54]}, ["203", "113", "54"]),
    ({"client_ip": ["198", "51", "100", "23"], "note": "x"}, ["198", "51", "100", "23"]),
    ({"addr": {"ip": [172, 16, 254, 3]}}, ["172", "16", "254"]),
])
async def test_octets_under_an_ip_key_are_redacted_in_fields(guard: Guard, carrier: Any, value: Any,
                                                             octets: list[str]) -> None:
    after = await _sent(guard, carrier, value, P_IP)
    assert not any(o in after for o in octets), after
    assert "<IP_ADDRESS_" in after


@pytest.mark.parametrize("carrier", [*CARRIERS, _metadata], ids=lambda c: c.__name__)
@pytest.mark.parametrize("value", [
    {"version": [3, 11, 4, 1]}, {"rgba": [192, 168, 10, 0.5]}, {"port": [8080, 8443]}, {"size": [1920, 1080]},
    {"counts": [192, 168, 10, 77]}, {"ip": [192, 168, 10, 77, 5]}, {"ip_count": 4},
])
async def test_look_alike_arrays_go_as_sent(guard: Guard, carrier: Any, value: Any) -> None:
    after = await _sent(guard, carrier, value, P_IP)
    assert json.loads(after) == value
