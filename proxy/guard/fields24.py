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

__all__ = ["array_padding", "first_last_candidates", "first_last_values", "more_groups"]


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
# a group under a key that names no type, with a sibling member whose string value names a phone number (a word
# or two: `phone`, `mobile`, `cell phone`), as one under that word. Version arrays, dates and ports keep their keys
# (`{"version": [3, 11, 4]}`, `{"date": [2024, 12, 31]}`): no type, no phone word beside them.

def array_padding(entity: str, loose: bool, parts: Sequence[str], numbers: Sequence[bool]) -> bool:
    """Whether an array's groups (`parts`, which are JSON `numbers`) may be padded back to their widths."""
    return entity == "PHONE_NUMBER" and not loose and len(parts) == 3 and len(parts[0]) == 3 \
        and len(parts[1]) == 3 and numbers[2] and 2 <= len(parts[2]) <= 3


_MAX_WORD = 24  # characters of a sibling's value that says "phone"


def more_groups(slots: Sequence[object], members: dict[int, list[Sibling]]) -> list[tuple[int, list[Sibling], bool]]:
    """The groups `proxy.guard.phases.groups` does not list (the section's comment): (the text index of the key or
    word that names them, their values in order, whether they are an object's members)."""
    from proxy.guard.keyed import named
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
        if isinstance(value, list) and 2 <= len(value) <= 4 and all(isinstance(v, list) and v for v in value):
            found = [members.get(id(v)) for v in value]
            if all(f is not None and len(f) == len(v) and all(_scalar(x) for x in v)
                   for f, v in zip(found, value, strict=True)):
                flat = [s for f in found if f is not None for s in f]
                if 3 <= len(flat) <= 6:
                    out.append((i, flat, False))
            continue
        if not isinstance(value, list | dict) or named(str(slot.cell[0])):
            continue
        group = members.get(id(value))
        items: Any = value.values() if isinstance(value, dict) else value
        if group is None or len(group) < 2 or len(group) != len(value) or not all(_scalar(v) for v in items):
            continue
        for key, other in slot.container.items():
            if isinstance(other, str) and len(other) <= _MAX_WORD and (id(slot.container), key) in values \
                    and any(e == "PHONE_NUMBER" and not loose for e, loose in named(other)):
                out.append((values[(id(slot.container), key)], group, isinstance(value, dict)))
                break
    return out


def _scalar(v: object) -> bool:
    return isinstance(v, str | int) and not isinstance(v, bool)
