"""Names after a form of address, passenger names and names glued to the next character (atk16 A HIGH-1,
MEDIUM-2, MEDIUM-4), end to end through the official SDKs: chat, Responses and Anthropic Messages requests reach the
provider with the name redacted, the form of address and the rest as sent; the answer's placeholders are restored."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, received


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_letter_to_frau_and_herrn(guarded: Proxy, mock: Mock) -> None:
    text = "Sehr geehrte Frau Hoffmann,\n\nHerr Zimmermann aus der Buchhaltung meldet sich morgen."
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert "Hoffmann" not in sent and "Zimmermann" not in sent
    assert re.fullmatch(r"Sehr geehrte Frau <PERSON_\d>,\n\nHerr <PERSON_\d> aus der Buchhaltung meldet sich morgen\.",
                        sent), sent


def test_responses_cjk_honorific_and_passenger_name(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", instructions="小川様宛ての返信を書いてください。",
                                  input="Please rebook LARSEN/INGRID MRS on SK1463")
    body = mock.state.requests[-1].body
    assert "小川" not in json.dumps(body, ensure_ascii=False)
    assert "LARSEN" not in received(mock) and "INGRID" not in received(mock)
    assert re.fullmatch(r"<PERSON_\d>様宛ての返信を書いてください。", body["instructions"])
    assert re.search(r"Please rebook <PERSON_\d>/<PERSON_\d> MRS on SK1463", json.dumps(body["input"]))


def test_anthropic_mail_header_name_glued_to_the_address(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, system="Sig.ra Ricci ha scritto.",
                                    messages=[{"role": "user", "content": "From: Natalie Foster<nf@example.net>"}])
    body = mock.state.requests[-1].body
    text = json.dumps(body, ensure_ascii=False)
    assert "Natalie" not in text and "Foster" not in text and "Ricci" not in text
    assert "Sig.ra <PERSON_" in text and "From: <PERSON_" in text
