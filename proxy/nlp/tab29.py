"""Tables whose column headers name a phone number or an SSN in other words or other layouts (issue 12, atk28
F17/F21): the values under such a header, read after the type's word as `proxy.guard.keyed.labelled_values` reads a
`| name | phone |` column's.

- Layouts (F17): box-drawing tables (DuckDB's and polars' prints, `rich`/`tabulate` grids: `│ ssn │`, `┆`, `║`),
  read as `|` tables (`proxy.nlp.tables.column_cells`) after a length-preserving translation of their rule and
  separator characters; fixed-width tables (pandas' `df.head()`, `pdftotext -layout`, terminal reports): a header
  line of two or more header-like cells apart by two or more spaces, at least one of them naming a phone number or
  an SSN, and the lines under it to the first blank line, each word of a row under the header cell it overlaps most
  (right-aligned numbers under a short header), else the nearest.
- Header words (F21), for every table format alike: qualifiers in brackets dropped (`SSN (full)`, `Mobile
  (personal)`), `#` read as `number` (`Home #`, `Ph#`, `SS#`), a header of alternatives read by each (`Phone/
  WhatsApp`), the phone words of other languages and everyday ones (`Contact Number`, `Callback`, `Tél.`, `Mob`,
  `Celular`), and `Social` an SSN's header when the cell is nine digits (or 3-2-4 groups).

Only values with digits are read, each still checked by its recognizer (an SSN by the SSA's rules, a phone number
by `phonenumbers`): tables of order ids, build numbers, counts and timestamps, under headers that name no phone
number or SSN, are left alone. Gated by a digit, a line break and a header word in the text. Pure functions.
"""

from __future__ import annotations

import re

from proxy.nlp.tables import column_cells, lines_at

Found = tuple[int, int, str]

# Box-drawing rules and separators to `|` tables' (`+`, `-`, `|`); `#` to a word character, so that `Home #` is a
# header cell to `column_cells` (the translation keeps every offset).
_BOX = str.maketrans({**dict.fromkeys("┌┬┐├┼┤└┴┘╞╪╡╒╤╕╘╧╛╔╦╗╠╬╣╚╩╝╭╮╰╯┏┳┓┣╋┫┗┻┛┡╇┩┢╈┪", "+"),
                      **dict.fromkeys("─═━┄┈╌┅┉", "-"), **dict.fromkeys("│┆┃║┊╎┇┋", "|"), "#": "º"})
_BOX_CHARS = re.compile(r"[│┆┃║┊╎┇┋]")
_GATE = re.compile(r"(?i)phone|tel|tél|cell|mob|fax|whats|ssn|social|contact|callback|#|land|celular|handy|móvil|movil"
                   r"|ph\b|ss\b|numéro|numero|sms|pager")
_WORD = re.compile(r"[^\W\d_]+")
_PAREN = re.compile(r"\([^()]*\)")
# Words that make a header a phone number's: alone, or as its last word before `number`/`no`/`#`.
_PHONE = frozenset("""
phone phones telephone telephones tel tél tlf telefon telefono teléfono telefone téléphone telefoon telefonnummer
cell cellphone cellular mobile mobiles mob mobil móvil movil celular cel handy portable fax whatsapp landline
callback contact sms ph phn pager
""".split())
# Words that make a header a phone number's before `number` or `#` (`Home #`, `Contact no.`, `Primary number`).
_PHONE_BEFORE_NUMBER = frozenset("home work office primary personal direct private business contact callback call "
                                 "emergency alternate alt day evening night".split())
_NUMBER = frozenset({"number", "numbers", "no", "nos", "nr", "num", "nbr", "º"})
_SSN = frozenset({"ssn", "ssns"})
_NINE = re.compile(r"[0-9]{9}|[0-9]{3}[ .-][0-9]{2}[ .-][0-9]{4}")


def header_types(header: str, cell: str = "") -> list[str]:
    """The types (`PHONE_NUMBER`, `US_SSN`) a table column's `header` names (see the module's docstring); `cell`:
    the value under it (`Social` names an SSN only over nine digits)."""
    out: list[str] = []
    for part in re.split(r"[/&]|\bor\b", _PAREN.sub(" ", header[:64].lower().replace("º", "#"))):
        numbered = "#" in part
        words = _WORD.findall(part)
        while words and words[-1] in _NUMBER:
            words.pop()
            numbered = True
        if not words:
            continue
        head = words[-1]
        if head in _PHONE or numbered and head in _PHONE_BEFORE_NUMBER:
            kind = "PHONE_NUMBER"
        elif head in _SSN or numbered and head == "ss" or head == "security" and "social" in words \
                or head == "social" and _NINE.fullmatch(cell.strip()) is not None:
            kind = "US_SSN"
        else:
            continue
        if kind not in out:
            out.append(kind)
    return out


