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
one tenant cannot use another's ids. Each output item is remembered under its own `id` too (a call's cue, a message's
question cue; bounded apart, the same way): a request that gives the item back by id (`item_reference`, an item with
only an `id`) reads what follows it with that context (atk46 F06). The same entries go to the proxy's store
(`proxy.guard.ctx47`: digests and cue kinds only), so other processes (`serve --workers N`, replicas) and this one
after a restart read them; the store down, a request that reaches another process than its previous answer is read
without that context, as before (atk46 F04). An unknown id,
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

from proxy.guard import ctx47, prev27, turn47

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
# output items by their id (atk46 F06: `item_reference`), bounded as the answers are, apart from them
_items: OrderedDict[bytes, _Turn] = OrderedDict()
_item_shares: dict[bytes, OrderedDict[bytes, None]] = {}
_Shares = dict[bytes, OrderedDict[bytes, None]]

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
    turn47.begin()  # the state of a value dictated over its turns (atk46 F05)


def _key(tenant: bytes, scope: str, rid: str) -> bytes:
    return hashlib.blake2b(f"{scope}\x00{rid}".encode("utf-8", "surrogatepass"), digest_size=16, key=tenant).digest()


def _drop(key: bytes, turns: OrderedDict[bytes, _Turn] = _turns, shares: _Shares = _shares) -> _Turn | None:
    turn = turns.pop(key, None)
    share = shares.get(turn.tenant) if turn is not None else None
    if turn is not None and share is not None:
        share.pop(key, None)
        if not share:
            del shares[turn.tenant]
    return turn


def _expire(now: float, turns: OrderedDict[bytes, _Turn] = _turns, shares: _Shares = _shares) -> None:
    while turns:
        key, oldest = next(iter(turns.items()))
        if now - oldest.at <= MAX_AGE_S:
            break
        _drop(key, turns, shares)


def _put(key: bytes, turn: _Turn, *, merge: bool, turns: OrderedDict[bytes, _Turn] = _turns,
         shares: _Shares = _shares) -> None:
    old = _drop(key, turns, shares)
    if merge and old is not None:  # a conversation: its earlier answers' calls stay, the latest question counts
        calls = {**old.calls, **turn.calls}
        turn.calls = dict(list(calls.items())[-MAX_CALLS:])
    if turn.question is None and not turn.calls:
        return
    turns[key] = turn
    share = shares.setdefault(turn.tenant, OrderedDict())
    share[key] = None
    while len(share) > prev27.PER_CALLER:  # the caller's own oldest (atk26 F17)
        _drop(next(iter(share)), turns, shares)
    while len(turns) > LIMIT:  # the largest share's oldest: a caller's flood evicts its own answers
        largest: OrderedDict[bytes, None] = max(shares.values(), key=len)
        _drop(next(iter(largest)), turns, shares)


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
    raw_calls: dict[str, str] = {}  # call_id -> cue, for the shared store (ctx47: digested there)
    by_item: list[tuple[str, str | None, dict[str, str]]] = []  # each output item's, by its id (atk46 F06)
    for item in output:
        if not isinstance(item, dict):
            continue
        itype = item.get("type")
        iid = item.get("id") if isinstance(item.get("id"), str) and 0 < len(item["id"]) <= _ID_CHARS else None
        if itype == "message" and item.get("role") in (None, "assistant"):
            last_message = item
            if iid is not None and len(by_item) < MAX_CALLS:
                by_item.append((iid, question_cue(_text(item.get("content"))), {}))
        elif itype in prev27.CALLS and isinstance(item.get("call_id"), str) and isinstance(item.get("name"), str) \
                and len(item["call_id"]) <= _ID_CHARS and len(turn.calls) < MAX_CALLS:
            cue = ask28.call_cue(item["name"], item.get("arguments", item.get("input")))  # (atk26 F6)
            if cue is not None:
                turn.calls[_digest(item["call_id"])] = cue
                raw_calls[item["call_id"]] = cue
                if iid is not None:
                    by_item.append((iid, None, {item["call_id"]: cue}))
    if last_message is not None:
        turn.question = question_cue(_text(last_message.get("content")))
    tenant = held[0]
    saved: list[tuple[str, str, str | None, dict[str, str], bool]] = []
    with _lock:
        _expire(now)
        _expire(now, _items, _item_shares)
        if isinstance(rid, str) and 0 < len(rid) <= _ID_CHARS:
            _put(_key(tenant, "response", rid), _Turn(now, turn.question, dict(turn.calls), tenant), merge=False)
            saved.append(("response", rid, turn.question, raw_calls, False))
        for iid, question, calls in by_item:
            _put(_key(tenant, "item", iid), _Turn(now, question, {_digest(c): k for c, k in calls.items()}, tenant),
                 merge=False, turns=_items, shares=_item_shares)
            saved.append(("item", iid, question, calls, False))
        if conversation is not None:
            _put(_key(tenant, "conversation", conversation), turn, merge=True)
            saved.append(("conversation", conversation, turn.question, raw_calls, True))
    ctx47.save(saved)  # the same, in the store all processes share (atk46 F04)
    turn47.note(tenant, rid, conversation, output, now)  # a value dictated over the turns (atk46 F05)


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


