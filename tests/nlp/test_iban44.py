"""iban44 (atk43 F01, F16, F20, F21): values in a grouping the recognizers missed, in a request's text and in an
answer, whole and streamed. IBANs in their national print layout (RIB, CIN/ABI/CAB, sort code, CCC, Brazil's
account type apart), cards, SSNs and phone numbers printed with thousands separators after their label or under a
table header naming them, SSNs grouped 4-5 after their label, a US number after `011-1-`, digit look-alike letters
(`Ч` `З` `б` `Ƽ`) inside a value's digits, U+2E33 as an e-mail dot. Label-driven: amounts, populations, Russian words
beside numbers and product codes stay as written."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

# the IBAN's type on both sides (the shipped output rules do not list it: an answer's IBAN is screened where a policy
# names it)
IBAN_IN = {"pii": {**PII_IN["pii"], "entities": [*PII_IN["pii"]["entities"], "IBAN_CODE"]}}
IBAN_OUT = {"pii": {**PII_OUT["pii"], "entities": [*PII_OUT["pii"]["entities"], "IBAN_CODE"]}}
ENTITIES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"]


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _values(analyzer: PiiAnalyzer, text: str) -> list[tuple[str, str]]:
    spans = (await analyzer.analyze([text], ENTITIES))[0]
    return [(s.entity, text[s.start:s.end]) for s in spans if s.entity != "PERSON"]


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=IBAN_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=IBAN_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=IBAN_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


def _digits(value: str) -> list[str]:
    """The runs of 3 or more digits (or look-alikes) of `value`: none may be left in a redacted text."""
    import re

    return [g for g in re.split(r"[^0-9A-Za-z\u0400-\u04ff\u01a7-\u01bd]+", value) if len(g) >= 3]


IBANS = [  # (text, the IBAN as printed)
    ("Please wire the refund to IBAN FR76 30006 00001 12345678901 89 by Friday.", "FR76 30006 00001 12345678901 89"),
    ("Bonifico su IT60 X 05428 11101 000000123456, grazie.", "IT60 X 05428 11101 000000123456"),
    ("Pay GB82 WEST 123456 98765432 now.", "GB82 WEST 123456 98765432"),
    ("Cuenta ES91 2100 0418 45 0200051332 por favor.", "ES91 2100 0418 45 0200051332"),
    ("Conta BR15 0000 0000 0000 1093 2840 814 P2 ok", "BR15 0000 0000 0000 1093 2840 814 P2"),
    ("Conta BR1500000000000010932840814 P2 ok", "BR1500000000000010932840814 P2"),
    ("Konto DE89 370 400 440 532 013 000 bitte.", "DE89 370 400 440 532 013 000"),
]


@pytest.mark.parametrize(("text", "iban"), IBANS)
async def test_an_iban_in_its_national_layout_is_read_whole(analyzer: PiiAnalyzer, guard: Guard, text: str,
                                                            iban: str) -> None:
    assert ("IBAN_CODE", iban) in await _values(analyzer, text)
    for out in (await _sent(guard, text), await _answered(guard, text), await _streamed(guard, text, 4)):
        assert [g for g in _digits(iban) if g in out and not g.isalpha()] == [], out
        assert out.startswith(text[:text.index(iban)]), out


LABELLED = [  # (text, type, value)
    ("Card number: 4,111,111,111,111,111", "CREDIT_CARD", "4,111,111,111,111,111"),
    ("Card number: 4.111.111.111.111.111", "CREDIT_CARD", "4.111.111.111.111.111"),
    ("Card number: 4'111'111'111'111'111", "CREDIT_CARD", "4'111'111'111'111'111"),
    ("SSN: 536,904,399", "US_SSN", "536,904,399"),
    ("SSN: 536.904.399", "US_SSN", "536.904.399"),
    ("Phone: 6,175,550,143", "PHONE_NUMBER", "6,175,550,143"),
    ("Phone: 6.175.550.143", "PHONE_NUMBER", "6.175.550.143"),
    ("| customer | ssn | card |\n|---|---|---|\n| Dana | 536,904,399 | 4,111,111,111,111,111 |", "US_SSN",
     "536,904,399"),
    ("| customer | ssn | card |\n|---|---|---|\n| Dana | 536,904,399 | 4,111,111,111,111,111 |", "CREDIT_CARD",
     "4,111,111,111,111,111"),
    ("ssn 5369 04399", "US_SSN", "5369 04399"),
    ("My social is 5369-04399", "US_SSN", "5369-04399"),
    ("call 011-1-617-555-0143", "PHONE_NUMBER", "011-1-617-555-0143"),
]


@pytest.mark.parametrize(("text", "kind", "value"), LABELLED)
async def test_a_value_after_its_label_is_typed_whole(analyzer: PiiAnalyzer, guard: Guard, text: str, kind: str,
                                                      value: str) -> None:
    assert (kind, value) in await _values(analyzer, text)
    for out in (await _sent(guard, text), await _answered(guard, text), await _streamed(guard, text, 3)):
        assert value not in out and value.replace(",", "")[-4:] not in out, out


FANCY = [  # (text, the value as written)
    ("Card Ч111 1111 1111 1111 on file.", "Ч111 1111 1111 1111"),
    ("SSN ƼЗб-90-ЧЗ99", "ƼЗб-90-ЧЗ99"),
    ("Call 617-555-01Ч3", "617-555-01Ч3"),
    ("Call б17-ƼƼƼ-01ЧЗ", "б17-ƼƼƼ-01ЧЗ"),
    ("Write to jane.doe@example\u2e33com today.", "jane.doe@example\u2e33com"),
    ("Mail jane.doe@example\u2e33com.", "jane.doe@example\u2e33com"),  # (a sentence's dot after it)
    ("Mail jane.doe@example\u00b7com.", "jane.doe@example\u00b7com"),
]


@pytest.mark.parametrize(("text", "value"), FANCY)
async def test_digit_look_alike_letters_inside_a_value(analyzer: PiiAnalyzer, guard: Guard, text: str,
                                                       value: str) -> None:
    assert any(v == value for _, v in await _values(analyzer, text))
    for out in (await _sent(guard, text), await _answered(guard, text), await _streamed(guard, text, 3)):
        assert value not in out and value[-3:] not in out, out


KEPT = [
    "Revenue was $6,175,550,143 last year.",
    "Population: 536,904,399 (est.).",
    "Card sales: 4,111,111,111,111,111 units of the game.",
    "The phone sold 6,175,550,143 units.",
    "Ч 12 мин до отправления, б/у 1999 года.",
    "SKU Ч111-22 and part ƼЗ-1100 are out of stock.",
    "Ref DE12 3456 7890 1234 5678 90 failed its check.",
    "Ticket GB82 WEST 1234 is open.",
    "| item | units | price |\n|---|---|---|\n| widget | 4,111,111 | 536,904,399 |",
]


@pytest.mark.parametrize("text", KEPT)
async def test_look_alikes_stay_as_written(analyzer: PiiAnalyzer, guard: Guard, text: str) -> None:
    assert await _values(analyzer, text) == []
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text
    assert await _streamed(guard, text, 3) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("FR76 30006 00001 12345678901 89", [(0, 31)]),
    ("FR76 30006 00001 12345678901 88", []),  # (mod 97 fails)
    ("GB82 WEST 123456 98765432X", []),  # (glued to a word)
    ("xFR76 30006 00001 12345678901 89", []),
    ("PT50 0002 0123 12345678901 54", [(0, 29)]),  # (Presidio's PT layout is 4 digits short)
    ("PT50 0002 0123 12345678901 55", []),
    ("XK05 1212 0123456789 06", [(0, 23)]),
])
def test_the_iban_rule_alone(text: str, expected: list[tuple[int, int]]) -> None:
    from proxy.nlp.iban44 import _ibans

    assert _ibans(text) == expected
