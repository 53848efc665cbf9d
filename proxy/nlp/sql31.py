"""SQL dumps and single-quoted compact lists (issue 12, "No side doors": atk30 F1, F2, F27, FP8).

Apps forward database dumps and code: mysqldump's `INSERT INTO t VALUES (1,'Margaret','Okonkwo','6175550143')`
(no column list), sqlite's `.dump` (`VALUES(1,'Dmitri Volkov',...)`), pg_dump `--inserts`, pg `COPY t (id, name,
phone) FROM stdin;` and its tab-separated rows, SQL `IN ('A','B')`, JS `[['A','1'],...]` and Python `[(1,'A'),...]`
literals. What is read here:

- single-quoted values joined by `,` with no space (`'Dmitri Volkov','Chidi Okafor'`, `(1,'Margaret'`, `),(`) read
  as the same values with `, ` between them (`compact_points`: a space added to the PII view,
  `proxy.nlp.normalize.structure_spaced`), as compact double-quoted JSON already is: spaCy kept `Volkov','Chidi`
  in one token, so a name was read in halves or not at all;
- a dump's rows by their columns (`tables`): an `INSERT ... VALUES` row's cells take their columns' names from
  the statement's own column list, else from a `CREATE TABLE` of the same table anywhere in the text (mysqldump,
  sqlite and pg_dump write it before the rows); a `COPY` row's from the `COPY`'s column list. A cell under a
  column that names a phone number or an SSN (`phone`, `mobile`, `tel`, `ssn`: `proxy.guard.keyed.headed`) is
  read after the type's context word (`typed_values`, as a table's column is: `proxy.guard.keyed.labelled_values`),
  a cell under a first- or last-name column (`first_name`, `family_name`: `proxy.nlp.tables.column_kind` "parts")
  is that part of a name (as is one under `fname`/`lname`, `given`/`family` beside their partner, and `first`/`last`
  beside each other and a person's attribute: `proxy.nlp.sqli38.column_kinds`), and a cell under a person's column
  (`name`, `full_name`, `customer`) whose words are a name's (`_name_pair`) is a name (`names`);
- sqlite3's shell output with no statement before it (sms35, atk33 F20): `.mode quote` rows (`1,'Dana Kerr',
  '6175550143'`: cells joined by `,` with no space, one of them a quoted string; `.headers on`'s quoted names its
  columns) and `.mode ascii` records (0x1F between cells, 0x1E between records), each block of rows of one width
  read as rows with no known table (`_shell_rows`);
- a row with no known columns (no column list, no `CREATE TABLE`, a shell's rows without a header): a cell that is a
  full name (a listed first name and a surname) or two cells side by side that are a first name and a surname make
  it a person's row, its names PERSON and its cells of ten or eleven bare digits valid as a US number (or with `+`)
  phone numbers; every tuple's cells at the positions where half of the tuples (one, in a people's table) hold such
  names are names too where each is in a name's shape (`proxy.nlp.sqli38.positional_names`);
- a list's single-quoted value that is a full name (`_LIST_CELL`, `_full_name`: `['Amara Nwosu','Yusuf Demir']`)
  is a name; a PERSON over part of a list's value whose other words are common words and no names is none (`'Mountain
  View'`, `'Open Sans'`, `'Marie Curie Lamp'`: `_part_of_title`), nor is one in a list a name calls things
  (`thing_lists`: `brand IN ('Ford','Lincoln')`, `const cities = [...]`, `products = [...]`);
- a table that holds things (its name a thing's: `products`, `items`, `colors`, `teams`: `proxy.nlp.tables.
  NOT_PEOPLE`) holds no person's name outside a person's column (`nameless`: `'Grace Hopper Poster'`, `'Ada
  Lovelace Mug'`), nor does a column of things anywhere (`city`, `product`, `brand`).

Gated by a substring test (`,'`, `),(`, `',`, 0x1F, `INSERT`/`COPY`/`VALUES` in any case); linear scans. Pure
functions, CPU only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]
Cell = tuple[int, int, bool]  # [start, end) of a cell's text (inside its quotes), whether it was quoted

# ------------------------------------------------------------------------------------------ compact lists

# `,` between single-quoted values, or after a number, a `NULL` or a closing bracket before one (`'A','B'`,
# `(1,'A'`, `NULL,'A'`, `],'A'`), and `,` between two tuples (`),(`): the space a writer who spaces such text puts.
_COMPACT = re.compile(r",(?<=[\w')\]],)(?='[^\s',])|,(?<=\),)(?=\()")


def compact_points(text: str) -> list[int]:
    """Offsets in `text` where a space reads a compact single-quoted list as a spaced one (the module's docstring)."""
    if ",'" not in text and "),(" not in text:
        return []
    return [m.end() for m in _COMPACT.finditer(text)]


# ------------------------------------------------------------------------------------------------ dumps

_IDENT = r"(?:`[^`\n]{1,64}`|\"[^\"\n]{1,64}\"|\[[^\]\n]{1,64}\]|[A-Za-z_][\w$]{0,63})"
_QNAME = rf"{_IDENT}(?:[ \t]*\.[ \t]*{_IDENT}){{0,2}}"
_CREATE = re.compile(rf"(?i)\bcreate[ \t]+(?:(?:global[ \t]+|local[ \t]+)?(?:temp|temporary|unlogged)[ \t]+)?table"
                     rf"[ \t]+(?:if[ \t]+not[ \t]+exists[ \t]+)?(?P<t>{_QNAME})\s*\(")
_INSERT = re.compile(rf"(?i)\b(?:insert|replace)[ \t]+(?:(?:ignore|low_priority|delayed|high_priority|or[ \t]+\w+)"
                     rf"[ \t]+)?into[ \t]+(?P<t>{_QNAME})\s*(?:\((?P<c>[^()]{{0,4000}})\)\s*)?values\s*(?=\()")
_COPY = re.compile(rf"(?i)\bcopy[ \t]+(?P<t>{_QNAME})[ \t]*\((?P<c>[^()\n]{{0,4000}})\)[ \t]*from[ \t]+stdin\b"
                   r"[^\n]*\n")
_GATE = re.compile(r"(?i)insert|replace|copy|',|\x1f")  # (`',`: sqlite3's `.mode quote` rows; 0x1F: `.mode ascii`)
_CONSTRAINT = frozenset({"primary", "key", "unique", "constraint", "index", "foreign", "check", "fulltext",
                         "spatial", "exclude", "like", "period"})
MAX_ROWS = 100_000  # tuples of one statement


@dataclass(frozen=True, slots=True)
class Table:
    """A dump's rows of one statement: the table's name (lower case, no schema), its columns' names (None:
    unknown), and each row's cells."""

    name: str
    columns: tuple[str, ...] | None
    rows: tuple[tuple[Cell, ...], ...]


def _unquoted(ident: str) -> str:
    ident = ident.strip()
    if len(ident) > 1 and ident[0] in "`\"[":
        return ident[1:-1]
    return ident


def _table_name(qname: str) -> str:
    parts = re.findall(_IDENT, qname)
    return _unquoted(parts[-1]).lower() if parts else ""


def _split_top(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of the parts of text[start:end] split at `,` outside brackets and quotes."""
    out: list[tuple[int, int]] = []
    depth = 0
    quote = ""
    a = start
    for i in range(start, end):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append((a, i))
            a = i + 1
    out.append((a, end))
    return out


def _closing(text: str, pos: int) -> int:
    """The offset of the `)` that closes the bracket opened right before `pos`, or -1."""
    depth = 1
    quote = ""
    for i in range(pos, min(len(text), pos + 200_000)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _column_list(text: str, start: int, end: int) -> tuple[str, ...]:
    out: list[str] = []
    for a, b in _split_top(text, start, end):
        m = re.match(r"\s*(" + _IDENT + ")", text[a:b])
        if m is None:
            return ()
        out.append(_unquoted(m.group(1)))
    return tuple(out)


def _schemas(text: str) -> dict[str, tuple[str, ...]]:
    """Each `CREATE TABLE`'s column names, by table name."""
    out: dict[str, tuple[str, ...]] = {}
    if "create" not in text.lower():
        return out
    for m in _CREATE.finditer(text):
        close = _closing(text, m.end())
        if close < 0:
            continue
        columns: list[str] = []
        for a, b in _split_top(text, m.end(), close):
            c = re.match(r"\s*(" + _IDENT + ")", text[a:b])
            if c is None or c.group(1).lower() in _CONSTRAINT:
                continue
            columns.append(_unquoted(c.group(1)))
        if columns:
            out.setdefault(_table_name(m.group("t")), tuple(columns))
    return out


_NUMBER_OR_WORD = re.compile(r"[^,()'\s]+")


def _value_rows(text: str, pos: int) -> tuple[list[tuple[Cell, ...]], int]:
    """The tuples of a `VALUES` list at `pos` (right at its first `(`), and where the list ends."""
    rows: list[tuple[Cell, ...]] = []
    n = len(text)
    while pos < n and text[pos] == "(" and len(rows) < MAX_ROWS:
        pos += 1
        cells: list[Cell] = []
        while True:
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            if pos >= n:  # (a row a stream's window ends inside: its cells so far)
                return rows + ([tuple(cells)] if cells else []), pos
            ch = text[pos]
            if ch in "'" or ch in "EeNn" and text[pos + 1:pos + 2] == "'":
                pos += 1 if ch == "'" else 2
                a = pos
                while pos < n:
                    if text[pos] == "\\":
                        pos += 2
                    elif text[pos] == "'":
                        if text[pos + 1:pos + 2] == "'":
                            pos += 2
                        else:
                            break
                    else:
                        pos += 1
                cells.append((a, min(pos, n), True))
                pos += 1
            elif ch == "(":
                close = _closing(text, pos + 1)
                if close < 0:
                    return rows, pos
                pos = close + 1
                cells.append((pos, pos, False))
            else:
                m = _NUMBER_OR_WORD.match(text, pos)
                if m is None:
                    return rows, pos
                pos = m.end()
                if pos < n and text[pos] == "(":  # a function's call: `NOW()`, `X'..'` stays a cell
                    close = _closing(text, pos + 1)
                    if close < 0:
                        return rows, pos
                    pos = close + 1
                    cells.append((m.start(), m.start(), False))
                else:
                    cells.append((m.start(), m.end(), False))
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            if pos < n and text[pos] == ",":
                pos += 1
                continue
            if pos < n and text[pos] == ")":
                pos += 1
                break
            return rows + ([tuple(cells)] if pos >= n else []), pos
        rows.append(tuple(cells))
        while pos < n and text[pos] in " \t\r\n":
            pos += 1
        if pos < n and text[pos] == ",":
            pos += 1
            while pos < n and text[pos] in " \t\r\n":
                pos += 1
            continue
        break
    return rows, pos


def tables(text: str) -> list[Table]:
    """The dump's statements in `text` with their rows (the module's docstring)."""
    if _GATE.search(text) is None:
        return []
    lower = text.lower()
    out: list[Table] = []
    schemas: dict[str, tuple[str, ...]] | None = None
    if "values" in lower:
        pos = 0
        while (m := _INSERT.search(text, pos)) is not None:
            rows, end = _value_rows(text, m.end())
            pos = max(end, m.end())
            name = _table_name(m.group("t"))
            columns: tuple[str, ...] | None = None
            if m.group("c") is not None:
                columns = _column_list(text, m.start("c"), m.end("c")) or None
            else:
                if schemas is None:
                    schemas = _schemas(text)
                columns = schemas.get(name)
            out.append(Table(name, columns, tuple(rows)))
    if "stdin" in lower:
        after = 0  # (a row is read once: the next COPY is looked for after the rows read, linear time)
        while (m := _COPY.search(text, after)) is not None:
            copy_rows: list[tuple[Cell, ...]] = []
            pos = m.end()
            while pos < len(text) and len(copy_rows) < MAX_ROWS:
                end = text.find("\n", pos)
                end = len(text) if end < 0 else end
                line_end = end - 1 if end > pos and text[end - 1] == "\r" else end
                if text[pos:line_end] in ("\\.", ""):
                    break
                cells: list[Cell] = []
                a = pos
                for i in range(pos, line_end + 1):
                    if i == line_end or text[i] == "\t":
                        cells.append((a, a, False) if text[a:i] == "\\N" else (a, i, False))
                        a = i + 1
                copy_rows.append(tuple(cells))
                pos = end + 1
            out.append(Table(_table_name(m.group("t")), _column_list(text, m.start("c"), m.end("c")) or None,
                             tuple(copy_rows)))
            after = max(pos, m.end())
    if "'," in text or "\x1f" in text:
        out += _shell_rows(text)
    return out


# sqlite3's `.mode quote` row (sms35, atk33 F20): a line of cells joined by `,` with no space, each a number, `NULL`,
# a blob or a single-quoted string, one of them a string (`1,'Dana Kerr','6175550143'`); `.headers on` writes the
# columns' names as strings (`'id','name','phone'`).
_QUOTE_CELL = r"(?:'(?:[^'\n]|'')*'|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|NULL|X'[0-9A-Fa-f]*')"
_QUOTE_ROW = re.compile(rf"(?m)^(?=[^\n]*')(?:{_QUOTE_CELL},)+{_QUOTE_CELL}\r?$")
_QUOTE_CELLS = re.compile(r"'((?:[^'\n]|'')*)'|([^,\r\n]+)")
_HEAD = re.compile(r"[A-Za-z_]\w{0,63}")


def _shell_rows(text: str) -> list[Table]:
    """sqlite3's `.mode quote` rows (`_QUOTE_ROW`) and `.mode ascii` records (cells joined by 0x1F, records by 0x1E)
    read as a dump's rows with no known table: each block of rows of one width, its first row its columns' names
    where all are names (`.headers on`). A `.mode ascii` cell is text as a quoted one is."""
    blocks: list[list[tuple[Cell, ...]]] = []
    last = -2
    if "'," in text:
        for m in _QUOTE_ROW.finditer(text):
            row = tuple((c.start(1), c.end(1), True) if c.group(1) is not None else (c.start(2), c.end(2), False)
                        for c in _QUOTE_CELLS.finditer(text, m.start(), m.end()) if c.group().strip("\r"))
            if blocks and last == m.start() - 1 and len(blocks[-1][-1]) == len(row):
                blocks[-1].append(row)
            else:
                blocks.append([row])
            last = m.end()
    if "\x1f" in text:
        pos = -2
        for record in re.finditer(r"[^\x1e\n]+", text):
            if "\x1f" not in record.group():
                continue
            cells: list[Cell] = []
            a = record.start()
            for i in range(record.start(), record.end() + 1):
                if i == record.end() or text[i] == "\x1f":
                    cells.append((a, i, True))
                    a = i + 1
            row = tuple(cells)
            if blocks and pos == record.start() - 1 and len(blocks[-1][-1]) == len(row):
                blocks[-1].append(row)
            else:
                blocks.append([row])
            pos = record.end()
    out: list[Table] = []
    for rows in blocks:
        head = [text[a:b] for a, b, _ in rows[0]]
        if len(rows) > 1 and all(_HEAD.fullmatch(h) for h in head) and all(q for _, _, q in rows[0]):
            out.append(Table("", tuple(head), tuple(rows[1:])))
        else:
            out.append(Table("", None, tuple(rows)))
    return out


# ---------------------------------------------------------------------------------------- typed values

_BARE_PHONE = re.compile(r"\+?[0-9]{10,11}")


def typed_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of each dump cell read after its type's context word: a cell with digits under a column
    that names a phone number or an SSN, and a person's row's bare phone number where the columns are unknown."""
    out: list[tuple[int, int, str]] = []
    if not wanted & {"PHONE_NUMBER", "US_SSN"}:
        return out
    found = tables(text)
    if not found:
        return out
    from proxy.guard.keyed import MAX_VALUE, headed

    lists: NameLists | None = None
    for table in found:
        if table.columns is not None:
            types = [[e for e in headed(c) if e in wanted] for c in table.columns]
            for row in table.rows:
                for (a, b, _), kinds in zip(row, types, strict=False):
                    if kinds and 0 < b - a <= MAX_VALUE and any(c.isdigit() for c in text[a:b]):
                        out.extend((a, b, e) for e in kinds)
        elif "PHONE_NUMBER" in wanted and not _things(table.name):
            for row in table.rows:
                phones = [(a, b) for a, b, quoted in row if quoted and _BARE_PHONE.fullmatch(text, a, b)]
                if not phones:
                    continue
                if lists is None:
                    from proxy.nlp.names import name_lists

                    lists = name_lists()
                if _row_names(lists, text, row):
                    from proxy.nlp.tsv30 import _plausible

                    out.extend((a, b, "PHONE_NUMBER") for a, b in phones if _plausible(text[a:b]))
    return out


# ------------------------------------------------------------------------------------------------ names

# A cell that can be a name or a part of one: one to three capitalised words of letters (`tables._NAME_CELL`).
_WORD = r"[^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*"
_NAME_CELL = re.compile(rf"{_WORD}(?: {_WORD}){{0,2}}")
_FULL_NAME = re.compile(rf"{_WORD}(?: {_WORD}){{1,2}}")
_FILLERS = frozenset({"unknown", "none", "null", "nil", "total", "tbd", "tba", "na", "n/a", "other", "test", "admin",
                      "anonymous", "redacted", "yes", "no", "true", "false", "empty", "missing"})


_THING_NAME = frozenset({"name", "title", "label", "display_name", "description", "caption"})


# Names of tables and lists that hold things only (`NOT_PEOPLE`'s words whose rows or values never name a person: not
# `order`, `event`, `project`, `course`, `company`, `account`, whose rows often hold a customer's or an owner's name).
_THING_WORDS = frozenset("""
product item sku color colour brand make model category categorie country state province region city town currency
language tag font typeface species breed genus fruit food dish drink ingredient flavor flavour material size tier plan
venue airport station store shop warehouse team department dept zone sector industry genre platform browser framework
package library instrument asset ticker symbol fund stock bond crop plant river mountain lake park building room
""".split())


def _things(table: str) -> bool:
    """Whether a table's or a list's name is a thing's (`products`, `cities`, `teams`, `brand_names`)."""
    from proxy.nlp.places import PLACE_KEYS

    words = [w for w in re.split(r"[_\W]+", table.lower()) if w]
    while len(words) > 1 and words[-1] in ("name", "names", "list", "id", "ids", "table", "tbl", "data"):
        words.pop()
    if not words:
        return False
    head = words[-1]
    singular = head[:-3] + "y" if head.endswith("ies") else head[:-1] if head.endswith("s") else head
    return head in _THING_WORDS or singular in _THING_WORDS or head in PLACE_KEYS or singular in PLACE_KEYS


def _name_pair(names: NameLists, first: str, last: str) -> bool:
    """A name's first and last word as lists know them (`proxy.nlp.pii._name_pair`'s rule)."""
    return names.is_any_first(first) and not names.is_very_common(last) \
        and (names.is_name(last) or names.is_first(first) and not names.is_common(first))


def _full_name(names: NameLists, value: str) -> bool:
    if len(value) > 60 or _FULL_NAME.fullmatch(value) is None:
        return False
    words = re.split(r"[ '’-]", value)
    return _name_pair(names, words[0], words[-1])


def _row_names(names: NameLists, text: str, row: tuple[Cell, ...]) -> list[tuple[int, int]]:
    """The name cells of a row with no known columns: full names, and first-name/surname pairs side by side."""
    out: list[tuple[int, int]] = []
    strings = [(a, b) for a, b, quoted in row if quoted]
    for a, b in strings:
        if _full_name(names, text[a:b]):
            out.append((a, b))
    for (a, b), (c, d) in zip(strings, strings[1:], strict=False):
        first, last = text[a:b], text[c:d]
        if " " in first or " " in last or _NAME_CELL.fullmatch(first) is None or _NAME_CELL.fullmatch(last) is None:
            continue
        if _name_pair(names, first, last):
            out += [(a, b), (c, d)]
    return out


def _cells_by_kind(names: NameLists, text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The dump's cells that are names or parts of names, and the string cells that hold no person's name."""
    people: list[tuple[int, int]] = []
    nameless: list[tuple[int, int]] = []
    for table in tables(text):
        things = _things(table.name)
        if table.columns is None:
            if things:
                nameless += [(a, b) for row in table.rows for a, b, quoted in row if quoted and b > a]
            else:
                from proxy.nlp.sqli38 import positional_names  # every tuple's cells where some hold names (sqli38)

                people += positional_names(table.name, text, table.rows,
                                           [_row_names(names, text, r) for r in table.rows])
            continue
        # (in a things table, a bare `name` or `title` column names the thing: `products.name`)
        from proxy.nlp.sqli38 import column_kinds  # `first, last`, `fname, lname` beside each other (sqli38)

        kinds = [None if things and c.lower() in _THING_NAME else k for c, k in column_kinds(table.columns)]
        for row in table.rows:
            for (a, b, _), kind in zip(row, kinds, strict=False):
                value = text[a:b]
                if b <= a:
                    continue
                if kind == "things" or kind is None and things:
                    nameless.append((a, b))
                elif value.lower() in _FILLERS or len(value) > 60:
                    continue
                elif kind == "parts" and _NAME_CELL.fullmatch(value) is not None \
                        or kind == "loose" and _NAME_CELL.fullmatch(value) is not None and names.is_name(value):
                    people.append((a, b))
                elif kind == "people" and not things and _full_name(names, value):
                    people.append((a, b))
    return people, nameless


# A list's values named by what they are: SQL `brand IN (...)`, `city NOT IN (...)`, and a literal assigned to a
# name (`const cities = [...]`, `products = (...)`, `"brands": [...]`).
_NAMED_LIST = re.compile(r"(?i)(?<![\w.])[`\"]?(?P<n>[A-Za-z_][\w]{0,40})[`\"]?(?:[ \t]+not)?[ \t]+in[ \t]*(?P<o>\()"
                         r"|(?<![\w.])(?P<v>[A-Za-z_][\w]{0,40})[\"']?[ \t]*(?::[ \t]*[\w\[\], ]{0,40})?"
                         r"[ \t]*[=:][ \t]*(?P<p>[\[(])")
_LIST_GATE = re.compile(r"(?i)\bin[ \t]*\(|[=:][ \t]*[\[(]")
_QUOTED = re.compile(r"'((?:[^'\\\n]|\\.|'')*)'|\"((?:[^\"\\\n]|\\.)*)\"")
MAX_LIST = 20_000  # characters of one list read


def _bracket_end(text: str, pos: int) -> int:
    """The offset of the bracket that closes the one opened right before `pos` (`(` or `[`), or -1."""
    depth = 1
    quote = ""
    i, end = pos - 1, min(len(text), pos + MAX_LIST)
    while i + 1 < end:
        i += 1
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0:
                return i
    return -1


def thing_lists(text: str) -> list[tuple[int, int]]:
    """The quoted values of the lists in `text` that a name calls things (`brand IN ('Ford','Lincoln')`, `const
    cities = ['Santa Monica','San Jose']`, `products = [(1,'Ada Lovelace Mug')]`): no person's name is in them."""
    out: list[tuple[int, int]] = []
    if _LIST_GATE.search(text) is None:
        return out
    for m in _NAMED_LIST.finditer(text):
        name = (m.group("n") or m.group("v")).lower()
        if not _things(name):
            continue
        start = m.end()
        end = _bracket_end(text, start)
        if end < 0:
            continue
        out += [q.span(1) if q.group(1) is not None else q.span(2) for q in _QUOTED.finditer(text, start, end)]
    return out


# A single-quoted value of a list: after `[`, `(` or `,`, before `,`, `]` or `)`; capitalised words only.
_LIST_CELL = re.compile(rf"(?<=[\[(,])[ \t]*'({_WORD}(?: {_WORD}){{1,3}})'(?=[ \t]*[,\])])")


def _part_of_title(names_: NameLists, chunk: str, found: list[Result]) -> list[Result]:
    """Without a PERSON finding over part of a list's single-quoted value whose other words are all common words and
    no names (`'Mountain View'`, `'Open Sans'`, `'Marie Curie Lamp'`: a place, a font, a product's title)."""
    out: list[Result] = []
    cells = [m.span(1) for m in _LIST_CELL.finditer(chunk)] if ",'" in chunk or ", '" in chunk else []
    for r in found:
        cell = next(((a, b) for a, b in cells if a <= r[1] and r[2] <= b and (a, b) != (r[1], r[2])), None)
        if r[0] == "PERSON" and cell is not None:
            rest = (chunk[cell[0]:r[1]] + " " + chunk[r[2]:cell[1]]).split()
            if rest and all(names_.is_common(w) and not names_.is_name(w) for w in rest):
                continue
        out.append(r)
    return out


def names(names_: NameLists, chunk: str, found: list[Result]) -> list[Result]:
    """`found` with the dump's name cells as PERSON where nothing covers them, and without the names read in its
    cells that hold none, and in the lists of things (the module's docstring)."""
    if "'" not in chunk and "\t" not in chunk and '"' not in chunk and "\x1f" not in chunk:
        return found
    things = thing_lists(chunk) if any(r[0] in ("PERSON", "LOCATION") for r in found) else []
    found = _part_of_title(names_, chunk, found) if "'" in chunk else found
    if things:
        found = [r for r in found if r[0] not in ("PERSON", "LOCATION")
                 or not any(a <= r[1] and r[2] <= b for a, b in things)]
    if ",'" in chunk or ", '" in chunk:  # a list's value that is a full name (`['Amara Nwosu','Yusuf Demir']`)
        cells = [m.span(1) for m in _LIST_CELL.finditer(chunk)]
        listed = [("PERSON", a, b, 0.85) for a, b in cells if not any(c <= a and b <= d for c, d in things)
                  and _full_name(names_, chunk[a:b]) and not any(r[0] == "PERSON" and r[1] <= a and b <= r[2]
                                                                 for r in found)]
        found = [r for r in found if not any(r[0] == "PERSON" and a <= r[1] and r[2] <= b for _, a, b, _ in listed)]
        found += listed
    if _GATE.search(chunk) is None or ("'" not in chunk and "\t" not in chunk and "\x1f" not in chunk):
        return found
    people, nameless = _cells_by_kind(names_, chunk)
    if nameless:
        found = [r for r in found if r[0] not in ("PERSON", "LOCATION")
                 or not any(a <= r[1] and r[2] <= b for a, b in nameless)]
    added = [("PERSON", a, b, 0.85) for a, b in people
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    if added:
        # (a name the model read over part of the cell only, `'<PERSON> Okonkwo'`: the cell's finding covers it)
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for _, a, b, _ in added))]
    return found + added


def nameless(chunk: str) -> list[tuple[int, int]]:
    """The dump's cells in `chunk` that hold no person's name (a things table's, a things column's)."""
    if _GATE.search(chunk) is None:
        return []
    from proxy.nlp.names import name_lists

    return _cells_by_kind(name_lists(), chunk)[1]


__all__ = ["Table", "compact_points", "names", "nameless", "tables", "typed_values"]
