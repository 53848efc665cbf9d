"""Names the request side missed (names24, `proxy.nlp.names24`): every item of a mail header's list and never its
label, a full name before a verb of a person's work or after `with`, `Park, Ji-woo`, a compound Chinese surname, a
given name no list holds; and their look-alikes reach the provider as sent, end to end through the official SDK."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def _sent(guarded: Proxy, mock: Mock, text: str) -> str:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    return str(mock.state.requests[-1].body["messages"][0]["content"])


def test_chat_names24_classes_are_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ("Bcc: Anna Schmidt, Will King\ncc: priya, rahul\nBill White started the migration.\n"
            "Meeting with Grace Hall tomorrow.\nThe paper by Park, Ji-woo was cited.\n请联系邝美云\n"
            "Oluwaseun approved the refund.")
    sent = _sent(guarded, mock, text)
    p = r"<PERSON_\d+>"
    assert re.fullmatch(rf"Bcc: {p}, {p}\ncc: {p}, {p}\n{p} started the migration\.\nMeeting with {p} tomorrow\.\n"
                        rf"The paper by {p} was cited\.\n请联系{p}\n{p} approved the refund\.", sent), sent


def test_chat_names24_look_alikes_go_up_as_sent(guarded: Proxy, mock: Mock) -> None:
    text = ("cc: all, team\nTo: Finance Team, Sales\nWill Power started to fade.\nPay with Bill Pay\n"
            "Oh, Re-run the job.\n请上官网查询\nPlease ask Dependabot to rebase.")
    assert _sent(guarded, mock, text) == text
