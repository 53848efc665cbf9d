"""The table header a streamed field's next window lies under (issue 12, atk14 B H4 streamed).

A whole answer reads a value under a table column's header that names a phone number or an SSN (`| name | phone |`,
`ssn,name`, `name<TAB>phone`, `id;SSN`, `<th>Phone</th>`) after the type's context word, whatever the row's distance
from the header (`proxy.guard.keyed.labelled_values` over `proxy.nlp.tables.column_cells`). A stream's windows end at
each line, so a window held a row without its header and let the value go out raw. `Heading` follows what a field
released, line by line as `column_cells` reads a text (the same separators, header cells, rule lines and row shapes),
and keeps the header line (with a Markdown table's rule line) while the lines after it are the table's rows: a blank
line or a line of another shape ends it, and that line may start the next table. An HTML table's header row is kept
from its `<table` until its `</table`. `prefix` is what the next window is read after: the header and the part of
the current row already released, so the window's cells fall under their columns however the stream was chunked.

Bounded: a header of more than `KEEP` characters is not kept. A row whose released part grows past `KEEP` (a long
note, `<td>` + 500 characters, then `<td>6175550143`) is kept folded (`fold`: each cell's text cut to a value's
length, its cells and tags kept), and a row still longer folded (only tags and cells past any header's count make
one) ends the reading of its table; nothing is held back for it (what a window holds is `proxy.guard.windows`'
bound): only released text is kept, and at most `3 × KEEP` characters of it. A table that never closes is read to
the answer's end, as a whole answer reads it (`proxy.nlp.tables.html_column_cells`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from proxy.guard.keyed import MAX_VALUE, column_types
from proxy.guard.left31 import EdiHeading
from proxy.guard.sqlhead31 import SqlHeading
from proxy.guard.tbl49 import fixed_line
from proxy.nlp.htmlrows import header_row, rows_only
from proxy.nlp.intl29 import phone_columns
from proxy.nlp.tables import _BORDER, _HEADER_CELL, _HTML_CELL, _HTML_ROW, _SEPARATORS, _cells, short_row
from proxy.nlp.tbl33 import named_columns
from proxy.nlp.tbl49 import piped_line

KEEP = 400
_CLOSE = "\n</table>"
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_ROW_OPEN = re.compile(r"<tr\b", re.IGNORECASE)
_ROW_END = re.compile(r"<tr\b|</tr\s*>", re.IGNORECASE)
_HTML_HEAD = re.compile(r"<table\b[^>]*>", re.IGNORECASE)
_CELL_TEXT = re.compile(rf"[^<>\n]{{{MAX_VALUE + 1},}}")  # an HTML row's text run longer than a value
_LONG = "x" * (MAX_VALUE + 1)  # what a folded cell longer than a value starts with: still no value's


def fold(row: str, html: bool, sep: str = "") -> str:
    """A row's released part (`row`, longer than `KEEP`) with each run of its cells' text longer than a value
    (`proxy.guard.keyed.MAX_VALUE`) cut to its last `MAX_VALUE` characters, so the next window's cells still fall
    under their columns (each cell and separator kept, tags and quotes as written) and the words before a value
    stay its context: the row's end (the cell the window goes on) is one too long to be a value if it was, and
    its leading spaces folded to one if not. Not folded further: the caller ends the table when it stays long."""
    runs = _CELL_TEXT if html else re.compile(rf'[^{re.escape(sep)}"\n]{{{MAX_VALUE + 1},}}')

    def cut(m: re.Match[str]) -> str:
        run = m.group()
        if m.end() < len(row):
            return run[-MAX_VALUE:]
        body = run.lstrip() if html else run.lstrip(" '")
        return " " + body if len(body) <= MAX_VALUE else _LONG + " " + run[-MAX_VALUE:]

    return runs.sub(cut, row)


def _html_fill(full: str) -> str:
    """The empty cells that complete the last row of the HTML table open at the end of `full` (a row the window's
    cap cut: `<tr><td>6175550143</td><td>a long no`, three columns), so its cells fall under their columns as the
    whole answer's row does once it is written; "" when the row is complete, no row is begun, or the text ends
    inside a tag."""
    opens = list(_HTML_HEAD.finditer(full))
    if not opens or full.rfind("<") > full.rfind(">"):
        return ""
    heads = 0
    last: re.Match[str] | None = None
    for row in _HTML_ROW.finditer(full, opens[-1].end()):
        cells = list(_HTML_CELL.finditer(full, row.start(1), row.end(1)))
        if not heads:
            if cells and all(c.group(1).lower() == "th" for c in cells):
                heads = len(cells)
            continue
        last = row
    if last is None or full[last.end(1):].strip():  # no row after the header, or the last one closed
        return ""
    have = len(list(_HTML_CELL.finditer(full, last.start(1), last.end(1))))
    return "<td></td>" * (heads - have) if 0 < have < heads else ""


class Under(NamedTuple):
    """What a window is read after (the header, its rule line and the current row's released part; an HTML table's
    text to its header row and the current row), whether an HTML table is open before it, the types the header names,
    and the header's separator, number of cells and closing `|` (to complete a row the window ends inside: `closing`).
    """

    before: str = ""
    html_open: bool = False
    types: tuple[str, ...] = ()
    sep: str = ""
    cells: int = 0
    piped: bool = False
    people: bool = False  # the header names a person's column (`name`, `Vorname`): its cells' names (tbl33)


NO_HEADING = Under()
KEYED = ("PHONE_NUMBER", "US_SSN")


def closing(text: str, under: Under) -> str:
    """What a window (`text`) read under `under` is read with after it, as a whole answer reads it: the end of an
    HTML table open at the window's end, opened before it or in it, and the empty cells that complete a row the
    window ends inside (a row cut at the window's cap: `| Ann | 6175550143 | a long no`, `<tr><td>6175550143</td>`
    + `<td>a long no` under three `<th>`: `_html_fill`), so its cells fall under their columns."""
    out = ""
    if under.sep and under.before and not text.endswith("\n"):
        full = under.before + text
        last = full[full.rfind("\n") + 1:]
        if last.strip() and len(last) <= KEEP:
            for m in range(under.cells + 1):
                end = under.sep * m + (" |" if under.piped else "")
                if len(_cells(last + end, under.sep)) == under.cells:
                    out = end
                    break
    opened = [m.end() for m in _TABLE_OPEN.finditer(text)]
    closed = [m.end() for m in _TABLE_CLOSE.finditer(text)]
    if opened or closed:
        html_open = bool(opened) and (not closed or opened[-1] > closed[-1])
    else:
        html_open = under.html_open
    return out + (_html_fill(under.before + text) + _CLOSE if html_open else "")


class Heading:
    """A field's table header, as what it released so far shows it (`feed`), and the prefix its next window is read
    after (`prefix`, `types`)."""

    __slots__ = ("border", "folded", "header", "html", "html_head", "html_mode", "html_row", "html_types", "line", "n",
                 "row_head", "row_types", "sep", "sql", "types", "edi", "people")

    def __init__(self) -> None:
        self.header = ""        # the header line of the table the released lines are rows of ("" for none)
        self.border: str | None = None  # its rule line (`|---|---|`); None while a one-column header awaits it
        self.sep = ""
        self.n = 0              # its number of columns
        self.types: list[str] = []  # what its header names (`PHONE_NUMBER`, `US_SSN`)
        self.line = ""          # the current line's released part
        self.folded = False     # whether it was folded (`fold`): a row's, no header's
        self.html_mode = ""     # "collect" (no header row read yet), "head" (one naming a type), "skip" (to its end)
        self.html = ""          # an HTML table's text from its `<table` while no header row was read
        self.html_head = ""     # an HTML table's text from its `<table` to its header row's end
        self.html_row = ""      # the current row's released part after it
        self.html_types: list[str] = []
        self.row_head = ""      # an HTML header row with no `<table>` (`proxy.nlp.htmlrows`) its rows are under
        self.row_types: list[str] = []
        self.sql = SqlHeading()  # a dump's `CREATE TABLE` and the `INSERT`/`COPY` it is inside (sql31)
        self.edi = EdiHeading()  # an `ISA|00|...` interchange's ISA, a YAML FHIR SSN identifier's lines (left31)
        self.people = False     # whether the header names a person's column (tbl33)

    def copy(self) -> Heading:
        """A heading in the same state, followed apart from this one: the next text a client joins to the one this
        heading follows starts under its table (`proxy.guard.windows.OutputWindows._run_on`, atk17 M3)."""
        other = Heading()
        for name in Heading.__slots__:
            value = getattr(self, name)
            setattr(other, name, list(value) if isinstance(value, list) else value.copy()
                    if isinstance(value, SqlHeading | EdiHeading) else value)
        return other

    # ------------------------------------------------------------------ what the next window is read after

    def prefix(self) -> Under:
        """What the next window is read under (`Under`): `NO_HEADING` for none."""
        html_open = self.html_mode in ("collect", "head")
        if self.header and self.border is not None and len(self.line) <= KEEP:
            rule = self.border + "\n" if self.border else ""
            return Under(self.header + "\n" + rule + self.line, html_open, tuple(self.types), self.sep, self.n,
                         self.sep == "|" and self.header.rstrip().endswith("|"), self.people)
        if self.html_mode == "head":
            return Under(self.html_head + self.html_row, True, tuple(self.html_types))
        if self.row_head and len(self.line) <= KEEP:
            return Under(self.row_head + "\n" + self.line, html_open, tuple(self.row_types))
        if (sql := self.sql.prefix())[0]:
            return Under(sql[0], html_open, sql[1])
        if (edi := self.edi.prefix())[0]:
            return Under(edi[0], html_open, edi[1])
        return Under(html_open=html_open)

    # ------------------------------------------------------------------ what went out

    def feed(self, released: str) -> None:
        """Follow `released` (the field's text as the model wrote it, in order)."""
        if not released:
            return
        self.sql.feed(released)
        self.edi.feed(released)
        self._feed_html(released)
        parts = released.split("\n")
        for part in parts[:-1]:
            self._on_line(self.line + part)
            self.line, self.folded = "", False
        self.line += parts[-1]
        if len(self.line) > KEEP and self.header and self.border is not None:  # a long row: its cells, folded
            self.line, self.folded = fold(self.line, False, self.sep), True
        if len(self.line) > KEEP:
            self.line = self.line[-KEEP:]
            self.header, self.border, self.types = "", None, []  # a row no table has: the reading of it ends

    def _on_line(self, line: str) -> None:
        line = piped_line(line)  # a grid's `+===+` rule, Jira and MediaWiki lines as `|` tables' (tbl49)
        if fixed_line(self, line):  # a whitespace-aligned table's header, rules and rows (tbl49)
            return
        self._on_row(line)
        if self.header:
            if self.border is None:  # a one-column header (`| phone |`) is one only over its rule line
                if "-" in line and _BORDER.fullmatch(line):
                    self.border = line if len(line) <= KEEP else "|-|"
                    return
                self.header, self.types = "", []
            elif self.sep == "|" and _BORDER.fullmatch(line):
                if not self.border and len(line) <= KEEP:  # kept: the next window is read after it, as written
                    self.border = line
                return
            elif len(_cells(line, self.sep)) >= self.n and not (self.n == 1 and not line.strip().startswith("|")) \
                    or short_row(line, self.sep):
                return  # a row; one with more or fewer cells too, read under the header's (`column_cells`, `wide`)
            else:
                self.header, self.border, self.types = "", None, []
        if not self.folded:
            self._header(line)

    def _on_row(self, line: str) -> None:
        """Follow HTML rows with no `<table>` (`proxy.nlp.htmlrows`, fields20): a line that is a header row naming a
        type is kept while the lines after it are rows of cells alone; a line with text outside cells ends it."""
        heads = header_row(line) if "</" in line and len(line) <= KEEP else []
        types = sorted({t for h in heads for t in column_types(h)[0]})
        if types:
            self.row_head, self.row_types = line, types
        elif self.row_head and not (line.strip() and rows_only(line)):
            self.row_head, self.row_types = "", []

    def _header(self, line: str) -> None:
        """`line` as a table's header (`proxy.nlp.tables.column_cells`): the first separator whose cells are all
        header cells, two of them at least or a one-column Markdown header; kept when a cell names a type."""
        if len(line) > KEEP:
            return
        from proxy.nlp.conc33 import stream_header, stream_people  # `sqlite> SELECT`, a DAT file's header (conc33)

        head, named = stream_header(line), stream_people(line)
        if head is not None:
            self.header, self.border, (self.sep, self.n, self.types), self.people = line, "", head, named is not None
            return
        if named is not None:
            self.header, self.border, (self.sep, self.n), self.types, self.people = line, "", named, [], True
            return
        for sep in _SEPARATORS:
            if sep not in line:
                continue
            heads = _cells(line, sep)
            if not all(_HEADER_CELL.fullmatch(line[a:b]) for a, b in heads):
                # (a phone column under a header of another script: `氏名,電話`, `नाम,फ़ोन`, keys37)
                if len(heads) > 1 and not line.isascii() and all(0 < b - a <= 41 for a, b in heads) \
                        and phone_columns(line, sep):
                    self.header, self.sep, self.n, self.border = line, sep, len(heads), ""
                    self.types, self.people = ["PHONE_NUMBER"], named_columns(line, heads)
                    return
                continue
            single = len(heads) < 2
            if single and not (sep == "|" and line.strip().startswith("|") and line.strip().endswith("|")):
                continue
            types = sorted({t for a, b in heads for t in column_types(line[a:b])[0]})
            people = named_columns(line, heads)  # (a name column's header is kept too: tbl33)
            if types or people:
                self.header, self.sep, self.n, self.types, self.people = line, sep, len(heads), types, people
                self.border = None if single else ""
            return

    def _feed_html(self, released: str) -> None:
        text = released
        while text:
            if self.html_mode == "head":
                row = self.html_row + text
                end = _TABLE_CLOSE.search(row)
                if end is not None:  # the table ended: what follows may open another
                    self.html_mode, self.html_head, self.html_row, self.html_types = "", "", "", []
                    text = row[end.end():]
                    continue
                starts = [m.start() for m in _ROW_OPEN.finditer(row)]
                self.html_row = row[starts[-1]:] if starts else row
                if len(self.html_row) > KEEP:  # a long row: its cells, folded
                    self.html_row = fold(self.html_row, True)
                if len(self.html_row) > KEEP:  # a row no table has (its tags alone too long): the reading ends
                    self.html_mode, self.html_head, self.html_row, self.html_types = "skip", "", "", []
                return
            if self.html_mode == "skip":  # a table whose header names no type, to its end
                tail = self.html + text
                end = _TABLE_CLOSE.search(tail)
                if end is None:
                    self.html = tail[-16:]
                    return
                self.html_mode, self.html, text = "", "", tail[end.end():]
                continue
            if self.html_mode == "":
                start = _TABLE_OPEN.search(text)
                if start is None:
                    return
                self.html_mode, text = "collect", text[start.start():]
            self.html += text
            text = self._html_header()

    def _html_header(self) -> str:
        """The first row of the collected table whose cells are all header cells (`html_column_cells`), once it
        ended: the table's header when a cell names a type. What was collected after it, to read on."""
        html = self.html
        close = _TABLE_CLOSE.search(html)
        for row in _HTML_ROW.finditer(html, 0, close.start() if close else len(html)):
            if _ROW_END.search(html, row.end(1)) is None:
                break  # the row may still grow
            cells = list(_HTML_CELL.finditer(html, row.start(1), row.end(1)))
            if cells and all(c.group(1).lower() == "th" for c in cells):
                types = sorted({t for c in cells for t in column_types(c.group(2))[0]})
                self.html = ""
                if types and row.end(1) <= 2 * KEEP:
                    self.html_mode, self.html_head, self.html_types = "head", html[:row.end(1)], types
                    self.html_row = ""
                else:
                    self.html_mode = "skip"
                return html[row.end(1):]
        if close is not None:
            self.html_mode, self.html = "", ""
            return html[close.end():]
        if len(html) > KEEP:
            self.html_mode, self.html = "skip", html[-16:]
        return ""


# -------------------------------------------------------------------------- tool call arguments (JSON channels)

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


class JsonPiece(NamedTuple):
    """The part of one JSON string in a JSON text: its characters decoded (`text`), the offset in the raw text of
    each of them and of its end (`at`), whether it goes on the string open at the text's start (`goes_on`), and
    whether the string is still open at the text's end (`open`)."""

    text: str
    at: list[int]
    goes_on: bool
    open: bool


def json_strings(raw: str, inside: bool = False) -> list[JsonPiece]:
    """The strings of a JSON text (tool call arguments, or a window of them; `inside`: it starts inside a string),
    decoded as a whole answer's arguments are (`proxy.guard.phases.decoded`: `\\n` a line break, `\\u00e9` its
    character, a surrogate pair one), keys too. An escape cut at the text's end is left out. One pass, linear."""
    out: list[JsonPiece] = []
    chars: list[str] = []
    at: list[int] = []
    goes_on = inside
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if not inside:
            if ch == '"':
                inside, chars, at = True, [], []
            i += 1
            continue
        if ch == '"':
            out.append(JsonPiece("".join(chars), at + [i], goes_on, False))
            inside, goes_on = False, False
            i += 1
            continue
        if ch != "\\":
            chars.append(ch)
            at.append(i)
            i += 1
            continue
        if i + 1 >= n:
            break
        nxt = raw[i + 1]
        if nxt in _ESCAPES:
            chars.append(_ESCAPES[nxt])
            at.append(i)
            i += 2
            continue
        code = raw[i + 2:i + 6]
        if nxt != "u" or len(code) < 4 or any(c not in "0123456789abcdefABCDEF" for c in code):
            if len(code) < 4 and nxt == "u":
                break  # cut at the text's end
            chars.append(nxt)
            at.append(i)
            i += 2
            continue
        value, step = int(code, 16), 6
        low = raw[i + 8:i + 12] if raw[i + 6:i + 8] == "\\u" else ""
        if 0xD800 <= value < 0xDC00 and len(low) == 4 and all(c in "0123456789abcdefABCDEF" for c in low) \
                and 0xDC00 <= int(low, 16) < 0xE000:
            value, step = 0x10000 + ((value - 0xD800) << 10) + (int(low, 16) - 0xDC00), 12
        chars.append(chr(value) if not 0xD800 <= value < 0xE000 else "\ufffd")
        at.append(i)
        i += step
    if inside:
        out.append(JsonPiece("".join(chars), at + [min(i, n)], goes_on, True))
    return out


class JsonHeading:
    """`Heading` over a JSON channel (tool call arguments): each of its strings is a text of its own, read decoded,
    as a whole answer reads the arguments (`proxy.guard.phases.decoded`): a table inside one
    (`{"body": "| Name | Phone |\\n|---|---|\\n| A | 6175550143 |"}`) lies under its header there, and only there."""

    __slots__ = ("heading", "inside")

    def __init__(self) -> None:
        self.heading = Heading()
        self.inside = False  # whether what was released ends inside a string

    def prefix(self) -> Under:
        """What the string the next window starts inside is read under (`NO_HEADING` outside a string)."""
        return self.heading.prefix() if self.inside else NO_HEADING

    def feed(self, released: str) -> None:
        """Follow `released` (the arguments' raw text, in order)."""
        if not released:
            return
        pieces = json_strings(released, self.inside)
        for piece in pieces:
            if not piece.goes_on:
                self.heading = Heading()
            self.heading.feed(piece.text)
        self.inside = bool(pieces) and pieces[-1].open
        if not self.inside:
            self.heading = Heading()
