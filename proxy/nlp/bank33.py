"""A person's name in a bank statement's or an interchange's party field (bank33, atk31 F5, F13, F18):

- QIF (`!Type:Bank`): a record's `P` line (the payee), in a record with a `D` (date) or `T` (amount) line, in a text
  with a `!Type:` header or a record's `^` end (`PPriya Raman`);
- MT940 `:86:` structured fields: the counterparty's name `?32` (with its continuation `?33`: one 27-character line
  cut, joined as written), and in the remittance lines `?20`-`?29` the value of a SEPA name key (`ABWA+`, `ABWE+`:
  the ultimate debtor's or creditor's name) or a listed given name and a surname (`?21SVWZ+Miete Priya Raman`);
- CAMT.053/054 and pain XML: the `<Nm>` of a party (`<Dbtr>`, `<Cdtr>`, `<UltmtDbtr>`, `<UltmtCdtr>`, `<Ownr>`, their
  `<Pty>`), namespace prefixes allowed;
- UN/EDIFACT `CTA` (`CTA+IC+:Priya Raman'`) and `NAD` party names (C080, `NAD+BY+++Watanuki:Kenji+...`,
  `NAD+BY+++Dmitri Volkov+...`), mixed case or capitals, beside what `proxy.nlp.edi31` reads.

Each field's value is a person's name where it reads as one (`person_value`): two to four letter words, a given name
(listed, or a given name of any list that is no everyday English word) then a surname (no everyday word; listed, or no
common English word), or `Surname, Given`; no word of a company, a department or a site (`Whole Foods Market`,
`Stadtwerke Muenchen GmbH`, `Lincoln Financial`, `Accounts Receivable`) and no merchant named after a person
(`caps31.BRANDS`, `Jackson Hewitt`). A firm's value stays as sent, and a PERSON finding inside a value with a company's
word is dropped (`Lincoln` of `Lincoln Financial`). A name's placeholder stands for the value alone: a finding that
swallowed a QIF line's code (`PPriya`) or an MT940 subfield's number starts at the value, and the NER's readings of an
EDIFACT segment's tag and qualifier (`CTA+IC+`), of a QIF line's code and one everyday word (`MRent`) and of an XML
tag's name (`</Cdtr>`, beside a party's `<Nm>`) are dropped.

Names in an answer are read so where the policy screens PERSON on output (the default policy does not): whole, and in a
stream, whose windows end at each line, with the lines its field released before (`proxy.guard.strm33`). Gated by
substrings (`\\nP` with a `^` line or `!Type:`, `:86:`, `Nm>`, `CTA+`/`NAD+`); pure functions, CPU only.
"""

from __future__ import annotations

import re

from proxy.nlp.caps31 import BRANDS, COMPANY_WORDS
from proxy.nlp.names import NameLists

__all__ = ["person_value", "with_bank33"]

Result = tuple[str, int, int, float]

_SCORE = 0.85
# A word of a name: letters, an apostrophe or a hyphen inside (`O'Neil`, `Smith-Jones`), an initial's dot.
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*\.?")
# What a person's value is written with: letters, blanks, `.`, `,`, `'`, `-`.
_VALUE = re.compile(r"[^\W\d_][^\W\d_ .,'’-]*(?:[ .,'’-]+[^\W\d_][^\W\d_ .,'’-]*)*\.?")
# Words of a firm, a department or a site beside caps31's company words (German and Dutch statements too).
_FIRM = COMPANY_WORDS | frozenset("""
dept department billing customer support office center centre desk team unit claims enrollment eligibility
provider relations help helpdesk accounts account payable receivable admin administration edi sales operations
purchasing procurement logistics shipping receiving warehouse dispatch accounting treasury payroll hr human
resources manager contact info limited plc gmbh ag sa sarl srl spa bv nv oy ab kg ohg ev mbh kgaa trust fund
hospital health healthcare university school college foundation association society church council city county
state ministry government tax taxes service services systems solutions technologies industries international
energy electric power utilities utility water gas oil telecom telekom mobile wireless cable media airlines airways
travel tickets ticket parking transit rail bahn post versicherung sparkasse volksbank raiffeisenbank finanzamt
stadtwerke stadt gemeinde verein apotheke markt baeckerei bakery supermarkt lebensmittel versand handel
miete strom gehalt lohn rente kindergeld hausverwaltung verwaltung immobilien versorgung werke
""".split())
# Merchants and firms named after people that statements write without a company's word.
_PEOPLE_FIRMS = frozenset(tuple(b.split()) for b in """
jackson hewitt|ben franklin|victoria secret|victorias secret|marks spencer|jenny craig|bob evans
|carl zeiss|ernst young|bain company|louis vuitton|coco chanel|bobbi brown|ben jerry|dolce gabbana|orange julius
""".replace("\n", "").split("|")) | BRANDS


