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

Each span is a capitalised value of one to three words (`proxy.nlp.tables._NAME_CELL`); the caller
(`proxy.nlp.pii._name_part_cells`) reads it as PERSON. Each scan is gated by a substring test. Pure functions, CPU
only.
"""

from __future__ import annotations

import re

__all__ = ["name_part_spans"]

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
    return out
