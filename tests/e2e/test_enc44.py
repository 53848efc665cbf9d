"""enc44 end to end through the official openai and anthropic SDKs, under the shipped default policy: a phone number
split by a backslash line continuation inside a string, a card split by CDATA sections, a phone number in a sentence
written wholly in `\\x..` escapes and a card split by C1 controls reach the provider redacted and the client redacted
(whole and streamed in 3-character chunks); a name with an escaped no-break space in JSON text reaches the provider
redacted. Ordinary continued code and CDATA markup go as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import SEND, answers, user_text

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


ESCAPED = "".join(f"\\x{ord(c):02x}" for c in "ring 312-555-0186")
TEXT = ('Here:\n```js\nconst phone = "312-555-\\\n0186";\n```\n'
        "<card><![CDATA[5500 0000]]> <![CDATA[0000 0004]]></card>\n"
        f'printf "{ESCAPED}"\nCard 4716\u00851902\u00850739\u00854814 on file. Done.')
GONE = ["0186", "5500", "0004", "\\x30\\x31\\x38\\x36", "4716", "4814"]
KEPT = ('RUN apt-get update && \\\n    apt-get install -y curl\n'
        "<script><![CDATA[ if (a < b) { run(); } ]]></script>\ncopy a.txt b.txt ^\n  /Y")


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_split_values_in_a_request(guarded: Proxy, mock: Mock, api: str) -> None:
    SEND[api](guarded, TEXT + '\nWrite to {"name": "Margarethe\\u00a0Vollenweider"}')
    sent = user_text(mock)
    assert not [g for g in [*GONE, "Vollenweider"] if g in sent], sent
    SEND[api](guarded, KEPT)
    assert user_text(mock) == KEPT


@pytest.mark.parametrize("api", ["chat", "messages"])
def test_split_values_in_an_answer_whole_and_streamed(guarded: Proxy, mock: Mock, api: str) -> None:
    whole, streamed = answers(guarded, mock, TEXT, api)
    for got in (whole, streamed):
        assert not [g for g in GONE if g in got], got
        assert got.startswith("Here:") and got.endswith("Done."), got
    assert answers(guarded, mock, KEPT, api) == (KEPT, KEPT)
