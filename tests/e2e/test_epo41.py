"""epo41 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk41 FP04,
issue 12's false positives): eponymous scientific, medical, economic and legal terms reach the provider as sent and
come back as written, whole and streamed; people with the same names reach it redacted and come back restored."""

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


KEPT = ("Explain the Frank-Starling mechanism and the TCA (Krebs) cycle.\n"
        "What are Reed-Sternberg cells, and what is Cheyne-Stokes respiration?\n"
        "Explain the Gordon Growth Model and Porter's Five Forces.\n"
        "What is the Miranda warning?")
PEOPLE = "Calvin Brooks called; Dr. Krebs will see Miranda Okafor."
NAMES = ["Calvin", "Brooks", "Krebs", "Miranda", "Okafor"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_eponyms_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_eponyms_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
