"""A person's name written `SURNAME, GIVEN M` in capitals (fields22, struct20's leftover: `Patient: SMITH, JOHN A`).

Records, wristbands and claim forms print a name surname first, in capitals, a comma before the given name and a
middle initial after it. The model found the surname (`SMITH`) and left the given name and the initial as written
(`JOHN A`: a capitals word the lists know, but no name to the model after a comma). `comma_given` adds the rest:

- after a PERSON finding that is one word in capitals, a comma, then a word in capitals that is a listed first
  name (`JOHN`, `MARIA`), and up to two more: a middle initial (`A`, `A.`) or another listed first name;
- after a label of a person (`Patient:`, `Pt:`, `Name:`, `Member:`, `Insured:`; `_LABEL`) at a line's start or
  after a layout's gap of two blanks or a tab (a PDF's header, `Page 1 of 2      PATIENT: KERR, DANA`: tsv30), the
  same with a surname the lists know, found or not (`Name: WHITE, BILL R`: `WHITE` and `BILL` are everyday words
  to the model).

Words in capitals after a comma that are no listed first name stay (`Status: OPEN, HIGH P`, `SMITH, INC`). Pure
functions, CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_CAPS = r"[A-Z][A-Z'’-]*[A-Z]"
# `, GIVEN` then up to two of: a middle initial, another capitals word.
_GIVEN = re.compile(r",[ \t]?(" + _CAPS + r")((?:[ \t](?:[A-Z]\.?(?![\w'’-])|" + _CAPS + r"(?![\w'’-]))){0,2})")
# A person's label (caps39 reads the name after it without a comma too).
LABEL_WORDS = (r"patient(?:[ \t]name)?|pt|name|full[ \t]name|member|insured|subscriber|guarantor"
               r"|resident|client|guest|employee|student|applicant|tenant|beneficiary|claimant|policyholder"
               r"|cardholder|account[ \t]holder|attending|physician|provider|referring|ordering")
_LABELS = r"(?:" + LABEL_WORDS + r")[ \t]*[:#-][ \t]*(" + _CAPS + r")(?=,)"
_LABEL = re.compile(r"(?im)^[ \t]*" + _LABELS)
# after a layout's gap (two blanks or more, or a tab, after a word: a PDF's header line, tsv30)
_GAP_LABEL = re.compile(r"(?i)(?<=\S)(?:[ \t]{2,}|\t)" + _LABELS)


def _given(text: str, at: int, names: NameLists) -> tuple[int, int] | None:
    """(start, end) of a given name in capitals (and its middle parts) right after the surname ending at `at`."""
    m = _GIVEN.match(text, at)
    if m is None or not names.is_any_first(m.group(1)) and m.group(1).lower() not in names.first:
        return None
    end = m.end(1)
    for part in m.group(2).split():
        if len(part.rstrip(".")) == 1 or names.is_any_first(part):
            end = text.index(part, end) + len(part)
        else:
            break
    return m.start(1), end


def comma_given(text: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the given names written after a surname in capitals and a comma (the module's docstring)."""
    if "," not in text:
        return found
    added: list[Result] = []
    spans: list[tuple[int, int, float]] = []
    for entity, a, b, score in found:
        if entity == "PERSON" and re.fullmatch(_CAPS, text[a:b]):
            spans.append((a, b, score))
    gapped = list(_GAP_LABEL.finditer(text)) if "  " in text or "\t" in text else []
    for m in [*_LABEL.finditer(text), *gapped]:
        a, b = m.span(1)
        if m.group(1).lower() in names.last and not any(s[0] <= a and b <= s[1] for s in spans):
            spans.append((a, b, 0.85))
            if not any(r[1] < b and a < r[2] for r in found):
                added.append(("PERSON", a, b, 0.85))
    for _, b, score in spans:
        given = _given(text, b, names)
        if given is not None and not any(r[0] == "PERSON" and r[1] <= given[0] and given[1] <= r[2]
                                         for r in found + added):
            added.append(("PERSON", given[0], given[1], max(score, 0.85)))
    if not added:
        return found
    covered = [(a, b) for _, a, b, _ in added]
    return [r for r in found if not any(r[1] >= a and r[2] <= b for a, b in covered)] + added


__all__ = ["LABEL_WORDS", "comma_given"]
