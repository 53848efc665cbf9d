"""num42: numbers read as phone numbers that are none go as sent: customs tariff codes after their word or, dotted,
in a trade text (`HS code 8471.30.0100`, `tariff 9804.00.00`, `commodity code 0901.21.00`), part and article numbers
after their word (`P/N 0986-452-041`, `Art.-Nr. 0451-103-335`, `Model 0451-103-335`), a product's barcode and the
product's name before it (`Jasmine Green Tea 4006381333931`, `Rooibos Tea 00012345678905`); a French mobile after
`Port :` (portable) is a phone number, redacted in a request and in an answer, whole and streamed, as the network
ports after `Port:` go as sent. Real phone numbers after a phone word stay redacted."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import PII_IN, PII_OUT, policy
from tests.support.pii import WordScorer

P_OUT = {"pii": {**PII_OUT["pii"], "entities": [*PII_OUT["pii"]["entities"], "PERSON"]}}


@pytest.fixture
def guard(analyzer: PiiAnalyzer) -> Guard:
    return Guard(analyzer, WordScorer(), stream_hold_chars=60)


async def _sent(guard: Guard, text: str) -> str:
    verdict = await guard.input(policy(input=PII_IN), [text], None)
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _answered(guard: Guard, text: str) -> str:
    verdict = await guard.output(policy(output=P_OUT), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


async def _streamed(guard: Guard, text: str, size: int) -> str:
    stream = guard.output_stream(policy(output=P_OUT))
    out = ""
    for k in range(0, len(text), size):
        out += await stream.feed("c0", text[k:k + size])
    return out + await stream.end("c0")


NOT_PHONES = [
    # customs tariff codes after their word
    "HS code 8471.30.0100", "HS Code: 8517.62.0090", "tariff 9804.00.00", "HTS 6109.10.0012",
    "HTSUS 8471.50.0150 applies.", "commodity code 0901.21.00", "Commodity code: 0901 21 00 00",
    "Tariff number 8542.31.0001", "Schedule B 8471.30.0000", "Zolltarifnummer 8471 30 00",
    # dotted, in a text on customs or trade
    "The customs broker classified it under 8471.30.0100 for import duty.",
    "Import duty for 6109.10.0012 is 16.5% this year.",
    # part and article numbers after their word
    "P/N 0986-452-041", "P/N: 0986 452 041", "PN 0261-230-109", "Art.-Nr. 4006-381-333", "Art.Nr. 0451-103-335",
    "Artikelnummer 0986 452 041", "Bestellnr. 0451-103-335", "Model 0451-103-335", "model no. 0986-452-041",
    "part no. 0451-103-335", "SKU 0451 103 335", "order number 0800-123-456",
    # barcodes, and a product's name before its barcode
    "EAN 4006381333931", "GTIN 00012345678905", "UPC 036000291452",
    "Jasmine Green Tea 4006381333931", "Earl Grey Tea 036000291452", "Rooibos Tea 00012345678905",
    "Product;GTIN\nRooibos;00012345678905\nMint;10012345678902",
]


@pytest.mark.parametrize("text", NOT_PHONES)
async def test_numbers_that_are_no_phones_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


LOOK_ALIKES = [
    "Port: 8080", "port : 5432", "Port 443", "Set Port: 22 and Port : 2222 in sshd_config.",
    "Prices: 12.99 14.50 19.99 24.00", "Upgrade from 2024.01.15 to 2024.03.02 fixes the parser.",
    "numpy 1.26.4, pandas 2.2.1, torch 2.3.0", "ISBN 978-3-16-148410-0", "Order 2024-000431 shipped.",
    "Chapter 84 of the HS covers machinery.", "tariff of 25% on steel", "Version 10.0.19045.3803",
    "Timestamps: 2024-03-07 09:15:42, 2024-03-07 09:16:03", "Serial 4471-8829-0031",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
async def test_look_alikes_go_as_sent(guard: Guard, text: str) -> None:
    assert await _sent(guard, text) == text


PHONES = [
    # French mobiles after `Port` (portable), ranges `phonenumbers` does not know yet too
    ("Port : 07 12 34 56 78", "07 12 34 56 78"),
    ("Port: 07 81 23 45 67", "07 81 23 45 67"),
    ("Port. : 07 12 34 56 78", "07 12 34 56 78"),
    ("Port 07 12 34 56 78", "07 12 34 56 78"),
    ("Port : +33 7 12 34 56 78", "+33 7 12 34 56 78"),
    ("Port. : +33 6 12 34 56 78", "+33 6 12 34 56 78"),
    ("Marie Dubois\nDirectrice\nPort : 07 12 34 56 78\nmarie@example.fr", "07 12 34 56 78"),
    ("Port : 0712345678", "0712345678"),
    # phone numbers after a phone word, the same digits as the parts above
    ("tel. 0451 103 335", "0451 103 335"), ("Tel: 0800 123 4567", "0800 123 4567"),
    ("call 06 12 34 56 78", "06 12 34 56 78"), ("Phone 0451-103-335", "0451-103-335"),
    ("Customs hotline: call 0800 12 34 56", "0800 12 34 56"), ("Customs: 0470 12 34 56", "0470 12 34 56"),
    ("Bestellung 0171 1234567", "0171 1234567"),
]


@pytest.mark.parametrize("text, secret", PHONES)
async def test_phones_are_redacted(guard: Guard, text: str, secret: str) -> None:
    sent = await _sent(guard, text)
    assert secret not in sent and "<PHONE_NUMBER_" in sent, sent


@pytest.mark.parametrize("k", range(0, 8, 2))
async def test_port_mobiles_in_answers_whole_and_streamed(guard: Guard, k: int) -> None:
    text, secret = PHONES[k]
    for got in (await _answered(guard, text), await _streamed(guard, text, 3), await _streamed(guard, text, 7)):
        assert secret not in got, got


def test_without_hs_codes_and_gtin_names() -> None:
    from proxy.nlp.num42 import padded_gtin, without_gtin_names, without_hs_codes  # (here: the cases above run on main)

    text = "HS code 8471.30.0100, call 0800 12 34 56"
    found = [("PHONE_NUMBER", 8, 20, 0.4), ("PHONE_NUMBER", 27, 40, 0.4)]
    assert without_hs_codes(text, found) == found[1:]
    tea = "Jasmine Green Tea 4006381333931\nAnna Berg 8001015009087"
    people = [("PERSON", 0, 17, 0.85), ("PERSON", 32, 41, 0.85)]
    assert without_gtin_names(tea, people) == people[1:]  # (a number that passes Luhn: an ID's, kept)
    assert padded_gtin("00012345678905") and not padded_gtin("00012345678904") and not padded_gtin("4006381333931")
