"""Query-output tables: a header's cells and the cells under each, as spans of the text (pat49, atk49 F05).

The tables people paste from database shells and tools, and the JSON shapes query APIs return, which the Markdown/CSV
reading (`proxy.nlp.key46._tables`) does not read as tables:
- `|` tables with rule lines of `-`, `=`, `+`, `:`: the MySQL client (`| project | owner |` between `+----+` rules),
  psql (` project | owner` / `---------+-------` / ` falcon  | ops`), `+====+` grids (`tabulate`'s `grid`), and Jira
  (`||project||owner||` / `|falcon|ops|`), as `proxy.nlp.tables.column_cells` reads MySQL and psql tables for PII;
- MediaWiki tables (`{|` ... `! project !! owner` ... `|-` ... `| falcon || ops` ... `|}`, a cell a line too);
- whitespace tables under a rule line of dash runs (sqlite3 `.mode column`, PowerShell `Format-Table`, reST simple
  tables): a column is a run of the rule, each word of a row in the column it overlaps most, else the nearest;
- JSON (`json_tables`): a list of column names (`columns`, `fields`, `cols`, `rowType`, `schema.columns`: strings or
  objects with a `name`/`label`) beside a list of rows of as many cells (lists, or objects of one list: BigQuery's
  `{"f": [{"v": ...}]}`, Google's `{"c": [...]}`, Athena's `{"Data": [...]}`), and a list of rows whose first row is
  the header (Google Sheets' `values`, Athena's `Rows`).
A header is a row of short cells with a letter in each. Each function gives `(header, rows)`, a row a list of
`(start, end)` cell spans (an empty span for a cell that is no string in JSON). Gated by cheap substring tests; at
most `MAX_ROWS` rows a text. Pure functions, CPU only; for `patterns:` (`proxy.nlp.pat49`) and the PII readers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

Cell = tuple[int, int]
Row = list[Cell]
Table = tuple[Row, list[Row]]

MAX_TEXT = 200_000
MAX_ROWS = 400

_RULE = re.compile(r"[ \t]*[|+:=\-][|+:=\- \t]*$")  # `+----+----+`, `---------+-------`, `|===|`, `+=====+`
_WS_RULE = re.compile(r"[ \t]*(?:-{2,}|={2,})(?:[ \t]+(?:-{2,}|={2,}))+[ \t]*$")  # `----  -----`, `====  ====`
_RUN = re.compile(r"-{2,}|={2,}")
_WORD = re.compile(r"\S+")


def _rule(line: str) -> bool:
    return ("-" in line or "=" in line) and _RULE.match(line) is not None


def _header_ok(text: str, row: Row) -> bool:
    return len(row) >= 2 and all(0 < b - a <= 60 and any(c.isalpha() for c in text[a:b]) for a, b in row)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _trim(text: str, a: int, b: int) -> Cell:
    while a < b and text[a] in " \t\r":
        a += 1
    while b > a and text[b - 1] in " \t\r":
        b -= 1
    return a, b


def _pipe_cells(text: str, off: int, line: str, sep: str = "|") -> Row:
    """The cells of a `|` line: split at `sep`, the empty ones at its edges (`| a | b |`) left out."""
    parts, at, out = line.split(sep), 0, []
    for k, part in enumerate(parts):
        a, b = _trim(text, off + at, off + at + len(part))
        at += len(part) + len(sep)
        if (k == 0 or k == len(parts) - 1) and a == b:
            continue
        out.append((a, b))
    return out


def pipe_tables(text: str) -> Iterator[Table]:
    """MySQL, psql, grid and Jira tables (the module's docstring): a header line of `|` cells under or over a rule
    line (or a Jira `||` header), then the lines of as many cells, rule lines between them skipped."""
    lines = _lines(text)
    k, rows_read = 0, 0
    while k < len(lines) - 1 and rows_read < MAX_ROWS:
        off, line = lines[k]
        jira = line.lstrip().startswith("||")
        ruled = (k > 0 and _rule(lines[k - 1][1])) or _rule(lines[k + 1][1])
        if "|" not in line or _rule(line) or not (jira or ruled):
            k += 1
            continue
        header = _pipe_cells(text, off, line, "||" if jira else "|")
        if not _header_ok(text, header):
            k += 1
            continue
        rows: list[Row] = []
        j = k + 1
        while j < len(lines) and rows_read < MAX_ROWS:
            roff, cur = lines[j]
            if _rule(cur):
                j += 1
                continue
            if "|" not in cur:
                break
            row = _pipe_cells(text, roff, cur, "||" if jira and cur.lstrip().startswith("||") else "|")
            if len(row) != len(header):
                break
            rows.append(row)
            rows_read += 1
            j += 1
        if rows:
            yield header, rows
        k = max(j, k + 1)


def wiki_tables(text: str) -> Iterator[Table]:
    """MediaWiki tables: `!` header cells (`! a !! b` or one a line), `|-` between rows, `|` cells (`| a || b`)."""
    start = text.find("{|")
    while start >= 0:
        end = text.find("\n|}", start)
        end = len(text) if end < 0 else end
        rows: list[tuple[bool, Row]] = []
        cur: Row = []
        heads = True
        pos = text.find("\n", start)
        while 0 <= pos < end:
            off = pos + 1
            nxt = text.find("\n", off)
            nxt = len(text) if nxt < 0 else nxt
            line = text[off:nxt]
            s = line.lstrip()
            lead = off + len(line) - len(s)
            if s.startswith("|-") or s.startswith("|}"):
                if cur:
                    rows.append((heads, cur))
                cur, heads = [], True
            elif s.startswith("!") or (s.startswith("|") and not s.startswith("|+")):
                heads = heads and s.startswith("!")
                sep = "!!" if s.startswith("!") else "||"
                at = lead + 1
                for part in s[1:].split(sep):
                    a, b = at, at + len(part)
                    at = b + len(sep)
                    bar = part.find("|")  # `| style="..." | value`
                    if bar >= 0 and "=" in part[:bar]:
                        a += bar + 1
                    cur.append(_trim(text, a, b))
            pos = nxt if nxt < end else -1
        if cur:
            rows.append((heads, cur))
        for n, (is_head, header) in enumerate(rows):
            if is_head and _header_ok(text, header):
                body = [r for h, r in rows[n + 1:] if not h and len(r) == len(header)][:MAX_ROWS]
                if body:
                    yield header, body
                break
        start = text.find("{|", end)


def _columns(rule: str) -> list[tuple[int, int]]:
    return [m.span() for m in _RUN.finditer(rule)]


def _assign(off: int, line: str, cols: list[tuple[int, int]], strict: bool) -> Row | None:
    """A line's words in the columns (`cols`: the rule's runs), each column's span from its first word to its last;
    `strict` (a header): every word overlaps a run, else None."""
    spans: dict[int, list[int]] = {}
    for m in _WORD.finditer(line):
        a, b = m.span()
        over = [min(b, d) - max(a, c) for c, d in cols]
        best = max(range(len(cols)), key=lambda n: (over[n], -abs((a + b) - sum(cols[n]))))
        if strict and over[best] <= 0:
            return None
        got = spans.setdefault(best, [a, b])
        got[0], got[1] = min(got[0], a), max(got[1], b)
    return [(off + spans[n][0], off + spans[n][1]) if n in spans else (off, off) for n in range(len(cols))]


def ruled_tables(text: str) -> Iterator[Table]:
    """Whitespace tables under a rule line of dash runs (sqlite3 `.mode column`, PowerShell, reST simple tables)."""
    lines = _lines(text)
    rows_read = 0
    for k in range(1, len(lines) - 1):
        off, rule = lines[k]
        if "|" in rule or _WS_RULE.match(rule) is None:
            continue
        cols = _columns(rule)
        hoff, hline = lines[k - 1]
        header = _assign(hoff, hline, cols, strict=True) if hline.strip() and "|" not in hline else None
        if header is None or not _header_ok(text, [c for c in header if c[1] > c[0]]) \
                or sum(c[1] > c[0] for c in header) < 2:
            continue
        rows: list[Row] = []
        for roff, line in lines[k + 1:]:
            if not line.strip() or _WS_RULE.match(line) is not None or "|" in line or rows_read >= MAX_ROWS:
                break
            row = _assign(roff, line, cols, strict=False)
            if row is not None:
                rows.append(row)
                rows_read += 1
        if rows:
            yield header, rows


# ---------------------------------------------------------------------------------------------------- JSON

_JSON_GATE = re.compile(r"\[\s*\[|\"(?:f|c|Data|[Rr]ows|values|data|data_array|cols|columns|fields|rowType)\"\s*:")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NAME_KEYS = ("name", "label", "Name", "Label", "title", "columnName", "column_name", "displayName", "field", "header")
_VALUE_KEYS = ("v", "value", "VarCharValue", "stringValue", "formattedValue", "text", "displayValue", "Value")
_HEAD_KEY = re.compile(r"(?i)col|head|field|name|key|schema|label|attr|rowtype")


class _S:
    """A JSON string with its span (inside the quotes)."""

    __slots__ = ("span", "value")

    def __init__(self, value: str, span: Cell) -> None:
        self.value, self.span = value, span


def _spanned(text: str) -> Any:
    """`text` parsed as JSON with each string an `_S`, objects as lists of (key, value) pairs; None if no JSON."""
    try:
        doc = json.loads(text, object_pairs_hook=lambda pairs: ("obj", pairs))
    except (ValueError, RecursionError):
        return None
    tokens = iter(_STRING.finditer(text))

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            m = next(tokens)
            return _S(node, (m.start() + 1, m.end() - 1))
        if isinstance(node, list):
            return [walk(x) for x in node]
        if isinstance(node, tuple):
            out = []
            for key, value in node[1]:
                next(tokens)  # the key's
                out.append((key, walk(value)))
            return ("obj", out)
        return node

    try:
        return walk(doc)
    except (StopIteration, RecursionError):
        return None


def _member(node: Any, keys: tuple[str, ...]) -> Any:
    if isinstance(node, tuple):
        for key, value in node[1]:
            if key in keys:
                return value
    return None


def _cell(node: Any) -> Cell | None:
    """A row's cell: a string (its span), a scalar (an empty span), an object of a value (`{"v": ...}`)."""
    if isinstance(node, _S):
        return node.span
    if isinstance(node, tuple):
        value = _member(node, _VALUE_KEYS)
        if value is None and len(node[1]) == 1:
            value = node[1][0][1]
        return _cell(value) if not isinstance(value, (tuple, list)) else None
    if isinstance(node, list):
        return None
    return (0, 0)


