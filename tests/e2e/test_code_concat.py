"""A value written as string concatenation in code (atk10 B-M3), end to end with the official SDKs as clients: what
the mock provider RECEIVED (the whole expression is the placeholder, operators and inner quotes with it), restore
giving back exactly what the client sent, a codename cut inside a word blocked, ordinary code unchanged. Values
differ from the finding's."""

from __future__ import annotations

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
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN, IBAN_CODE, IP_ADDRESS],
        restore: true}
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


CONCAT = [
    ("to = 'lena.vos@' + 'brightquay.org'", "to = '<EMAIL_ADDRESS_1>'"),
    ("to = 'lena.vos' + '@brightquay.org'", "to = '<EMAIL_ADDRESS_1>'"),
    ('to = "lena.vos@" "brightquay.org"', 'to = "<EMAIL_ADDRESS_1>"'),
    ("SELECT 'lena.vos@' || 'brightquay.org';", "SELECT '<EMAIL_ADDRESS_1>';"),
    ('="lena.vos@"&"brightquay.org"', '="<EMAIL_ADDRESS_1>"'),
    ('=CONCAT("lena.vos@","brightquay.org")', '=CONCAT("<EMAIL_ADDRESS_1>")'),
    ("to = `lena.vos@${'brightquay.org'}`", "to = `<EMAIL_ADDRESS_1>`"),
    ('TO=lena.vos@bright""quay.org', "TO=<EMAIL_ADDRESS_1>"),
    ('"lena.vos"@"brightquay.org"', '"<EMAIL_ADDRESS_1>"'),
    ("phone = '646-555-' + '0188'", "phone = '<PHONE_NUMBER_1>'"),
    ("ssn = '372-84-' || '1956'", "ssn = '<US_SSN_1>'"),
    ("card = '5555 5555' + ' 5555 4444'", "card = '<CREDIT_CARD_1>'"),
    ("ip = '10.20' + '.30.44'", "ip = '<IP_ADDRESS_1>'"),
]


@pytest.mark.parametrize(("text", "sent"), CONCAT)
def test_a_concatenated_value_goes_up_as_one_placeholder_chat(oai: openai.OpenAI, mock: Mock, text: str,
                                                              sent: str) -> None:
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    assert mock.state.requests[-1].body["messages"][0]["content"] == sent
    assert raw.parse().choices[0].message.content == "You said: " + text  # restored byte for byte


@pytest.mark.parametrize(("text", "sent"), CONCAT[:4] + CONCAT[9:11])
def test_a_concatenated_value_never_reaches_the_provider_messages(claude: anthropic.Anthropic, mock: Mock, text: str,
                                                                  sent: str) -> None:
    raw = claude.messages.with_raw_response.create(model=CLAUDE, max_tokens=200,
                                                   messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    seen = compact(received(mock))
    assert not [w for w in ("brightquay", "6465550188", "372841956") if w in seen]
    block = raw.parse().content[0]
    assert block.type == "text" and block.text == "You said: " + text


@pytest.mark.parametrize("text", ["Status of 'pro' + 'ject falcon'?", 'Status of pro""ject falcon?',
                                  "SELECT 'project fal' || 'con'"])
def test_a_codename_cut_inside_a_word_is_blocked(oai: openai.OpenAI, mock: Mock, text: str) -> None:
    with pytest.raises(openai.BadRequestError) as err:
        oai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert "codenames" in str(err.value.body)
    assert mock.state.requests == []


def test_ordinary_concatenation_passes_unchanged(oai: openai.OpenAI, mock: Mock) -> None:
    text = ("greeting = 'Hello, ' + name + '!'\nSELECT first || ' ' || last FROM users;\n"
            "path = base + '/' + 'v1' + '/users'\nx = ['617-555', '0143']")
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "allow"
    assert mock.state.requests[-1].body["messages"][0]["content"] == text
