"""atk14 tester A LOW-FP-1 (the rest of it): a parcel's 15-digit tracking number after its word, and digits inside a
SHA-256 hex digest (the form OpenAI recommends for `safety_identifier`), went up as CREDIT_CARD. Other values of
the same classes than the tester's (each passes a card's checks); cards after their word stay cards."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

PII_FREE = [
    "Tracking 608656907029313 shows delivered but the box never came.",
    "My FedEx tracking number is 515904584744529 and it still says label created.",
    "UPS tracking # 608656907029313 has not moved since Monday.",
    "24b07f57a07c21f1642de63b5364282869405913da569e7afc85e70a225a112b",  # sha256("session-190")
    "safety_identifier a602f1dc1a2615948862464e508f6532feed7d1ab591a226fff47831fb73783f is set per user",
    "session=6986f4542425285639a938ecb74da3a19d12ab994d7b034210e46bf1f99a5a16",
]


@pytest.mark.parametrize("text", PII_FREE)
async def test_tracking_numbers_and_digests_are_no_cards(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "value"), [
    ("Tracking is fine, but my card 4111 1111 1111 1111 was charged twice.", "4111 1111 1111 1111"),
    ("Paid with credit card 5364282869405913 for the tracking upgrade.", "5364282869405913"),
    ("5364282869405913", "5364282869405913"),
    ("card: 4542425285639 (a 13-digit Visa)", "4542425285639"),
])
async def test_cards_stay_cards(analyzer: PiiAnalyzer, text: str, value: str) -> None:
    assert ("CREDIT_CARD", value) in await found(analyzer, text)
