"""Where an address read across a restored value's edge begins and ends as a model writes one (issue 12, atk24b F7).

Output `pii` reads the answer restored: an address that crosses a restored value's edge is one the model composed
(`<PERSON_1>.<PERSON_2>@acme.com`, `bob.<EMAIL_ADDRESS_1>`: `proxy.guard.checks.pii.composed`), redacted whole. The
analyser's e-mail pattern takes every character RFC 5322 allows into a local part, `/`, `\\`, `#` and `_` included,
so a path or a key before the client's address (`GET /api/v1/users/<EMAIL_ADDRESS_1>`, `/home/<EMAIL_ADDRESS_1>/`,
`user_<EMAIL_ADDRESS_1>`) read `users/maria@x.com` as one address the model composed, and the client got
`GET /<EMAIL_ADDRESS_2>`: the path eaten and its own value withheld. Measured per character (`tests/guard/
test_restore24b.py`, the tester's paths and neighbours):

- a local part as models write it holds no `/`, `\\` or `#`: the address begins after the last of them before its
  `@` (`users/` + the client's address is the client's address; `a/<PERSON_1>.<PERSON_2>@acme.com` still composes
  `Jane.Smith@acme.com`);
- an ordinary word (not a name) joined by `_` or `-` to a whole restored address is a key's or a name's prefix
  (`user_`, `team_`, `backup-`), not a mailbox: a name there (`jane_`, `bob-`) and `.` (`bob.`) still compose;
- a host name holds no `_`: an address ends at the restored address's end before one (`<EMAIL_ADDRESS_1>_old`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from proxy.nlp.pii import Span
from proxy.nlp.segment import ordinary_word

# What no local part a model writes holds; the address begins after the last one before its `@`.
_NOT_LOCAL = "/\\#"
_JOINED_WORD = re.compile(r"([A-Za-z]{2,24})[_-]\Z")


def address_reading(text: str, own: Sequence[tuple[int, int]], span: Span) -> Span | None:
    """`span` (read in a restored view, `text`; `own`: where its restored values lie) as an address a model writes
    (above): trimmed, or None where what is left is the client's restored address alone or the model's prefix to it.
    Any other entity, or an address without these characters, is returned as it is."""
    if span.entity != "EMAIL_ADDRESS":
        return span
    start, end = span.start, span.end
    value = text[start:end]
    if not any(c in value for c in _NOT_LOCAL) and "_" not in value and "-" not in value:
        return span
    at = text.find("@", start, end)
    if at < 0:
        return span
    inside = [(a, b) for a, b in own if a < end and start < b]
    for k in range(at - 1, start - 1, -1):
        if text[k] in _NOT_LOCAL and not any(a <= k < b for a, b in inside):
            start = k + 1
            break
    holder = next(((a, b) for a, b in inside if a <= at < b), None)  # a restored value holding the `@`: an address
    if holder is not None:
        a, b = holder
        if b < end and text[b] == "_":
            end = b  # (no host name holds `_`)
        if start < a:
            word = _JOINED_WORD.search(text, start, a)
            if word is not None and word.start() == start and ordinary_word(word.group(1)) \
                    and not _listed_name(word.group(1)):
                return None
        if a <= start and end <= b:
            return None
    if start >= end or "@" not in text[start:end]:
        return None
    return span if (start, end) == (span.start, span.end) else Span(span.entity, start, end, span.score)


def _listed_name(word: str) -> bool:
    from proxy.guard.checks.pii import _listed_name as listed

    return listed(word)
