"""Name leaks atk20 found after names20 (names21; `proxy.nlp.cued`, `proxy.nlp.pii._name_echoes`), end to end through
the official SDKs: a surname that is a word after the other forms of address (`Miss`, `Frau Dr. med.`, `Det.`,
`mevrouw`), its later mentions in other forms (`White's`, `cc: White`), an everyday-word given name after more cue
forms (`Regards, Bill` on one line, `Bob:`) reach the provider redacted, the forms and the rest as sent; a found
surname's word opening a later sentence (`Black Friday sales`) reaches it as sent."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import REDACT_NAMES_POLICY, claude, oai


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": REDACT_NAMES_POLICY})


def test_chat_forms_of_address_and_later_mentions(guarded: Proxy, mock: Mock) -> None:
    text = ("Dear Miss White, I read White's report this morning.\ncc: White\n"
            "Sehr geehrte Frau Dr. med. Honda, vielen Dank.\nGeachte mevrouw King, bedankt.\n"
            "Please send the contract to Det. Price today.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert not any(w in sent for w in ("White", "Honda", "King", "Price")), sent
    assert re.fullmatch(r"Dear Miss <PERSON_\d>, I read <PERSON_\d>'s report this morning\.\ncc: <PERSON_\d>\n"
                        r"Sehr geehrte Frau Dr\. med\. <PERSON_\d>, vielen Dank\.\nGeachte mevrouw <PERSON_\d>, "
                        r"bedankt\.\nPlease send the contract to Det\. <PERSON_\d> today\.", sent), sent


def test_anthropic_cued_given_names_and_a_sentences_first_word(guarded: Proxy, mock: Mock) -> None:
    content = ("Bob: can you check the invoice?\nPlease find it attached. Regards, Bill\n"
               "Dear Ms. Black, thanks for calling. Black Friday sales start soon.")
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": content}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert not any(w in sent for w in ("Bob", "Bill")), sent
    assert re.fullmatch(r"<PERSON_\d>: can you check the invoice\?\nPlease find it attached\. Regards, <PERSON_\d>\n"
                        r"Dear Ms\. <PERSON_\d>, thanks for calling\. Black Friday sales start soon\.", sent), sent
