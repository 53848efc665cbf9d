"""Keys that name a part of a person's name only beside their partner (atk20 H3).

`first_name`, `surname`, `givenName` name a part of a name alone (`proxy.nlp.tables.column_kind` "parts"). Shorter
keys say so only beside the key of the name's other part: HL7 FHIR's HumanName (`{"family": "Black", "given":
["Mark"]}`), web forms' and SQL tables' `fname`/`lname` and `fn`/`ln`. Alone they name other things (a taxonomic
`family`, a `given` flag, a file's `fname`, a function's `fn`). So a value under such a key is a name's part where its
partner key stands in the same object (`{...}`, or a few lines of YAML or `key=value` either side), or among the
next keys of a document read as values (`proxy.guard.keyed.name_part_candidates`), and the partner's value is in a
name's shape too (`{"family": "Lamiaceae", "given": true}` is none). `fname`/`lname` alone name a name's part when
the value is a listed name.

`fn` and `ln` mean more besides (a function, a logarithm): their value must be a listed name, its own or its
partner's, even beside their partner ("loose"); `given`, `family`, `fname` and `lname` beside theirs take any value
in a name's shape, as `first_name` does. Beside a taxonomy's keys (`species`, `genus`) a `family` is none.
`first`/`last` are not read so (a range's ends as often: `{"first": "Alpha", "last": "Omega"}`). Pure functions, CPU
only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

__all__ = ["PAIRED_KEYS", "document_pairs", "name_shaped", "paired_kind", "paired_values"]

# A key that names a name's part only beside its partner -> the keys that are its partner (folded: `first_name` is
# `firstname`): `given`/`family` (FHIR), `fname`/`lname`, `fn`/`ln`, or a key that names the other part alone
# (`surname`, `firstName`). Not `first`/`last`: beside each other they hold a range's ends as often (`{"first":
# "Alpha", "last": "Omega"}`, `"Spring"`/`"Winter"`), words the name lists hold too.
_PARTNERS: dict[str, frozenset[str]] = {
    "given": frozenset({"family", "surname", "familyname", "lastname"}),
    "family": frozenset({"given", "givenname", "givennames", "forename", "forenames", "firstname"}),
    "fname": frozenset({"lname", "lastname", "surname", "lnm", "sname"}),
    "lname": frozenset({"fname", "firstname", "forename", "fnm"}),
    # (keys40, atk40 F10: exports' `fnm`/`lnm`, `fname`/`sname`; LDAP's `givenName`/`sn`)
    "fnm": frozenset({"lnm", "lname", "lastname", "surname", "sname"}),
    "lnm": frozenset({"fnm", "fname", "firstname", "forename"}),
    "sname": frozenset({"fname", "fnm", "firstname", "forename", "givenname"}),
    "sn": frozenset({"givenname", "gn"}),
    "fn": frozenset({"ln"}),
    "ln": frozenset({"fn"}),
}
PAIRED_KEYS = frozenset(_PARTNERS)
_ALL_KEYS = PAIRED_KEYS.union(*_PARTNERS.values())
# Keys whose value must be a listed name (or a listed name beside it: `proxy.nlp.pii._keyed_name_parts`) even beside
# their partner; keys that name a part alone when the value is a listed name.
_LOOSE = frozenset({"fn", "ln"})
_LISTED_ALONE = frozenset({"fname", "lname", "fnm", "lnm"})
# Keys beside which a `family` is a taxonomic family (`proxy.nlp.tables._TAXONOMY`'s words).
_TAXONOMY = frozenset({"species", "genus", "kingdom", "phylum", "order", "taxon", "subfamily", "tribe", "clade",
                       "class", "scientificname", "taxonomy", "binomial"})
# A value that may be a name's part (a partner's value must be one): one to three words of letters, no filler.
_SHAPE = re.compile(r"[^\W\d_][^\W\d_'’. -]*(?:[ '’-][^\W\d_][^\W\d_'’.-]*){0,2}")
_NO_NAME = frozenset({"true", "false", "null", "none", "nil", "yes", "no", "unknown", "n/a", "na", "tbd"})
_FOLD = re.compile(r"[\s_.-]+")


def _folded(key: str) -> str:
    return _FOLD.sub("", key.lower())


def name_shaped(value: str) -> bool:
    """Whether `value` may be a part of a person's name (`_SHAPE`, no filler: `true`, `None`, `Unknown`)."""
    return _SHAPE.fullmatch(value) is not None and value.lower() not in _NO_NAME


