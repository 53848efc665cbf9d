"""nato39 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk38 F09,
F11): a call transcript's surnames and mailboxes spelled in the NATO/ICAO alphabet reach the provider redacted whole
on the chat and Messages routes; radio prose and a list of the alphabet go as sent; the model's own spelled mailbox
reaches the client redacted, whole and streamed. The client's values come back into placeholders the answer wrote
HTML-escaped (`&lt;PERSON_1&gt;`) or with JSON-escaped brackets (`\\u003cEMAIL_ADDRESS_1\\u003e`), escaped the same
way, whole and streamed three characters a chunk. Held-out values. (The default policy screens answers for contact
values only, no PERSON: the analyzer's reading of a streamed name is tests/nlp/test_nato39.py's.)"""

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


REQUEST = ("Summarise this call.\nAgent: Could you spell your surname?\n"
           "Caller: Sure. Mike Uniform Romeo Alfa Kilo Alfa Mike India.\n"
           "Agent: And the email on the account?\n"
           "Caller: Tango Oscar Mike Oscar dot Kilo at gmail dot com\n"
           "Agent: thanks, and my colleague is Oscar Hotel Alfa November Lima Oscar November.")
SECRETS = ["Uniform Romeo Alfa", "Kilo Alfa Mike", "Tango Oscar", "Hotel Alfa November", "November Lima Oscar",
           "gmail"]
KEPT = ("Speedbird two four alpha, contact departure.\n"
        "The NATO alphabet goes Alfa, Bravo, Charlie, Delta, Echo, Foxtrot, Golf, Hotel.\n"
        "Whiskey Tango Foxtrot, the build broke again. Book the Hotel California.")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "Caller: Sure. <PERSON_" in sent and "Caller: <EMAIL_ADDRESS_" in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": KEPT}])
    assert str(mock.last_body["messages"][0]["content"]) == KEPT


ANSWER = ("I noted the mailbox as Whiskey India Lima Delta Echo underscore Romeo at yahoo dot com for the file.\n"
          "Done.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_spelled_mailbox_in_answers(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "notes?"):
        assert got and "India Lima Delta" not in got and "yahoo" not in got, got
        assert "<EMAIL_ADDRESS_" in got and "Done." in got, got


PROMPT = "I'm Theodora Vasquez-Lindahl, theodora.vl@fastmail.net. Draft the HTML and the JSON for my profile."
ESCAPED = ("<pre>&lt;p&gt;Dear &lt;PERSON_1&gt;, write to &lt;EMAIL_ADDRESS_1&gt;&lt;/p&gt;</pre>\n"
           '{"name":"\\u003cPERSON_1\\u003e","email":"\\u003cEMAIL_ADDRESS_1\\u003e"}\n'
           "Keep &lt;div&gt; as written.")
RESTORED = ("<pre>&lt;p&gt;Dear Theodora Vasquez-Lindahl, write to theodora.vl@fastmail.net&lt;/p&gt;</pre>\n"
            '{"name":"Theodora Vasquez-Lindahl","email":"theodora.vl@fastmail.net"}\n'
            "Keep &lt;div&gt; as written.")


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_escaped_placeholders_restored(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ESCAPED, route, PROMPT):
        assert "Vasquez" not in str(mock.last_body["messages"][0]["content"])
        assert got == RESTORED, got
