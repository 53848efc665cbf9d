"""Rows of a numeric table are cells, not the digit groups of one value (num33, atk33 FP01).

`proxy.nlp.normalize._numbers` folds the separators of a run of digit groups to one space where a recognizer
would not read them (doubled blanks, a mix of separators). A row of amounts, scores or coordinates laid out
with two or three blanks between its cells (`Totals: 612.00  5508.00`, `AAPL 189.30 190.10 187.60`,
`88  92  79  95`, `42.3601  -71.0589`) then read as one phone number, SSN or card. A run is a table row here:
- two or more amounts (digits, a `.`, one or two decimals: `612.00`, `21.5`) among whole numbers, kept apart by
  blanks: an amount's decimals are never a phone's, an SSN's or a card's group;
- two or more decimal numbers of 1-3 integral digits and 3 or more decimals, kept apart by blanks (a sign
  before one or not): coordinates, measures;
- whole numbers kept apart by blanks, two or more of them at least once, whose groups are not of a value's
  shape or cannot be that value (`4210  5321`, `88  92  79  95`, `1024  2048  4096`); `617  555  0143`,
  `536  90  4399`, `4111  1111  1111  1111` are values still (`_could_be_a_value`).
Pure string checks on one run (the caller has found it): no scan of the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["table_row"]

_CELL_SEP = re.compile(r"[ \t]+(?:-(?=[0-9]))?")  # blanks between cells, a sign glued to the next cell
_AMOUNT = re.compile(r"[0-9]+\.[0-9]{1,2}")
_DECIMAL = re.compile(r"[0-9]{1,3}\.[0-9]{3,}")
_WHOLE = re.compile(r"[0-9]+")
_WIDE = re.compile(r"[ \t]{2}")


def table_row(number: str, shapes: frozenset[tuple[int, ...]], could_be: Callable[[list[str]], bool],
              trunk: Callable[[list[str]], bool]) -> bool:
    """Whether the run of digit groups `number` is a row of table cells (its separators are left as written).
    `shapes`, `could_be` and `trunk`: a value's group shapes and checks (`proxy.nlp.normalize`)."""
    if " " not in number and "\t" not in number:
        return False
    cells = _CELL_SEP.split(number)
    if len(cells) < 2:
        return False
    amounts = sum(_AMOUNT.fullmatch(c) is not None for c in cells)
    if amounts >= 2:
        return all(_AMOUNT.fullmatch(c) is not None or _WHOLE.fullmatch(c) is not None for c in cells)
    if all(_DECIMAL.fullmatch(c) is not None for c in cells):
        return True
    if amounts or not _WIDE.search(number) or not all(_WHOLE.fullmatch(c) is not None for c in cells):
        return False
    return not (trunk(cells) or (tuple(map(len, cells)) in shapes and could_be(cells)))


def _cell_digit(text: str, at: int) -> bool:
    """`text[at]` belongs to a number's cell: a digit, or a `.` between digits."""
    ch = text[at]
    return ch.isascii() and (ch.isdigit() or (ch == "." and 0 < at < len(text) - 1 and text[at - 1].isdigit()
                                                and text[at + 1].isdigit()))


def row_finding(text: str, start: int, end: int) -> bool:
    """Whether a phone recognizer's match `text[start:end]` (the text as written) is a numeric table's row
    (`table_row`), read from the whole cells it starts and ends in (`189.30 190.10 187` of `... 187.60`)."""
    if " " not in text[start:end] and "\t" not in text[start:end]:
        return False
    while start > 0 and _cell_digit(text, start - 1):
        start -= 1
    while end < len(text) and _cell_digit(text, end):
        end += 1
    from proxy.nlp.normalize import _GROUP_SHAPES, _could_be_a_value, _trunk_number

    return table_row(text[start:end], _GROUP_SHAPES, _could_be_a_value, _trunk_number)
