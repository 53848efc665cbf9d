"""One typed value split over sibling keys of one object (fields22): `{"ssn": "536", "rest": "904399"}`.

The values of one object are read together a space apart (`proxy.guard.joined.sibling_joints`), which finds a value
whose parts are its printed groups (`{"a": "617", "b": "555", "c": "0143"}`), and an object under a key that names
a type is one group (`proxy.guard.keyed.group_reading`: `{"ssn": {"a": "536", "b": "904399"}}`). A value cut at
another place, under keys of its own in an object with no such key above it, went up whole: `{"ssn": "536",
"rest": "904399"}` reads `536 904399`, no SSN's groups; `{"iban": "DE89370400", "rest": "440532013000"}` no IBAN.

`split_readings` reads such a value as one (a `Keyed` reading with a piece per value, each redacted on its own):
adjacent members of an object (a key then its value, 2 to `MAX_PARTS` of them in document order) whose keys
all say one typed value: at least one key names the type (`ssn`, `social_security`, `phone`, `mobile`, `card`,
`iban`: `proxy.guard.keyed.named`, strictly: not `to`, `from`), and every other one names it too (`ssn2`,
`card_rest`) or names only a part (`rest`, `part2`, `last`, `suffix`, `digits`, a letter, a number: `_PART_WORDS`).
Each value is a short run of digits (a string or a whole number; an IBAN's may have letters, its first its country
code and check digits), and the digits joined must be the type whole: an SSN's 9 (the SSA's rules), a phone
number's 10 or 11 (valid to `phonenumbers`), a card's 13-19 with its issuer's prefix and Luhn, an IBAN its
country's layout and mod 97. So ids, quantities and prices beside a typed key are not joined: their keys name
something else (`{"phone": "617", "qty": "5550143"}`, `{"ssn_last4": "4399", "order": "536"}`), and a value that
is whole in one member is read there (`proxy.guard.keyed`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from proxy.guard.joined import JSON, JSON_IN_STRING, Sibling, json_values, key_words

if TYPE_CHECKING:
    from proxy.guard.keyed import Keyed

MAX_PARTS = 6  # members of one split value (an IBAN in its printed groups of 4: up to 8 groups, 6 kept)
_DIGITS = re.compile(r"[0-9]{1,19}", re.ASCII)
_IBAN_PART = re.compile(r"[A-Za-z0-9]{1,34}", re.ASCII)
_IBAN_HEAD = re.compile(r"[A-Za-z]{2}[0-9]{2}", re.ASCII)
# Key words that name a part of a value, not a value of their own.
_PART_WORDS = frozenset({
    "rest", "remainder", "remaining", "part", "parts", "pt", "piece", "chunk", "segment", "seg", "first", "second",
    "third", "fourth", "fifth", "last", "end", "tail", "head", "suffix", "prefix", "cont", "continued", "more",
    "next", "digits", "digit", "group", "block", "middle", "mid", "start", "begin", "lo", "hi", "low", "high",
    "upper", "lower", "left", "right", "half", "other", "area", "exchange", "line", "number", "num", "no", "nr"})
_IBAN_WORDS = frozenset({"iban", "ibans"})
_LENGTHS = {"US_SSN": (9, 9), "PHONE_NUMBER": (10, 11), "CREDIT_CARD": (13, 19), "IBAN_CODE": (15, 34)}

Member = tuple[int, int, int, str, str, str]  # text index, start, end, kind, the value's text, its key


def _types(key: str) -> set[str]:
    """The types `key` names strictly (`proxy.guard.keyed.named`, and `iban`)."""
    from proxy.guard.keyed import named

    out = {entity for entity, loose in named(key) if not loose}
    if key_words([key]) & _IBAN_WORDS or "iban" in key[:64].lower():
        out.add("IBAN_CODE")
    return out


def _part_key(key: str) -> bool:
    """A key that names only a part of a value: its words are part words or single letters (`rest`, `p2`, `b`),
    or it has none (`2`)."""
    return all(w in _PART_WORDS or len(w) == 1 for w in key_words([key]))


def _valid(entity: str, value: str) -> bool:
    from proxy.guard.keyed import _plausible, _printed, valid_group

    lo, hi = _LENGTHS[entity]
    if not lo <= len(value) <= hi:
        return False
    if entity == "IBAN_CODE":
        from proxy.nlp.normalize import iban_checks, iban_layouts

        iban = value.upper()
        layout = iban_layouts().get(iban[:2])
        return layout is not None and layout.fullmatch(iban) is not None and iban_checks(iban)
    if entity == "CREDIT_CARD" and not _plausible(entity, value):
        return False
    if entity == "PHONE_NUMBER" and len(value) == 11 and value[0] != "1":
        return False
    return valid_group(entity, _printed(entity, value))


def _reading(entity: str, value: str) -> str:
    from proxy.guard.keyed import _printed

    return value.upper() if entity == "IBAN_CODE" else _printed(entity, value)


def _part(entity: str, text: str, kind: str, first: bool) -> bool:
    if entity == "IBAN_CODE":
        return kind == "string" and _IBAN_PART.fullmatch(text) is not None \
            and (not first or _IBAN_HEAD.match(text) is not None)
    return _DIGITS.fullmatch(text) is not None


def _runs(items: Sequence[tuple[int, int, int, str, str]]) -> list[list[Member]]:
    """The runs of adjacent members (a key right before its value) of a document's items in order."""
    runs: list[list[Member]] = []
    run: list[Member] = []
    n = 0
    while n < len(items):
        if n + 1 < len(items) and items[n][3] == "key" and items[n + 1][3] in ("string", "number"):
            i, a, b, kind, text = items[n + 1]
            run.append((i, a, b, kind, text.strip() if kind == "string" else text, items[n][4]))
            n += 2
            continue
        if len(run) > 1:
            runs.append(run)
        run = []
        n += 1
    if len(run) > 1:
        runs.append(run)
    return runs


