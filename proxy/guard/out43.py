"""out42 re-landed (out43): where an answer's text ends inside a value, and which fields are never read joined.

`proxy.nlp.out42` redacts the e-mail address or card an answer's text ends inside (atk42 F07). Its first landing read
every output text's end so, which broke streams: a Responses item or an Anthropic block given whole in one event
(`Mail jane.doe@exa`, then the message `mple.com now. `) was read alone while the stream went on, its `jane.doe@exa`
redacted and released, so the joined address never read whole (`tests/stream/test_item_joins.py`); and a value start
a stream parked behind other fields' text past its cap (`OutputWindows._park_value_tail`: `Write to dana.kerr@exa`,
then a long reasoning) was read as if the answer ended there (`tests/stream/test_value_tail_park.py`).

- `stream_read`: what a stream's reading counts as an answer's end (`proxy.nlp.out42.READ_END`): nothing in a
  window read while the stream goes on (`final` False) nor in an event's whole fields (`screen_fields`: an item or
  a block given whole is also a field of the answer's window, whose last reading reads its end); in the last
  reading (`end`, `end_group`), each field's text that ends there: not a parked value start (`_Piece.parked`), not
  an id or a name read as data (`_Channel.data`). A whole answer (no stream reading) is read as before: every
  prose text's end.
- `id_field`: an answer's id screened as data (`IdSlot`: an item's `id`, a `call_id`, any `*_id` not of an id's
  shape) is read alone, never joined with the text beside it (atk42 F11: `...@acme.co` + `msg_mock0...2` rewrote
  the id), and passed over (`proxy.guard.phases.joinable` None, as the restored reading passes it over:
  `proxy.guard.checks.pii.rendered_joins`): the texts on either side are still read together, as the client reads
  them (a message's text, its item's `id`, then a code interpreter's `code`). Other data fields (a code
  interpreter's `code`, a tool's `name`, a sealed value) keep their joins: they are data the text beside them may
  run on into (`tests/e2e/test_stream_code_transcript_joins.py`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, ParamSpec, TypeVar

from proxy.nlp.out42 import READ_END
from proxy.providers.base import TextSlot
from proxy.providers.idshape import IdSlot

__all__ = ["ID_KEYS", "id_field", "stream_read"]

# The keys of an answer's (or a request's) identifiers and references to other objects; any other `*_id` too.
ID_KEYS = frozenset({"id", "call_id", "item_id", "tool_use_id", "tool_call_id", "approval_request_id", "caller_id",
                     "file_id", "container_id", "skill_id", "tool_id", "previous_response_id", "comparison_response_id",
                     "tunnel_id", "fingerprint", "system_fingerprint", "conversation_id", "response_id"})
# How many of a field's last characters name it to `proxy.nlp.out42.with_tails` (the texts the checks read end so).
_SUFFIX = 32

P = ParamSpec("P")
R = TypeVar("R")


def id_field(slot: TextSlot) -> bool:
    """Whether `slot` is an identifier screened as data (see the module): read alone, passed over by the joins."""
    key = slot.key
    return isinstance(slot, IdSlot) and isinstance(key, str) and (key in ID_KEYS or key.endswith("_id"))


def _ends(arguments: Mapping[str, Any]) -> tuple[str, ...]:
    """The last characters of each text that ends the answer in a stream's reading (`stream_read`)."""
    if not arguments.get("final"):
        return ()
    pieces = arguments.get("pieces")
    if pieces is not None:  # a group's last window: each field's text, but a value start parked behind others
        return tuple(p.text[-_SUFFIX:] for p in pieces if p.text and not p.parked)
    segment, ch = arguments.get("segment"), arguments.get("ch")
    if not segment or not isinstance(segment, str) or getattr(ch, "data", False):
        return ()
    return (segment[-_SUFFIX:],)


def stream_read(fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    """`OutputWindows._release` / `_release_pieces`, with `proxy.nlp.out42.READ_END` set for the checks they run (the
    module). The value is a context variable: the checks' tasks and threads started inside see it."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    async def read(*args: P.args, **kwargs: P.kwargs) -> R:
        token = READ_END.set(_ends(signature.bind(*args, **kwargs).arguments))
        try:
            return await fn(*args, **kwargs)
        finally:
            READ_END.reset(token)

    return read
