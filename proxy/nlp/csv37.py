"""Header-less delimited exports: HR, payroll and mainframe extracts, spreadsheet pastes, sqlite `.mode tabs` rows
(csv37, atk36 F19, F05).

`4471,KOVALENKO,BOGDAN,631552207,SALES`, `4471;Kovalenko;Bogdan;631552207;3124829934`, `Ignatius Brannigan\\t
ibrannigan@outlook.com\\t6174822934`: no header names the columns, so a bare SSN or phone number had no context word
and an upper-case surname no person's context. A block here is one line, or consecutive lines, split by the same
separator (`,`, `;`, a tab, `|`: the line's most frequent one) into as many cells (three or more; two for a tab),
whose first line is no header (`proxy.nlp.tables.column_cells` reads a table under a header). In it:

- **names** (`csv_names`): a cell that is a full name (a listed given name, then one or two name-shaped words, the
  last no everyday word nor a place: `Bogdan Kovalenko`, `BOGDAN KOVALENKO`); a cell that is a listed given name
  (`BOGDAN`: no place, no everyday word) beside a cell that is one name-shaped word (`KOVALENKO`: no everyday word,
  no place, three letters or less only when a listed surname: not `SALES`, `USD`, `OPS`): both are the name's
  parts. In a block of several rows, a column where half the rows or more hold such a name holds names in the other
  rows too (`FASHOLA,OLAMIDE` under `KOVALENKO,BOGDAN`), when the cell is name-shaped. A single line counts only
  with a cell of digits in it (an export's id or number: a list in prose has none);
- **numbers** (`csv_values`, read after the type's context word as `proxy.guard.keyed.labelled_values` reads a
  column's): a column whose every cell is nine digits valid as an SSN (area not 000, 666 or 9xx, group not 00,
  serial not 0000; not all of the same area in three rows or more: an id's shared prefix) is an SSN column, one
  whose every cell is an unbroken phone number as written (`proxy.nlp.tsv30._plausible`: a US one, or a national
  one after its trunk `0`) a phone column, where half the block's rows or more hold a person's name (above) or, for
  phones, an e-mail address.

A table under a header names its own columns; `LAST`/`FIRST` headers side by side name a name's parts
(`proxy.nlp.tables`). Order ids beside products, counts, amounts, dates, zip codes, SKUs and upper-case enum columns
(`SALES`, `ACTIVE`, `USD`) are left: no name in the row. Gated by a separator in the text (and nine digits in a row
for the numbers); linear in the text. Pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.tables import _HEADER_CELL, _cells

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["csv_names", "csv_values"]

Result = tuple[str, int, int, float]
Found = tuple[int, int, str]
Span = tuple[int, int]

_SEPARATORS = ("\t", ";", "|", ",")
_NINE = re.compile(r"[0-9]{9}")
_DIGITS = re.compile(r"[0-9][0-9 .:/-]*")
_WORD = r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))+"
_ONE = re.compile(_WORD)
_FULL = re.compile(_WORD + r"(?: " + _WORD + r"){1,2}")
_SSN = re.compile(r"[0-9]{9}")
_PHONE = re.compile(r"\+?[0-9]{10,13}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_MAX_CELLS = 40
_SEGMENT = re.compile(r"[A-Z][A-Z0-9]{2}\|")
_SCORE = 0.85
_FLOOR = 0.4  # the default policy's min_score: a weaker reading of a cell gives way (a bare SSN's 0.05)


class _Block:
    __slots__ = ("rows", "sep")

    def __init__(self, sep: str) -> None:
        self.sep = sep
        self.rows: list[list[Span]] = []  # each row's cells: [start, end) in the text


def _separator(line: str) -> str | None:
    """The line's separator: its most frequent of `_SEPARATORS` (two at least; one for a tab)."""
    best, count = None, 0
    for sep in _SEPARATORS:
        n = line.count(sep)
        if n > count:
            best, count = sep, n
    if best is None or count < (1 if best == "\t" else 2):
        return None
    return best


