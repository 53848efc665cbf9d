"""nm42 end to end through the official openai and anthropic SDKs, under the shipped default policy (black-box
leftovers): a role's name label before a firm's word and a given name (`EMPLOYEE NAME: SIEMENS KLAUS`), a bare
search's two unlisted words of a name's open syllables, the same pair before a person's verb, and a raw
ISO-2022-JP run reach the provider redacted; a base64 value goes whole (never `<PERSON_1>4=`), look-alikes as sent
(the shipped policy redacts no PERSON in answers: the unit tests read answers under a policy that does)."""

from __future__ import annotations

import re
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


JIS_NAME = "山田太郎".encode("iso-2022-jp").decode("ascii")
REQUEST = ("Why do these fail?\n"
           "EMPLOYEE NAME: SIEMENS KLAUS\n"
           "Sefa Lemalu will join the call at 3pm.\n"
           "Old mail: " + JIS_NAME + "\n"
           "username: YWRtaW4=")
SECRETS = ["SIEMENS", "KLAUS", "Sefa", "Lemalu", JIS_NAME]
KEPT = ("username: admin\nusername: YWRtaW4=\nGET /search?q=Kubernetes+operator and ?q=Harry+Potter+books\n"
        "Kafka Streams will join the cluster.\nCUSTOMER NAME: ACME CORP\n감사합니다. 회의는 내일입니다.")


def _checked(sent: str) -> None:
    assert not [s for s in SECRETS if s in sent], sent
    assert "will join the call at 3pm." in sent and "username: YWRtaW4=" in sent, sent
    assert not re.search(r"[A-Za-z0-9+/]<[A-Z]+_\d+>|<[A-Z]+_\d+>[A-Za-z0-9+/=]", sent), sent


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    _checked(mock.last_body["messages"][0]["content"])
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": REQUEST}])
    _checked(str(mock.last_body["messages"][0]["content"]))
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT
