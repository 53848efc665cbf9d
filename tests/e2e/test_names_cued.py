"""A person's cue beats the word lists (atk18 HIGH-1, HIGH-2; `proxy.nlp.cued`), end to end through the official
SDKs: a surname that is an everyday word after a form of address, a one-character Japanese surname before `様`, a
given name that is an everyday word after a greeting, `cc` or a sign-off, and the later mention of a found name's
part reach the provider redacted, the cue and the rest as sent; the same words with no cue reach it as sent."""

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


def test_chat_title_surname_and_its_later_mention(guarded: Proxy, mock: Mock) -> None:
    text = ("Customer file: Liam Winter, ref 5520. Draft a reply to Mr. Winter about the delay.\n"
            "Dear Mrs. Church, your parcel left the depot.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert "Winter" not in sent and "Church" not in sent, sent
    assert re.fullmatch(r"Customer file: <PERSON_\d>, ref 5520\. Draft a reply to Mr\. <PERSON_\d> about the delay\.\n"
                        r"Dear Mrs\. <PERSON_\d>, your parcel left the depot\.", sent), sent


def test_responses_everyday_given_names_after_cues(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).responses.create(model="gpt-4o-mini", instructions="Reply politely; cc Bill on anything urgent.",
                                  input="Hi June, your refund is on its way.\n\nRegards,\nMay")
    body = mock.state.requests[-1].body
    assert re.fullmatch(r"Reply politely; cc <PERSON_\d> on anything urgent\.", body["instructions"]), body
    text = json.dumps(body["input"], ensure_ascii=False)
    assert "June" not in text and "May" not in text, text
    assert re.search(r"Hi <PERSON_\d>, your refund is on its way\.\\n\\nRegards,\\n<PERSON_\d>", text), text


def test_anthropic_japanese_honorific_and_words_left_alone(guarded: Proxy, mock: Mock) -> None:
    words = "Will you ship it in May? Hope this helps, the White House said."
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, system="林様宛てのメールです。",
                                    messages=[{"role": "user", "content": words}])
    body = mock.state.requests[-1].body
    system = body["system"] if isinstance(body["system"], str) else body["system"][0]["text"]
    assert re.fullmatch(r"<PERSON_\d>様宛てのメールです。", system), system
    content = body["messages"][0]["content"]
    assert (content if isinstance(content, str) else content[0]["text"]) == words
