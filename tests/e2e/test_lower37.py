"""lower37 end to end through the official openai and anthropic SDKs under the shipped default policy: lower-case
given names in chat (`kavitha said`, `ask babajide if`) reach the provider as placeholders and the client gets its own
names back in a prose answer; lower-case tools and teams go as sent (the default policy's output rule lists no
PERSON: the model's own names are the nlp test's). Held-out values."""

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


REQUEST = "hey, kavitha said the renewal is signed. can you ask babajide if the po went out? thanks rukmini"
NAMES = ["kavitha", "babajide", "rukmini"]
KEPT = "pytest said 4 tests failed; ask kubectl to list the pods and tell grafana to alert the oncall"


def test_chat_request_and_restore(guarded: Proxy, mock: Mock) -> None:
    mock.script(text="Noted: <PERSON_1> is waiting for <PERSON_2>.")
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}]).choices[0].message.content
    sent = mock.last_body["messages"][0]["content"]
    assert not [n for n in NAMES if n in sent] and "<PERSON_" in sent, sent
    assert got is not None and "<PERSON_" not in got and any(n in got for n in NAMES), got
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=64,
                                 messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [n for n in NAMES if n in sent] and "<PERSON_" in sent, sent