def _prepared(text: str) -> str:
    return text.translate(_BOX) if _BOX_CHARS.search(text) or "#" in text else text


def table_values(text: str, wanted: frozenset[str]) -> list[Found]:
    """(start, end, type) of each value with digits under a column header that names its type among `wanted`: in a
    box-drawing or fixed-width table, or under a header `proxy.guard.keyed.headed` does not read (`named`: whether
    `headed` reads a header; those cells are left to it)."""
    from proxy.guard.keyed import MAX_VALUE, headed

    if "\n" not in text or not any(c.isdigit() for c in text) or _GATE.search(text) is None:
        return []
    prepared = _prepared(text)
    out: list[Found] = []
    boxed = prepared is not text and _BOX_CHARS.search(text) is not None
    for a, b, header in column_cells(prepared, wide=True):
        if b - a > MAX_VALUE or not any(c.isdigit() for c in text[a:b]):
            continue
        original = header.replace("º", "#")
        if not boxed and "º" not in header and headed(original):
            continue  # read by `labelled_values` itself
        out.extend((a, b, entity) for entity in header_types(original, text[a:b]) if entity in wanted)
    if "  " in text:
        out.extend(found for found in _fixed_width(text) if found[2] in wanted)
    return out


_SPACED_CELL = re.compile(r"\S+(?: \S+)*")
_HEADER_CELL = re.compile(r"[^\W\d_][\w .\-/()º]{0,40}")
_RULE = re.compile(r"[\s\-=+_:]+")
MAX_ROWS = 2000


def fixed_width_cells(text: str) -> list[tuple[int, int, str]]:
    """[start, end) and header of each cell of a fixed-width table in `text` that has a phone or an SSN column (see
    the module's docstring): a cell is the words of a row under one header cell, when no two spaces part them."""
    if "\n" not in text or "  " not in text or _GATE.search(text) is None or not any(c.isdigit() for c in text):
        return []
    text = _prepared(text)
    out: list[tuple[int, int, str]] = []
    lines = lines_at(text)
    i = 0
    while i < len(lines) - 1:
        _, header = lines[i]
        i += 1
        if "  " not in header or "|" in header or "\t" in header or len(header) > 400:
            continue
        heads = [(m.start(), m.end(), m.group().replace("º", "#")) for m in _SPACED_CELL.finditer(header)]
        if len(heads) < 2 or not all(_HEADER_CELL.fullmatch(h.replace("#", "º")) for _, _, h in heads) \
                or not any(header_types(h, "000000000") for _, _, h in heads):
            continue
        j = i
        while j < len(lines) and j - i < MAX_ROWS:
            row_off, row = lines[j]
            if not row.strip() or "|" in row or "\t" in row:
                break
            j += 1
            if _RULE.fullmatch(row):
                continue
            columns: dict[int, list[tuple[int, int]]] = {}
            for m in re.finditer(r"\S+", row):
                a, b = m.span()
                best = max(range(len(heads)), key=lambda k: (min(b, heads[k][1]) - max(a, heads[k][0]),
                                                             -abs((a + b) - (heads[k][0] + heads[k][1]))))
                columns.setdefault(best, []).append((a, b))
            for k, words in columns.items():
                a, b = words[0]
                for c, d in [*words[1:], (len(row) + 2, len(row) + 2)]:
                    if c == b + 1:
                        b = d
                        continue
                    if b - a <= 80:
                        out.append((row_off + a, row_off + b, heads[k][2]))
                    a, b = c, d
        i = max(i, j)
    return out


def _fixed_width(text: str) -> list[Found]:
    """The values under a fixed-width table's phone or SSN columns (see the module's docstring)."""
    out: list[Found] = []
    for a, b, header in fixed_width_cells(text):
        value = text[a:b]
        if b - a <= 40 and any(c.isdigit() for c in value):
            out.extend((a, b, entity) for entity in header_types(header, value))
    return out
