"""A found name's surname left out of its span, and Latin names in CJK text joined by a middle dot (part37, issue 12,
atk36 F10, F08).

- `surnames_after`: a PERSON finding of one or two words (the model read the given name: `OLAMIDE FASHOLA,
  Plaintiff,` sent `<PERSON_1> FASHOLA`; `CN=Olamide Fashola:mailto:`, `Pani Agnieszce Wiśniewskiej` in Polish's
  dative) followed, one space or tab apart on its line, by a name-shaped word written like it (capitalised after a
  capitalised name, in capitals after one in capitals; a hyphenated surname whole: `AL-MANSOURI`, `Smith-Jones`):
  the span runs over that word. Not a stop word, an English noun, adjective or verb, a very common word, a role or
  a company's word (`Plaintiff`, `Defendant`, `Inc`, `Corp`), a technical term, nor a place (except before a
  caption's role: `GEMMA THORNBURY, Plaintiff`). Two PERSON findings joined by a hyphen alone (`<PERSON>-<PERSON>`
  for `RASHID AL-MANSOURI`) are one.
- `cjk_dotted`: capitalised Latin words joined by a middle dot inside CJK text (`Ludmila·Petrova（莫斯科办公室）`),
  where the first is a listed given name or the second a listed surname, or another such pair of the text is a
  PERSON already (a list of attendees): PERSON, unless the second is an English word or a technical term, or a
  CJK word for a thing or a technical noun follows (`Spring·Boot项目`, `iPhone·iPad` stay).

Gated by cheap tests (a PERSON finding; a middle dot and a CJK letter); bounded reads around each finding. Pure
functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.cjk33 import _JOINED, _set_apart, _thing, cjk_hint
from proxy.nlp.comma33 import _replaced
from proxy.nlp.cued import _place
from proxy.nlp.fp34 import term_after

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["cjk_dotted", "surnames_after"]

Result = tuple[str, int, int, float]

_WORD = r"[^\W\d_]{2,}(?:['’][^\W\d_]{2,})?"
_NEXT = re.compile(rf"[ \t](?P<s>{_WORD}(?:-{_WORD})?)(?![\w@.'’-]*[\w@])")
# A caption's role after a party's name (`OLAMIDE FASHOLA, Plaintiff,`): the name before it is a person's or a firm's.
_ROLE = re.compile(r",?[ \t]*(?i:plaintiffs?|defendants?|petitioners?|respondents?|appellants?|appellees?|claimants?"
                   r"|debtors?|creditors?)\b")
# Words after a name that are no surname: roles, a firm's words, honours and generation suffixes.
_NOT_SURNAME = frozenset("""
plaintiff plaintiffs defendant defendants petitioner respondent appellant appellee claimant debtor creditor
inc corp co ltd llc llp plc gmbh ag sa srl bv nv pty kg oy ab as esq jr sr ii iii iv phd md dds cpa mba rn
team group staff dept department office admin support sales
""".split())


def _shaped(word: str, caps: bool) -> bool:
    """Written like the name before it: capitalised after a capitalised one, in capitals after one in capitals."""
    parts = word.replace("’", "'").split("-")
    if caps:
        return word.isupper() and len(word.replace("-", "")) >= 3
    return all(p[:1].isupper() for p in parts) and not word.isupper() and any(c.islower() for c in word)


def _surname_word(word: str, names: NameLists, lex: Lexicon, role: bool) -> bool:
    from proxy.nlp.tech_terms import TECH_TERMS

    for part in word.replace("’", "'").split("-"):
        w = part.lower()
        if w in _NOT_SURNAME or w in lex.stops or names.is_very_common(w) or w in TECH_TERMS:
            return False
        if names.is_name(w) or role:
            continue
        if w in lex.nouns or w in lex.adjectives or w in lex.verbs or names.is_english(w) or _place(w):
            return False
    return True


def surnames_after(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with each PERSON span over the surname that follows it, and PERSON spans joined by a hyphen as one
    (the module's docstring)."""
    persons = [r for r in found if r[0] == "PERSON"]
    if not persons:
        return found
    out = list(found)
    changed = False
    starts = {r[1]: r for r in persons}
    for r in persons:
        joined = starts.get(r[2] + 1)
        if chunk.startswith("-", r[2]) and joined is not None and joined is not r:  # `<PERSON>-<PERSON>`
            out = [o for o in out if o is not r and o is not joined] + [("PERSON", r[1], joined[2],
                                                                           max(r[3], joined[3]))]
            changed = True
    if changed:
        persons = [r for r in out if r[0] == "PERSON"]
    added: list[Result] = []
    widened: list[Result] = []
    for r in persons:
        name = chunk[r[1]:r[2]]
        if not name[:1].isupper() or len(name.split()) > 2 or "\n" in name:
            continue
        m = _NEXT.match(chunk, r[2])
        if m is None:
            continue
        s = m.group("s")
        caps = name.isupper() and len(name) > 1
        if not _shaped(s, caps) or any(o[1] < m.end() and m.start("s") < o[2] for o in out if o is not r):
            continue
        if not _surname_word(s, names, lex, _ROLE.match(chunk, m.end()) is not None):
            continue
        added.append(("PERSON", r[1], m.end(), r[3]))
        widened.append(r)
    return [o for o in out if not any(o is w for w in widened)] + added


def cjk_dotted(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with Latin names joined by a middle dot inside CJK text as PERSON (the module's docstring)."""
    if not any(c in chunk for c in "\u00b7\u30fb\uff65") or not cjk_hint(chunk):
        return found
    pairs = [m for m in _JOINED.finditer(chunk) if m.group(1) and _set_apart(chunk, *m.span(), mark=True)]
    if not pairs:
        return found
    person = [any(r[0] == "PERSON" and r[1] <= m.start() and m.end() <= r[2] for r in found) for m in pairs]
    added: list[Result] = []
    for m, done in zip(pairs, person, strict=True):
        if done:
            continue
        given, surname = chunk[m.start():m.start(1)], chunk[m.end(1):m.end()]
        listed = names.is_any_first(given) or surname.lower() in names.last or any(person)
        if not listed or names.is_english(surname) and surname.lower() not in names.last \
                or _thing(chunk, m.end()) or term_after(chunk, m.end()) or _technical(given, surname):
            continue
        added.append(("PERSON", m.start(), m.end(), 0.85))
    return _replaced(found, added)


def _technical(*words: str) -> bool:
    from proxy.nlp.tech_terms import TECH_TERMS

    return any(w.lower() in TECH_TERMS for w in words)