def _blocks(text: str) -> list[_Block]:
    """The header-less blocks of `text` (the module's docstring)."""
    out: list[_Block] = []
    block: _Block | None = None
    width = 0
    pos = 0
    for line in text.split("\n"):
        off, pos = pos, pos + len(line) + 1
        sep = _separator(line) if len(line) <= 2000 else None
        cells = _cells(line, sep) if sep is not None else []
        edge = line.strip()
        markdown = edge.startswith("|") or edge.endswith("|") or " | " in line
        if sep is None or len(cells) > _MAX_CELLS or sep == "|" and (_SEGMENT.match(line) is not None or markdown):
            block = None  # (an HL7 or ASTM segment, `MSH|^~\&|CERNER|MERCY|`: `proxy.nlp.hl7` reads its fields; a
            continue  # Markdown table's row, its header maybe out of a stream's window: `| Dana Kerr | 4158839912 |`)
        spans = [(off + a, off + b) for a, b in cells]
        if block is not None and block.sep == sep and len(cells) == width:
            block.rows.append(spans)
            continue
        block = _Block(sep)
        width = len(cells)
        block.rows.append(spans)
        out.append(block)
    return [b for b in out if not _headed(text, b)]


def _headed(text: str, block: _Block) -> bool:
    """Whether the block's first line is a header (several rows, its cells all header-like, no digits in any)."""
    if len(block.rows) < 2:
        return False
    return all(_HEADER_CELL.fullmatch(text, a, b) and not any(c.isdigit() for c in text[a:b])
               for a, b in block.rows[0])


def _place(low: str) -> bool:
    from proxy.nlp.names import place_names
    from proxy.nlp.places import city_names

    return low in city_names() or low in place_names()


def _shaped(word: str) -> bool:
    """A name's word as written: capitalised or in capitals."""
    return word[0].isupper() and (word.isupper() or not word[1:].isupper())


def _given(names: NameLists, word: str, lex: Lexicon | None) -> bool:
    """A listed given name, no place, no everyday word (`Chloe`, `BOGDAN`; not `May`, `Red`, `Paris`)."""
    from proxy.nlp.comma33 import _lexical

    low = word.lower()
    return _ONE.fullmatch(word) is not None and _shaped(word) and names.is_any_first(word) and not _place(low) \
        and (names.is_first(word) or not names.is_very_common(word) or lex is not None and not _lexical(word, lex))


def _part(names: NameLists, word: str, lex: Lexicon | None) -> bool:
    """One name-shaped word that is no everyday word (`lex`: WordNet's, where given), no place, no filler (`SALES`,
    `USD`, `Unknown`, `Sprocket`), or a listed surname."""
    from proxy.nlp.comma33 import _lexical
    from proxy.nlp.pii import _NO_NAME_CELLS
    from proxy.nlp.tech_terms import TECH_TERMS

    low = word.lower()
    if _ONE.fullmatch(word) is None or not _shaped(word) or low in _NO_NAME_CELLS or _place(low) or low in TECH_TERMS:
        return False
    # (a word of the password lists' top, `Oksana`, `Chloe`, only where WordNet lacks it: `SALES`, `Admin` are none)
    if names.is_very_common(word) and (lex is None or _lexical(word, lex)):
        return False
    if lex is not None and low not in names.last and not names.is_any_first(word) and _lexical(word, lex):
        return False
    return len(word) > 3 or low in names.last or names.is_any_first(word) and word[1:].islower()


def _full(names: NameLists, cell: str, lex: Lexicon | None) -> bool:
    if _FULL.fullmatch(cell) is None:
        return False
    words = cell.split(" ")
    return all(_shaped(w) for w in words) and _given(names, words[0], lex) and _part(names, words[-1], lex) \
        and not _place(cell.lower())


def _row_names(text: str, names: NameLists, row: list[Span], lex: Lexicon | None, people: list[Span]) -> list[int]:
    """The indexes of the row's cells that hold a person's name or a part of one; `people`: the PERSON spans found
    (a cell one covers is a name's part, as a listed given name is)."""
    out: list[int] = []
    for i, (a, b) in enumerate(row):
        cell = text[a:b]
        if not cell or b - a > 60 or not cell[0].isupper():
            continue
        found = any(c <= a and b <= d for c, d in people)
        if " " in cell:
            if _full(names, cell, lex) or found and _FULL.fullmatch(cell) and all(_shaped(w) for w in cell.split(" ")):
                out.append(i)
            continue
        if not _given(names, cell, lex) and not (found and _part(names, cell, lex)):
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(row) and _part(names, text[row[j][0]:row[j][1]], lex):
                out += [i, j]
    return sorted(set(out))


