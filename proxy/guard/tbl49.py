"""A stream's whitespace-aligned tables kept under their header (tbl49, atk49 F04).

A whole answer reads a fixed-width table (reStructuredText simple tables `====  =====`, sqlite's `.mode column`
`--  ------`, `tabulate`'s simple format, PowerShell's `Format-Table`, `column -t`) by its header's columns: the
values under an `ssn` or `phone` header are read after the type's word (`proxy.nlp.tab29.fixed_width_cells`). A
stream's window held a row without its header (`proxy.guard.headings.Heading` follows `|`, `,`, `;` and tab tables,
HTML and SQL only), and a bare SSN beside a phone number went out in clear while the whole answer redacted both.

`fixed_line` follows such a table in a `Heading`, line by line as `fixed_width_cells` reads one: a header line of
two or more header cells apart by two or more spaces, one naming a phone number or an SSN (`header_types`), with no
`|` or tab in it; then its rule lines (`-- ---`, `====  ====`: the first kept, as the table's rule) and rows to the
first blank line or a line with a `|` or a tab. The heading's separator is then `FIXED` (no row is split by it: the
row's cells are read by their place under the header's), so the next window is read after the header, the rule and
the current row's released part (`Heading.prefix`), aligned as written. Gated per line by two spaces and a type's
word in it (tab29's gate): other lines cost a substring search. Bounded by `Heading`'s `KEEP` (a longer header is
not kept; a rule line longer than the header by more than 80 characters is not kept either).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.guard.headings import Heading

__all__ = ["FIXED", "fixed_line"]

FIXED = "  "  # the separator of a fixed-width table's heading: no row holds it as a cell's bound, by design
_RULE = re.compile(r"[\s\-=+_:]+")  # (`proxy.nlp.tab29`'s rule lines)
_SPACED_CELL = re.compile(r"\S+(?: \S+)*")


def _header_types(line: str) -> tuple[int, list[str]] | None:
    """The number of cells and the types of a fixed-width table's header line (`fixed_width_cells`' reading), or
    None when `line` is none."""
    from proxy.guard.headings import KEEP
    from proxy.nlp.tab29 import _GATE, _HEADER_CELL, header_types

    if "  " not in line or "|" in line or "\t" in line or len(line) > KEEP or _GATE.search(line) is None:
        return None
    heads = [m.group().replace("º", "#") for m in _SPACED_CELL.finditer(line)]
    if len(heads) < 2 or not all(_HEADER_CELL.fullmatch(h.replace("#", "º")) for h in heads):
        return None
    types = sorted({t for h in heads for t in header_types(h, "000000000")})
    return (len(heads), types) if types else None


def fixed_line(heading: Heading, line: str) -> bool:
    """Follow `line` (a released line) as a fixed-width table's (see the module's docstring): True when it was one
    of its lines (its header, a rule or a row: nothing else is to be read of it), False otherwise (the table, if
    one was followed, ended at it, and `line` is read as any other)."""
    if heading.sep == FIXED and heading.header:
        if line.strip() and "|" not in line and "\t" not in line:
            if _RULE.fullmatch(line) and not heading.border and len(line) <= len(heading.header) + 80:
                heading.border = line  # kept: the next window is read after it, as written
            return True
        heading.header, heading.border, heading.types, heading.sep, heading.n = "", None, [], "", 0
        return False
    if "  " not in line:
        return False
    found = _header_types(line)
    if found is None or any(sep in line for sep in (",", ";")):
        return False
    heading.header, heading.sep, heading.n, heading.types, heading.border = line, FIXED, found[0], found[1], ""
    heading.people = False
    return True
