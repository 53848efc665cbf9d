"""Concordance DAT load files, sqlite3 list-mode output and call-record phone columns (issue 12, atk31 F19, F3).

- e-discovery load files (Concordance DAT: `þDOCIDþ¶þCUSTODIANþ¶þDATESENTþ`, rows `þABC0001þ¶þKenji Watanukiþ¶þ...þ`;
  the delimiter `¶` (U+00B6) or ASCII 20, the text qualifier `þ` (U+00FE)): the qualifier is a letter, so `þKenji`
  was one word to spaCy and to the e-mail pattern. The PII view reads a qualifier at a cell's edge (at a line's start
  or end, beside a delimiter or another qualifier) as a space (`dat_edits`, a layer of `proxy.nlp.normalize.
  structure_spaced`); a `þ` inside a word (`Ásþór`) stays. A DAT file is read as a table (`_dat_tables`): its first
  line of field names is the header, the lines after it with as many cells its rows;
- sqlite3 list-mode output: `sqlite> SELECT name, phone FROM users;` and the `|`-separated rows after it (a
  `.headers on` header row of the same names skipped), the cells under the SELECT's columns (an expression's alias
  or last identifier: `u.name`, `COUNT(*) AS n`); `SELECT *` with a header row under it takes the header row's;
- what the columns hold: a cell under a column naming a phone number or an SSN (`proxy.guard.keyed.headed`) is read
  after the type's context word (`conc_values`, as a table's column is); a cell under a person's column (`CUSTODIAN`,
  `FROM`, `TO`, `CC`, `BCC`, `AUTHOR`, `name`, `customer`: `proxy.nlp.tables.column_kind` "people" or "parts") is a
  name where an entry of it (`;` between entries, an `<address>` beside) is one: a full name the lists know
  (`proxy.nlp.sql31._full_name`), or two or three capitalised words none of them a common word (`conc_names`); a
  cell under a column of things or places (`city`, `product`) holds no person's name;
- call records' phone columns (`call_head`, `proxy.guard.keyed.headed`): `CallerNumber`, `CalleeNumber`,
  `caller_id`, `ANI`, `DNIS`, `from_number`, `to_number`, `callback_number` and the like, whole.

Gated by `þ` and `sqlite>` substrings; linear scans. Pure functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]
Span = tuple[int, int]

_THORN = "\u00fe"
_DELIMS = "\u00b6\x14"
# A qualifier at a cell's edge: a line's first or last, or beside a delimiter or another qualifier.
_EDGE = re.compile(rf"(?m)(?:^|(?<=[{_DELIMS}{_THORN}]))[ \t]*{_THORN}|{_THORN}(?=[{_DELIMS}{_THORN}]|[ \t]*\r?$)")
# A DAT line: qualified cells, each `þ...þ`, a delimiter (or none) between them.
_DAT_LINE = re.compile(rf"(?m)^[ \t]*{_THORN}[^{_THORN}\n]*{_THORN}(?:[{_DELIMS},;|\t]?{_THORN}[^{_THORN}\n]*{_THORN})+"
                       r"[ \t]*\r?$")
_DAT_CELL = re.compile(rf"{_THORN}([^{_THORN}\n]*){_THORN}")
_FIELD = re.compile(r"[A-Za-z][\w .#/-]{0,40}")


def dat_edits(text: str) -> list[tuple[int, int, str]]:
    """Edits reading each DAT qualifier at a cell's edge as a space (the module's docstring)."""
    if _THORN not in text:
        return []
    out: list[tuple[int, int, str]] = []
    for line in _DAT_LINE.finditer(text):
        out.extend((m.end() - 1, m.end(), " ") for m in _EDGE.finditer(text, line.start(), line.end()))
    return out


def _dat_tables(text: str) -> list[tuple[list[str], list[list[Span]]]]:
    """Each DAT table of `text`: its header's field names and its rows' cells (spans inside the qualifiers)."""
    tables: list[tuple[list[str], list[list[Span]]]] = []
    header: list[str] = []
    rows: list[list[Span]] = []
    last = -1
    for line in _DAT_LINE.finditer(text):
        cells = [m.span(1) for m in _DAT_CELL.finditer(text, line.start(), line.end())]
        adjacent = last >= 0 and text[last:line.start()] in ("\n", "\r\n")
        if header and adjacent and len(cells) == len(header):
            rows.append(cells)
        else:
            if header and rows:
                tables.append((header, rows))
            names = [text[a:b].strip() for a, b in cells]
            header, rows = (names, []) if all(_FIELD.fullmatch(n) for n in names) else ([], [])
        last = line.end()
    if header and rows:
        tables.append((header, rows))
    return tables


# ------------------------------------------------------------------------------------------------ sqlite3

_SQLITE = re.compile(r"(?im)^sqlite>[ \t]+select[ \t]+(?P<cols>.+?)[ \t]+from[ \t]+(?P<table>[\w.\"`\[\]]+)[^\n]*$")
_IDENT = re.compile(r"[\"`\[]?([A-Za-z_]\w*)[\"`\]]?\s*$")
_ALIAS = re.compile(r"(?is).*\bas\s+[\"`\[]?([A-Za-z_]\w*)[\"`\]]?\s*$")


def _split_columns(cols: str) -> list[str] | None:
    """The column names a SELECT's list gives its output (an alias, else the last identifier); None for `*` or an
    expression with none."""
    from proxy.nlp.sql31 import _split_top  # (`,` outside brackets and quotes)

    parts = [cols[a:b] for a, b in _split_top(cols, 0, len(cols))]
    names: list[str] = []
    for part in parts:
        m = _ALIAS.match(part) or _IDENT.search(part)
        if m is None:
            return None
        names.append(m.group(1))
    return names


def _pipe_cells(text: str, a: int, b: int) -> list[Span]:
    cells: list[Span] = []
    start = a
    for i in range(a, b):
        if text[i] == "|":
            cells.append((start, i))
            start = i + 1
    cells.append((start, b))
    return cells


def _sqlite_tables(text: str) -> list[tuple[list[str], list[list[Span]], str]]:
    """Each sqlite3 list-mode result of `text`: its columns' names, its rows' cells and the SELECT's table."""
    if "sqlite>" not in text:
        return []
    out: list[tuple[list[str], list[list[Span]], str]] = []
    for m in _SQLITE.finditer(text):
        names = _split_columns(m.group("cols"))
        pos = m.end() + 1
        rows: list[list[Span]] = []
        first = True
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end].rstrip("\r")
            if not line.strip() or line.startswith("sqlite>") or "|" not in line and (names is None or len(names) > 1):
                break
            cells = _pipe_cells(text, pos, pos + len(line))
            heads = [text[a:b].strip() for a, b in cells]
            if first and all(re.fullmatch(r"[A-Za-z_]\w*", h) for h in heads) \
                    and (names is None and len(heads) > 1 or names is not None and heads == names):
                names = heads  # (`.headers on`: the header row)
            elif names is None or len(cells) != len(names):
                break
            else:
                rows.append(cells)
            first = False
            pos = end + 1
        if names and rows:
            out.append((names, rows, m.group("table").strip("\"`[]")))
    return out


