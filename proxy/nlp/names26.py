"""Names the text rules missed (issue 12, atk25 F06 and F10). Pure functions, CPU only.

- **`SURNAME, GIVEN` in capitals with accents** (`folded`): `Patient: GARCÍA, JOSÉ`, `Name: MÜLLER, JÜRGEN`,
  `NGUYỄN, VĂN AN`. The rules of `proxy.nlp.comma_names` and `proxy.nlp.fields24.comma_names` read capitals as
  `A-Z` and the lists hold `jose`, `garcia`: the surname was found (by the model), the given name went as written.
  They now read a view of the text with each accented Latin letter as its base letter (one character for one:
  the offsets are the text's), only where the text has such a capital.
- **A surname no list holds under `last`** (`unlisted_surname`): `{"first": "Priya", "last": "Raghunathan"}`: the
  pair was a name only when the `last` value is a surname of some list. When the `first` value is a given name of
  the lists that no common-word list holds (`Priya`, not `Will` or `Page`), a `last` value of capitalised words
  that no word list holds (not `Omega`, `Final`, `Winter`) is its surname.
- **Vietnamese names** (`vietnamese_given`): `Nguyễn Văn An` -> the model took `Nguyễn Văn` and left the given name
  `An`; after a found name whose last word is a Vietnamese middle name (`Văn`, `Thị`, `Đức`, `Hữu`, `Minh`...)
  written with its tone marks, the capitalised word right after it is part of the name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proxy.nlp.names import NameLists

Result = tuple[str, int, int, float]

_OTHER = {"Đ": "D", "đ": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Ħ": "H", "ħ": "h"}


def _base(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in _OTHER:
        return _OTHER[ch]
    b = unicodedata.normalize("NFD", ch)[0]
    return b if b.isascii() and b.isalpha() else ch


def fold(text: str) -> str:
    """`text` with each accented Latin letter as its base letter (`GARCÍA` -> `GARCIA`), the same length."""
    return "".join(_base(c) for c in text)


def _accented_capital(text: str) -> bool:
    return any(not c.isascii() and c.isupper() for c in text)


def folded(chunk: str, found: list[Result], rule: Callable[[str, list[Result]], list[Result]]) -> list[Result]:
    """`rule(chunk, found)` (a rule that adds names of `A-Z` capitals), read on the folded view where `chunk` has an
    accented capital: the spans are the text's (the view has the same offsets)."""
    if "," not in chunk or chunk.isascii() or not _accented_capital(chunk):
        return rule(chunk, found)
    return rule(fold(chunk), found)


def unlisted_surname(names: NameLists, given: list[str], family: list[str]) -> bool:
    """Whether `family` (the words under `last`) is the surname of `given` (under `first`) though no list holds it:
    the given name a listed given name of no common-word list, each surname word capitalised and of no word list."""
    if not names.is_first(given[0]) or names.is_very_common(given[0]) or names.is_common(given[0]):
        return False
    return all(len(w) >= 5 and w[0].isupper() and w[1:].islower() and w.isalpha() and not names.is_common(w)
               and not names.is_english(w) for w in family)


# --------------------------------------------------------------------------------------------------- Vietnamese
# Middle names (tên đệm) that come between the family name and the given name, as written with their marks.
_VI_MIDDLE = frozenset({"Văn", "Thị", "Đức", "Hữu", "Quang", "Minh", "Ngọc", "Thanh", "Xuân", "Đình", "Công",
                        "Hoàng", "Phương", "Thu", "Kim", "Bảo", "Gia", "Mạnh", "Trọng", "Tuấn", "Hồng", "Thúy",
                        "Diệu", "Khánh", "Anh"})
_VI_MIDDLE_FOLDED = frozenset(fold(w).upper() for w in _VI_MIDDLE)
_VI_NEXT = re.compile(r"[ \u00a0]([^\W\d_]{1,8})(?![^\W\d_])")


def vietnamese_given(chunk: str, found: list[Result]) -> list[Result]:
    """`found` with a PERSON that ends on a Vietnamese middle name extended over the given name after it (written
    with its marks, `Nguyễn Văn An`, or in capitals, `TRẦN, THỊ HOA`: a letter outside ASCII in the name)."""
    if chunk.isascii():
        return found
    out: list[Result] = []
    changed = False
    for r in found:
        entity, a, b, score = r
        words = chunk[a:b].split()
        if entity == "PERSON" and words and fold(words[-1]).upper() in _VI_MIDDLE_FOLDED:
            m = _VI_NEXT.match(chunk, b)
            w = m.group(1) if m is not None else ""
            same_case = w[:1].isupper() and (w[1:].islower() or w.isupper() == words[-1].isupper())
            if m is not None and same_case and (words[-1].isupper() or len(words) >= 2) \
                    and not chunk[a:m.end()].isascii() \
                    and not any(o[1] < m.end() and m.start() < o[2] for o in found if o is not r):
                out.append((entity, a, m.end(), score))
                changed = True
                continue
        out.append(r)
    return out if changed else found


__all__ = ["fold", "folded", "unlisted_surname", "vietnamese_given"]
