"""atk16 tester B M1, M4, L1: numbers that are no phone or card numbers. Two-digit numbers apart by spaces (scores,
ages, temperatures, lottery numbers) were a phone number (seven of them a card); a product's or an asset's number in
three hyphenated groups after its word (part, SKU, serial, model, article, `-nummer`) a phone number; an IMEI (15
digits with a Luhn check digit, so always a card's) a card; a conference's access code before its `#` a phone
number. Values other than the tester's; phone numbers in pairs with their trunk `0` or a phone word, and cards with a
card word, stay found."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import found

PII_FREE = [
    "Scores per round: 48 12 97 23.",
    "Ages of the finalists: 54 21 36 68 71.",
    "Temperatures this week: 41 88 32 67 19 55.",
    "Box score by quarter: 21 14 28 17.",
    "Lottery draw: 03 19 27 35 41 44.",
    "Latencies (ms): 31 62 47 58 29 83 91",
    "Scores per round: 23 89 74 44 65 91 40.",
    "Part number 674-9231-58 is back in stock.",
    "Replace the cartridge with SKU 5527-493-882.",
    "The serial number is 47-6632-1058.",
    "Model 623-844-029 ships with USB-C.",
    "SKU 123-456-7890 is discontinued.",
    "Artikelnummer 731-5222-44, Menge 3 Stück.",
    "Seriennummer 529-7550-22 steht auf dem Typenschild.",
    "Contract no. 88-4412-907 renews in May.",
    "The IMEI of the returned handset is 356938035643809.",
    "IMEI: 490154203237518 (slot 2)",
    "ICCID 8944500102198304826 belongs to the travel SIM.",
    "Join with dial-in code 482 913 557#",
    "Meeting ID 845 221 907# then press 1",
]


@pytest.mark.parametrize("text", PII_FREE)
async def test_numbers_that_are_no_phone_or_card_numbers(analyzer: PiiAnalyzer, text: str) -> None:
    assert {(e, v) for e, v in await found(analyzer, text) if e in ("PHONE_NUMBER", "CREDIT_CARD")} == set()


@pytest.mark.parametrize(("text", "entity", "value"), [
    ("Mon numéro : 06 12 34 56 78", "PHONE_NUMBER", "06 12 34 56 78"),
    ("Ring me on 32 12 34 56 tomorrow", "PHONE_NUMBER", "32 12 34 56"),
    ("Part number line: call 617-555-0143", "PHONE_NUMBER", "617-555-0143"),
    ("Telefonnummer 0171 1234567", "PHONE_NUMBER", "0171 1234567"),
    ("IMEI checked; card 4111 1111 1111 1111 was charged", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("card 41 11 11 11 11 11 11 11", "CREDIT_CARD", "41 11 11 11 11 11 11 11"),
])
async def test_phone_and_card_numbers_stay_found(analyzer: PiiAnalyzer, text: str, entity: str, value: str) -> None:
    assert (entity, value) in await found(analyzer, text)
