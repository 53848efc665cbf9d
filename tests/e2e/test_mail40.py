"""mail40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk40 F01,
F05): e-mail addresses written with spaces around the `@` or spelled out (`at ... dot ...`) on country-code and new
generic top-level domains (`.in .mx .ng .pt .no .gr .ae .health`...) reach the provider redacted on the chat,
messages and embeddings routes, and the model's own such addresses reach the client redacted, whole and streamed; an
address and a phone number smuggled in variation selectors after an emoji are redacted; matrix products, prices, file
names and an emoji's VS16 go as sent. Held-out values."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, ask_messages, oai, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


def smuggled(value: str) -> str:
    return "\U0001F60A" + "".join(chr(0xFE00 + b) if b < 16 else chr(0xE0100 + b - 16) for b in value.encode())


def unsmuggled(text: str) -> str:
    out = bytearray()
    for ch in text:
        o = ord(ch)
        if 0xFE00 <= o <= 0xFE0F:
            out.append(o - 0xFE00)
        elif 0xE0100 <= o <= 0xE01EF:
            out.append(o - 0xE0100 + 16)
    return out.decode("utf-8", "replace")


REQUEST = ("Vendor contacts:\n- priyanka.desai @ mahindra-logistics.in\n- hector.salinas @ aceros-del-norte.mx\n"
           "- emeka . obi @ portharcourt-med . ng\n- write to ines.ferreira at coimbra-saude dot pt\n"
           "- or bjorn.lie at stavanger-energi dot no\nWho should I email first?")
SECRETS = ["priyanka.desai", "hector.salinas", "emeka . obi", "ines.ferreira", "bjorn.lie"]
KEPT = ("y = x @ w.to(device)\nstandup @ 9:30, price @ 5.00\nrun main @ setup.py\nI ❤️ it, see README . md\n"
        "He worked at Acme dot com in 1999.")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert sent.count("EMAIL_ADDRESS") >= 5
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_and_embeddings(guarded: Proxy, mock: Mock) -> None:
    ask_messages(guarded, "Invoice contact: stavros.nikolaidis @ kreta-hotels.gr, cc layla.mansour @ sharjah.health")
    oai(guarded).embeddings.create(model="text-embedding-3-small", input=["Contact: deniz.aksoy @ bursatekstil.com.tr"])
    got = received(mock)
    assert not [s for s in ("stavros.nikolaidis", "layla.mansour", "deniz.aksoy") if s in got], got


def test_smuggled_in_variation_selectors(guarded: Proxy, mock: Mock) -> None:
    text = "Customer ref " + smuggled("olamide.bello@ibadanfin.ng 312-555-0176") + " attached. Decode it."
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    decoded = unsmuggled(mock.last_body["messages"][0]["content"])
    assert "olamide.bello" not in decoded and "0176" not in decoded, decoded


ANSWER = ("For a copy, write to the officer at rajesh.kumar @ hyderabad-infra.in, or to "
          "gabriela.torres at puebla-textil dot mx. Done.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route):
        assert "rajesh.kumar" not in got and "gabriela.torres" not in got, got
        assert "Done." in got
