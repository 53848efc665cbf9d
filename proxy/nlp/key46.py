"""Keyed parts outside JSON, read as the JSON joining reads them (key46, atk45 F01, F02).

A value given as keyed parts (`{"ssn": {"area": 536, "group": 90, "serial": 4399}}`, `{"area": "617", "exchange":
"555", "line": "0143"}`, `{"user": "jane.doe", "domain": "example.com"}`) is one value to `proxy.guard.keyed` and
`proxy.guard.splitkeys`, but only in JSON: the same record one member a line went up whole. `records` reads the
other syntaxes that key values into the (key path, value) members of one record:
- lines: YAML (nesting by indentation, `ssn:` then `  area: 536`), TOML sections (`[phone]` then `area = "617"`), HCL
  blocks (`ssn {` ... `}`), dotted keys (`ssn.area = 536`, `.properties`), env lines (`SSN_AREA=536`), header lines
  (`X-Phone-Area: 617`), Redis `SET ssn:area 536` / `HSET phone area 617`;
- several `key=value` on one line: logfmt, query strings (`?area=617&exchange=555&line=0143`), keyword arguments
  (`Phone(area=617, exchange=555, line="0143")`: under the call's name);
- XML elements (`<ssn><area>536</area>...</ssn>`) and attributes (`<phone area="617" exchange="555" line="0143"/>`);
- tables: Markdown, CSV, LaTeX `tabular` and HTML rows, each data row a record under the header's cells
  (`| Area code | Number |` / `| 617 | 555-0143 |`), and a two-column table also as one key/value record
  (`| ssn area | 536 |` rows, `card_part1,4111` rows);
- Python literals in single quotes (`{'phone': ['617', '555', '0143']}`), read as the JSON they would be.
Each record is written as a small JSON document (a value in quotes as a string, one written bare as a number when
it is digits without a leading zero: `page=617` is no `"617"`; a value of digit groups with its spaces and hyphens
left out: `4111 1111` is `41111111`) and read by the JSON joining (`proxy.guard.keyed.keyed_values`: groups under a
type's key, values split over sibling keys, phone parts, mail pairs), its joined readings mapped back to the values
as sent, a piece per value. So what joins is what joins in JSON: keys naming the type or its parts, digits valid as
the type (`area: 51`, `line: 80`, `group: 10`, ports and versions are not). A record whose members are `area` and
`exchange` is read under a phone's key. Only records with a type's or a part's key word, or a value shaped as a
domain or an address's half, are read (`_worth`); at most `MAX_RECORDS` per text.

`key_pairs` gives the keys beside their values (a column's header and its cell, an element's name and its attribute's
value) for `patterns:` (`project,owner` / `falcon,ops` reads `project falcon`: `pair_findings`, hooked in
`proxy.guard.checks.patterns`). `stream_open` holds a stream's window at a record's line end while its next member
may follow (hooked in `proxy.guard.windows.may_cut`).

The cost: a text is read only where `hint` finds a key's separator, a cell's edge or a tag's end right before a digit
(one precompiled regex `search`), or the substrings of a `domain` key, a Python literal's quote or a Redis `SET`
line; `key_pairs` only where `pair_hint` (substrings) finds a table's or an attribute's characters.
Pure functions, CPU only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from proxy.nlp.pat49 import pattern_pairs  # (pat49)

if TYPE_CHECKING:
    from proxy.guard.keyed import Keyed

__all__ = ["Leaf", "hint", "key_pairs", "keyed_readings", "pair_findings", "pair_hint", "records", "stream_open"]

F = TypeVar("F", bound=Any)  # a `patterns:` finding (`proxy.guard.checks.base.Finding`)

MAX_TEXT = 200_000  # characters of a text read for records
MAX_RECORDS = 200  # records read in one text
MAX_VALUE = 64
_BATCH = 48  # documents read together (`proxy.guard.splitkeys.MAX_TRIES` brackets at most)


class Leaf(NamedTuple):
    """One member of a record: its key path (each key with its span in the text) and its value's span."""

    keys: tuple[tuple[str, int, int], ...]
    start: int
    end: int


# ---------------------------------------------------------------------------------------------------- the gates

# A key's separator, a cell's edge or a tag's end before a digit (after a quote).
_HINT = re.compile(r"[:=|,&>\t][ \t]*[\"']?[0-9]")
_REDIS_HINT = re.compile(r"(?m:^[ \t]*H?SET[ \t])", re.IGNORECASE)


