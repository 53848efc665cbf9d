"""A name's parts in HTML elements and form fields named for them (html38, atk37 F12).

- **Elements** whose `class` or `itemprop` names a part of a person's name (hCard's `given-name`/`family-name`,
  schema.org's `givenName`/`familyName`, `first_name`, `surname`: `proxy.nlp.tables.column_kind` "parts"): each
  piece of text the element holds is PERSON when it is in a name's shape (one to three capitalised words:
  `Abernathy`, `Van Dyke`) and no field's label (`Last name`). Classes that name other things too (`fn`, `ln`,
  `given`, `family`, `first`, `last`, `p-name`) need a listed given name among such pieces; a whole name's element
  (`class="name"`, `itemprop="name"`, `customer-name`: "people") two or three words, a listed given name first and
  no very common word (`<div class="name"><span>Theodora</span><span>Abernathy</span></div>`; `<span
  class="name">Acme Cloud</span>`, `Spring Sale` stay).
- **Form fields**: an `<input>`'s `value` under a `name` or `id` that names a name's part or a person
  (`<input name="lastname" value="Abernathy">`), the same shapes; a `placeholder` is no value, nor a template
  (`value="{{ user.first_name }}"`).

Word runs and RFC 2231 continuations that split a name are read away in the view
(`proxy.nlp.normalize`), where the NER model reads the name whole; where it reads a part only (the rules read the
text as written), a capitalised word that is no very common word in the run after a found name is its surname, a listed
given name in the run before one its given name. Found last (after the rules that drop a
table's words), so they stand. Pure functions, CPU only; a text with no `<` and `=` costs two substring tests.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from proxy.nlp.normalize import styled_joints
from proxy.nlp.tables import column_kind

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["with_html38"]

Result = tuple[str, int, int, float]

# An opening tag with an attribute that may name a name's part (its value read by `column_kind`).
_OPEN = re.compile(r"(?i)<([a-z][\w:-]{0,20})((?:\s+[\w:.-]{1,40}(?:\s*=\s*(?:\"[^\"<>]{0,200}\"|'[^'<>]{0,200}'"
                   r"|[^\s\"'<>=`]{1,200}))?){1,12})\s*/?>")
_ATTR = re.compile(r"(?i)([\w:.-]{1,40})\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'<>=`]+))")
_HINT = re.compile(r"(?i)name|\b(?:fn|ln|given|family|first|last)\b|surname|forename|nachname|vorname|apellido|cognome")
_TEXT = re.compile(r"[^<>]+")
# One to three capitalised words of letters (`Abernathy`, `Van Dyke`, `O'Neil`).
_CELL = re.compile(r"[^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*(?: [^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*){0,2}")
# Class names that name a name's part or a name only beside a listed given name (a function's `fn`, a logarithm's
# `ln`, a list's `first`/`last` item, h-entry's `p-name` title).
_LOOSE = frozenset({"fn", "ln", "fname", "lname", "given", "family", "first", "last", "p-name"})
_REACH = 400  # characters read for an element's content
_VOID = frozenset({"input", "meta", "img", "br", "hr", "link"})


@functools.lru_cache(maxsize=1024)
def _kind(value: str) -> str | None:
    """"parts", "people", "loose" or None for an attribute's value (a class list: any of its tokens)."""
    best = None
    for token in value.split()[:8]:
        t = token.lower()
        if t in _LOOSE:
            best = best or "loose"
            continue
        k = column_kind(token)
        if k == "parts":
            return "parts"
        if k == "people" and t not in ("username", "user-name", "user_name", "user", "login"):
            best = "people"
    return best


