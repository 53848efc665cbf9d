"""Renewing the reservations of requests in flight (atk49 F01).

A reservation expires `reservation_ttl_s` after it was made, so a replica that dies mid-request cannot
hold budget forever. A request still running (a long or slow stream: its timeout is between chunks) must
not lose its reservation to that expiry, or other requests reserve the same money and spend passes the
cap. So each process keeps its live reservations here (registered by `Budgets.reserve`, dropped by
`settle` and `release`) and one task renews them all every third of the lifetime: one RENEW script per
team (a team's keys share one Cluster slot; the calls of one tick go out together, pipelined on the
lean client), pushing each member's expiry one lifetime ahead. The script prunes first and renews only a
member that is still reserved (in the zset, and its record not `done`): a settled, released or expired
reservation is never recreated. A process that dies stops renewing, so its reservations still expire.
The task runs only while something is live; a store failure is logged once and retried next tick.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

from proxy.budget.scripts import PRELUDE
from proxy.store.client import Script

if TYPE_CHECKING:
    from proxy.budget.ledger import Budgets
    from proxy.budget.results import Reservation

log = logging.getLogger("guardrail.budget")
_BATCH = 1000  # reservation ids per RENEW call

# KEYS: res zset, resinfo  ARGV: now, expires_at, id...  -> {1|0 per id} (1: renewed, 0: gone)
RENEW = PRELUDE + """
prune(KEYS[1], KEYS[2], tonumber(ARGV[1]))
local out = {}
for i = 3, #ARGV do
  local rec = redis.call('HGET', KEYS[2], ARGV[i])
  if rec and rec ~= 'done' and redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', 'GT', ARGV[2], ARGV[i])
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
"""


class Renewer:
    """The live reservations of one `Budgets` and the task that renews them (see the module's notes)."""

    def __init__(self, budgets: Budgets, interval_s: float | None = None) -> None:
        self.budgets = budgets
        ttl_s = budgets.reservation_ttl_ms / 1000
        self.interval_s = interval_s if interval_s is not None else max(ttl_s / 3, 0.05)
        # Weak: a request dropped without settling (a bug) stops being renewed, its reservation expires.
        self._live: weakref.WeakValueDictionary[str, Reservation] = weakref.WeakValueDictionary()
        self._task: asyncio.Task[None] | None = None
        self._script = Script(RENEW)
        self._slow = budgets.redis.register_script(RENEW)
        self._failing = False
        self.ticks = 0  # renewal rounds run (tests)

    def add(self, res: Reservation) -> None:
        self._live[res.id] = res
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = self._task
        if task is None or task.done() or task.get_loop() is not loop:
            self._task = loop.create_task(self._run(), name="budget-renew")

    def discard(self, res: Reservation) -> None:
        self._live.pop(res.id, None)

    async def aclose(self) -> None:
        task, self._task = self._task, None
        self._live.clear()
        if task is not None and not task.done():
            task.cancel()
            try:
                await task
            except (asyncio.CancelledError, RuntimeError):  # another loop's task (tests): it is gone
                pass

    async def _run(self) -> None:
        while self._live:
            await asyncio.sleep(self.interval_s)
            if not self._live:
                return
            await self.renew_now()

    async def renew_now(self) -> int:
        """Renew every live reservation once (one script per team); how many were renewed."""
        by_team: dict[str, list[Reservation]] = {}
        for res in list(self._live.values()):
            if not res.finished:
                by_team.setdefault(res.team, []).append(res)
        if not by_team:
            return 0
        self.ticks += 1
        budgets = self.budgets
        now_ms = int(budgets.clock().timestamp() * 1000)
        expires = now_ms + budgets.reservation_ttl_ms
        # One script per team (its keys share a Cluster slot), at most _BATCH ids each: a script blocks the store.
        batches = [(team, live[i:i + _BATCH]) for team, live in by_team.items() for i in range(0, len(live), _BATCH)]
        calls = [self._call(team, [now_ms, expires, *(r.id for r in batch)]) for team, batch in batches]
        replies = await asyncio.gather(*calls, return_exceptions=True)
        renewed = 0
        failed = False
        for (_, batch), reply in zip(batches, replies, strict=True):
            if isinstance(reply, BaseException):
                if isinstance(reply, asyncio.CancelledError):
                    raise reply
                failed = True
                continue
            for res, ok in zip(batch, reply, strict=False):
                if int(ok) == 1:
                    res.expires_at_ms = expires
                    renewed += 1
                else:  # settled, released or expired elsewhere: nothing to renew any more
                    self._live.pop(res.id, None)
        if failed and not self._failing:
            log.warning("budget reservations could not be renewed (store unavailable); retrying every %.1f s",
                        self.interval_s)
        elif not failed and self._failing:
            log.info("budget reservations renewed again")
        self._failing = failed
        return renewed

    async def _call(self, team: str, args: list[Any]) -> Any:
        budgets = self.budgets
        keys = list(budgets._meta_keys(team))
        fast = budgets._fast
        if fast is not None:
            try:
                return await fast.evalsha(self._script, keys, args)
            except (RedisError, OSError) as exc:
                raise RuntimeError(type(exc).__name__) from None
        try:
            async with asyncio.timeout(budgets.timeout_s):
                return await self._slow(keys=keys, args=args)
        except (TimeoutError, RedisError, OSError) as exc:
            raise RuntimeError(type(exc).__name__) from None
