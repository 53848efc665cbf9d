"""reply39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39 F11,
F09): a pasted thread's reply attribution lines (English and German Gmail) and a pandas print's `first_name` /
`last_name` cells reach the provider with the names redacted whatever the name lists say; service senders, a
product table, Go platform strings and health plan labels go as sent. Held-out names."""

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


REQUEST = ("Summarise this thread and the table.\n"
           "On Thu, Apr 4, 2024 at 11:20 AM Chukwuemeka Obi <c.obi@gmail.com> wrote:\n> The shipment left.\n"
           "Am Do., 4. Apr. 2024 um 09:05 Uhr schrieb Nodira Saidova <n.saidova@mail.ru>:\n> Danke.\n"
           ">>> df.head(2)\n   id first_name  last_name  score\n0   7    Olamide     Ajayi     88\n"
           "1   8     Yerbol   Dauletov     91")
SECRETS = ["Chukwuemeka", "Obi <", "Nodira", "Saidova", "Olamide", "Ajayi", "Yerbol", "Dauletov"]
KEPT = ("On Thu, Apr 4, 2024 at 11:20 AM GitHub <noreply@github.com> wrote:\n"
        "   product_name  price\n0   Widget Pro   9.99\n"
        "We ship linux/amd64 and darwin/arm64 builds.\nPayer: Aetna\nCopay: $25\nCoinsurance: 20%")
KEPT_WORDS = ["11:20 AM GitHub <", "Widget Pro   9.99", "linux/amd64 and darwin/arm64", "Payer: Aetna\nCopay: $25"]


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "first_name  last_name  score" in sent and "Uhr schrieb <PERSON_" in sent, sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    kept = mock.last_body["messages"][0]["content"]
    assert all(k in kept for k in KEPT_WORDS), kept


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
