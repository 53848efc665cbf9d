"""nm40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38/atk39
leftovers): a lone surname after a person's frame, an unlisted name in a query string's value, logins under a login's
key or made of the person's name beside their mailbox, a JSON row's name cells beside a phone and one word in capitals
after a person's label reach the provider redacted; teams, tools, searches of things and service accounts as sent.
(The shipped default policy reads no names in answers: `output.pii.entities` holds contact and payment data only, so
the class is tested on answers in tests/nlp/test_nm40.py.) Held-out values."""

from __future__ import annotations

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


REQUEST = ("Change 8812 approved by Mensah.\n"
           "Bug 4471 escalated to Nwosu for review.\n"
           '10.2.3.4 - - [02/May/2024:11:00:00 +0000] "GET /search?q=Chidubem+Boateng&page=2 HTTP/1.1" 200 91\n'
           "username: boateng_k\n"
           "Employee: Ruslan Bakirov (ruslan.bakirov@corp.example); AD login rbakirov disabled.\n"
           '["Jabłoński","Bartosz","+48 512 345 678"]\n'
           "CUSTOMER: KAHANANUI\n"
           "Explain all of this.")
SECRETS = ["Mensah", "Nwosu", "Chidubem", "Boateng", "boateng_k", "rbakirov", "Jabłoński", "Bartosz", "KAHANANUI"]
KEPT = ("Approved by QA. Reviewed by Legal. cc: Finance\nEscalated to Zendesk.\n"
        "GET /search?q=python+asyncio&page=2\nuser: svc_backup\nlogin: jenkins\n"
        '["Chicago","IL","60601"]\nPATIENT: STABLE\nUse Bold text; Pita bread; the Rose Garden.')


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Explain all of this." in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    text = ("Signed off by Tshabalala.\nlogin=k.mensah\n"
            "/api/v1/lookup?customer=Tsolmon+Batzorig&limit=5\nWhat changed?")
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("Tshabalala", "k.mensah", "Tsolmon", "Batzorig") if s in sent], sent
    assert "What changed?" in sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT
