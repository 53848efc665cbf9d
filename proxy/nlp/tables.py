"""Tables pasted as text (CSV, `;`- or tab-separated, `|`-separated and Markdown): the cells that hold no person's
name, by their column's header (atk12 B FP-5).

A user pastes `sku,product,city\\n1,Widget,Berlin\\n2,Gadget,Paris`: the NER model reads `Berlin`, `Green` (under
`color`), `Euro Bond` (under `fund`), `Red Fox` (under `species`) as people. A column whose header names a place
(`proxy.nlp.places.PLACE_KEYS`: `city`, `origin`, `destination`, `office`, ...) or a thing (`NOT_PEOPLE`:
`country`, `color`, `product`, `species`, `fund`, ...) holds no person's name, and a cell that is one listed city
(`proxy.nlp.places.city_names`) is a place, except in a column whose header names a person (`PEOPLE`: `name`,
`customer`, `owner`, `first_name`, ...: `name\\nAustin` stays a name). A header's head word decides: its last word,
the one before when the last is a generic word (`city_name` is a city's, `customer_name` a person's,
`product_owner` a person's).

A table here is a header line of short word-like cells and at least one line after it split into as many cells by
the same separator (quoted cells read as CSV quotes them). Pure functions, CPU only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from proxy.nlp.places import PLACE_KEYS, city_names

# Header words of columns that hold things, not people.
NOT_PEOPLE = frozenset("""
country countries state province county region venue venues hotel hotels airport airports station stations port
color colour colors colours product products item items sku species genus breed animal fund funds ticker symbol
brand make model habitat plant plants store stores shop warehouse event events course courses subject language
languages library package category type kind status tier plan department dept zone currency sector industry genre
size material flavor flavour route server service app application hostname month weekday team project company
organisation organization org vendor supplier manufacturer airline carrier platform os browser framework tool
instrument asset index bond stock crop fruit food dish drink ingredient river mountain lake park building room hall
stadium club school university campus continent nationality location venue_city street road district neighbourhood
neighborhood area terminal gate line kingdom phylum order taxon subfamily tribe clade
""".split()) | PLACE_KEYS

# Header words of a taxonomy's columns: beside one, a `family` column holds taxonomic families (`species,family`:
# `Canidae`, `Felidae`), not surnames (atk13).
_TAXONOMY = frozenset({"species", "genus", "kingdom", "phylum", "order", "taxon", "subfamily", "tribe", "clade"})

# Header words of columns that hold people.
PEOPLE = frozenset("""
name names surname vorname nachname nom prenom prénom nombre apellido apellidos person people
customer customers client clients contact contacts owner owners assignee assigned author authors manager managers
employee employees user users username member members student students teacher teachers patient patients doctor
agent agents rep reviewer reviewers reporter sender recipient signer buyer seller driver guest guests attendee
attendees speaker speakers tenant landlord applicant candidate spouse parent child mother father who by lead
""".split())

# Last words that say nothing of what a column holds: the word before them decides (`city_name`, `customer_name`).
GENERIC = frozenset({"name", "names", "title", "label", "id", "code", "value", "text", "full", "display"})

# Header words of columns that hold a part of a person's name, and nothing else (`vorname`, `last_name`, `surname`):
# a capitalised word there is that part (`7;Sofia;Rossi` under `vorname;nachname`), as in an XML element so named
# (`<family>Rossi</family>`).
NAME_PARTS = frozenset("""
first firstname forename given givenname last lastname surname family familyname vorname nachname prenom prénom
apellido apellidos cognome
""".split())

# Name-part words that head other columns alone (a taxonomic `family`, a `given` flag): a part only in `given_name`.
_NOT_ALONE = frozenset({"first", "last", "given", "family"})

_PARTNERS = (frozenset({"first", "last"}), frozenset({"given", "family"}))
_SEPARATORS = (",", ";", "\t", "|")
_HEADER_CELL = re.compile(r"[A-Za-z][\w .\-/()]{0,40}")
_ANY_HEADER_CELL = re.compile(r"[^\W\d_][\w .\-/()’]{0,40}")  # (any script: `фамилия`, `氏名`, keys37)
_WORDS = re.compile(r"[a-z]+")
_BORDER = re.compile(r"[\s|:\-+]+")  # a Markdown table's rule line: `|---|:--:|`
# A header's cell is at most 41 characters (`_HEADER_CELL`): a line with a longer run between two separators (no
# double quote in it, no space or quote at its ends: it lies inside one cell, trimmed as `_cells` trims) is no
# header, found without splitting it (prose with commas is most lines that hold a separator).
_LONG_CELL = {sep: re.compile(rf'[^\s"\'{re.escape(sep)}][^"{re.escape(sep)}\n]{{40,}}[^\s"\'{re.escape(sep)}]')
              for sep in _SEPARATORS}


def _cells(line: str, sep: str) -> list[tuple[int, int]]:
    """[start, end) of each cell of `line` split at `sep` outside double quotes, without spaces and quotes."""
    out: list[tuple[int, int]] = []
    start = 0
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            out.append((start, i))
            start = i + 1
    out.append((start, len(line)))
    trimmed = []
    for a, b in out:
        while a < b and line[a] in ' "\'':
            a += 1
        while b > a and line[b - 1] in ' "\'\r':
            b -= 1
        trimmed.append((a, b))
    if sep == "|" and len(trimmed) > 2 and trimmed[0][0] == trimmed[0][1] and trimmed[-1][0] == trimmed[-1][1]:
        trimmed = trimmed[1:-1]  # `| name | city |`
    return trimmed


def column_kind(header: str) -> str | None:
    """"parts" (of a person's name), "people", "things" or None (unknown) for a column headed `header`."""
    words = _WORDS.findall(header.lower())
    if len(words) > 1 and words[-1] == "name" and words[-2] in NAME_PARTS \
            or "".join(words) in NAME_PARTS - _NOT_ALONE:
        return "parts"  # `first_name`, `Last Name`, `surname`, `vorname`
    while len(words) > 1 and words[-1] in GENERIC:
        words.pop()
    if not words:
        return None
    head = words[-1]
    if head in PEOPLE:
        return "people"
    if head in NOT_PEOPLE:
        return "things"
    from proxy.nlp.keys40 import abbreviated_part  # (atk40 F10: `pat_fname`, `emp_first_nm`, `cust_fnm`)

    return abbreviated_part(header)


def lines_at(text: str) -> list[tuple[int, str]]:
    """`text`'s lines (without their line breaks), each with the offset where it starts."""
    return list(_lines(text))


def _lines(text: str) -> Iterator[tuple[int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


# A cell that can be a part of a name: one to three capitalised words of letters.
_NAME_CELL = re.compile(r"[^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*(?: [^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*){0,2}")
_PART_ELEMENT = re.compile(r"<(" + "|".join(sorted(NAME_PARTS | {"first_name", "last_name", "given_name",
                                                                  "family_name"})) + r")>\s*([^<>\n]{1,80}?)\s*</\1>",
                           re.IGNORECASE)


def name_part_cells(text: str) -> list[tuple[int, int]]:
    """[start, end) in `text` of the cells under a column that holds a part of a person's name (`NAME_PARTS`) and
    of such XML elements, when they read as a name's part (`_NAME_CELL`: `Rossi`, `Van Dyke`)."""
    out = [(a, b) for a, b, kind in _table_cells(text) if kind == "parts" and _NAME_CELL.fullmatch(text[a:b])]
    if "</" in text:
        out += [m.span(2) for m in _PART_ELEMENT.finditer(text) if _NAME_CELL.fullmatch(m.group(2))]
    return out


def nameless_cells(text: str) -> list[tuple[int, int]]:
    """[start, end) in `text` of the table cells that hold no person's name (see the module's docstring)."""
    return [(a, b) for a, b, kind in _table_cells(text)
            if kind == "things" or (kind is None and text[a:b].isalpha() and text[a:b].lower() in city_names())]


def _table_cells(text: str) -> list[tuple[int, int, str | None]]:
    """[start, end) and column kind of each cell under a table's header in `text`."""
    from proxy.nlp.tbl33 import _PERSONAL

    kinds: dict[str, str | None] = {}
    out: list[tuple[int, int, str | None]] = []
    cells = column_cells(text, single=False)
    # A `family` column beside `species`, `genus`, `order`... holds taxa, no surnames (fpnames14).
    taxonomy = any(header.strip().lower() in _TAXONOMY for _, _, header in cells)
    # `LAST` beside `FIRST`, `family` beside `given`: a name's parts, each alone none (`EMP_ID,LAST,FIRST,SSN`: csv37)
    heads = {header.strip().lower() for _, _, header in cells}
    paired: set[str] = set()
    if any(_PERSONAL.search(h) for h in heads):  # (beside a person's attribute: `first,last` alone may be days)
        paired = {w for pair in _PARTNERS if pair <= heads for w in pair}
    for a, b, header in cells:
        if header not in kinds:
            kinds[header] = "things" if taxonomy and header.strip().lower() == "family" \
                else "parts" if header.strip().lower() in paired else column_kind(header)
        out.append((a, b, kinds[header]))
    return out


_HTML_TABLE_OPEN = re.compile(r"<table\b[^>]*>", re.IGNORECASE)
_HTML_TABLE_CLOSE = re.compile(r"</table\s*>", re.IGNORECASE)
_HTML_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</tr\s*>|$)", re.IGNORECASE | re.DOTALL)
_HTML_CELL = re.compile(r"<(t[hd])\b[^>]*>\s*([^<>]*?)\s*(?=</?t[a-z]*\b|$)", re.IGNORECASE)


def html_column_cells(text: str, *, wide: bool = False) -> list[tuple[int, int, str]]:
    """[start, end) and column header of each cell of an HTML table's body (`<tr><th>phone</th>...` then
    `<tr><td>6175550143</td>...`) whose text has no markup, by the header row's cell in the same place. A table
    that never closes (`<table>` and its rows, then prose) is read to the text's end, as a stream reads it
    (`proxy.guard.headings`, tablerest15): the safer reading, in linear time. `wide`: a row with more cells than
    the header too, its first cells under the header's (`column_cells`)."""
    if "<table" not in text.lower():
        return []
    out: list[tuple[int, int, str]] = []
    pos = 0
    while (table := _HTML_TABLE_OPEN.search(text, pos)) is not None:
        close = _HTML_TABLE_CLOSE.search(text, table.end())
        end = close.start() if close is not None else len(text)
        pos = close.end() if close is not None else len(text)
        heads: list[str] | None = None
        for row in _HTML_ROW.finditer(text, table.end(), end):
            cells = list(_HTML_CELL.finditer(text, row.start(1), row.end(1)))
            if heads is None:
                if cells and all(c.group(1).lower() == "th" for c in cells):
                    heads = [c.group(2) for c in cells]
                continue
            if len(cells) == len(heads) or wide and len(cells) > len(heads):
                out.extend((c.start(2), c.end(2), head) for c, head in zip(cells, heads, strict=False)
                           if c.end(2) > c.start(2))
    return out


def short_row(row: str, sep: str) -> bool:
    """Whether `row`, a line under a Markdown table's header with fewer cells than it, is one of its rows: a line
    that starts with `|` (GitHub's tables: the missing cells are empty, its cells under the header's first ones;
    fields20). A shorter line of another separator may be prose after the table: it ends it."""
    return sep == "|" and row.lstrip().startswith("|")


def column_cells(text: str, *, single: bool = True, wide: bool = False,
                 any_script: bool = False) -> list[tuple[int, int, str]]:
    """[start, end) and column header of each non-empty cell under a table's header in `text`, however far the
    row is from the header (atk14 B H4). `single`: a Markdown table of one column too (`| phone |`, then its
    `|---|` rule line), and HTML tables (`html_column_cells`). `wide`: a row with more cells than the header (a `|`
    or a `,` inside a cell, a note column the header lacks) is one of the table's rows too, its first cells under
    the header's, as a stream's window reads a row it ends inside (`proxy.guard.headings.closing`; tablesplit16:
    the phone labels' reading, `proxy.guard.keyed.labelled_values`), and a Markdown row with fewer (`short_row`).
    `any_script`: a header's cells in any script (`фамилия,имя`, `姓,名`), not only Latin letters."""
    html = html_column_cells(text, wide=wide) if single else []
    from proxy.nlp.tbl49 import piped  # grid `+===+` rules, Jira `||h||`, MediaWiki `! h !! h` tables (tbl49)
    text = piped(text)
    if "\n" not in text or not any(sep in text for sep in _SEPARATORS):
        return html
    lines = list(_lines(text))
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(lines) - 1:
        off, header = lines[i]
        table = None
        for sep in _SEPARATORS:
            if sep not in header or _LONG_CELL[sep].search(header):
                continue
            heads = _cells(header, sep)
            cell = _ANY_HEADER_CELL if any_script else _HEADER_CELL
            if not all(cell.fullmatch(header[a:b]) for a, b in heads):
                continue
            if len(heads) < 2 and not (single and sep == "|" and header.strip().startswith("|")
                                       and header.strip().endswith("|") and "-" in lines[i + 1][1]
                                       and _BORDER.fullmatch(lines[i + 1][1])):
                continue
            table = (sep, [header[a:b] for a, b in heads])
            break
        if table is None:
            i += 1
            continue
        sep, names = table
        j = i + 1
        while j < len(lines):
            row_off, row = lines[j]
            if sep == "|" and _BORDER.fullmatch(row):
                j += 1
                continue
            cells = _cells(row, sep)
            if (len(cells) != len(names) and not (wide and (len(cells) > len(names) or short_row(row, sep)))
                    or len(names) == 1 and not row.strip().startswith("|")):
                break
            out.extend((row_off + a, row_off + b, name) for (a, b), name in zip(cells, names, strict=False) if b > a)
            j += 1
        i = max(j, i + 1)
    return out + html