def hint(text: str) -> bool:
    """Whether `text` may hold a keyed record the pass reads (the cheap test before `records`): a key's separator, a
    cell's edge or a tag's end right before a digit; a `domain` key (an e-mail address in parts); a Python literal's
    quote; a Redis `SET` line."""
    return _HINT.search(text) is not None or "omain" in text or "OMAIN" in text or "{'" in text or "['" in text \
        or (("SET " in text or "set " in text) and _REDIS_HINT.search(text) is not None)


def pair_hint(text: str) -> bool:
    """Whether `text` may hold a table or an attribute (`key_pairs`)."""
    return ("\n" in text and ("|" in text or "," in text or "&" in text or "\t" in text)) or "=\"" in text \
        or "='" in text or "<t" in text


# ---------------------------------------------------------------------------------------------------- lines

_KEY = r"(?:\"[^\"\n]{1,60}\"|'[^'\n]{1,60}'|[A-Za-z_][\w.\-]{0,60}(?:[ \t][A-Za-z_][\w.\-]{0,30}){0,3}?)"
_LINE = re.compile(rf"(?P<ind>[ \t]*)(?:[-*+][ \t]+)?(?:export[ \t]+)?(?P<key>{_KEY})[ \t]*(?P<sep>:(?!//)|=)"
                   r"[ \t]*(?P<val>[^\n]*?)[ \t]*(?:[,;])?[ \t]*$")
_BLOCK = re.compile(rf"(?P<ind>[ \t]*)(?P<key>{_KEY})[ \t]*(?:=[ \t]*)?\{{[ \t]*$")
_CLOSE = re.compile(r"[ \t]*\}[ \t]*[,;]?[ \t]*$")
_SECTION = re.compile(r"[ \t]*\[\[?(?P<key>[\w.\- \"]{1,60})\]\]?[ \t]*$")
_REDIS = re.compile(r"[ \t]*(?i:(?P<h>h)?set)[ \t]+(?P<key>[\w.:\-]{1,60})[ \t]+(?:(?P<field>[\w.\-]{1,40})[ \t]+)?"
                    r"(?P<val>\"[^\"\n]{0,64}\"|'[^'\n]{0,64}'|\S{1,64})[ \t]*$")
_INLINE = re.compile(r"(?<![\w.\-])(?P<key>[A-Za-z_][\w.\-]{0,40})[ \t]*=[ \t]*"
                     r"(?P<val>\"[^\"\n]{0,64}\"|'[^'\n]{0,64}'|[^\s&,;()\[\]\"'<>=]{1,64})")
_CALL = re.compile(r"(?P<name>[A-Za-z_][\w.]{0,40})[ \t]*\(")
_COMMENT = re.compile(r"[ \t]+(?:#|//).*$")


def _value_span(line: str, base: int, a: int, b: int) -> tuple[int, int] | None:
    """A value's span without its quotes, trailing comment, comma; None when it is no scalar value."""
    val = line[a:b]
    m = _COMMENT.search(val)
    if m is not None and not (val[:1] in "\"'" and val.count(val[0]) >= 2 and val.index(val[0], 1) > m.start()):
        val = val[:m.start()]
        b = a + len(val)
    val = val.rstrip(",; \t")
    b = a + len(val)
    if len(val) >= 2 and val[0] in "\"'" and val[-1] == val[0]:
        a, b = a + 1, b - 1
        val = val[1:-1]
    if not val or len(val) > MAX_VALUE or val[0] in "{[(<|" or "\"" in val or "\\" in val:
        return None
    return base + a, base + b


def _key_parts(key: str, a: int, split: str = ".") -> list[tuple[str, int, int]]:
    if len(key) >= 2 and key[0] in "\"'" and key[-1] == key[0]:
        return [(key[1:-1], a + 1, a + len(key) - 1)]
    out, at = [], a
    for part in key.split(split) if split else [key]:
        if part:
            out.append((part, at, at + len(part)))
        at += len(part) + 1
    return out