def _named(text: str, names: NameLists, block: _Block, lex: Lexicon | None = None,
           people: list[Span] | None = None) -> list[list[int]]:
    """Per row of the block, the indexes of its cells that hold a name (by the row, or by the column: the module's
    docstring)."""
    rows = block.rows
    if len(rows) == 1 and not any(_DIGITS.fullmatch(text, a, b) for a, b in rows[0]):
        return [[]]
    hits = [_row_names(text, names, row, lex, people or []) for row in rows]
    if len(rows) < 2:
        return hits
    counts: dict[int, int] = {}
    for h in hits:
        for i in h:
            counts[i] = counts.get(i, 0) + 1
    columns = [i for i, n in counts.items() if 2 * n >= len(rows)]
    if not columns:
        return hits
    for row, h in zip(rows, hits, strict=True):
        for i in columns:
            if i in h:
                continue
            a, b = row[i]
            cell = text[a:b]
            if cell and all(_given(names, w, lex) or _part(names, w, lex) for w in cell.split(" ")) \
                    and len(cell.split(" ")) <= 3:
                h.append(i)
    return hits


def _gated(text: str) -> bool:
    return any(sep in text for sep in _SEPARATORS)


def csv_names(chunk: str, found: list[Result], names: NameLists, lex: Lexicon, entities: list[str]) -> list[Result]:
    """`found` with the names of header-less rows as PERSON where no PERSON covers them, and their SSN and phone
    columns' cells (`_typed`, by the names found here too: `OGUNLEYE,ABIMBOLA`) (the module's docstring)."""
    if not _gated(chunk):
        return found
    added: list[Result] = []
    people = [(r[1], r[2]) for r in found if r[0] == "PERSON"]
    wanted = frozenset(entities)
    for block in _blocks(chunk):
        named = _named(chunk, names, block, lex, people)
        for row, hits in zip(block.rows, named, strict=True):
            for i in hits:
                a, b = row[i]
                if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found):
                    added.append(("PERSON", a, b, _SCORE))
        added += [(e, a, b, _SCORE) for a, b, e in _typed(chunk, block, named, wanted)
                  if not any(r[0] == e and r[1] <= a and b <= r[2] and r[3] >= _FLOOR for r in found)]
    if not added:
        return found
    # (a span the model read across a cell's separator gives way: `Bogdan\t631552207`)
    return [r for r in found if not any(r[1] < b and a < r[2] and (r[0] == "PERSON" or e != "PERSON")
                                        for e, a, b, _ in added)] + added


def _valid_ssn(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def csv_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of the SSN and phone columns' cells of header-less blocks (the module's docstring)."""
    ssn, phone = "US_SSN" in wanted, "PHONE_NUMBER" in wanted
    if not (ssn or phone) or _NINE.search(text) is None or not _gated(text):
        return []
    from proxy.nlp.names import name_lists

    names = name_lists()
    out: list[Found] = []
    for block in _blocks(text):
        out += _typed(text, block, _named(text, names, block), wanted)
    return out


def _typed(text: str, block: _Block, named: list[list[int]], wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of the cells of the block's SSN and phone columns, by the rows' names (`named`)."""
    from proxy.nlp.tsv30 import _ID_LABEL, _plausible

    rows = block.rows
    ssn, phone = "US_SSN" in wanted, "PHONE_NUMBER" in wanted
    if not (ssn or phone) or not any(_NINE.search(text, row[0][0], row[-1][1]) for row in rows):
        return []
    people = sum(bool(h) for h in named)
    mailed = sum(bool(h) or any(_EMAIL.fullmatch(text, a, b) for a, b in row) for h, row in zip(named, rows,
                                                                                               strict=True))
    out: list[Found] = []
    for i in range(len(rows[0])):
        cells = [row[i] for row in rows if row[i][1] > row[i][0]]
        if not cells:
            continue
        values = [text[a:b] for a, b in cells]
        if i and any(_ID_LABEL.search(text[row[i - 1][0]:row[i - 1][1]] + ":") for row in rows):
            continue  # (`Dana Kerr | Order | 4158839912`: the cell before labels an id, `proxy.nlp.tsv30`)
        if ssn and 2 * people >= len(rows) and all(_SSN.fullmatch(v) and _valid_ssn(v) for v in values) \
                and (len(values) < 3 or len({v[:3] for v in values}) > 1):
            out.extend((a, b, "US_SSN") for a, b in cells)
        elif phone and 2 * mailed >= len(rows) and all(_PHONE.fullmatch(v) and _plausible(v) for v in values):
            out.extend((a, b, "PHONE_NUMBER") for a, b in cells)
    return out
