"""Ids the provider issued, resent as the client got them: they go up as sent (thinking22).

An id in a request is exempt while it has an id's shape (`proxy.providers.idshape.id_shaped`: at most 8 digits in a
row...); one of another shape is screened as text, so that a value a client writes into an id (`call_4111111111111111`)
does not reach the provider. A provider may issue ids of such shapes itself (a counter of 20 digits, a UUID whose hex
holds a long run of digits): resent in the next turn of a tool loop (an assistant `tool_use.id` and its
`tool_result.tool_use_id`, chat `tool_calls[].id` and `tool_call_id`, Responses `call_id` and item `id`), such an id
was read as text by every rule and rewritten where one found something in its digits (a `DATE_TIME` in
`toolu_mock00000000000000000004`, an `IN_AADHAAR` in a UUID's last group), or blocked by a `patterns:` rule: the
provider then got an id it never issued (a stored Responses call no longer matched).

Such an id holds nothing the provider does not have: it wrote it. So the ids of that shape that this process relayed
to a client in a successful answer, as the client got them (after the answer's own screening: an id the output rules
rewrote is remembered as rewritten), are remembered here (`remember_in`), and a request's id field that holds one goes
up as sent, read by no rule (`issued`: `proxy.providers.inventory.field_texts` and `fixed_texts`). Any other id of
that shape, a client's own, is screened as before. The memory is this process's, bounded (`LIMIT` ids, the oldest
forgotten first) and keyed by a keyed hash (no id is kept as written); a proxy run with `--workers` > 1 remembers
per worker, so an id resent to another worker is screened as any other.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections import OrderedDict
from contextvars import ContextVar

from .idshape import few_digits, id_shaped

__all__ = ["LIMIT", "clear", "issued", "remember", "remember_in", "scope"]

LIMIT = 1 << 16

# An id in an answer's JSON: the value of an `id`, `call_id` or `tool_use_id` key, one token of an id's characters
# (what `id_shaped` reads; an id written with escapes is not remembered, and is screened as before).
_ID_VALUE = re.compile(rb'"(?:id|call_id|tool_use_id|item_id)"\s*:\s*"([A-Za-z0-9_.:/+=-]{9,256})"')

_KEY = os.urandom(16)
_lock = threading.Lock()
_seen: OrderedDict[bytes, None] = OrderedDict()


# The team of the request being served (`scope`): an id is remembered for the team whose answer relayed it, and goes
# up as sent only in that team's requests (atk23 L2: one shared memory let an id relayed to a monitor-mode team go up
# unscreened in a strict team's). A context variable: each request is its own task, so none sees another's.
_TEAM: ContextVar[str] = ContextVar("issued_team", default="")


def scope(team: str | None) -> None:
    """The team of the request this task serves (`proxy.edge.identity.set_team`)."""
    _TEAM.set(team or "")


def _digest(value: str) -> bytes:
    return hashlib.blake2b(f"{_TEAM.get()}\x00{value}".encode(), digest_size=16, key=_KEY).digest()


def _screened(value: str) -> bool:
    """Whether a request would screen `value` in an id field (the only ids worth remembering)."""
    return not few_digits(value) and not id_shaped(value)


def remember(value: str) -> None:
    """Remember `value`, an id of a successful answer relayed to a client, when it is of a shape a request screens."""
    if not _screened(value):
        return
    key = _digest(value)
    with _lock:
        _seen[key] = None
        _seen.move_to_end(key)
        while len(_seen) > LIMIT:
            _seen.popitem(last=False)


def remember_in(raw: bytes) -> None:
    """Remember the ids of a successful answer's body, or of a stream's events, as relayed to the client."""
    if b"id" not in raw:
        return
    for m in _ID_VALUE.finditer(raw):
        remember(m.group(1).decode("ascii"))


def issued(value: object) -> bool:
    """Whether `value` is an id this process relayed in an answer (`remember`)."""
    if not isinstance(value, str) or not _seen:
        return False
    key = _digest(value)
    with _lock:
        return key in _seen


def clear() -> None:
    """Forget every id (tests)."""
    with _lock:
        _seen.clear()
