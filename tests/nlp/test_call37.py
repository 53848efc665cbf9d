"""call37 (atk36 F14, F04, F06, F15, F01): phone numbers and names in call and device data.

- a call's or a message's notice before a bare number (`New voicemail from ...`, `Voicemail (0:42) from ...`, `SMS
  from ...`, `rang ...`) and a call list's unnamed rows (`Callers today:\\n...\\n3. unknown ...`): sig35;
- a signature's bare number with a one-letter label after it in brackets (`... (c)`, `(w)`, `(h)`, `(o)`) or in square
  brackets before it (`[m] ...`, `[o] ...`): sig35;
- an Asterisk channel's name holding the caller's number (`SIP/<n>-000001`, `PJSIP/`, `IAX2/`, `DAHDI/i1/`,
  `Local/<n>@...`): dev35;
- a WhatsApp JID of a linked device or identity (`<n>:17@s.whatsapp.net`, `<n>@lid`): sms35;
- ZPL labels: a label's first text field as its addressee's name (`^FDApril Sutton^FS`), `^FV` fields as `^FD`
  fields, `^FH` fields read with their hex escapes decoded (`^FH_^FDTel_3A 617_2D...`): dev35.

Values and layouts are not the report's (held out); the look-alikes go as sent. Numbers are valid to `phonenumbers`
(not 555-01xx)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.dev35 import dev35_decoded, dev35_values
from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.sig35 import sig35_values
from proxy.nlp.sms35 import sms35_values
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer, streamed_out


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=PII_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


A, B, C, D = "2069384417", "7735820916", "4048827153", "9196634208"
PHONE = frozenset({"PHONE_NUMBER"})

NUMBERS = [  # (text, what must not go)
    (f"New voicemail from {A} at 08:41: \"call me about the lease\"", [A]),
    (f"Voicemail from {B} (1:12) - transcription pending", [B]),
    (f"Voicemail (0:27) from {C}", [C]),
    (f"SMS from {D}: gate code changed", [D]),
    (f"Our tech rang {A} twice this morning", [A]),
    (f"Missed calls today:\n1. Private {B}\n2. unknown {C} (3)", [B, C]),
    (f"Call history\n09:02 inbound {A}\n09:40 outbound {D}", [A, D]),
    (f"Kind regards,\nHamish Drummond\n{A} (c)\n{B} (o)", [A, B]),
    (f"Cheers,\nZofia Kaminska\n[m] {C}\n[w] {D}", [C, D]),
    (f"Fenella Ashworth | {A} (h) | {B} (w)", [A, B]),
    (f"Channel: PJSIP/{B}-0000c4e2\nState: Ring", [B]),
    (f"Event: Hangup\nChannel: IAX2/{C}-7741\nCause: 16", [C]),
    (f"    -- DAHDI/i2/{D}-3 is ringing", [D]),
    (f"Dial(\"Local/{A}@from-internal-0000002b;2\", \"SIP/100,20\")", [A]),
    (f'"","{A}","300","from-pstn","""Lorcan Tierney"" <{A}>","SIP/{A}-000004","SIP/300-000005","Dial","SIP/300,30",'
     f'"2025-02-01 10:00:01","2025-02-01 10:00:03","2025-02-01 10:01:03",62,60,"ANSWERED","DOCUMENTATION"', [A]),
    (f"receipt from 1{C}:5@s.whatsapp.net", [C]),
    (f'{{"key":{{"remoteJid":"1{D}:12@s.whatsapp.net","fromMe":false}}}}', [D]),
    (f"participant 1{B}@lid joined", [B]),
    (f"^XA^XFR:SHIP.ZPL^FN1^FVIngrid Solberg^FS^FN2^FV{A}^FS^XZ", [A, "Solberg"]),
    (f"^XA^FO20,20^FH^FDPhone_3A {C[:3]}_2D{C[3:6]}_2D{C[6:]}^FS^XZ", [C[6:]]),
]
NAMES = [  # ZPL labels: (text, the name's words that must not go, what must stay)
    ("^XA^FO40,40^A0N,28^FDSaoirse Mulcahy^FS^FO40,80^FD9 Elm Row^FS^XZ", ["Saoirse", "Mulcahy"], ["9 Elm Row"]),
    ("^XA^CF0,30^FO30,30^FDSummer Ashworth^FS^FO30,70^FDUnit 4, 18 Quay Street^FS^XZ", ["Summer", "Ashworth"],
     ["18 Quay Street"]),
    ("^XA^FO40,40^FDEmeka Nwosu^FS^FO40,80^FD3 Mill Lane^FS^XZ", ["Emeka", "Nwosu"], ["3 Mill Lane"]),
    ("^XA^FO50,50^FH^FDTadeo_20Villanueva^FS^FO50,90^FDBox 12^FS^XZ", ["Villanueva"], ["Box 12"]),
    ("^XA^FO10,10^FDTel: 2069384417^FS^FO10,50^FDKeoni Makoa^FS^FO10,90^FD41 Ocean View Drive^FS^XZ",
     ["Keoni", "Makoa", "2069384417"], ["41 Ocean View Drive"]),
]
LOOK_ALIKES = [
    "Set maxmsg=100 and maxsecs=180 in voicemail.conf; the voicemail greeting plays after 4 rings.",
    "Missed calls by hour:\n09:00 12\n10:00 31\n11:00 27",
    "| date | calls | missed |\n|---|---|---|\n| 2025-02-01 | 1432 | 87 |\n| 2025-02-02 | 1512 | 91 |",
    "Call history (last day): 1700000000 to 1700086400",
    "Callers today:\n1. total 1432\n2. unique 987",
    "He rang the bell 3 times; callback_id=1699999999",
    "SMS from the gateway: 12034 messages, 98.2% delivered",
    "register => SIP/trunk-out-000001",
    "Channel: PJSIP/200-0000a1f3 (extension 200)",
    "IAX2/provider-1234 hung up; Local/200@from-internal-00000012;1 answered",
    "exten => _NXXNXXXXXX,1,Dial(SIP/${EXTEN}@trunk)",
    "^XA^FO50,50^A0N,30^FDSKU 4471-A^FS^FO50,90^BC^FD123456789012^FS^XZ",
    "^XA^FO50,50^A0N,30^FDWidget Pro^FS^FO50,90^FDQty 12^FS^XZ",
    "^XA^FO20,20^A0N,40^FDFRAGILE^FS^FO20,80^FDHandle With Care^FS^XZ",
    "^XA^FO50,50^FDLogitech Brio^FS^FO50,90^FDModel C920, 12 Main Street^FS^XZ",
    "^XA^FH^FDLot_2042_20Batch_207^FS^XZ",
    "^XA^XFR:PRICE.ZPL^FN1^FVGrace Foods^FS^FN2^FV19.99^FS^XZ",
    "Regards,\nthe support team\n(c) 2026 Northwind Inc.",
    "Version 4.2.1 (c) 1999-2026, build 1700000000 (w)",
    "Choose: [a] 1024 [b] 2048 [c] 4096",
    "status@broadcast is the status JID; a linked device adds :17 before the @",
    "Build 20240501:17 finished; set the device id to 17 (device 17@lid)",
]


