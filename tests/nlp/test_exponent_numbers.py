"""A number in exponent notation is read as the digits a JSON parser gives (issue 12; atk14 tester B H3:
`{"card": 4.111111111111111e15}` in streamed tool-call arguments reached the client's tool as the card)."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import normalize
from proxy.nlp.pii import PiiAnalyzer


@pytest.mark.parametrize(("text", "view", "number"), [
    ('{"card": 4.532015112830366e15}', '{"card": 4532015112830366}', "4.532015112830366e15"),
    ('{"card": 4.532015112830366E+15}', '{"card": 4532015112830366}', "4.532015112830366E+15"),
    ('{"card": 45320151128303660e-1}', '{"card": 4532015112830366}', "45320151128303660e-1"),
    ('{"ssn": 5.36904399E8}', '{"ssn": 536904399}', "5.36904399E8"),
    ("phone: 61755501.43e2", "phone: 6175550143", "61755501.43e2"),
    ("phone: 0.6175550143e10", "phone: 6175550143", "0.6175550143e10"),
    ("card 4111111111111111e3", "card 4111111111111111000 4111111111111111", "4111111111111111e3"),
    ("[1, -3.782822463100050e14]", "[1, 378282246310005]", "-3.782822463100050e14"),
    ("617555014.37e1 kept as its integer part", "6175550143 kept as its integer part", "617555014.37e1"),
])
def test_an_exponent_number_reads_as_its_digits(text: str, view: str, number: str) -> None:
    """The view reads the value; a finding on its digits maps back onto the whole number as written."""
    v = normalize(text)
    assert v.text == view
    digits = max(view.replace("[", " ").replace("]", " ").replace("}", " ").split(), key=len)
    at = v.text.index(digits)
    start, end = v.span(at, at + len(digits))
    assert text[start:end] == number


@pytest.mark.parametrize("text", [
    "lr=3e-4 and warmup 1e3 steps", "1e10 iterations", "hash a2e5f00d", "6.02e23 molecules", "x = 1.5e3",
    "Avogadro's constant is 6.02214076e23 per mole",
    "version 1.2.3e4", "1.23456789e-5 s", "2.5e6 rows per second", "4.532015112830366e15x",
])
def test_short_mantissas_fractions_and_words_stay(text: str) -> None:
    assert normalize(text).text == text


async def test_the_analysis_finds_the_values(analyzer: PiiAnalyzer) -> None:
    texts = ['{"card": 4.532015112830366e15, "ssn": 2.19099999e8}', '{"phone": 6.175550143e9, "to": "me"}',
             '{"lr": 3e-4, "steps": 1.2e4, "seed": 4.2e1}']
    found = await analyzer.analyze(texts, ["CREDIT_CARD", "US_SSN", "PHONE_NUMBER"])
    got = [sorted((s.entity, t[s.start:s.end]) for s in spans if s.score >= 0.4)
           for t, spans in zip(texts, found, strict=True)]
    assert got[0] == [("CREDIT_CARD", "4.532015112830366e15"), ("US_SSN", "2.19099999e8")], got
    assert got[1] == [("PHONE_NUMBER", "6.175550143e9")], got
    assert got[2] == [], got
