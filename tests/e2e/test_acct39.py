"""acct39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk39 F04,
F08, F12): logins of an initial and a surname in an audit line, an Apache log's authuser and `Owner:`/`Backup:`
keys, a second `@first.last` handle, names glued in camel case, a couple's first given name and given-name speaker
labels reach the provider redacted, service accounts, product hashtags and role labels as sent. (The shipped
default policy reads no names in answers: `output.pii.entities` holds contact and payment data only, so the class
is tested on answers in tests/nlp/test_acct39.py.) Held-out values."""

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


REQUEST = ("Audit: user 'lbrennan' added to sudoers by 'gthompson' at 11:05\n"
           '198.51.100.4 - lbrennan [04/Apr/2025:12:00:00 +0000] "POST /login HTTP/1.1" 302 0\n'
           "Owner: brennan_l; Backup: thompson_g\n"
           "Assigned: @lorcan.brennan, reviewer: @ifeoma.thompson\n"
           "Congrats #LorcanBrennan!\n"
           "Explain all of this.")
SECRETS = ["lbrennan", "gthompson", "brennan_l", "thompson_g", "ifeoma.thompson", "LorcanBrennan"]
KEPT = ("Audit: user 'root' granted sudo by 'admin' at 11:05\nOwner: platform_team\n"
        "See #BlackFriday and #DevOpsDays, use PowerShell and GitHub.\nUser: hi\nAssistant: hello")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Explain all of this." in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_messages_request(guarded: Proxy, mock: Mock) -> None:
    text = "Pat and Lesley Pennington-Hurst phoned.\nCarmela: hi\nOyinkansola: hello, got the invoice?"
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("Pat and", "Pennington", "Carmela", "Oyinkansola") if s in sent], sent
    assert "got the invoice?" in sent

