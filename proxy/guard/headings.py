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

Bounded: a header of more than `KEEP` characters is not kept, and a row whose released part grows past `KEEP` (a
row no model writes) ends the reading of its table; nothing is held back for it (what a window holds is
`proxy.guard.windows`' bound): only released text is kept, and at most `3 × KEEP` characters of it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from proxy.guard.keyed import headed
from proxy.nlp.tables import _BORDER, _HEADER_CELL, _HTML_CELL, _HTML_ROW, _SEPARATORS, _cells

KEEP = 400
_CLOSE = "\n</table>"
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_ROW_OPEN = re.compile(r"<tr\b", re.IGNORECASE)
_ROW_END = re.compile(r"<tr\b|</tr\s*>", re.IGNORECASE)
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


NO_HEADING = Under()
KEYED = ("PHONE_NUMBER", "US_SSN")


def closing(text: str, under: Under) -> str:
    """What a window (`text`) read under `under` is read with after it, as a whole answer reads it: the end of an
    HTML table open at the window's end, opened before it or in it (`proxy.nlp.tables.html_column_cells` reads a
    table's rows once it closes), and the empty cells that complete a row the window ends inside (a row cut at the
    window's cap: `| Ann | 6175550143 | a long no`), so its cells fall under their columns."""
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
        return out + (_CLOSE if opened and (not closed or opened[-1] > closed[-1]) else "")
    return out + (_CLOSE if under.html_open else "")


class Heading:
    """A field's table header, as what it released so far shows it (`feed`), and the prefix its next window is read
    after (`prefix`, `types`)."""

    __slots__ = ("border", "header", "html", "html_head", "html_mode", "html_row", "html_types", "line", "n", "sep",
                 "types")

    def __init__(self) -> None:
        self.header = ""        # the header line of the table the released lines are rows of ("" for none)
        self.border: str | None = None  # its rule line (`|---|---|`); None while a one-column header awaits it
        self.sep = ""
        self.n = 0              # its number of columns
        self.types: list[str] = []  # what its header names (`PHONE_NUMBER`, `US_SSN`)
        self.line = ""          # the current line's released part
        self.html_mode = ""     # "collect" (no header row read yet), "head" (one naming a type), "skip" (to its end)
        self.html = ""          # an HTML table's text from its `<table` while no header row was read
        self.html_head = ""     # an HTML table's text from its `<table` to its header row's end
        self.html_row = ""      # the current row's released part after it
        self.html_types: list[str] = []

    # ------------------------------------------------------------------ what the next window is read after

    def prefix(self) -> Under:
        """What the next window is read under (`Under`): `NO_HEADING` for none."""
        html_open = self.html_mode in ("collect", "head")
        if self.header and self.border is not None and len(self.line) <= KEEP:
            rule = self.border + "\n" if self.border else ""
            return Under(self.header + "\n" + rule + self.line, html_open, tuple(self.types), self.sep, self.n,
                         self.sep == "|" and self.header.rstrip().endswith("|"))
        if self.html_mode == "head":
            return Under(self.html_head + self.html_row, True, tuple(self.html_types))
        return Under(html_open=html_open)

    # ------------------------------------------------------------------ what went out

    def feed(self, released: str) -> None:
        """Follow `released` (the field's text as the model wrote it, in order)."""
        if not released:
            return
        self._feed_html(released)
        parts = released.split("\n")
        for part in parts[:-1]:
            self._on_line(self.line + part)
            self.line = ""
        self.line += parts[-1]
        if len(self.line) > KEEP:
            self.line = self.line[-KEEP:]
            self.header, self.border, self.types = "", None, []  # a row no table has: the reading of it ends

    def _on_line(self, line: str) -> None:
        if self.header:
            if self.border is None:  # a one-column header (`| phone |`) is one only over its rule line
                if "-" in line and _BORDER.fullmatch(line):
                    self.border = line if len(line) <= KEEP else "|-|"
                    return
                self.header, self.types = "", []
            elif self.sep == "|" and _BORDER.fullmatch(line):
                return
            elif len(_cells(line, self.sep)) == self.n and not (self.n == 1 and not line.strip().startswith("|")):
                return
            else:
                self.header, self.border, self.types = "", None, []
        self._header(line)

    def _header(self, line: str) -> None:
        """`line` as a table's header (`proxy.nlp.tables.column_cells`): the first separator whose cells are all
        header cells, two of them at least or a one-column Markdown header; kept when a cell names a type."""
        if len(line) > KEEP:
            return
        for sep in _SEPARATORS:
            if sep not in line:
                continue
            heads = _cells(line, sep)
            if not all(_HEADER_CELL.fullmatch(line[a:b]) for a, b in heads):
                continue
            single = len(heads) < 2
            if single and not (sep == "|" and line.strip().startswith("|") and line.strip().endswith("|")):
                continue
            types = sorted({t for a, b in heads for t in headed(line[a:b])})
            if types:
                self.header, self.sep, self.n, self.types = line, sep, len(heads), types
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
                if len(self.html_row) > KEEP:  # a row no table has: the reading of it ends
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
                types = sorted({t for c in cells for t in headed(c.group(2))})
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
