"""Genealogy and airline record formats (atk31 F1, F2; issue 12, "No side doors").

- GEDCOM family trees (`0 @I1@ INDI` / `1 NAME Margaret /Okafor/` / `2 GIVN Margaret` / `2 SURN Okafor` /
  `1 PHON 6175550143`): the words of a `NAME` line's value (given names, the surname between slashes), of `GIVN`,
  `SURN`, `NICK`, `_MARNM`, `_AKA`, `ROMN` and `FONE` lines are PERSON; a `PHON` (`_PHON`, `CELL`, `_MOBILE`, `FAX`)
  line's value is read as a phone (`phone: VALUE`, so the recognizer's own checks decide), an `EMAIL` line's value
  with GEDCOM's `@@` for `@` is an e-mail address. A `NAME` line needs its slashes, the other name lines a GEDCOM
  record line in the text (`0 HEAD`, `0 @I1@ INDI`, `0 TRLR`) or such a `NAME` line. Header lines (`1 SOUR`,
  `2 VERS 5.5.1`) are not read. A word that is a placeholder (`Unknown`, `Living`, `NN`) is no name.
- Airline PNR / GDS contact elements: `APM`, `APH`, `APB`, `APN`, `APF` (mobile, home, business, notification, fax
  phones; an optional city code first: `APH NYC 6175550143-H`), `SSR CTCM YY HK1/16175550143`, `OSI YY CTCM ...`: the
  value read as a phone; `APE` and `SSR CTCE YY HK1/JANE//DOE.EXAMPLE.COM`: the address in GDS form (`//` for
  `@`, `..` for `_`, `./` for `-`) is an e-mail address when it decodes to one. An `AP` line (often the agency's) and
  the other SSR codes (`SSR WCHR`) are not read here; an `SSR DOCS` element's surname, given and middle names (its
  8th to 10th fields) are PERSON.

Pure functions, CPU only; each reader is gated by a substring test.
"""

from __future__ import annotations

import re

from proxy.nlp.hl731 import _AtLines

__all__ = ["cued_window", "gen32_values", "with_gen32"]

Result = tuple[str, int, int, float]

_LINE_START = r"[ \t]*"  # (at a line's start: `proxy.nlp.hl731._AtLines`, a JSON string's escaped lines too)
_LINE_END = r'[ \t]*(?=[\r\n"]|\\[rn]|$)'
# GEDCOM: a level, an optional cross-reference id, the tag and its value.
_GED_NAME = _AtLines(_LINE_START + r"[0-9]{1,2}[ \t]+(?:@[^@\s]{1,20}@[ \t]+)?"
                     r"(NAME|GIVN|SURN|NICK|_MARNM|_MARN|_AKA|ROMN|FONE)[ \t]+([^\r\n\\]{1,200})")
_GED_RECORD = _AtLines(_LINE_START + r"0[ \t]+(?:@[^@\s]{1,20}@[ \t]+)?([A-Z_][A-Z0-9_]{2,9})\b")
# A NAME line's value as GEDCOM writes it: given names, the surname between slashes, maybe a suffix; no digits.
_SLASHED = re.compile(r"[^\W\d_/][^/\d]{0,80}?[ \t]*/[^/\d]{1,80}/[^/\d]{0,40}|/[^/\d]{1,80}/[^/\d]{0,40}")
_GED_PHONE = _AtLines(_LINE_START + r"[0-9]{1,2}[ \t]+(?:PHON|_PHON|_PHONE|CELL|_CELL|_MOBILE|FAX)[ \t]+"
                      r"([+(0-9][0-9 ().+/-]{4,30}[0-9])" + _LINE_END)
_GED_EMAIL = _AtLines(_LINE_START + r"[0-9]{1,2}[ \t]+_?EMAIL[ \t]+"
                      r'([^\s@"\\]{1,64}@@[^\s@"\\]{1,200})' + _LINE_END)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_'’.-]|['’.-](?=[^\W\d_]))*")
