"""slug40 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk40 F04,
F07, F08, F09): `@first-last` mentions, a Discord `first_last#1234` tag, `@i_surname`, `given-surname` segments of an
app's URL paths and access log, a track 1 `^SURNAME/GIVEN^` and `Surname/Given` lists, and `Given_Surname` in file
names reach the provider redacted; npm scopes, branch names, article slugs, `TCP/IP` and report file names as sent.
(The shipped default policy reads no names in answers: `output.pii.entities` holds contact and payment data only, so
the class is tested on answers, whole and streamed, in tests/nlp/test_slug40.py.) Held-out values."""

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


REQUEST = ("cc @lorcan-brennan for the legal review\n"
           "ifeoma_thompson#3310 joined the server\n"
           "assigning to @g_kowalczyk, please ack\n"
           '10.0.0.8 - - [04/Apr/2025:12:00:00 +0000] "GET /staff/lorcan-brennan/profile HTTP/1.1" 200 512\n'
           "See https://intranet.example.org/team/ifeoma-thompson/ for her bio\n"
           "Explain all of this.")
SECRETS = ["lorcan", "brennan", "ifeoma", "thompson", "kowalczyk"]
KEPT = ("npm i @types/node @angular/core\ngit checkout feature/login-page\n"
        "GET /blog/getting-started and /products/widget-pro over TCP/IP, linux/amd64\n"
        "Attach Q3_Report_Final.pdf and client_secret_2024.json")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent.lower()], sent
    assert "Explain all of this." in sent and "/profile HTTP/1.1" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    text = ("POS log: %B4111111111111111^BRENNAN/LORCAN^27091010000000000000?\n"
            "Seating: Kowalczyk/Bogdan, Gallagher/Niamh\n"
            "Please rename Offer_Letter_Amelie_Delacroix.pdf and Contrat_Ségolène_Dupré.pdf.")
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("BRENNAN", "LORCAN", "Bogdan", "Niamh", "Amelie", "Delacroix", "Ségolène", "Dupré")
                if s in sent], sent
    assert "Offer_Letter_" in sent and "^27091010000000000000?" in sent
