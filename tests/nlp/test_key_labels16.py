"""Keys and labels that type a value (atk17 L1, linkview15's leftovers), and runs of citation markers in the link view.

1. A value found as another type after a key or a label that names an SSN, a card or an IBAN is typed by the key
   (`proxy.nlp.pii._typed_by_key`). Only some spellings did: `S.S.N.:`, `SSN (on file):`, `{"ssnValue": ...}`,
   `ssn_last:`, an SSN key over an array, an HTML table's column, an XML element, `123.45.6789`, `SSN's`, `The SSN on
   the form was`, `ssn ->` left a sample SSN (`123-45-6789`, `078-05-1120`) a phone number, and `social security
   #123-45-6789` went as sent (the rules read a number after `#` as a ticket's); camelCase keys (`customerSsn`,
   `primaryCardNumber`) typed nothing.
2. Citation and footnote markers one after another (`see [1][2][3][4]`, `[^1][^2]`) were read by the link view as
   reference links, every other number glued into one (`see 13`): ten of them read as a phone number or a card."""

from __future__ import annotations

import pytest

from proxy.nlp.normalize import uncommented
from proxy.nlp.pii import PiiAnalyzer, _typed_by_key

TYPES = ["PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "IBAN_CODE"]

# (text, the value in it)
SSN_LABELS = [
    ("S.S.N.: 123-45-6789", "123-45-6789"),
    ("SSN (on file): 123-45-6789", "123-45-6789"),
    ('{"ssnValue": "123-45-6789"}', "123-45-6789"),
    ("ssn_last: 123-45-6789", "123-45-6789"),
    ('{"ids": {"ssn": ["123-45-6789"]}}', "123-45-6789"),
    ("<th>SSN</th></tr><tr><td>123-45-6789</td>", "123-45-6789"),
    ("<SSN>123-45-6789</SSN>", "123-45-6789"),
    ("SSN: 123.45.6789", "123.45.6789"),
    ("SSN's 123-45-6789", "123-45-6789"),
    ("The SSN on the form was 123-45-6789.", "123-45-6789"),
    ("ssn -> 123-45-6789", "123-45-6789"),
    ("social security #123-45-6789", "123-45-6789"),
    ('{"customerSsn": "078-05-1120"}', "078-05-1120"),
    ("customerSsn: 078-05-1120", "078-05-1120"),
    ("SSN => 078-05-1120", "078-05-1120"),
    ("Soc. Sec. No. - 078-05-1120", "078-05-1120"),
]


async def _spans(analyzer: PiiAnalyzer, text: str, entities: list[str]) -> list[tuple[str, str]]:
    found = (await analyzer.analyze([text], entities))[0]
    return sorted((s.entity, text[s.start:s.end]) for s in found if s.score >= 0.4)


@pytest.mark.parametrize(("text", "value"), SSN_LABELS)
async def test_a_sample_ssn_after_any_spelling_of_its_label_is_typed_an_ssn(analyzer: PiiAnalyzer, text: str,
                                                                            value: str) -> None:
    assert await _spans(analyzer, text, TYPES) == [("US_SSN", value)]


async def test_each_value_of_an_array_under_an_ssn_key_is_typed(analyzer: PiiAnalyzer) -> None:
    text = '{"ids": {"ssn": ["123-45-6789", "078-05-1120"]}, "phone": ["617-555-0143"]}'
    assert await _spans(analyzer, text, TYPES) == [("PHONE_NUMBER", "617-555-0143"), ("US_SSN", "078-05-1120"),
                                                   ("US_SSN", "123-45-6789")]


@pytest.mark.parametrize("text", [
    "SSN or phone: 123-45-6789",          # a label that names another value too
    "ssn_phone: 123-45-6789",             # a key that does
    '{"phone": "123-45-6789"}',
    "The SSN field is empty. Call 123-45-6789",  # another sentence
    "classNames: 123-45-6789",            # `ssN` inside a word is no key
    "<th>Phone</th><th>SSN</th></tr><tr><td>123-45-6789</td>",  # under another column's header (fields20)
])
async def test_a_value_another_word_names_stays_a_phone_number(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _spans(analyzer, text, TYPES) == [("PHONE_NUMBER", "123-45-6789")]


async def test_a_number_after_a_hash_without_an_ssn_label_stays_unfound(analyzer: PiiAnalyzer) -> None:
    # (the rules read a number right after `#` as a ticket's: only an SSN's label before it makes it one)
    assert await _spans(analyzer, "Ticket #123-45-6789 is closed", TYPES) == []


CARD = "4111 1111 1111 1112"  # (no Luhn: its recognizer finds none; a phone number found in it stands for any)
IBAN = "GB82 WEST 1234 5698 7654 31"
TYPED = [
    ("CREDIT_CARD", f"Card (on file): {CARD}", CARD),
    ("CREDIT_CARD", f'{{"primaryCardNumber": "{CARD}"}}', CARD),
    ("CREDIT_CARD", f"card_last: {CARD}", CARD),
    ("CREDIT_CARD", f'{{"pay": {{"card": ["{CARD}"]}}}}', CARD),
    ("CREDIT_CARD", "<card>4111111111111112</card>", "4111111111111112"),
    ("CREDIT_CARD", "<th>Card</th></tr><tr><td>4111-1111-1111-1112</td>", "4111-1111-1111-1112"),
    ("CREDIT_CARD", "Card: 4111.1111.1111.1112", "4111.1111.1111.1112"),
    ("CREDIT_CARD", f"Card's {CARD}", CARD),
    ("CREDIT_CARD", f"The card on the form was {CARD}.", CARD),
    ("CREDIT_CARD", f"card -> {CARD}", CARD),
    ("CREDIT_CARD", f"credit card #{CARD}", CARD),
    ("IBAN_CODE", f"IBAN (on file): {IBAN}", IBAN),
    ("IBAN_CODE", f'{{"ibanCode": "{IBAN}"}}', IBAN),
    ("IBAN_CODE", f'{{"customerIban": "{IBAN}"}}', IBAN),
    ("IBAN_CODE", "<iban>GB82WEST12345698765431</iban>", "GB82WEST12345698765431"),
    ("IBAN_CODE", f"The IBAN on the form was {IBAN}.", IBAN),
    ("IBAN_CODE", f"iban -> {IBAN}", IBAN),
]


@pytest.mark.parametrize(("named", "text", "value"), TYPED)
def test_card_and_iban_labels_type_what_was_found_in_their_value(named: str, text: str, value: str) -> None:
    a = text.index(value)
    digits = a + next(i for i, c in enumerate(value) if c.isdigit() and i >= 4)  # a phone number inside the value
    found = [("PHONE_NUMBER", digits, digits + 10, 0.4)]
    assert _typed_by_key(text, found, ["PHONE_NUMBER", named]) == [(named, a, a + len(value), 0.85)]


@pytest.mark.parametrize("text", [f"card or phone: {CARD}", f'{{"cardPhone": "{CARD}"}}', f"scorecard: {CARD}"])
def test_a_card_label_that_names_another_value_types_nothing(text: str) -> None:
    a = text.index(CARD) + 5
    found = [("PHONE_NUMBER", a, a + 10, 0.4)]
    assert _typed_by_key(text, found, ["PHONE_NUMBER", "CREDIT_CARD"]) == found


# ------------------------------------------------------------------------------------------ 2. citation markers

CITATIONS = [
    "see [1][2][3][4]",
    "see [^1][^2][^3]",
    "Prior work agrees [35][37][41][45][51][52][54][56][59][61][66].",
    "Studies show this works [48][49][51][55][57][61][65][68][71][75].",
    "Prior work agrees [27][28][29][30][31][32][33][34][35][36].",
    "Studies show this works [46][48][49][57][69][70][72][75][76][77][78][79][80][85][90][91][94].",
    "See [^2][^7][^11][^13][^17][^19][^23][^29][^31][^37] and [Bob](#b).",
]


@pytest.mark.parametrize("text", CITATIONS)
def test_citation_markers_one_after_another_are_read_as_written(text: str) -> None:
    reading = uncommented(text)
    shown = reading.text if reading is not None else text
    assert shown.count("[") - shown.count("](") == text.count("[") - text.count("]("), shown


@pytest.mark.parametrize("text", CITATIONS[2:])
async def test_citation_markers_glue_no_number_into_a_value(analyzer: PiiAnalyzer, text: str) -> None:
    assert await _spans(analyzer, text, TYPES) == []


@pytest.mark.parametrize(("text", "shown"), [
    ("[stu][1][pid][2]", "stupid"),  # words: reference links
    ("call [617][1][555][2][0143][3]", "call 6175550143"),  # a number longer than a citation's: links
    ("call [61][1][75][2][55][3][01][4][43][5]", "call 6175550143"),  # numbers that do not count up: links
    ("see [1][2] here\n\n[2]: https://x.example/a", "see 1 here\n\n[2]: https://x.example/a"),  # defined: a link
])
def test_reference_links_are_still_read_as_links(text: str, shown: str) -> None:
    reading = uncommented(text)
    assert reading is not None and reading.text == shown
