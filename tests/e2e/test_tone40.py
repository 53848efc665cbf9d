"""tone40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk40 F03,
F06): Yoruba and Igbo names written with combining tone marks reach the provider redacted (no stray mark after the
placeholder), and so does a phone number split over a table's area-code row and number row; the model's own such
numbers reach the client redacted, whole and streamed (the default policy redacts no names in answers); look-alikes
go as sent."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, ask_chat, ask_messages

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Patient Tèmítọ́pẹ́ Adéwálé missed her appointment; Dr. Ngọ̀zị Ọkọnkwọ will follow up.\n"
           "Callback details:\n| field | value |\n|---|---|\n| area code | 415 |\n| number | 386-2947 |\n"
           "Customer Olúwaseun Adébáyọ̀")
SECRETS = ["Tèmítọ́pẹ́", "Adéwálé", "Ngọ̀zị", "Ọkọnkwọ", "386-2947", "Adébáyọ"]
KEPT = ("Ọ̀rọ̀ àgbà kì í bọ́ sílẹ̀ lásán: a proverb.\n| area | 120 |\n| number | 4 |\n"
        "Spoke w/ the vendor about pricing.")


def _no_stray_mark(text: str) -> bool:
    return not any(unicodedata.combining(text[i]) and text[i - 1] == ">" for i in range(1, len(text)))


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_request(guarded: Proxy, mock: Mock, route: str) -> None:
    (ask_chat if route == "chat" else ask_messages)(guarded, REQUEST)
    sent = mock.last_body["messages"][0]["content"]
    sent = sent if isinstance(sent, str) else "".join(b.get("text", "") for b in sent)
    assert not [s for s in SECRETS if s in sent], sent
    assert "| area code | <PHONE_NUMBER_" in sent and _no_stray_mark(sent), sent
    (ask_chat if route == "chat" else ask_messages)(guarded, KEPT)
    kept = mock.last_body["messages"][0]["content"]
    assert (kept if isinstance(kept, str) else "".join(b.get("text", "") for b in kept)) == KEPT


ANSWER = ("I have updated the file for Fẹ̀mi Àyọ̀kúnlé.\n| part | value |\n|---|---|\n| area | 617 |\n"
          "| number | 492-3817 |\nDone.")
ANSWER_SECRETS = ["492-3817"]  # (the default policy redacts no names in answers)


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    for got in (whole, streamed):
        assert not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got and _no_stray_mark(got), got
