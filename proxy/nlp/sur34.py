"""A surname sent beside a redacted given name (sur34, atk33 F04, F08).

- **Key=value surnames** (`kv_surnames`): logfmt `first=David last=Miller`, a form body `fname=David&lname=Miller`, a
  query `family_name=Miller`: the value of a `last=`/`lname=`/`surname=`/`family_name=`/`last_name=` key is PERSON when
  it is a capitalised word that is a surname (no place, no month, no everyday word unless a surname list holds it).
  `last=10`, `lname=settings.json`, `surname=required` go as sent.
- **BibTeX author lists** (`bibtex_names`): `author = {Miller, David and Gonzalez, Maria}`: each `Surname, Given`
  item of an `author`/`editor` field is PERSON (a `Given Surname` item is left to the model). A corporate author
  (`{{Acme Corp}}`, `{Microsoft Research}`) is left.
- **More `Surname, Given` contexts** (`comma_more`, after `proxy.nlp.comma33`): after any one-word label at a line's,
  a sentence's or a `;` item's start (`primary: Kerr, Dana;`, `Approvers: Raman, Priya;`; the label the model read as
  a name, an everyday word, is no name), after a label and an id (`Employee: 00123 Raman, Priya  Dept 40`), before an
  initial (`Kenji R.`), a department in parentheses (`(Legal)`) or a degree (`, PhD`). The given name must be a listed
  one and the surname pass comma33's test, so `Payments, North America` and `Austin, Texas` go as sent.

Pure functions, CPU only; each scan is gated by a cheap substring test and is linear in the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.comma33 import _FIRM, _LIST_NEXT, _NEXT_WORD, _given_ok, _lexical, _pairs, _replaced, _surname_ok

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["bibtex_names", "comma_more", "kv_surnames", "sur34"]

Result = tuple[str, int, int, float]

# ------------------------------------------------------------------------------------------- key=value surnames
_KV = re.compile(r"(?i)(?<![\w-])(?:last|lname|l_name|surname|family[_-]?name|last[_-]?name|lastname)[ \t]?=[ \t]?"
                 r"[\"']?((?-i:[A-Z][a-z]+(?:['’][A-Z]?[a-z]+)?(?:-[A-Z][a-z]+)?))(?![\w.@/:%-])")
_KV_HINT = ("last", "lname", "surname", "family", "LAST", "Last", "Surname", "LNAME")


def kv_surnames(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with a surname key's capitalised value as PERSON (the module's docstring)."""
    if "=" not in chunk or not any(h in chunk for h in _KV_HINT):
        return found
    added = [("PERSON", m.start(1), m.end(1), 0.85) for m in _KV.finditer(chunk)
             if _surname_ok(m.group(1), names, lex) and (m.group(1).lower() in names.last
                                                         or not _lexical(m.group(1), lex))]
    return _replaced(found, added)


# ---------------------------------------------------------------------------------------------- BibTeX authors
_BIB = re.compile(r"(?i)(?<![\w-])(?:author|editor)[ \t]*=[ \t]*[{\"]([^{}\"\n]{1,600})[}\"]")
_AND = re.compile(r"[ \t]+and[ \t]+")
_PART = re.compile(r"(?:(?:von|van|der|den|de|del|della|di|da|du|le|la)[ \t]+)*[A-Z][\w'’.-]*"
                   r"(?:[ \t]+(?:(?:von|van|der|den|de|del|della|di|da|du|le|la)[ \t]+)*[A-Z][\w'’.-]*){0,3}")


