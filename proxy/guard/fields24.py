"""Values in structured fields that still went up (fields24, issue 12 "No side doors"): the documents' part.

- **A name under `first`/`last`** in a tool call's arguments, a tool's input, `metadata` (`[{"first": "Bill", "last":
  "White"}, ...]`, `{"customer": {"name": {"first": ..., "last": ...}}}`): `proxy.guard.keyed.name_part_candidates`
  reads `first`/`last` as no name's keys (a range's ends as often). A pair is one where the value under `first` is
  a listed given name and the value under `last` a surname of any list (`proxy.nlp.fields24.pair_is_name`), the
  two keys within three keys of each other in one document (`first_last_candidates`, cheap, on the request path;
  `first_last_values` reads the name lists: off the event loop).
- **A phone number as an array of its groups** (`array_padding`, `more_groups`: the section's comment below).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from proxy.guard.joined import Sibling

__all__ = ["array_padding", "first_last_candidates", "first_last_values", "json_more_groups", "more_groups"]


def first_last_candidates(texts: Sequence[str], documents: Sequence[Sequence[Sibling]]) -> list[tuple[int, int]]:
    """(first value, last value) text indexes of each `first`/`last` pair of keys in `documents` (keys right before
    their values), strings only."""
    from proxy.nlp.fields24 import first_last

    out: list[tuple[int, int]] = []
    for document in documents:
        keys: list[tuple[str, int]] = []
        for i, kind in document:
            if i >= len(texts):
                continue
            if kind == "key":
                keys.append((texts[i], -1))
            elif kind == "string" and keys and keys[-1][1] < 0:
                keys[-1] = (keys[-1][0], i)
            elif keys and keys[-1][1] < 0:
                keys[-1] = (keys[-1][0], -2)  # a number, an object: no name's part
        if sum(1 for k, _ in keys if k.lower() in ("first", "last")) >= 2:
            out += first_last([(k, i if i >= 0 else -1) for k, i in keys], list(texts))
    return out


def first_last_values(texts: Sequence[str], pairs: Sequence[tuple[int, int]]) -> list[int]:
    """The text indexes of the values of `pairs` that are a person's name (`proxy.nlp.fields24.pair_is_name`).
    Loads the name lists: off the event loop."""
    from proxy.nlp.fields24 import pair_is_name
    from proxy.nlp.names import name_lists

    names = name_lists()
    out: list[int] = []
    for i, j in pairs:
        if pair_is_name(names, texts[i].strip(), texts[j].strip()):
            out += [k for k in (i, j) if k not in out]
    return out


# ---------------------------------------------------------------------------------------------- phones as arrays
#
# A phone number as an array of its groups under a phone's key is read as one (`proxy.guard.keyed.group_reading`),
# but an array's JSON numbers were read as they are: `{"phone": [617, 555, 143]}` (the line number's leading zero
# lost) was no phone number, nor were groups in nested arrays (`[[617, 555], [143]]`) or under a key that names
# nothing beside a member that says what they are (`{"contact": "phone", "number": [617, 555, "0143"]}`, `{"type":
# "mobile", "value": [...]}`). `array_padding`: an array of exactly a North American number's three groups, the
# first two of three digits, the last a JSON number of two or three digits, under a key that names a phone number
# strictly (not `to`/`from`), may be padded back to 3-3-4 (the value must still be valid: `valid_group`).
# `more_groups`: nested arrays (two to four arrays of numbers and digit strings, three to six in all) as one group;
# a group under a key that says only that it is a number (`number`, `value`, `digits`: `_NUMBER_KEYS`), with a
# sibling member under a key that says what the record holds (`contact`, `type`, `kind`: `_WHAT_KEYS`) whose string
# value names a phone number (a word or two: `phone`, `mobile`, `cell phone`), as one under that word. Version
# arrays, dates and ports keep their keys (`{"version": [3, 11, 4]}`, `{"date": [2024, 12, 31]}`): no type, no
# phone word beside them; nor does a chart's series (`{"label": "phone", "value": [...]}`, `{"type": "phone",
# "ports": [...]}`).

def array_padding(entity: str, loose: bool, parts: Sequence[str], numbers: Sequence[bool]) -> bool:
    """Whether an array's groups (`parts`, which are JSON `numbers`) may be padded back to their widths."""
    return entity == "PHONE_NUMBER" and not loose and len(parts) == 3 and len(parts[0]) == 3 \
        and len(parts[1]) == 3 and numbers[2] and 2 <= len(parts[2]) <= 3


_MAX_WORD = 24  # characters of a sibling's value that says "phone"
# The sibling's key says what the record holds (`contact`, `type`, `kind`), the array's key only that it is a number
# (`number`, `value`, `digits`): a chart's series (`{"label": "phone", "data": [...]}`, `{"label": "mobile", "value":
# [...]}`) is no record of a phone number.
_WHAT_KEYS = frozenset({"contact", "type", "kind", "channel", "method", "medium", "contacttype", "contactmethod",
                        "contactkind", "phonetype"})
_NUMBER_KEYS = frozenset({"number", "num", "no", "nr", "digits", "value"})


def _fold(key: str) -> str:
    return "".join(c for c in key.lower() if c.isalnum())


