"""Issue 12, findings 9 and 11 of atk6: IANA time zones are no people (`Europe/Berlin`, `America/Denver`), and
ports apart by `/`, a Unix time after a time word and a number after `#` are no phone numbers, while the same
numbers with a phone word stay phone numbers and a name beside a zone is still found (real Presidio, real spaCy
model, the default policy's entities and score floor)."""

from __future__ import annotations

import re

import pytest

from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.zones import zone_names, zone_spans
from tests.support.pii import found


def test_zone_list_is_the_tz_database() -> None:
    zones = zone_names()
    assert {"Europe/Berlin", "America/Denver", "America/Argentina/Buenos_Aires", "Asia/Kolkata"} <= zones
    assert "UTC" not in zones  # no area: never needed, never a name


def test_zone_spans_find_only_listed_zones() -> None:
    text = 'TZ=Europe/Berlin, "tz": "America/Denver", path Foo/Bar, America/Argentina/Buenos_Aires.'
    assert [text[a:b] for a, b in zone_spans(text)] == ["Europe/Berlin", "America/Denver",
                                                         "America/Argentina/Buenos_Aires"]
    assert zone_spans("src/Europe/Berlin/x") == []  # inside a longer path: a directory, not a zone name


ZONES = ["Europe/Berlin", "America/Denver", "America/New_York", "Asia/Kolkata", "Australia/Sydney",
         "America/Los_Angeles", "America/Sao_Paulo", "Europe/London", "Asia/Tokyo", "America/Chicago"]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("shape", ["Set TZ={} before starting the service", "The cron runs in {} time",
                                   '{{"timezone": "{}", "retries": 3}}'])
async def test_time_zones_are_no_names(analyzer: PiiAnalyzer, zone: str, shape: str) -> None:
    assert await found(analyzer, shape.format(zone)) == set()


async def test_a_name_beside_a_zone_is_still_found(analyzer: PiiAnalyzer) -> None:
    got = await found(analyzer, "Maria Schmidt works from Europe/Berlin, call her on 617-555-0143")
    assert ("PERSON", "Maria Schmidt") in got
    assert ("PHONE_NUMBER", "617-555-0143") in got
    assert not any(e == "PERSON" and re.search("Europe|Berlin", v) for e, v in got)


@pytest.mark.parametrize("text", [
    "Open 8080/8443 on the firewall",
    "443/8443 are open",
    "Open 80/443/8443 on the load balancer",
    "X-RateLimit-Reset: 1717506000",
    '{"exp": 1717506000, "iat": 1717502400}',
    "created_at=1717506000",
    "the token expires 1717506000",
    "Ticket #4155 5512 3412",
    "PR #1234 5678 merged",
    "Betreff: Rechnung Nr. 2024-118, Zahlungsbedingungen wie vereinbart.",
])
async def test_ports_epochs_and_hash_numbers_are_no_phone_numbers(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "phone"), [
    ("call me at 8080/8443", "8080/8443"),          # a phone word before it
    ("Fax: 1717506000", "1717506000"),
    ("Phone #: 555 1234 5678", "555 1234 5678"),
    ("ph # 4155 5512 3412", "4155 5512 3412"),       # a phone label
    ("reach me at #4155 5512 3412", "4155 5512 3412"),
    ("4155 5512 3412 (mobile)", "4155 5512 3412"),    # a phone word right after it
    ("Telefon Nr. 030 1234567", "030 1234567"),        # a German phone word before `Nr.`
])
async def test_the_same_numbers_with_a_phone_word_stay_phone_numbers(
        analyzer: PiiAnalyzer, text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)
