"""Issue 12, atk11 tester A FP1 and tester B FP-M1, FP-M3, FP-L2 (false positives): numbers that are no phone number.

FP1: three 3-digit numbers joined by a hyphen or a space with a unit after them or a colour or timing word before them
(`p50/p95/p99 latency: 254-431-504 ms`, `rgb 216-117-123`, `Timeouts (connect-read-write): 127-876-640 ms.`). FP-M1:
numeric literals with `_` digit separators in code (`4_294_967_295`, `10_000_000`, `1_234_567.89`). FP-M3: counts in
thousands groups beside a count noun in de/fr/es/it (`12 345 678 Anfragen`, `2 147 483 647 lignes`) and 2^n - 1 in
thousands groups. FP-L2: quantities in thousands groups with their unit (`299 792 458 m/s`) and integer sequences
listed from their start (factorials, Catalan and Bell numbers, Pascal's triangle). Both directions: phone numbers
written in the same frames are still found (real Presidio, real spaCy model, the default policy's entities)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp import recognizers
from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII_ALL = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                    "US_SSN", "IBAN_CODE", "IP_ADDRESS"]}}


async def _screened(analyzer: PiiAnalyzer, text: str) -> str:
    """What the input phase sends on for `text` (the text itself when it changes nothing)."""
    verdict = await Guard(analyzer, WordScorer()).input(policy(input=PII_ALL), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


NOT_PHONES = [
    # FP1: three 3-digit numbers, hyphens or spaces
    "p50/p95/p99 latency: 254-431-504 ms",
    "p50/p95/p99 latency: 254 431 504 ms",
    "Use color rgb 216-117-123 for the header.",
    "Timeouts (connect-read-write): 127-876-640 ms.",
    "Timeouts (connect-read-write): 149-174-766 ms.",
    "Latency (p50 p95 p99): 226 438 652 ms",
    "The brand colour is RGB 129 242 154.",
    # FP-M1: `_` digit separators
    "In Rust, `let x: u32 = 4_294_967_295;` is u32::MAX.",
    "Java: long big = 9_223_372_036_854_775_807L;",
    "C#: int limit = 2_147_483_647;",
    "Set n_samples = 10_000_000 for the benchmark.",
    "seed = 123_456_789",
    "rows = 617_555_014",
    "Use 16_777_216 bytes as the chunk size.",
    "price = 1_234_567.89",
    # FP-M3: counts beside a count noun, 2^32 - 1
    "Wir haben 12 345 678 Anfragen pro Tag.",
    "Es wurden 2 147 483 647 Zeilen verarbeitet.",
    "Die Tabelle hat 9 876 543 210 Zeilen.",
    "Nous avons traité 2 147 483 647 lignes.",
    "Se procesaron 4 294 967 295 registros.",
    "Sono state elaborate 1 073 741 824 righe.",
    "Der Zähler steht auf 4 294 967 295.",
    # FP-L2: quantities and sequences
    "Speed of light: 299 792 458 m/s exactly.",
    "Earth–Sun distance: 149 597 870 700 m (1 au).",
    "The light year is 9 460 730 472 580 800 m.",
    "Mass of the Moon: 73 420 000 000 000 000 000 000 kg.",
    "Pascal's triangle row 10: 1 10 45 120 210 252 210 120 45 10 1",
    "Catalan numbers: 1 1 2 5 14 42 132 429 1430 4862 16796",
    "Factorials: 1 2 6 24 120 720 5040 40320 362880",
    "Bell numbers: 1 1 2 5 15 52 203 877 4140 21147",
]


@pytest.mark.parametrize("text", NOT_PHONES)
async def test_such_numbers_go_on_as_written(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _screened(analyzer, text) == text


@pytest.mark.parametrize(("text", "value"), [
    ("call 254-431-504 about the latency", "254-431-504"),  # a phone word before it keeps it one
    ("Call 617-555-0143 about the 254-431-504 ms latency.", "617-555-0143"),
    ("phone: 617 555 0143", "617 555 0143"),
    ("Reach me at +49 30 12345678.", "+49 30 12345678"),
    ("Mon numéro : 06 12 34 56 78", "06 12 34 56 78"),
    ("Llámame al 612 345 678", "612 345 678"),
    ("My mobile is 612-345-678 if the latency stays high.", "612-345-678"),
    ("Sorry for the delay. My number is 612 345 678.", "612 345 678"),
    ("612-345-678 (mobile), the timeouts are fine", "612-345-678"),
    ("phone 617_555_0143", "617_555_0143"),  # `_` between a phone number's groups is still folded
    ("Factorials: 1 2 6 24 120, call 617 555 0143", "617 555 0143"),
    ("Items 1 2 3 4 5 6 617 555 0143", "617 555 0143"),  # a group with a leading zero: no listed sequence
])
async def test_phone_numbers_in_the_same_frames_are_still_redacted(analyzer: PiiAnalyzer, text: str,
                                                                   value: str) -> None:
    got = await _screened(analyzer, text)
    assert value not in got and "<PHONE_NUMBER_" in got, got


def test_the_view_keeps_a_code_literal_and_folds_a_phone_number() -> None:
    assert normalize("let x: u32 = 4_294_967_295;").text == "let x: u32 = 4_294_967_295;"
    assert normalize("x = 1_234_567.89").text == "x = 1_234_567.89"
    assert normalize("phone 617_555_0143").text == "phone 617 555 0143"
    assert normalize("ssn 078_05_1120").text == "ssn 078 05 1120"


@pytest.mark.parametrize(("items", "listed"), [
    ("1 1 2 5 14 42 132 429 1430", True),
    ("1 2 6 24 120 720 5040 40320", True),
    ("1 10 45 120 210 252 210 120 45 10 1", True),
    ("0 1 1 2 3 5 8 13", True),
    ("1 2 6 24 120 720", False),  # too short to tell
    ("2 6 24 120 720 5040 40320", False),  # not from 0 or 1
    ("1 2 3 4 5 6 617 555 0143", False),  # goes down, a leading zero
    ("1 2 3 4 5 212 555 0199", False),  # goes down
])
def test_listed_from_start(items: str, listed: bool) -> None:
    assert recognizers.listed_from_start(items.split()) is listed


@pytest.mark.parametrize(("text", "measured"), [
    ("latency: 254-431-504 ms", True),
    ("rgb 216-117-123", True),
    ("c = 299 792 458 m/s", True),
    ("The counter stops at 4 294 967 295.", True),
    ("Call 254-431-504 ms", True),  # measurement alone; `technical_number` reads the phone word first
    ("Timeouts: ask 254-431-504 (mobile)", False),  # a phone word after it
    ("My number is 254 431 504 ms", False),
    ("Ref 254-431-504 ready", False),  # no unit, no colour or timing word
    ("The team has 612 345 678", False),
])
def test_measurement(text: str, measured: bool) -> None:
    m = next(recognizers._THREE_BY_THREE.finditer(text))  # the three groups, as the phone recognizer reads them
    assert recognizers.measurement(text, m.start(), m.end()) is measured