def _row(node: Any) -> Row | None:
    if isinstance(node, tuple):  # `{"f": [...]}`, `{"c": [...]}`, `{"Data": [...]}`: an object of one list
        lists = [v for _, v in node[1] if isinstance(v, list)]
        node = lists[0] if len(lists) == 1 else None
    if not isinstance(node, list) or not node:
        return None
    cells = [_cell(x) for x in node]
    return None if any(c is None for c in cells) else [c for c in cells if c is not None]


def _name(node: Any) -> Cell | None:
    if isinstance(node, _S):
        return node.span
    value = _member(node, _NAME_KEYS)
    return value.span if isinstance(value, _S) else None


def json_tables(text: str) -> Iterator[Table]:
    """Tables in a JSON text (the module's docstring)."""
    if len(text) > MAX_TEXT or text.lstrip()[:1] not in ("{", "[") or _JSON_GATE.search(text) is None:
        return
    doc = _spanned(text)
    if doc is None:
        return
    heads: list[tuple[tuple[int, ...], Row]] = []  # (path, header)
    bodies: list[tuple[tuple[int, ...], list[Row]]] = []
    count = [0]

    def walk(node: Any, path: tuple[int, ...], key: str) -> None:
        count[0] += 1
        if count[0] > 20_000:
            return
        if isinstance(node, tuple):
            for n, (k, v) in enumerate(node[1]):
                walk(v, (*path, n), k)
            return
        if not isinstance(node, list) or not node:
            return
        names = [_name(x) for x in node]
        if all(n is not None for n in names) and (_HEAD_KEY.search(key) or not all(isinstance(x, _S) for x in node)):
            heads.append((path, [n for n in names if n is not None]))
        rows = [_row(x) for x in node]
        if all(r is not None for r in rows):
            bodies.append((path, [r for r in rows if r is not None][:MAX_ROWS]))
            return  # (its rows are no headers)
        for n, x in enumerate(node):
            walk(x, (*path, n), key)

    walk(doc, (), "")
    for path, rows in bodies:
        width = len(rows[0])
        if width < 1 or any(len(r) != width for r in rows):
            continue
        near = [(len(_common(path, hp)), h) for hp, h in heads if len(h) == width and _header_ok(text, h + h)]
        if near:
            yield max(near, key=lambda x: x[0])[1], rows
        elif len(rows) >= 2 and width >= 2 and _header_ok(text, rows[0]):
            yield rows[0], rows[1:]  # Sheets' `values`, Athena's `Rows`: the first row the header