def _line_records(text: str) -> Iterator[list[Leaf]]:
    stack: list[tuple[int, tuple[tuple[str, int, int], ...], bool]] = []  # (indent, path, a brace block)
    section: tuple[tuple[str, int, int], ...] = ()
    record: list[Leaf] = []
    pos = 0
    for line in text.split("\n"):
        base, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        inline = list(_INLINE.finditer(line)) if "=" in line else []
        if len(inline) >= 2:
            if record:
                yield record
            record, stack, section = [], [], ()
            leaves = []
            calls = list(_CALL.finditer(line))
            for im in inline:
                call = next((c for c in reversed(calls) if c.end() <= im.start()), None)
                parent = ((call.group("name"), base + call.start("name"), base + call.end("name")),) \
                    if call is not None and ")" not in line[call.end():im.start()] else ()
                span = _value_span(line, base, im.start("val"), im.end("val"))
                if span is not None:
                    leaves.append(Leaf((*parent, *_key_parts(im.group("key"), base + im.start("key"))), *span))
            if leaves:
                yield leaves
            continue
        if _CLOSE.match(line) is not None:
            while stack and not stack[-1][2]:
                stack.pop()
            if stack:
                stack.pop()
            continue
        sect = _SECTION.match(line)
        if sect is not None:
            if record:
                yield record
            record, stack = [], []
            section = tuple(_key_parts(sect.group("key"), base + sect.start("key")))
            continue
        redis = _REDIS.match(line) if "et" in line[:8] or "ET" in line[:8] else None
        m = None if redis is not None else _BLOCK.match(line) or _LINE.match(line)
        if m is None:
            if redis is None:
                if record:
                    yield record
                record, stack, section = [], [], ()
                continue
            keys = _key_parts(redis.group("key"), base + redis.start("key"), ":")
            if redis.group("field"):
                keys += _key_parts(redis.group("field"), base + redis.start("field"), "")
            span = _value_span(line, base, redis.start("val"), redis.end("val"))
            if span is not None:
                record.append(Leaf(tuple(keys), *span))
            continue
        ind = len(m.group("ind").expandtabs(4))
        while stack and not stack[-1][2] and stack[-1][0] >= ind:
            stack.pop()
        path = stack[-1][1] if stack else section
        keys = _key_parts(m.group("key"), base + m.start("key"))
        if m.re is _BLOCK or (m.group("val") in ("{", "")):
            stack.append((ind, (*path, *keys), m.re is _BLOCK or m.group("val") == "{"))
            continue
        span = _value_span(line, base, m.start("val"), m.end("val"))
        if span is not None:
            record.append(Leaf((*path, *keys), *span))
    if record:
        yield record


# ---------------------------------------------------------------------------------------------------- XML

_TAG = re.compile(r"<(?P<close>/?)(?P<name>[A-Za-z_][\w.:\-]{0,40})(?P<attrs>(?:\s+[\w.:\-]{1,40}\s*=\s*"
                  r"(?:\"[^\"<>]{0,200}\"|'[^'<>]{0,200}'))*)\s*(?P<empty>/?)>")
_ATTR = re.compile(r"(?P<key>[\w.:\-]{1,40})\s*=\s*(?:\"(?P<v1>[^\"<>]{0,200})\"|'(?P<v2>[^'<>]{0,200})')")
_HTML_TABLE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col"})


def _xml_records(text: str) -> Iterator[list[Leaf]]:
    stack: list[tuple[str, int, int]] = []
    record: list[Leaf] = []
    last_open: tuple[str, int, int, int] | None = None  # the last open tag (name, span, where its text starts)
    for m in _TAG.finditer(text):
        name = m.group("name")
        if name.lower() in _HTML_TABLE:
            last_open = None
            continue
        if m.group("close"):
            if last_open is not None and last_open[0] == name:
                span = _value_span(text, 0, last_open[3], m.start())
                if span is not None and "<" not in text[span[0]:span[1]] and "\n" not in text[span[0]:span[1]]:
                    record.append(Leaf(tuple(stack), *span))
            last_open = None
            while stack and stack[-1][0] != name:
                stack.pop()
            if stack:
                stack.pop()
            if not stack and record:
                yield record
                record = []
            continue
        key = (name, m.start("name"), m.end("name"))
        for a in _ATTR.finditer(m.group("attrs")):
            g = "v1" if a.group("v1") is not None else "v2"
            at = m.start("attrs")
            span = _value_span(text, at, a.start(g), a.end(g)) if a.end(g) > a.start(g) else None
            if span is not None:
                record.append(Leaf((*stack, key, (a.group("key"), at + a.start("key"), at + a.end("key"))), *span))
        if m.group("empty"):
            last_open = None
            if not stack and record:
                yield record
                record = []
            continue
        stack.append(key)
        last_open = (name, m.start(), m.end(), m.end())
    if record:
        yield record


