"""The earlier turn a Responses request continues at the provider, from this process's memory (issue 12, atk25 F02).

`proxy.guard.context24` reads a short reply with the question before it and a tool result with its call's name when
that earlier turn is in the request. In the Responses API's stateful mode it is not: the client sends
`previous_response_id` (or `conversation`) and only the new items, `{"type": "function_call_output", "call_id": ...,
"output": "536904399"}` answering a `get_customer_ssn` call, or `"6175550143"` answering `What is your phone number?`.
The answer that made that call or asked that question went to the client through this proxy, so when a Responses
answer is relayed (whole: `answered`, from `proxy.flow`; streamed: its `response.completed` / `response.incomplete`
event, `answered_event`, from `proxy.stream.usage`) `note` remembers, under its `id` (and its conversation's, when it
has one), only what `context24` needs: for each `function_call` a digest of its `call_id` and the cue kind of its
name (`context24.tool_cue`), and the cue kind of the answer's last sentence (`context24.question_cue`): kinds such as
`ssn`, `phone`, `name`, never a text the client typed or the model wrote. `recall` gives `context24.cues` those
cues for the request's items whose context is not in the request: a first user turn (the string `input`, or the
first user message) and a `function_call_output` for a call the request does not hold.

The memory is this process's: at most `LIMIT` answers (least recently used forgotten first; each caller at most
`prev27.PER_CALLER`, its own oldest first, and past `LIMIT` the largest caller's share gives up its oldest: atk26 F17),
each for `MAX_AGE_S`,
keyed by a keyed hash of the response (or conversation) id with the caller's team and presented key (`caller`), so
one tenant cannot use another's ids. Several proxy processes (`serve --workers N`, replicas) do not share it: a
request that reaches another process than its previous answer is read without that context, as before. An unknown id,
an answer whose question asks for nothing `context24` knows (`What's your order number?`), or a `call_id` the answer
did not make gives no cue.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from proxy.guard import prev27

__all__ = ["LIMIT", "MAX_AGE_S", "caller", "clear", "note", "recall"]

LIMIT = 10_000        # answers remembered
MAX_AGE_S = 6 * 3600  # how long one is
MAX_CALLS = 64        # tool calls kept per answer (and per conversation)
_ID_CHARS = 256       # a longer id is no provider's: not remembered

_KEY = os.urandom(16)
_lock = threading.Lock()  # (tests serve several proxies from threads of one process)


@dataclass(slots=True)
class _Turn:
    at: float
    question: str | None = None                               # the cue kind of the answer's last sentence
    calls: dict[bytes, str] = field(default_factory=dict)    # call_id's digest -> the cue kind of the call's name
    tenant: bytes = b""                                       # whose share it is in (`_shares`)


_turns: OrderedDict[bytes, _Turn] = OrderedDict()
_shares: dict[bytes, OrderedDict[bytes, None]] = {}  # per caller, its keys: at most `prev27.PER_CALLER` (atk26 F17)

# The caller of the Responses request this task serves (`caller`): a digest of its team and presented key, and the
# conversation the request names. A context variable: each request is its own task.
_CALLER: ContextVar[tuple[bytes, str | None] | None] = ContextVar("prev26_caller", default=None)


def _digest(*parts: str) -> bytes:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=16, key=_KEY).digest()


def _conversation(value: Any) -> str | None:
    """A conversation id as a request or an answer gives it (`"conv_..."` or `{"id": "conv_..."}`)."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and 0 < len(value) <= _ID_CHARS else None


def caller(kind: str, team: str | None, headers: Mapping[str, str], body: Any) -> None:
    """The caller of a Responses request (before its input screening, `proxy.flow`): its answer is remembered for it,
    and only its requests recall that answer."""
    from proxy.edge.identity import presented_key
    from proxy.providers.base import RESPONSES

    if kind != RESPONSES:
        return
    tenant = _digest(team or "", presented_key(headers) or "")
    _CALLER.set((tenant, _conversation(body.get("conversation")) if isinstance(body, dict) else None))
    prev27.begin()  # a stream's completed items, for a slim `response.completed` (atk26 F5)


def _key(tenant: bytes, scope: str, rid: str) -> bytes:
    return hashlib.blake2b(f"{scope}\x00{rid}".encode("utf-8", "surrogatepass"), digest_size=16, key=tenant).digest()


def _drop(key: bytes) -> _Turn | None:
    turn = _turns.pop(key, None)
    share = _shares.get(turn.tenant) if turn is not None else None
    if turn is not None and share is not None:
        share.pop(key, None)
        if not share:
            del _shares[turn.tenant]
    return turn


def _expire(now: float) -> None:
    while _turns:
        key, oldest = next(iter(_turns.items()))
        if now - oldest.at <= MAX_AGE_S:
            break
        _drop(key)


def _put(key: bytes, turn: _Turn, *, merge: bool) -> None:
    old = _drop(key)
    if merge and old is not None:  # a conversation: its earlier answers' calls stay, the latest question counts
        calls = {**old.calls, **turn.calls}
        turn.calls = dict(list(calls.items())[-MAX_CALLS:])
    if turn.question is None and not turn.calls:
        return
    _turns[key] = turn
    share = _shares.setdefault(turn.tenant, OrderedDict())
    share[key] = None
    while len(share) > prev27.PER_CALLER:  # the caller's own oldest (atk26 F17)
        _drop(next(iter(share)))
    while len(_turns) > LIMIT:  # the largest share's oldest: a caller's flood evicts its own answers
        largest: OrderedDict[bytes, None] = max(_shares.values(), key=len)
        _drop(next(iter(largest)))


