"""GEDCOM continuations and identifiers, Sabre phone lines and the IATA emergency contact (gds34, atk33 F07, F11).

- GEDCOM `CONC` / `CONT` lines (`1 NOTE Worked on Project Fal` / `2 CONC con at Acme`): a long value goes on in the
  next line after its level and the tag; `CONC` joins with no space (mid-word), `CONT` starts a new line of the
  value. `unconc` (a pass of `proxy.nlp.normalize`'s views) reads both joined to the line they continue: the break,
  the level and the tag (and the one blank after it) removed, a `CONT` read as one space. A span found over it maps
  back over it, so a placeholder covers the continuation.
- GEDCOM 5.5.1 `1 IDNO 536904399` followed by `2 TYPE SSN` (or `Social Security`): the number is read as an SSN.
- Sabre's phone field display (`PHONES` / `  1.BOS6175550143-H`): an item number, a city code and the digits, then
  a type (`-H`, `-M`, `-B`...): the digits read as a phone.
- IATA emergency contact `SSR PCTC YY HK1/GONZALEZ/MARIA.US16175550143`: surname and given name are PERSON, the
  number after the two-letter country code a phone.

Pure functions, CPU only; each scan is gated by a substring test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from proxy.nlp.hl731 import _AtLines

__all__ = ["gds34_values", "unconc", "with_gds34"]

Result = tuple[str, int, int, float]

_CONC = re.compile(r"\r?\n[ \t]*[0-9]{1,2}[ \t]+(CONC|CONT)(?:[ \t]|(?=\r?\n|$))")
_IDNO = _AtLines(r"[ \t]*[0-9]{1,2}[ \t]+IDNO[ \t]+([0-9]{3}-?[0-9]{2}-?[0-9]{4})[ \t]*\r?\n"
                 r"[ \t]*[0-9]{1,2}[ \t]+TYPE[ \t]+(?:SSN|Social[ \t]+Security)\b", "IDNO")
_SABRE = _AtLines(r"[ \t]*[0-9]{1,2}\.[A-Z]{3}[ ]?([0-9]{7,15})-[A-Z]{1,2}\b")
_PCTC = re.compile(r"\bSSR[ \t]+PCTC[ \t]+[A-Z0-9]{2}[ \t]+[A-Z]{2}[0-9]{1,2}[ \t]*/"
                   r"([A-Z][A-Z'-]{1,40})/([A-Z][A-Z'-]{1,40})(?:[ \t]+[A-Z]{2,4})?\.[A-Z]{2}([0-9]{7,15})\b")


def unconc(text: str) -> Iterator[tuple[int, int, str]]:
    """Each GEDCOM continuation (`\\n2 CONC `, `\\n2 CONT `) read joined to the line it continues."""
    if "CONC" not in text and "CONT" not in text:
        return
    for m in _CONC.finditer(text):
        yield m.start(), m.end(), "" if m.group(1) == "CONC" else " "


def with_gds34(text: str, found: list[Result], entities: list[str]) -> list[Result]:
    """`found` with an `SSR PCTC` element's surname and given name as PERSON."""
    if "PERSON" not in entities or "PCTC" not in text:
        return found
    from proxy.nlp.gen32 import _with

    for m in _PCTC.finditer(text):
        for g in (1, 2):
            found = _with(found, "PERSON", m.start(g), m.end(g))
    return found


def gds34_values(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, type, value) of each GEDCOM `IDNO` SSN, Sabre phone line and `SSR PCTC` phone."""
    out: list[tuple[int, int, str, str]] = []
    if "US_SSN" in wanted and "IDNO" in text:
        out += [(m.start(1), m.end(1), "US_SSN", m.group(1)) for m in _IDNO.finditer(text)]
    if "PHONE_NUMBER" in wanted:
        if "-" in text and "." in text:
            out += [(m.start(1), m.end(1), "PHONE_NUMBER", m.group(1)) for m in _SABRE.finditer(text)]
        if "PCTC" in text:
            out += [(m.start(3), m.end(3), "PHONE_NUMBER", m.group(3)) for m in _PCTC.finditer(text)]
    return out
