"""upper38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37's
upper-case surnames): a bank narration's name in capitals (surname first, given name first), a Dutch name after a
particle, NCPDP `CA=`/`CB=`, action items' surnames, `TODO(login)` and an assignee's login reach the provider
redacted whole; the look-alikes (merchants, acronyms, teams, tags, unassigned) as sent. Held-out values. (The default
policy screens answers for contact values only, no PERSON: the analyzer's answer reading, whole and streamed, is
tests/nlp/test_upper38.py's.)"""

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


REQUEST = ("Categorise these statement lines:\nLastschrift  ZIMMERMANN HANNELORE  SVWZ+Miete Juni\n"
           "VIR SEPA RECU /DE MAXIME BERTRAND /MOTIF loyer\nNaam: R VAN DEN HEUVEL\n")
SECRETS = ["ZIMMERMANN", "HANNELORE", "MAXIME", "BERTRAND", "HEUVEL"]
CODE = ("Review this diff.\n# TODO(okonkwo): drop the shim\nAssignee: jwhitfield\n"
        "Action items: Kowalczyk to send the deck; Adeyemi to review pricing.")
CODE_SECRETS = ["okonkwo", "whitfield", "Kowalczyk", "Adeyemi"]
KEPT = ("KARTENZAHLUNG REWE MARKT  2025-03-01\nVIR SEPA RECU /DE EDF /MOTIF facture\nAWS SUPPORT ticket opened\n"
        "Action items: Platform to upgrade Kafka; Billing to review pricing.\nTODO(perf): cache this\n"
        "Assignee: unassigned\nOwner: platform-team")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Lastschrift  " in sent and "SVWZ+Miete" in sent and "/MOTIF loyer" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": CODE}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in CODE_SECRETS if s in sent], sent
    assert "# TODO(" in sent and "): drop the shim" in sent and "to review pricing." in sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT
