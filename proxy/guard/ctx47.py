"""prev26's memory of relayed Responses answers, shared by every proxy process on the store (atk46 F04), and read
for the items a request gives by id (atk46 F06).

F06: `proxy.guard.prev26` remembers, besides the answer's id and conversation, each output item's `id` (a
`function_call`'s cue under its call's digest; an assistant message's question cue): a request that puts the earlier
item back by reference (`{"type": "item_reference", "id": "fc_..."}`, or an item with only an `id`, which OpenAI
reads as one: `referenced`) reads the call's result and the reply after the question as if the item were there.

F04: the memory was the process's: with `serve --workers N`, replicas, or after a restart, the next turn reached a
process that never saw the answer. `save` also writes what `note` keeps to the proxy's store (the one budgets use,
`bind` at start-up), and `fetch` (before a Responses request's screening, `proxy.flow`) reads what the request refers
to when this process does not hold it (a conversation: always, another process may have answered since). Only
cue kinds (`ssn`, `phone`) and keyed digests go there, never a text the client or the model wrote: keys
`gp:prev:{<caller>}:<entry>` where both parts are keyed BLAKE2b digests (the key: a random secret the first proxy
writes to `gp:prev:secret`) of the caller's team and presented key, and of the scope and id; calls are kept under
their call_id's digest. Each entry lives `prev26.MAX_AGE_S`; each caller holds at most `prev27.PER_CALLER` (an index
per caller, its oldest dropped first). The store down, slow or failing: the request is read as before (this process's
memory only); a read waits `READ_TIMEOUT_S` at most, and after a failure the store is not tried for `COOLDOWN_S`.
Writes never hold the answer: they run as their own task.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import time
import weakref
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = ["COOLDOWN_S", "READ_TIMEOUT_S", "bind", "fetch", "fetched", "referenced", "save", "unbind"]

log = logging.getLogger(__name__)

READ_TIMEOUT_S = 0.5   # a read's wait at most (below the budgets' 2 s store timeout)
WRITE_TIMEOUT_S = 2.0
COOLDOWN_S = 0.5       # after a store failure, not tried again for this long
_PREFIX = "gp:prev:"
_SECRET_KEY = _PREFIX + "secret"
_CUE = re.compile(r"[\w.+ -]{1,64}")  # a cue kind as the store keeps it (no separator of the value's format)

_WRITE = """
local idx = KEYS[1]
local ttl = tonumber(ARGV[1]); local cap = tonumber(ARGV[2]); local now = tonumber(ARGV[3])
local maxc = tonumber(ARGV[4])
for i = 2, #KEYS do
  local value = ARGV[2 + 2 * i]
  if ARGV[1 + 2 * i] == '1' then
    local old = redis.call('GET', KEYS[i])
    if old then
      local q, calls = string.match(value, '^([^|]*)|(.*)$')
      local _, oldcalls = string.match(old, '^([^|]*)|(.*)$')
      local seen, list = {}, {}
      for h in string.gmatch(calls, '([^=,]+)=[^,]*') do seen[h] = true end
      for pair in string.gmatch(oldcalls or '', '[^,]+') do
        local h = string.match(pair, '^([^=]+)=')
        if h and not seen[h] then table.insert(list, pair) end
      end
      for pair in string.gmatch(calls, '[^,]+') do table.insert(list, pair) end
      while #list > maxc do table.remove(list, 1) end
      value = q .. '|' .. table.concat(list, ',')
    end
  end
  redis.call('SET', KEYS[i], value, 'EX', ttl)
  redis.call('ZADD', idx, now, KEYS[i])
end
redis.call('ZREMRANGEBYSCORE', idx, '-inf', now - ttl * 1000)
local over = redis.call('ZCARD', idx) - cap
if over > 0 then
  for _, k in ipairs(redis.call('ZRANGE', idx, 0, over - 1)) do redis.call('DEL', k) end
  redis.call('ZREMRANGEBYRANK', idx, 0, over - 1)
