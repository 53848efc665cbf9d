"""iban44 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk43 F01, F16,
F20, F21): an IBAN in its national print layout reaches the provider redacted whole (and an answer's, under a policy
that screens IBANs on output, reaches the client redacted, whole and streamed); a card, an SSN or a phone number
printed with thousands separators after its label or under a table header, an SSN grouped 4-5 after its label, a US
number after `011-1-`, digit look-alike letters inside a value's digits and an e-mail address with a raised dot reach
the provider redacted and the model's own reach the client redacted, whole and streamed. Amounts, populations, Russian
words beside numbers and product codes reach both as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()
OUT_ENTITIES = "entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]"
assert DEFAULT_POLICY.count(OUT_ENTITIES) == 1
IBAN_POLICY = DEFAULT_POLICY.replace(OUT_ENTITIES, OUT_ENTITIES[:-1] + ", IBAN_CODE]")


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


@pytest.fixture(scope="module")
def iban_out(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": IBAN_POLICY})


IBANS = ("Wire it to FR76 30006 00001 12345678901 89 or IT60 X 05428 11101 000000123456.\n"
         "UK: GB82 WEST 123456 98765432. Spain: ES91 2100 0418 45 0200051332.\n"
         "Brazil: BR15 0000 0000 0000 1093 2840 814 P2. Germany: DE89 370 400 440 532 013 000.")
IBAN_PARTS = ["30006", "12345678901", "05428", "000000123456", "WEST", "98765432", "0418", "0200051332",
              "1093", "2840 814", "370 400", "532 013"]

VALUES = ("Card number: 4,111,111,111,111,111\nAlt card: 4'111'111'111'111'111\nSSN: 536.904.399\n"
          "Phone: 6,175,550,143\n\n| customer | ssn | card |\n|---|---|---|\n"
          "| Dana | 536,904,399 | 4,111,111,111,111,111 |\n\n"
          "ssn 5369 04399, call 011-1-617-555-0143.\nCard Ч111 1111 1111 1111 on file. SSN ƼЗб-90-ЧЗ99. "
          "Call 617-555-01Ч3. Mail jane.doe@example\u2e33com.")
SECRETS = ["4,111,111,111,111,111", "4'111'111'111'111'111", "536.904.399", "6,175,550,143", "536,904,399",
           "5369 04399", "617-555-0143", "Ч111 1111", "ЧЗ99", "01Ч3", "example\u2e33com"]
KEPT = ("Revenue was $2,125,550,199 last year. Population: 478,226,619 (est.).\n"
        "Ч 12 мин до отправления; продам б/у 1999 года. SKU Ч111-22 is out of stock.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_national_ibans_reach_the_provider_redacted(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, IBANS)
    sent = user_text(mock)
    assert [p for p in IBAN_PARTS if p in sent] == [], sent
    assert sent.startswith("Wire it to "), sent


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_national_ibans_answered_redacted(iban_out: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(iban_out, mock, IBANS, route)
    for got in (whole, streamed):
        assert [p for p in IBAN_PARTS if p in got] == [] and got.startswith("Wire it to "), got


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_separated_and_look_alike_values_redacted_both_ways(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT + "\n" + VALUES)
    sent = user_text(mock)
    assert [s for s in SECRETS if s in sent] == [], sent
    assert sent.startswith(KEPT), sent
    whole, streamed = answers(guarded, mock, KEPT + "\n" + VALUES, route)
    for got in (whole, streamed):
        assert [s for s in SECRETS if s in got] == [] and got.startswith(KEPT), got


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_look_alikes_pass_as_written(guarded: Proxy, mock: Mock, route: str) -> None:
    SEND[route](guarded, KEPT)
    assert user_text(mock) == KEPT
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == streamed == KEPT