# ---------------------------------------------------------------------------------------------------- tables

_MD_SEP = re.compile(r"[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_LATEX_CMD = re.compile(r"\\(?:hline|toprule|midrule|bottomrule|cline\{[^}]*\})")
_LATEX_WRAP = re.compile(r"\\(?:textbf|textit|emph|texttt|text)\{([^{}]*)\}")
_HTML_ROW = re.compile(r"(?is)<tr\b[^>]*>(.*?)</tr\s*>")
_HTML_CELL = re.compile(r"(?is)<t[hd]\b[^>]*>\s*([^<]*?)\s*</t[hd]\s*>")

Cell = tuple[int, int]
Row = list[Cell]


def _cells(text: str, base: int, line: str, sep: str) -> Row:
    out: Row = []
    at = 0
    parts = line.split(sep)
    for k, part in enumerate(parts):
        a = at
        at += len(part) + len(sep)
        if sep == "|" and (k == 0 or k == len(parts) - 1) and not part.strip():
            continue
        lead = len(part) - len(part.lstrip())
        cell = part.strip()
        if sep == "&" and k == len(parts) - 1:
            cell = cell.removesuffix("\\\\").rstrip()
        w = _LATEX_WRAP.fullmatch(cell) if sep == "&" else None
        if w is not None:
            out.append((base + a + lead + w.start(1), base + a + lead + w.end(1)))
            continue
        if len(cell) >= 2 and cell[0] == cell[-1] and cell[0] in "\"'":
            out.append((base + a + lead + 1, base + a + lead + len(cell) - 1))
        else:
            out.append((base + a + lead, base + a + lead + len(cell)))
    return out


# A CSV row: not indented, no assignment, call or block (a line of code with commas is no row).
_CSV_ROW = re.compile(r"[^\s=(){};]+(?:[ \t]+[^\s=(){};]+)*$|[^\s][^=(){};\n]*$")


def _tables(text: str) -> Iterator[tuple[list[Row], bool]]:
    """The tables of `text`: their rows of cells (spans), and whether the first row is a header for sure."""
    lines = text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    k = 0
    while k < len(lines):
        line = lines[k]
        piped = line.count("|") >= 2 and (line.lstrip()[:1] == "|" or (
            k + 1 < len(lines) and _MD_SEP.match(lines[k + 1]) is not None))
        sep = "|" if piped else "&" if "&" in line and line.rstrip().endswith("\\\\") else \
            "\t" if "\t" in line.strip() else "," if "," in line and _CSV_ROW.match(line) is not None else ""
        if not sep:
            k += 1
            continue
        rows: list[Row] = []
        header = False
        width = len(_cells(text, starts[k], line, sep))
        j = k
        while j < len(lines):
            cur = lines[j]
            if sep == "&":
                cur = _LATEX_CMD.sub(lambda x: " " * len(x.group()), cur)
                if not cur.strip():
                    j += 1
                    continue
            if sep == "|" and _MD_SEP.match(cur) and "-" in cur:
                header = header or len(rows) == 1
                j += 1
                continue
            if (sep == "|" and cur.count("|") < 2) or (sep == "&" and not cur.rstrip().endswith("\\\\")) \
                    or (sep in ",\t" and cur.count(sep) != lines[k].count(sep)) or not cur.strip():
                break
            row = _cells(text, starts[j], cur, sep)
            if len(row) != width:
                break
            rows.append(row)
            j += 1
        if len(rows) >= 2 and width >= 2:
            yield rows, header or sep == "&"
        k = max(j, k + 1)
    if "<t" in text:
        for table in re.finditer(r"(?is)<table\b.*?</table\s*>", text):
            rows = [[(c.start(1), c.end(1)) for c in _HTML_CELL.finditer(text, r.start(1), r.end(1))]
                    for r in _HTML_ROW.finditer(text, table.start(), table.end())]
            rows = [r for r in rows if r]
            if len(rows) >= 2 and len(rows[0]) >= 2:
                yield rows, True


