"""fp20 end to end through the official SDKs: a club named after its city, a plant at a sentence's start, a brand
before a tool, an Arabic word pair and a term of endearment after a greeting reach the provider as sent; a name
beside the same words is still redacted."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


SENT = [
    "Melbourne Victory fans sang for ninety minutes.",
    "Rose bushes need feeding in spring.",
    "The Hilti hammer drill overheated after an hour.",
    "أمل كبير في الفوز بالمباراة.",
    "Hi Darling, the plumber comes at noon.",
]


def test_chat_everyday_words_go_as_sent(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[
        {"role": "user", "content": text} for text in SENT])
    assert [m["content"] for m in mock.state.requests[-1].body["messages"]] == SENT


def test_anthropic_a_name_beside_the_same_words_is_redacted(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, messages=[
        {"role": "user", "content": "Hi Buddy Holly, Heather grows tomatoes on her balcony."}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert re.fullmatch(r"Hi <PERSON_\d>, <PERSON_\d> grows tomatoes on her balcony\.", sent), sent
