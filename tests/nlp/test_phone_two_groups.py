"""Issue 12, F7 of the README-only attack: two groups of 4-5 digits (`8080-8443`, `build 1234-5678`,
`30000-32767`, `7731-0042.gz`) are no phone number without a phone word before or after them, while a phone
number's own shapes need none (real Presidio, real spaCy model, the default policy's entities and score floor)."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found


@pytest.mark.parametrize("text", [
    "Open port range 8080-8443 on the load balancer",
    "build 1234-5678 failed",
    "job 5521-9083 timed out after 300s",
    "the bucket s3://logs-2024/app/7731-0042.gz",
    "Ticket 4111-2222 is closed",
    "Order #4111-2222 shipped",
    "PO 5512-3390 approved",
    "case number 7731-0042",
    "see INC 5123-8870 for details",
    "Rack 4411-2200 in DC2",
    "sprint 2345-6789 retro",
    "ports: 30000-32767 NodePort range",
    "range 10000-20000 is reserved for ephemeral ports",
    "ZIP+4 02139-4307",
    "the reply said: build 1234-5678 failed; retry job 5521-9083",
])
async def test_two_groups_of_four_or_five_digits_are_no_phone_number(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "phone"), [
    ("call me at 5550-1234", "5550-1234"),                 # a phone word before it
    ("my phone is 5550-1234", "5550-1234"),
    ("Phone:\n9469 9966", "9469 9966"),
    ("Can someone call me on 9472 7916", "9472 7916"),
    ("reach me on 4411-2200", "4411-2200"),
    ("ring me at 8080-8443", "8080-8443"),
    ("Desk: 9472 7916", "9472 7916"),                       # a phone label
    ("Home: 5550-1234", "5550-1234"),
    ("my number is 12345-67890", "12345-67890"),            # a possessive before "number"
    ("9472 7916 (mobile)", "9472 7916"),                     # a phone word right after it
    ("5550-1234 office, 5550-1299 fax", "5550-1234"),
    ("617-555-0143", "617-555-0143"),                        # a phone's own shapes, no word needed
    ("(71) 4233-6306", "(71) 4233-6306"),
    ("build 617-555-0143 failed", "617-555-0143"),
])
async def test_phone_numbers_with_a_phone_word_or_a_phone_shape_are_still_found(
        analyzer: PiiAnalyzer, text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)
