"""place42 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk42 FP04,
issue 12's false positives): cities after other languages' prepositions of place, spans round a city and a
municipality's words, landmarks and columns and routes of cities reach the provider as sent and come back as written,
whole and streamed; real people with the same words reach it redacted and come back restored. Held-out values."""

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


KEPT = ("Die Strecke von Hannover nach Berlin ist gesperrt.\n"
        "Un nuovo negozio di scarpe a Verona, e il volo da Palermo a Roma è cancellato.\n"
        "Miasto Wrocław buduje nową linię tramwajową.\n"
        "Ankara'da yeni bir ofis açıyoruz.\n"
        "Walk from Primrose Hill to Hadrian's Wall? Is Big Sur near Ho Chi Minh City? No.\n"
        "Madrid, 2024-W11, 512, 9120.00\nSevilla, 2024-W11, 210, 4022.50\n"
        "Utrecht-Rotterdam: 38 min by train.")
PEOPLE = "Milan Novak called from Berlin; Dr. Lyon and Austin Moreau wrote to Carmen Salvador."
NAMES = ["Milan Novak", "Lyon", "Austin Moreau", "Carmen Salvador"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_places_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_words_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    assert "called from Berlin" in sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_places_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
