"""Customs tariff codes read as phone numbers (num42, issue 12).

- `without_hs_codes`: a Harmonized System, HTS or Combined Nomenclature code is a heading's four digits, then pairs
  or a last four (`8471.30.0100`, `9804.00.00`, `0901 21 00 00`): no phone number after its word (`HS code`,
  `HTS`, `HTSUS`, `tariff`, `commodity code`, `Schedule B`, `heading`, `customs code`, `TARIC`, `Zolltarifnummer`,
  `nomenclature`...), nor, written with dots (`8471.30.0100`), in a text on customs or trade (`customs`, `duty`,
  `import`, `tariff`, `HS`...) near it. A phone word right before it keeps it one (`Customs hotline: 0800 12 34 56`).

The part and article numbers after their words (`P/N 0986-452-041`, `Art.-Nr. 0451-103-335`) are `fp33`'s ids, the
French mobiles after `Port :` `intl41`'s. Pure functions, CPU only; only a phone finding in a heading's shape is
looked at.
"""

from __future__ import annotations

import re

__all__ = ["without_hs_codes"]

Result = tuple[str, int, int, float]

# A heading's four digits, then two or three pairs, or a pair and a last four; one separator throughout.
_HS = re.compile(r"[0-9]{4}([. ])[0-9]{2}(?:\1[0-9]{2}(?:\1[0-9]{2}|[0-9]{2})?)?")
_HS_DOTTED = re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}(?:\.?[0-9]{2})?")
# The code's word right before it: `HS code:`, `HTSUS`, `tariff number`, `commodity code`, `Schedule B No.`.
_HS_LABEL = re.compile(
    r"(?i)(?<![^\W\d_])(?:hs|hts|htsus|hsn|taric|cn|nc|tariff|tarif|arancel|customs|commodity|schedule[ \t]+b"
    r"|(?:sub)?heading|nomenclature|zolltarif(?:nummer)?|warentarif(?:nummer)?|warennummer|zollnummer)"
    r"(?:[ \t-]*(?:codes?|numbers?|nos?\.?|nr\.?|#|classification|line|item|heading))?[ \t]*[:#=]?[ \t]*\Z")
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
    if _HS_LABEL.search(text, max(line, start - 40), start) is not None:
        return True
    return _HS_DOTTED.fullmatch(text, start, end) is not None \
        and _TRADE.search(text, max(0, start - _NEAR), min(len(text), end + _NEAR)) is not None


def without_hs_codes(text: str, found: list[Result]) -> list[Result]:
    """`found` without the phone numbers that are customs tariff codes (see above)."""
    return [r for r in found if not (r[0] == "PHONE_NUMBER" and _hs_code(text, r[1], r[2]))]
