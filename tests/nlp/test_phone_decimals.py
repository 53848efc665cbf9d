"""Issue 12 (README-only attack, F12): a decimal number on a technical prompt was read as a phone number."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import shared_analyzer


@pytest.fixture(scope="module")
async def analyzer() -> PiiAnalyzer:
    a = shared_analyzer()
    await a.start()
    return a


async def test_a_decimal_number_is_not_a_phone_number_but_phones_still_are(analyzer: PiiAnalyzer) -> None:
    texts = ["Grafana panel shows 99th percentile at 1234.5678 ms; is the histogram bucket wrong?",
             '{"lat": 29.6449, "lon": -121.7851, "zoom": 3}',
             "Call 617.555.0143 or 0490 75 40 81 or +33 1 23 45 67 89, fax 212-555-0199."]
    found = await analyzer.analyze(texts, ["PHONE_NUMBER"])
    assert [[t[s.start:s.end] for s in spans if s.score >= 0.4] for t, spans in zip(texts, found, strict=True)] == [
        [], [], ["617.555.0143", "0490 75 40 81", "+33 1 23 45 67 89", "212-555-0199"]]


async def test_a_log_timestamp_is_not_a_phone_number_but_phones_still_are(analyzer: PiiAnalyzer) -> None:
    # README-only attack (issue 12, M2): `2024-03-01 12:00:01,123` went upstream as `<PHONE_NUMBER_1>:00:01,123`.
    texts = ["The job logged 2024-03-01 12:00:01,123 ERROR timeout, retried at 2024/03/01 23:59:59",
             "Deployed 2023-11-05T09:15:33Z and 2023.11.05 7:05 from the runner",
             "Call 617-555-0143, or phone 2012 05 11 23."]
    found = await analyzer.analyze(texts, ["PHONE_NUMBER"])
    assert [[t[s.start:s.end] for s in spans if s.score >= 0.4] for t, spans in zip(texts, found, strict=True)] == [
        [], [], ["617-555-0143", "2012 05 11 23"]]
