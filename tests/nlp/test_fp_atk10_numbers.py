"""Issue 12, atk10 tester A M2 and tester B M5, M7, L4 (false positives): numbers that are no phone or card number.

A-M2: business, tax and product registration numbers after their word (US EIN, D-U-N-S, USt-IdNr., SIREN, Polish
NIP, Korean business numbers, Japanese corporate numbers, NDC), a CNPJ in its printed shape, a postal code after `〒`,
and `2^45 = 35184372088832` (a power of two) as a card. B-M5: a 3-digit and a 4-digit number side by side (ranges,
year series, an access log's status and duration), plain numbers of 3-4 digits in no phone's printed shape. B-M7:
command output (free's `Mem:` as a name, curl's progress meter, JMH's score before its error, Markdown table cells,
git's `(1523/1523)`). B-L4: EAN-13 barcodes that pass Luhn. Both directions: the phone numbers, cards and SSNs
written in the same frames are still found (real Presidio, real spaCy model, the default policy's entities and
score floor)."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from proxy.guard.engine import Guard
from proxy.guard.phases import screen_request
from proxy.nlp import recognizers
from proxy.nlp.pii import PiiAnalyzer
from proxy.providers import openai
from tests.guard.conftest import policy
from tests.support.pii import WordScorer, found

PII_ALL = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                    "US_SSN", "IBAN_CODE", "IP_ADDRESS"]}}


# --------------------------------------------------------------------------- A-M2: registration numbers


@pytest.mark.parametrize("text", [
    "Our federal tax ID (EIN) is 23-4279348.",
    "The EIN on the W-9 is 94-7541208.",
    "Please use EIN 77-3522457 on the 1099 form.",
    "Register the vendor with DUNS 28-779-7530 in SAM.",
    "The D-U-N-S Number is 02-426-9116.",
    "Bitte geben Sie die USt-IdNr. DE 282 911 059 auf der Rechnung an.",
    "VAT number: DE 807 826 512 (Germany).",
    "SIREN : 973 329 535, RCS Paris.",
    "Le numéro SIREN de la société est 416 209 211.",
    "O CNPJ da empresa é 75.839.222/0001-72.",
    "The supplier is 21.847.888/0001-99 in the ERP.",  # the CNPJ's printed shape, whatever word is before it
    "NIP firmy: 115-244-93-90.",
    "Numer NIP sprzedawcy to 266-858-78-40.",
    "사업자번호 078-19-75748 로 세금계산서를 발행해 주세요.",
    "사업자등록번호: 869-73-47278",
    "〒842-0661 東京都港区",
    "住所は〒877-5443 大阪府大阪市北区です。",
    "NDC code 0002-7510-01 identifies the package.",
    "2^45 = 35184372088832, so a 45-bit counter wraps after that many ticks.",
    "2^45 is 35184372088832.",
])
async def test_registration_numbers_and_powers_of_two_are_no_phone_or_card(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "value"), [
    ("EIN 23-4279348, phone 617-555-0143", "617-555-0143"),  # a phone word after the registration number's
    ("VAT number: DE 807 826 512, call 617 555 0143", "617 555 0143"),
    ("SIREN 973 329 535 ou appelez le +33 1 42 68 53 00", "+33 1 42 68 53 00"),
    ("Tax ID questions: call (617) 555-0143", "(617) 555-0143"),
])
async def test_phone_numbers_beside_registration_numbers_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                        value: str) -> None:
    assert ("PHONE_NUMBER", value) in await found(analyzer, text)


# --------------------------------------------------------------------------- B-M5: numbers side by side


@pytest.mark.parametrize("text", [
    "Select rows 100-2000 from the sheet.",
    "Pages 120-1450.",
    "Chapter 3, pages 120\u20131450.",
    "Scan range 400-4000 cm-1.",
    "Office hours 900-1700 Monday to Friday.",
    "In 2019 812 people came.",
    "Annual rainfall: 2019 812 mm, 2020 745 mm, 2021 903 mm.",
    "POST /api/v2/payments 500 2034ms - upstream timeout",
    "HTTP 200 1480 ms",
    "GET /api/v2/orders?page=2&per_page=50 200 148ms",
    "Model 737 8000 series",
    "Line 123 4567 of the log shows the error.",
    "Scores: 950 1020 1100.",
    "Bands 400-4000 120-1450 were scanned.",
])
async def test_a_three_and_a_four_digit_number_side_by_side_are_no_phone_number(analyzer: PiiAnalyzer,
                                                                               text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "value"), [
    ("call 555-0143", "555-0143"),
    ("Phone: 467 3395", "467 3395"),
    ("Can someone call me on 450 0840? I have some questions.", "450 0840"),
    ("my number is 555-0143", "555-0143"),
    ("a message on my registered 668 5702. Could you check?", "668 5702"),  # a possessive right before it
    ("781 1704 office", "781 1704"),  # a phone word after it
    ("My desk number is 555-0143, call me.", "555-0143"),
    ("Office number: 555 0143", "555 0143"),
    ("Try 555-0143, text me", "555-0143"),
    ("Desk: 555 0143", "555 0143"),
    ("call 617-555-0143", "617-555-0143"),
    ("(617) 555-0143", "(617) 555-0143"),
    ("Pages 120-1450, or call 617-555-0143", "617-555-0143"),
    ("They're not answering at 079 2718 1155", "079 2718 1155"),  # a valid number: 3-4-4 with a trunk 0
    ("| Jane | 617 | 555 | 0143 |", "617 | 555 | 0143"),  # table cells that read as a valid number
])
async def test_phone_numbers_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                value: str) -> None:
    assert ("PHONE_NUMBER", value) in await found(analyzer, text)


# --------------------------------------------------------------------------- B-M7: command output


@pytest.mark.parametrize("text", [
    "              total        used        free      shared  buff/cache   available\n"
    "Mem:          15885       11203        1210         512        3471        3890\n"
    "Swap:          2047         512        1535",
    "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
    "                                 Dload  Upload   Total   Spent    Left  Speed\n"
    "100  1256  100  1256    0     0   8123      0 --:--:-- --:--:-- --:--:--  8154",
    "Benchmark                 Mode  Cnt     Score    Error  Units\n"
    "ParserBench.parse       thrpt   25  1523.412 \u00b1 12.301  ops/s",
    "| endpoint | p50 | p95 | p99 |\n|---|---|---|---|\n| /search | 120 | 480 | 1200 |\n| /cart | 80 | 310 | 950 |",
    "Receiving objects: 100% (1523/1523), 2.15 MiB | 4.31 MiB/s, done.\nResolving deltas: 100% (812/812), done.",
])
async def test_command_output_is_no_phone_number_or_name(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


async def test_a_listed_name_before_numbers_is_still_a_name(analyzer: PiiAnalyzer) -> None:
    assert ("PERSON", "Jane") in await found(analyzer, "Jane: 42 17")
    got = await found(analyzer, "Contact:\nXochitl:  617 555 0143")
    assert ("PHONE_NUMBER", "617 555 0143") in got and ("PERSON", "Xochitl") in got, got


# --------------------------------------------------------------------------- B-L4: barcodes


@pytest.mark.parametrize("text", [
    "Barcode 4193817805558 scanned at the till.",
    "Barcode 4037510613266 scanned at the till.",
    "EAN 4193817805558",
    "GTIN-13: 4037510613266",
    "Scanned 4193817805558 at the till.",  # the GS1 check digit, no card word
    "法人番号: 4193817805558",
])
async def test_barcodes_are_no_card(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "value"), [
    ("card 4193817805558", "4193817805558"),  # a card word before it: a card, GS1 check digit or not
    ("Visa 4222222222222", "4222222222222"),
    ("Barcode scanned; pay with card 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("Pay with 4111 1111 1111 1111", "4111 1111 1111 1111"),
    ("ssn 123-45-6789", "123-45-6789"),
])
async def test_cards_and_ssns_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                 value: str) -> None:
    assert any(v == value for _, v in await found(analyzer, text))


def test_gs1_check_digit() -> None:
    assert recognizers.gs1_check("4006381333931")  # a published EAN-13
    assert recognizers.gs1_check("4193817805558")
    assert not recognizers.gs1_check("4006381333932")
    assert not recognizers.gs1_check("4222222222222")


@pytest.mark.parametrize(("entity", "text", "technical"), [
    ("PHONE_NUMBER", "rows 100-2000", True),
    ("PHONE_NUMBER", "call 100-2000", False),
    ("PHONE_NUMBER", "EIN 23-4279348", True),
    ("PHONE_NUMBER", "EIN 23-4279348, call 23-4279349", False),
    ("PHONE_NUMBER", "〒842-0661", True),
    ("CREDIT_CARD", "2^45 = 35184372088832", True),
    ("CREDIT_CARD", "Barcode 4193817805558", True),
    ("CREDIT_CARD", "card 4193817805558", False),
])
def test_technical_value_reads_the_last_number(entity: str, text: str, technical: bool) -> None:
    start = re.search(r"[\d-]+$", text).start()  # type: ignore[union-attr]
    assert recognizers.technical_value(entity, text, start, len(text)) is technical


# --------------------------------------------------------------------------- tool arguments


def _call(args: dict[str, Any]) -> dict[str, Any]:
    return {"model": "m", "messages": [
        {"role": "user", "content": "go"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                              "function": {"name": "f", "arguments": json.dumps(args)}}]},
        {"role": "tool", "tool_call_id": "c1", "content": "done"}]}


@pytest.mark.parametrize("args", [
    {"range": "400-4000"},
    {"pages": "120-1450"},
    {"query": "rainfall 2019 812 mm"},
    {"ein": "EIN 23-4279348"},
    {"barcode": "EAN 4193817805558"},
])
async def test_tool_arguments_with_such_numbers_go_up_as_sent(analyzer: PiiAnalyzer, args: dict[str, Any]) -> None:
    body = _call(args)
    before = copy.deepcopy(body)
    await screen_request(Guard(analyzer, WordScorer()), policy(input=PII_ALL), openai.request_texts("chat", body))
    assert body == before, body["messages"][1]


@pytest.mark.parametrize(("args", "key"), [
    ({"phone": "555-0143"}, "phone"),
    ({"phone": "467 3395", "range": "400-4000"}, "phone"),
    ({"card": "4193817805558"}, "card"),  # a value alone: its GS1 check digit does not make it a barcode
    ({"barcode": "4193817805558"}, "barcode"),  # the trade-off: the key is not read for cards
])
async def test_phone_numbers_and_cards_in_tool_arguments_are_still_redacted(
        analyzer: PiiAnalyzer, args: dict[str, Any], key: str) -> None:
    body = _call(args)
    await screen_request(Guard(analyzer, WordScorer()), policy(input=PII_ALL), openai.request_texts("chat", body))
    sent = json.loads(body["messages"][1]["tool_calls"][0]["function"]["arguments"])
    assert sent[key].startswith("<") and args[key] not in json.dumps(sent), sent