def _table_records(text: str) -> Iterator[list[Leaf]]:
    for rows, _ in _tables(text):
        head = rows[0]
        keys = [(text[a:b], a, b) for a, b in head]
        if all(keys_ok(k[0]) for k in keys):
            for row in rows[1:]:
                if len(row) == len(head):
                    yield [Leaf((key,), a, b) for key, (a, b) in zip(keys, row, strict=True)
                           if 0 < b - a <= MAX_VALUE]
        if len(head) == 2:  # a key/value table: its rows one record (`| ssn area | 536 |`, `card_part1,4111`)
            leaves = [Leaf(((text[r[0][0]:r[0][1]], r[0][0], r[0][1]),), *r[1]) for r in rows
                      if keys_ok(text[r[0][0]:r[0][1]]) and 0 < r[1][1] - r[1][0] <= MAX_VALUE]
            if len(leaves) >= 2:
                yield leaves


def keys_ok(key: str) -> bool:
    """A cell that may be a key: short, a letter in it, no quote or backslash."""
    return 0 < len(key) <= 60 and any(c.isalpha() for c in key) and "\"" not in key and "\\" not in key


# ---------------------------------------------------------------------------------------------------- records

def records(text: str) -> list[list[Leaf]]:
    """The keyed records of `text` (the module's docstring), at most `MAX_RECORDS`."""
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT]
    out: list[list[Leaf]] = []
    readers = []
    if ":" in text or "=" in text or "SET" in text or "set" in text:
        readers.append(_line_records)
    if "<" in text and (">" in text):
        readers.append(_xml_records)
    if "\n" in text or "<t" in text:
        readers.append(_table_records)
    for reader in readers:
        for record in reader(text):
            if len(record) >= 2:
                out.append(record)
                if len(out) >= MAX_RECORDS:
                    return out
    return out


# Key words a joined value's record has (a type's or a part's name, `proxy.guard.keyed.named`, `proxy.guard.split26`,
# the mail pairs' keys): a record without one is read only for a value in a domain's or an address's shape.
_TYPED = re.compile(r"(?i)ssn|social|phone|tel|mobile|cell|fax|msisdn|whatsapp|landline|card|cc|pan|iban|area|exchange"
                    r"|npa|nxx|ndc|national|subscriber|mail|user|local|domain|host|box|country|dial")
# (an address's half, `4.5`, is a value worth reading only under a key naming an address: `ip_hi: 10.0`; a price
# column `цена` / `4.5`, `2.1` read as key/value pairs is none: test_enc38's plain CSV file)
_DOTTED = re.compile(r"[A-Za-z0-9][\w-]*\.[A-Za-z]{2,}")
_ADDRESS_KEY = re.compile(r"(?i)ip|addr|octet|net|gateway|dns|server|peer|node|endpoint")
_IP_HALF = re.compile(r"[0-9]{1,3}\.[0-9]{1,3}")


def _worth(record: Sequence[Leaf], text: str) -> bool:
    """A record the JSON joining may join a value of: a key naming a type or a part, or a value shaped as a domain or
    an address's half; and a digit or a dot in a value."""
    values = [text[leaf.start:leaf.end] for leaf in record]
    if not any(any(c.isdigit() for c in v) or "." in v for v in values):
        return False
    keys = " ".join(k for leaf in record for k, _, _ in leaf.keys)
    return _TYPED.search(keys) is not None or any(_DOTTED.search(v) is not None for v in values) \
        or _ADDRESS_KEY.search(keys) is not None and any(_IP_HALF.search(v) is not None for v in values)


def _phone_parts(record: list[Leaf]) -> list[Leaf]:
    """A record whose members are a North American number's parts by name (an `area` and an `exchange` member, no key
    above them naming the phone: `?area=617&exchange=555&line=0143`, `area=617 exchange=555 line=0143`) read under a
    phone's key, as `{"phone": {"area": ...}}` is; any other record as it is."""
    names = {leaf.keys[-1][0].lower() for leaf in record if leaf.keys}
    if "exchange" not in names or not names & {"area", "area_code", "areacode"} \
            or any(len(leaf.keys) != len(record[0].keys) for leaf in record):
        return record
    return [Leaf((("phone", 0, 0), *leaf.keys), leaf.start, leaf.end) for leaf in record]


_GROUPS = re.compile(r"[0-9]+(?:[ \-][0-9]+)+")


