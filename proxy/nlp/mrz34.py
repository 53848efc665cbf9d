"""A machine-readable zone's first line that does not start its line (mrz34, atk33 F02).

`proxy.nlp.fold31` and `proxy.nlp.form33` read a zone's name line where it is a line of its own (indented or not).
This reads it where something comes before it on its line or it runs on into the data line: after a label
(`MRZ: P<USAMILLER<<DAVID<JAMES<<<...`), in a JSON string (`{"mrz": "P<USA...\\nL898..."}`, the line break a `\\n`
escape), or the two lines flattened into one (`P<USA...<<<<L898902C36USA8501012M...`). Narrowly: a document code
(`P`, `I`, `A`, `C`, `V`), a filler or a letter, an ICAO issuing state (`form33`'s list), then ONE name (surname,
`<<`, given names; parts apart by one `<`) and fillers, exactly 44 (TD3, MRV-A) or 36 (TD2, MRV-B) characters in
all, with no letter, digit or filler just before it; after it no letter, digit or filler, or a data line
(a document number, a check digit, a state, a date of birth). C++ `<<`, heredocs, `P<` in prose and base64 are no
such line. The name, surname to last given name, is one PERSON.

Pure function, CPU only; gated by a substring test, one regex pass.
"""

from __future__ import annotations

import re

from proxy.nlp.fold31 import _with_person
from proxy.nlp.form33 import _STATES

__all__ = ["with_mrz34"]

Result = tuple[str, int, int, float]

_LINE1 = re.compile(
    r"(?<![A-Za-z0-9<])[PIACV][A-Z<](?P<state>[A-Z<]{3})"
    r"(?P<name>[A-Z]+(?:<[A-Z]+)*(?:<<[A-Z]+(?:<[A-Z]+)*)?)(?P<fill><*)"
    r"(?:(?![A-Za-z0-9<])|(?=[A-Z0-9]{1,9}<*\d[A-Z<]{3}\d{6}))")


def with_mrz34(chunk: str, found: list[Result]) -> list[Result]:
    """`found` (spans of `chunk`) with the holder's name of each zone's first line found as the module says as
    PERSON (unless a finding of another type overlaps it)."""
    if "<<" not in chunk:
        return found
    for m in _LINE1.finditer(chunk):
        if m.end() - m.start() not in (36, 44) or m.group("state") not in _STATES:
            continue
        if "<<" not in m.group("name") and len(m.group("fill")) < 2:
            continue
        found = _with_person(found, m.start("name"), m.end("name"))
    return found
