"""html38 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk37 F12):
a name split over HTML elements (hCard spans, a name's `<div>` of spans), form `value`s under a name's field, Word XML
runs and terminal colour codes reaches the provider redacted; look-alikes (product names in `class="name"`, empty and
templated form values, Word runs of prose, coloured test logs) go as sent."""

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


REQUESTS = [  # (text, the name's parts that must not reach the provider)
    ('Fix this card: <span class="given-name">Winifred</span> <span class="family-name">Calloway</span>',
     ["Winifred", "Calloway"]),
    ('<div class="name"><span>Henrietta</span><span>Marchbanks</span></div>', ["Henrietta", "Marchbanks"]),
    ('Why is this form blank? <input name="lastname" value="Calloway"><input name="firstname" value="Winifred">',
     ["Winifred", "Calloway"]),
    ('<w:t>Dear Henrietta</w:t></w:r><w:r><w:t xml:space="preserve"> Marchbanks,</w:t>', ["Henrietta", "Marchbanks"]),
    ("<w:t>Winifred Callo</w:t></w:r><w:r><w:t>way</w:t>", ["Winifred", "Callo", "way"]),
    ("Log:\n\x1b[1mHenrietta\x1b[0m Marchbanks signed in", ["Henrietta", "Marchbanks"]),
]
KEPT = [
    '<div class="name"><span>Kafka</span><span>Connect</span></div>',
    '<input name="email" value=""><input name="first_name" value="{{ user.first_name }}">',
    '<w:t>The quarterly report</w:t></w:r><w:r><w:t xml:space="preserve"> is attached.</w:t>',
    "\x1b[32mPASSED\x1b[0m tests/test_api.py::test_create_user",
]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text, parts in REQUESTS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert [p for p in parts if p in sent] == [], sent
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text


def test_anthropic_requests(guarded: Proxy, mock: Mock) -> None:
    for text, parts in REQUESTS[::2]:
        claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                        messages=[{"role": "user", "content": text}])
        sent = str(mock.last_body["messages"][0]["content"])
        assert [p for p in parts if p in sent] == [], sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT[0]}])
    assert KEPT[0] in str(mock.last_body["messages"][0]["content"])
