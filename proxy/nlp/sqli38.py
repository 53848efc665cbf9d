"""Names in SQL `INSERT` tuples and in code's string arguments (issue 12, "No side doors": atk38 F01, F12).

- A dump's column list whose name columns are short (`proxy.nlp.sql31`): `fname`, `lname`, `given`, `family` beside
  their partner (`proxy.nlp.name_keys.paired_kind`), and `first`, `last` beside each other and a person's attribute
  (`email`, `phone`: `proxy.nlp.tbl33._PERSONAL`, as a CSV's header is read in `proxy.nlp.tables`): each tuple's
  cell at that position is that part of a name (`column_kinds`);
- a dump with no column list (mysqldump's `--extended-insert` line, a seed file): where at least half of the tuples
  hold a name at the same positions (a listed given name and a surname beside it, or a full name: `sql31._row_names`),
  every tuple's cells at those positions are names when each of them is in a name's shape (`positional_names`:
  `(1043,'Tomasz','Wójcik',...)` beside `(1042,'Priya','Raghunathan',...)`);
- a call in code whose two first string arguments are a listed given name and a capitalised word no dictionary holds
  (`new Customer("Priya", "Raghunathan", ...)`, `createUser("Ingrid", "Halvorsen")`, `Person("Declan",
  "Fitzgerald", 41)`), and keyword arguments `first=`/`given=` beside `last=`/`family=`/`surname=` with a name's
  values (`dict(first='Maria', last='Gonzalez')`): both are PERSON (`code_names`).

Gated by substring tests (`(` and a quote); linear regex scans. Pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.nlp.sql31 import _FILLERS, _NAME_CELL, _WORD

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]
Cell = tuple[int, int, bool]

__all__ = ["code_names", "column_kinds", "positional_names"]

# ------------------------------------------------------------------------------------------------ dumps

_PAIRS = (frozenset({"first", "last"}), frozenset({"given", "family"}))


def column_kinds(columns: Sequence[str]) -> list[tuple[str, str | None]]:
    """Each column with its kind (`proxy.nlp.tables.column_kind`'s, or "parts"/"loose" for a short name column
    beside its partner: the module's docstring)."""
    from proxy.nlp.name_keys import paired_kind
    from proxy.nlp.tables import column_kind
    from proxy.nlp.tbl33 import _PERSONAL

    heads = {c.strip().lower() for c in columns}
    paired: set[str] = set()
    if any(_PERSONAL.search(h) for h in heads):
        paired = {w for pair in _PAIRS if pair <= heads for w in pair}
    out: list[tuple[str, str | None]] = []
    for c in columns:
        kind = column_kind(c)
        if kind is None:
            kind = "parts" if c.strip().lower() in paired else paired_kind(c, [o for o in columns if o != c])
        out.append((c, kind))
    return out


def positional_names(table: str, text: str, rows: Sequence[tuple[Cell, ...]],
                     found: Sequence[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """`found` (each row's name cells) with every row's cells at the positions where at least half of the rows hold
    one (one row, in a table of people: `patients`, `users`), when every row's cell there is a quoted value in a
    name's shape (the module's docstring)."""
    from proxy.nlp.tables import column_kind

    out = [span for spans in found for span in spans]
    if len(rows) < 2 or not out:
        return out
    least = 1 if column_kind(table) == "people" else (len(rows) + 1) // 2
    counts: dict[int, int] = {}
    for row, spans in zip(rows, found, strict=False):
        for i, (a, b, _) in enumerate(row):
            if (a, b) in spans:
                counts[i] = counts.get(i, 0) + 1
    for i, n in counts.items():
        if n < least:
            continue
        cells = [row[i] if i < len(row) else None for row in rows]
        if all(c is not None and c[2] and _NAME_CELL.fullmatch(text, c[0], c[1]) is not None
               and text[c[0]:c[1]].lower() not in _FILLERS for c in cells):
            out += [(c[0], c[1]) for c in cells if c is not None and (c[0], c[1]) not in out]
    return out


# ------------------------------------------------------------------------------------------------- code

# A call's first two arguments, string literals (after a number at most): `new Customer("Priya", "Raghunathan"`.
_CALL = re.compile(rf"(?<![\w$])[A-Za-z_$][\w$.]*[ \t]*\([ \t]*(?:-?\d+[ \t]*,[ \t]*)?"
                   rf"([\"'])({_WORD})\1[ \t]*,[ \t]*([\"'])({_WORD})\3")
# Keyword arguments (or an object's keys) of a given name and a surname: `first='Maria', last='Gonzalez'`.
_KW_FIRST = r"(?:first|given|firstname|givenname|first_name|given_name|firstName|givenName)"
_KW_LAST = r"(?:last|family|surname|lastname|familyname|last_name|family_name|lastName|familyName)"
_KWARGS = re.compile(rf"(?<![\w$.])[\"']?{_KW_FIRST}[\"']?[ \t]*[=:][ \t]*([\"'])({_WORD}(?: {_WORD})?)\1[ \t]*,"
                     rf"[^()\[\]{{}}\n]{{0,80}}?(?<![\w$.])[\"']?{_KW_LAST}[\"']?[ \t]*[=:][ \t]*([\"'])({_WORD})\3")


def _word(lex: Lexicon, word: str) -> bool:
    w = word.lower()
    return w in lex.nouns or w in lex.adjectives or w in lex.verbs or w in lex.stops


def _pair(names: NameLists, lex: Lexicon, given: str, last: str) -> bool:
    """A listed given name (one no dictionary holds, or a first name of the lists) and a capitalised surname that no
    dictionary holds (or a listed one, beside a given name that is no word)."""
    if not (names.is_first(given) or names.is_any_first(given) and not _word(lex, given)) \
            or len(last) < 2 or last.isupper() and not given.isupper() or names.is_very_common(last):
        return False
    if _word(lex, last):
        return names.is_name(last) and not names.is_common(given) and not _word(lex, given)
    return True


def code_names(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with the names in code's string arguments as PERSON where no PERSON covers them (the module's
    docstring)."""
    if "(" not in chunk and ":" not in chunk or '"' not in chunk and "'" not in chunk:
        return found
    spans: list[tuple[int, int]] = []
    if "(" in chunk:
        for m in _CALL.finditer(chunk):
            if _pair(names, lex, m.group(2), m.group(4)):
                spans += [m.span(2), m.span(4)]
    if "=" in chunk or ":" in chunk:
        for m in _KWARGS.finditer(chunk):
            given, last = m.group(2), m.group(4)
            if names.is_any_first(given.split()[0]) and (_pair(names, lex, given.split()[0], last)
                                                         or names.is_name(last) and not names.is_common(last)):
                spans += [m.span(2), m.span(4)]
    added = [("PERSON", a, b, 0.85) for a, b in dict.fromkeys(spans)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    if not added:
        return found
    found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))]
    return found + added
