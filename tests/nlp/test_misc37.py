"""misc37 (atk37 F02, F05, F15, F18): an IBAN glued to a digit before it (an MT940 `?31` subfield, `Ref31DE...`), an
SSN repeated bare after the place it was found (`SSN ...; subscriber id ...`, an EDI 834's `REF*0F`) and SSN digits
after the labels that carry one (`Medicare HICN`, `Subscriber ID`, `W-2 box a`, `SSA-89`, UB-04 `FL 60`, an X12
`NM1*QC` member id), e-mails spelled in German, Italian, Dutch, Polish, Japanese and Chinese (in answers streamed
too), and base64 glued after a key's `=` (`state=`, a cookie's `session=`, base64url in JSON) are redacted. Values and
phrasings are held out (not the report's); the look-alikes go as sent."""

from __future__ import annotations

import base64
import json

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import DEFAULT_ENTITIES, WordScorer, sent_chat, streamed_out

P_IN = policy(input={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4, "restore": True}})
P_OUT = policy(output={"pii": {"action": "redact", "entities": DEFAULT_ENTITIES, "min_score": 0.4}})


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


def _iban(cc: str, bban: str, wrong: bool = False) -> str:
    n = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
    check = 98 - n % 97
    return f"{cc}{(check % 97 + 1 if wrong else check):02d}{bban}"


IBANS = [_iban("DE", "500105175407324931"), _iban("GB", "NWBK60161331926819"), _iban("FR", "30006000011234567890189"),
         _iban("NL", "ABNA0417164300"), _iban("ES", "21000418450200051332"), _iban("AT", "1904300234573201")]
BAD = [_iban("DE", "500105175407324931", True), _iban("GB", "NWBK60161331926819", True)]

GLUED_IBANS = [
    (f":61:2602030203DR310,00NTRFNONREF\n:86:166?00SEPA-UEBERWEISUNG?20EREF+INV88?31{IBANS[0]}?32Acme GmbH", IBANS[0]),
    (f"Ref77{IBANS[1]} please check the payee", IBANS[1]),
    (f"0042{IBANS[2]}", IBANS[2]),
    (f"TXN9{IBANS[3]};EUR;120.00", IBANS[3]),
    (f"?30BSABESBB?31{IBANS[4]}", IBANS[4]),
    (f"beneficiary acct 12{IBANS[5]}", IBANS[5]),
]


@pytest.mark.parametrize("text, iban", GLUED_IBANS)
async def test_glued_ibans(guard: Guard, text: str, iban: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert iban not in sent and iban[4:] not in sent
    assert "IBAN_CODE" in sent


SSN, SSN2 = "287654321", "401239876"
SSN_CASES = [
    (f"SSN {SSN[:3]}-{SSN[3:5]}-{SSN[5:]}; member number {SSN} on the card", [SSN]),
    (f"INS*Y*18*021*28*A***FT~\nNM1*IL*1*DOE*JANE****34*{SSN}~\nREF*0F*{SSN}~\nREF*1L*GRP4410~", [SSN]),
    (f"Employee SSN: {SSN2[:3]} {SSN2[3:5]} {SSN2[5:]}\n...\nbenefits id {SSN2}-02, payroll key {SSN2}", [SSN2]),
    (f"Medicare HICN: {SSN}B", [SSN]),
    (f"Subscriber #: {SSN2}-03", [SSN2]),
    (f"Form W-2, box a {SSN}", [SSN]),
    (f"SSA-89 {SSN2}", [SSN2]),
    (f"UB-04 FL 60 Insured's Unique ID: {SSN}", [SSN]),
    (f"NM1*IL*1*DOE*JANE*Q***MI*XA{SSN2}~", [SSN2]),
    (f"CMS-1500 1a. INSURED'S ID NUMBER {SSN}", [SSN]),
]


@pytest.mark.parametrize("text, values", SSN_CASES)
async def test_ssn_echoes_and_cues(guard: Guard, text: str, values: list[str]) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert [v for v in values if v in sent] == [], sent
    assert "US_SSN" in sent


async def test_ssn_echo_across_messages(guard: Guard) -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": f"My SSN is {SSN[:3]}-{SSN[3:5]}-{SSN[5:]}."},
                                       {"role": "assistant", "content": "Thanks."},
                                       {"role": "user", "content": f"The plan id is {SSN} too."}]}
    from proxy.guard.phases import screen_request
    from proxy.providers import openai

    await screen_request(guard, P_IN, openai.request_texts("chat", body))
    assert SSN not in json.dumps(body)


