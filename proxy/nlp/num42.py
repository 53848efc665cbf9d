"""Customs tariff codes read as phone numbers (num42, issue 12).

- `without_hs_codes`: a Harmonized System, HTS or Combined Nomenclature code is a heading's four digits, then pairs
  or a last four (`8471.30.0100`, `9804.00.00`, `0901 21 00 00`): no phone number after its word (`HS code`,
  `HTS`, `HTSUS`, `tariff`, `commodity code`, `Schedule B`, `heading`, `customs code`, `TARIC`, `Zolltarifnummer`,
  `nomenclature`...), nor, written with dots (`8471.30.0100`), in a text on customs or trade (`customs`, `duty`,
  `import`, `tariff`, `HS`...) near it. A phone word right before it keeps it one (`Customs hotline: 0800 12 34 56`).
- `without_gtin_names`: a product's name right before its barcode on a line (`Jasmine Green Tea 4006381333931`,
  `Earl Grey Tea, 036000291452`) is no person's: a GTIN of 12-14 digits (UPC-A, EAN-13, GTIN-14) with its GS1 check
  digit, only separators between, nothing else found in it; a 13-digit number that passes Luhn too (a South African
  ID's check) keeps the name, as does a number of 8 digits (a phone number's length in many countries). Such a
  barcode is no phone number either where it opens with `000` (a UPC padded to a GTIN-14: no country code starts
  with `0`) or has a barcode word (`EAN`, `GTIN`, `UPC`, `barcode`) on its line or on the table's head line.

The part and article numbers after their words (`P/N 0986-452-041`, `Art.-Nr. 0451-103-335`) are `fp33`'s ids, the
French mobiles after `Port :` `intl41`'s. Pure functions, CPU only; only a phone finding in a heading's shape is
looked at.
"""

from __future__ import annotations

import re

__all__ = ["gs1_check", "padded_gtin", "without_gtin_names", "without_hs_codes", "without_num42"]

Result = tuple[str, int, int, float]

# A heading's four digits, then two or three pairs, or a pair and a last four; one separator throughout.
_HS = re.compile(r"[0-9]{4}([. ])[0-9]{2}(?:\1[0-9]{2}(?:\1[0-9]{2}|[0-9]{2})?)?")
_HS_DOTTED = re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:\.?[0-9]{2})?")
# The code's word right before it: `HS code:`, `HTSUS`, `tariff number`, `commodity code`, `Schedule B No.`.
_HS_LABEL = re.compile(
    r"(?i)(?<![^\W\d_])(?P<word>hs|hts|htsus|hsn|taric|cn|nc|tariff|tarif|arancel|customs|commodity|schedule[ \t]+b"
    r"|(?:sub)?heading|nomenclature|zolltarif(?:nummer)?|warentarif(?:nummer)?|warennummer|zollnummer)"
    r"(?P<code>[ \t-]*(?:codes?|numbers?|nos?\.?|nr\.?|#|classification|line|item|heading))?[ \t]*[:#=]?[ \t]*\Z")
# A text on customs or trade: a dotted heading's code near such a word is no phone number.
_TRADE = re.compile(r"(?i)(?<![^\W\d_])(?:hs|hts|htsus|hsn|taric|tariffs?|customs|dut(?:y|ies)|imports?|exports?"
                    r"|importing|exporting|commodity|classif\w*|heading|harmoni[sz]ed|incoterms?|zoll\w*|douane"
                    r"|aduana|arancel\w*|schedule[ \t]+b|cbp|broker|shipment|origin)(?![^\W\d_])")
_NEAR = 240


