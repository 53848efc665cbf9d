"""A value given in parts counts once in the decision record (join43): an e-mail address given as its local part and
its domain (`{"user": "jane.doe", "domain": "example.com"}`, a mailbox table's row), an IBAN as its country, check
digits and account, a card or an SSN read back in parts (`starts with 4539 1488 and ends with 0343 6467`, `SSN area
536, group 90, serial 4399`): `proxy.nlp.join42` redacts each part where its characters are; here the findings over
one value's parts share `Finding.value`, so `proxy.guard.engine._counts` counts the value once (`EMAIL_ADDRESS: 1`,
not 2). Asked only of a text with two findings or more of one such type; pure, CPU only."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator, Sequence

from proxy.guard.checks.base import Finding
from proxy.nlp.join42 import PART_ENTITIES, part_values

__all__ = ["counted_once", "needs_counting"]


def needs_counting(findings: Sequence[Finding]) -> bool:
    """Whether `findings` (one text's) hold two or more findings of a type a value may be given in parts of."""
    kinds = Counter(f.kind for f in findings if f.check == "pii" and f.kind in PART_ENTITIES)
    return any(n > 1 for n in kinds.values())


def counted_once(texts: Sequence[str], out: Sequence[Sequence[Finding]], values: Iterator[int],
                 ) -> list[list[Finding]]:
    """`out` (per text, the check's findings) with the findings over the parts of one value given in parts sharing
    one `value` (`values`: fresh ones, `proxy.guard.checks.pii._VALUES`); a finding already a piece of a value read
    over cuts or fields keeps that value and the value's other parts take it."""
    result = [list(found) for found in out]
    for i, (text, found) in enumerate(zip(texts, result, strict=True)):
        if not needs_counting(found):
            continue
        for entity, parts in part_values(text, {f.kind for f in found}):
            hit = [k for k, f in enumerate(found) if f.check == "pii" and f.kind == entity
                   and any(f.start < b and a < f.end for a, b in parts)]
            if len(hit) < 2:
                continue
            value = min((found[k].value for k in hit if found[k].value), default=0) or next(values)
            for k in hit:
                found[k] = dataclasses.replace(found[k], value=value)
        result[i] = found
    return result