def _document(record: Sequence[Leaf], text: str) -> tuple[str, list[tuple[int, int, int, int, bool]]]:
    """`record` as a JSON object (nested by its key paths) and, per value, (doc start, doc end, start, end, as
    sent)."""
    import json

    out: list[str] = []
    spans: list[tuple[int, int, int, int, bool]] = []
    length = 0
    open_path: list[str] = []

    def put(s: str) -> None:
        nonlocal length
        out.append(s)
        length += len(s)

    put("{")
    first = [True]
    for leaf in record:
        path = [k for k, _, _ in leaf.keys] or [""]
        common = 0
        while common < min(len(open_path), len(path) - 1) and open_path[common] == path[common]:
            common += 1
        while len(open_path) > common:
            open_path.pop()
            first.pop()
            put("}")
        for key in path[common:-1]:
            put(("" if first[-1] else ", ") + json.dumps(key) + ": {")
            first[-1] = False
            open_path.append(key)
            first.append(True)
        value = text[leaf.start:leaf.end]
        same = True
        if _GROUPS.fullmatch(value) is not None:
            value, same = value.replace(" ", "").replace("-", ""), False
        quoted = leaf.start > 0 and text[leaf.start - 1] in "\"'"
        number = not quoted and value.isascii() and value.isdigit() and value[0] != "0" and same
        put(("" if first[-1] else ", ") + json.dumps(path[-1]) + (": " if number else ": \""))
        first[-1] = False
        dumped = value if number else json.dumps(value)[1:-1]
        same = same and dumped == value
        spans.append((length, length + len(dumped), leaf.start, leaf.end, same))
        put(dumped if number else dumped + "\"")
    put("}" * (len(open_path) + 1))
    return "".join(out), spans


def _mapped(spans: Sequence[tuple[int, int, int, int, bool]], a: int, b: int) -> list[tuple[int, int]]:
    """[a, b) of a document in the text's offsets: a piece per value it touches (a value as sent at the same
    offsets, another whole)."""
    out = []
    for da, db, oa, ob, same in spans:
        if da < b and a < db:
            out.append((oa + max(0, a - da), ob - max(0, db - b)) if same else (oa, ob))
    return out


def keyed_readings(texts: Sequence[str], entities: frozenset[str]) -> list[Keyed]:
    """`proxy.guard.keyed.Keyed` readings of the keyed records of `texts` (`records`), each as the JSON joining
    reads the same record written as a JSON text (`proxy.guard.keyed.keyed_values`), in the texts' offsets. The
    digits of a value written without quotes or a leading zero are a JSON number (`page=617` is no `"617"`): a
    record's values are read as a string only where the syntax says so, as JSON's are."""
    from proxy.guard.joined import JSON
    from proxy.guard.keyed import Keyed, keyed_values
    from proxy.guard.splitkeys import _documents_in

    out: list[Keyed] = []
    if not entities:
        return out
    for i, text in enumerate(texts):
        if not text or not hint(text):
            continue
        docs: list[tuple[str, list[tuple[int, int, int, int, bool]]]] = []
        if "{'" in text or "['" in text:  # a Python literal: its single quotes read as JSON's double ones
            swapped = _PY_STRING.sub(lambda m: "\"" + m.group(1) + "\"", text[:MAX_TEXT])
            if swapped != text[:MAX_TEXT]:
                docs += [(swapped[a:b], [(0, b - a, a, b, True)]) for a, b in _documents_in(swapped)]
        docs += [_document(_phone_parts(r), text) for r in records(text) if _worth(r, text)]
        for n in range(0, len(docs), _BATCH):
            batch = docs[n:n + _BATCH]
            for k in keyed_values([doc for doc, _ in batch], (), [JSON] * len(batch), entities):
                if not k.pieces:
                    continue  # one member read with its key: the text's own reading and its labels' (keyed)
                mapped = [p for _, a, b in k.pieces for p in _mapped(batch[k.index][1], a, b)]
                if len(mapped) > 1:
                    out.append(Keyed(i, mapped[0][0], mapped[-1][1], k.entity, k.loose, k.text,
                                     tuple((i, a, b) for a, b in mapped)))
    return out


_PY_STRING = re.compile(r"'([^'\"\\\n]{0,200})'")


# ---------------------------------------------------------------------------------------------------- patterns

