"""fp42 end to end through the official openai and anthropic SDKs, under the shipped default policy (issue 12's
false positives): court cases after a legal frame, brands and drinks named after people, eponymous anatomy and
ML/finance/science terms, a title before its year, places with a traveller's predicate and four-part versions
after `AssemblyVersion` reach the provider as sent and come back as written, whole and streamed; real people with
the same names reach it redacted and come back restored. Held-out values."""

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


KEPT = ("Which agency rules fell after Loper Bright, and what did the Court hold in Dobbs?\n"
        "Add a splash of Grand Marnier, then serve with Jasmine Pearl tea.\n"
        "Explain filtration in the Bowman capsule and why the Lorenz attractor is chaotic.\n"
        "Random Forest or Bollinger Bands: which needs more tuning on price data?\n"
        "Roma (2018) won the Golden Lion in Venice.\n"
        "Modena is lovely in May.\n"
        "Set AssemblyVersion 5.0.0.0 in the csproj.")
PEOPLE = "Mr. Bowman called about the contract; Pearl Jenkins emailed Dr. Lorenz and Jasmine Chen."
NAMES = ["Bowman", "Pearl Jenkins", "Lorenz", "Jasmine Chen"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_terms_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_people_with_the_same_names_redacted_and_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PEOPLE)
    sent = user_text(mock)
    assert [n for n in NAMES if n in sent] == [], sent
    assert "called about the contract" in sent
    whole, streamed = answers(guarded, mock, "Noted: " + sent, route, PEOPLE)
    assert whole == streamed == "Noted: " + PEOPLE


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_terms_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
