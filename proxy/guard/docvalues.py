"""A streamed JSON document's values read as the whole answer reads them (fields20, tablesplit16's leftover).

A stream reads a window of tool call arguments as one text (`proxy.guard.windows.OutputWindows._check_window`), so
a word of one string lent its type to the digits of another: `{"label": "phone", "order": "2125550199"}`, `{"t":
"Phones:\\n", "v": "2125550199"}`, `{"t": "| name | ssn |\\n|---|---|\\n", "order": "536904399"}` went out with the
order number redacted, while the whole answer reads each key and value as a text of its own
(`proxy.guard.phases.decoded`, the values of one document read together: `proxy.guard.joined.sibling_joints`,
`proxy.guard.keyed.keyed_values`) and keeps it. A key's header governs its own string only.

`dropped` lists the window's `pii` findings that lie inside one value given whole in the window (a string closed in
it that did not start before it, or a number) which the whole answer's reading of the window's texts (the window's
keys and values as texts of their own, in order, one document, after the group's other texts) does not hold: the
same type over the same characters. What lies across values (`{"a": "617", "b": "555", "c": "0143"}` is one phone
number, each value a piece: the document reading finds it too), in a string the window continues or leaves open
(its other part is in another window), or in a key (`_keys_alone`) is not judged here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from proxy.config.policy import Policy
from proxy.guard.checks.base import Finding
from proxy.guard.headings import json_strings
from proxy.guard.joined import Join, Sibling, json_values
from proxy.guard.vault import Vault

if TYPE_CHECKING:
    from proxy.guard.engine import Guard, PhaseResult


class Value(NamedTuple):
    """A key or value of a JSON window: where its characters are in the raw text (`start`, `end`), its text decoded,
    the raw offset of each of its characters and of its end (None for a number: as written), `key`, `string` or
    `number`, and whether the window holds all of it."""

    start: int
    end: int
    text: str
    at: list[int] | None
    kind: str
    whole: bool


def window_values(raw: str, inside: bool = False) -> list[Value]:
    """The keys, strings and numbers of a JSON window (`inside`: it starts inside a string), in order."""
    out: list[Value] = []
    for piece in json_strings(raw, inside):
        start, end = piece.at[0], piece.at[-1]
        after = end + 1
        while after < len(raw) and raw[after] in " \t\r\n":
            after += 1
        key = not piece.open and after < len(raw) and raw[after] == ":"
        out.append(Value(start, end, piece.text, piece.at, "key" if key else "string",
                         not piece.goes_on and not piece.open))
    numbers = [Value(a, b, raw[a:b], None, "number", b < len(raw)) for a, b, kind in json_values(raw, inside)
               if kind == "number"]
    return sorted(out + numbers, key=lambda v: v.start)


_PIECE = 5  # a finding shorter than this inside a value is a piece of a value across values (no value alone)


def _within(f: Finding, values: Sequence[Value]) -> int:
    """The index of the whole value (no key) `f` lies inside, or -1."""
    for n, v in enumerate(values):
        if v.whole and v.kind != "key" and v.start <= f.start and f.end <= v.end:
            return n
    return -1


def _raw(v: Value, start: int, end: int) -> tuple[int, int]:
    if v.at is None:
        return v.start + start, v.start + end
    return v.at[min(start, len(v.at) - 1)], v.at[min(end, len(v.at) - 1)]


async def dropped(guard: Guard, policy: Policy, vault: Vault | None, pieces: Sequence[tuple[str, bool, bool]],
                  found: Sequence[Sequence[Finding]]) -> list[list[Finding]]:
    """Per piece of a window (`pieces`: its raw text, whether it is a JSON document read as one, whether it starts
    inside a string), the `pii` findings of `found` the whole answer's reading does not hold (module docstring).
    One more reading of the window, and only where a finding lies inside a value."""
    out: list[list[Finding]] = [[] for _ in pieces]
    if policy.output.pii is None:
        return out
    values: list[list[Value]] = []
    suspects: list[list[tuple[Finding, int]]] = []
    for (raw, is_doc, inside), per in zip(pieces, found, strict=True):
        vals = window_values(raw, inside) if is_doc and any(f.check == "pii" and f.start < f.end for f in per) \
            else []
        values.append(vals)
        suspects.append([(f, n) for f in per if f.check == "pii" and f.start < f.end
                         and (n := _within(f, vals)) >= 0] if vals else [])
    for k, pairs in enumerate(suspects):  # short pieces of one type over several values: a group across them
        spread: dict[str, set[int]] = {}  # (`{"ssn_digits": [3, 8, 7, ...]}` as one SSN, `"617"`, `"555"`): not
        for f, n in pairs:                # judged here
            if f.end - f.start < _PIECE:
                spread.setdefault(f.kind, set()).add(n)
        suspects[k] = [(f, n) for f, n in pairs if f.end - f.start >= _PIECE or len(spread[f.kind]) < 2]
    if not any(suspects):
        return out
    result, first = await _read_values(guard, policy, vault, pieces, values)
    for k, pairs in enumerate(suspects):
        for f, n in pairs:
            v = values[k][n]
            held = [_raw(v, g.start, g.end) + (g.kind,) for g in result.findings[first[k] + n] if g.start < g.end]
            if not any(kind == f.kind and a < f.end and f.start < b for a, b, kind in held):
                out[k].append(f)
    return out


def _spanned(f: Finding, values: Sequence[Value]) -> list[int]:
    """The indexes of the whole values (no key) a finding runs over, two or more (`[617, 555, 1234]` read as one
    phone number), when it lies over nothing else (keys, values the window does not hold whole); else none."""
    over = [n for n, v in enumerate(values) if v.start < f.end and f.start < v.end]
    if len(over) < 2 or not all(values[n].whole and values[n].kind != "key" for n in over):
        return []
    return over if values[over[0]].start <= f.start + 1 and f.end - 1 <= values[over[-1]].end else []


async def across(guard: Guard, policy: Policy, vault: Vault | None, pieces: Sequence[tuple[str, bool, bool]],
                 found: Sequence[Sequence[Finding]]) -> list[list[tuple[Finding, list[Finding]]]]:
    """Per piece of a window (as `dropped`), each `pii` finding that runs over several whole values of a JSON
    document (`{"phone": "", "ports": [8443, 3000, 9090, 80]}` read as one text: the key's word lent the numbers its
    type) with what the whole answer's reading holds of it instead (fields22): a finding of its type inside each value
    it covers, one per value (the array keeps its length: `["<PHONE_NUMBER_1>", "<PHONE_NUMBER_2>", ...]`); none,
    where a value it covers holds none (the finding is dropped: the whole answer keeps the values)."""
    out: list[list[tuple[Finding, list[Finding]]]] = [[] for _ in pieces]
    if policy.output.pii is None:
        return out
    values: list[list[Value]] = []
    suspects: list[list[tuple[Finding, list[int]]]] = []
    for (raw, is_doc, inside), per in zip(pieces, found, strict=True):
        wide = [f for f in per if f.check == "pii" and f.start < f.end and "," in raw[f.start:f.end]]
        vals = window_values(raw, inside) if is_doc and wide else []
        values.append(vals)
        suspects.append([(f, over) for f in wide if (over := _spanned(f, vals))] if vals else [])
    if not any(suspects):
        return out
    result, first = await _read_values(guard, policy, vault, pieces, values)
    for k, pairs in enumerate(suspects):
        for f, over in pairs:
            instead: list[Finding] = []
            for n in over:
                v = values[k][n]
                held = [_raw(v, g.start, g.end) for g in result.findings[first[k] + n]
                        if g.start < g.end and g.kind == f.kind]
                if not held:
                    if any(c.isdigit() for c in v.text):
                        instead = []
                        break
                    continue
                instead.extend(replace(f, start=a, end=b) for a, b in held)
            out[k].append((f, instead))
    return out


async def _read_values(guard: Guard, policy: Policy, vault: Vault | None, pieces: Sequence[tuple[str, bool, bool]],
                       values: list[list[Value]]) -> tuple[PhaseResult, list[int]]:
    """The `pii` reading of the windows' values as a whole answer reads them (each value a text, the values of one
    document read together, a piece without values read whole), and per piece the index of its first text."""
    texts: list[str] = []
    joins: list[Join] = []
    documents: list[list[Sibling]] = []
    first: list[int] = []  # per piece, the index of its first text
    for (raw, _, _), vals in zip(pieces, values, strict=True):
        first.append(len(texts))
        if not vals:
            texts.append(raw)
            joins.append(True)
            continue
        documents.append([(len(texts) + n, v.kind) for n, v in enumerate(vals)])
        texts.extend(v.text for v in vals)
        joins.extend(None if v.kind == "key" else v.kind == "string" for v in vals)
    result = await guard.run_phase(policy, "output", texts, vault=vault, only={"pii"}, joinable=joins,
                                   documents=[d for d in documents if len(d) > 1])
    return result, first
