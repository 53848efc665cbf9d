"""tech42 end to end through the official openai and anthropic SDKs, under the shipped default policy (fpatk42
FP03): code tokens (`g.Key.Region`, a derive list), capitalised software words (`Failover`, `Descheduler`), a docs
page's headings and `config keys` reach the provider as sent, while a person beside the same words is redacted; the
same text in an answer reaches the client as written, whole and streamed. Held-out values."""

from __future__ import annotations

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


KEPT = ("Review this before the release.\n\n"
        "#[derive(Debug, Clone, PartialEq, Eq, Hash)]\npub enum Tier { Basic, Pro }\n\n"
        "var rows = data.GroupBy(d => new { d.Region }).Select(g => new { g.Key.Region, N = g.Count() });\n\n"
        "Failover took two minutes. Rebalance, Rollback and Descheduler are the runbook entries.\n"
        "Our stages are Fetcher, Parser and Handler.\n\n# Webhooks\n## Retries\n\n"
        "Which config keys changed in 5.0?")
PERSON = "Basil Amari wrote the failover runbook and Max Becker reviewed the Descheduler change."


def test_openai_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": PERSON}])
    sent = mock.last_body["messages"][0]["content"]
    assert not any(w in sent for w in ("Basil", "Amari", "Becker")) and "Descheduler change" in sent, sent


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                    messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=100,
                                    messages=[{"role": "user", "content": PERSON}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not any(w in sent for w in ("Basil", "Amari", "Becker")) and "Descheduler change" in sent, sent


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    whole, streamed = answers(guarded, mock, KEPT, route)
    assert whole == KEPT and streamed == KEPT, (whole, streamed)
