"""Query results whose column names stand in a schema apart from the rows (wh29, issue 12 "No side doors": atk28 F22).

Data-warehouse APIs return a result's columns once, in a schema, and its rows as positional arrays, so no value has
the key that names its type beside it (`proxy.guard.keyed`): `{"schema": {"fields": [{"name": "ssn"}]}, "rows":
[{"f": [{"v": "536904399"}]}]}`. Here each cell takes the name of its column as its key and is read as a keyed value
(`proxy.guard.keyed._keyed`: after the type's context word, only where the column's name names a phone number or an
SSN, `proxy.guard.keyed.named`). The shapes read (anywhere in a JSON text: a tool's output, a pasted document):

- BigQuery: `schema.fields[].name` + `rows[].f[].v`;
- Snowflake SQL API: `resultSetMetaData.rowType[].name` + `data[][]`;
- Databricks SQL: `manifest.schema.columns[].name` + `result.data_array[][]`;
- ClickHouse JSONCompact: `meta[].name` + `data[][]`;
- Athena: `ResultSet.ResultSetMetadata.ColumnInfo[].Name` (or, without it, the first row) + `ResultSet.Rows[].Data[]
  .VarCharValue`;
- Redshift Data API: `ColumnMetadata[].name` (`label`) + `Records[][]` (`stringValue`, `longValue`, ...);
- pandas `orient="split"` and the like: `columns` (names or `{"name": ...}`) + `data[][]` or `rows[][]`;
- Google Charts DataTable: `cols[].label` (`id`) + `rows[].c[].v`.

A result whose columns name nothing (`order_id`, `count`, `created_at`) is read as before. Cheap: a JSON text is
parsed only when it holds one of the schema keys (`_GATE`), and only once; values are mapped back onto the text by
`proxy.guard.joined.json_values`' tokens (the parse and the tokens must agree, else nothing is read).
Pure functions over strings; the check runs them off the event loop.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.guard.joined import json_values

if TYPE_CHECKING:
    from proxy.guard.keyed import Keyed

MAX_TEXT = 2_000_000  # characters of one JSON text parsed
_GATE = ('"schema"', '"ResultSet"', '"rowType"', '"meta"', '"ColumnInfo"', '"ColumnMetadata"', '"columns"', '"cols"')
_NAME_KEYS = ("name", "Name", "label", "Label", "id", "columnName", "column_name")
_CELL_KEYS = ("v", "VarCharValue", "stringValue", "longValue", "doubleValue", "value")


class _Tok:
    """A scalar of the parsed document: its token's index in `json_values` order and its value."""

    __slots__ = ("index", "value")

    def __init__(self, index: int, value: object) -> None:
        self.index = index
        self.value = value


class _Pairs(list[tuple[str, object]]):
    """An object's members as written (duplicate keys kept, so the tokens still count)."""


def _tree(node: object, kinds: list[str]) -> object:
    """`node` with each scalar a `_Tok` and each object a dict (the last of a duplicate key), `kinds` the
    tokens' kinds in document order (as `json_values` lists them: no token for true, false, null)."""
    if isinstance(node, _Pairs):
        out: dict[str, object] = {}
        for key, value in node:
            kinds.append("key")
            out[key] = _tree(value, kinds)
        return out
    if isinstance(node, list):
        return [_tree(v, kinds) for v in node]
    if isinstance(node, str):
        kinds.append("string")
        return _Tok(len(kinds) - 1, node)
    if isinstance(node, bool) or node is None:
        return _Tok(-1, node)
    kinds.append("number")
    return _Tok(len(kinds) - 1, node)


def _name(column: object) -> str | None:
    if isinstance(column, _Tok):
        return column.value if isinstance(column.value, str) else None
    if isinstance(column, dict):
        for key in _NAME_KEYS:
            found = column.get(key)
            if isinstance(found, _Tok) and isinstance(found.value, str) and found.value:
                return found.value
    return None


def _cell(cell: object) -> _Tok | None:
    if isinstance(cell, _Tok):
        return cell if cell.index >= 0 else None
    if isinstance(cell, dict):
        for key in _CELL_KEYS:
            found = cell.get(key)
            if isinstance(found, _Tok) and found.index >= 0:
                return found
    return None


def _cells(row: object) -> list[object] | None:
    if isinstance(row, list):
        return row
    if isinstance(row, dict):
        for key in ("f", "c", "Data"):
            found = row.get(key)
            if isinstance(found, list):
                return found
    return None


def _get(node: object, *path: str) -> object:
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def _tables(node: dict[str, object]) -> list[tuple[object, object, bool]]:
    """The (columns, rows, header row first) pairs of one object."""
    out: list[tuple[object, object, bool]] = []
    fields = _get(node, "schema", "fields")
    if fields is not None:
        out.append((fields, node.get("rows"), False))
    if "resultSetMetaData" in node:
        out.append((_get(node, "resultSetMetaData", "rowType"), node.get("data"), False))
    if "manifest" in node:
        out.append((_get(node, "manifest", "schema", "columns"), _get(node, "result", "data_array"), False))
    if "meta" in node:
        out.append((node.get("meta"), node.get("data"), False))
    result_set = node.get("ResultSet")
    if isinstance(result_set, dict):
        info = _get(result_set, "ResultSetMetadata", "ColumnInfo")
        out.append((info, result_set.get("Rows"), not isinstance(info, list)))
    if "ColumnMetadata" in node:
        out.append((node.get("ColumnMetadata"), node.get("Records"), False))
    for key in ("columns", "cols"):
        if key in node:
            rows = node.get("data") if "data" in node else node.get("rows")
            out.append((node.get(key), rows, False))
    return out


