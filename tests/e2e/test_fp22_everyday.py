"""PII-free text the name rules read as names (fp22, atk20 FP1 C/D/E and FP2; `proxy.nlp.everyday22`), end to end
through the official SDKs: a found name's word in a fixed phrase (`Baker Street`, `Ruby on Rails`), a brand after a
form of address (`Dr. Pepper`), an organisation before a person's verb (`King County said`), a greeting to a city's
office or to a role (`Dear London office,`, `Hi Mods,`) and a department signing off (`Servicio al Cliente`) reach the
provider as sent, the greeted person redacted."""

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


def test_chat_a_found_names_word_in_a_phrase_and_things_after_a_title(guarded: Proxy, mock: Mock) -> None:
    text = ("Dear Mr. Baker, thanks for calling. We live on Baker Street and our stack is Ruby on Rails.\n"
            "I bought a can of Dr. Pepper at the station. King County said the roads are closed.")
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    sent = mock.state.requests[-1].body["messages"][0]["content"]
    assert re.fullmatch(r"Dear Mr\. <PERSON_\d>, thanks for calling\. We live on Baker Street and our stack is Ruby "
                        r"on Rails\.\nI bought a can of Dr\. Pepper at the station\. King County said the roads are "
                        r"closed\.", sent), sent


def test_anthropic_greetings_to_an_office_and_a_role_and_a_department(guarded: Proxy, mock: Mock) -> None:
    content = "Dear London office, the printers are fixed.\nHi Mods, please lock this thread.\n\nAtentamente,\n" \
              "Servicio al Cliente"
    claude(guarded).messages.create(model="claude-3-5-haiku-latest", max_tokens=50,
                                    messages=[{"role": "user", "content": content}])
    got = mock.state.requests[-1].body["messages"][0]["content"]
    sent = got if isinstance(got, str) else got[0]["text"]
    assert sent == content
