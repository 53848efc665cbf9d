"""atk12 tester A FP1 and tester B FP-3 (false positives): order, ticket, case and invoice numbers after their word, a
firmware's version and ISO-shaped dates with a month or day no calendar has are no phone or card number.

FP1: `<order word> NNNN-NNNN-NNNN` in 15 languages went up (and came back) as `<PHONE_NUMBER_1>` or, where the 12 digits
passed Luhn, `<CREDIT_CARD_1>`; so did `Invoice 2024-000123`, `Die Bestellnummer lautet 4711-0815-42`, an Amazon-style
order id (`300-1234567-8901234`) and `The modem firmware is 11.22.333.4444.` FP-3: `time data '2024-13-01'`. The values
here are others of the same classes. Both directions: a phone or a card number written beside such a word is still
found (real Presidio, real spaCy model, the default policy's entities)."""

from __future__ import annotations

import pytest

from proxy.guard.engine import Guard
from proxy.nlp import recognizers
from proxy.nlp.pii import PiiAnalyzer
from tests.guard.conftest import policy
from tests.support.pii import WordScorer

PII_ALL = {"pii": {"action": "redact", "entities": ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD",
                                                    "US_SSN", "IBAN_CODE", "IP_ADDRESS"]}}


async def _screened(analyzer: PiiAnalyzer, text: str) -> str:
    """What the input phase sends on for `text` (the text itself when it changes nothing)."""
    verdict = await Guard(analyzer, WordScorer()).input(policy(input=PII_ALL), [text])
    return text if verdict.texts[0] is None else verdict.texts[0]


NOT_PII = [
    # three groups of 4 after an order, ticket, case or booking word (12 digits: no phone, and no card printed so)
    "Order 7342-1189-5506 has shipped.",
    "Your ticket 2281-9043-7715 was closed.",
    "Case 6610-3357-2248 is waiting for the customer.",
    "Your case number is 4412-8803-1167.",
    "Booking reference 5517-2290-6634 confirmed.",
    "Ihre Bestellung 3308-7761-2245 ist unterwegs.",
    "Votre commande 8812-4405-3379 a été expédiée.",
    "Su pedido 1195-6630-8841 está en camino.",
    "Il tuo ordine 4460-1127-9983 è stato spedito.",
    "Bestelnummer 2219-8876-4403 is onderweg.",
    "Sipariş numaranız 7781-3346-0092.",
    "Номер заказа 6603-2219-7745 подтверждён.",
    "رقم الطلب 5540-9912-3368",
    "ご注文番号は 3392-5518-6670 です。",
    "订单号 7741-2209-5583 已签收。",
    "주문번호 4429-7730-1186 입니다.",
    # other shapes of ids after their word
    "Invoice 2023-004591 is overdue.",
    "Die Rechnungsnummer lautet 5822-1093-77.",
    "La commande 478-4185574-4159881 a été remboursée.",  # Luhn-valid, a card issuer's first digit
    "Order ID: 9012-553871",
    # quoted, emphasised, in brackets, listed after the first
    "**Order:** 5520-1187-3349",
    "Your order (6671-2290-4418) has shipped.",
    'Ticket "8830-5512-0946" was merged.',
    "Orders 3318-2207-5561 and 9904-1126-7730 shipped.",
    "Bestellungen: 2280-7713-4459, 6617-3390-1128",
    # a firmware's or a BIOS's version
    "The switch firmware is 12.31.447.5521.",
    "Flash BIOS 13.41.225.1907 first.",
    # ISO-shaped dates no calendar has
    "ValueError: time data '2023-14-09' does not match format '%Y-%m-%d'",
    "invalid date 1998-00-17",
    "day out of range: 2026-04-33",
    "parse error at 2019.13.05",
]