def _common(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def tables(text: str) -> Iterator[Table]:
    """All the tables this module reads in `text`, each gated by its own substring test."""
    if len(text) > MAX_TEXT:
        return
    if "\n" in text:
        if "|" in text:
            yield from pipe_tables(text)
            if "{|" in text:
                yield from wiki_tables(text)
        if "--" in text or "==" in text:
            yield from ruled_tables(text)
    if "[" in text:
        yield from json_tables(text)


def json_leaves(text: str) -> list[tuple[tuple[tuple[str, int, int], ...], Cell]]:
    """(key path, each key with its span; the value's span) of each string value of a JSON text, in order; [] when
    `text` is no JSON document."""
    if len(text) > MAX_TEXT or text.lstrip()[:1] not in ("{", "["):
        return []
    try:
        doc = json.loads(text, object_pairs_hook=lambda pairs: ("obj", pairs))
    except (ValueError, RecursionError):
        return []
    tokens = iter(_STRING.finditer(text))
    out: list[tuple[tuple[tuple[str, int, int], ...], Cell]] = []

    def walk(node: Any, path: tuple[tuple[str, int, int], ...]) -> None:
        if isinstance(node, str):
            m = next(tokens)
            out.append((path, (m.start() + 1, m.end() - 1)))
        elif isinstance(node, list):
            for x in node:
                walk(x, path)
        elif isinstance(node, tuple):
            for key, value in node[1]:
                m = next(tokens)
                walk(value, (*path, (key, m.start() + 1, m.end() - 1)))

    try:
        walk(doc, ())
    except (StopIteration, RecursionError):
        return []
    return out[:MAX_ROWS * 4]
