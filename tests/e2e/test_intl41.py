"""intl41 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk41 F04,
F08): local mobiles after the phone word of Bengali, Tamil, Telugu, Kannada, Malayalam, Gujarati, Punjabi, Odia,
Sinhala, Burmese, Mongolian and Dhivehi (native digits too), and a French or Belgian mobile after `Port.`, reach the
provider redacted, and the model's own such numbers reach the client redacted, whole and streamed; prices and years
after the same words and network ports after `Port` go as sent. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("ফোন: 01711223344\nமொபைல்: 9840098765\nఫోన్ నంబర్: 9000012345\nಫೋನ್: 9886012345\nഫോൺ: 9846012345\n"
           "ફોન: ૯૮૨૫૦૧૨૩૪૫\nਫ਼ੋਨ: 9876012345\nଫୋନ: 9438012345\nෆෝන්: 0772345678\nဖုန်း 09 420 123 456\n"
           "Утас: 9912 3456\nފޯނު: 778 2345\nPort. : 06 11 22 33 44\nGSM/Port : +32 471 22 33 44\nSummarize.")
SECRETS = ["01711223344", "9840098765", "9000012345", "9886012345", "9846012345", "૯૮૨૫૦૧૨૩૪૫", "9876012345",
           "9438012345", "0772345678", "09 420 123 456", "9912 3456", "778 2345", "06 11 22 33 44", "+32 471 22 33 44"]
KEPT = ("ফোনের দাম 28000 টাকা, ২০২৪ সালে কেনা।\nகைபேசி விற்பனை 2023 இல் 41000000.\nෆෝන් 2021 දී රුපියල් 72000.\n"
        "Утас 2024 онд 890000 төгрөг.\nPort: 8080\nport 443\nPort : 5432\nWhy?")


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
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Contacts:\nফোন: ০১৮১৭৬৫৪৩২১\nதொலைபேசி: 9443098765\nජංගම: 0718765432\nГар утас: 9511 2233\n"
          "Claire Fontaine\nPort. : 07 66 55 44 33\nDone.")
ANSWER_SECRETS = ["০১৮১৭৬৫৪৩২১", "9443098765", "0718765432", "9511 2233", "07 66 55 44 33"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, ANSWER, route)
    for got in (whole, streamed):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == KEPT and streamed == KEPT
