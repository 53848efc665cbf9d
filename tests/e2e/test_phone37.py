"""phone37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F01,
F21, F22): Indian and Chinese mobiles without a country code after everyday cues, bare numbers beside an e-mail
address or a person's name, a bare SSN beside a person and UPI handles reach the provider redacted, ids, Unix times
and builds beside the same words as sent; the model's own such values reach the client redacted, whole and streamed.
Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Please call the customer back on 97411 23456.\nOTP sent to 8123409876\nmissed call from 13698765432\n"
           "g.okonkwo@outlook.com, 7735550163\nOkonkwo (0687654321)\nTeresa Lindqvist / 01751234567 / Finance\n"
           "Teresa Lindqvist, DOB 03/09/1984, 523817460\nUPI ID: 8123409876@ybl, or teresa.l@okicici\nSummarize.")
SECRETS = ["97411 23456", "8123409876", "13698765432", "7735550163", "0687654321", "01751234567", "523817460",
           "teresa.l@okicici"]
KEPT = ("Build 7735550163 passed.\nOrder Number: 8123409876\nexpires_at: 1733472000, call back later\n"
        "Ref (1234567890)\nnpm i @types/node; @ybl is our team handle\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "王丽娟 13698765432\nPay to 8123409876@paytm\ng.okonkwo@outlook.com | 7735550163"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("13698765432", "8123409876", "7735550163") if s in sent], sent


ANSWER = ("Here you go:\nPlease call the customer back on 8123409876.\nTeresa Lindqvist / 7735550163\n"
          "g.okonkwo@outlook.com, 0687654321\nPay to 9741123456@paytm\nDone.")
ANSWER_SECRETS = ["8123409876", "7735550163", "0687654321", "9741123456"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "status?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed
