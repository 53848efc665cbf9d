"""phone37 (atk37 F01, F21, F22): Indian, Chinese and Singapore mobiles without a country code after everyday cues
(`call the customer back on`, `OTP sent to`, `UPI linked to`, `mob`, `HP:`, `Handy`, `missed call from`), bare numbers
beside a contact (after an e-mail address, a person's name in a contact line, in parentheses, after ` / `; mobile-money
confirmations), a bare SSN beside a person, and UPI handles (`<number or name>@ybl`) are redacted in a request's text
and in an answer, whole and streamed; ids, amounts, Unix times and builds beside the same words go as sent. Values,
names and phrasings here are held out: not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.phone37 import phone37_values, upi_handles
from proxy.nlp.pii import PiiAnalyzer
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


async def _streamed(guard: Guard, text: str, size: int) -> str:
    return await streamed_out(guard, policy(output=PII_OUT), text, size)


IN1, IN2, CN1, CN2, SG = "9876012345", "7045123987", "15923456781", "18612349876", "9234 5678"
US, FR, DE, UK, KE = "3125550178", "0698765432", "01601234567", "07912345678", "254733987654"
SSN = "412859037"
CASES = [
    # F01: cued mobiles without a country code
    (f"Kindly ring the buyer back on {IN1[:5]} {IN1[5:]} before noon.", [IN1[:5] + " " + IN1[5:]], "PHONE_NUMBER"),
    (f"The OTP was sent to {IN2} but never arrived.", [IN2], "PHONE_NUMBER"),
    (f"Her wallet is linked to {CN1}; UPI linked to {IN2}", [CN1, IN2], "PHONE_NUMBER"),
    (f"mob {IN2}\nHP: {CN2}\nCelular {IN1}", [IN2, CN2, IN1], "PHONE_NUMBER"),
    (f"There was a missed call from {CN2} at 9pm.", [CN2], "PHONE_NUMBER"),
    (f"Please call the client back on {SG}.", [SG], "PHONE_NUMBER"),
    # contact lists
    (f"赵敏 {CN1}\n孙立 {CN2}", [CN1, CN2], "PHONE_NUMBER"),
    (f"Priya Nair {IN1}\nVikram Rao {IN2}", [IN1, IN2], "<"),  # (the name's finding may take the line's number)
    # F22: beside an e-mail address or a name
    (f"p.hollister@yahoo.com, {US}", [US], "PHONE_NUMBER"),
    (f"Contact: Dana Hollister / {US} / Legal", [US], "PHONE_NUMBER"),
    (f"Hollister ({US})", [US], "PHONE_NUMBER"),
    (f"c.moreau@free.fr; {FR}", [FR], "PHONE_NUMBER"),
    (f"k.hoffmann@web.de | {DE}", [DE], "PHONE_NUMBER"),
    (f"Attendees:\n- Hollister {UK}\n- Moreau {FR}", [UK, FR], "PHONE_NUMBER"),
    (f"Confirmed. Ksh2,500.00 sent to ACHIENG OTIENO {KE} on 4/2/24", [KE], "PHONE_NUMBER"),
    (f"Gupta: {IN1}", [IN1], "PHONE_NUMBER"),
    # a bare SSN beside a person
    (f"Dana Hollister, DOB 07/22/1979, {SSN}", [SSN], "US_SSN"),
    (f"p.hollister@yahoo.com, {SSN}", [SSN], "US_SSN"),
    # F21: UPI handles
    (f"UPI/DR/512345678902/PRIYA NAIR/HDFC/{IN1}@okhdfcbank/groceries", [f"{IN1}@okhdfcbank"], "EMAIL_ADDRESS"),
    (f"My VPA is priya.nair@oksbi, or {IN2}@paytm", ["priya.nair@oksbi", f"{IN2}@paytm"], "EMAIL_ADDRESS"),
]


@pytest.mark.parametrize("text, secrets, entity", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str], entity: str) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == [], sent
    assert entity in sent


@pytest.mark.parametrize("k", [0, 1, 4, 8, 10, 11, 14, 18, 19])
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets, entity = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert [s for s in secrets if s in got] == [], got


LOOK_ALIKES = [
    "Build 3125550178 passed.", "Ref (1234567890)", "Order Number: 9876012345", "Invoice 9876012345 is paid",
    "Ticket no. 9876012345 was closed", "Timestamp: 1733472000, call back later",
    "created_at=1733472000 by the scheduler",
    "The tracking number is 1Z999AA10123456784", "Python 3.12 / 3125550178 rows", "Case (3125550178)",
    "Total: 9876012345 bytes", "Page 9876012345", "npm i -D @types/node @ybl/sdk", "@paytm.route('/pay')",
    "Use the @upi decorator", "Kubernetes, 2024, 250 pages",
    "Amount 15923456781 paise", "call count 15923456781",
    "port 8080, pid 9234 5678", "Release train 2019 (team 12)", "Gradle (9876012345)", "Jenkins / 3125550178",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_reader() -> None:
    text = f"OTP sent to {IN2}\nHollister ({US})\nRef (1234567890)\nDana Hollister, {SSN}"
    found = phone37_values(text, frozenset({"PHONE_NUMBER", "US_SSN"}))
    assert sorted((text[a:b], e) for a, b, e, _ in found) == sorted([(IN2, "PHONE_NUMBER"), (US, "PHONE_NUMBER"),
                                                                    (SSN, "US_SSN")])
    assert phone37_values(text, frozenset({"US_SSN"})) == [(a, b, e, v) for a, b, e, v in found if e == "US_SSN"]
    assert phone37_values("Build 3125550178 by Dana", frozenset({"PHONE_NUMBER"})) == []
    assert phone37_values(f"sent to ACHIENG OTIENO {KE}", frozenset({"PHONE_NUMBER"}))[0][3] == "+" + KE
    assert [chunk[a:b] for chunk in [f"pay {IN1}@ybl or @ybl"] for _, a, b, _ in upi_handles(chunk, [])] == \
        [f"{IN1}@ybl"]