def _given(names: NameLists, lex: object, word: str) -> bool:
    w = word.lower()
    if names.is_first(w):
        return True
    return names.is_any_first(w) and not (names.is_very_common(w) and names.is_english(w)) \
        and not any(w in getattr(lex, kind, ()) for kind in ("adjectives", "verbs", "stops"))


def _given_of(names: NameLists, lex: object, given: str, surname: str) -> bool:
    """`given` is a given name, or a given name of any list before a surname no word list holds (`Chloe
    Thorvaldsen`)."""
    return _given(names, lex, given) or names.is_any_first(given) and not names.is_common(surname) \
        and not names.is_name(surname) and len(surname) >= 4


def _surname(names: NameLists, lex: object, word: str) -> bool:
    w = word.lower().replace("’", "'")
    if len(w.rstrip(".")) < 2 or w in _FIRM or any(w in getattr(lex, kind, ()) for kind in ("adjectives", "verbs",
                                                                                            "stops")):
        return False
    if names.is_name(w):
        return True
    return not names.is_very_common(w) and not (w in getattr(lex, "nouns", ()) and names.is_english(w))


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def person_value(value: str, names: NameLists, lex: object = None) -> bool:
    """Whether a party field's whole value reads as a person's name (see the module's docstring)."""
    value = value.strip()
    if not 3 <= len(value) <= 70 or _VALUE.fullmatch(value) is None:
        return False
    words = _WORD.findall(value)
    low = [w.lower().rstrip(".").replace("’", "'").removesuffix("'s") for w in words]
    if not 2 <= len(words) <= 4 or any(w in _FIRM for w in low):
        return False
    if any(tuple(low[i:i + n]) in _PEOPLE_FIRMS for n in (1, 2) for i in range(len(low) - n + 1)):
        return False
    if value.count(",") == 1:  # `Raman, Priya`
        head, tail = value.split(",")
        hw, tw = _WORD.findall(head), _WORD.findall(tail)
        return 1 <= len(hw) <= 2 and 1 <= len(tw) <= 2 and all(_surname(names, lex, w) for w in hw) \
            and _given_of(names, lex, tw[0], hw[-1]) \
            and all(_initial(w) or _given(names, lex, w) or _surname(names, lex, w) for w in tw[1:])
    if "," in value or _initial(words[0]) or _initial(words[-1]):
        return False
    if not _surname(names, lex, words[-1]) or not all(_initial(w) or _given(names, lex, w) or _surname(names, lex, w)
                                                      for w in words[1:-1]):
        return False
    return _given_of(names, lex, words[0], words[-1])


def _firm_value(value: str) -> bool:
    low = [w.lower().rstrip(".").replace("’", "'").removesuffix("'s") for w in _WORD.findall(value)]
    return any(w in _FIRM for w in low) or any(tuple(low[i:i + 2]) in _PEOPLE_FIRMS for i in range(len(low) - 1))


# ------------------------------------------------------------------------------------------------------ QIF

_QIF_PAYEE = re.compile(r"(?m)^P([^\r\n]{2,80}?)[ \t]*\r?$")
_QIF_RECORD_LINE = re.compile(r"(?m)^(?:D\d{1,2}[/.-]|T-?[\d$.,]|U-?[\d$.,])")


def _qif(chunk: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(the payee values, the records) of a QIF text's records with a payee line."""
    out: list[tuple[int, int]] = []
    records: list[tuple[int, int]] = []
    for m in _QIF_PAYEE.finditer(chunk):
        start = chunk.rfind("\n^", 0, m.start()) + 1
        end = chunk.find("\n^", m.end())
        end = end if end >= 0 else len(chunk)
        if _QIF_RECORD_LINE.search(chunk, start, end) is not None:
            out.append(m.span(1))
            records.append((start, end))
    return out, records


_QIF_LINE_WORD = re.compile(r"[A-Z]([^\W\d_]+)")


def _qif_code(chunk: str, r: Result, records: list[tuple[int, int]], names: NameLists) -> Result | None:
    """A PERSON finding that starts at a QIF record line's code (`PPriya Raman`, `MRent`): from after the code;
    None where what is left is one everyday word (`MRent`, `LGifts`)."""
    if not (r[1] == 0 or chunk[r[1] - 1] == "\n") or not any(a <= r[1] < b for a, b in records):
        return r
    m = _QIF_LINE_WORD.fullmatch(chunk, r[1], r[2])
    if m is not None and names.is_very_common(m.group(1)) and not names.is_name(m.group(1)):
        return None
    return (r[0], r[1] + 1, r[2], r[3]) if r[2] > r[1] + 1 and chunk[r[1]:r[1] + 1].isupper() else r


# ---------------------------------------------------------------------------------------------------- MT940

_SUBFIELD = re.compile(r"\?(\d\d)")
_MT940_FIELD = re.compile(r"(?m)^:86:")
_FIELD_END = re.compile(r"(?m)^(?::\d\d[A-Z]?:|-\})")
_SEPA_NAME = re.compile(r"\b(?:ABWA|ABWE)\+")
_SEPA_KEY = re.compile(r"\b[A-Z]{4}\+")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+\.?)")
_PAIR = re.compile(r"(?<![\w'’-])([^\W\d_][^\W\d_'’-]+)[ \t]+([^\W\d_][^\W\d_'’-]+)(?![\w'’-])")


