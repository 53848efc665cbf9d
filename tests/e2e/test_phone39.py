"""phone39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39 F02,
F03, F10): numbers dialled with `00` and a one-digit area group, E.164 digits without `+` under `msisdn`/`mobile`/
`phone_number` keys, a SQL `phone` column and an SMS payload's `to`, and German numbers in the older DIN grouping
reach the provider redacted; ids, amounts, times, ISBNs, netmasks and an NPI as sent; the model's own such numbers
reach the client redacted, whole and streamed, on the chat and Messages routes."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Sort these out.\nRappelez-moi au 0033 6 21 43 65 87 svp.\nBel me op 0031 6 55501234.\n"
           '{"msisdn": "447723456789", "status": "DELIVERED"}\n'
           '{"to": "4917398765432", "from": "AcmeBank", "text": "Your code is 551203"}\n'
           "phone_number: 919876543210\n"
           "INSERT INTO customers (id, full_name, phone) VALUES (2, 'Chinwe Okafor', '33698765432');\n"
           "Telefon (0 30) 2 34 56 78\nTel.: (0 6 21) 9 87 65 43")
SECRETS = ["21 43 65 87", "55501234", "447723456789", "4917398765432", "919876543210", "33698765432",
           "2 34 56 78", "9 87 65 43"]
KEPT = ('{"order_id": "447700900123", "amount": 4930123456789, "created": 1733480000}\n'
        "ISBN 978 3 16 148410 0\nnetmask 255 255 255 0\nNPI 1487652390\nPrice: 0049 EUR per unit.\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "PHONE_NUMBER" in sent and "Sort these out." in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    body = received(mock)
    assert not [s for s in SECRETS if s in body], body


ANSWER = ("Her number is 0033 6 21 43 65 87.\n"
          'Delivery report: {"msisdn": "447723456789", "status": "DELIVERED"}\nDone.')
ANSWER_SECRETS = ["21 43 65 87", "447723456789"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answers_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "PHONE_NUMBER" in got and "Done." in got
