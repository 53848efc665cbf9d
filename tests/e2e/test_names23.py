"""Full names of two everyday words in record shapes (names23, atk23 M2; `proxy.nlp.fullnames`) are redacted, and
terms read as names before (atk23 FP1-FP3; `proxy.nlp.everyday22`) reach the provider as sent, end to end through
the official SDK."""

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


def test_chat_full_names_in_record_shapes_are_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ('git commit --author="Bill White" -m fix\n{"attendees": ["Hope Young", "Will Long"]}\n'
            "Cc: Anna Kowalczyk, Hope Young\n@author Hope Young\nname: bill white")
    sent = _sent(guarded, mock, text)
    assert re.fullmatch(r'git commit --author="<PERSON_\d>" -m fix\n\{"attendees": \["<PERSON_\d>", "<PERSON_\d>"\]\}\n'
                        r"Cc: <PERSON_\d>, <PERSON_\d>\n@author <PERSON_\d>\nname: <PERSON_\d>", sent), sent


def test_chat_terms_and_german_lines_go_up_as_sent(guarded: Proxy, mock: Mock) -> None:
    text = ("Cherry-pick the fix onto the release branch. We follow the Golden Path templates and Blue Green "
            "deployment.\nDonations go to the Red Cross this year.\nname: Black Friday\n"
            "Unser Drucker im Büro zeigt Fehler E-204 an. Betreff: Gutschrift Nr. 4711.")
    assert _sent(guarded, mock, text) == text
