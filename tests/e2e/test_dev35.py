"""dev35 end to end through the official openai and anthropic SDKs, under the shipped default policy (atk33 F01, F21,
F16 in part): the names, phone numbers and SSNs of a ZPL label's `^FD` fields (one under a `^FX` comment), an EPL text
line, an `adb shell content query` dump's rows, Asterisk caller ids (sip.conf, AMI, a CDR row), pypdf form fields and
an MT103 `:50F:` field reach the provider redacted (chat, messages, responses); product codes, barcodes, extensions,
`/Off` and amounts as sent; the model's own such numbers reach the client redacted, whole and streamed. Held-out
values."""

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


REQUEST = ("Why does this print blank?\n"
           "^XA^FO40,40^A0N,30,30^FDAnneliese Brandt^FS^FO40,80^FD5125550176^FS\n"
           "^FX recipient\n^FO40,120^A0N,30,30^FDTeodora Vasquez^FS^FO40,160^FDSKU-2231-GRN^FS^XZ\n"
           "Row: 0 display_name=Anneliese Brandt, data1=7025550163, mimetype=vnd.android.cursor.item/phone_v2\n"
           '[1003]\ntype=endpoint\ncallerid="Teodora Vasquez" <9195550128>\n'
           "{'/T': 'ssn', '/V': '281-64-9015'}\n"
           ":50F:/US1234567890\n1/ANNELIESE BRANDT\n2/7 PINE ST\n3/US/AUSTIN\n7/US/281649015\n")
SECRETS = ["Anneliese", "Brandt", "5125550176", "Teodora", "Vasquez", "7025550163", "9195550128", "281-64-9015",
           "281649015", "ANNELIESE", "BRANDT"]
KEPT = ("^XA^FO40,40^FDSKU-2231-GRN^FS^FO40,80^FDQty 24^FS^FO40,120^BCN,80,Y^FD>:5125550176^FS^XZ\n"
        "Row: 4 _id=8, data1=2, mimetype=vnd.android.cursor.item/group_membership\n"
        "exten => 1003,1,Dial(PJSIP/1003)\nCallerIDNum: 1003\n"
        "{'/T': 'agree', '/V': '/Off'}, {'/T': 'total', '/V': '1250.00'}")


def test_chat_request(guarded: Proxy, mock: Mock) -> None:
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": REQUEST}])
    sent = mock.last_body["messages"][0]["content"]
    assert not [s for s in SECRETS if s in sent], sent
    assert "^FO40,160^FDSKU-2231-GRN^FS^XZ" in sent and "^FX recipient" in sent, sent
    oai(guarded).chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": KEPT}])
    assert mock.last_body["messages"][0]["content"] == KEPT


def test_anthropic_and_responses_requests(guarded: Proxy, mock: Mock) -> None:
    text = ("Event: Newchannel\nCallerIDNum: 4695550117\nCallerIDName: Teodora Vasquez\n"
            '"","4695550117","1003","from-pstn","""Teodora Vasquez"" <4695550117>","PJSIP/trunk-01"\n'
            "{'phone': {'/FT': '/Tx', '/T': 'phone', '/V': '5125550176'}}")
    claude(guarded).messages.create(model="claude-3-5-sonnet-latest", max_tokens=16,
                                    messages=[{"role": "user", "content": text}])
    sent = str(mock.last_body["messages"][0]["content"])
    assert not [s for s in ("4695550117", "Teodora", "Vasquez", "5125550176") if s in sent], sent
    oai(guarded).responses.create(model="gpt-4o-mini", input=REQUEST)
    sent = str(mock.last_body["input"])
    assert not [s for s in SECRETS if s in sent], sent


ANSWER = ("Here is the label:\n^XA^FO40,40^FDTel: 5125550176^FS^FO40,80^FD7025550163^FS^XZ\n"
          "Row: 1 display_name=Ana, data1=9195550128, mimetype=vnd.android.cursor.item/phone_v2\n"
          "callerid=\"Ana\" <4695550117>\n{'/T': 'SSN', '/V': '281-64-9015'}\n"
          ":50F:/US1234567890\n1/ANA\n7/US/281649015\nDone.")
ANSWER_SECRETS = ["5125550176", "7025550163", "9195550128", "4695550117", "281-64-9015", "281649015"]


@pytest.mark.parametrize("route", ["chat", "messages"])
def test_answer_whole_and_streamed(guarded: Proxy, mock: Mock, route: str) -> None:
    for got in answers(guarded, mock, ANSWER, route, "label?"):
        assert got and not [s for s in ANSWER_SECRETS if s in got], got
        assert "Done." in got, got
