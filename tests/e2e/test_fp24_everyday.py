"""PII-free text the name rules read as names (fp24; `proxy.nlp.everyday24`), end to end through the official SDKs:
everyday phrases opened by a given name (`Grace Period`, `Art Deco`), a firm in business prose (`Morgan Stanley
said`), a bank in a sentence of banking (`Ask Chase about the card`), a city greeted alone (`Hello Boston!`) and a
phrase as a JSON value reach the provider as sent; the same words as a person's name are redacted."""

from __future__ import annotations

import json
import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_everyday_phrases_firms_and_a_city_reach_the_provider_as_sent(guarded: Proxy, mock: Mock) -> None:
    text = ("Hello Boston! The Grace Period ends on the 15th, and the lobby is Art Deco design.\n"
            "Morgan Stanley said rates would stay high. Ask Chase about the card before you travel.\n"
            "Penny Black called me yesterday about the invoice.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert re.fullmatch(r"Hello Boston! The Grace Period ends on the 15th, and the lobby is Art Deco design\.\n"
                        r"Morgan Stanley said rates would stay high\. Ask Chase about the card before you travel\.\n"
                        r"<PERSON_\d> called me yesterday about the invoice\.", sent), sent


def test_anthropic_json_values_a_phrase_kept_a_name_redacted(guarded: Proxy, mock: Mock) -> None:
    content = json.dumps([{"name": "Grace Period"}, {"name": "Bill White"}])
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": content}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert "Grace Period" in sent and "Bill White" not in sent and re.search(r"<PERSON_\d>", sent), sent
