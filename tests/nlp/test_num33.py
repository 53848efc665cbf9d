"""num33 (atk33 FP01): a numeric table's row, its cells kept apart by two or three blanks or holding amounts
(`Totals: 612.00  5508.00`, `AAPL 189.30 190.10 187.60`, `88  92  79  95`, `42.3601  -71.0589`), is neither folded
into one phone number's, SSN's or card's groups by the view nor read as a phone number; values written with doubled
blanks (`617  555  0143`, `536  90  4399`, `4111  1111  1111  1111`) are found still. Rows and values here are held
out: not the report's."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.normalize import normalize, pattern_view
from proxy.nlp.num33 import row_finding
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


ROWS = [
    "Subtotal:  734.20  1168.40",
    "Line total   27.75   333.00",
    "8    Cloud backup        212.40   1699.20",
    "TSLA 251.40 256.85 249.10",
    "Q3 revenue   3812  4476",
    "Grades  81  77  93  68",
    "Position: 48.8566  -2.3522",
    "Humidity  61.5  63.0  64.2  60.9",
    "eu-west  733.18  21.07  912",
    "Disk  2048  4096  8192",
]


@pytest.mark.parametrize("text", ROWS)
def test_rows_are_not_folded(text: str) -> None:
    assert normalize(text).text == text
    assert pattern_view(text).text == text


@pytest.mark.parametrize("text", ROWS)
async def test_rows_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


async def test_a_table_goes_as_sent_and_as_answered(guard: Guard) -> None:
    text = ("Item                Unit     Total\nCloud backup      212.40   1699.20\nOnboarding        95.50    "
            "477.50\nTotals:  2176.70  plus tax  174.14  2350.84\nAre the totals right?")
    assert await _sent(guard, text) == text
    assert await _answered(guard, text) == text


VALUES = [
    ("call 303  555  0162 today", "PHONE_NUMBER", "303"),
    ("303  555  0162", "PHONE_NUMBER", "0162"),
    ("ssn 372  14  6690", "US_SSN", "6690"),
    ("card 4539  1488  0343  6467", "CREDIT_CARD", "6467"),
    ("4539  1488 0343  6467 on file", "CREDIT_CARD", "6467"),
]


@pytest.mark.parametrize("text, entity, part", VALUES)
async def test_values_with_doubled_blanks_are_found(guard: Guard, text: str, entity: str, part: str) -> None:
    sent = await _sent(guard, text)
    assert part not in sent and entity in sent


@pytest.mark.parametrize("text, row", [
    ("AAPL 189.30 190.10 187.60", True), ("x 12.50  300.00", True), ("88  92  79  95", True),
    ("303  555  0162", False), ("372  14  6690", False), ("4539  1488  0343  6467", False),
    ("303 555 0162", False), ("12.50  303  555  0162", False), ("0490 75 40 81", False),
])
def test_row_finding(text: str, row: bool) -> None:
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    assert row_finding(text, digits[0], digits[-1] + 1) is row
