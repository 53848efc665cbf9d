"""word44 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk43):
makers and their models, everyday words, eponyms, tech words, a JVM flag and a list's labels reach the provider as
sent and come back as written, whole and streamed; real people with the same words reach it redacted and come back
restored."""

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


KEPT = ("Renault Clio or Opel Corsa for a new driver?\n"
        "Use an Allen key to tighten the seat post.\n"
        "Smith machines vs free weights for squats?\n"
        "Sentry or Rollbar for error tracking?\n"
        "Java flags: -Xms2g -Xmx4g. Is Xms equal to Xmx recommended?\n"
        "Pros: Fast, Cheap\nCons: Noisy, Heavy")
PEOPLE = "Clara Kobo said Mr. Allen and Dr. Phillips met Tom Collins on Monday."
NAMES = ["Clara Kobo", "Allen", "Phillips", "Tom Collins"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_words_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