def note(response: Any) -> None:
    """Remember what `context24` needs of a Responses answer relayed to the caller (`caller`): none, for an answer with
    neither id nor output, or a request whose caller is not known."""
    held = _CALLER.get()
    output = prev27.items(response) if held is not None and isinstance(response, dict) else None
    if held is None or not isinstance(response, dict) or output is None:
        return
    rid = response.get("id")
    conversation = _conversation(response.get("conversation")) or held[1]
    if not (isinstance(rid, str) and 0 < len(rid) <= _ID_CHARS) and conversation is None:
        return
    from proxy.guard import ask28
    from proxy.guard.context24 import _text, question_cue

    now = time.monotonic()
    turn = _Turn(now, tenant=held[0])
    last_message: Any = None
    for item in output:
        if not isinstance(item, dict):
            continue
        itype = item.get("type")
        if itype == "message" and item.get("role") in (None, "assistant"):
            last_message = item
        elif itype in prev27.CALLS and isinstance(item.get("call_id"), str) and isinstance(item.get("name"), str) \
                and len(item["call_id"]) <= _ID_CHARS and len(turn.calls) < MAX_CALLS:
            cue = ask28.call_cue(item["name"], item.get("arguments", item.get("input")))  # (atk26 F6)
            if cue is not None:
                turn.calls[_digest(item["call_id"])] = cue
    if last_message is not None:
        turn.question = question_cue(_text(last_message.get("content")))
    tenant = held[0]
    with _lock:
        _expire(now)
        if isinstance(rid, str) and 0 < len(rid) <= _ID_CHARS:
            _put(_key(tenant, "response", rid), _Turn(now, turn.question, dict(turn.calls), tenant), merge=False)
        if conversation is not None:
            _put(_key(tenant, "conversation", conversation), turn, merge=True)


def answered(kind: str, body: Any) -> None:
    """A whole answer relayed (`proxy.flow`): a Responses answer is remembered (`note`)."""
    from proxy.providers.base import RESPONSES

    if kind == RESPONSES:
        note(body)


def answered_event(kind: str, event: Any) -> None:
    """A stream event carrying usage (`proxy.stream.usage`): a Responses lifecycle event's `response` (the whole
    answer of `response.completed`, `response.incomplete`) is remembered (`note`)."""
    from proxy.providers.base import RESPONSES

    if kind == RESPONSES and isinstance(event, dict) and isinstance(event.get("response"), dict):
        note(event["response"])


def _recalled(body: dict[str, Any]) -> _Turn | None:
    held = _CALLER.get()
    if held is None or not _turns:
        return None
    rid = body.get("previous_response_id")
    if isinstance(rid, str) and 0 < len(rid) <= _ID_CHARS:
        key = _key(held[0], "response", rid)
    else:
        conversation = _conversation(body.get("conversation"))
        if conversation is None:
            return None
        key = _key(held[0], "conversation", conversation)
    with _lock:
        turn = _turns.get(key)
        if turn is None:
            return None
        if time.monotonic() - turn.at > MAX_AGE_S:
            _drop(key)
            return None
        _turns.move_to_end(key)
        _shares[turn.tenant].move_to_end(key)
        return turn


def recall(body: dict[str, Any], out: dict[int, str]) -> None:
    """`context24.cues` of a Responses request (`body`) continuing a remembered answer: the cue of each of its texts
    whose context is that answer (by the container's identity, as `context24` marks them; one it marked stays)."""
    if body.get("previous_response_id") is None and body.get("conversation") is None:
        return
    turn = _recalled(body)
    if turn is None:
        return
    items = body.get("input")
    if isinstance(items, str):
        if turn.question is not None:
            out.setdefault(id(body), turn.question)
        return
    if not isinstance(items, list):
        return
    own = {item["call_id"] for item in items if isinstance(item, dict) and item.get("type") in prev27.CALLS
           and isinstance(item.get("call_id"), str)}
    # the first user turns of the request (system and developer messages, and tool results, aside: atk26 F3, F7)
    asked = prev27.Asked(turn.question, open_=True)
    for item in items:
        if not isinstance(item, dict):
            asked.close()
            continue
        itype, role = item.get("type"), item.get("role")
        if itype in (None, "message"):
            cue = asked.see(role, item.get("content"))
            if cue is not None and role == "user":
                _mark(out, item, "content", cue)
        elif itype in prev27.OUTPUTS and isinstance(item.get("call_id"), str) and item["call_id"] not in own:
            cue = turn.calls.get(_digest(item["call_id"]))
            if cue is not None:
                _mark(out, item, "output", cue)
        elif itype not in prev27.OUTPUTS:
            asked.close()


def _mark(out: dict[int, str], item: dict[str, Any], key: str, cue: str) -> None:
    content = item.get(key)
    if isinstance(content, str):
        out.setdefault(id(item), cue)
    elif isinstance(content, list):
        for part in content:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                out.setdefault(id(part), cue)


def clear() -> None:
    """Forget every answer (tests)."""
    with _lock:
        _turns.clear()
        _shares.clear()
