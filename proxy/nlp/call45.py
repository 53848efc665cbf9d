"""A phone cue read as a person before its number (call45).

A message cut mid-word before `Call +1 212-555-0143.` (`... and suggest ho Call +1 212-555-0143.`) had `ho Call`
(or `Call` and the number with it) read as a PERSON; the request's other texts then had every `Call` before their own
number replaced as that name's mentions (`<PERSON_1> <PHONE_NUMBER_1>` in 19 messages of a 20-message chat turn).
A PERSON span that is a phone cue verb (`Call`, `Text`, `Ring`, `Dial`, `Phone`, `Tel`, `Fax`, `Contact`) right before
a phone-shaped run, alone or after a lower-case fragment of at most three letters, and reaches no further than that
run, is no person. `Mary Call +1 ...`, `Dr. Call`, `Call Jane at ...` keep their findings.

Pure functions over strings.
"""

from __future__ import annotations

import re

Result = tuple[str, int, int, float]

_CUE_SPAN = re.compile(r"(?:[a-z]{1,3}\s+)?(?:Call|CALL|Text|Ring|Dial|Phone|Tel|Fax|Contact)\b")
_NUMBER_AFTER = re.compile(r"[:.]?\s*(?:\+\s?\d|\(\d|\d)[\d\s().+-]*")


def without_call45(chunk: str, found: list[Result]) -> list[Result]:
    """`found` less the PERSON spans that are a phone cue before its number (see above)."""
    if not any(r[0] == "PERSON" for r in found):
        return found
    return [r for r in found if r[0] != "PERSON" or not _cue_before_number(chunk, r[1], r[2])]


def _cue_before_number(chunk: str, start: int, end: int) -> bool:
    cue = _CUE_SPAN.match(chunk, start, end)
    if cue is None or (start > 0 and chunk[start - 1].isalnum()):
        return False
    number = _NUMBER_AFTER.match(chunk, cue.end())
    if number is None or sum(c.isdigit() for c in number.group()) < 7:
        return False
    return end <= number.end() and not chunk[cue.end():end].strip(" \t:.+-()0123456789")
