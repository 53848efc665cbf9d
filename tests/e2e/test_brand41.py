"""brand41 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk41
FP03/FP07, issue 12's false positives): works' titles after their kind, in quotes or in a list of works, famous
titles, brands, chains, crude benchmarks, libraries and a word after an error's label reach the provider as sent and
come back as written, whole and streamed; real people in the same frames reach it redacted and come back restored."""

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


KEPT = ("Summarise the opera Tosca, then the novel Middlemarch and the film Amadeus.\n"
        'Recommend films like "Barry Lyndon"; also slow cinema: Stalker, Solaris, Andrei Rublev.\n'
        "Why is Safran a key supplier to Airbus, and why did Kellanova agree to be bought by Mars?\n"
        "Compare the Hilton Honors and Marriott Bonvoy loyalty programmes for business travellers.\n"
        "Should we use Moshi or Gson for JSON on Android? We ship our Serilog logs to Seq.\n"
        "Error: Ledger balance mismatch after replay")
PEOPLE = "The film critic Dana Okafor said Brent Collins will meet Dr. Modena; ask Emma about the novel."
NAMES = ["Dana Okafor", "Brent Collins", "Modena", "Emma"]


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
