"""place44 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk43's
places and events): a town as a sentence's subject with a place's predicate, Turkish spans across a case ending, a
Nordic number word, holidays and festivals and a demonym before a noun reach the provider as sent and come back as
written, whole and streamed; real people with the same words reach it redacted and come back restored."""

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


KEPT = ("Adelaide is known for its wine regions nearby.\n"
        "Kandy has a temple with a famous relic.\n"
        "Antalya'dan Kaş'a otobüs kaç saat?\n"
        "Kars'ta Ani Harabeleri'ne nasıl gidilir?\n"
        "Jeg trenger mat for fem dager.\n"
        "Yom Kippur 2026 starts on which evening? Candlemas crêpes in France: why?\n"
        "Krampus Night in Austria: is it scary for kids?\n"
        "The Roman walls of Chester are 3 km long.")
PEOPLE = "Sofia called about the harbour tour; Dr. Austin and Roman Kowalski wrote to Victoria Okafor."
NAMES = ["Sofia", "Austin", "Roman Kowalski", "Victoria Okafor"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_places_and_holidays_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_words_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    assert "called about the harbour tour" in sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_places_and_holidays_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