@functools.lru_cache(maxsize=256)
def _close(tag: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)</{re.escape(tag)}\s*>")


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stripped pieces of text between tags in text[start:end]."""
    out = []
    for m in _TEXT.finditer(text, start, end):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _shaped(word: str) -> bool:
    return _CELL.fullmatch(word) is not None and column_kind(word) is None


def _listed(names: NameLists, text: str, pieces: list[tuple[int, int]]) -> bool:
    return any(names.is_first(w) for a, b in pieces for w in text[a:b].split())


def _candidates(text: str, names: NameLists) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    loose: list[tuple[int, int]] = []  # `fn`/`ln` pieces: kept where one of them is listed
    for m in _OPEN.finditer(text):
        attrs = m.group(2)
        if not _HINT.search(attrs):
            continue
        tag = m.group(1).lower()
        values: dict[str, str] = {}
        spans: dict[str, tuple[int, int]] = {}
        for a in _ATTR.finditer(attrs):
            g = next(i for i in (2, 3, 4) if a.group(i) is not None)
            values.setdefault(a.group(1).lower(), a.group(g))
            spans.setdefault(a.group(1).lower(), (m.start(2) + a.start(g), m.start(2) + a.end(g)))
        if tag in _VOID:  # a form field: its value under a name that names a part or a person
            kind = _kind(values.get("name", "")) or _kind(values.get("id", ""))
            if tag != "input" or kind is None or "value" not in spans:
                continue
            pieces = _pieces(text, *spans["value"])
        else:
            kind = _kind(values.get("class", "")) or _kind(values.get("itemprop", ""))
            if kind is None:
                continue
            c = _close(tag).search(text, m.end(), m.end() + _REACH)
            if c is None:
                continue
            pieces = _pieces(text, m.end(), c.start())
        pieces = [p for p in pieces if _shaped(text[p[0]:p[1]])]
        if not pieces or len(pieces) > 4:
            continue
        if kind == "parts":
            out += pieces
        elif kind == "loose":
            loose += [p for p in pieces if not _common(names, text, [p])]
        elif _person(names, text, pieces):
            out += pieces
    if loose and _listed(names, text, loose):
        out += loose
    return out


def _common(names: NameLists, text: str, pieces: list[tuple[int, int]]) -> bool:
    return any(names.is_very_common(w) for a, b in pieces for w in text[a:b].split())


def _person(names: NameLists, text: str, pieces: list[tuple[int, int]]) -> bool:
    """A whole name's pieces: two or three words, none a very common word, a listed given name first that is no
    common word (`Ingrid Falkenrath`; not `Spring Sale`, `Acme Cloud`, `Visual Studio Code`)."""
    words = [w for a, b in pieces for w in text[a:b].split()]
    return (2 <= len(words) <= 3 and not _common(names, text, pieces)
            and names.is_first(words[0]) and not names.is_common(words[0]))


# A capitalised word just after or before a Word run's edge (`styled_joints`) or a terminal colour code (`_SGR`: the
# view keeps those as a model reads them, ESC alone removed, so digits inside one are read).
_SGR = re.compile(r"\x1b\[[0-9;:]{0,32}m")
_NEXT_WORD = re.compile(r"[ \t]?([^\W\d_a-z][^\W\d_A-Z][^\W\d_]*(?:['’-][^\W\d_]+)?)(?![\w'’-])")
_NO_SURNAME = frozenset({"inc", "ltd", "llc", "gmbh", "corp", "co", "plc", "jr", "sr", "team", "and"})
_LAST_WORD = re.compile(r"(?:(?<![\w'’-])|(?<=\x1b\[[0-9]m)|(?<=\x1b\[[0-9][0-9]m))([^\W\d_a-z][^\W\d_]+)[ \t]?\Z")


def _beside_joints(chunk: str, found: list[Result], names: NameLists) -> list[tuple[int, int]]:
    """The surname in the next run after a found name (`Dear Rupert</w:t></w:r><w:r><w:t> Ashdown,`, `Rupert\x1b[0m
    Ashdown`): a capitalised word no very common word; and the listed given name in the run before one."""
    out: list[tuple[int, int]] = []
    people = [(r[1], r[2]) for r in found if r[0] == "PERSON"]
    if not people:
        return out
    joints = styled_joints(chunk, 0, len(chunk))
    if "\x1b[" in chunk:
        joints = sorted([*joints, *(m.span() for m in _SGR.finditer(chunk))])
    for a, b in joints:
        if any(e == a for _, e in people):
            m = _NEXT_WORD.match(chunk, b)
            word = m.group(1) if m is not None else ""
            if m is not None and not names.is_very_common(word) and word.lower() not in _NO_SURNAME \
                    and column_kind(word) is None:
                out.append(m.span(1))
        if any(s == b or s == b + 1 and chunk[b] in " \t" for s, _ in people):
            m = _LAST_WORD.search(chunk, max(0, a - 40), a)
            if m is not None and names.is_first(m.group(1)) and not names.is_common(m.group(1)):
                out.append(m.span(1))
    return out


def with_html38(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the name's parts of `chunk`'s elements and form fields named for them, and a name's part in the
    next or the last Word run or beside a colour code (the module's doc)."""
    spans: list[tuple[int, int]] = []
    if "<" in chunk and "=" in chunk:
        spans += _candidates(chunk, names)
    if "</w:t>" in chunk or "\x1b[" in chunk:
        spans += _beside_joints(chunk, found, names)
    added = [("PERSON", a, b, 0.85) for a, b in spans
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    return found + added if added else found
