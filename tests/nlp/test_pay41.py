"""pay41 (atk41 F03, F07): card numbers glued to a payment message's framing (ISO 8583 field 2 with its LLVAR length,
field 35 and track 2 with the `D` separator, EMV tags `5A` and `57` with their length byte, an ISO 8583 dump's
bitmap), an SSN glued to its label (`SSN536904399`), and Luhn-valid cards of the national schemes that start with 8
or 9 (UzCard, HUMO, Belkart, PROSTIR, RuPay's 81/82) after a card word are redacted in a request's text and in an
answer, whole and streamed; other ISO 8583 fields, digests, barcodes, order numbers, lengths that do not match go as
sent. Values here are held out: not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
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


V, M, D, X, V19 = "4095023892020512", "5253371941310664", "6011767630374658", "340194098205727", "4622582408949661498"
UZ, HU, BK, PR, R1, R2 = ("8600003446596984", "9860989897191148", "9112267045205516", "9804736600297335",
                          "8127863329687141", "8213764420811397")


def _g4(card: str) -> str:
    return " ".join(card[i:i + 4] for i in range(0, len(card), 4))


def _track(pan: str, rest: str) -> str:
    """A track 2 field with its LLVAR length glued before it."""
    return f"{len(pan) + 1 + len(rest):02d}{pan}D{rest}"


CASES = [
    # ISO 8583 field 2 with its length glued (LLVAR)
    (f"Auth log: MTI 0100 DE002=16{V} DE003=000000 DE004=000000004200 DE039=05\nWhy the decline?", [V]),
    (f"de2=15{X} de4=000000000999", [X]),
    (f"F2: 19{V19}\nF4: 000000001500", [V19]),
    (f'{{"mti": "0200", "de002": "16{M}", "de004": "000000000500"}}', [M]),
    # field 35 with its length, track 2 with `D`
    (f"DE035={_track(M, '27112011234500000')} DE037=601234567890", [M]),
    (f"card reader: ;{D}D2810101000000000? bad LRC", [D]),
    (f"track2 {V}D29032010000000000 rejected", [V]),
    # EMV TLV
    (f"ARQC data 5A08{D}5F2403281130 9F02060000000025", [D]),
    (f"5A 08 {M} 5F34 01 01", [M]),
    (f"5A08{X}F", [X]),
    (f"TLV 9F3602004A5A08{V}5F24032611305F340101", [V]),
    (f"57 13 {V}D29032010000000000000F", [V]),
    (f"5711{M}D27112010000000000", [M]),
    # an ISO 8583 dump: type, bitmap with bit 2 set (a secondary bitmap when bit 1 is), length, PAN
    (f"0100 7234054128C28000 16{M} 000000", [M]),
    (f"0200 F23A400108E18000 0000000000000004 16{D} 003000", [D]),
    # SSN glued to its label
    ("Member SSN482193650 on file", ["482193650"]),
    # national schemes after a card word
    (f"Card number: {_g4(UZ)}, exp 04/29", [UZ]),
    (f"HUMO card {HU} was blocked", [HU]),
    (f"Belkart {_g4(BK)}", [BK]),
    (f"картка {_g4(PR)} не проходить", [PR]),
    (f"RuPay card {_g4(R1)} and debit card {R2}", [R1, R2]),
]


@pytest.mark.parametrize("text, secrets", CASES)
async def test_requests_are_redacted(guard: Guard, text: str, secrets: list[str]) -> None:
    sent = await _sent(guard, text)
    assert [s for s in secrets if s in sent.replace(" ", "")] == [], sent
    assert "CREDIT_CARD" in sent or "US_SSN" in sent


@pytest.mark.parametrize("k", range(0, len(CASES), 2))
async def test_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secrets = CASES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert [s for s in secrets if s in got.replace(" ", "")] == [], got


LOOK_ALIKES = [
    "MTI 0110 DE004=000000004200 DE011=008812 DE037=601234567890 DE039=00 DE041=POS00017",
    "DE007=0302114512 DE012=114512 DE013=0302 DE049=978",
    f"DE002=16{V[:6]}XXXXXX{V[-4:]} is how the log masks it",
    f"DE002=16{V[:-1]}{(int(V[-1]) + 1) % 10} fails the check digit",
    f"DE004=16{V} is an amount field",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "EAN 5901234123457, UPC 042100005264",
    "Timestamps 2026-03-02T11:45:12Z and 1772451912000, job 20260302D1145",
    "Order #300215768943217788 shipped, PO 4500098765 line 20",
    "for (i = 0;i < 16;i++) { sum += a[i]; }",
    "color: #5A0812; border: 1px solid #570D0D;",
    "Scores 57 13 24 88 91; row 5A 08 seats",
    "uuid 5a081234-5678-4abc-9def-0123456789ab",
    f"Serial {HU} on the modem label",
    f"Order {R2} shipped to the warehouse",
    "bitmap 7234054128C28000: fields 2, 3, 4, 7, 11 present",
    "field2=1600000000000000000, f2=16 bits, bit 2 = 1",
    "run id ;20260302123456789D1299 in the scheduler",
    "SSN-2026 release; SSNs 120 processed; SSN12 test",
    "5A06 1234567890AB and 57 0A 1234567890123456789A",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


def test_reader() -> None:
    from proxy.nlp.pay41 import glued_pans

    text = f"DE002=16{V} DE004=000000000100 ;{D}D2810101? 5A08{M} 57 13 {V}D29032010000000000000F"
    assert [text[a:b] for a, b in glued_pans(text)] == [V, D, M, V]
    assert glued_pans("DE004=000000000100 DE011=000123") == []
    assert glued_pans(f"DE002=15{V}") == []  # the length does not match a Luhn-valid PAN
    assert glued_pans(f";{V}D2713") == []  # no month 13
    assert glued_pans(f"DE002 16{V}") == []  # no `=` or `:`: the card recognizer's, not this reader's
