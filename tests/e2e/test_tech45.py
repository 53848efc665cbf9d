"""tech45 end to end through the official openai and anthropic SDKs, under the shipped default policy: a PowerShell
command whose flags follow line continuations and a `--name`'s English value reach the provider as sent, while a
person after `--author`, after `-Name` and in an HL7 message inside a JSON string is redacted (tech43 dropped the
last two's `Maria` and `Webb`); the same command in an answer reaches the client as written, whole and streamed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, claude, oai

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


KEPT = "Get-ChildItem -Path C:\\temp `\n  -Recurse\n\nNew-Item -Path C:\\temp -Name Handler"
MSH = "MSH|^~\\&|EPIC|GENERAL|LAB|GENERAL|202503010900||ADT^A04|9911|P|2.5.1\r"
PEOPLE = [
    ("git commit --author Maria -m retry", ["Maria"]),
    ("New-LocalUser `\n  -Name \"Maria Lopez\" `\n  -NoPassword", ["Maria", "Lopez"]),
    (json.dumps({"hl7": MSH + "PID|1||8^^^G^MR||HOLM^SIGRID||1984|F\rPV1|1|I|W||||3^Webb^Marcus"}),
     ["HOLM", "SIGRID", "Webb", "Marcus"]),
]


def test_openai_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    for text, values in PEOPLE:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert [v for v in values if v in sent] == [], sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                    messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    for text, values in PEOPLE:
        claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                        messages=[{"role": "user", "content": text}])
        sent = str(mock.last_body["messages"][0]["content"])
        assert [v for v in values if v in sent] == [], sent


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == KEPT and streamed == KEPT, (whole, streamed)
