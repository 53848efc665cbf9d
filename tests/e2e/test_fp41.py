"""fp41 end to end through the official openai and anthropic SDKs, under the shipped default policy (issue 12's
false positives): science terms through a list of techniques, a country before its city, `Spett.le Ditta`, `Café
Crème`, a heading's noun, regions in a place's frame, firms before a plural verb, eponyms' heads, characters beside
their work and an AWS host name on a network base reach the provider as sent and come back as written, whole and
streamed; real people in the same frames reach it redacted and come back restored. Values other than the unit
tests'."""

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


KEPT = ("Raman or infrared spectroscopy? Brillouin and Raman scattering differ.\n"
        "Uganda: Kampala\nSpett.le Ditta, vi scriviamo per il preventivo. Un Café Crème, grazie.\n"
        "Numbers by region:\n"
        "Gales battered Brittany; we toured Brittany and Normandy. Russell Hobbs are cheaper than most.\n"
        "Is the Otto cycle with Brownian dynamics silly? Mohr's circle shows the stress.\n"
        "Simba and Nala sing in The Lion King; Diana Prince is Wonder Woman.\n"
        "Node ip-192-168-0-0.ec2.internal is the subnet base.")
PEOPLE = "Dr. Raman said Brittany Moreau will meet Anna Kowalski; John Hobbs agreed."
NAMES = ["Raman", "Brittany Moreau", "Anna Kowalski", "John Hobbs"]


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
