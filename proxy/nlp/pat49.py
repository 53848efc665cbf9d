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

from proxy.nlp.tables49 import tables

MAX_PAIRS = 800


def table_pairs(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(header cell span, cell span) of each non-empty cell under its column's header in the tables of `text`."""
    out: list[tuple[tuple[int, int], tuple[int, int]]] = []
    for header, rows in tables(text):
        for row in rows:
            out += [(h, c) for h, c in zip(header, row, strict=False) if c[1] > c[0] and h[1] > h[0]]
        if len(out) >= MAX_PAIRS:
            break
    return out[:MAX_PAIRS]