def bibtex_names(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with each item of a BibTeX `author`/`editor` field as PERSON (the module's docstring)."""
    if "=" not in chunk or not ("author" in chunk.lower() or "editor" in chunk.lower()):
        return found
    added: list[Result] = []
    for m in _BIB.finditer(chunk):
        base, body = m.start(1), m.group(1)
        pos = 0
        items: list[tuple[int, int]] = []
        for sep in [*_AND.finditer(body), None]:
            end = sep.start() if sep is not None else len(body)
            items.append((pos, end))
            pos = sep.end() if sep is not None else pos
        spans: list[tuple[int, int]] = []
        for a, b in items:
            item = body[a:b].strip()
            if not item or item == "others":
                continue
            lead = a + len(body[a:b]) - len(body[a:b].lstrip())
            parts = [p.strip() for p in item.split(",")]
            if len(parts) == 1:
                continue  # (`Given Surname` is the model's; `{Microsoft Research}` no person)
            if len(parts) > 3 or not all(_PART.fullmatch(p) for p in parts if p) or not parts[0]:
                spans = []
                break
            off = lead
            for p in item.split(","):
                s = off + len(p) - len(p.lstrip())
                if p.strip():
                    spans.append((base + s, base + s + len(p.strip())))
                off += len(p) + 1
        added += [("PERSON", s, e, 0.85) for s, e in spans]
    return _replaced(found, added)


# ------------------------------------------------------------------------------- more `Surname, Given` contexts
_ANY_LABEL = re.compile(r"(?:^|\n|\t|[ \t]{2}|[.;|][ \t]+)[ \t]*([A-Za-z][a-z]{1,20}(?:[ _-][a-z]{1,12})?)"
                        r"[ \t]*:[ \t]*(?:[0-9]{2,10}[ \t]+)?$")
_SEMI_BEFORE = re.compile(r";[ \t]*$")
_AFTER = re.compile(r"(?: [A-Z]\.(?![\w'’-])| \([A-Z][A-Za-z &]{1,30}\)|, (?:PhD|MD|DDS|DO|RN|Esq|Jr|Sr|MBA|CPA)\.?"
                    r"(?![\w'’-]))")
_SEMI_AFTER = re.compile(r"[ \t]*;")


def comma_more(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with each `Surname, Given` in the contexts comma33 leaves (the module's docstring)."""
    if "," not in chunk:
        return found
    added: list[Result] = []
    labels: list[tuple[int, int]] = []
    for m in _pairs(chunk):
        surname, given = m.group(1), m.group(2)
        if surname.lower() == given.lower() or not _surname_ok(surname, names, lex) or not _given_ok(given, names):
            continue
        end = m.end(2)
        before = chunk[max(0, m.start(1) - 48):m.start(1)]
        if m.start(1) <= 48 and not chunk[:m.start(1)].strip():
            before = "\n" + before
        label = _ANY_LABEL.search(before)
        after = _AFTER.match(chunk, end)
        listed = _SEMI_BEFORE.search(before) is not None or _SEMI_AFTER.match(chunk, end) is not None
        if not (label or after or listed) or m.group(3).strip() and after is None \
                or _FIRM.match(chunk, m.end()) is not None or _FIRM.match(chunk, end) is not None \
                or after is None and (_NEXT_WORD.match(chunk, end) is not None
                                      or _LIST_NEXT.match(chunk, end) is not None):
            continue  # (comma33 reads the prose cues; a firm, a place's next word, a list's next item: no person)
        if after is not None and after.group().lstrip().startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) \
                and after.group().rstrip().endswith("."):
            end = after.end()  # the initial `R.` is the name's
        if label is not None:
            w = chunk.rfind(label.group(1), 0, m.start(1))
            if w >= 0 and _lexical(label.group(1), lex) and not names.is_any_first(label.group(1)):
                labels.append((w, w + len(label.group(1))))
        added += [("PERSON", m.start(1), m.end(1), 0.85), ("PERSON", m.start(2), end, 0.85)]
    if labels:
        found = [r for r in found if r[0] != "PERSON" or (r[1], r[2]) not in labels]
    return _replaced(found, added)


def sur34(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` read by this module's three rules (the module's docstring)."""
    return comma_more(chunk, bibtex_names(chunk, kv_surnames(chunk, found, names, lex)), names, lex)
