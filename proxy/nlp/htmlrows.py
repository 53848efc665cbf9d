"""The cells of HTML rows under a header row of several cells, with or without `<table>` (fields20, ssnlabel16's
leftover): `<tr><th>SSN</th><th>Phone</th></tr><tr><td>123-45-6789</td>...` with no `<table>` around it,
`<div class="row"><span>SSN</span><span>Phone</span></div>` then rows of the same shape. ssnlabel16 typed a value
after a one-column header (`<th>SSN</th></tr><tr><td>...`: markup alone between, `proxy.nlp.pii._typed_by_key`);
with a second header cell between, nothing typed it (a sample SSN went as a phone number, `per_entity: {US_SSN:
block}` bypassed). Here each cell of a row is under the header cell in the same place (GitHub's reading of a short
row: its cells under the first ones), as `proxy.nlp.tables.html_column_cells` reads a `<table>`.

A cell is an element holding text alone (`<td>`, `<th>`, `<span>`, `<div>`, `<p>`, `<li>`, `<b>`, `<strong>`, `<em>`,
`<i>`, `<label>`); the cells of one row follow each other with markup alone between them and no row's end (the end
of a `tr`, `div`, `li`, `p`, `ul`, `ol`, `section`, `article`, `table`, `thead`, `tbody`, or a `<br>`). A header row
has two cells or more, each a header's words (`proxy.nlp.tables._HEADER_CELL`, no digit); the rows after it are its
rows until text outside any cell or another header row. One pass, linear."""

from __future__ import annotations

import re

from proxy.nlp.tables import _HEADER_CELL

_CELL = re.compile(r"<(td|th|span|div|p|li|b|strong|em|i|label)\b[^<>]*>([^<>]*)</\1\s*>", re.IGNORECASE)
_ROW_END = re.compile(r"</(?:tr|div|li|p|ul|ol|section|article|table|thead|tbody)\s*>|<br\b", re.IGNORECASE)
_MARKUP = re.compile(r"(?:\s|<[^<>]*>)*")
MAX_CELL = 60  # a header cell's or a value's length at most


def _rows(text: str) -> list[list[tuple[int, int]]]:
    """Runs of rows of cells ((start, end) of each cell's text, spaces trimmed): a new run where text lies outside
    any cell."""
    runs: list[list[list[tuple[int, int]]]] = []
    rows: list[list[tuple[int, int]]] = []
    last = -1
    for m in _CELL.finditer(text):
        a, b = m.span(2)
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if last >= 0:
            gap = text[last:m.start()]
            if _MARKUP.fullmatch(gap) is None:  # text between: what follows is no row of these
                runs.append(rows)
                rows = [[(a, b)]]
                last = m.end()
                continue
            if _ROW_END.search(gap) is not None:
                rows.append([(a, b)])
                last = m.end()
                continue
        if not rows:
            rows.append([])
        rows[-1].append((a, b))
        last = m.end()
    runs.append(rows)
    return [row for run in runs for row in ([[(-1, -1)]] + run)]  # (a marker row between runs)


def header_cells(text: str) -> list[tuple[int, int, str]]:
    """(start, end, header) of each non-empty cell of the HTML rows under a header row of two cells or more, in
    `text` (module docstring)."""
    if "<" not in text or "</" not in text:
        return []
    out: list[tuple[int, int, str]] = []
    heads: list[str] = []
    for row in _rows(text):
        if row == [(-1, -1)]:
            heads = []
            continue
        cells = [text[a:b] for a, b in row]
        if len(cells) >= 2 and all(c and len(c) <= MAX_CELL and _HEADER_CELL.fullmatch(c)
                                   and not any(ch.isdigit() for ch in c) for c in cells):
            heads = cells
            continue
        if heads and len(row) <= len(heads):
            out.extend((a, b, head) for (a, b), head in zip(row, heads, strict=False) if 0 < b - a <= MAX_CELL)
    return out


def header_row(line: str) -> list[str]:
    """The header cells of `line` where it is a row of markup and cells alone whose cells are a header row (two or
    more, each a header's words), else []: what a stream's next windows are read under
    (`proxy.guard.headings.Heading`)."""
    if "</" not in line or not rows_only(line):
        return []
    rows = [row for row in _rows(line) if row != [(-1, -1)]]
    if len(rows) != 1 or len(rows[0]) < 2:
        return []
    cells = [line[a:b] for a, b in rows[0]]
    if all(c and len(c) <= MAX_CELL and _HEADER_CELL.fullmatch(c) and not any(ch.isdigit() for ch in c)
           for c in cells):
        return cells
    return []


def rows_only(line: str) -> bool:
    """Whether `line` holds markup and cells alone (`_CELL`), no text outside them."""
    return _MARKUP.fullmatch(_CELL.sub("", line)) is not None