def _readings(node: object, found: list[tuple[_Tok, str]], depth: int = 0) -> None:
    if depth > 32:
        return
    if isinstance(node, list):
        for v in node:
            _readings(v, found, depth + 1)
        return
    if not isinstance(node, dict):
        return
    for columns, rows, header_first in _tables(node):
        if not isinstance(rows, list) or not rows:
            continue
        if header_first:
            first = _cells(rows[0])
            columns, rows = ([c.value if isinstance(c, _Tok) else None for c in map(_cell, first)]
                             if first is not None else None), rows[1:]
            names = [n if isinstance(n, str) else None for n in columns] if isinstance(columns, list) else []
        elif isinstance(columns, list):
            names = [_name(c) for c in columns]
        else:
            continue
        if not any(names):
            continue
        first = _cells(rows[0])
        if first is not None and [t.value if (t := _cell(c)) is not None else None for c in first] == names:
            rows = rows[1:]  # (Athena's header row, under its `ColumnInfo`)
        for row in rows:
            cells = _cells(row)
            if cells is None:
                continue
            for name, cell in zip(names, cells, strict=False):
                tok = _cell(cell)
                if name is not None and tok is not None:
                    found.append((tok, name))
    for v in node.values():
        _readings(v, found, depth + 1)


def column_cells(text: str) -> list[tuple[int, int, str]]:
    """The cells of the schema-and-rows results in a JSON `text` (the module's docstring): (start, end, the
    column's name) of each, where `json_values` puts the value."""
    if len(text) > MAX_TEXT or not any(g in text for g in _GATE):
        return []
    try:
        parsed = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):
        return []
    kinds: list[str] = []
    tree = _tree(parsed, kinds)
    tokens = json_values(text)
    if [k for _, _, k in tokens] != kinds:
        return []  # the parse and the tokens disagree: read nothing rather than the wrong cells
    found: list[tuple[_Tok, str]] = []
    _readings(tree, found)
    seen: set[int] = set()
    out: list[tuple[int, int, str]] = []
    for tok, name in found:
        if tok.index not in seen:
            seen.add(tok.index)
            a, b, _ = tokens[tok.index]
            out.append((a, b, name))
    return out


def column_readings(texts: Sequence[str], json_texts: Sequence[int] | None,
                    entities: frozenset[str]) -> list[Keyed]:
    """Each cell of a schema-and-rows result in the JSON texts (`json_texts` flags, or a text that is JSON as a
    whole: `proxy.guard.keyed.json_like`) read as a value under its column's name (`proxy.guard.keyed._keyed`)."""
    from proxy.guard.keyed import _keyed, json_like

    out: list[Keyed] = []
    for i, text in enumerate(texts):
        how = json_texts[i] if json_texts is not None and i < len(json_texts) else 0
        if how == 2 or not (how or json_like(text)):  # (JSON_IN_STRING: a fragment, not parsed)
            continue
        for a, b, name in column_cells(text):
            out.extend(_keyed(i, a, b, text[a:b], name, entities))
    return out


# ------------------------------------------------------------------------------ tool results and calls (atk28 F05)

# A tool's result in the MCP `CallToolResult` shape (`{"content": [{"type": "text", "text": "536904399"}]}`, what
# every MCP bridge forwards): the value under `text` is the result itself, read with the call's name as a value under
# a generic key is (`proxy.guard.tool26._RESULT_KEYS`).
RESULT_KEYS = frozenset({"text"})
# A call's own arguments under keys that say which of the value's versions it is (`set_customer_ssn {"new": ...}`,
# `update_phone {"old": ..., "new": ...}`): the value's role, as `to` or `value` (`proxy.guard.tool26._ARG_KEYS`).
ARG_KEYS = frozenset({"new", "old", "current", "previous", "updated", "replacement"})
# A tool name's plural words that name a type (`get_ssns`, `getSSNs`, `list_customer_phones`): read as the singular
# (`proxy.guard.context24._tool_type`), but for a tool that counts or measures (`count_phones`).
_PLURALS = {"ssns": "ssn", "phones": "phone", "telephones": "telephone", "mobiles": "mobile", "msisdns": "msisdn",
            "emails": "email", "ibans": "iban", "tins": "tin", "itins": "itin", "surnames": "surname",
            "taxids": "taxid"}  # (not `cells`, `socials`, `names`, `cards`: plur29)


def singular(words: frozenset[str]) -> frozenset[str] | None:
    """A tool name's words with its plural type words made singular, or None where it has none."""
    from proxy.guard.tool26 import _MEASURES

    camel = {"ss", "ns"} <= words  # (`getSSNs`: its words read `SS`, `Ns`)
    if not (words & _PLURALS.keys() or camel) or words & _MEASURES:
        return None  # (`count_phones`: a count)
    return frozenset(_PLURALS.get(w, w) for w in (words - {"ss", "ns"} | {"ssn"} if camel else words))


def texts_person(words: frozenset[str]) -> bool:
    """Whether a tool name sends a text message to a person (`text_customer`, `textUser`): its arguments' `to` is a
    phone number, as `send_text`'s is."""
    from proxy.guard.tool26 import _VERB_WORDS, _person_words

    rest = words - {"text"} - _VERB_WORDS
    return "text" in words and bool(rest) and _person_words(rest)
