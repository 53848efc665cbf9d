"""dev35 (atk33 F01, F21, F16 in part): names, phone numbers and SSNs inside device and file formats: ZPL/EPL label
code's fields, Android content-provider dumps (`adb shell content query`), Asterisk caller ids (dialplan, sip.conf,
AMI, CDR rows), PyPDF2/pypdf form fields (`/T`, `/V`) and SWIFT MT103 `:50F:`/`:59F:` (`7/US/<SSN>`). Each value is
read by its own context in the format; product codes, barcodes, extensions, `/Off`, amounts go as sent. Values are
held out (not the report's)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = {"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}}
P_OUT_DEFAULT = {"pii": {"action": "redact", "entities": ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"],
                         "min_score": 0.4}}  # the shipped default policy's output


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=200)  # (the shipped default hold)


async def _sent(guard: Guard, text: str) -> str:
    return await sent_chat(guard, P_IN, text)


async def _streamed(guard: Guard, text: str, size: int, output: dict[str, object] = P_OUT) -> str:
    return await streamed_out(guard, policy(output=output), text, size)


NAMED = [  # (text, values that must not go, what must stay as written)
    # ZPL and EPL label code
    ("^XA^FO50,50^A0N,40,40^FDMaribel Quintero^FS^FO50,100^A0N,30,30^FD(312) 555-0184^FS"
     "^FO50,150^FD3125550184^FS^XZ", ["Maribel", "Quintero", "3125550184", "555-0184"], ["^XA^FO50,50^A0N,40,40^FD"]),
    ("^XA^FO20,20^A0N,30,30^FDShip to: Desmond Achebe^FS^FO20,60^FDSKU-7731-RED^FS^XZ", ["Desmond", "Achebe"],
     ["^FDShip to: ", "^FDSKU-7731-RED^FS"]),
    ("^XA\n^FX recipient\n^FO40,40^A0N,30,30^FDSunita Raman^FS\n^FX phone\n^FO40,80^FD6025550139^FS\n^XZ",
     ["Sunita", "Raman", "6025550139"], ["^FX recipient", "^FX phone"]),
    ("^XA^FX ssn^FO40,40^FD529-41-7730^FS^FO40,80^FDQty 4^FS^XZ", ["529-41-7730"], ["^FDQty 4^FS"]),
    ("^XA^FX printed for Maribel Quintero^FO50,50^FDBox 3^FS^FO50,90^FDDesmond Achebe^FS^XZ",
     ["Maribel", "Quintero", "Desmond", "Achebe"], ["^FO50,50^FDBox 3^FS^FO50,90^FD"]),
    ('N\nq812\nA50,50,0,3,1,1,N,"Maribel Quintero"\nA50,100,0,3,1,1,N,"6025550139"\nB50,150,0,1,2,4,80,B,"88123"\nP1',
     ["Maribel", "Quintero", "6025550139"], ['B50,150,0,1,2,4,80,B,"88123"']),
    # Android content-provider dumps
    ("Row: 0 display_name=Desmond Achebe, data1=6025550139, mimetype=vnd.android.cursor.item/phone_v2",
     ["Desmond", "Achebe", "6025550139"], ["mimetype=vnd.android.cursor.item/phone_v2"]),
    ("Row: 3 display_name=Desmond Achebe, data1=d.achebe@example.net, mimetype=vnd.android.cursor.item/email_v2",
     ["Desmond", "Achebe", "d.achebe@example.net"], ["email_v2"]),
    ("Row: 1 _id=7, number=3125550184, duration=42, type=2", ["3125550184"], ["duration=42, type=2"]),
    ("Row: 2 display_name_alt=Quintero, Maribel, data1=Maribel Quintero, data2=Maribel, data3=Quintero, "
     "mimetype=vnd.android.cursor.item/name", ["Maribel", "Quintero"], ["mimetype=vnd.android.cursor.item/name"]),
    ("Row: 9 _id=31, thread_id=2, address=6025550139, read=1", ["6025550139"], ["thread_id=2"]),
    # Asterisk
    ("exten => s,1,Set(CALLERID(num)=3125550184)\n same => n,Set(CALLERID(name)=Maribel Quintero)\n"
     " same => n,Dial(PJSIP/1001)", ["3125550184", "Maribel", "Quintero"], ["Dial(PJSIP/1001)"]),
    ('[1002]\ntype=endpoint\ncallerid="Desmond Achebe" <6025550139>\ncontext=internal',
     ["Desmond", "Achebe", "6025550139"], ["context=internal"]),
    ("Event: Newchannel\nCallerIDNum: 3125550184\nCallerIDName: Sunita Raman\nConnectedLineNum: 6025550139\n"
     "Exten: 1001", ["3125550184", "Sunita", "6025550139"], ["Exten: 1001"]),
    ('"","3125550184","1001","from-external","""Maribel Quintero"" <3125550184>","SIP/trunk-0001",'
     '"SIP/1001-0002","Dial","SIP/1001","2026-01-02 10:00:00"', ["Maribel", "Quintero", "3125550184"],
     ['"1001","from-external"']),
    # PyPDF2 / pypdf form fields
    ("{'/T': 'SSN', '/V': '529-41-7730'}", ["529-41-7730"], ["'/T': 'SSN'"]),
    ("fields = reader.get_fields()\n{'ssn': {'/FT': '/Tx', '/T': 'ssn', '/V': '529417730'}}", ["529417730"],
     ["'/FT': '/Tx'"]),
    ("{'full_name': {'/FT': '/Tx', '/T': 'full_name', '/V': 'Sunita Raman'}, 'phone': {'/FT': '/Tx', '/T': 'phone', "
     "'/V': '6025550139'}}", ["Sunita", "Raman", "6025550139"], ["'/T': 'full_name'"]),
    ("{'/T': 'last_name', '/V': 'Quintero'}", ["Quintero"], ["'/T': 'last_name'"]),
    # SWIFT MT103, option F
    (":50F:/US1234567890\n1/MARIBEL QUINTERO\n2/12 MAIN ST\n3/US/BOSTON\n7/US/529417730",
     ["MARIBEL", "QUINTERO", "529417730"], ["2/12 MAIN ST"]),
    (":59F:/GB33BUKB20201555555555\n1/DESMOND ACHEBE\n2/1 HIGH ST\n3/GB/LONDON\n7/US/529-41-7730",
     ["DESMOND", "ACHEBE", "529-41-7730"], ["2/1 HIGH ST"]),
]
PLAIN = [  # PII-free look-alikes
    "^XA^FO50,50^A0N,30,30^FDSKU-4411-BLUE^FS^FO50,100^FDQty 12^FS^XZ",
    "^XA^FO50,50^BY2^BCN,100,Y,N,N^FD>:12345678^FS^XZ",
    "^XA^FO50,50^A0N,40,40^FDWidget Pro^FS^FO50,100^FDMade in USA^FS^XZ",
    "^XA^FO40,40^BCN,80,Y,N^FD6025550139^FS^FO40,160^FDLot 2026-07^FS^XZ",
    'N\nA40,40,0,4,1,1,N,"Model X200"\nA40,90,0,4,1,1,N,"Total 1250.00"\nB40,140,0,1,2,4,80,B,"3125550184"\nP1',
    "Row: 5 _id=12, data1=3, mimetype=vnd.android.cursor.item/group_membership",
    "Row: 6 _id=13, data1=Work, mimetype=vnd.android.cursor.item/organization",
    "exten => 1001,1,Dial(SIP/1001)\n same => n,Voicemail(1001@default)",
    "Event: Newchannel\nCallerIDNum: 1001\nCallerIDName: Front Desk\nExten: 1002",
    '[1001]\ntype=endpoint\ncallerid="Reception" <1001>',
    "{'/T': 'agree', '/V': '/Off'}, {'/T': 'subscribe', '/V': '/Yes'}, {'/T': 'amount', '/V': '1250.00'}",
    "{'/T': 'order_id', '/V': '3125550184'}, {'/T': 'state', '/V': 'Texas'}",
    ":50K:/00112233445566\nACME GMBH\n:59:/99887766554433\nGLOBEX SA",
]


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
async def test_values_redacted_on_input(guard: Guard, text: str, values: list[str], kept: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [v for v in values if v in sent] == []
    assert [k for k in kept if k not in sent] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED[::2])
@pytest.mark.parametrize("size", [0, 3])
async def test_values_redacted_in_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                          size: int) -> None:
    out = await _streamed(guard, text, size or len(text))
    assert [v for v in values if v in out] == []
    assert [k for k in kept if k not in out] == []


@pytest.mark.parametrize(("text", "values", "kept"), NAMED)
@pytest.mark.parametrize("size", [0, 3])
async def test_numbers_redacted_in_default_answers(guard: Guard, text: str, values: list[str], kept: list[str],
                                                   size: int) -> None:
    out = await _streamed(guard, text, size or len(text), P_OUT_DEFAULT)
    numbers = [v for v in values if not v[:1].isalpha() or "@" in v]
    assert [v for v in numbers if v in out] == []


@pytest.mark.parametrize("text", PLAIN)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _streamed(guard, text, 3) == text