MAILS = [
    ("Kontakt: lena punkt hofmann at web punkt de", "lena"),
    ("scrivimi: marco punto bianchi chiocciola gmail punto com", "bianchi"),
    ("e-mail: sanne punt visser apenstaartje kpnmail punt nl", "visser"),
    ("adres: tomasz kropka nowak małpa onet kropka pl", "nowak"),
    ("連絡先はhanako.suzukiアットマークezweb.ne.jpまで", "hanako"),
    ("联系邮箱 li 点 wei 艾特 qq 点 com 谢谢", "wei"),
]


@pytest.mark.parametrize("text, part", MAILS)
async def test_spelled_mails(guard: Guard, text: str, part: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert part not in sent and "EMAIL_ADDRESS" in sent
    for size in (3, 7):
        out = await streamed_out(guard, P_OUT, text, size)
        assert part not in out and "EMAIL_ADDRESS" in out, out


def _b64(data: bytes, url: bool = False) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=") if url else base64.b64encode(data).decode()


DOC = json.dumps({"mail": "nina.okafor@outlook.com", "next": "/billing"}).encode()
NOTE = b"Patient Nina Okafor, nina.okafor@outlook.com, ssn 287-65-4321, callback."
BLOBS = [
    f"POST /login?redirect=1&state={_b64(DOC)} 200", f"payload={_b64(NOTE)}",
    f"Set-Cookie: sess={_b64(DOC, True)}.Zb1x9Q.aGVsbG8td29ybGQtc2lnbmF0dXJl; Path=/",
    '{"relay_state": "' + _b64(NOTE, True) + '"}',
    f"Authorization: Basic {_b64(b'nina.okafor@outlook.com:pa55')}",
]


@pytest.mark.parametrize("text", BLOBS)
async def test_keyed_base64(guard: Guard, text: str) -> None:
    sent = await sent_chat(guard, P_IN, text)
    assert sent != text
    decoded = [base64.b64decode(run + "=" * (-len(run) % 4), altchars=b"-_" if "-" in run or "_" in run else None)
               for run in sent.replace("=", " = ").replace('"', " ").replace(".", " ").split() if len(run) >= 24]
    assert decoded and not any(b"okafor" in d for d in decoded)


LOOK_ALIKES = [
    # IBAN-like strings that fail mod 97, BICs, long references
    f"?31{BAD[0]}", f"Ref77{BAD[1]}", "?30DEUTDEFFXXX?31COBADEFF", "Ref31DEUTDEFF500 swift", "INV2026DE00123456789012",
    "order 00GB12345678901234567890", "SKU 7AB12CD34EF56GH78", "build 20260131DE4412 passed",
    # repeated ids, no SSN
    "Order 287654321 shipped; order 287654321 delayed.", "Subscriber count: 287654321", "W-2 box 1: 52000.00",
    "FL 60 INSURED ID: 900123456", "Medicare HICN field is empty", "subscriber id 000123456",
    "NM1*PR*2*ACME HEALTH*****PI*987654321~",
    # German/Italian/Dutch prose with the words
    "Der Punkt ist: wir treffen uns at 9 Uhr punkt de facto.", "Il punto è che la chiocciola è lenta.",
    "Dat is het punt: apenstaartje heet @ in het Nederlands.", "Kropka i małpa to znaki.",
    "Wir treffen uns at home, Punkt acht.", "アットマークは@の記号です", "艾特一下大家",
    # base64 of binary, JWT-like tokens, long identifiers, keys
    f"sig={_b64(bytes(range(48)))}", f"avatar=data:image/png;base64,{_b64(bytes(range(200, 256)) * 2)}",
    "token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MjQyIiwiaWF0IjoxNzAwMDAwMDAwfQ.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    "name = my_very_long_snake_case_identifier_for_tests", "key=AKIAIOSFODNN7EXAMPLEKEYS0000", "state=af0ifjsldkj",
    "x-request-id: 3f2a9c1e-7b4d-4e8a-9f01-2c3d4e5f6a7b",
    "hash=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await sent_chat(guard, P_IN, text) == text
