"""Issue 12, atk7 tester B findings 4 and 5 (the numbers): machine-written logs and file names are no PII. A clock's
seconds and what logs write after them (klog's fraction and thread id, a git or ctime date's year and zone), an
access log's status and size, Go's monotonic reading, a number that starts with a year and month, a digit run that
starts with this century's date are no phone or card numbers; a month's or weekday's abbreviation in a date is no
name. Phone numbers, cards and names next to such text are still found (real Presidio, real spaCy model, the default
policy's entities and score floor). The rules: `proxy.nlp.recognizers.log_field`, `CardNumberRecognizer
.validate_result`, `PersonFilter.date_word`; measured by `bench/pii_fp.py` on `bench/data/technical_logs.txt`."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.recognizers import CardNumberRecognizer
from tests.support.pii import found


@pytest.mark.parametrize("text", [
    # access logs: status and size after the request line
    '"GET /api/items HTTP/1.1" 200 2048',
    '"POST /upload HTTP/1.1" 413 1832',
    'web-1 - - [04/Jun/2024:10:22:01 +0000] "GET /index.html HTTP/1.1" 200 5123 "-" "curl/8.4.0"',
    'app-3.4 - - [04/Jun/2024:10:13:40 +0000] "GET /api/v1/items/385 HTTP/2.0" 200 93016 "-" "Mozilla/5.0"',
    # HTTP / RFC 2822 dates
    "Date: Tue, 04 Jun 2024 10:22:01 GMT",
    "Date: Sun, 17 Sep 2024 02:03:02 GMT",
    "Received: from mx.example.org by mail.example.org; Tue, 04 Jun 2024 10:22:01 +0200",
    # klog: the seconds' fraction and the thread id
    "E0604 10:22:01.123456   12345 reflector.go:138] Failed to watch *v1.Pod",
    "I0517 05:59:46.072116   16568 server.go:243] handled request",
    "I0303 11:08:57.472221   43381 server.go:682] handled request",
    # git / ctime dates
    "Date:   Tue Jun 4 10:22:01 2024 +0000",
    "Date:   Mon Mar 11 08:15:42 2024 -0700",
    "Merge pull request #6919 on Sat Jun 13 23:44:37 2024 +0530",
    "Merge pull request #5711 on Sat Aug 16 07:20:25 2024 -0700",
    # Go time.Time with its monotonic reading
    "2024-06-04 10:22:01.123 +0000 UTC m=+0.000123456",
    "started at 2024-06-04 10:22:01.502 +0200 CEST m=+3.141592653",
    # file names and numbers that start with a date
    "In the migration 20240604_1022_add_index.py we add an index.",
    "snapshot_202406041022 was taken before the upgrade.",
    "Invoice 2024-03-0042 total 4,211.50 EUR due 2024-04-10",
    # month abbreviations in prose dates
    "Due: 15 Jun 2024",
    "Created 04 Jun 2024, updated 11 Mar 2025.",
    "Report for Q2 (Apr-Jun 2024) is attached.",
    "Stats for Jan 2024: 12,031 signups.",
])
async def test_log_lines_and_dated_names_are_no_pii(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("Call Jun at 10:22:01 617 555 0143", "PHONE_NUMBER", "617 555 0143"),  # after a time, no log's shape
    ("Call me, 10:22:01 5550143", "PHONE_NUMBER", "5550143"),               # a thread id only after a fraction
    ("Call me on 2024-03-0042", "PHONE_NUMBER", "2024-03-0042"),               # a phone word before a dated serial
    ('"GET / HTTP/1.1" 200 then call 617-555-0143', "PHONE_NUMBER", "617-555-0143"),
    ("card 4111 1111 1111 1111 at 10:22:01", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("at 10:22:01 card 4111 1111 1111 1111", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("card 2223 0000 4840 0011", "CREDIT_CARD", "2223 0000 4840 0011"),       # 2-series Mastercard
    ("card 2200 0000 0000 0004", "CREDIT_CARD", "2200 0000 0000 0004"),       # Mir
    ("Jun Li wrote the patch.", "PERSON", "Jun"),                              # month abbreviations as names
    ("Sun Yang won gold.", "PERSON", "Sun"),
    ("Thanks Jan, 15 tickets closed", "PERSON", "Jan"),
])
async def test_pii_beside_log_shapes_is_still_found(analyzer: PiiAnalyzer, text: str, entity: str,
                                                    value: str) -> None:
    got = await found(analyzer, text)
    assert any(kind == entity and value in span for kind, span in got), got


@pytest.mark.parametrize(("digits", "card"), [
    ("202406041022", False),          # 2024-06-04 10:22, Luhn-valid
    ("20240604103000", False),        # 2024-06-04 10:30:00, Luhn-valid
    ("2199999999999998", False),      # Luhn-valid, below Mir and the 2-series Mastercard
    ("2200000000000004", True),       # Mir
    ("2223000048400011", True),       # 2-series Mastercard
    ("4111111111111111", True),
])
def test_no_card_starts_with_this_centurys_year(digits: str, card: bool) -> None:
    r = CardNumberRecognizer()
    assert r.validate_result(digits) is card


def test_a_date_written_with_underscores_is_no_phone_numbers_start() -> None:
    """The view folds `_` in a file's name (`2024_06_04_103000`) into a phone number's groups; the text as
    written holds a date."""
    from proxy.nlp.recognizers import technical_value

    text = "Files: 2024_06_04_103000_create_orders_table.php"
    assert technical_value("PHONE_NUMBER", text, 7, 24)
    assert not technical_value("PHONE_NUMBER", "Files: 2024_16_04_103000_x.php", 7, 24)  # no month 16: no date