def _stream_columns(line: str) -> tuple[list[str], str] | None:
    """A released `sqlite> SELECT` line's or DAT header's column names and its rows' separator; None for another."""
    if not line.startswith(("sqlite>", _THORN)) or len(line) > 400:
        return None
    if line.startswith(_THORN):
        if _DAT_LINE.fullmatch(line) is None:
            return None
        names = [m.group(1).strip() for m in _DAT_CELL.finditer(line)]
        sep = next((d for d in _DELIMS if d in line), "")
        if not sep or not all(_FIELD.fullmatch(n) for n in names):
            return None
        return names, sep
    m = _SQLITE.fullmatch(line)
    found = _split_columns(m.group("cols")) if m is not None else None
    return (found, "|") if found else None


def stream_header(line: str) -> tuple[str, int, list[str]] | None:
    """A released line that heads rows naming a phone number or an SSN (a `sqlite> SELECT` line, a DAT header):
    the rows' separator, their number of cells and the types, so a stream's next window is read under it
    (`proxy.guard.headings.Heading`); None for another line."""
    columns = _stream_columns(line)
    if columns is None:
        return None
    from proxy.guard.keyed import headed

    names, sep = columns
    types = sorted({t for n in names for t in headed(n)})
    return (sep, len(names), types) if types else None


