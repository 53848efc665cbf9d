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


# --- a name inside a camelCase or PascalCase identifier (`lookupBillWhite`, `getHopeYoungProfile`) ---------------

# An identifier of letters whose words start with a capital after the first (`lookupBillWhite`, `GetHopeYoungProfile`),
# maybe with digits after it; `proxy.guard.names26` reads the `_`-joined forms (`lookup_Bill_White`) and a name run
# together alone (`BillWhite`, `JohnSmith1985`).
_CAMEL = re.compile(r"(?P<head>[a-z]{2,20}|[A-Z][a-z]+)(?P<rest>(?:[A-Z][a-z]+){2,5})(?P<digits>[0-9]{0,4})")
_PART = re.compile(r"[A-Z][a-z]+")
# The words of a person's record after a name (`getHopeYoungProfile`, `fetchPriyaSharmaDetails`).
_RECORD_WORDS = frozenset({"profile", "record", "records", "details", "info", "contact", "contacts", "account",
                           "data", "address", "email", "phone", "bio", "file", "history", "card", "status"})


def camel_joined(text: str) -> list[tuple[int, int, list[int]]]:
    """The name of two or three words inside a camelCase or PascalCase identifier (`text` alone, its blanks around
    it aside): (start, end, where a space is read: each word's first letter from the identifier's second word on),
    as `proxy.guard.names26.joined` gives a `_`-joined name's (the check reads `lookup Priya Raghunathan`, `get Priya
    Sharma Profile`). Its words are a listed given name, then listed names (`names26._is_name`), none of them an
    ordinary word that no list holds as a name (`getUserProfile`, `lookupOrderStatus`, `getMaxRetries` have none), and
    it ends the identifier or stands before one word of a person's record (`Profile`, `Details`, `Contact`...).
    Everyday-word names (`lookupBillWhite`) are no listed names here, as in the `_`-joined forms (`lookup_Bill_White`):
    the check would read them as words."""
    value = text.strip()
    if "_" in value or len(value) > 80:
        return []
    m = _CAMEL.fullmatch(value)
    if m is None:
        return []
    from proxy.guard.names26 import _is_name, _wordlike
    from proxy.nlp.names import name_lists

    lead = len(text) - len(text.lstrip())
    words = [(lead + m.start("head"), m.group("head"))]
    words += [(lead + w.start(), w.group()) for w in _PART.finditer(value, m.start("rest"), m.end("rest"))]
    lists = name_lists()
    for i in range(len(words)):
        if not lists.is_first(words[i][1]):
            continue
        for j in range(min(len(words), i + 3), i + 1, -1):
            parts = tuple(w for _, w in words[i:j])
            if not all(p[0].isupper() for p in parts) or not _is_name(parts, True):
                continue
            if any(_wordlike(p) and not lists.is_name(p) for p in parts[1:]):
                continue  # (`getMaxRetries`)
            if j < len(words) and (j + 1 < len(words) or words[j][1].lower() not in _RECORD_WORDS):
                continue  # (a name ends the identifier or stands before a record's word: `getMorganStanleyQuote`,
                # `getHarryPotterBook` are no person's; camelCase tool names are common, a finding refuses)
            start = words[i][0]
            joints = [at for at, _ in words[1:]] + ([lead + m.start("digits")] if m.group("digits") else [])
            return [(start, words[j - 1][0] + len(words[j - 1][1]), joints)]
    return []


__all__ = ["camel_joined", "json_reading", "json_value"]
