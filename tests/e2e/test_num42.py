"""num42 end to end through the official openai and anthropic SDKs, under the shipped default policy: a French mobile
after `Port :` (portable, `07` ranges `phonenumbers` does not know yet too) reaches the provider redacted, and the
model's own such numbers reach the client redacted, whole and streamed; customs tariff codes, part and article
numbers after their word, barcodes and the product names before them go as sent both ways, and phone numbers after a
phone word stay redacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Hélène Garnier\nAcheteuse\nPort : 07 21 43 65 87\nTél. : 01 44 55 66 77\n\nVoir aussi Port: 07 98 76 54 32"
           " et Port. : +33 7 11 22 33 44.\nAutre : tel. 0451 103 335, call 06 23 45 67 89\nRésume.")
SECRETS = ["07 21 43 65 87", "07 98 76 54 32", "+33 7 11 22 33 44", "0451 103 335", "06 23 45 67 89"]
KEPT = ("Customs entry:\nHS code 8471.30.0100 (laptops), tariff 9804.00.00, HTS 6109.10.0012, commodity code "
        "0901.21.00; we pay import duty on 8517.62.0090 too.\nParts: P/N 0986-452-041, Art.-Nr. 4006-381-333, "
        "part no. 0451-103-335, SKU 0451 103 335, Model 0451-103-316.\nBarcodes: EAN 4006381333931, "
        "GTIN 00012345678905, UPC 036000291452.\nJasmine Green Tea 4006381333931\nServer: Port: 8080, port : 5432, "
        "Port 443.\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert sent.count("<PHONE_NUMBER_") >= len(SECRETS), sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    sent = user_text(mock)
    assert not [s for s in SECRETS if s in sent], sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": KEPT}])
    assert user_text(mock) == KEPT


# (`Art.-Nr.`, `part no.`: a stream's window cuts after their `.`, so an answer's part numbers are shown without them)
KEPT_ANSWER = KEPT.replace("Art.-Nr. 4006-381-333, part no. 0451-103-335, ", "")
ANSWER = "Signature :\nClaire Fontaine\nPort : 07 31 52 64 80\nPort: +33 7 40 51 62 73\nDone."
ANSWER_SECRETS = ["07 31 52 64 80", "+33 7 40 51 62 73"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    for got in (whole, streamed):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got
    whole, streamed = answers(guarded, mock, KEPT_ANSWER, route)
    assert whole == KEPT_ANSWER and streamed == KEPT_ANSWER