def stream_people(line: str) -> tuple[str, int] | None:
    """`stream_header`'s line when a column of it holds people (`CUSTODIAN`, `FROM`, `name`: tbl33 keeps such a
    header for a stream's later windows): the rows' separator and number of cells; None otherwise."""
    columns = _stream_columns(line)
    if columns is None or not any(_people_column(n) in ("people", "parts") for n in columns[0]):
        return None
    return columns[1], len(columns[0])


# ------------------------------------------------------------------------------------------------ what they hold

def conc_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each DAT or sqlite cell under a column naming a phone number or an SSN (`headed`)."""
    if _THORN not in text and "sqlite>" not in text:
        return []
    from proxy.guard.keyed import MAX_VALUE, headed

    out: list[tuple[int, int, str]] = []
    tables = [(h, r) for h, r in _dat_tables(text)] + [(h, r) for h, r, _ in _sqlite_tables(text)]
    for header, rows in tables:
        for k, name in enumerate(header):
            types = [t for t in headed(name) if t in wanted]
            if not types:
                continue
            for row in rows:
                a, b = row[k]
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a < b <= a + MAX_VALUE and any(c.isdigit() for c in text[a:b]):
                    out.append((a, b, types[0]))
    return out


# Header words of a load file's person fields (lower case, letters only).
_DAT_PEOPLE = frozenset({"custodian", "custodians", "allcustodians", "dupecustodian", "dupecustodians",
                         "othercustodians", "from", "to", "cc", "bcc", "author", "authors", "emailfrom", "emailto",
                         "emailcc", "emailbcc", "sender", "recipient", "recipients", "organizer", "attendees",
                         "lastauthor", "lastmodifiedby", "createdby", "modifiedby", "owner", "participants", "fullname",
                         "displayname", "contactname", "personname"})
_ENTRY_WORD = r"[^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*\.?"
# Lower-case particles inside a name (`Sanne de Vries`, `Pieter van Dijk`).
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "le", "la", "bin", "binti",
                        "al", "ibn", "ten", "ter", "dos", "das", "do", "y"})
_PARTICLE = "(?:" + "|".join(sorted(_PARTICLES)) + ")"
_ENTRY = re.compile(rf"{_ENTRY_WORD}(?: (?:{_PARTICLE} )*{_ENTRY_WORD}){{1,3}}"
                    rf"|{_ENTRY_WORD}(?: {_ENTRY_WORD})?, {_ENTRY_WORD}(?: {_ENTRY_WORD})?")
_PART = re.compile(rf"{_ENTRY_WORD}")
_ADDRESS = re.compile(r"\s*[<(\[][^<>()\[\]]*@[^<>()\[\]]*[>)\]]\s*$")


def _people_column(header: str) -> str | None:
    """"people", "things" or None for a column's header."""
    from proxy.nlp.tables import column_kind

    if re.sub(r"[^a-z]", "", header.lower()) in _DAT_PEOPLE:
        return "people"
    kind = column_kind(header)
    return kind


def _entries(text: str, a: int, b: int, one: bool = False) -> list[Span]:
    """The name-shaped entries of a person's cell [a, b): `;` between them, an `<address>` after a name left out."""
    out: list[Span] = []
    pos = a
    for part in text[a:b].split(";"):
        start, end = pos, pos + len(part)
        pos = end + 1
        m = _ADDRESS.search(text, start, end)
        if m is not None:
            end = m.start()
        while start < end and text[start] in " \t\"'":
            start += 1
        while end > start and text[end - 1] in " \t\"'":
            end -= 1
        if start < end and (_PART if one else _ENTRY).fullmatch(text, start, end):
            out.append((start, end))
    return out


# Words of an organisation's name (`Acme Corp`, `Northwind Holdings`): no person's.
_ORGANISATIONS = frozenset({"inc", "corp", "corporation", "llc", "ltd", "limited", "gmbh", "co", "company", "group",
                            "plc", "llp", "lp", "ag", "sa", "bv", "nv", "partners", "associates", "holdings", "bank",
                            "university", "dept", "team", "office", "services", "solutions", "systems", "foundation"})


