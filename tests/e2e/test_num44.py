"""num44 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk43's
number probes): measurements with a unit beside or between their groups, a list written with a comma and a blank,
`wc`'s counts, a version compared with another and a question word after `<number> ms.` reach the provider as sent
and come back as written, whole and streamed; an echo of the request (with the placeholder of a real value beside
the readings) comes back restored and otherwise as written; a phone number beside them reaches the provider
redacted. Held-out values (not the probes')."""

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


KEPT = ("Tank readings: 523 417 1866 litres, 387 311 1967 litres. Trend?\n"
        "Wingspans: 231 cm 247 cm 1190 cm.\n"
        "Prices 356, 729, 8140 yen. Sum?\n"
        "wc output: 614 372 8810 notes.txt\n"
        "Version 3.12.100.4 vs 3.12.99.17: which is newer?\n"
        "The lookup took 1,450 ms. How do I speed it up? Mean is 31 ms. Why the spread?")
PHONE = "Call Omar at 415 823 6617 about the tanks."


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_numbers_reach_the_provider_as_sent(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_numbers_answered_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_an_echo_agrees_with_the_request(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, PHONE + "\n" + KEPT)
    sent = user_text(mock)
    assert "415 823 6617" not in sent and sent.endswith("\n" + KEPT), sent
    whole, streamed = answers(guarded, mock, "You said: " + sent, route, PHONE + "\n" + KEPT)
    assert whole == streamed == "You said: " + PHONE + "\n" + KEPT
