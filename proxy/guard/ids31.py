"""A person's name in an id field written with an initial or a dot (acc28 F11; `proxy.guard.context24` reads them).

`context24` and `proxy.guard.names26` read a name joined by `_` or run together in an id field (`user`,
`safety_identifier`, `metadata.user_id`, `messages[].name`: `TextSlot.prose` False) with spaces between its parts,
and the PII model then decides. Directory and mail systems write user names in three more shapes the model does not
read as names even with spaces (`SCHMIDT MARIA`, `J Okonkwo`): surname and given name joined by `.` or `-`
(`SCHMIDT.MARIA`, `Schmidt.Maria`), and an initial before a surname (`M_Schmidt`, `M.Schmidt`, `MSchmidt`), maybe
with digits after (`MSchmidt42`). Lower-case handles (`jordan.smith`, `m.schmidt`) go as sent, as documented.
The whole value of an id field in one of these
shapes is a name (`id_names`), whatever the model reads:

- two parts joined by `.` or `-` that `names26` reads as a name when joined by `_` (a listed given name and a listed
  name, in either order for capitals; none a common or an English word in capitals or lower case);
- an initial (one letter) then a surname: a listed name that is no common word, no English word and no given name
  (`Schmidt`, `Okonkwo`, `Volkov`; not `XServer`, `AWorker`, `JQuery`, `MBrown`).

Only whole values of id fields: prose and identifiers of code are read as before. Pure functions.
"""

from __future__ import annotations

import re

from proxy.nlp.names import name_lists

_PAIR = re.compile(r"(?P<x>[^\W\d_]{2,20})[.-](?P<y>[^\W\d_]{2,20})(?:[ ._-]?\d{1,4})?")
_INITIAL = re.compile(r"(?P<i>[A-Za-z])[._-]?(?P<s>[A-Z][a-z]{2,20}|[a-z]{3,20})(?:[ ._-]?\d{1,4})?")


def _surname(word: str) -> bool:
    lists = name_lists()
    return lists.is_name(word) and not lists.is_first(word) and not lists.is_common(word) \
        and not lists.is_english(word)


def _pair(x: str, y: str) -> bool:
    from proxy.guard import names26

    if not (x.isupper() == y.isupper() and x.islower() == y.islower()):
        return False
    return names26._is_name((x, y), False) or names26._surname_first((x, y)) \
        or (x.islower() and names26._is_name((y, x), False))


def id_names(text: str) -> list[tuple[int, int]]:
    """The whole value of an id field when it is a name in one of the module's shapes: [(start, end)], or []."""
    value = text.strip()
    if not 4 <= len(value) <= 48:
        return []
    lead = len(text) - len(text.lstrip())
    if value.islower() or not any(c.isupper() for c in value):
        return []  # (a lower-case handle, `jordan.smith`, is documented to go as sent)
    m = _PAIR.fullmatch(value)
    if m is not None and _pair(m.group("x"), m.group("y")):
        return [(lead, lead + len(value))]
    m = _INITIAL.fullmatch(value)
    if m is not None:
        initial, surname = m.group("i"), m.group("s")
        joint = value[1] if value[1] in "._-" else ""
        if surname.islower() and (not joint or initial.isupper()):
            return []  # (`mschmidt` may be any word; `m.schmidt` is an initial's)
        if initial.islower() and not surname.islower():
            return []
        if _surname(surname.capitalize()):
            return [(lead, lead + len(value))]
    return []