end
redis.call('PEXPIRE', idx, ttl * 1000)
return 1
"""


@dataclass(eq=False)
class _Store:
    client: Any
    secret: bytes | None = None
    down_until: float = 0.0
    script: Any = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def up(self) -> bool:
        return time.monotonic() >= self.down_until

    def failed(self, exc: BaseException) -> None:
        if self.up():
            log.warning("prev26 store unavailable (%s); answers are remembered in this process only",
                        type(exc).__name__)
        self.down_until = time.monotonic() + COOLDOWN_S


# one store per event loop (tests serve several proxies from threads of one process)
_stores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Store] = weakref.WeakKeyDictionary()
# the request's caller digest (the store's key) and what `fetch` read for it: (scope, id) -> (question, calls by
# the store's digest of the call_id)
_REQ: ContextVar[tuple[_Store, bytes, dict[tuple[str, str], tuple[str | None, dict[str, str]]]] | None] = \
    ContextVar("ctx47_request", default=None)


async def bind(client: Any) -> None:
    """The store of this event loop's proxy (`proxy.app`, at start-up): its secret read (written first if none)."""
    store = _stores[asyncio.get_running_loop()] = _Store(client)
    await _secret(store)


def unbind(client: Any) -> None:
    loop = asyncio.get_running_loop()
    store = _stores.get(loop)
    if store is not None and store.client is client:
        del _stores[loop]


async def _secret(store: _Store) -> bytes | None:
    if store.secret is not None or not store.up():
        return store.secret
    try:
        async with asyncio.timeout(READ_TIMEOUT_S):
            await store.client.set(_SECRET_KEY, os.urandom(16).hex(), nx=True)
            value = await store.client.get(_SECRET_KEY)
    except Exception as exc:  # noqa: BLE001 - any store failure: no shared memory, as before
        store.failed(exc)
        return None
    if isinstance(value, bytes | str) and len(value) >= 16:
        store.secret = value.encode() if isinstance(value, str) else bytes(value)
    return store.secret


def _hex(secret: bytes, *parts: str) -> str:
    return hashlib.blake2b("\x00".join(parts).encode("utf-8", "surrogatepass"), digest_size=16,
                           key=secret[:64]).hexdigest()


def _entry(tenant: bytes, scope: str, rid: str) -> str:
    t = tenant.hex()
    return f"{_PREFIX}{{{t}}}:" + hashlib.blake2b(f"{scope}\x00{rid}".encode("utf-8", "surrogatepass"),
                                                   digest_size=16, key=tenant).hexdigest()


def _index(tenant: bytes) -> str:
    return f"{_PREFIX}{{{tenant.hex()}}}:index"


