"""sms35 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk33 F03, F06,
F17, F20): an SMS Backup & Restore export (`<sms address=...>`, `<mms>` recipients, `<call number=...>`, contact
names), a Twilio WhatsApp webhook's `WaId`, a Cloud API payload's `wa_id` and sqlite3's `.mode quote` and `.mode
ascii` rows reach the provider redacted (chat, Messages, Responses), their dates, durations and amounts as sent; the
model's own such numbers reach the client redacted, whole and streamed. Values held out from the unit tests."""

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


REQUEST = ('<smses count="2">\n'
           '<sms protocol="0" address="8016472930" date="1700000000000" type="1" body="at the gate" read="1" '
           'contact_name="(Unknown)" />\n'
           '<sms protocol="0" address="15127738460" date="1700000300000" type="2" body="ok" '
           'contact_name="Nadia Okafor" />\n</smses>\n'
           '<call number="4043917725" duration="42" date="1700000600000" type="1" contact_name="Nadia Okafor" />\n'
           '<mms date="1700000900000" address="8016472930~4043917725" msg_box="1" contact_name="(Unknown)" />\n'
           "WaId=16027719384&ProfileName=Nadia+Okafor&Body=hi\n"
           '{"contacts": [{"profile": {"name": "Nadia Okafor"}, "wa_id": "16027719384"}]}\n'
           "1,'Nadia Okafor','9192847361'\n2,'Omar Haddad','8016472930'\n"
           "1\x1fOmar Haddad\x1f4043917725\x1e\nWhat happened here?")
SECRETS = ["8016472930", "5127738460", "4043917725", "6027719384", "9192847361", "Nadia Okafor", "Omar Haddad"]
KEPT = ('<sms protocol="0" date="1700000000000" type="1" read="1" status="-1" body="ok" />\n'
        '<call duration="42" date="1700000600000" type="3" presentation="1" />\n'
        "1,'Widget',19.99,4200\n2,'Gadget',4.5,380\n1,4043917725,17\nWhy?")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert 'address="<PHONE_NUMBER_' in sent and 'date="1700000000000"' in sent and 'duration="42"' in sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_and_responses_requests(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent
    oai(guarded).responses.create(model="gpt-4o-mini", input=REQUEST)
    sent = str(mock.last_body["input"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is the export:\n"
          '<sms address="8016472930" date="1700000000000" type="1" body="ok" contact_name="(Unknown)" />\n'
          '<call number="15127738460" duration="42" type="1" />\n'
          "WaId=16027719384\n1,'Nadia Okafor','9192847361'\nDone.")
ANSWER_SECRETS = ["8016472930", "5127738460", "6027719384", "9192847361"]


def test_chat_answer_whole_and_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER)
    got = oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "export?"}]).choices[0].message.content
    assert got is not None and not [s for s in ANSWER_SECRETS if s in got], got
    assert 'date="1700000000000"' in got and 'duration="42"' in got
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(c.choices[0].delta.content or "" for c in oai(guarded).chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "export?"}], stream=True) if c.choices)
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
    assert "Done." in streamed


def test_anthropic_answer_streamed(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=ANSWER, chunk_chars=3)
    streamed = "".join(e.delta.text for e in claude(guarded).messages.create(
        model="claude-3-5-sonnet-latest", max_tokens=200, stream=True,
        messages=[{"role": "user", "content": "export?"}])
        if e.type == "content_block_delta" and e.delta.type == "text_delta")
    assert streamed and not [s for s in ANSWER_SECRETS if s in streamed], streamed
