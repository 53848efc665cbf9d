"""call37 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk36 F14,
F04, F06, F15, F01): a voicemail's or an SMS's notice and a call list's unnamed row, a signature's `(c)`/`[m]`
numbers, an Asterisk channel's number, a WhatsApp device JID's number and a ZPL label's addressee, `^FV` and `^FH`
fields reach the provider redacted on the chat, Responses and Messages routes; the look-alikes (voicemail settings,
call stats, SIP trunks, product labels, `(c) 2026`) as sent; the model's own such values reach the client redacted,
whole and streamed. Held-out values (real-looking, not 555-01xx)."""

from __future__ import annotations

from pathlib import Path

import pytest

from proxy.nlp.pii import DEFAULT_SPACY_MODEL, _engines
from tests.conftest import Mock, Proxy, ProxyFactory
from tests.support.clients import answers, ask_chat, claude, oai, received

DEFAULT_POLICY = (Path(__file__).resolve().parents[2] / "policies" / "default.yaml").read_text()


@pytest.fixture(scope="module")
def guarded(proxy_factory: ProxyFactory) -> Proxy:
    _engines(DEFAULT_SPACY_MODEL)  # load the engines outside the server's start-up wait
    return proxy_factory(files={"policies/default.yaml": DEFAULT_POLICY})


REQUEST = ("Sort these out.\nNew voicemail from 7738824161 at 09:12: call back please\n"
           "SMS from 4048815527: running late\n\nMissed calls today:\n1. unknown 9198826634\n\n"
           "Best,\nHamish Drummond\n2068843312 (c)\n[o] 3037718842\n\n"
           "Channel: PJSIP/6468825531-0000a1f2\nreceipt from 17029913384:4@s.whatsapp.net\n\n"
           "^XA^FO40,40^A0N,28^FDSaoirse Mulcahy^FS^FO40,80^FD9 Elm Row^FS^XZ\n"
           "^XA^XFR:SHIP.ZPL^FN1^FVIngrid Solberg^FS^FN2^FV8583318826^FS^XZ\n"
           "^XA^FO20,20^FH^FDPhone_3A 512_2D883_2D4417^FS^XZ")
SECRETS = ["7738824161", "4048815527", "9198826634", "2068843312", "3037718842", "6468825531", "7029913384",
           "Mulcahy", "Solberg", "8583318826", "883_2D4417"]
KEPT = ("Set maxmsg=100 in voicemail.conf.\nMissed calls by hour:\n09:00 12\n10:00 31\n"
        "register => SIP/trunk-out-000001\nChannel: PJSIP/200-0000a1f3\n"
        "^XA^FO50,50^A0N,30^FDSKU 4471-A^FS^FO50,90^BC^FD123456789012^FS^XZ\n"
        "^XA^FO50,50^A0N,30^FDWidget Pro^FS^FO50,90^FDQty 12^FS^XZ\n(c) 2026 Northwind Inc.\nWhy?")


def test_chat_and_responses_requests(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "9 Elm Row" in sent and "Hamish" not in sent
    oai(guarded).responses.create(model="gpt-4o-mini", input=REQUEST)
    body = received(mock)
    assert not [s for s in SECRETS if s in body], body
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_request(guarded: Proxy, mock: Mock) -> None:
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": REQUEST}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is the summary.\nVoicemail from 2129935518 (0:42) - no transcription\n"
          "Regards,\nZofia Kaminska\n3129936617 (w)\n[m] 4159937720\n"
          "Channel: IAX2/7189934415-7741\nsender 14049938812:2@s.whatsapp.net\n"
          "^XA^FO40,40^FDEmeka Nwosu^FS^FO40,80^FD3 Mill Lane^FS^XZ\nDone.")
ANSWER_SECRETS = ["2129935518", "3129936617", "4159937720", "7189934415", "4049938812"]  # (names: by policy)


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "calls?"):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got, got


def test_kept_answer(guarded: Proxy, mock: Mock) -> None:
    mock.script(text=KEPT, chunk_chars=3)
    assert ask_chat(guarded, "ids?", stream=True) == KEPT