def _stored_item(item: Any) -> str | None:
    """The id of an input item given by reference (`item_reference`, or an item with neither type nor role, as
    `proxy.providers.openai.continues_provider_state` reads one)."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    if item.get("type") == "item_reference" or (item.get("type") is None and item.get("role") is None):
        return item["id"] if 0 < len(item["id"]) <= 256 else None
    return None


def referenced(body: dict[str, Any]) -> list[str]:
    items = body.get("input")
    if not isinstance(items, list):
        return []
    return [i for i in (_stored_item(item) for item in items) if i is not None]


async def fetch(kind: str, team: str | None, headers: Mapping[str, str], body: Any,
                held: Any = None) -> None:
    """Before a Responses request's screening: what it refers to (`previous_response_id`, `conversation`, items by
    id) read from the store where `held(scope, id)` (this process's memory) has none."""
    from proxy.edge.identity import presented_key
    from proxy.guard import turn47
    from proxy.providers.base import RESPONSES

    _REQ.set(None)
    if kind != RESPONSES or not isinstance(body, dict):
        return
    try:
        store = _stores.get(asyncio.get_running_loop())
    except RuntimeError:
        return
    if store is None:
        return
    secret = await _secret(store)
    if secret is None:
        return
    tenant = bytes.fromhex(_hex(secret, team or "", presented_key(headers) or ""))
    found: dict[tuple[str, str], tuple[str | None, dict[str, str]]] = {}
    _REQ.set((store, tenant, found))
    wanted: list[tuple[str, str]] = []
    rid, conversation = body.get("previous_response_id"), body.get("conversation")
    if isinstance(conversation, dict):
        conversation = conversation.get("id")
    if isinstance(rid, str) and 0 < len(rid) <= 256:
        wanted.append(("response", rid))
    elif isinstance(conversation, str) and 0 < len(conversation) <= 256:
        wanted.append(("conversation", conversation))
    wanted += [("item", i) for i in referenced(body)]
    wanted = [w for w in wanted if w[0] == "conversation" or held is None or not held(*w)]
    wanted += turn47.wanted(body)  # the state of a value dictated over the turns (atk46 F05)
    if not wanted or not store.up():
        return
    try:
        async with asyncio.timeout(READ_TIMEOUT_S):
            values = await store.client.mget([_entry(tenant, *w) for w in wanted])
    except Exception as exc:  # noqa: BLE001 - as before: this process's memory only
        store.failed(exc)
        return
    for w, value in zip(wanted, values, strict=False):
        parsed = _parse(value)
        if parsed is not None:
            found[w] = parsed


def _parse(value: Any) -> tuple[str | None, dict[str, str]] | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str) or "|" not in value:
        return None
    question, _, rest = value.partition("|")
    calls = dict(pair.partition("=")[::2] for pair in rest.split(",") if "=" in pair)
    return question or None, calls


def fetched(scope: str, rid: str, call_ids: list[str]) -> tuple[str | None, dict[str, str]] | None:
    """What `fetch` read for `(scope, rid)`: its question cue and the cue of each of `call_ids` it made."""
    req = _REQ.get()
    got = req[2].get((scope, rid)) if req is not None else None
    if req is None or got is None or req[0].secret is None:
        return None
    secret = req[0].secret
    calls = {c: got[1][h] for c in call_ids if (h := _hex(secret, "call", c)) in got[1]}
    return got[0], calls


def save(entries: list[tuple[str, str, str | None, dict[str, str], bool]]) -> None:
    """`prev26.note`'s entries (scope, id, question cue, cue per call_id, merged or not) written to the store, as a
    task of their own (the answer is not held); nothing without a store or a caller (`fetch`)."""
    req = _REQ.get()
    if req is None or not entries or req[0].secret is None or not req[0].up():
        return
    store, tenant, _ = req
    secret = store.secret
    assert secret is not None
    from proxy.guard import prev26, prev27

    keys: list[str] = [_index(tenant)]
    args: list[Any] = [prev26.MAX_AGE_S, prev27.PER_CALLER, int(time.time() * 1000), prev26.MAX_CALLS]
    for scope, rid, question, calls, merge in entries:
        q = question if question is not None and _CUE.fullmatch(question) else ""
        pairs = [f"{_hex(secret, 'call', c)}={cue}" for c, cue in calls.items() if _CUE.fullmatch(cue)]
        if not q and not pairs:
            continue
        keys.append(_entry(tenant, scope, rid))
        args += ["1" if merge else "0", q + "|" + ",".join(pairs)]
    if len(keys) == 1:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    task = loop.create_task(_write(store, keys, args))
    store.tasks.add(task)
    task.add_done_callback(store.tasks.discard)


async def _write(store: _Store, keys: list[str], args: list[Any]) -> None:
    try:
        if store.script is None:
            store.script = store.client.register_script(_WRITE)
        async with asyncio.timeout(WRITE_TIMEOUT_S):
            await store.script(keys=keys, args=args)
    except Exception as exc:  # noqa: BLE001 - not remembered in the store: as before
        store.failed(exc)
