"""Parts of a person's name in XML attributes, namespaced XML elements and nested JSON values (atk31 F13, F14, F10).

- XML attributes (F13): `<contact firstName="Kenji" lastName="Watanuki"/>`, `surname=`, `givenName=`, `first_name=`
  (`proxy.nlp.tables.column_kind` "parts") hold a part of a name alone; `first=`/`last=` and `given=`/`family=`
  only beside their partner in the same tag, both values capitalised name-shaped words, and the tag names a
  person (`<contact>`, `<person>`: column_kind "people"), or the first is a listed given name and the other no very
  common word (`<row first="Dmitri" last="Volkov"/>`). So `<page first="Alpha" last="Omega"/>`, `first="1"`,
  `last="true"` are none.
- Namespaced XML elements (F14): `<wd:First_Name>`, `<ns1:surname>`, NIEM `<nc:PersonGivenName>`/`<nc:PersonSurName>`
  read as the same element without its prefix (`proxy.nlp.tables.name_part_cells`).
- HubSpot's nested properties (F10): `{"lastname": {"value": "Raman"}}`.
- RFC 2047 encoded words as a mail's display name (F8): `To: =?UTF-8?Q?Priya_Raman?= <p@x.io>` (and `?B?`), read
  decoded as `proxy.nlp.mailnames` reads `To: Priya Raman <p@x.io>`: the encoded text between `?Q?` and `?=` is the
  name (`encoded_name_spans`).
- A table's `Name` column beside a given-name column (F10: German Excel's `Name;Vorname;Telefon`, French
  `Nom;Prénom`): the surname's column, each capitalised cell a surname (`Raman;Priya;0301234567`).

Each span is a capitalised value of one to three words (`proxy.nlp.tables._NAME_CELL`); the caller
(`proxy.nlp.pii._name_part_cells`) reads it as PERSON. Each scan is gated by a substring test. Pure functions, CPU
only.
"""

from __future__ import annotations

import base64
import functools
import quopri
import re

from proxy.nlp.names import NameLists

__all__ = ["encoded_name_spans", "name_part_spans"]

# A start tag whose attributes are all quoted; each attribute of it.
_TAG = re.compile(r"<([A-Za-z][\w.:-]{0,40})"
                  r"((?:\s+[A-Za-z][\w.:-]{0,40}\s*=\s*(?:\"[^\"<>\n]{0,80}\"|'[^'<>\n]{0,80}')){1,20})\s*/?>")
_ATTR = re.compile(r"([A-Za-z][\w.:-]{0,40})\s*=\s*(?:\"([^\"<>\n]{0,80})\"|'([^'<>\n]{0,80})')")
_PAIRS = {"first": "last", "last": "first", "given": "family", "family": "given"}
_NS_ELEMENT = re.compile(r"<([A-Za-z][\w.-]{0,30}):([A-Za-z][\w-]{0,40})(?:\s[^<>]{0,200})?>\s*([^<>\n]{1,80}?)\s*"
                         r"</\1:\2\s*>")
_NESTED = re.compile(r"\"(firstname|lastname|first_name|last_name|surname|givenname|familyname)\"\s*:\s*\{\s*"
                     r"\"value\"\s*:\s*\"([^\"\\\n]{1,80})\"", re.IGNORECASE)


def _local(tag: str) -> str:
    return tag.rsplit(":", 1)[-1]


@functools.lru_cache(maxsize=4096)
def _part_key(name: str) -> bool:
    """Whether an attribute's or an element's local name names a part of a name alone (`surname`, `First_Name`,
    NIEM's `PersonSurName`)."""
    from proxy.nlp.tables import column_kind

    low = name.lower()
    if low.startswith("person") and len(low) > 6:
        name = name[6:]
    return column_kind(name) == "parts"


def _attr_spans(text: str) -> list[tuple[int, int]]:
    from proxy.nlp.names import name_lists
    from proxy.nlp.tables import _NAME_CELL, column_kind

    out: list[tuple[int, int]] = []
    for tag in _TAG.finditer(text):
        attrs: dict[str, tuple[int, int]] = {}
        for m in _ATTR.finditer(text, tag.start(2), tag.end(2)):
            group = 2 if m.group(2) is not None else 3
            attrs[_local(m.group(1)).lower()] = m.span(group)
            if _part_key(_local(m.group(1))) and _NAME_CELL.fullmatch(m.group(group)):
                out.append(m.span(group))
        for key, partner in _PAIRS.items():
            if key not in attrs or partner not in attrs or key in ("last", "family"):
                continue
            spans = [attrs[key], attrs[partner]]
            values = [text[a:b] for a, b in spans]
            if not all(_NAME_CELL.fullmatch(v) and " " not in v for v in values):
                continue
            names = name_lists()
            if column_kind(_local(tag.group(1))) == "people" \
                    or names.is_any_first(values[0]) and not names.is_very_common(values[1]):
                out.extend(spans)
    return out