def _a_name(names: NameLists, value: str, part: bool = False) -> bool:
    """Whether a person's cell's entry is a name: a full name the lists know, or words none of them common (one for a
    name part's column), none an organisation's or in capitals (`HR Team`), unless the lists know the name."""
    from proxy.nlp.sql31 import _full_name

    last, _, first = value.rpartition(",")  # (`Surname, Given` read as `Given Surname`)
    words = [w.strip(".") for w in f"{first} {last}".split() if w.strip(".") and w not in _PARTICLES]
    if not part and len(words) > 1 and _full_name(names, " ".join(words)):
        return True
    return len(words) >= (1 if part else 2) and not any(
        names.is_very_common(w) or w.lower() in _ORGANISATIONS or len(w) > 1 and w.isupper() for w in words)


_ID_CELL = re.compile(r"[ \t]*(?=[^\s]*[0-9])[\w./:#-]+[ \t]*")


def conc_names(names: NameLists, chunk: str, found: list[Result]) -> list[Result]:
    """`found` with the names in DAT and sqlite cells under a person's column as PERSON where no PERSON covers them,
    and without the PERSON and LOCATION findings inside cells of a column of things (the module's docstring)."""
    if _THORN not in chunk and "sqlite>" not in chunk:
        return found
    from proxy.nlp.fp34 import row_name_column
    from proxy.nlp.sql31 import _things

    people: list[Span] = []
    things: list[Span] = []
    ids: list[Span] = []
    tables = [(h, r, False) for h, r in _dat_tables(chunk)] + [(h, r, _things(t)) for h, r, t in _sqlite_tables(chunk)]
    for header, rows, thing_table in tables:
        for k, name in enumerate(header):
            kind = _people_column(name)
            if kind == "things" or thing_table and (kind is None or row_name_column(name)):  # (fp34)
                things.extend(row[k] for row in rows)
            elif kind in ("people", "parts") and not thing_table:
                people.extend(s for row in rows for s in _entries(chunk, *row[k], kind == "parts")
                              if _a_name(names, chunk[s[0]:s[1]], kind == "parts"))
            else:  # an id's or a date's cell (`ABC0001`, `01/05/2026`): no part of a name
                ids.extend(row[k] for row in rows if _ID_CELL.fullmatch(chunk, *row[k]))
    if things or ids:
        found = [r for r in found if r[0] not in ("PERSON", "LOCATION")
                 or not any(a <= r[1] and r[2] <= b for a, b in things)
                 and not any(a <= r[1] < b for a, b in ids)]
    added = [("PERSON", a, b, 0.85) for a, b in people
             if not any(r[1] < b and a < r[2] and (r[0] != "PERSON" or r[1] <= a and b <= r[2]) for r in found)]
    if added:
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))]
    return found + added


# ------------------------------------------------------------------------------------------------ call records

_CALL_HEADS = frozenset({"callernumber", "callerno", "callernum", "callerid", "calleridnumber", "callerphone",
                         "calleenumber", "calleeno", "calleenum", "calleeid", "calleephone", "ani", "dnis",
                         "fromnumber", "fromphone", "tonumber", "tophone", "callbacknumber", "callbackno",
                         "callbacknum", "callbackphone", "callback", "callednumber", "callingnumber", "dialednumber",
                         "dialednumbers", "destinationnumber", "sourcenumber", "originnumber", "cli", "clid"})


_CALL_GATE = re.compile(r"(?i)(?:caller|callee|callback|called|calling|dialed|destination|source|origin|from|to)"
                        r"[ _-]?(?:id|no|num|numbers?|phone)|(?<![A-Za-z])(?:ani|dnis|clid?|callback)(?![a-z])")


def call_heads_in(text: str) -> bool:
    """Whether `text` may hold a call record's phone column header (`call_head`): the gate of the table reading."""
    return _CALL_GATE.search(text) is not None


def call_head(label: str) -> bool:
    """Whether a column's header names a call record's phone number, whole (`CallerNumber`, `caller_id`, `ANI`)."""
    return re.sub(r"[^a-z]", "", label[:64].lower()) in _CALL_HEADS


__all__ = ["call_head", "call_heads_in", "conc_names", "conc_values", "dat_edits", "stream_header", "stream_people"]
