"""mob46 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk45 F18,
F04, F08): a national mobile number as a bare digit run after an everyday "my mobile is" phrase (`Mon portable
c'est ...`, `Nomor HP saya ...`, `Mit mobilnummer er ...`, `hit me up ...`), a card or a phone number read out as
Dutch, Polish, Turkish, Indonesian, Vietnamese, Swedish, Greek or Finnish digit words, reach the provider redacted
and the client redacted (whole and streamed in 3-character chunks); a name introduced in Thai, Tamil, Amharic or
Khmer, or a listed Thai name inside English prose, reaches the provider redacted. Order numbers, years, counting in
digit words and prose without a name go as written. Values here are not the report's."""

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


# (text, values that must not pass) for phones (F18) and digit words (F04): requests and answers alike
VALUES = [
    ("Mon portable c'est 0698765432, merci.", ["0698765432"]),
    ("Nomor HP saya adalah 082198765432 ya kak", ["082198765432"]),
    ("Mit mobilnummer er 40123456", ["40123456"]),
    ("Puhelinnumeroni on 0451234567", ["0451234567"]),
    ("hit me up 3125550186 lol", ["3125550186"]),
    ("Mijn kaartnummer is vijf een nul vijf een nul vijf een nul vijf een nul vijf een nul nul",
     ["een nul vijf een"]),
    ("Mitt telefonnummer är noll sju noll ett två tre fyra fem sex sju", ["tre fyra fem"]),
    ("Kart numaram beş bir sıfır beş bir sıfır beş bir sıfır beş bir sıfır beş bir sıfır sıfır",
     ["bir sıfır beş bir"]),
]
NAMES = [
    ("ชื่อของฉันคือสุนิสา แก้วมณี", "สุนิสา"),
    ("என் பெயர் அருண் செல்வம்.", "அருண்"),
    ("ስሜ ሙሉጌታ አለሙ ነው።", "ሙሉጌታ"),
    ("ខ្ញុំឈ្មោះ ចាន់ សុភា។", "សុភា"),
    ("Please send the signed copy to วิชัย ศรีสุข tomorrow.", "วิชัย"),
]
KEPT = ("Mon numéro de commande c'est 0612345678. Nomor pesanan saya 081234567890. We tellen: een twee drie vier "
        "vijf zes zeven acht negen. hit me up at 5. วันนี้อากาศดีมาก เราไปเที่ยวทะเลกัน")


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(VALUES)))
def test_values_in_a_request(guarded: Proxy, mock: Mock, api: str, case: int) -> None:
    text, secrets = VALUES[case]
    SEND[api](guarded, text)
    sent = user_text(mock)
    assert not [s for s in secrets if s in sent], sent
    assert "<PHONE_NUMBER_1>" in sent or "<CREDIT_CARD_1>" in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
@pytest.mark.parametrize("case", range(len(VALUES)))
def test_values_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str, case: int) -> None:
    text, secrets = VALUES[case]
    whole, streamed = answers(guarded, mock, "Noted: " + text + " Anything else?", api)
    for got in (whole, streamed):
        assert not [s for s in secrets if s in got], got
        assert got.startswith("Noted: ") and got.endswith("Anything else?"), got


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_introduced_names_in_a_request(guarded: Proxy, mock: Mock, api: str) -> None:
    for text, secret in NAMES:
        SEND[api](guarded, text)
        sent = user_text(mock)
        assert secret not in sent and "<PERSON_1>" in sent, sent


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_look_alikes_go_as_written(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)
