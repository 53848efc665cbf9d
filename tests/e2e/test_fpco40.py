"""fpco40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk40 FP01-FP05,
issue 12's false positives): firms named after people, eponyms, places and events named after people, a schedule's
clock times and ordinary words in their fixed phrases reach the provider as sent and come back as written, whole and
streamed; real people in the same frames reach it redacted and come back restored. Held-out values."""

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


KEPT = ("Linklaters and Latham & Watkins advised on the bond deal.\n"
        "What does Hooke's law say, and when is a Heimlich maneuver needed?\n"
        "Walk over the Golden Gate Bridge, then plan a trip to Ho Chi Minh City.\n"
        "Train times: 0715 0840, 0930 1055; panels are 40 60 80 mm wide.\n"
        "Joy of Cooking says pearl barley is good in soup.")
PEOPLE = "Ted Baker said Joy Smith will meet Grace Park; Dr. Bosch agreed."
NAMES = ["Baker", "Joy Smith", "Grace Park", "Bosch"]


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
