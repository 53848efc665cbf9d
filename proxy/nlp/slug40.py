"""Names written `SURNAME/GIVEN` (slug40, atk40 F08).

- the name field of a card's magnetic-stripe track 1 (`%B5425233430109903^LINDQVIST/JOHAN^2709...?`: ISO 7813,
  the field between the `^`s is the cardholder's `SURNAME/GIVEN`), whatever the names;
- `Surname/Given` in prose and lists (`Iyer/Ananya, Lindqvist/Johan`): a listed surname that is no ordinary word
  before a listed given name, or any capitalised word that is no word of the lists before a listed given name that
  is no ordinary word. `Input/Output`, `Client/Server`, `TCP/IP`, `linux/amd64`, `America/Denver` stay.
The pair is found whole (a PERSON found on one half is widened). Gated by `/` before any pass; CPU only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from proxy.nlp.pii_types import Result

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

__all__ = ["with_slug40"]

_SCORE = 0.85
_TRACK = re.compile(r"%B\d{12,19}\^([A-Z][A-Z'’. -]{0,25}/[A-Z][A-Z'’. -]{0,25}?) *\^")
_TZ_AREAS = frozenset("africa america antarctica arctic asia atlantic australia europe indian pacific etc us canada"
                      " brazil mexico chile".split())  # (IANA time zones: `America/Denver`, `Australia/Sydney`)
_SLASHED = re.compile(r"(?<![\w/.@-])([A-Z][a-zß-ÿ'’]{1,25})/([A-Z][a-zß-ÿ'’]{1,25})(?![\w/@-]|\.[a-z])")


def with_slug40(chunk: str, found: list[Result], names: NameLists) -> list[Result]:
    """`found` with the track 1 cardholders and `Surname/Given` pairs of the docstring."""
    if "/" not in chunk:
        return found
    spans: list[tuple[int, int]] = []
    if "%B" in chunk:
        spans += [m.span(1) for m in _TRACK.finditer(chunk)]
    spans += [(m.start(1), m.end(2)) for m in _SLASHED.finditer(chunk) if _pair(m.group(1), m.group(2), names)]
    for a, b in spans:
        if any(r[1] < b and a < r[2] and (r[0] != "PERSON" or r[1] < a or b < r[2]) for r in found):
            continue  # (another value's there, or a longer PERSON)
        found = [r for r in found if not (r[1] < b and a < r[2])] + [("PERSON", a, b, _SCORE)]
    return found


def _pair(last: str, first: str, names: NameLists) -> bool:
    from proxy.nlp.acct39 import _plain, _surname

    if names.is_very_common(last) or names.is_very_common(first) or last.lower() in _TZ_AREAS:
        return False
    return _surname(last, names) and names.is_any_first(first) \
        or names.is_first(first) and not _plain(first, names) and not names.is_common(last) and not _plain(last, names)
