"""brand42 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk42
FP01, FP02, FP06, issue 12's false positives): codenames, game and music-software titles, clubs and lesser-known
brands reach the provider as sent and come back as written, whole and streamed; people with the same words as names
reach it redacted and come back restored."""

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


KEPT = ("Status: Project Aurora is on track; Vega team starts testing; Phoenix (search) is done.\n"
        "Release train Hazel ships on Thursday. Team Rowan will demo.\n"
        "How do I beat the Elden Ring bosses, and is Hollow Knight harder than Celeste?\n"
        "Hertha and Union both play in Berlin; Fiorentina beat Torino.\n"
        "Compare Klarna checkout fees with Adyen; we also want SSO with Okta and a Zalando listing.")
PEOPLE = "Hazel Okafor said Team lead Rowan Price and Luna Reyes met Milan Novak."
NAMES = ["Hazel Okafor", "Rowan Price", "Luna Reyes", "Milan Novak"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_in_the_same_frames_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
