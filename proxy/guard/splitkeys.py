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
_IBAN_HEAD = re.compile(r"[A-Za-z]{1,2}|[A-Za-z]{2}[0-9]", re.ASCII)  # the start of a country code, check digits
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
            and (not first or _IBAN_HEAD.fullmatch(text[:3]) is not None)
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
            if "PHONE_NUMBER" in wanted:  # a phone number over its parts' keys (`{"area_code": ...}`: split26)
                from proxy.guard.split26 import phone_parts

                out.extend(phone_parts(run))
            if "IP_ADDRESS" in wanted:  # an address cut at a dot (`{"a": "192.168", "b": "10.77"}`: split26)
                from proxy.guard.split26 import ip_halves

                out.extend(ip_halves(run))
            if not any(_types(key) & wanted for *_, key in run):
                continue
            for entity, value, members in _split_in(run, wanted):
                pieces = tuple((i, a, b) for i, a, b, *_ in members)
                out.append(Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], entity, False,
                                 f"{CONTEXT_WORD[entity]}: {_reading(entity, value)}", pieces))
    return out





# ------------------------------------------------------------------------------- documents over texts
#
# A JSON document written over several texts joined directly (content parts, messages: `{"ssn": "536", ` +
# `"rest": "904399"}`), or written inside prose (`Here is the record: {"ssn": "536", "rest": "904399"} thanks`),
# is readable only joined, or only cut out of its text: each is read as a JSON text (`proxy.guard.keyed.keyed_values`:
# values under keys that name their type, groups, values split over sibling keys, an e-mail address in two
# values) and what it finds is mapped back to the texts, a piece per text a value lies in.
MAX_JOINED = 50_000  # characters of one run of texts read for documents
MAX_TRIES = 64  # brackets tried as a document's start in one run
_OPEN = re.compile(r"[{\[]")
_KEYED = re.compile(r'"\s*:')


def _documents_in(joined: str) -> list[tuple[int, int]]:
    """(start, end) of each JSON object or array with a key in `joined`, outermost, in order."""
    import json

    out: list[tuple[int, int]] = []
    decoder = json.JSONDecoder()
    pos, tries = 0, 0
    while tries < MAX_TRIES:
        m = _OPEN.search(joined, pos)
        if m is None:
            break
        tries += 1
        try:
            _, end = decoder.raw_decode(joined, m.start())
        except ValueError:
            pos = m.end()
            continue
        if _KEYED.search(joined, m.start(), end) is not None:
            out.append((m.start(), end))
        pos = end
    return out


def _at(bases: Sequence[int], offset: int, ends: bool = False) -> int:
    """The text (its place in a run) that holds a joined offset (an end: the one it ends in)."""
    k = len(bases) - 1
    while k > 0 and (bases[k] >= offset if ends else bases[k] > offset):
        k -= 1
    return k


def _segments(texts: Sequence[str], kept: Sequence[int], bases: Sequence[int], a: int,
              b: int) -> tuple[tuple[int, int, int], ...]:
    """[a, b) of a run's joined text as (text index, start, end) per text it lies in."""
    out = []
    for k in range(_at(bases, a), _at(bases, b, True) + 1):
        lo, hi = max(a, bases[k]), min(b, bases[k] + len(texts[kept[k]]))
        if lo < hi:
            out.append((kept[k], lo - bases[k], hi - bases[k]))
    return tuple(out)


def split_across(texts: Sequence[str], joinable: Sequence[bool | str | None] | None,
                 json_texts: Sequence[int] | None, entities: frozenset[str]) -> list[Keyed]:
    """The keyed readings (`proxy.guard.keyed.keyed_values`) of the JSON documents written over texts joined
    directly, or inside a text that is no JSON document as a whole (the section's comment), in the texts' offsets:
    a reading inside one text as it is, one across texts as a piece per text."""
    from proxy.guard.keyed import Keyed, group_reading, json_groups, json_like, keyed_values

    out: list[Keyed] = []
    if not entities or not any('":' in t or '" :' in t for t in texts):
        return out
    runs: list[list[int]] = []
    run: list[int] = []
    for i, text in enumerate(texts):
        how = joinable[i] if joinable is not None and i < len(joinable) else (True if joinable is None else False)
        read = json_texts[i] if json_texts is not None and i < len(json_texts) else 0
        if how is True and not read and text:
            run.append(i)
            continue
        if run:
            runs.append(run)
        run = [i] if how is True and not read and text else []
    if run:
        runs.append(run)
    for members in runs:
        bases: list[int] = []
        pos = 0
        kept: list[int] = []
        for i in members:
            if pos + len(texts[i]) > MAX_JOINED:
                break
            kept.append(i)
            bases.append(pos)
            pos += len(texts[i])
        if not kept:
            continue
        joined = "".join(texts[i] for i in kept)
        if '":' not in joined and '" :' not in joined:
            continue

        for start, end in _documents_in(joined):
            first, last = _at(bases, start), _at(bases, end, True)
            if first == last and json_like(texts[kept[first]].strip()):
                continue  # a JSON text as a whole: read as one already
            doc = joined[start:end]
            readings = keyed_values([doc], (), [JSON], entities)
            if doc[0] == "{":  # its own members as a group (`{"a": "617", "b": "555", "c": "0143"}`, a key's none)
                readings += [Keyed(0, k.start - 4, k.end - 4, k.entity, k.loose, k.text,
                                   tuple((0, a - 4, b - 4) for _, a, b in k.pieces))
                             for name, members, is_object in json_groups('{"":' + doc + "}") if not name
                             and len(members) > 1 and members[0][0] > 4
                             for k in group_reading(name, [(0, a, b, kind, doc[a - 4:b - 4])
                                                           for a, b, kind in members], entities, padded=is_object)]
            for k in readings:
                if k.pieces:
                    pieces = tuple(s for _, a, b in k.pieces
                                   for s in _segments(texts, kept, bases, start + a, start + b))
                    if pieces:
                        out.append(Keyed(pieces[0][0], pieces[0][1], pieces[-1][2], k.entity, k.loose, k.text,
                                         pieces))
                    continue
                a, b = start + k.start, start + k.end
                where = _segments(texts, kept, bases, a, b)
                if len(where) == 1:
                    i, sa, sb = where[0]
                    out.append(Keyed(i, sa, sb, k.entity, k.loose, k.text))
                elif where:
                    out.append(Keyed(where[0][0], where[0][1], where[-1][2], k.entity, k.loose, k.text, where))
    return out
__all__ = ["MAX_PARTS", "split_across", "split_readings"]
