"""Name leaks atk18 left open (names20; `proxy.nlp.cued`, `proxy.nlp.cued_values`), end to end through the official
SDKs: a surname after a spelled-out title, `Attn:` before a titled surname, a given name no list holds after a
greeting, a brand surname under a person's key in a tool call's arguments, a one-character Japanese surname that is
a word, a name in a file's name and in a certificate subject reach the provider redacted, the title, the label and
the rest as sent; the same words with no name reach it as sent."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai, received, tool_turn


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_spelled_title_attn_and_greeting(guarded: Proxy, mock: Mock) -> None:
    text = ("Attn: Mrs. White, Accounts Payable\nHi Rain, Detective Young will call you about the refund.\n"
            "Doctor Who is on tonight.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert not any(w in sent for w in ("White", "Rain", "Young")), sent
    assert re.fullmatch(r"Attn: Mrs\. <PERSON_\d>, Accounts Payable\nHi <PERSON_\d>, Detective <PERSON_\d> will call "
                        r"you about the refund\.\nDoctor Who is on tonight\.", sent), sent


def test_chat_tool_arguments_brand_surname_under_a_persons_key(guarded: Proxy, mock: Mock) -> None:
    messages: Any = tool_turn({"name": "Takeshi Honda", "product": "Honda Civic", "id": 7})
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=messages)
    args = json.loads(mock.state.requests[-1].body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert re.fullmatch(r"<PERSON_\d>", args["name"]), args
    assert args["product"] == "Honda Civic" and args["id"] == 7, args
    assert "Takeshi" not in received(mock)


def test_anthropic_japanese_word_surname_file_name_and_subject(guarded: Proxy, mock: Mock) -> None:
    system = "東様と北先生宛てのメールです。"
    content = "Please check Julia_Novak_CV.pdf and the cert CN=Julia Becker,O=Acme before Friday."
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50, system=system,
                                    messages=[{"role": "user", "content": content}])
    body = mock.state.requests[-1].body
    sent_system = body["system"] if isinstance(body["system"], str) else body["system"][0]["text"]
    assert re.fullmatch(r"<PERSON_\d>様と<PERSON_\d>先生宛てのメールです。", sent_system), sent_system
    got = body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert not any(w in sent for w in ("Julia", "Novak", "Becker")), sent
    assert re.fullmatch(r"Please check <PERSON_\d>_CV\.pdf and the cert CN=<PERSON_\d>,O=Acme before Friday\.",
                        sent), sent
