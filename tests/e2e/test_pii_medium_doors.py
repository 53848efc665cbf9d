"""Issue 12, medium findings of the README-only attack on PII detection, end to end with the official SDK as
client: what the mock provider RECEIVED (a lower-case name after a label, a phone in a dialling link, an address
with letters glued to its top-level domain never; engineers' text, a codename's words across a sentence end and
a compound word beside an address as sent) and what the client got back (restored as sent)."""

from __future__ import annotations

import re

import openai
import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import oai as oai_client

POLICY = """
name: default
on_error: block
input:
  pii: {action: redact, entities: [PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN], restore: true}
  patterns:
    - {name: codenames, regex: "(?i)\\\\bproject (falcon|osprey)\\\\b", action: block}
output:
  pii: {action: redact, entities: [EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, US_SSN]}
"""


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": POLICY})


@pytest.fixture(scope="module")
def oai(guarded: Proxy) -> openai.OpenAI:
    return oai_client(guarded)


def digits(text: str) -> str:
    return re.sub(r"<[A-Z_]+_\d+>|\D", "", text)


@pytest.mark.parametrize(("text", "needle"), [
    ("name: jane doe", "doe"),
    ("Name: jane van der berg", "berg"),
    ("contact: jane doe", "doe"),
    ("Message me on wa.me/16175550143 please", "6175550143"),
    ("Reach me at tel:+16175550143 today", "6175550143"),
    ("sms:6175550143", "6175550143"),
    ("mail jane.doe@acme.comx today", "acme"),
])
def test_a_leak_of_the_attack_never_reaches_the_provider_and_is_restored(oai: openai.OpenAI, mock: Mock,
                                                                         text: str, needle: str) -> None:
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "redact"
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert needle not in (sent if needle.isalpha() else digits(sent)), sent
    assert raw.parse().choices[0].message.content == "You said: " + text  # the echo, restored as sent


@pytest.mark.parametrize("text", [
    "Explain the Burrows-Wheeler transform.",
    "Run a Monte Carlo simulation and a Mann-Whitney U test.",
    "Use a Hash Join, then Floyd-Warshall and the Levenshtein distance.",
    "Add Reed-Solomon error correction; align with Needleman-Wunsch.",
    "Compute the Kullback-Leibler divergence.",
    "See DOI 10.1000/182 for the paper.",
    "Jun  4 10:22:01 host sshd[123]: Accepted publickey for root",
    "We deploy to Georgia next week. Chad's elections were postponed.",
    "Ship the project. Falcon 9 launched on time.",  # a codename's words across a sentence end
])
def test_engineers_text_reaches_the_provider_as_sent(oai: openai.OpenAI, mock: Mock, text: str) -> None:
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": text}])
    assert raw.headers["x-guardrail-decision"] == "allow"
    assert mock.state.requests[-1].body["messages"][0]["content"] == text


@pytest.mark.parametrize("text", ["status of project.falcon?", "status of project-falcon?",
                                  "status of project_falcon?"])
def test_a_codename_in_one_sentence_is_still_blocked(oai: openai.OpenAI, mock: Mock, text: str) -> None:
    before = len(mock.state.requests)
    with pytest.raises(openai.APIStatusError):
        oai.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    assert len(mock.state.requests) == before


def test_a_compound_word_beside_an_address_in_the_next_part_reaches_the_provider_as_sent(
        oai: openai.OpenAI, mock: Mock) -> None:
    parts = [{"type": "text", "text": "Deploy to us-east"}, {"type": "text", "text": "ops@acme.io is on call"}]
    raw = oai.chat.completions.with_raw_response.create(model="gpt-4o-mini",
                                                        messages=[{"role": "user", "content": parts}])  # type: ignore[misc,list-item]
    assert raw.headers["x-guardrail-decision"] == "redact"
    first, second = mock.state.requests[-1].body["messages"][0]["content"]
    assert first["text"] == "Deploy to us-east"
    assert "acme" not in second["text"] and second["text"].endswith(" is on call"), second
