"""caps31 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk30 F17,
F20-F22, FP8): a bank export's transfer payees and the Zelle payee's phone, a 1099's recipient, an all-caps request,
a boarding pass's name field and a speaker label in capitals reach the provider redacted; the model's own phones and
SSNs in the same shapes reach the client redacted, whole and streamed (names in answers are not redacted by the
default policy). Merchants named after people go as sent."""

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


REQUESTS = [
    ("Categorise my transactions:\nDate,Description,Amount\n2026-12-01,ZELLE TO DMITRI VOLKOV 6175550143,-50.00\n"
     "2026-12-02,VENMO PAYMENT MARGARET OKONKWO,-20.00", ["VOLKOV", "6175550143", "OKONKWO"]),
    ("Check my 1099: RECIPIENT'S TIN 536-90-4399  RECIPIENT'S name MARGARET OKONKWO Street address 1450 ELM ST",
     ["OKONKWO"]),
    ("PLEASE REFUND DMITRI VOLKOV FOR ORDER 4412.", ["VOLKOV"]),
    ("Decode my boarding pass: M1OKONKWO/MARGARET    EABC123 BOSJFKB6 0123 344Y012C0001 100", ["OKONKWO"]),
    ("Zelle to Dmitri Volkov 6175550143", ["6175550143"]),
]
KEPT = ["Date,Description,Amount\n2026-12-01,JOHN DEERE FINANCIAL,-412.00\n2026-12-02,TOMMY HILFIGER OUTLET 332,-50.00"]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert not [s for s in secrets if s in sent], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    text = "Summarise:\n1\n00:00:01,000 --> 00:00:04,000\nDMITRI VOLKOV: I will send the contract today."
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "VOLKOV" not in sent and "I will send the contract today." in sent, sent


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    # (the default policy redacts contact and payment data in answers, not names)
    answer = ("The duplicate is ZELLE TO ANIKA SORENSEN 3125550188 on Dec 1; box 1a reads "
              "1a. INSURED'S I.D. NUMBER 212447789 and the payee is Zelle to Rafael Quintero 4045550172.")
    secrets = ["3125550188", "212447789", "4045550172"]
    mock.script(text=answer)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "which one?"}]).choices[0].message.content
    assert got is not None and not [s for s in secrets if s in got], got
    mock.script(text=answer, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "which one?"}], stream=True) if c.choices)
    assert streamed and not [s for s in secrets if s in streamed], streamed