@pytest.mark.parametrize("k", range(len(NUMBERS)))
async def test_numbers_are_redacted(guard: Guard, k: int) -> None:
    text, secrets = NUMBERS[k]
    got = await _sent(guard, text)
    assert [s for s in secrets if s in got] == [], got


@pytest.mark.parametrize("k", [0, 1, 3, 4, 5, 7, 8, 10, 12, 15, 18])
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets = NUMBERS[k]
    secrets = [s for s in secrets if s.isdigit()]  # (an answer's names go as sent: `PII_OUT`)
    for got in (await _answered(guard, text), await streamed_out(guard, policy(output=PII_OUT), text, 3)):
        assert [s for s in secrets if s in got] == [], got


@pytest.mark.parametrize("k", range(len(NAMES)))
async def test_label_names(guard: Guard, k: int) -> None:
    text, secrets, kept = NAMES[k]
    got = await _sent(guard, text)
    assert [s for s in secrets if s in got] == [], got
    assert all(s in got for s in kept), got
    assert "^FS" in got and got.endswith("^XZ")


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_readers() -> None:
    text = f"Voicemail from {A}\n{B} (c)\n[o] {C}"
    assert sorted(text[a:b] for a, b, _ in sig35_values(text, PHONE)) == sorted([A, B, C])
    assert sig35_values("Voicemail from 1700000000\n1699999999 (c)\n[o] 1700000001", PHONE) == []
    text = f"Channel: SIP/{A}-000001, SIP/100-000002, SIP/trunk-000003"
    assert [text[a:b] for a, b, _ in dev35_values(text, PHONE)] == [A]
    text = f"from 1{A}:3@s.whatsapp.net and 1{B}@lid"
    assert [(text[a:b], v) for a, b, _, v in sms35_values(text, PHONE)] == [("1" + A, "+1" + A), ("1" + B, "+1" + B)]
    text = f"^XA^FH^FDTel_3A {A[:3]}_2D{A[3:]}^FS^XZ"
    assert [(text[a:b], v) for a, b, _, v in dev35_decoded(text, PHONE)] == [(f"{A[:3]}_2D{A[3:]}", f"{A[:3]}-{A[3:]}")]
    assert dev35_decoded(text, frozenset({"US_SSN"})) == []
