"""A found name's surname left out of its span, and Latin names in CJK text joined by a middle dot (part37, issue 12,
atk36 F10, F08).

- `surnames_after`: a PERSON finding of one or two words (the model read the given name: `OLAMIDE FASHOLA,
  Plaintiff,` sent `<PERSON_1> FASHOLA`; `CN=Olamide Fashola:mailto:`, `Pani Agnieszce Wiśniewskiej` in Polish's
  dative) followed, one space or tab apart on its line, by a name-shaped word written like it (capitalised after a
  capitalised name, in capitals after one in capitals; a hyphenated surname whole: `AL-MANSOURI`, `Smith-Jones`):
  the span runs over that word. Not a stop word, an English noun, adjective or verb, a very common word, a role or
  a company's word (`Plaintiff`, `Defendant`, `Inc`, `Corp`), a technical term, nor a place (except before a
  caption's role: `GEMMA THORNBURY, Plaintiff`). Two PERSON findings joined by a hyphen alone (`<PERSON>-<PERSON>`
  for `RASHID AL-MANSOURI`) are one; a listed given name right before a one-word finding joins it (`Dmitriy` +
  `Kovalenko`). A caption's party in capitals before its role (`TOMASZ WRÓBLEWSKI, Petitioner,`) with a listed
  name among its words (or none an English word: `ADEBAYO OGUNDIPE`) and no firm's, role's, stop or place word
  (`STATE OF NEW YORK, Respondent` stays).
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
from proxy.nlp.normalize import _CONFUSABLE

if TYPE_CHECKING:
    from proxy.nlp.everyday16 import Lexicon
    from proxy.nlp.names import NameLists

__all__ = ["cjk_dotted", "surnames_after"]

Result = tuple[str, int, int, float]

_WORD = r"[^\W\d_]{2,}(?:['’][^\W\d_]{2,})?"
_NEXT = re.compile(rf"[ \t](?P<s>{_WORD}(?:-{_WORD})?)(?![\w@.'’-]*[\w@])")
_HYPHENED = re.compile(rf"-(?P<s>{_WORD})(?![\w@.'’-]*[\w@])")  # (`HADDAD` + `-NASSAR`)
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
        if _word(w, lex) or names.is_english(w) or _place(w):
            return False
    return True


def surnames_after(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with each PERSON span over the surname that follows it, and PERSON spans joined by a hyphen as one
    (the module's docstring)."""
    if "," in chunk and _ROLE.search(chunk) is not None:
        found = _captions(chunk, found, names, lex)
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
        m = _NEXT.match(chunk, r[2]) or _HYPHENED.match(chunk, r[2])
        if m is None:
            continue
        s = m.group("s").translate(_CONFUSABLE)
        caps = name.isupper() and len(name) > 1
        if not _shaped(s, caps) or any(o[1] < m.end() and m.start("s") < o[2] for o in out if o is not r):
            continue
        if not _surname_word(s, names, lex, _ROLE.match(chunk, m.end()) is not None) \
                or not caps and _german(chunk, r[1], lex):
            continue
        added.append(("PERSON", r[1], m.end(), r[3]))
        widened.append(r)
    out = [o for o in out if not any(o is w for w in widened)] + added
    return _given_before(chunk, _framed_caps(chunk, out, names, lex), names, lex)


_BEFORE = re.compile(r"(?<![\w@.'’-])([^\W\d_]{3,})[ \t]$")
# A name's part in capitals inside a bank narration's frame (upper38): the word after the name, then the frame's end
# (two blanks, a `/` key, a line's end, a digit); the word before it after the frame's start (a line's start, two
# blanks, `/`, `:`, `=`).
_CAPS_AFTER = re.compile(r"[ \t](?P<s>[A-Z][A-Z'’-]*[A-Z])(?=[ \t]*(?:/|\r?\n|$|[,;])|[ \t]{2}|[ \t]+\d)")
_CAPS_BEFORE = re.compile(r"(?:^|[/:=]|[ \t]{2})[ \t]*(?P<s>[A-Z][A-Z'’-]*[A-Z])[ \t]\Z")
# A name cut after a particle (`P VAN DER` + `BERGHE`, `Jan van der` + `Berghe`).
_PARTICLE_END = re.compile(r"(?i)(?:^|[ \t])(?:van|von|der|den|de|la|le|del|della|di|da|du|dos|ten|ter|bin|binti"
                           r"|al|el|ibn)\Z")
_NEXT_WORD = re.compile(rf"[ \t](?P<s>(?=[^\W\d_a-z]){_WORD}(?:-{_WORD})?)(?![\w@.'’-]*[\w@])")
# Words of a bank narration that are no name (German, French, Dutch, English statements).
_NARRATION = frozenset("""
lastschrift folgelastschrift gutschrift ueberweisung überweisung dauerauftrag kartenzahlung abschluss entgelt
sepa svwz eref mref kref cred abwa abwe iban bic vir prlv recu reçu emis émis motif ref virement prelevement
prélèvement paiement carte retrait naam omschrijving betaling incasso overboeking pos atm ach fee payment transfer
""".split())


