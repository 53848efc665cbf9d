"""`patterns:` rules read over query-output tables (pat49, atk49 F05).

`patterns:` reads a table column's header with each cell under it (`proxy.nlp.key46.key_pairs`: `project,owner` /
`falcon,ops` reads `project falcon`) in CSV, Markdown, HTML, TSV and LaTeX tables. `table_pairs` adds the tables
`proxy.nlp.tables49` reads: MySQL client and psql output (the `|` tables `proxy.nlp.tables.column_cells` reads for PII
too), `+====+` grids, Jira, MediaWiki, whitespace tables under a dash rule (sqlite3 `.mode column`, PowerShell
`Format-Table`), and JSON table shapes in tool results (pandas `orient="split"`, Google Sheets `values`, BigQuery
`schema.fields` + `rows[].f[].v`, Snowflake, Athena, Databricks, Google Visualization). Only a cell under the column
it is in is read with that column's header (`| project | owner |` over `| heron | falcon |` is no match). Hooked in
`key_pairs`; each reader gated by a substring test (a line break and `|`, a dash or `=` run, a JSON table's key).
"""

from __future__ import annotations

import re

from proxy.nlp.tables49 import json_leaves, tables

MAX_PAIRS = 800
Pair = tuple[tuple[int, int], tuple[int, int]]


def pattern_pairs(text: str) -> list[Pair]:
    """The keys read beside their values for `patterns:` that `key46.key_pairs` does not give: `table_pairs` and
    `named_pairs`."""
    out = table_pairs(text) + named_pairs(text)
    if text.lstrip()[:1] not in ("{", "[") and ("{\"" in text or "[[" in text) and len(text) <= 200_000:
        from proxy.guard.splitkeys import _documents_in  # JSON inside a text (`Check this:\n{...}`)

        for a, b in _documents_in(text)[:8]:
            doc = text[a:b]
            out += [((k0 + a, k1 + a), (v0 + a, v1 + a)) for (k0, k1), (v0, v1) in table_pairs(doc) + named_pairs(doc)]
    return out[:MAX_PAIRS]


def table_pairs(text: str) -> list[Pair]:
    """(header cell span, cell span) of each non-empty cell under its column's header in the tables of `text`."""
    out: list[Pair] = []
    for header, rows in tables(text):
        for row in rows:
            out += [(h, c) for h, c in zip(header, row, strict=False) if c[1] > c[0] and h[1] > h[0]]
        if len(out) >= MAX_PAIRS:
            break
    return out[:MAX_PAIRS]


# ---------------------------------------------------------------------------------------------------- names

# A member that names what its parent key is (`project:` / `  name: falcon`, `PROJECT_NAME=falcon`).
_GENERIC = frozenset({"name", "title", "label", "id", "slug", "code", "codename"})
_GATE_WORDS = ("name", "title", "label", "slug", "code", "id\"", "id:", "id=", "id>", "id ")
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")
_Key = tuple[str, int, int]


def _named(keys: tuple[_Key, ...], value: tuple[int, int]) -> Pair | None:
    """(the named key's span, the value's) when the last key is a generic member (`name`, `title`: the key before it)
    or ends with one (`project_name`, `projectName`, `PROJECT_TITLE`: its words before it)."""
    if not keys or value[1] <= value[0]:
        return None
    name, a, _ = keys[-1]
    if name.lower() in _GENERIC and len(keys) >= 2:
        return (keys[-2][1], keys[-2][2]), value
    words = list(_KEY_WORDS.finditer(name))
    if len(words) >= 2 and words[-1].group().lower() in _GENERIC:
        return (a, a + words[-2].end()), value
    return None


