"""Common Indian, Korean, Filipino, Nigerian, Japanese given names written alone, and `cc:` in lower case before one
given name (atk22b MEDIUM-2), end to end through the official SDK: they reach the provider redacted, as a US given
name does; PII-free sentences whose words are also such names reach it as sent."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_lone_given_names_are_redacted(guarded: Proxy, mock: Mock) -> None:
    text = ("Rahul will review the PR.\nPriya approved the refund.\nMinjun and Olumide are on leave until Monday.\n"
            "Reviewer: Vikram\ncc: Emily\nSonic Pi crashed when loading the sample pack.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    names = ("Rahul", "Priya", "Minjun", "Olumide", "Vikram", "Emily")
    assert not any(re.search(rf"\b{w}\b", sent) for w in names), sent
    assert re.fullmatch(r"<PERSON_\d> will review the PR\.\n<PERSON_\d> approved the refund\.\n"
                        r"<PERSON_\d> and <PERSON_\d> are on leave until Monday\.\nReviewer: <PERSON_\d>\n"
                        r"cc: <PERSON_\d>\nSonic Pi crashed when loading the sample pack\.", sent), sent