_PLACEHOLDERS = frozenset({"unknown", "unk", "living", "private", "nn", "n", "fnu", "lnu", "nmn", "anonymous",
                           "infant", "baby", "stillborn", "son", "daughter", "child", "mr", "mrs", "ms", "dr"})
# PNR: an element number (`3 `, `3.`) maybe, then the element.
_PNR_PHONE = _AtLines(_LINE_START + r"(?:[0-9]{1,3}[ .]{1,3})?AP[MHBNF][ -]?(?:[A-Z]{3}[ -])?"
                      r"([+(0-9][0-9 ().-]{4,24}[0-9])")
_PNR_EMAIL = _AtLines(_LINE_START + r"(?:[0-9]{1,3}[ .]{1,3})?APE[ -]?"
                      r"([A-Za-z0-9._+'-]+(?:\./[A-Za-z0-9._+'-]*)*//[A-Za-z0-9./-]+)")
# (an SSR or OSI contact element anywhere in a line: a stream's window may start inside the line)
_SSR = (r"\b(?:SSR[ \t]+CTC{0}[ \t]+[A-Z0-9]{{2}}(?:[ \t]+[A-Z]{{2}}[0-9]{{1,2}})?"
        r"|OSI[ \t]+[A-Z0-9]{{2}}[ \t]+CTC{0})[ \t]*/?")
_SSR_PHONE = re.compile(_SSR.format("[MHBP]?") + r"([+(0-9][0-9 ().-]{4,24}[0-9])")
_SSR_EMAIL = re.compile(_SSR.format("E") + r"([A-Za-z0-9._+'-]+(?:\./[A-Za-z0-9._+'-]*)*//[A-Za-z0-9./-]+)")
# `SSR DOCS YY HK1/P/GBR/123456789/GBR/12JUL82/M/20NOV27/SURNAME/GIVEN/MIDDLE`: the traveller's names (8th-10th).
_DOCS = re.compile(r"\bSSR[ \t]+DOCS[ \t]+[A-Z0-9]{2}[ \t]+[A-Z]{2}[0-9]{1,2}[ \t]*/([^\r\n\\\"]{1,300})")
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}")


def _gds_email(value: str) -> int:
    """The length of the GDS-form e-mail address `value` starts with (`JANE..DOE//EXAMPLE./MAIL.COM`), 0 if none."""
    while value.endswith((".", "/", "-")):
        value = value[:-1]
    at = value.find("//")
    local, domain = value[:at], value[at + 2:]
    passenger = re.search(r"/P[0-9]{1,2}$", domain)  # a passenger association after it (`/P1`)
    if passenger is not None:
        domain = domain[:passenger.start()]
    decoded = (local.replace("..", "_").replace("./", "-") + "@"
               + domain.replace("..", "_").replace("./", "-"))
    return len(local) + 2 + len(domain) if _EMAIL.fullmatch(decoded) is not None else 0


def _names(text: str) -> list[tuple[int, int]]:
    """[start, end) of each word of a GEDCOM name line's value in an individual's (or submitter's) record."""
    out: list[tuple[int, int]] = []
    records: list[tuple[int, str]] | None = None
    for m in _GED_NAME.finditer(text):
        value = m.group(2)
        if records is None:
            records = [(r.start(), r.group(1)) for r in _GED_RECORD.finditer(text)]
        before = [tag for at, tag in records if at < m.start()]
        if before and before[-1] not in ("INDI", "SUBM"):
            continue  # (a source's, a repository's or the header's name: `2 NAME Personal Ancestral File`)
        if not before and (m.group(1) != "NAME" or _SLASHED.fullmatch(value) is None):
            continue  # (no GEDCOM record before it: a slashed `NAME` line only)
        base = m.start(2)
        words = [(base + w.start(), base + w.end()) for w in _WORD.finditer(value)]
        out += [(a, b) for a, b in words if text[a:b].lower().strip(".") not in _PLACEHOLDERS and b - a > 1]
    return out


