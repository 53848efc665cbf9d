"""split26 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk25 F12
and its minor keys): a phone number split over area-code / subscriber fields in message text and tool-call
arguments, an `msisdn` with its country code, a `tin`, octets in a tool schema's and a Responses schema's `default`,
and the README's address cut at a dot in `metadata`, reach the provider redacted; look-alikes go as sent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def test_chat_message_text_and_tool_arguments(guarded: Proxy, mock: Mock) -> None:
    text = ('Update my contact: {"countryCode": "+1", "areaCode": "415", "subscriberNumber": "5550172"} and '
            '{"mobile": [[312, 555, 164]]}; keep {"area_code": 617, "count": 5550143} and {"version": [3, 11, 4, 1]}')
    args = {"area_code": 212, "number": 5550198, "msisdn": "17185550123", "tin": "387452211",
            "tin_can": 3, "tax_rate": 0.0725, "port": [8080, 8443]}
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": text},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "update", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    body = mock.state.requests[-1].body
    content, sent = body["messages"][0]["content"], body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    assert "5550172" not in content and "415" not in content and "312, 555, 164" not in content, content
    assert '{"area_code": 617, "count": 5550143}' in content and '{"version": [3, 11, 4, 1]}' in content, content
    got = json.loads(sent)
    for value in ("5550198", "212", "7185550123", "387452211"):
        assert value not in sent, sent
    assert got["tin_can"] == 3 and got["tax_rate"] == 0.0725 and got["port"] == [8080, 8443], sent


def test_schema_defaults_and_metadata(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Hello there."}],
        metadata={"a": "198.51", "b": "100.23", "ticket": "open"},
        tools=[{"type": "function", "function": {"name": "connect", "parameters": {"type": "object", "properties": {
            "ip": {"type": "array", "items": {"type": "integer"}, "default": [203, 0, 113, 54]},
            "version": {"type": "array", "default": [3, 11, 4, 1]}}}}}])
    body = mock.state.requests[-1].body
    props = body["tools"][0]["function"]["parameters"]["properties"]
    assert not any(v in (203, 113, 54, "203", "113", "54") for v in props["ip"]["default"]), props
    assert all(str(v).startswith("<IP_ADDRESS_") for v in props["ip"]["default"]), props
    assert props["version"]["default"] == [3, 11, 4, 1], props
    assert body["metadata"]["a"] != "198.51" and body["metadata"]["b"] != "100.23", body["metadata"]
    assert body["metadata"]["ticket"] == "open"

    oai(guarded).responses.create(model="gpt-4o-mini", input="Hello there.", text={"format": {
        "type": "json_schema", "name": "conn", "schema": {"type": "object", "properties": {
            "client_ip": {"type": "array", "default": [172, 16, 254, 3]},
            "ports": {"type": "array", "default": [8080, 8443]}}}}})
    schema = mock.state.requests[-1].body["text"]["format"]["schema"]["properties"]
    assert "172" not in json.dumps(schema["client_ip"]) and "<IP_ADDRESS_" in json.dumps(schema), schema
    assert schema["ports"]["default"] == [8080, 8443], schema


def test_anthropic_tool_use_input(guarded: Proxy, mock: Mock) -> None:
    value = {"cc": 44, "ndc": "20", "sn": "79460018", "tax_id": "402718823", "msisdn_count": 12}
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "Update the contact."},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "update", "input": value}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "done"}]}])
    sent = mock.state.requests[-1].body["messages"][1]["content"][0]["input"]
    assert "79460018" not in json.dumps(sent) and "402718823" not in json.dumps(sent), sent
    assert sent["msisdn_count"] == 12 and sent["cc"] == 44, sent
