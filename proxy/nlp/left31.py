"""Leftovers of sql31, edi31 and hl731 (issue 12, "No side doors").

- A person's record written as positional literals, without column names (`positional_values`): a list, a tuple or
  a call's arguments (`new Customer("Dana Kerr", "6175550143", "536904399")`, `['Dmitri Volkov','6175550143',
  '536904399']`, `(1,'Dmitri Volkov','6175550143')`) one of whose quoted cells is a person's full name (a listed first
  name and a surname: `proxy.nlp.sql31._full_name`, the rule sql31 reads a dump's row with no columns by). Its other
  quoted cells of bare digits are read after their type's context word (`proxy.guard.keyed.labelled_values`): ten or
  eleven digits (or with `+`) a valid phone number to `phonenumbers`, nine digits an SSN valid by the SSA's rules
  (`proxy.guard.keyed.valid_group`). Rows of ids, prices, SKUs, timestamps or counts beside a product's name or a
  build's (`('Release 2024', '2024113042')`) have no person's name and stay; so does a list a name calls things
  (`products = [...]`, `proxy.nlp.sql31.thing_lists`).

Gated by a quoted run of 9 to 11 digits; one scan back to the cell's bracket and one over the bracket. Pure
functions, CPU only.
"""

from __future__ import annotations

import re

Found = tuple[int, int, str]

# A quoted cell of bare digits (`'6175550143'`, `"536904399"`, `'+16175550143'`).
_DIGIT_CELL = re.compile(r"(['\"])(\+?[0-9]{9,11})\1")
MAX_BACK = 2_000  # characters read back to a cell's opening bracket
MAX_CELLS = 40


def _opening(text: str, pos: int) -> int:
    """The offset of the `(` or `[` open around `pos` (read back at most `MAX_BACK` characters), or -1."""
    depth = 0
    for i in range(pos - 1, max(-1, pos - MAX_BACK - 1), -1):
        ch = text[i]
        if ch in ")]":
            depth += 1
        elif ch in "([":
            if depth == 0:
                return i
            depth -= 1
        elif ch in ";{}":
            return -1
    return -1


def _cells(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """[start, end) of each cell of text[start:end] split at `,` outside brackets and quotes (inside its quotes for a
    quoted cell), and whether it is quoted alone."""
    out: list[tuple[int, int, bool]] = []
    depth = 0
    quote = ""
    a = start
    i = start
    while i <= end and len(out) <= MAX_CELLS:
        ch = text[i] if i < end else ","
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            cell = text[a:i]
            s = a + len(cell) - len(cell.lstrip())
            e = a + len(cell.rstrip())
            if e - s >= 2 and text[s] in "'\"" and text[e - 1] == text[s] and text[s] not in text[s + 1:e - 1]:
                out.append((s + 1, e - 1, True))
            else:
                out.append((s, e, False))
            a = i + 1
        i += 1
    return out


def positional_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each phone number and SSN cell of a person's positional record (the module's
    docstring)."""
    out: list[Found] = []
    if not wanted & {"PHONE_NUMBER", "US_SSN"} or ("'" not in text and '"' not in text):
        return out
    found = [m for m in _DIGIT_CELL.finditer(text)]
    if not found:
        return out
    from proxy.guard.keyed import valid_group
    from proxy.nlp.names import name_lists
    from proxy.nlp.sql31 import _bracket_end, _full_name, thing_lists

    lists = name_lists()
    things: list[tuple[int, int]] | None = None
    done: set[int] = set()
    for m in found:
        a, b = m.span(2)
        digits = m.group(2).lstrip("+")
        kind = "US_SSN" if len(digits) == 9 and not m.group(2).startswith("+") else "PHONE_NUMBER"
        if kind not in wanted or not valid_group(kind, m.group(2)) \
                or kind == "PHONE_NUMBER" and len(digits) == 11 and digits[0] != "1" and m.group(2)[0] != "+":
            continue
        opening = _opening(text, m.start())
        if opening < 0 or opening in done:
            continue
        done.add(opening)
        close = _bracket_end(text, opening + 1)
        if close < 0:
            continue
        cells = _cells(text, opening + 1, close)
        if not any(quoted and _full_name(lists, text[s:e]) for s, e, quoted in cells):
            continue
        if things is None:
            things = thing_lists(text)
        if any(s <= opening < e for s, e in things) or any(s <= a and b <= e for s, e in things):
            continue
        for s, e, quoted in cells:
            value = text[s:e]
            if not quoted or not (9 <= len(value) <= 12):
                continue
            cell = _DIGIT_CELL.fullmatch(text, s - 1, e + 1)
            if cell is None:
                continue
            digits = value.lstrip("+")
            cell_kind = "US_SSN" if len(digits) == 9 and value[0] != "+" else "PHONE_NUMBER"
            if cell_kind in wanted and valid_group(cell_kind, value) and not (
                    cell_kind == "PHONE_NUMBER" and len(digits) == 11 and digits[0] != "1" and value[0] != "+"):
                out.append((s, e, cell_kind))
    return out


__all__ = ["positional_values"]