def with_gen32(text: str, found: list[Result], entities: list[str]) -> list[Result]:
    """`found` with GEDCOM name parts as PERSON and GEDCOM (`@@`) and GDS-form (`//`) e-mail addresses as
    EMAIL_ADDRESS, where nothing else (or a PERSON inside it) was found there."""
    if "PERSON" in entities and ("NAME" in text or "GIVN" in text or "SURN" in text or "NICK" in text):
        for a, b in _names(text):
            found = _with(found, "PERSON", a, b)
    if "PERSON" in entities and "DOCS" in text:
        for m in _DOCS.finditer(text):
            pos, fields = m.start(1), m.group(1).split("/")
            for k, value in enumerate(fields):
                if 7 <= k <= 9 and _WORD.fullmatch(value.strip()) is not None \
                        and value.strip().lower() not in _PLACEHOLDERS and len(value.strip()) > 1:
                    a = pos + len(value) - len(value.lstrip())
                    found = _with(found, "PERSON", a, a + len(value.strip()))
                pos += len(value) + 1
    if "EMAIL_ADDRESS" in entities and "//" in text:
        for m in [*_PNR_EMAIL.finditer(text), *(_SSR_EMAIL.finditer(text) if "CTCE" in text else ())]:
            n = _gds_email(m.group(1))
            if n:
                found = _with(found, "EMAIL_ADDRESS", m.start(1), m.start(1) + n)
    if "EMAIL_ADDRESS" in entities and "@@" in text:
        for m in _GED_EMAIL.finditer(text):
            if _EMAIL.fullmatch(m.group(1).replace("@@", "@")) is not None:
                found = _with(found, "EMAIL_ADDRESS", m.start(1), m.end(1))
    return found


def _with(found: list[Result], entity: str, a: int, b: int) -> list[Result]:
    """`found` with one `entity` finding over [a, b) in place of those inside it; left alone where a finding reaches
    past it, or one of the same type covers it."""
    if any(r[1] < b and a < r[2] and (r[1] < a or r[2] > b or r[0] == entity and (r[1], r[2]) == (a, b))
           for r in found):
        return found
    return [r for r in found if not (r[1] < b and a < r[2])] + [(entity, a, b, 0.85)]


def gen32_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, `PHONE_NUMBER`, value) of each GEDCOM phone line's and PNR phone element's value."""
    out: list[tuple[int, int, str, str]] = []
    if "PHONE_NUMBER" not in wanted:
        return out
    if "PHON" in text or "CELL" in text or "MOBILE" in text or "FAX" in text:
        out += [(m.start(1), m.end(1), "PHONE_NUMBER", m.group(1)) for m in _GED_PHONE.finditer(text)]
    if "AP" in text:
        out += [(m.start(1), m.end(1), "PHONE_NUMBER", m.group(1)) for m in _PNR_PHONE.finditer(text)]
    if "CTC" in text:
        out += [(m.start(1), m.end(1), "PHONE_NUMBER", m.group(1)) for m in _SSR_PHONE.finditer(text)]
    return out


# The end of a stream's released text that is a contact element's or a GEDCOM contact line's cue, its value to come.
_CUE = re.compile(r"(?:^|\n)[ \t]*(?:[0-9]{1,3}[ .]{1,3})?AP[MHBNFE]\b[^\n]*$"
                  r"|\b(?:SSR|OSI)\b[^\n]*\bCTC[MHBPE]?\b[^\n]*$"
                  r"|(?:^|\n)[ \t]*[0-9]{1,2}[ \t]+_?(?:PHON|EMAIL|CELL|FAX)\b[^\n]*$")


def cued_window(context: str) -> bool:
    """Whether a stream's window is read after what its field released before (`context`,
    `proxy.guard.windows.OutputWindows._in_context`) for a value whose cue ended what went out (`APE ` | `A.B//C.COM`,
    `SSR CTCM YY ` | `HK1/1617...`, `1 PHON ` | `...`), not only a window that starts at a number."""
    return ("AP" in context or "CTC" in context or "PHON" in context or "EMAIL" in context) \
        and _CUE.search(context) is not None
