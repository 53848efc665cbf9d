"""contact22 end to end through the official SDKs (atk22b M1, L1, L2; atk22a L1): a mail's display names and an
invite's CN= reach the provider redacted whole, an address written as its octets under an IP key redacted; laws named
after people, a Finnish noun and a DevOps tool as sent."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_display_names_and_octets(guarded: Proxy, mock: Mock) -> None:
    text = ('From: "White, Bill" <bill@acme.io>\nTo: "Grace Hall" <grace@acme.io>\n'
            'ORGANIZER;CN="Nguyen, Thi Lan":mailto:lan@acme.io\nFrom: "Acme Support" <support@acme.io>\n'
            "Please forward the invoice to Grace Hall.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": text},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": json.dumps({"client_ip": [203, 0, 113, 54]})}])
    messages = mock.state.requests[-1].body["messages"]
    sent, tool = messages[0]["content"], messages[2]["content"]
    assert not any(re.search(rf"\b{w}\b", sent) for w in ("White", "Bill", "Grace", "Hall", "Nguyen", "Lan")), sent
    assert 'From: "Acme Support" <' in sent and 'CN="<PERSON_' in sent, sent
    assert "203" not in tool and "<IP_ADDRESS_" in tool, tool


def test_anthropic_laws_finnish_and_tools_as_sent(guarded: Proxy, mock: Mock) -> None:
    content = ("The company must comply with the Sarbanes-Oxley Act and the Hatch Act.\n"
               "Police read him his Miranda rights.\n"
               "Palvelin käynnistyy uudelleen joka yö kello kaksi.\n"
               "Argo Rollouts paused the canary at 20 percent.")
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": content}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert sent == content, sent
