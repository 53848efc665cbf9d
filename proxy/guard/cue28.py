"""A tool's result that is JSON holding one value, read with its call's name (issue 12, atk26 leftovers; cue28).

`proxy.guard.context24` reads a short tool result with the context word of its call's name (`get_customer_name` ->
`Hope Young` read as `Name: Hope Young`); a result in JSON (`{"result": "Hope Young"}`, `["Hope Young"]`, `"Hope
Young"`, `{"data": {"value": 6175550143}}`) was no short text and went as sent when its key names nothing (a person's
key, `{"name": "Hope Young"}`, is read by `proxy.nlp.fullnames`). `json_value` finds the one value such a result holds:
a JSON document (at most `MOST_NODES` nodes) whose only string, or whose only integer of five digits or more, is short
(`context24.short`); booleans, nulls and small numbers beside it are no value (`{"ok": true, "result": "Bill White",
"count": 1}`). `json_reading` gives the check the whole result as written, then a blank line and the value after the
call's context word (`Name: Hope Young`), mapped back onto the value's characters: the result is read whole as before,
and the value once more with its context.
"""

from __future__ import annotations

import json
import re
from typing import Any

MOST_NODES = 12
_BIG = 10_000
_DIGITS = re.compile(r"(?<![\w.])-?[0-9]+(?![\w.])")


def _leaves(doc: Any, out: list[Any], budget: list[int]) -> bool:
    """The value candidates of `doc` into `out`; False when the document has more than its budget of nodes."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    if isinstance(doc, dict):
        return all(_leaves(v, out, budget) for v in doc.values())
    if isinstance(doc, list):
        return all(_leaves(v, out, budget) for v in doc)
    if isinstance(doc, str) or (isinstance(doc, int) and not isinstance(doc, bool) and abs(doc) >= _BIG):
        out.append(doc)
    return True


def json_value(text: str) -> tuple[int, int] | None:
    """[start, end) of the one value of a JSON tool result (see the module's docstring) in `text`, else None."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[\"" or len(stripped) > 400:
        return None
    try:
        doc = json.loads(stripped)
    except ValueError:
        return None
    leaves: list[Any] = []
    if not _leaves(doc, leaves, [MOST_NODES]) or len(leaves) != 1:
        return None
    from proxy.guard.context24 import short

    value = leaves[0]
    if isinstance(value, str):
        if not short(value):
            return None
        at = text.find(json.dumps(value, ensure_ascii=False))
        if at < 0 or text.find(json.dumps(value, ensure_ascii=False), at + 1) >= 0:
            return None  # (written with escapes, or twice: a key too)
        return at + 1, at + 1 + len(value)
    spots = [m for m in _DIGITS.finditer(text) if m.group() == str(value)]
    return spots[0].span() if len(spots) == 1 else None


def json_reading(text: str, prefix: str) -> tuple[str, list[int]] | None:
    """The reading of a JSON tool result with its one value after `prefix` (`Name: `), and for each offset of it
    (one more at its end) the text's; None when `text` holds no such value."""
    span = json_value(text)
    if span is None:
        return None
    a, b = span
    tail = "\n\n" + prefix
    read = text + tail + text[a:b]
    where = [*range(len(text)), *([len(text)] * len(tail)), *range(a, b), b]
    return read, where


__all__ = ["json_reading", "json_value"]