def _scope(body: dict[str, Any]) -> tuple[str, str] | None:
    rid = body.get("previous_response_id")
    if isinstance(rid, str) and 0 < len(rid) <= _ID_CHARS:
        return "response", rid
    conversation = _conversation(body.get("conversation"))
    return ("conversation", conversation) if conversation is not None else None


def _output_ids(body: dict[str, Any]) -> list[str]:
    items = body.get("input")
    return [item["call_id"] for item in items if isinstance(item, dict) and item.get("type") in prev27.OUTPUTS
            and isinstance(item.get("call_id"), str)] if isinstance(items, list) else []


def _local(scope: str, key: bytes) -> _Turn | None:
    turns, shares = (_items, _item_shares) if scope == "item" else (_turns, _shares)
    with _lock:
        turn = turns.get(key)
        if turn is None:
            return None
        if time.monotonic() - turn.at > MAX_AGE_S:
            _drop(key, turns, shares)
            return None
        turns.move_to_end(key)
        shares[turn.tenant].move_to_end(key)
        return turn


def holds(scope: str, rid: str) -> bool:
    """Whether this process remembers `(scope, rid)` for the request's caller (`ctx47.fetch` reads the rest)."""
    held = _CALLER.get()
    return held is not None and _local(scope, _key(held[0], scope, rid)) is not None


def _remembered(scope: str, rid: str, body: dict[str, Any]) -> _Turn | None:
    """This process's memory of `(scope, rid)`, else what the shared store holds (`ctx47`); a conversation, which
    other processes may have continued since, from the store first, with this process's calls."""
    held = _CALLER.get()
    if held is None:
        return None
    turn = _local(scope, _key(held[0], scope, rid))
    if turn is not None and scope != "conversation":
        return turn
    got = ctx47.fetched(scope, rid, _output_ids(body))
    if got is None:
        return turn
    calls = {**(turn.calls if turn is not None else {}), **{_digest(c): cue for c, cue in got[1].items()}}
    return _Turn(time.monotonic(), got[0], calls, held[0])


def _recalled(body: dict[str, Any]) -> _Turn | None:
    scope = _scope(body)
    return _remembered(*scope, body) if scope is not None else None


def _referenced(body: dict[str, Any]) -> dict[str, _Turn]:
    """The remembered output items the request gives by id (atk46 F06)."""
    out: dict[str, _Turn] = {}
    for iid in ctx47.referenced(body):
        turn = _remembered("item", iid, body)
        if turn is not None:
            out[iid] = turn
    return out


def remembered_calls(body: dict[str, Any]) -> dict[bytes, str]:
    """The cue of each call (by `_digest` of its call_id) of the answer the request continues or of an item it
    refers to by id."""
    turn = _recalled(body)
    calls = dict(turn.calls) if turn is not None else {}
    for ref in _referenced(body).values():
        calls.update(ref.calls)
    return calls


def recall(body: dict[str, Any], out: dict[int, str]) -> None:
    """`context24.cues` of a Responses request (`body`) continuing a remembered answer, or giving its items by id:
    the cue of each of its texts whose context is that answer (by the container's identity, as `context24` marks
    them; one it marked stays)."""
    refs = _referenced(body)
    continued = body.get("previous_response_id") is not None or body.get("conversation") is not None
    turn = _recalled(body) if continued else None
    if turn is None and not refs:
        return
    items = body.get("input")
    if isinstance(items, str):
        if turn is not None and turn.question is not None:
            out.setdefault(id(body), turn.question)
        return
    if not isinstance(items, list):
        return
    own = {item["call_id"] for item in items if isinstance(item, dict) and item.get("type") in prev27.CALLS
           and isinstance(item.get("call_id"), str)}
    calls = dict(turn.calls) if turn is not None else {}
    for ref in refs.values():
        calls.update(ref.calls)
    # the first user turns of the request (system and developer messages, and tool results, aside: atk26 F3, F7)
    asked = prev27.Asked(turn.question if turn is not None else None, open_=turn is not None)
    for item in items:
        if not isinstance(item, dict):
            asked.close()
            continue
        itype, role = item.get("type"), item.get("role")
        iid = ctx47._stored_item(item)
        if iid is not None:  # an earlier item given by id: its question is asked here (atk46 F06)
            given = refs.get(iid)
            if given is not None and given.question is not None:
                asked = prev27.Asked(given.question, open_=True)
            elif given is not None and given.calls:
                asked.aside()
            else:
                asked.close()
        elif itype in (None, "message"):
            cue = asked.see(role, item.get("content"))
            if cue is not None and role == "user":
                _mark(out, item, "content", cue)
        elif itype in prev27.OUTPUTS and isinstance(item.get("call_id"), str) and item["call_id"] not in own:
            cue = calls.get(_digest(item["call_id"]))
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
        _items.clear()
        _item_shares.clear()