def _phone_word(strings: dict[str, str] | dict[Any, Any]) -> str | None:
    """The value of a member under a key of `_WHAT_KEYS` that names a phone number strictly (`phone`, `mobile`)."""
    from proxy.guard.keyed import named

    for key, value in strings.items():
        if isinstance(key, str) and _fold(key) in _WHAT_KEYS and isinstance(value, str) and len(value) <= _MAX_WORD \
                and any(e == "PHONE_NUMBER" and not loose for e, loose in named(value)):
            return value
    return None


def more_groups(slots: Sequence[object], members: dict[int, list[Sibling]]) -> list[tuple[int, list[Sibling], bool]]:
    """The groups `proxy.guard.phases.groups` does not list (the section's comment): (the text index of the key or
    word that names them, their values in order, whether they are an object's members)."""
    from proxy.providers.inventory import TreeSlot

    out: list[tuple[int, list[Sibling], bool]] = []
    values: dict[tuple[int, object], int] = {}
    for i, slot in enumerate(slots):
        if isinstance(slot, TreeSlot) and slot.mode == "value" and isinstance(slot.container, dict):
            values[(id(slot.container), slot.cell[0])] = i
    for i, slot in enumerate(slots):
        if not (isinstance(slot, TreeSlot) and slot.mode == "key" and isinstance(slot.container, dict)):
            continue
        value = slot.container.get(slot.cell[0])
        if isinstance(value, list) and 1 <= len(value) <= 4 and all(isinstance(v, list) and v for v in value):
            found = [members.get(id(v)) for v in value]
            if all(f is not None and len(f) == len(v) and all(_scalar(x) for x in v)
                   for f, v in zip(found, value, strict=True)):
                flat = [s for f in found if f is not None for s in f]
                if 3 <= len(flat) <= 6:
                    out.append((i, flat, False))
            continue
        if not isinstance(value, list | dict) or _fold(str(slot.cell[0])) not in _NUMBER_KEYS:
            continue
        group = members.get(id(value))
        items: Any = value.values() if isinstance(value, dict) else value
        if group is None or len(group) < 2 or len(group) != len(value) or not all(_scalar(v) for v in items):
            continue
        word = _phone_word(slot.container)
        where = next((values.get((id(slot.container), k)) for k, v in slot.container.items() if v is word), None)
        if word is not None and where is not None:
            out.append((where, group, isinstance(value, dict)))
    return out


def _scalar(v: object) -> bool:
    return isinstance(v, str | int) and not isinstance(v, bool)


class _Frame:
    """An open container of a JSON text (`json_more_groups`)."""

    __slots__ = ("arrays", "key", "kids", "kids_ok", "members", "obj", "scalar", "strings")

    def __init__(self, key: str | None, obj: bool) -> None:
        self.key = key
        self.obj = obj
        self.members: list[tuple[int, int, str]] = []
        self.scalar = True  # only numbers (whole, not negative) and strings directly in it
        self.kids: list[list[tuple[int, int, str]]] = []  # an array's arrays of scalars
        self.kids_ok = True  # an array whose every item is an array of scalars
        self.strings: dict[str, str] = {}  # an object's string members
        self.arrays: list[tuple[str, list[tuple[int, int, str]]]] = []  # an object's arrays of scalars, by key


def json_more_groups(text: str, inside: bool = False) -> list[tuple[str, list[tuple[int, int, str]], bool]]:
    """`more_groups` for a JSON text (`proxy.guard.keyed.json_groups`' form: the key or the word that names the
    group, its values' (start, end, kind), whether they are an object's members)."""
    import re

    from proxy.guard.keyed import _JSON_PART

    out: list[tuple[str, list[tuple[int, int, str]], bool]] = []
    if "[" not in text:
        return out
    pos = 0
    if inside:
        m = re.compile(r'(?:[^"\\]|\\.)*"?').match(text)
        pos = m.end() if m is not None else len(text)
    stack: list[_Frame] = []
    key: str | None = None
    for m in _JSON_PART.finditer(text, pos):
        bracket = m.group(5)
        if bracket is not None:
            if bracket in "[{":
                if stack:
                    stack[-1].scalar = False
                stack.append(_Frame(key, bracket == "{"))
                key = None
                continue
            if not stack:
                continue
            f = stack.pop()
            parent = stack[-1] if stack else None
            array = not f.obj and f.scalar and bool(f.members)
            if parent is not None and not parent.obj:
                if array:
                    parent.kids.append(f.members)
                else:
                    parent.kids_ok = False
            elif parent is not None and array and f.key is not None:
                parent.arrays.append((f.key, f.members))
            if not f.obj and f.key is not None and not f.members and f.kids_ok and 1 <= len(f.kids) <= 4:
                flat = [x for kid in f.kids for x in kid]
                if 3 <= len(flat) <= 6:
                    out.append((f.key, flat, False))
            if f.obj:
                for k, members in f.arrays:
                    word = _phone_word(f.strings) if _fold(k) in _NUMBER_KEYS and len(members) >= 2 else None
                    if word is not None:
                        out.append((word, members, False))
            key = None
            continue
        if m.group(4) is not None:
            if stack:
                stack[-1].members.append((m.start(4), m.end(4), "number"))
                if m.group(0)[0] == "-" or not m.group(4).isdigit():
                    stack[-1].scalar = False
        elif m.group(6) is not None:
            if stack:
                stack[-1].scalar = False
        elif m.group(3) and m.group(2):
            key = m.group(1)
            continue
        elif stack:
            stack[-1].members.append((m.start(1), m.end(1), "string"))
            if stack[-1].obj and key is not None:
                stack[-1].strings[key] = m.group(1)
        key = None
    return out
