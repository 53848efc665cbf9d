"""town37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk36 F11,
F02, F03): a name whose surname is a town or no list's (`Bethany Wetherby`, `Radosław Kowalczyk`) in a frame that
holds only a person's name (a git trailer, a WebVTT voice, a chat header, `git blame`, a Jira `displayName`, an
`/etc/passwd` GECOS field, a Dockerfile `LABEL maintainer=`, package.json's `author`) reaches the provider redacted,
and the client's name comes back restored whole in the answer, whole and streamed (the default policy redacts no
PERSON in answers). System accounts, teams and towns in a sentence go as sent."""

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
    ("Squash these:\n\nfix cache\n\nSigned-off-by: Bethany Wetherby <bw@example.org>", ["Wetherby"]),
    ("WEBVTT\n\n00:00:03.000 --> 00:00:06.000\n<v Imogen Buxton>My card was charged twice.", ["Buxton"]),
    ("Ivy Kendal  3:17 PM\nthe build is green now", ["Kendal"]),
    ("^4be21f0 (Rose Thirsk 2024-03-09 08:00:00 +0000 7)     return cfg", ["Thirsk"]),
    ('{"fields":{"reporter":{"displayName":"Summer Morley","active":true}}}', ["Morley"]),
    ("Why can't he log in?\nrk:x:1002:1002:Radosław Kowalczyk,,,:/home/rk:/bin/zsh", ["Kowalczyk"]),
    ('FROM python:3.12-slim\nLABEL maintainer="Chinonso Obi"\nRUN pip install .', ["Chinonso", "Obi"]),
    ('{"name": "widget", "version": "1.0.0", "author": "Keira Frome <kf@example.com>"}', ["Frome"]),
]
KEPT = [
    "messagebus:x:102:104:System Message Bus,,,:/nonexistent:/usr/sbin/nologin",
    'FROM alpine\nLABEL maintainer="Acme Platform Team"',
    'LABEL org.opencontainers.image.authors="The Kubernetes Authors"',
    "We drove from Thornbury via Ripley to Whitby.",
    "Release Notes  10:02 AM",
]
def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, secrets in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert [s for s in secrets if s in sent] == [], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16, messages=[
        {"role": "user", "content": "Who is this?\n16:40:05 From April Pickering to Everyone:\n\tsharing the deck\n"
                                    "Gem::Specification.new do |s|\n  s.authors = [\"Naomi Penrith\"]\nend"}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "Pickering" not in sent and "Penrith" not in sent, sent


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    # The default policy redacts no PERSON in answers: the client's own name, sent as one placeholder, comes back
    # restored whole in the answer, whole and streamed.
    ask = [{"role": "user", "content": "Who signed this?\nSigned-off-by: Poppy Keswick <pk@example.com>"}]
    mock.script(text="It was signed by <PERSON_1>. Done.")
    got = oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=ask).choices[0].message.content
    assert "Keswick" not in str(mock.last_body["messages"]), mock.last_body
    assert got == "It was signed by Poppy Keswick. Done.", got
    mock.script(text="It was signed by <PERSON_1>. Done.", chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=ask, stream=True) if c.choices)
    assert streamed == "It was signed by Poppy Keswick. Done.", streamed