@pytest.mark.parametrize("text", NOT_PII)
async def test_such_numbers_go_on_as_written(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _screened(analyzer, text) == text


@pytest.mark.parametrize(("text", "value", "kind"), [
    ("Order 4539-1488-0343-6467 was charged twice.", "4539-1488-0343-6467", "CREDIT_CARD"),  # a card as printed
    ("Booking 5555 5555 5555 4444 declined.", "5555 5555 5555 4444", "CREDIT_CARD"),
    ("Pedido pagado con 4012888888881881", "4012888888881881", "CREDIT_CARD"),
    ("maestro 6304 2737 3398", "6304 2737 3398", "CREDIT_CARD"),  # 12 digits in groups after a card word
    ("card number 630427373398 is lost", "630427373398", "CREDIT_CARD"),  # a 12-digit run stays a card
    ("In case of emergency: 415-555-0132", "415-555-0132", "PHONE_NUMBER"),  # words between: not an id's number
    ("For reference, my number is 503-555-0119", "503-555-0119", "PHONE_NUMBER"),
    ("About your order, call 617-555-0143.", "617-555-0143", "PHONE_NUMBER"),
    ("Order desk: 212-555-0187", "212-555-0187", "PHONE_NUMBER"),
    ("Order +44 20 7946 0958", "+44 20 7946 0958", "PHONE_NUMBER"),  # a phone number's own marks
    ("Ticket (617) 555-0172", "(617) 555-0172", "PHONE_NUMBER"),
    ("Case 7715-2290-4418 (mobile)", "7715-2290-4418", "PHONE_NUMBER"),  # a phone word right after it
    ("Bestellung, Telefon 0171 1234567", "0171 1234567", "PHONE_NUMBER"),
    ("Ticket 5518-2204-7736 or 212-555-0187 (mobile)", "212-555-0187", "PHONE_NUMBER"),
    ("Ticket 617-555-0143", "617-555-0143", "PHONE_NUMBER"),  # a valid number in its printed groups
    ("Bestellung 0171 1234567", "0171 1234567", "PHONE_NUMBER"),  # a national number with its trunk 0
    ("Order 5518-2204-7736, call me at 212-555-0187", "212-555-0187", "PHONE_NUMBER"),
    ("bad date 2024-13-01, call 617 555 0143", "617 555 0143", "PHONE_NUMBER"),
])
async def test_cards_and_phone_numbers_beside_such_words_are_still_redacted(analyzer: PiiAnalyzer, text: str,
                                                                            value: str, kind: str) -> None:
    got = await _screened(analyzer, text)
    assert value not in got and f"<{kind}_" in got, got


@pytest.mark.parametrize(("text", "is_id"), [
    ("Order 7342-1189-5506", True),
    ("Your case number is 4412-8803-1167", True),
    ("Die Rechnungsnummer lautet 5822-1093-77", True),
    ("注文番号は 2024-0611-7788", True),
    ("주문 번호 5512-3344-7788", True),
    ("Order ID: 9012-553871", True),
    ("In case of emergency: 4155-5512-3412", False),  # `of emergency` between
    ("Your order is ready. 7342-1189-5506", False),
    ("Order desk: 212-555-0187", False),
    ("Order +44 20 7946 0958", False),
    ("Order (617) 555-0172", False),
    ("Ticket 4155-5512-3412 (mobile)", False),
    ("Ticket 4155-5512-3412, call me", False),
    ("The ordered 7342-1189-5506", False),  # not the word
    ("Order 617-555-0143", False),  # a North American number in its printed groups
    ("Auftrag 030 1234567", False),  # a national number with its trunk 0
    ("No word at all 7342-1189-5506", False),
])
def test_id_number(text: str, is_id: bool) -> None:
    m = next(recognizers.re.finditer(r"[+(]?\d[\d ()-]*\d", text))
    start = m.start() + (1 if m.group()[0] == "+" else 0)  # the phone recognizer's match may start after `+`
    assert recognizers.id_number(text, start, m.end()) is is_id


@pytest.mark.parametrize("value", [
    "4\ufe0f\u20e35\ufe0f\u20e33\ufe0f\u20e39\ufe0f\u20e3-1488-0343-6467",  # keycaps
    "4539*1488*0343*6467",  # a symbol between the groups
    "\uff14\uff15\uff13\uff19-1488-0343",  # full-width digits
    "6\ufe0f\u20e31\ufe0f\u20e37\ufe0f\u20e3-555-0143",
])
def test_a_value_not_written_as_an_id_is_none(value: str) -> None:
    text = f"Order {value} end"
    assert recognizers.id_number(text, 6, 6 + len(value)) is False


@pytest.mark.parametrize("text", [
    "details ref-4\ufe0f\u20e31\ufe0f\u20e31\ufe0f\u20e31\ufe0f\u20e3-1111-1111-1111 end",
    "Order 4111*1111*1111*1111 end",
    "Ticket 6\ufe0f\u20e31\ufe0f\u20e37\ufe0f\u20e3-555-0143 end",
])
async def test_an_obfuscated_value_after_such_a_word_is_still_redacted(analyzer: PiiAnalyzer, text: str) -> None:
    got = await _screened(analyzer, text)
    assert got != text and not any(d in got for d in ("1111", "555", "0143")), ascii(got)


@pytest.mark.parametrize(("text", "technical"), [
    ("Case 5003-2211-8745", True),  # 12 digits in groups, Luhn-valid: no card word
    ("ref 5003 2211 8745", True),
    ("maestro 5003-2211-8745", False),
    ("Karte 5003 2211 8745", False),
    ("5003221187455", False),  # 13 digits, a run: not this rule's
    ("El pedido 300-1234567-8901234", True),  # an order word, no card's printed shape
    ("Order 4539-1488-0343-6467", False),  # a card's printed shape after it
])
def test_card_rules(text: str, technical: bool) -> None:
    m = next(recognizers.re.finditer(r"\d[\d -]*\d", text))
    assert recognizers.technical_value("CREDIT_CARD", text, m.start(), m.end()) is technical


@pytest.mark.parametrize(("text", "technical"), [
    ("time data '2024-13-01' does not match", True),
    ("invalid date 2024-00-10", True),
    ("bad date 2024-12-32", True),
    ("call 1999.19.40", True),  # a date's shape whatever word is before it
    ("call 2024-13-01-5550", False),  # more digits: no date's shape
])
def test_date_shaped(text: str, technical: bool) -> None:
    m = next(recognizers.re.finditer(r"\d[\d.-]*\d", text))
    assert recognizers.technical_value("PHONE_NUMBER", text, m.start(), m.end()) is technical
