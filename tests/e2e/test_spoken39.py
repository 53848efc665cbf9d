"""spoken39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39 F13):
a card read out in digit words or pair words, an IBAN read out as capitals and digit words, and a spoken e-mail
whose local part is joined by `underscore` reach the provider redacted, prose with number words as sent; the model's
own such card numbers and e-mails reach the client redacted, whole and streamed. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Agent: Card number please.\nCaller: Sure, it's five four five four, five four five four, five four five "
           "four, five four five four.\nAgent: And for the refund?\nCaller: my other card is forty-one eleven, "
           "eleven eleven, eleven eleven, eleven eleven.\nAgent: Your IBAN?\nCaller: N L nine one, A B N A, zero "
           "four one seven, one six four three, zero zero.\nAgent: Email?\nCaller: tunde underscore bello at gmail "
           "dot com\nSummarise the call.")
SECRETS = ["five four five four", "eleven eleven", "zero four one seven", "tunde"]
KEPT = ("Forty-four people attended in two thousand twenty four; the score was twenty-one to eighteen and we "
        "tried it four or five times. Don't write under score, write underscore.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_request(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, REQUEST)
    sent = received(mock)
    assert not [s for s in SECRETS if s in sent], sent
    SEND[route](guarded, KEPT)
    assert KEPT in received(mock)


ANSWER = ("The card on file reads forty-one eleven, eleven eleven, eleven eleven, eleven eleven, and the e-mail is "
          "ada underscore nwosu at yahoo dot com. Done.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    for got in (whole, streamed):
        assert "eleven eleven" not in got and "ada" not in got, got
        assert "Done." in got
