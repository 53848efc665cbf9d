"""fp43 end to end through the official openai and anthropic SDKs, under the shipped default policy (the fresh FP
hunt's leftovers): ledger and cost centres' codes, a weekday's abbreviation before an imperative, medical eponyms in
the possessive, Magna Carta, a chess opening, a tea, a hyphenated region, a Nordic sentence and a counter's word
before a row of numbers reach the provider as sent and come back as written, whole and streamed; people, a phone
number and an SSN that look close reach it redacted and come back restored."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = ("Please book the offsite to GL 6100-200-3400 and cost centre 4410-100-2200.\n"
        "PTO until Wed. Ping me when it's merged.\n"
        "Does Raynaud's get worse with age? My aunt has Lou Gehrig's disease.\n"
        "Magna Carta was sealed at Runnymede in 1215.\n"
        "Should I play the Ruy Lopez as White?\n"
        "Earl Grey Tea is my favourite.\n"
        "Berlin-Brandenburg has a new airport.\n"
        "Jeg bor i Bergen.\n"
        "Counts 652 71 3390")
ANSWER = ("Use GL 6100-200-3400 for travel and cost centre 4410-100-2200 for the venue.\n"
          "Counts 652 71 3390")
PEOPLE = "Dr. Ping Wu called Wed. at 617-555-0143; Ms. Grey sent SSN 652-71-3390."
VALUES = ["Ping Wu", "617-555-0143", "Grey", "652-71-3390"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_fp43_text_reaches_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_and_numbers_that_look_close_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [v for v in VALUES if v in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_codes_and_counts_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    assert whole == streamed == ANSWER