def _framed_caps(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with a name in capitals over its other part in a bank narration's frame (`Lastschrift  SCHNEIDER
    KATHARINA  SVWZ+`, `/DE ELODIE FAURE /MOTIF`), and a name cut after a particle over the word after it (`P VAN
    DER BERGHE`)."""
    out: list[Result] = []
    for r in found:
        name = chunk[r[1]:r[2]]
        if r[0] != "PERSON" or "\n" in name or len(name.split()) > 3:
            out.append(r)
            continue
        a, b = r[1], r[2]
        if _PARTICLE_END.search(name) and (m := _NEXT_WORD.match(chunk, b)) is not None \
                and (m.group("s").isupper() or not name.isupper()):
            b = m.end()
        elif name.isupper() and any(_given(w, names) for w in name.split()):
            after = _CAPS_AFTER.match(chunk, b)
            if after is not None and _framed_part(after.group("s"), names, lex):
                b = after.end("s")
            line = chunk.rfind("\n", 0, a) + 1
            before = _CAPS_BEFORE.search(chunk[line:a])
            if before is not None and _framed_part(before.group("s"), names, lex):
                a = line + before.start("s")
        if (a, b) != (r[1], r[2]) and not any(o[1] < b and a < o[2] for o in found if o is not r):
            r = ("PERSON", a, b, r[3])
        out.append(r)
    return out


def _framed_part(word: str, names: NameLists, lex: Lexicon) -> bool:
    """A word in capitals that can be a name's part beside a listed given name in a narration: no stop word, English
    noun, adjective or verb, very common word, firm's, narration's or technical word, place or brand."""
    from proxy.nlp.bank33 import _FIRM
    from proxy.nlp.caps31 import BRANDS
    from proxy.nlp.tech_terms import TECH_TERMS

    w = word.lower().replace("’", "'")
    return len(w) >= 3 and all(p and p not in _NOT_SURNAME and p not in _FIRM and p not in _NARRATION
                               and p not in TECH_TERMS and not _plain_word(p, names, lex)
                               and not names.is_very_common(p) and not _place(p) for p in w.split("-")) \
        and (w,) not in BRANDS


def _given_before(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    """`found` with each PERSON span of one word over the listed given name right before it (`Ask Dmitriy` +
    `Kovalenko` where the model read the surname alone)."""
    out: list[Result] = []
    for r in found:
        name = chunk[r[1]:r[2]]
        if r[0] == "PERSON" and " " not in name and name[:1].isupper():
            m = _BEFORE.search(chunk, max(0, r[1] - 40), r[1])
            w = m.group(1).translate(_CONFUSABLE) if m is not None else ""  # (`Dmitrіy`, Ukrainian `і`: F17)
            if m is not None and _shaped(w, name.isupper()) and "-" not in w and _given(w, names) \
                    and not _word(w.lower(), lex) \
                    and not any(o[1] < r[1] and m.start(1) < o[2] for o in found if o is not r):
                r = ("PERSON", m.start(1), r[2], r[3])
        out.append(r)
    return out


_LOWER_WORD = re.compile(r"(?<![^\W\d_])[a-zäöüß]+(?![^\W\d_])")


def _german(chunk: str, at: int, lex: Lexicon) -> bool:
    """German around `at` (a German stop word that is no English one near it): its nouns are capitalised
    (`Ich habe Hondas Bericht gelesen`), no surname's sign."""
    near = _LOWER_WORD.findall(chunk, max(0, at - 80), at + 80)
    return any(w in lex.german and w not in lex.stops for w in near)


def _plain_word(w: str, names: NameLists, lex: Lexicon) -> bool:
    """`_word`, where a listed surname WordNet holds as a noun alone (a famous bearer's entry: `weber`, `hoffmann`,
    `fitzgerald`) and no English word list holds is no plain word (lower case)."""
    return _word(w, lex) and not (w in names.last and not names.is_english(w) and w not in lex.stops
                                  and w not in lex.adjectives and w not in lex.verbs)


def _given(word: str, names: NameLists) -> bool:
    """A listed given name (any list's, or a transliterated Russian or Ukrainian one: `Dmitriy`)."""
    from proxy.nlp.cjk35 import _GIVEN

    return names.is_any_first(word) or word.lower() in _GIVEN


def _word(w: str, lex: Lexicon) -> bool:
    """An English stop word, noun, adjective or verb (lower case)."""
    return w in lex.stops or w in lex.nouns or w in lex.adjectives or w in lex.verbs


# A caption's party in capitals before its role (`TOMASZ WRÓBLEWSKI, Petitioner,`, `IN RE: FATIMA EL-AMRANI,
# Debtor.`): two to four words, one a listed name, none a firm's, a role's or a stop word (`STATE OF NEW YORK`).
_CAPTION = re.compile(r"(?m)^[ \t]*(?:IN[ \t]+RE:?[ \t]+)?(?P<n>[^\W\d_a-z][^\W\d_a-z'’-]+"
                      r"(?:[ \t]+[^\W\d_a-z][^\W\d_a-z'’.-]*){1,3})(?=" + _ROLE.pattern + ")")


def _captions(chunk: str, found: list[Result], names: NameLists, lex: Lexicon) -> list[Result]:
    added: list[Result] = []
    for m in _CAPTION.finditer(chunk):
        words = [w.strip(".") for w in m.group("n").split()]
        parts = [p for w in words for p in w.split("-")]
        if not all(w.isupper() for w in words) or not any(names.is_name(p) or _given(p, names) for p in parts) \
                and any(names.is_english(p) for p in parts) \
                or any(w.lower() in _NOT_SURNAME or w.lower() in lex.stops or _place(w)
                       or _word(w.lower(), lex) and not _given(w, names) for w in words):
            continue
        a, b = m.span("n")
        if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found) \
                and not any(r[0] != "PERSON" and r[1] < b and a < r[2] for r in found):
            added.append(("PERSON", a, b, 0.85))
    return _replaced(found, added)


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