def _mt940(chunk: str, names: NameLists, lex: object) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(spans of the names, spans of the counterparty's values): `?32`+`?33` as one value, `ABWA+`/`ABWE+` values and
    given name + surname pairs in `?20`-`?29`."""
    people: list[tuple[int, int]] = []
    parties: list[tuple[int, int]] = []
    for f in _MT940_FIELD.finditer(chunk):
        end_m = _FIELD_END.search(chunk, f.end())
        end = end_m.start() if end_m is not None else len(chunk)
        subs: list[tuple[str, int, int]] = []
        marks = list(_SUBFIELD.finditer(chunk, f.end(), end))
        for i, s in enumerate(marks):
            b = marks[i + 1].start() if i + 1 < len(marks) else end
            while b > s.end() and chunk[b - 1] in " \t\r\n":
                b -= 1
            subs.append((s.group(1), s.end(), b))
        by = {k: (a, b) for k, a, b in subs}
        if "32" in by:
            a, b = by["32"]
            value = chunk[a:b]
            if "33" in by and by["33"][0] - 3 == b:  # the name's second line, cut at 27 characters
                value += ("" if len(value) >= 27 else " ") + chunk[by["33"][0]:by["33"][1]]
                if person_value(value, names, lex):
                    people += [(a, b), by["33"]]
                parties += [(a, b), by["33"]]
            else:
                if person_value(value, names, lex):
                    people.append((a, b))
                parties.append((a, b))
        for k, a, b in subs:
            if not ("20" <= k <= "29"):
                continue
            text = chunk[a:b]
            for n in _SEPA_NAME.finditer(text):
                nxt = _SEPA_KEY.search(text, n.end())
                x, y = a + n.end(), a + (nxt.start() if nxt is not None else len(text))
                while y > x and chunk[y - 1] in " \t":
                    y -= 1
                if person_value(chunk[x:y], names, lex):
                    people.append((x, y))
                parties.append((x, y))
            for pr in _PAIR.finditer(text):
                g, sur = pr.group(1), pr.group(2)
                after = _NEXT_WORD.match(text, pr.end())  # (`Max Mustermann GmbH`: a firm's name)
                if g[:1].isupper() and sur[:1].isupper() and _given(names, lex, g) \
                        and person_value(f"{g} {sur}", names, lex) \
                        and (after is None or after.group(1).lower().rstrip(".") not in _FIRM):
                    people.append((a + pr.start(), a + pr.end()))
    return people, parties


# ------------------------------------------------------------------------------------------------------ CAMT

_CAMT_NAME = re.compile(r"<(?:[\w.-]+:)?(?:Ultmt)?(?:Dbtr|Cdtr)>\s*(?:<(?:[\w.-]+:)?Pty>\s*)?<(?:[\w.-]+:)?Nm>"
                        r"([^<>]{2,140})</(?:[\w.-]+:)?Nm>"
                        r"|<(?:[\w.-]+:)?Ownr>\s*<(?:[\w.-]+:)?Nm>([^<>]{2,140})</(?:[\w.-]+:)?Nm>")


def _camt(chunk: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _CAMT_NAME.finditer(chunk):
        g = 1 if m.group(1) is not None else 2
        a, b = m.span(g)
        while a < b and chunk[a] in " \t\r\n":
            a += 1
        while b > a and chunk[b - 1] in " \t\r\n":
            b -= 1
        out.append((a, b))
    return out


# --------------------------------------------------------------------------------------------------- EDIFACT

_EDI_PARTY = re.compile(r"(?:NAD\+[^'+\n]*\+[^'+\n]*\+[^'+\n]*\+|CTA\+[^'+\n]*\+[^'+:\n]*:)((?:[^'+?\n]|\?.)+)")


def _edifact(chunk: str, names: NameLists,
             lex: object) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """(spans of the components of a person's name, spans of the party names, spans of the segments' tags and
    qualifiers before them): one component that reads as a full name, or components `Surname:Given` (C080's order) or
    `Given:Surname`."""
    people: list[tuple[int, int]] = []
    parties: list[tuple[int, int]] = []
    codes: list[tuple[int, int]] = []
    for m in _EDI_PARTY.finditer(chunk):
        comps: list[tuple[int, int]] = []
        pos = m.start(1)
        for piece in m.group(1).split(":"):
            a, b = pos, pos + len(piece)
            while a < b and chunk[a] == " ":
                a += 1
            while b > a and chunk[b - 1] == " ":
                b -= 1
            if b > a:
                comps.append((a, b))
            pos += len(piece) + 1
        parties.append((m.start(1), m.end(1)))
        codes.append((m.start(), chunk.find("+", m.start() + 4) + 1))  # `NAD+BY+`, `CTA+IC+`: no name's place
        values = [chunk[a:b] for a, b in comps]
        if not values or any(_FIRM & {w.lower().rstrip(".") for w in _WORD.findall(v)} for v in values):
            continue
        if len(values) == 1:
            if person_value(values[0], names, lex):
                people.append(comps[0])
        elif all(_VALUE.fullmatch(v) is not None for v in values[:2]) and len(values[0].split()) <= 2 \
                and len(values[1].split()) <= 2 and (person_value(f"{values[0]}, {values[1]}", names, lex)
                                                      or person_value(f"{values[0]} {values[1]}", names, lex)):
            people += comps[:2]
    return people, parties, codes


# ------------------------------------------------------------------------------------------------------ hook

def _from_value(chunk: str, r: Result, people: list[tuple[int, int]]) -> Result:
    """A PERSON finding that starts before a person's value on its line, over the value's start: from the value."""
    for a, _b in people:
        if r[1] < a < r[2] and "\n" not in chunk[r[1]:a]:
            return (r[0], a, r[2], r[3])
    return r


def with_bank33(chunk: str, found: list[Result], names: NameLists, lex: object = None) -> list[Result]:
    """`found` with the party fields' persons above added as PERSON (each field's value whole), and without the
    PERSON findings inside a party's value that has a company's word."""
    people: list[tuple[int, int]] = []
    parties: list[tuple[int, int]] = []
    if "\nP" in chunk or chunk.startswith("P"):
        if "!Type:" in chunk or "\n^" in chunk:
            payees, records = _qif(chunk)
            for a, b in payees:
                parties.append((a, b))
                if person_value(chunk[a:b], names, lex):
                    people.append((a, b))
            if records:
                kept = [_qif_code(chunk, r, records, names) if r[0] == "PERSON" else r for r in found]
                found = [r for r in kept if r is not None]
    if ":86:" in chunk and "?" in chunk:
        p, q = _mt940(chunk, names, lex)
        people += p
        parties += q
    if "Nm>" in chunk:  # (a tag's own name read as one: `</Nm>`, `</Cdtr>`)
        found = [r for r in found if not (r[0] == "PERSON" and r[1] > 0 and chunk[r[1] - 1] in "</"
                                          and chunk[r[2]:r[2] + 1] == ">" and "<" in chunk[r[1] - 2:r[1]]
                                          and chunk[r[1]:r[2]].isalnum())]
        for a, b in _camt(chunk):
            parties.append((a, b))
            if person_value(chunk[a:b], names, lex):
                people.append((a, b))
    if "CTA+" in chunk or "NAD+" in chunk:
        p, q, codes = _edifact(chunk, names, lex)
        people += p
        parties += q
        # the tag and qualifiers the NER took for a name (`CTA+IC+`)
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for a, b in codes))]
    firms = [(a, b) for a, b in parties if (a, b) not in people and _firm_value(chunk[a:b])]
    if firms:
        found = [r for r in found if not (r[0] == "PERSON" and any(a <= r[1] and r[2] <= b for a, b in firms))]
    if people:  # a finding that swallowed the field's code (`PPriya`, `32Priya`, `CTA+IC+:Priya`) starts at the value
        found = [_from_value(chunk, r, people) if r[0] == "PERSON" else r for r in found]
    added = [("PERSON", a, b, _SCORE) for a, b in dict.fromkeys(people)
             if not any(r[0] == "PERSON" and r[1] <= a and b <= r[2] for r in found)]
    return found + added if added else found
