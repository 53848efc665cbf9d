"""fields25 end to end through the official openai SDK (atk24a F13, F02): a phone number under `contact_number` and
`telefon` in tool-call arguments, and an address as its four octets under an IP key, reach the provider redacted; a
version array and a port list as sent."""

from __future__ import annotations

import json

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_tool_arguments_phone_keys_and_octets(guarded: Proxy, mock: Mock) -> None:
    args = {"contact_number": 4155550172, "telefon": "2125550198", "addr": {"ip": [198, 51, 100, 23]},
            "version": [3, 11, 4, 1], "port": [8080, 8443]}
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": "Update the contact."},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "update", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "done"}])
    sent = mock.state.requests[-1].body["messages"][1]["tool_calls"][0]["function"]["arguments"]
    got = json.loads(sent)
    assert "4155550172" not in sent and "2125550198" not in sent, sent
    assert "198" not in sent and "<IP_ADDRESS_" in sent and "<PHONE_NUMBER_" in sent, sent
    assert got["version"] == [3, 11, 4, 1] and got["port"] == [8080, 8443], sent