def named_pairs(text: str) -> list[Pair]:
    """(key span, value span) of a record's generic member's value (`name`, `title`, `label`, `id`) with the key it
    names: its parent's (`project:` / `  name: falcon`, `[project]` / `name = "falcon"`, `<project><name>falcon</name>`,
    `{"project": {"name": "falcon"}}`) or its own words before the member's (`PROJECT_NAME=falcon`,
    `{"projectName": "falcon"}`). Gated by a generic member's word in the text."""
    if len(text) > 200_000:
        return []
    low = text.lower()
    if not any(word in low for word in _GATE_WORDS):
        return []
    from proxy.nlp.key46 import _line_records, _xml_records  # (records' key paths, key46)

    out: list[Pair] = []
    leaves: list[tuple[tuple[_Key, ...], tuple[int, int]]] = []
    if text.lstrip()[:1] in ("{", "["):
        leaves += json_leaves(text)  # (a JSON document: read as JSON only)
    if not leaves and (":" in text or "=" in text):
        leaves += [(leaf.keys, (leaf.start, leaf.end)) for record in _line_records(text) for leaf in record]
    if not leaves and "<" in text and ">" in text:
        leaves += [(leaf.keys, (leaf.start, leaf.end)) for record in _xml_records(text) for leaf in record]
    for keys, value in leaves:
        pair = _named(keys, value)
        if pair is not None and pair not in out:
            out.append(pair)
            if len(out) >= MAX_PAIRS:
                break
    return out


# ---------------------------------------------------------------------------------------------------- streams

_TABLE_LINE = re.compile(r"[ \t]*(?:[|+!]|\{\||-{2,}|={2,})|.*\|")  # a `|` table's line, a rule, a wiki line
_WS_RULE = re.compile(r"[ \t]*(?:-{2,}|={2,})(?:[ \t]+(?:-{2,}|={2,}))+[ \t]*$")
_WS_HEADER = re.compile(r"[ \t]*\S+(?: \S+)*(?:[ \t]{2,}\S+(?: \S+)*)+[ \t]*$")  # cells 2+ spaces apart
_LOOKBACK = 20  # lines read back for the table a line ends in


def table_open(text: str, cut: int, past_hold: bool = False) -> bool:
    """Whether a streamed window may not end at `cut` inside a query-output table: in a `|` table's line or rule, a
    wiki table's line (`! Project !! Lead`: a `!` then a capital is no sentence's end there), a whitespace table's
    line under its dash rule, or at a line's end there while the table's next line is not known yet or is another of
    its lines (a header line a dash rule may follow too): the window reads the header with the rows under it
    (`table_pairs`), as a whole answer does. Within the windows' hold only (past it a window ends between the rows,
    which are read without the header: the limit a long Markdown table has). Hooked in
    `proxy.guard.windows.OutputWindows._may_cut`."""
    if past_hold or cut <= 0:
        return False
    if text[cut - 1] != "\n":  # inside a line
        begin = text.rfind("\n", 0, cut) + 1
        return _TABLE_LINE.match(text, begin, cut) is not None or _ws_table_above(text, begin)
    after = text[cut:cut + 200]
    whole = "\n" in after
    nxt = after[:after.find("\n")] if whole else after
    if whole and not nxt.strip():
        return False  # a blank line: the table ended
    start = text.rfind("\n", 0, cut - 1) + 1
    line = text[start:cut - 1]
    if not line.strip():
        return False
    if _TABLE_LINE.match(line) is not None:
        if not whole and len(nxt) < 3:
            return True
        return _TABLE_LINE.match(nxt) is not None or _ws_table_above(text, cut)
    if len(line) <= 200 and _WS_HEADER.match(line) is not None and (
            _WS_RULE.match(nxt) is not None or not whole and nxt.strip(" \t-=") == ""):
        return True  # a header line a dash rule follows or may follow
    return _ws_table_above(text, cut)


def _ws_table_above(text: str, end: int) -> bool:
    """Whether the line that ends at `end` (after its line break, or not yet ended) is in a whitespace table: it or a
    line above it a dash rule, no blank line between."""
    lo = max(0, end - 200 * _LOOKBACK)
    if text.find("--", lo, end) < 0 and text.find("==", lo, end) < 0:
        return False
    for _ in range(_LOOKBACK):
        if end <= 0:
            return False
        stop = end - 1 if text[end - 1] == "\n" else end
        begin = text.rfind("\n", 0, stop) + 1
        line = text[begin:stop]
        if not line.strip():
            return False
        if _WS_RULE.match(line) is not None:
            return True
        end = begin
    return False