def _split_in(run: Sequence[Member], entities: frozenset[str]) -> list[tuple[str, str, list[Member]]]:
    """The split values of one run of members: (type, value joined, members)."""
    out: list[tuple[str, str, list[Member]]] = []
    types = [_types(key) for *_, key in run]
    parts = [_part_key(key) for *_, key in run]
    named = sorted(set().union(*types) & entities)
    start = 0
    while start < len(run) - 1:
        found = None
        for entity in named:
            for stop in range(start + 2, min(len(run), start + MAX_PARTS) + 1):
                window = run[start:stop]
                if not all((entity in types[k] or parts[k]) and _part(entity, m[4], m[3], k == start)
                           for k, m in zip(range(start, stop), window, strict=True)):
                    break
                value = "".join(m[4] for m in window)
                if any(entity in types[k] for k in range(start, stop)) and _valid(entity, value):
                    found = (entity, value, list(window))
                    break
                if len(value) > _LENGTHS[entity][1]:
                    break
            if found is not None:
                break
        if found is None:
            start += 1
            continue
        out.append(found)
        start += len(found[2])
    return out


def split_readings(texts: Sequence[str], documents: Sequence[Sequence[Sibling]] = (),
                   json_texts: Sequence[int] | None = None, entities: frozenset[str] = frozenset()) -> list[Keyed]:
    """`proxy.guard.keyed.Keyed` readings of the values split over sibling keys (the module's docstring) in
    `documents` and in the JSON texts (`json_texts`, or a text that is a JSON document as a whole)."""
    from proxy.guard.keyed import CONTEXT_WORD, Keyed, json_like

    wanted = frozenset(entities) & frozenset(CONTEXT_WORD) - {"EMAIL_ADDRESS"}
    out: list[Keyed] = []
    if not wanted:
        return out
    sources: list[list[tuple[int, int, int, str, str]]] = []
    for document in documents:
        items = [(i, 0, len(texts[i]), kind, texts[i]) for i, kind in document if i < len(texts)]
        if len(items) >= 4 and sum(1 for it in items if it[3] != "key") >= 2:
            sources.append(items)
    for i, text in enumerate(texts):
        how = json_texts[i] if json_texts is not None and i < len(json_texts) else 0
        if not how and json_like(text):
            how = JSON
        if how and text.count(":") >= 2:
            sources.append([(i, a, b, kind, text[a:b]) for a, b, kind in json_values(text, how == JSON_IN_STRING)
                            if kind != "number" or a == 0 or text[a - 1] != "-"])
    for items in sources:
        for run in _runs(items):
            if not any(_types(key) & wanted for *_, key in run):
                continue
            for entity, value, members in _split_in(run, wanted):
                pieces = tuple((i, a, b) for i, a, b, *_ in members)
                out.append(Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], entity, False,
                                 f"{CONTEXT_WORD[entity]}: {_reading(entity, value)}", pieces))
    return out


__all__ = ["MAX_PARTS", "split_readings"]
