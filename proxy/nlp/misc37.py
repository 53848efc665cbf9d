"""misc37 (atk37 F05): SSNs where a request repeats them, and SSN-shaped ids after the labels that carry an SSN.

- `ssn_echoes` (the PII check, over the request's texts): a value found as an SSN anywhere in a request is one at
  every other place its nine digits stand, separators left out or not, in any text of it and in any order
  (`SSN 536-90-4399; subscriber id 536904399`, an EDI 834's `NM1*IL*...*34*536904399~` then `REF*0F*536904399~`);
  a letter glued to the digits keeps them one (`W536904399`, `536904399A`, `536904399-01`), a digit does not.
- `with_misc37` (the analysis): an SSN's digits after a label of a form or a record that holds one
  (`Medicare HICN 536904399A`, `Subscriber ID: 536904399-01`, `W-2 box a:`, `SSA-89 form:`, UB-04 `FL 60`,
  CMS-1500 `INSURED'S ID`, an X12 `NM1*QC`/`NM1*IL` segment's `MI` member id `W536904399`): only digits an SSN can
  be (no `000`, `666` or `9xx` area, no `00` group, no `0000` serial); ids after other words are left as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.nlp.pii import Span

Result = tuple[str, int, int, float]

_SSN_DIGITS = re.compile(r"[0-9]{3}[- .]?[0-9]{2}[- .]?[0-9]{4}")
_NON_DIGIT = re.compile(r"[^0-9]")


def _ssn_shaped(digits: str) -> bool:
    return (len(digits) == 9 and digits[:3] not in ("000", "666") and digits[0] != "9" and digits[3:5] != "00"
            and digits[5:] != "0000")


def ssn_echoes(texts: Sequence[str], spans: Sequence[Sequence[Span]], floor: float) -> list[list[Span]]:
    """`spans` with an SSN finding at each other place of the request's texts where the digits of one stand."""
    values: set[str] = set()
    for text, found in zip(texts, spans, strict=True):
        for s in found:
            if s.entity == "US_SSN" and s.score >= floor:
                digits = _NON_DIGIT.sub("", text[s.start:s.end])
                if len(digits) == 9:
                    values.add(digits)
    if not values:
        return [list(found) for found in spans]
    sep = "[- .]?"
    echo = re.compile("(?<![0-9])(?:" + "|".join(f"{d[:3]}{sep}{d[3:5]}{sep}{d[5:]}" for d in sorted(values))
                      + ")(?![0-9])")
    out = [list(found) for found in spans]
    for text, found in zip(texts, out, strict=True):
        if not any(d[:3] in text for d in values):  # (a literal test before the scan)
            continue
        for m in echo.finditer(text):
            a, b = m.span()
            if not any(s.start < b and a < s.end and s.score >= floor for s in found):
                found[:] = [s for s in found if not (s.start < b and a < s.end)] + [Span("US_SSN", a, b, 0.85)]
    return out


# The labels: a Medicare HIC number, a subscriber's or an insured's id, the W-2's box a, the SSA-89 form, UB-04's
# form locator 60, an X12 name segment's member id (`NM1*QC*1*...*MI*`, `NM1*IL*...*MI*`); then an optional word of
# a number and what leads to the value; then up to three letters of a prefix (`W536904399`).
_CUE = re.compile(
    r"(?i)(?:\b(?:medicare[ \t]+)?hic(?:n|[ \t]*(?:#|no\.?|number))|\bsubscriber(?:'s)?[ \t_-]*(?:id|#|no\.?|number)"
    r"|\binsured(?:'s|s)?[ \t_-]*(?:id|#|no\.?|number)|\bw-?2,?[ \t]+box[ \t]+a\b|\bssa-?89(?:[ \t]+form)?"
    r"|\bfl[ \t]*60\b[^\n:]{0,24}|\bnm1\*(?:qc|il)\*[^~\n]{0,80}?\*mi)"
    r"[ \t]*(?:[:#=*.]|is)?[ \t]*(?P<pre>[a-z]{0,3})(?P<value>[0-9]{3}[- ]?[0-9]{2}[- ]?[0-9]{4})(?![0-9])")
_HINTS = ("hic", "subscriber", "insured", "box a", "ssa", "fl 60", "fl60", "*mi*")


def with_misc37(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with an SSN's digits after a label that carries one (the module's docstring)."""
    low = chunk.lower()
    if not any(h in low for h in _HINTS):
        return found
    added: list[Result] = []
    for m in _CUE.finditer(chunk):
        a, b = m.span("value")
        if not _ssn_shaped(_NON_DIGIT.sub("", m.group("value"))):
            continue
        if any(r[1] < b and a < r[2] and r[0] == "US_SSN" and r[3] >= 0.85 for r in found):
            continue
        added.append(("US_SSN", a, b, 0.85))
    if not added:
        return found
    return [r for r in found if not any(r[1] < b and a < r[2] for _, a, b, _ in added)] + added


__all__ = ["ssn_echoes", "with_misc37"]