def paired_kind(key: str, others: Iterable[str]) -> str | None:
    """"parts" (a value in a name part's shape is one), "loose" (a listed name is one) or None for a value under
    `key` with the keys `others` beside it that hold a value in a name's shape (the same object's, or the
    document's next ones)."""
    key = _folded(key)
    if key not in PAIRED_KEYS:
        return None
    others = [_folded(k) for k in others]
    if any(k in _TAXONOMY for k in others):
        return None  # a taxonomy's `family` (`{"species": "Canis lupus", "family": "Canidae"}`)
    if any(k in _PARTNERS[key] for k in others):
        return "loose" if key in _LOOSE else "parts"
    return "loose" if key in _LISTED_ALONE else None


# A key, then its value: a quoted string, an array of quoted strings (FHIR's `"given": ["Mark", "A"]`), a bare value
# up to the line's end or a separator (YAML, `key=value`), or another JSON value (`true`, a number: no name).
# (a key of any script: `proxy.nlp.keys37` reads `фамилия`, `姓`, `nom` with it; a full-width colon too)
_KEYED = re.compile(r"(?<![\w-])[\"']?([^\W\d_][\w.’-]{0,30})[\"']?[ \t]*[:=\uff1a][ \t]*"
                    r"(?:\[[ \t]*((?:\"[^\"\\\n]{1,80}\"[ \t]*,?[ \t]*){1,5})\]|\"([^\"\\\n]{0,80})\""
                    r"|'([^'\\\n]{0,80})'|([^\s,;&{}\[\]\"'=<>][^\n,;&{}\[\]\"'=<>]{0,79}?)[ \t]*(?=\r?\n|$|[,;}&\]]))")
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


def paired_values(text: str) -> list[tuple[int, int, bool, int]]:
    """(start, end, loose, object) of each value in `text` under a paired key (`PAIRED_KEYS`) that `paired_kind`
    makes a part of a name, each string of an array on its own; `object`: where the value's object starts (the
    values of one object, a pair, share it)."""
    if ":" not in text and "=" not in text:
        return []
    found: list[tuple[str, list[tuple[int, int]], int]] = []
    for m in _KEYED.finditer(text):
        key = _folded(m.group(1))
        if key not in _ALL_KEYS and key not in _TAXONOMY:
            continue
        if m.group(2) is not None:
            spans = [q.span(1) for q in _QUOTED.finditer(text, m.start(2), m.end(2))]
        else:
            group = next(g for g in (3, 4, 5) if m.group(g) is not None)
            spans = [m.span(group)]
        found.append((m.group(1), spans, m.start()))
    if not any(_folded(key) in PAIRED_KEYS for key, _, _ in found):
        return []
    objects = [_object(text, at) for _, _, at in found]
    out: list[tuple[int, int, bool, int]] = []
    for n, (key, spans, _) in enumerate(found):
        if _folded(key) not in PAIRED_KEYS:
            continue
        others = [k for j, (k, values, _) in enumerate(found) if j != n and objects[j] == objects[n]
                  and (_folded(k) in _TAXONOMY or any(name_shaped(text[a:b]) for a, b in values))]
        kind = paired_kind(key, others)
        if kind is not None:
            out.extend((a, b, kind == "loose", objects[n][0]) for a, b in spans if name_shaped(text[a:b]))
    return out


def document_pairs(texts: Sequence[str], document: Sequence[tuple[int, str]],
                   reach: int = 3) -> Iterator[tuple[int, bool, int]]:
    """Each value of `document` (a JSON document's texts, keys right before their values:
    `proxy.guard.phases.documents`) under a paired key that `paired_kind` makes a part of a name, with the keys up
    to `reach` before and after it that hold a value in a name's shape as its object's: (text index, loose, the text
    index of its partner's value)."""
    keys: list[tuple[str, int]] = []  # each key, and the text index of its first value (-1: none)
    for i, kind in document:
        if i >= len(texts):
            continue
        if kind == "key":
            keys.append((texts[i], -1))
        elif keys and keys[-1][1] < 0:
            keys[-1] = (keys[-1][0], i)
    if not any(_folded(k) in PAIRED_KEYS for k, _ in keys):
        return
    values: dict[int, int] = {}  # text index of a value -> its key's place in `keys`
    j = -1
    for i, kind in document:
        if i >= len(texts):
            continue
        if kind == "key":
            j += 1
        elif j >= 0:
            values[i] = j
    for i, j in values.items():
        key = _folded(keys[j][0])
        if key not in PAIRED_KEYS or not name_shaped(texts[i]):
            continue
        near = [(k, v) for k, v in keys[max(0, j - reach):j] + keys[j + 1:j + 1 + reach]
                if _folded(k) in _TAXONOMY or v >= 0 and name_shaped(texts[v])]
        kind_ = paired_kind(key, [k for k, _ in near])
        if kind_ is not None:
            partner = next((v for k, v in near if _folded(k) in _PARTNERS[key]), -1)
            yield i, kind_ == "loose", partner
