"""phone33 (atk31 F15, F21, F25, F12): bare-digit phone numbers after a payment app's name (`Zelle`, `Venmo`, `Cash
App`, `PayPal`; an OFX memo, a QIF payee line), in a chat export's system event (`added`, `removed`, `left`, `changed
to`), an SMPP log's addresses (`source_addr`, `dest_addr`, `destination_addr`, `msisdn`, `sender`), a texting or
calling call's keyword argument (`send_sms(to="...")`), after a signature's or a dispatch record's label (`Viber`,
`H:`, `W:`, `O:`, `CB#`, `Txt:`, `SMS:`, `Cont. No.`), and in an enum or a code an answer carries as data
(`finish_reason`, `error.code`) are redacted in a request's text and in an answer, whole and streamed; ids and amounts
after the same words go as sent. Values, names and phrasings here are held out: not the report's."""

from __future__ import annotations

from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_answer
from proxy.nlp.phone33 import data_phone_spans, phone33_values
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers.answers import answer_sweep
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer


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
    stream = guard.output_stream(policy(output=PII_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


A, B, C, D = "3035550162", "7135550164", "4045550117", "2065550123"
CASES = [
    # payment apps: an OFX memo, a QIF payee line, prose
    (f"<STMTTRN><TRNTYPE>DEBIT<TRNAMT>-120.00<NAME>ZELLE<MEMO>ZELLE TO {A}</STMTTRN>\nWhich category?", [A]),
    (f"!Type:CCard\nD03/11/2026\nT-18.40\nPVenmo {B}\nMDinner\n^\nWhich category?", [B]),
    (f"I got a Cash App payment from {C} yesterday, and PayPal {D} says refunded.", [C, D]),
    # chat exports: Android and iOS forms, the number after the verb or opening the event
    (f"12/03/2025, 21:14 - Ingrid Solberg added {A} and {B}\n12/03/2025, 21:15 - {C} left\nWho joined?", [A, B, C]),
    (f"[3/12/25, 9:14:02 PM] Ingrid Solberg removed {D}\n[3/12/25, 9:20:11 PM] Ingrid Solberg changed to {A}", [D, A]),
    # SMPP and gateway logs
    (f"deliver_sm seq=77 source_addr={A} destination_addr=1{B} data_coding=0\nWhy did it bounce?", [A, B]),
    (f"2026-03-11T10:00:00Z submit_sm src_addr: {C} dst_addr: {D} sender={A} status=ESME_RTHROTTLED", [C, D, A]),
    # code: a call whose name texts or calls, its keyword arguments
    (f'  File "notify.py", line 31, in remind\n    gateway.send_sms(to="{A}", body=msg)\nRuntimeError: busy', [A]),
    (f"SmsApi.queue_sms(to='{B}', tpl='otp') raised; mms_send(recipient=\"{C}\") too", [B, C]),
    # signature and dispatch labels
    (f"Ingrid Solberg\nAccount Manager\nVIBER: {A}\nH: {B}\nW: {C} | O: {D}\nBest", [A, B, C, D]),
    (f"Regards,\nTomasz Wieczorek\nTxt. {A}\nSMS {B}\nCont No: {C}", [A, B, C]),
    (f"CALL 26-0107  RP: Solberg, Ingrid  CB # {D}  LOC: 40 OAK AVE\nSummarize the call.", [D]),
    (f"Please call the tenant back. Cont. No. {A}. C/B {B}.", [A, B]),
]
TEXTS = [text for text, _ in CASES]


@pytest.mark.parametrize("text, secrets", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent] == []
    assert "PHONE_NUMBER" in sent


@pytest.mark.parametrize("k", range(0, len(CASES), 2))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert [s for s in secrets if s in got] == [], got
        assert got.count("PHONE_NUMBER") >= len(set(secrets))


LOOK_ALIKES = [
    "Zelle payment of 61.75 to the landlord", "Zelle ref 2026010512", "Zelle limit 2500 per day",
    "PayPal invoice 2026010512 is overdue", "Venmo 2FA code 483920, expires in 10 min",
    "Transaction ID 2025010512 Zelle", "!Type:Bank\nPZelle Payment Ref 2025010512\n^",
    "W: 1920\nH: 1080\nO: 3 * x + 1", "W: 1920 H: 1080 O: 3 ratio", "H: 2025010512 hash of the block",
    "SMS: enabled", "SMS: 2 credits left", "Txt: see attached", "CB# 12 in tickets", "CB #7 breaker tripped",
    "Cont. No. 42 of the series", "Viber community 2025 members",
    "submit_sm source_addr_ton=1 source_addr_npi=1 esm_class=0", "submit_sm seq=2025010512 command_status=0",
    "source_addr: SHORTCODE dest_addr: 72345",
    "[05/01/2026, 10:03:00] Ops Bot: the job added 2025010512 to the queue", "Build 4471 added 3 items",
    "2026-01-05 10:03:00 - scheduler removed 2025010512", "the job added 2025010512 to the queue",
    "result = send_sms(count=2025010512, retries=3)", "sms_batch(batch_id=2025010512)",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_reader() -> None:
    text = f"Zelle to {A}\nsource_addr={B} source_addr_ton=1\nsend_text(to=\"{C}\")\nCB# {D}\nZelle ref {A}"
    found = phone33_values(text, frozenset({"PHONE_NUMBER"}))
    assert sorted(text[a:b] for a, b, _ in found) == sorted([A, B, C, D])
    assert phone33_values(text, frozenset({"US_SSN"})) == []
    assert phone33_values(f"Zelle to {A[:6]}", frozenset({"PHONE_NUMBER"})) == []  # no run of nine digits
    assert phone33_values("Zelle to 1759178010", frozenset({"PHONE_NUMBER"})) == []  # a Unix time: no number


@pytest.mark.parametrize("value, spans", [
    (f"stop {A}", [(5, 15)]), (f"err_{B}", [(4, 14)]), ("stop", []), ("x 1759178010", []), ("x 1759178010641", []),
    ("stop 20260105", []), (f"x +1 {C[:3]} {C[3:6]} {C[6:]}", [(2, 17)]),
])
def test_data_phone_spans(value: str, spans: list[tuple[int, int]]) -> None:
    assert data_phone_spans(value) == spans


@pytest.mark.parametrize("body, where", [
    ({"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini", "choices": [
        {"index": 0, "finish_reason": f"stop ana.ruiz@quillhaven.net {A}",
         "message": {"role": "assistant", "content": "Done."}}]}, ("choices", 0, "finish_reason")),
    ({"error": {"code": f"x {B}", "message": "Bad request.", "type": "invalid_request_error"}}, ("error", "code")),
])
async def test_answer_enums_and_codes(guard: Guard, body: dict[str, Any], where: tuple[Any, ...]) -> None:
    await screen_answer(guard, policy(input=PII_IN, output=PII_OUT), answer_sweep(body, []), None)
    value: Any = body
    for step in where:
        value = value[step]
    assert A not in value and B not in value and "PHONE_NUMBER" in value


async def test_answer_enums_of_their_shape_go_as_sent(guard: Guard) -> None:
    body = {"id": "chatcmpl-2", "object": "chat.completion", "model": "gpt-4o-mini", "choices": [
        {"index": 0, "finish_reason": "stop 1759178010", "message": {"role": "assistant", "content": "Done."}},
        {"index": 1, "finish_reason": "length", "message": {"role": "assistant", "content": "Done."}}]}
    await screen_answer(guard, policy(input=PII_IN, output=PII_OUT), answer_sweep(body, []), None)
    assert [c["finish_reason"] for c in body["choices"]] == ["stop 1759178010", "length"]
