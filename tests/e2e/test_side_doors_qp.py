"""Quoted-printable on the way in (atk10 B-H2), end to end with the official SDKs as clients: a soft line break
(`=` + a line break, RFC 2045 5.1) inside an address, a phone number, an SSN, a real `quopri` body, `=XX` escapes and
RFC 2047 encoded-words; what the mock provider RECEIVED, and restore giving back exactly what the client sent; a
codename over a soft break is blocked. Values differ from the finding's."""

from __future__ import annotations

import quopri

import anthropic
import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support import clients
from tests.support.clients import compact, received

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
"""

CLAUDE = "claude-3-5-sonnet-latest"


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def oai(guarded: Proxy) -> openai.OpenAI:
    return clients.oai(guarded)


@pytest.fixture(scope="module")
def claude(guarded: Proxy) -> anthropic.Anthropic:
    return clients.claude(guarded)


LINE = "Hello team, please forward the signed contract to our counsel at lena.vos@brightquay.org before Friday."
QP = [
    ("Reply to lena.vos@bright=\nquay.org about it.", ["brightquay"]),
    ("Reply to lena.vos@bright=\r\nquay.org about it.", ["brightquay"]),
    ("Call me on 646-555-=\n0188 tomorrow.", ["6465550188"]),
    ("My SSN is 078-05-=\n1120.", ["078051120"]),
    ("Please summarise this mail source:\n\n" + quopri.encodestring(LINE.encode()).decode(), ["brightquay"]),
    ("Phone: 646=2D555=2D0188 and 646=2D555=2D0177", ["6465550188", "6465550177"]),
    ("Reply-To: =?utf-8?q?lena=2Evos=40brightquay=2Eorg?=", ["brightquay"]),
]


@pytest.mark.parametrize(("text", "words"), QP)
def test_quoted_printable_values_never_reach_the_provider_chat(oai: openai.OpenAI, mock: Mock, text: str,
                                                               words: list[str]) -> None:
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    seen = compact(received(mock))
    assert not [w for w in words if compact(w) in seen]
    assert raw.parse().choices[0].message.content == "You said: " + text


@pytest.mark.parametrize(("text", "words"), QP[:3])
def test_quoted_printable_values_never_reach_the_provider_messages(claude: anthropic.Anthropic, mock: Mock, text: str,
                                                                   words: list[str]) -> None:
    raw = claude.messages.with_raw_response.create(model=CLAUDE, max_tokens=200,
                                                   messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    seen = compact(received(mock))
    assert not [w for w in words if compact(w) in seen]
    block = raw.parse().content[0]
    assert block.type == "text" and block.text == "You said: " + text


def test_a_codename_over_a_soft_break_is_blocked(oai: openai.OpenAI, claude: anthropic.Anthropic, mock: Mock) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oai.chat.completions.create(model="gpt-4o-mini",
                                    messages=[{"role": "user", "content": "Status of pro=\nject falcon?"}])
    assert "codenames" in str(err.value.body)
    with pytest.raises(anthropic.BadRequestError):
        claude.messages.create(model=CLAUDE, max_tokens=20,
                               messages=[{"role": "user", "content": "Status of project fal=\r\ncon?"}])
    assert mock.state.requests == []


def test_code_with_equals_at_line_ends_passes_unchanged(oai: openai.OpenAI, mock: Mock) -> None:
    text = "x =\n    compute(a)\nFLAGS=-O2 \\\n  -Wall\nwidth=40 height=40"
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "allow"
    assert mock.state.requests[-1].body["messages"][0]["content"] == text