def _hs_code(text: str, start: int, end: int) -> bool:
    from proxy.nlp.recognizers import _PHONE_WORD

    if _HS.fullmatch(text, start, end) is None or text[max(0, start - 1):start] in ("+", "("):
        return False
    before = text[max(0, start - 40):start]
    if _PHONE_WORD.search(before) is not None:
        return False  # `Customs hotline, call 0800 12 34 56`
    line = text.rfind("\n", 0, start) + 1
    label = _HS_LABEL.search(text, max(line, start - 40), start)
    if label is not None and (label.group("code") or label.group("word").lower() != "customs"
                              or "." in text[start:end]):
        return True  # (`Customs: 0470 12 34 56`, a Belgian mobile's groups after the office's word, stays a phone)
    return _HS_DOTTED.fullmatch(text, start, end) is not None \
        and _TRADE.search(text, max(0, start - _NEAR), min(len(text), end + _NEAR)) is not None


def without_hs_codes(text: str, found: list[Result]) -> list[Result]:
    """`found` without the phone numbers that are customs tariff codes (see above)."""
    return [r for r in found if not (r[0] == "PHONE_NUMBER" and _hs_code(text, r[1], r[2]))]


# --------------------------------------------------------------------------- product names before their barcode

_GTIN_AFTER = re.compile(r"[ \t]*[,;|\t]?[ \t]*([0-9]{12,14})(?![\w-])")


def _before_gtin(text: str, found: list[Result], r: Result) -> bool:
    from proxy.nlp.normalize import luhn_ok
    m = _GTIN_AFTER.match(text, r[2])
    if m is None or not gs1_check(m.group(1)) or (len(m.group(1)) == 13 and luhn_ok(m.group(1))):
        return False
    a, b = m.span(1)
    return not any(o is not r and o[1] < b and a < o[2] for o in found)


_GTIN = re.compile(r"[0-9]{12,14}")


def gs1_check(digits: str) -> bool:
    """Whether `digits` ends in its GS1 check digit (EAN-13, GTIN: weights 3 and 1 from the right)."""
    total = sum(int(d) * (3 if k % 2 == 0 else 1) for k, d in enumerate(reversed(digits[:-1])))
    return (10 - total % 10) % 10 == int(digits[-1])
_BARCODE_WORD = re.compile(r"(?i)(?<![^\W\d_])(?:ean(?:-?1[34])?|gtin(?:-?1[234])?|upc(?:-?a)?|barcodes?|gs1|jan"
                           r"|strichcodes?)(?![^\W\d_])")


def padded_gtin(value: str) -> bool:
    """Whether `value` is a glued 12-14-digit barcode with its GS1 check digit that opens with `000`: a UPC padded
    to a GTIN-14 (`00012345678905`), no phone number (no country code starts with `0`)."""
    return value.startswith("000") and _GTIN.fullmatch(value) is not None and gs1_check(value)


def _gtin_read_as_phone(text: str, start: int, end: int) -> bool:
    """A glued 12-14-digit run with its GS1 check digit that opens with `000` (`padded_gtin`) or with a barcode
    word on its line or on the text's first line (a table's head)."""
    if _GTIN.fullmatch(text, start, end) is None or not gs1_check(text[start:end]):
        return False
    if text.startswith("000", start):
        return True
    line = text.rfind("\n", 0, start) + 1
    head = text.find("\n")
    return _BARCODE_WORD.search(text, line, start) is not None \
        or (0 < head < line and _BARCODE_WORD.search(text, 0, head) is not None)


def without_gtin_names(text: str, found: list[Result]) -> list[Result]:
    """`found` without the PERSON findings right before a product's barcode on their line (see above)."""
    return [r for r in found if not (r[0] == "PERSON" and _before_gtin(text, found, r))]


def without_num42(text: str, found: list[Result]) -> list[Result]:
    """`found` without the tariff codes read as phone numbers and the product names before a barcode."""
    if any(r[0] == "PHONE_NUMBER" for r in found):
        found = [r for r in without_hs_codes(text, found)
                 if not (r[0] == "PHONE_NUMBER" and _gtin_read_as_phone(text, r[1], r[2]))]
    if any(r[0] == "PERSON" for r in found):
        found = without_gtin_names(text, found)
    return found
