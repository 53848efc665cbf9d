"""fp39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 FP01-FP04):
landmarks, works, products, storms, stations, Romance articles, reference numbers and version strings reach the
provider as sent, a person and a phone beside them redacted; the model's reference numbers reach the client as
written, whole and streamed, its own phone redacted. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


PLAIN = ("Who sculpted the Venus de Milo? Summarise Antony and Cleopatra, and review the Kindle Oasis.\n"
         "What happened during Hurricane Sandy? Describe the Marilyn Monroe effect.\n"
         "The ICE stops at Berlin Hbf. Rents are high in central Paris.\n"
         "Scrivi un'email per una cliente.\n"
         "Transaction 5521-3390-17 failed. The budget line 7100-450-3321 covers travel. We run Python 3.11.4.1.")
NAMED = ("Ask Mona Lisa Whitfield about the Taj Mahal trip; Transaction 5521-3390-17 failed, call me on "
         "617-555-0143.")
SECRETS = ["Whitfield", "617-555-0143"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_request(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PLAIN)
    assert mock.last_body["messages"][0]["content"] == PLAIN
    SEND[route](guarded, NAMED)
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
    assert "Transaction 5521-3390-17 failed" in sent and "the Taj Mahal trip" in sent, sent


ANSWER = ("Transaction 5521-3390-17 was posted to budget line 7100-450-3321 (cost center 4410-300-2291). "
          "Our desk is on 617-555-0143. Done.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route):
        assert "617-555-0143" not in got, got
        assert got.startswith("Transaction 5521-3390-17 was posted to budget line 7100-450-3321 (cost center "
                              "4410-300-2291)."), got
        assert got.endswith("Done."), got
