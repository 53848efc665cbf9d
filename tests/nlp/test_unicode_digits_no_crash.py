"""Characters that `str.isdigit` calls digits and `int` does not read (`⒈`, `²`, `①`, Ethiopic `፩`): the checks that
read a number's value took them for one and raised, and the PII check failed closed (503) on ordinary text such as
`Jan ፩ tickets` or a card written in enclosed digits (`⒋⒈⒈⒈...`, found by the e2e suite after the atk10 number rules).
"""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer

ALL = ["CREDIT_CARD", "PHONE_NUMBER", "IBAN_CODE", "EMAIL_ADDRESS", "US_SSN", "IP_ADDRESS", "PERSON"]


@pytest.mark.parametrize("text", [
    "My card is \u248b" + "\u2488" * 15 + " thanks",
    "Jan \u1369 tickets", "Jan \u1369\U0001d7d9\uff11\u0967\u2460 tickets", "On Mar \u00b2\u00b2 at noon",
    "Scores: \u00b2\u00b2\u00b2 \u2460\u2460\u2460 \u2488\u2488\u2488\u2488",
    "2^\u00b2 = \u2460\u2460\u2460\u2460\u2460",
    "Barcode \u2460" * 3])
async def test_digit_like_characters_never_break_the_analysis(analyzer: PiiAnalyzer, text: str) -> None:
    (spans,) = await analyzer.analyze([text], ALL)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