# Headers of a given name's column; beside one, a column headed `Name` (`Nom`) holds the surnames.
_GIVEN_HEADERS = frozenset({"vorname", "prenom", "prénom", "firstname", "first_name", "first name", "forename",
                            "givenname", "given_name", "given name", "nombre", "nome"})
_SURNAME_HEADERS = frozenset({"name", "nom", "apellido", "apellidos", "cognome"})
_GIVEN_GATE = re.compile(r"(?i)vorname|pr[eé]nom|first|forename|given|nombre|nome\b")


def _surname_column(text: str) -> list[tuple[int, int]]:
    """The capitalised cells under a `Name` header whose own header line names a given name's column too, down to
    the first row of another number of cells."""
    from proxy.nlp.tables import _NAME_CELL, _cells, lines_at

    out: list[tuple[int, int]] = []
    lines = lines_at(text)
    for i, (_, header) in enumerate(lines):
        for sep in (";", ",", "\t", "|"):
            if sep not in header:
                continue
            heads = [header[a:b].strip().lower() for a, b in _cells(header, sep)]
            if not set(heads) & _GIVEN_HEADERS:
                continue
            columns = [n for n, h in enumerate(heads) if h in _SURNAME_HEADERS]
            for off, row in lines[i + 1:]:
                cells = _cells(row, sep)
                if len(cells) != len(heads):
                    break
                out.extend((off + cells[n][0], off + cells[n][1]) for n in columns
                           if cells[n][1] - cells[n][0] > 1 and _NAME_CELL.fullmatch(row[cells[n][0]:cells[n][1]]))
            break
    return out


def name_part_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) in `text` of the values that hold a part of a person's name (see the module's docstring)."""
    from proxy.nlp.tables import _NAME_CELL

    out: list[tuple[int, int]] = []
    if "<" in text and "=" in text:
        out += _attr_spans(text)
    if ":" in text and "</" in text:
        out += [m.span(3) for m in _NS_ELEMENT.finditer(text)
                if _part_key(m.group(2)) and _NAME_CELL.fullmatch(m.group(3))]
    if "{" in text and '"value"' in text:
        out += [m.span(2) for m in _NESTED.finditer(text) if _NAME_CELL.fullmatch(m.group(2))]
    if "\n" in text and _GIVEN_GATE.search(text) is not None:
        out += _surname_column(text)
    return out


# An encoded word right before `<local@domain>`: a display name (its `_` may reach the analysis as spaces).
_ENCODED_MAILBOX = re.compile(r"=\?([A-Za-z0-9_.:-]{1,40})(?:\*[A-Za-z-]{1,20})?\?([QqBb])\?([^?\n]{1,400})\?="
                              r"[ \t]*<([^<>@\s\"]{1,64})@([^<>\s\"]{1,255})>")


def _decoded(charset: str, kind: str, body: str) -> str | None:
    from proxy.nlp.mime39 import codec_of  # (mime39: GB2312 as GB18030, Shift_JIS as cp932...)

    charset = codec_of(charset) or charset
    try:
        if kind in "Bb":
            return base64.b64decode(body + "=" * (-len(body) % 4), validate=True).decode(charset)
        return quopri.decodestring(body.encode("ascii"), header=True).decode(charset)  # (mime39: byte by byte)
    except (ValueError, UnicodeDecodeError, LookupError):
        return None


def encoded_name_spans(text: str, names: NameLists) -> list[tuple[int, int]]:
    """[start, end) of each RFC 2047 encoded word's text that is a person's display name before `<address>`
    (`proxy.nlp.mailnames.person_name` of what it decodes to)."""
    from proxy.nlp.mailnames import person_name
    from proxy.nlp.mime39 import cjk_name  # (mime39: `=?ISO-2022-JP?B?...?=` of 渡辺裕子)

    out: list[tuple[int, int]] = []
    for m in _ENCODED_MAILBOX.finditer(text):
        value = _decoded(m.group(1), m.group(2), m.group(3))
        if value is not None and value.isprintable() \
                and (person_name(names, value.strip().strip('"'), m.group(4), m.group(5))
                     or cjk_name(value.strip())):
            out.append(m.span(3))
    return out
