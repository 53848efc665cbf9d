"""place41 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk41 FP01,
FP05, issue 12's false positives): places in travel and geography sentences and teams or events named after their
place reach the provider as sent and come back as written, whole and streamed; real people in the same sentences
reach it redacted and come back restored. Held-out values."""

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


KEPT = ("Plan three days in Puglia: Bari, Monopoli and Ostuni.\n"
        "Recommend restaurants in Trastevere and Monti for a weekend in Rome.\n"
        "Which villages in Alsace are worth a detour: Riquewihr, Eguisheim or Kaysersberg?\n"
        "How were the temples of Karnak decorated, and what do the Oslo Accords say?\n"
        "Why did the Seattle Seahawks and the Tampa Bay Rays draw so few fans?")
PEOPLE = "Luna Okafor is travelling to Modena with Austin Moreau; Dr. Galle will meet Petra Novak there."
NAMES = ["Luna Okafor", "Austin Moreau", "Galle", "Petra Novak"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_places_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_in_the_same_sentences_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    assert "travelling to Modena" in sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_places_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
