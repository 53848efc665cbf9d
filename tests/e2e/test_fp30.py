"""fp30 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk28's false
positives, F13, F14): Rust types, libraries, cities beside cities and an airline go as sent while a real name beside
them is redacted; Troy / BC Card / UATP card numbers after a card word, a call record's caller and numbers, an SMS
record's recipient and a SIP display name reach the provider redacted."""

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


KEPT = [
    "Why is my Vec empty after the loop? Should I wrap it in an Rc?",
    "Collect the results into a Vec<String> and tune it with Optuna.",
    "Start with Singapore and Sydney; we book flights on Delta.",
    "We switched from Zendesk to Freshdesk last quarter.",
]
SECRETS = [
    ("Ask Sydney Chen about the Vec bug.", "Chen"),
    ("card 9792 4372 8754 4966", "9792 4372 8754 4966"),
    ("My BC Card card is 9400 5237 9539 8260", "9400 5237 9539 8260"),
    ('{"cnam": "KERR DANA", "ani": "4155550199", "dnis": "8005550100"}', "KERR"),
    ('{"cnam": "KERR DANA", "ani": "4155550199", "dnis": "8005550100"}', "4155550199"),
    ('{"recipient": "4155550199", "message": "hello"}', "4155550199"),
    ('P-Asserted-Identity: "KERR DANA" <tel:+14155550199>', "DANA"),
]


def test_chat_requests(guarded: Proxy, mock: Mock) -> None:
    for text in KEPT:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        assert mock.last_body["messages"][0]["content"] == text
    for text, secret in SECRETS:
        oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
        sent = mock.last_body["messages"][0]["content"]
        assert secret not in sent, sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    text = 'Summarise: {"caller_id_name": "KERR DANA", "caller_id_number": "4155550199"} about the Rc leak.'
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert "KERR" not in sent and "4155550199" not in sent and "the Rc leak" in sent, sent
