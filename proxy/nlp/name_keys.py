"""Keys that name a part of a person's name only beside their partner (atk20 H3).

`first_name`, `surname`, `givenName` name a part of a name alone (`proxy.nlp.tables.column_kind` "parts"). Shorter
keys say so only beside the key of the name's other part: HL7 FHIR's HumanName (`{"family": "Black", "given":
["Mark"]}`), `{"first": "Bill", "last": "White"}`, web forms' and SQL tables' `fname`/`lname` and `fn`/`ln`. Alone
they name other things (a taxonomic `family`, a `given` flag, a list's `first` item, a file's `fname`, a function's
`fn`). So a value under such a key is a name's part where its partner key stands in the same object (`{...}`, or a
few lines of YAML or `key=value` either side), or among the next keys of a document read as values
(`proxy.guard.keyed.name_part_candidates`). `fname`/`lname` alone name a name's part when the value is a listed name.

`fn` and `ln` mean more besides (a function, a logarithm): their value must be a listed name even beside their
partner ("loose"); `given`, `family`, `first`, `last`, `fname` and `lname` beside theirs take any value in a name's
shape, as `first_name` does. Beside a taxonomy's keys (`species`, `genus`) a `family` is none. Pure functions, CPU
only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

__all__ = ["PAIRED_KEYS", "document_pairs", "paired_kind", "paired_values"]

# Keys of a given name, and of a family name, that need their partner; `_ALONE` also in the partner's place.
_GIVEN = frozenset({"given", "first", "fname", "fn"})
_FAMILY = frozenset({"family", "last", "lname", "ln"})
PAIRED_KEYS = _GIVEN | _FAMILY
_GIVEN_ALONE = frozenset({"firstname", "givenname", "forename", "givennames", "forenames", "firstnames"})
_FAMILY_ALONE = frozenset({"lastname", "familyname", "surname", "sn", "surnames", "lastnames"})
# Keys whose value must be a listed name even beside their partner; keys that name a part alone when the value is one.
_LOOSE = frozenset({"fn", "ln"})
_LISTED_ALONE = frozenset({"fname", "lname"})

# Keys beside which a `family` is a taxonomic family (`proxy.nlp.tables._TAXONOMY`'s words).
_TAXONOMY = frozenset({"species", "genus", "kingdom", "phylum", "order", "taxon", "subfamily", "tribe", "clade",
                       "class", "scientificname", "taxonomy", "binomial"})
_FOLD = re.compile(r"[\s_.-]+")


def _folded(key: str) -> str:
    return _FOLD.sub("", key.lower())


def _partners(key: str) -> frozenset[str]:
    return _FAMILY | _FAMILY_ALONE if key in _GIVEN else _GIVEN | _GIVEN_ALONE


def paired_kind(key: str, others: Iterable[str]) -> str | None:
    """"parts" (a value in a name part's shape is one), "loose" (a listed name is one) or None for a value under
    `key` with the keys `others` beside it (the same object's, or the document's next ones)."""
    key = _folded(key)
    if key not in PAIRED_KEYS:
        return None
    partners = _partners(key)
    others = [_folded(k) for k in others]
    if any(k in _TAXONOMY for k in others):
        return None  # a taxonomy's `family` (`{"species": "Canis lupus", "family": "Canidae"}`)
    if any(k in partners for k in others):
        return "loose" if key in _LOOSE else "parts"
    return "loose" if key in _LISTED_ALONE else None


# A paired key, then its value: a quoted string, an array of quoted strings (FHIR's `"given": ["Mark", "A"]`) or a
# bare value up to the line's end or a separator (YAML, `key=value`).
_KEY = r"(?<![\w-])[\"']?(given|family|first|last|fname|lname|fn|ln)[\"']?[ \t]*[:=][ \t]*"
_PAIRED = re.compile(_KEY + r"(?:\[[ \t]*((?:\"[^\"\\\n]{1,80}\"[ \t]*,?[ \t]*){1,5})\]|\"([^\"\\\n]{1,80})\""
                     r"|'([^'\\\n]{1,80})'|([^\W\d_][^\n,;&{}\[\]\"'=<>]{0,79}?)[ \t]*(?=\r?\n|$|[,;}&]))",
                     re.IGNORECASE)
_ANY_KEY = re.compile(r"(?<![\w-])[\"']?([A-Za-z][\w.-]{0,30})[\"']?[ \t]*[:=]")
_QUOTED = re.compile(r"\"([^\"\\\n]{1,80})\"")
_REACH = 2000  # characters read back and on for a value's object
_LINES = 4  # lines either side of a value outside braces


def _object(text: str, pos: int) -> tuple[int, int]:
    """[start, end) of the innermost `{...}` around `pos` in `text` (within `_REACH`), else of the `_LINES` lines
    either side of it."""
    depth = 0
    start = -1
    for i in range(pos - 1, max(-1, pos - _REACH - 1), -1):
        c = text[i]
        if c == "}":
            depth += 1
        elif c == "{":
            if depth == 0:
                start = i
                break
            depth -= 1
    if start >= 0:
        depth = 0
        for i in range(pos, min(len(text), pos + _REACH)):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    return start, i + 1
                depth -= 1
        return start, min(len(text), pos + _REACH)
    a = pos
    for _ in range(_LINES + 1):
        a = text.rfind("\n", 0, a - 1) if a > 0 else -1
        if a < 0:
            a = 0
            break
    b = pos
    for _ in range(_LINES + 1):
        b = text.find("\n", b + 1)
        if b < 0:
            b = len(text)
            break
    return a, b


def paired_values(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, loose) of each value in `text` under a paired key (`PAIRED_KEYS`) that `paired_kind` makes a
    part of a name: each string of an array on its own."""
    if ":" not in text and "=" not in text:
        return []
    out: list[tuple[int, int, bool]] = []
    for m in _PAIRED.finditer(text):
        a, b = _object(text, m.start())
        others = [k.group(1) for k in _ANY_KEY.finditer(text, a, b) if k.start() != m.start()]
        kind = paired_kind(m.group(1), others)
        if kind is None:
            continue
        loose = kind == "loose"
        if m.group(2) is not None:
            out.extend((q.start(1), q.end(1), loose) for q in _QUOTED.finditer(text, m.start(2), m.end(2)))
        else:
            group = next(g for g in (3, 4, 5) if m.group(g) is not None)
            out.append((m.start(group), m.end(group), loose))
    return out


def document_pairs(texts: Sequence[str], document: Sequence[tuple[int, str]],
                   reach: int = 3) -> Iterator[tuple[int, bool]]:
    """Each value of `document` (a JSON document's texts, keys right before their values:
    `proxy.guard.phases.documents`) under a paired key that `paired_kind` makes a part of a name, with the keys up
    to `reach` before and after it as its object's: (text index, loose)."""
    keys = [(n, texts[i]) for n, (i, kind) in enumerate(document) if kind == "key" and i < len(texts)]
    if not any(_folded(k) in PAIRED_KEYS for _, k in keys):
        return
    order = {n: j for j, (n, _) in enumerate(keys)}
    current: tuple[int, str] | None = None
    for n, (i, kind) in enumerate(document):
        if i >= len(texts):
            continue
        if kind == "key":
            current = (order[n], texts[i])
            continue
        if current is None or _folded(current[1]) not in PAIRED_KEYS:
            continue
        j, key = current
        others = [k for _, k in keys[max(0, j - reach):j] + keys[j + 1:j + 1 + reach]]
        kind_ = paired_kind(key, others)
        if kind_ is not None:
            yield i, kind_ == "loose"
