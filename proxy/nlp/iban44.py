"""iban44 (atk43 F01, F16, F20, F21): values written in a grouping the recognizers miss, read whole.

- An IBAN in its national print layout (`FR76 30006 00001 12345678901 89`, `IT60 X 05428 11101 000000123456`,
  `GB82 WEST 123456 98765432`, `BR1500000000000010932840814 P2`): a country code, two check digits and groups of
  capitals and digits apart by one space (or none) whose joined form has the country's layout (the IBAN recognizer's
  table) and passes mod 97, is one IBAN over all its groups.
- A card, an SSN or a phone number printed with thousands separators (`,` `.` `'`) right after its label
  (`Card number: 4,111,111,111,111,111`, `SSN: 536.904.399`, `Phone: 6,175,550,143`) or in a Markdown table's column
  whose header is that label: typed by the label where its digits fit the type (a card's 13-19 that pass Luhn, an
  SSN's 9, a phone number's 10-11). Label-driven only: `Revenue was $6,175,550,143`, `Population: 536,904,399` stay.
- An SSN after its label in two or three groups of any size (`ssn 5369 04399`, `My social is 5369-04399`); a US
  number after the international dialling prefix (`011-1-617-555-0143`).
- Letters that fancy-text generators print for digits (`Ч` 4, `З` 3, `б` 6, `Ƽ` 5, ...) inside a run of digits: the
  text is read again with them as digits (one character for one) and what that reading finds over them is kept, so
  the recognizers decide what is a value (`Card Ч111 1111 1111 1111`, `Call 617-555-01Ч3`); a run of fewer than 9
  digits and such letters is read as written (`Ч 12`, `SKU Ч111-22`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["FANCY_DIGITS", "with_iban44"]

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------ IBANs in their national layout

_IBAN_HEAD = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})([0-9]{2})(?=[ ]?[A-Z0-9])")
_IBAN_GROUP = re.compile(r"[ ]?([A-Z0-9]+)")
_MAX_BBAN = 30
# Countries whose layout in Presidio's table is shorter than the registry's IBAN (its recognizer reads a prefix of the
# layout): their IBAN is the layout's prefix at the registry's length.
_SHORT_LAYOUTS = {"MU": 30, "PS": 29, "PT": 25, "QA": 29, "XK": 20}


def _layout_ok(layout: re.Pattern[str], joined: str) -> bool:
    n = _SHORT_LAYOUTS.get(joined[:2])
    return layout.fullmatch(joined) is not None if n is None else len(joined) == n and layout.match(joined) is not None


def _ibans(text: str) -> list[tuple[int, int]]:
    if not any("A" <= c <= "Z" for c in text):
        return []
    from proxy.nlp.normalize import iban_checks, iban_layouts

    layouts = iban_layouts()
    out: list[tuple[int, int]] = []
    done = 0
    for m in _IBAN_HEAD.finditer(text):
        if m.start() < done or (layout := layouts.get(m.group(1))) is None:
            continue
        joined, pos = m.group(1) + m.group(2), m.end()
        while len(joined) < 4 + _MAX_BBAN:
            g = _IBAN_GROUP.match(text, pos)
            if g is None:
                break
            joined, pos = joined + g.group(1), g.end()
            if pos < len(text) and text[pos].isalnum():
                break  # (a group glued to a word: no IBAN's)
            if _layout_ok(layout, joined) and iban_checks(joined):
                out.append((m.start(), pos))
                done = pos
                break
    return out


# ------------------------------------------------------------------ values after their label

_TAIL = r"(?:[ \t_-]*(?:numbers?|num|nos?\.?|nr|#))?"
_LABELS = {
    "US_SSN": r"(?:ssns?|s\.s\.n\.?|social(?:[ \t_-]*security)?|soc\.?[ \t_-]*sec\.?)" + _TAIL,
    "CREDIT_CARD": r"(?:(?:credit|debit|bank|amex|visa|mastercard)[ \t_-]*)?(?:card|cc|pan)" + _TAIL,
    "PHONE_NUMBER": r"(?:(?:tel(?:ephone)?|phone|mobile|cell(?:phone)?|fax|ph|mob)\.?" + _TAIL + r"|call|dial)",
}
_LEAD = r"[ \t]*(?:(?:[:=#]|->|\bis\b|\bwas\b)[ \t]*)?"
_THOUSANDS = r"[0-9]{1,3}(?P<s>[,.'\u2019\u00a0\u202f])[0-9]{3}(?:(?P=s)[0-9]{3})+"
_SSN_SPLIT = r"[0-9]{2,7}(?P<t>[ .-])[0-9]{2,7}(?:(?P=t)[0-9]{2,7})?"
_END = r"(?![0-9A-Za-z]|[,.'\u2019-][0-9])"
_LABELLED = {
    named: re.compile(rf"(?i)(?<![^\W_]){label}(?![^\W_#]){_LEAD}"
                      rf"(?P<v>{_THOUSANDS}{'|' + _SSN_SPLIT if named == 'US_SSN' else ''}){_END}")
    for named, label in _LABELS.items()
}
_HINT = re.compile(r"(?i)ssn|s\.s\.n|soc|card|cc|pan|tel|phone|mob|cell|fax|ph|call|dial")
_DIALLED = re.compile(r"(?<![\w.+-])011(?P<s>[-.])1(?P=s)[2-9][0-9]{2}(?P=s)[2-9][0-9]{2}(?P=s)[0-9]{4}"
                      r"(?![\w]|[-.][0-9])")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _ssn_ok(d: str) -> bool:
    return len(d) == 9 and d[:3] not in ("000", "666") and d[0] != "9" and d[3:5] != "00" and d[5:] != "0000" \
        and len(set(d)) > 1 and d not in _SAMPLE_SSNS


# Presidio's canonical sample SSNs (`UsSsnRecognizer.invalidate_result`): published examples, never reported.
_SAMPLE_SSNS = frozenset({"123456789", "987654320", "078051120"})


def _fits(named: str, value: str) -> bool:
    """Whether the digits of `value` are a value of type `named`."""
    d = "".join(c for c in value if c.isdigit())
    if named == "US_SSN":
        return _ssn_ok(d)
    if named == "CREDIT_CARD":
        return 13 <= len(d) <= 19 and _luhn(d)
    return len(d) == 10 and d[0] in "23456789" or len(d) == 11 and d[0] == "1"


def _labelled(text: str) -> list[tuple[str, int, int]]:
    out = [("PHONE_NUMBER", *m.span()) for m in _DIALLED.finditer(text)] if "011" in text else []
    if _HINT.search(text) is None:
        return out
    for named, pattern in _LABELLED.items():
        for m in pattern.finditer(text):
            if _fits(named, m.group("v")):
                out.append((named, *m.span("v")))
    return out + _table_cells(text)


_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_RULE = re.compile(r"^[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*$")
_CELL_VALUE = re.compile(rf"[ \t]*(?P<v>{_THOUSANDS}|[0-9]{{4}}[ .-][0-9]{{5}}|[0-9]{{5}}[ .-][0-9]{{4}})[ \t]*")
_HEADERS = {named: re.compile(rf"(?i)[ \t*_`]*{label}[ \t*_`]*") for named, label in _LABELS.items()}


def _cells(text: str, a: int, b: int) -> list[tuple[int, int]]:
    bars = [i for i in range(a, b) if text[i] == "|"]
    return list(zip((x + 1 for x in bars), bars[1:], strict=False))


def _table_cells(text: str) -> list[tuple[str, int, int]]:
    """Values with separators in a Markdown table's column whose header is a card's, an SSN's or a phone's label."""
    if "|" not in text or "---" not in text:
        return []
    out: list[tuple[str, int, int]] = []
    types: list[str | None] = []
    last: re.Match[str] | None = None
    for row in _ROW.finditer(text):
        if last is None or last.end() + 1 != row.start():
            types = []  # (a new table)
        if _RULE.match(row.group()):
            types = [] if last is None or last.end() + 1 != row.start() else \
                [next((n for n, h in _HEADERS.items() if h.fullmatch(text, a, b)), None)
                 for a, b in _cells(text, last.start(), last.end())]
        else:
            for (a, b), named in zip(_cells(text, row.start(), row.end()), types, strict=False):
                v = _CELL_VALUE.fullmatch(text, a, b) if named else None
                if named and v is not None and _fits(named, v.group("v")):
                    out.append((named, *v.span("v")))
        last = row
    return out


# ------------------------------------------------------------------ fancy-text digits

# Letters fancy-text generators print for digits (Latin tone letters, Cyrillic and Latin shapes of 3, 4, 6, 8).
FANCY_DIGITS = {
    "\u01a7": "2", "\u01a8": "2",  # Ƨ ƨ (tone two)
    "\u0417": "3", "\u0437": "3", "\u04e0": "3", "\u04e1": "3", "\u01b7": "3", "\u0292": "3", "\u021c": "3",
    "\u021d": "3",  # З з Ӡ ӡ Ʒ ʒ Ȝ ȝ
    "\u0427": "4", "\u0447": "4",  # Ч ч
    "\u01bc": "5", "\u01bd": "5",  # Ƽ ƽ (tone five)
    "\u0431": "6", "\u0184": "6", "\u0185": "6",  # б Ƅ ƅ (tone six)
    "\u0222": "8", "\u0223": "8",  # Ȣ ȣ
}
_FANCY = "".join(FANCY_DIGITS)
_FANCY_TABLE = str.maketrans(FANCY_DIGITS)
_FANCY_RUN = re.compile(rf"(?<![^\W_])[0-9{_FANCY}]+(?:[ .-][0-9{_FANCY}]+)*(?![^\W_])")
_FANCY_HINT = re.compile(rf"[{_FANCY}]")
_MIN_RUN_DIGITS = 9


def _fancy_read(text: str) -> tuple[str, list[int]]:
    """`text` with the fancy digits of each run of digits long enough for a value as digits, and where they were."""
    out, where = list(text), []
    for m in _FANCY_RUN.finditer(text):
        run = m.group()
        if _FANCY_HINT.search(run) is None or not any("0" <= c <= "9" for c in run) \
                or sum(c not in " .-" for c in run) < _MIN_RUN_DIGITS:
            continue
        for i, ch in enumerate(run, m.start()):
            if ch in FANCY_DIGITS:
                out[i] = FANCY_DIGITS[ch]
                where.append(i)
    return "".join(out), where


# ------------------------------------------------------------------ the pass

_DIGIT_TYPES = frozenset({"PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "IBAN_CODE"})


def _with(found: list[Result], named: str, a: int, b: int) -> list[Result]:
    """`found` with [a, b) one value of type `named`: what other type found inside it is taken for it."""
    if any(r[0] == named and r[1] <= a and b <= r[2] for r in found):
        return found
    kept = [r for r in found if not (a <= r[1] and r[2] <= b and r[0] != "PERSON")]
    score = max([0.85, *(r[3] for r in found if r not in kept)])
    return kept + [(named, a, b, score)]


def with_iban44(chunk: str, found: list[Result], entities: Sequence[str],
                reread: Callable[[str], list[Result]]) -> list[Result]:
    """`found` with the values above (`reread`: the analysis of a text of the same length, for fancy digits)."""
    if not any("0" <= c <= "9" for c in chunk):
        return found
    if "IBAN_CODE" in entities:
        for a, b in _ibans(chunk):
            found = _with(found, "IBAN_CODE", a, b)
    for named, a, b in _labelled(chunk):
        if named in entities:
            found = _with(found, named, a, b)
    if _FANCY_HINT.search(chunk) is not None:
        text, where = _fancy_read(chunk)
        if where:
            new = [r for r in reread(text) if r[0] in _DIGIT_TYPES and any(r[1] <= i < r[2] for i in where)]
            found = [r for r in found if r[0] == "PERSON" or not any(n[1] <= r[1] and r[2] <= n[2] for n in new)]
            found += new
    return found