def key_pairs(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(key span, value span) of the keys beside their values that only their syntax joins: a table column's header
    and each cell under it, an XML element's name and each of its attributes' values (and the attribute's name).
    For `patterns:` (`project,owner` / `falcon,ops` reads `project falcon`)."""
    out: list[tuple[tuple[int, int], tuple[int, int]]] = pattern_pairs(text)  # query-output tables, names (pat49)
    if len(text) > MAX_TEXT or not pair_hint(text):
        return out
    if "\n" in text or "<t" in text:
        for rows, _ in _tables(text):
            for row in rows[1:]:
                out += [(h, c) for h, c in zip(rows[0], row, strict=False) if c[1] > c[0]]
            if len(out) > 4 * MAX_RECORDS:
                break
    if "=\"" in text or "='" in text:
        for record in _xml_records(text):
            for leaf in record:
                if len(leaf.keys) >= 2:
                    out.append((leaf.keys[-2][1:], (leaf.start, leaf.end)))
                    out.append((leaf.keys[-1][1:], (leaf.start, leaf.end)))
    return out[:4 * MAX_RECORDS]


# ---------------------------------------------------------------------------------------------------- streams

_OPEN_KEY = re.compile(rf"[ \t]*(?:[-*+][ \t]+)?(?:export[ \t]+)?(?:{_KEY})[ \t]*(?::|=|\{{)[ \t]*"
                       r"(?:[\"']?[0-9][^\n]*|\{?)$|[ \t]*\[[\w.\- \"]{1,60}\][ \t]*$|[ \t]*(?i:h?set)[ \t].*[0-9].*$")
_NEXT_KEY = re.compile(rf"[ \t]*(?:[-*+][ \t]+)?(?:export[ \t]+)?(?:{_KEY})[ \t]*(?::|=|\{{)|[ \t]*[}}\[]"
                       r"|[ \t]*(?i:h?set)[ \t]|[\w.\-\"' \t]{0,40}$")  # (a key not yet whole)
_NEXT_WHOLE_KEY = re.compile(_NEXT_KEY.pattern.rsplit("|", 1)[0])  # (no key not yet whole)
_PARTIAL_ROW = re.compile(r"[^|<&\n]{0,2}")
_OPEN_ROW = re.compile(r"[ \t]*\|.*\|[ \t]*$|.*&.*\\\\[ \t]*$"  # a Markdown or LaTeX table's row
                       r"|.*<[A-Za-z_][^<>\n]*>[ \t]*$|.*</[A-Za-z_][\w.:\-]*>[ \t]*$")  # an element
_NEXT_ROW = re.compile(r"[ \t]*[|<]|.*&|[ \t]*\\(?:hline|midrule|bottomrule|end)|[^|<&\n]{0,2}$")


def stream_open(text: str, cut: int, past_hold: bool = False) -> bool:
    """Whether a streamed window may not end at `cut` of the pending `text`: the line just ended is a keyed record's
    (a key then digits, a block's opening, a table's row, an element, a CSV row with digits) and the next line is not
    known yet or is another member of the same kind (a key and its separator, a row, a tag), so the record's next
    members may join its value (`proxy.guard.windows.OutputWindows._may_cut`; the windows' cap still bounds what is
    held). `past_hold`: the window already holds `hold_chars`, and may end at a line's end (a long table of names is
    cut between its rows, not at the cap inside one: tbl33): held there only while the record's key names a part or
    the type its parts are given under (`ssn:` / `  area: 536`, `X-Phone-Area: 617`; `firm_row`: `| ssn group | 90
    |`, `<area>646</area>`); a row under a header is whole at its line's end (key47)."""
    if cut <= 0 or text[cut - 1] != "\n":
        return False
    start = text.rfind("\n", 0, cut - 1) + 1
    line = text[start:cut - 1]
    if not line.strip() or len(line) > _STREAM_LINE or _LINE_GATE.search(line) is None:
        return False
    after = text[cut:cut + 120]
    whole = "\n" in after  # the next line known whole: no more a member's start not yet written
    after = after[:after.find("\n")] if whole else after
    if _OPEN_KEY.match(line) is not None:
        return (_NEXT_WHOLE_KEY if whole else _NEXT_KEY).match(after) is not None \
            and (not past_hold or _PART.search(_KEY_VALUE.sub("", line)) is not None)
    if _OPEN_ROW.match(line) is not None:
        return _NEXT_ROW.match(after) is not None and not (whole and _PARTIAL_ROW.fullmatch(after) is not None) \
            and (not past_hold or firm_row(line))
    commas = line.count(",")
    if not commas or not any(c.isdigit() for c in line + after):
        return False
    if whole:  # the next line known whole: a row of as many cells
        held = after.count(",") == commas
    else:
        held = after.count(",") <= commas and len(after) < 60
    return held and (not past_hold or firm_row(line))


def firm_row(line: str) -> bool:
    """Whether a row (a table's or an element's line) is held past the hold (`stream_open`): a key/value row whose
    key names a part (`| ssn area | 536 |`, `card_part1,4111`: the record runs over the rows), an element whose name
    or attribute names one (`<area>646</area>`, `<phone area="617"`). Any other row is whole at its line's end: a row
    under a header is read with it by the header the stream keeps (`proxy.guard.headings.Heading`) or, within the
    hold, in the same window."""
    tags = _TAGS.findall(line) if "<" in line else []
    if tags and line.rstrip().endswith(">"):  # an element's line: its last tag's name and attributes
        name, attrs = tags[-1]
        return name.lower() not in _HTML_TABLE and _PART.search(name + " " + " ".join(_ATTR_NAMES.findall(attrs))) \
            is not None
    piped = line.lstrip().startswith("|")
    sep = "|" if piped else "&" if "&" in line and line.rstrip().endswith("\\\\") else "\t" if "\t" in line else ","
    cells = line.strip().strip("|").split(sep)
    return len(cells) == 2 and _PART.search(cells[0]) is not None


# A key's words that name a part of a value given in parts, or the type it is a part of (the JSON joining's keys,
# `proxy.guard.keyed`, `proxy.guard.splitkeys`, `proxy.guard.split26`, the mail pairs), and a codename's key.
_PART = re.compile(r"(?i)(?<![a-z])(?:ssn|social|phone|tel|mobile|cell|fax|msisdn|whatsapp|card|iban|e-?mail|mail"
                   r"|area|exchange|npa|nxx|line|subscriber|first|middle|last|rest|part|group|serial|local|user"
                   r"|domain|project)")
_KEY_VALUE = re.compile(r"(?<=[:=\s{])[ \t]*[\"']?[0-9].*$")  # a key line's value (`ssn.area = 536`: ` 536`)
_LINE_GATE = re.compile(r"[:=|{\[&<,]|(?i:set)[ \t]")  # what a keyed record's line has (the cheap test first)
_TAGS = re.compile(r"</?([A-Za-z_][\w.:\-]{0,40})([^<>\n]*)>")
_ATTR_NAMES = re.compile(r"([\w.:\-]{1,40})\s*=")


_STREAM_LINE = 200  # characters of a record's line (a longer one is prose)


def pair_findings(texts: Sequence[str], found: list[list[F]], find: Callable[[str], Sequence[F]]) -> list[list[F]]:
    """`found` (each text's `patterns:` findings) plus the matches of `find` in the texts' keys read beside their
    values (`key_pairs`: `project falcon` of a column `project` over a cell `falcon`), each a finding over the key's
    and the value's part of the match. Only a match within one key and its value, reaching into both, counts."""
    for i, text in enumerate(texts):
        pairs = key_pairs(text)
        if not pairs:
            continue
        chunks: list[str] = []
        where: list[tuple[int, int, int, tuple[int, int], tuple[int, int]]] = []  # (start, gap, end, key, value)
        pos = 0
        for key, value in pairs:
            k, v = text[key[0]:key[1]], text[value[0]:value[1]]
            where.append((pos, pos + len(k), pos + len(k) + 1 + len(v), key, value))
            chunks.append(k + " " + v + "\n\n")
            pos += len(k) + len(v) + 3
        reading = "".join(chunks)
        starts = [w[0] for w in where]
        for f in find(reading):
            n = bisect.bisect_right(starts, f.start) - 1
            if n < 0:
                continue
            a, gap, b, key, value = where[n]
            if not (f.start < gap and gap + 1 < f.end <= b):
                continue
            for piece in ((key[0] + f.start - a, key[1]), (value[0], value[0] + f.end - gap - 1)):
                moved = replace(f, start=piece[0], end=piece[1])
                if moved not in found[i]:
                    found[i].append(moved)
    return found
