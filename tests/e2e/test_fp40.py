"""fp40 end to end through the official openai and anthropic SDKs, under the shipped default policy (issue 12's false
positives): product names with a model word (`Lamp Max`), newspapers, a town before its state, cities in a storm's
sentence, fictional characters and a search query for a book reach the provider as sent; real people in the same
frames reach it redacted and come back restored, whole and streamed. Held-out values."""

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


KEPT = ("Write a product page for the Kettle Max and the Kettle Mini, and compare the Toaster Plus.\n"
        "Summarise what the Boston Globe wrote after Hurricane Harvey flooded Houston.\n"
        "Lincoln, Nebraska and Madison, WI both host fairs.\n"
        "GET /search?q=Hermione+Granger+quotes\n"
        "Review: Atticus Finch is the moral centre of the novel.")
PEOPLE = "Houston Smith and Harvey Specter met Storm Reid; ask Jackson Miller about the Kettle Max order."
NAMES = ["Houston Smith", "Specter", "Storm Reid", "Jackson Miller"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_in_the_same_frames_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    assert "the Kettle Max order" in sent
    # the model's answer repeats the placeholders: the client gets the names back, whole and streamed
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
