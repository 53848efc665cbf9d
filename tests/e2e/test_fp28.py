"""PII-free text the name rules read as names (fp28; `proxy.nlp.fp28`), end to end through the official openai SDK:
support-call transcript lines after a speaker's label (`Caller: My order hasn't arrived yet.`), a city as a noun's
modifier (`the Austin meetup`), a Portuguese or Italian imperative (`Escreva um resumo`), an opening subject (`Sandy
soil drains`) and a product named like a person (`Victoria Metrics`) reach the provider as sent; real names in the
same frames are redacted (`Caller: Will Turner speaking.`, `the Austin Wu meeting`)."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


FREE = ["Caller: My order hasn't arrived yet.", "Caller: Will you send me a confirmation?",
        "Customer: Bill me next month instead, please.",
        "Caller: Hello, I'm calling about a refund.\nAgent: Sure, let me check.\nCustomer: My card was charged twice.",
        "We agreed to delay the Austin meetup by two weeks.", "Escreva um resumo da reunião de ontem.",
        "Spiega cos'è l'inflazione.", "Sandy soil drains faster than clay.",
        "Add Victoria Metrics as a Prometheus long-term store."]


@pytest.mark.parametrize("text", FREE)
def test_chat_pii_free_text_reaches_the_provider_as_sent(guarded: Proxy, mock: Mock, text: str) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert mock.state.requests[-1].body["messages"][0]["content"] == text


def test_chat_names_in_the_same_frames_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ("Caller: Will Turner speaking.\nAgent: Thanks, Grace.\nCaller: My order hasn't arrived yet.\n"
            "We postponed the Austin Wu meeting until March.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert re.fullmatch(r"Caller: <PERSON_\d> speaking\.\nAgent: Thanks, <PERSON_\d>\.\n"
                        r"Caller: My order hasn't arrived yet\.\nWe postponed the <PERSON_\d> meeting until March\.",
                        sent), sent
