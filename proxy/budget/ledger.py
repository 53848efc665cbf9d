"""Team budgets in Redis: the only module that touches money in the store.

Reserve, then settle, each one atomic Lua script (EVALSHA, re-loaded on NOSCRIPT after a restart):

- `reserve` prunes expired reservations, checks every window of the team (daily, weekly, monthly,
  calendar-aligned in the configured time zone) and adds the reservation to all of them or to none:
  `spent + reserved + amount <= cap` holds in every capped window, whatever the number of replicas.
- `settle` drops the reservation and charges the real cost (lower or higher than reserved: the
  provider spent it) to the windows the reservation was made in, records the spend per team, day and
  model, and returns each `alert_at` threshold crossed (HSETNX on the window: exactly once per
  threshold and window, however many replicas settle at once).
- `release` drops a reservation without charging (the upstream failed, nothing was billed).
- `charge` records spend that had no reservation (the store was down at reserve time).
- Reservations expire (`reservation_ttl_s`, default 900 s): a replica that dies mid-request cannot
  hold budget forever. While a request runs its reservation is renewed every third of that lifetime
  (`proxy.budget.bud49`: one script per team and tick), so a stream longer than it keeps its money.
  Settle, release and a retried reserve are idempotent (a `done` marker kept `done_ttl_s`, 60 s),
  so a retried command never charges twice.

Redis key layout (`{team}` is a Cluster hash tag: one team's keys share a slot):

    gp:{team}:spend:daily:2026-11-27   hash  spent, reserved (micro-dollars), alert:0.8 (ms when fired)
    gp:{team}:spend:weekly:2026-W48    hash  same (ISO week, Monday to Sunday)
    gp:{team}:spend:monthly:2026-11    hash  same
    gp:{team}:res                      zset  reservation id -> expiry (ms since the epoch)
    gp:{team}:resinfo                  hash  reservation id -> "amount key key key" | "done"
    gp:{team}:usage:2026-11-27         hash  cost:MODEL, in:MODEL, out:MODEL, cached:MODEL,
                                             reasoning:MODEL, n:MODEL (chargeback export)
    gp:{team}:scope-usage:2026-11-27   hash  s.cost:SCOPE (spend per narrower scope, for the export)
    gp:{team}:spend:m:GLOB:daily:...   hash  a model glob's window (budgets.yaml `models`), as above
    gp:{team}:spend:k:KEYID:daily:...  hash  a team key's window (`per_key`; KEYID: 16 hex of its sha256)
    gp:{team}:spend:u:HASH:daily:...   hash  an end user's window (`per_end_user`; HASH: its keyed hash)

A narrower scope (proxy.budget.scopes) tracks its capped windows only; the team tracks all three.
`reserve` checks and holds the team's windows and every applicable scope's in one script call.

Window hashes expire `window_grace_s` (35 days) after their window ends; usage hashes after
`usage_retention_days` (400). All three windows are tracked for every team, capped or not.
Money is integer micro-dollars (1 USD = 1,000,000); Python never reads a value to write it back.

What the app applies (this module raises, it does not decide):
- `BudgetExceeded` -> 429 `budget_exceeded` with `.message` (spent, cap, window) and `retry-after:
  .retry_after_s`.
- `StoreUnavailable` (Redis down, timed out, or failing) -> budgets.yaml `on_store_error`: `block`
  answers 503, `allow` forwards without a reservation (`charge` records the spend if the store is
  back when the answer ends; otherwise it is lost). After a failure
  the store is not tried again for `cooldown_s` (0.5 s), so an outage costs no latency per request;
  then the next call tries again, and redis-py reconnects by itself.
- `proxy.budget.pricing.UnknownModelPrice` -> budgets.yaml `unknown_model`: `block` refuses the request,
  `allow` reserves 0 and settles 0 (tokens are still recorded).
`proxy.budget.step` applies all three to an `Exchange`. Messages never hold request text or keys.
The values returned and the errors raised are in `proxy.budget.results` (re-exported here); the
calendar arithmetic (windows, resets, projections) is in `proxy.budget.windows`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_CEILING, Decimal
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from proxy.budget import bud49
from proxy.budget import scripts as lua
from proxy.budget.results import (
    Alert,
    BudgetError,
    BudgetExceeded,
    Reservation,
    Settlement,
    StoreUnavailable,
    UsageRow,
    WindowStatus,
    window_state,
)
from proxy.budget.scopes import MODEL, TEAM, Scope, scope_from_key, team_scope
from proxy.budget.windows import UTC_ZONE, Calendar, Window, project_spend, utc_now, windows_at
from proxy.config.budgets import WINDOWS, BudgetsConfig, TeamBudget
from proxy.providers.base import Usage
from proxy.store.client import Script
from proxy.store.routing import fast_client
from proxy.store.urls import StoreClient

log = logging.getLogger("guardrail.budget")

_TEAM = re.compile(r"[A-Za-z0-9_.-]{1,64}")
_MAX_MODEL_CHARS = 128
S = TypeVar("S", AsyncScript, Script)


# --------------------------------------------------------------------------------------- Budgets


def _threshold_micros(cap: int, fraction: float) -> int:
    return int((Decimal(cap) * Decimal(str(fraction))).to_integral_value(rounding=ROUND_CEILING))


def _label(fraction: float) -> str:
    return f"{fraction:g}"


@dataclass
class _Breaker:
    """After a store failure, fail fast for `cooldown_s` instead of waiting on every request.

    Logs the transitions only (down, back), not every failed call: an outage must not flood the log.
    """

    cooldown_s: float
    down_until: float = 0.0
    reason: str = ""
    down: bool = False

    def check(self) -> None:
        if time.monotonic() < self.down_until:
            raise StoreUnavailable(self.reason)

    def failed(self, exc: BaseException) -> StoreUnavailable:
        self.reason = type(exc).__name__
        self.down_until = time.monotonic() + self.cooldown_s
        if not self.down:
            self.down = True
            log.warning("budget store unavailable (%s); retrying every %.1f s", self.reason, self.cooldown_s)
        return StoreUnavailable(self.reason)

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            log.info("budget store reachable again")


@dataclass
class _Scripts(Generic[S]):
    """The four Lua scripts, as one client's script objects (redis-py's, or the lean client's)."""

    reserve: S
    settle: S
    release: S
    status: S


class Budgets:
    """Reserve, settle, release and report team spend in a Redis-protocol store.

    `redis` is a `redis.asyncio.Redis` or `RedisCluster` (see `proxy.store.urls.connect`); `clock`
    returns an aware datetime (tests inject one). Every method raises `StoreUnavailable` instead of a Redis error.
    """

    def __init__(self, redis: StoreClient, *, clock: Callable[[], datetime] = utc_now, key_prefix: str = "gp",
                 reservation_ttl_s: float = 900.0, window_grace_s: float = 35 * 86400.0,
                 usage_retention_days: int = 400, timeout_s: float = 2.0, cooldown_s: float = 0.5,
                 done_ttl_s: float = 60.0, fast: bool = True) -> None:
        if not re.fullmatch(r"[A-Za-z0-9_.:-]+", key_prefix):
            raise ValueError("key_prefix: only A-Z a-z 0-9 _ . : -")
        self.redis = redis
        self.clock = clock
        self.prefix = key_prefix
        self.reservation_ttl_ms = int(reservation_ttl_s * 1000)
        self.done_ttl_ms = int(done_ttl_s * 1000)  # how long a settled id is remembered (retries)
        self.window_grace_ms = int(window_grace_s * 1000)
        self.usage_ttl_ms = int(usage_retention_days * 86400 * 1000)
        self.timeout_s = timeout_s
        self._breaker = _Breaker(cooldown_s)
        sources = (lua.RESERVE, lua.SETTLE, lua.RELEASE, lua.STATUS)
        self._scripts: _Scripts[AsyncScript] = _Scripts(*(redis.register_script(s) for s in sources))
        # The request path (reserve, settle, release) goes through the lean pipelined client when it
        # speaks the store's connection; reports and admin calls stay on redis-py.
        self._fast = fast_client(redis, timeout_s) if fast else None
        self._lua: _Scripts[Script] = _Scripts(*(Script(s) for s in sources))
        self._key_cache: dict[tuple[str, tuple[str, ...]], str] = {}
        self._calendars: dict[str, Calendar] = {}  # by zone: the current day's windows
        self._marks: dict[tuple[int, tuple[float, ...]], tuple[int, str]] = {}  # (cap, alert_at) -> lowest, marks
        self._end_ms: dict[datetime, int] = {}  # a window's end -> epoch ms (datetime.timestamp: ~1.5 µs each)
        self.renewer = bud49.Renewer(self)  # renews the reservations of requests in flight (atk49 F01)

    # ------------------------------------------------------------------ keys and time

    def _team_key(self, team: str, *parts: str) -> str:
        cache_key = (team, parts)
        key = self._key_cache.get(cache_key)
        if key is None:
            if not _TEAM.fullmatch(team):
                raise ValueError("team names are 1-64 characters, only A-Z a-z 0-9 _ . -")
            if len(self._key_cache) > 4096:  # teams come from config, periods change daily
                self._key_cache.clear()
            key = self._key_cache[cache_key] = ":".join((self.prefix, "{" + team + "}", *parts))
        return key

    def window_key(self, team: str, window: Window) -> str:
        return self._team_key(team, "spend", window.kind, window.period)

    def usage_key(self, team: str, day: str) -> str:
        return self._team_key(team, "usage", day)

    def scope_usage_key(self, team: str, day: str) -> str:
        return self._team_key(team, "scope-usage", day)

    def _now(self) -> tuple[datetime, int]:
        now = self.clock().astimezone(UTC)
        return now, int(now.timestamp() * 1000)

    def _calendar(self, now: datetime, zone: ZoneInfo) -> Calendar:
        cal = self._calendars.get(zone.key)
        if cal is None or not cal.holds(now):
            cal = self._calendars[zone.key] = Calendar.at(now, zone)
        return cal

    def _alert_marks(self, cap: int, alert_at: Sequence[float]) -> tuple[int, str]:
        """The lowest threshold of `cap` in micro-dollars, and "label=micros ..." for each of `alert_at`."""
        key = (cap, tuple(alert_at))
        marks = self._marks.get(key)
        if marks is None:
            if len(self._marks) > 1024:  # caps come from config: only a reload adds new ones
                self._marks.clear()
            at = [_threshold_micros(cap, f) for f in alert_at]
            text = " ".join(f"{_label(f)}={m}" for f, m in zip(alert_at, at, strict=True))
            marks = self._marks[key] = (min(at), text)
        return marks

    async def _call(self, name: str, keys: Sequence[str], args: Sequence[Any]) -> Any:
        if self._fast is None:
            return await self._guard(getattr(self._scripts, name)(keys=list(keys), args=list(args)))
        self._breaker.check()
        try:  # the client's watchdog bounds the wait (timeout_s); no timer per call
            result = await self._fast.evalsha(getattr(self._lua, name), keys, args)
        except (RedisError, OSError) as exc:
            raise self._breaker.failed(exc) from None
        if self._breaker.down:
            self._breaker.succeeded()
        return result

    async def aclose(self) -> None:
        """Close the request-path connection (the redis-py client is the caller's to close)."""
        await self.renewer.aclose()
        if self._fast is not None:
            await self._fast.aclose()

    async def _guard(self, call: Awaitable[Any]) -> Any:
        """Await one store call with the timeout and the breaker; any store failure -> StoreUnavailable."""
        try:
            self._breaker.check()
        except StoreUnavailable:
            if inspect.iscoroutine(call):
                call.close()  # never awaited: do not leave a "never awaited" warning behind
            raise
        try:
            async with asyncio.timeout(self.timeout_s):  # no extra task per call, unlike wait_for
                result = await call
        except (TimeoutError, RedisError, OSError) as exc:
            raise self._breaker.failed(exc) from None
        self._breaker.succeeded()
        return result

    # ------------------------------------------------------------------ the request path

    async def reserve(self, team: str, model: str | None, amount_micros: int, *,
                      config: BudgetsConfig | None, request_id: str | None = None,
                      scopes: Sequence[Scope] = ()) -> Reservation:
        """Hold `amount_micros` in every window of `team` and of each of `scopes` (the narrower scopes that
        apply: `proxy.budget.scopes.scopes_for`), or raise BudgetExceeded naming the refusing scope
        (holding nothing). Under `mode: warn` it is held anyway; `would_block` says what would refuse."""
        amount = max(int(amount_micros), 0)
        now, now_ms = self._now()
        zone = config.zone if config is not None else UTC_ZONE
        budget = config.for_team(team) if config is not None else TeamBudget()
        warn = config is not None and config.mode_for(budget) == "warn"
        cal = self._calendar(now, zone)
        windows = cal.windows
        grace = self.window_grace_ms
        ttl_of = [max(end - now_ms, 0) + grace for end in cal.ends_ms]  # per window kind: shared by the scopes
        # One pass over the team's windows and each scope's capped ones: (scope id, window index, cap) per key.
        slots: list[tuple[str, int, int | None]] = []
        keys: list[str] = []
        res_id = request_id or uuid.uuid4().hex
        args: list[Any] = [now_ms, res_id, amount,
                           now_ms + self.reservation_ttl_ms, max(ttl_of) + self.reservation_ttl_ms, 1 if warn else 0]
        team_key = self._team_key
        team_caps = budget.caps_micros
        for i, w in enumerate(windows):
            cap = team_caps[w.kind]
            slots.append((TEAM, i, cap))
            keys.append(team_key(team, "spend", w.kind, w.period))
            args += (-1 if cap is None else cap, ttl_of[i])
        for scope in scopes:
            parts, scope_caps, sid = scope.key_parts(), scope.caps, scope.id
            for i, w in enumerate(windows):
                cap = scope_caps.get(w.kind)
                if cap is not None:
                    slots.append((sid, i, cap))
                    keys.append(team_key(team, "spend", *parts, w.kind, w.period))
                    args += (cap, ttl_of[i])
        reply = await self._call("reserve", [*self._meta_keys(team), *keys], args)
        ends = cal.local_ends

        def state(k: int, spent: int, reserved: int) -> WindowStatus:
            sid, i, cap = slots[k]
            w = windows[i]
            return window_state(team, w.kind, w.period, cap, spent, reserved, ends[i], sid)

        if int(reply[0]) == 0:
            raise BudgetExceeded(state(int(reply[1]) - 1, int(reply[2]), int(reply[3])), amount, now)
        would_block = None
        if int(reply[1]) > 0:  # warn mode: over a cap, held anyway
            would_block = BudgetExceeded(state(int(reply[1]) - 1, int(reply[2]), int(reply[3])), amount, now)
        held = amount if int(reply[0]) == 1 else 0
        states = tuple(state(k, int(reply[4 + 2 * k]), int(reply[5 + 2 * k]) + held) for k in range(len(slots)))
        res = Reservation(res_id, team, model, amount, windows[0].period, tuple(keys), states,
                          now_ms + self.reservation_ttl_ms, scope_ids=" ".join(s.id for s in scopes),
                          warn=warn, would_block=would_block)
        self.renewer.add(res)
        return res

    async def settle(self, res: Reservation, cost_micros: int, usage: Usage | None, *,
                     config: BudgetsConfig | None, requests: int = 1, bounded: bool = True) -> Settlement:
        """Replace the reservation by the real cost (charged even when above the reservation: the
        excess is the settlement's `overrun_micros`, also kept per window for `status`).
        `requests`: how many requests the cost and usage sum up (batched spend of uncapped teams);
        `bounded` False: spend that had no reservation (`charge`), never an overrun."""
        cost = max(int(cost_micros), 0)
        self.renewer.discard(res)
        if res.finished:
            return Settlement(0, res.amount_micros, duplicate=True)
        now, now_ms = self._now()
        budget = config.for_team(res.team) if config is not None else TeamBudget()
        tokens = usage or Usage()
        model = (res.model or "(none)")[:_MAX_MODEL_CHARS]
        ttls = self._window_ttls_ms(res, now_ms)
        args: list[Any] = [now_ms, res.id, cost, self.usage_ttl_ms, model, tokens.input_tokens,
                           tokens.output_tokens, tokens.cached_input_tokens, tokens.reasoning_tokens,
                           now_ms + self.done_ttl_ms, max(ttls) + self.reservation_ttl_ms, max(int(requests), 0),
                           1 if bounded else 0, res.scope_ids]
        # The team's caps as configured now (a reload may have changed them); a narrower scope's as reserved.
        team_caps, alert_at = budget.caps_micros, budget.alert_at
        caps: list[int | None] = []
        for w, ttl in zip(res.windows, ttls, strict=True):
            cap = team_caps[w.window] if w.scope == TEAM else w.cap_micros
            caps.append(cap)
            if cap is None or not alert_at:
                args += (-1, ttl, "")
            else:
                lowest, marks = self._alert_marks(cap, alert_at)
                args += (lowest, ttl, marks)
        keys = [*self._meta_keys(res.team), self.usage_key(res.team, res.day),
                self.scope_usage_key(res.team, res.day), *res.keys]
        reply = await self._call("settle", keys, args)
        res.finished = True
        if int(reply[0]) == 2:
            return Settlement(0, res.amount_micros, duplicate=True)
        team = res.team
        windows = tuple(
            window_state(team, w.window, w.period, cap, int(reply[1 + 2 * i]), int(reply[2 + 2 * i]), w.resets_at,
                         w.scope)
            for i, (w, cap) in enumerate(zip(res.windows, caps, strict=True)))
        return Settlement(cost, res.amount_micros, windows, _alerts(windows, reply[-2]), expired=int(reply[0]) == 0,
                          overrun_micros=int(reply[-1]))

    async def charge(self, team: str, model: str | None, cost_micros: int, usage: Usage | None, *,
                     config: BudgetsConfig | None, request_id: str | None = None, requests: int = 1) -> Settlement:
        """Record spend that had no reservation (e.g. the store was down at reserve time and
        `on_store_error: allow` let the request through): charged to the current windows, never refused."""
        now, now_ms = self._now()
        zone = config.zone if config is not None else UTC_ZONE
        cal = self._calendar(now, zone)
        windows = cal.windows
        states = tuple(WindowStatus(team, w.kind, w.period, None, 0, 0, end)
                       for w, end in zip(windows, cal.local_ends, strict=True))
        res = Reservation(request_id or uuid.uuid4().hex, team, model, 0, windows[0].period,
                          tuple(self.window_key(team, w) for w in windows), states, now_ms)
        return await self.settle(res, cost_micros, usage, config=config, requests=requests, bounded=False)

    async def release(self, res: Reservation) -> bool:
        """Drop the reservation without charging; False when it had already expired or finished."""
        self.renewer.discard(res)
        if res.finished:
            return False
        _, now_ms = self._now()
        args = [now_ms, res.id, now_ms + self.done_ttl_ms,
                max(self._window_ttls_ms(res, now_ms)) + self.reservation_ttl_ms]
        reply = await self._call("release", self._meta_keys(res.team), args)
        res.finished = True
        return int(reply) == 1

    async def extend(self, res: Reservation) -> bool:
        """Push the reservation's expiry one TTL ahead (long streams); False when it is gone."""
        _, now_ms = self._now()
        expires = now_ms + self.reservation_ttl_ms
        changed = await self._guard(
            self.redis.zadd(self._meta_keys(res.team)[0], {res.id: expires}, xx=True, gt=True, ch=True))
        res.expires_at_ms = expires
        return bool(changed)

    def _meta_keys(self, team: str) -> tuple[str, str]:
        return self._team_key(team, "res"), self._team_key(team, "resinfo")

    def _window_ttls_ms(self, res: Reservation, now_ms: int) -> list[int]:
        """How long each of the reservation's window keys is kept: to the window's end, plus the grace."""
        ends, out = self._end_ms, []
        for w in res.windows:
            end = ends.get(w.resets_at)
            if end is None:
                if len(ends) > 4096:  # window ends change daily at most
                    ends.clear()
                end = ends[w.resets_at] = int(w.resets_at.timestamp() * 1000)
            out.append(max(end - now_ms, 0) + self.window_grace_ms)
        return out

    # ------------------------------------------------------------------ reports

    async def status(self, config: BudgetsConfig | None, teams: Iterable[str], *,
                     scopes: bool = True) -> list[WindowStatus]:
        """Spent, reserved, cap and remaining per team, scope and current window; month-end projection.

        The team's windows come first, then (`scopes`) its model globs as configured and every key and
        end user with spend or reservations in a current window (SCAN: not for the request path)."""
        now, now_ms = self._now()
        zone = config.zone if config is not None else UTC_ZONE
        windows = windows_at(now, zone)
        current = {(w.kind, w.period): w for w in windows}
        out: list[WindowStatus] = []
        for team in dict.fromkeys(teams):
            budget = config.for_team(team) if config is not None else TeamBudget()
            slots: list[tuple[Scope, Window]] = [(team_scope(budget), w) for w in windows]
            if scopes:
                found: dict[tuple[str, str], tuple[Scope, Window]] = {}
                for glob, caps in budget.models.items():
                    scope = Scope(MODEL, glob, caps.caps_micros)
                    found.update(((scope.id, w.kind), (scope, w)) for w in windows if scope.caps.get(w.kind))
                for scope, kind, period in await self._scope_keys(team, budget):
                    w = current.get((kind, period))
                    if w is not None:
                        found.setdefault((scope.id, kind), (scope, w))
                slots += [found[k] for k in sorted(found, key=lambda k: (k[0], WINDOWS.index(k[1])))]
            keys = [*self._meta_keys(team),
                    *(self._team_key(team, "spend", *s.key_parts(), w.kind, w.period) for s, w in slots)]
            reply = await self._guard(self._scripts.status(keys=list(keys), args=[now_ms]))
            for i, (scope, w) in enumerate(slots):
                spent = int(reply[3 * i])
                projected = project_spend(spent, w, now) if w.kind == "monthly" else None
                out.append(WindowStatus(team, w.kind, w.period, scope.caps.get(w.kind), spent,
                                        int(reply[3 * i + 1]), w.end.astimezone(zone), projected,
                                        overrun_micros=int(reply[3 * i + 2]), scope=scope.id))
        return out

    async def _scope_keys(self, team: str, budget: TeamBudget) -> list[tuple[Scope, str, str]]:
        """The narrower scopes' window keys of `team` on record: (scope, window, period)."""
        head = self._team_key(team) + ":"
        out = []
        try:
            async for raw in self.redis.scan_iter(match=f"{head}spend:?:*", count=1000):
                name = raw.decode() if isinstance(raw, bytes) else str(raw)
                parsed = scope_from_key(name[len(head):], budget)
                if parsed is not None:
                    out.append(parsed)
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(type(exc).__name__) from None
        return out

    async def known_teams(self) -> list[str]:
        """Teams with spend or reservations on record (SCAN: for the CLI and admin, not the request path)."""
        pattern = f"{self.prefix}:{{*}}:res*"
        teams: set[str] = set()
        try:
            async for key in self.redis.scan_iter(match=pattern, count=1000):
                name = key.decode() if isinstance(key, bytes) else str(key)
                teams.add(name[len(self.prefix) + 2:name.index("}", len(self.prefix) + 2)])
            async for key in self.redis.scan_iter(match=f"{self.prefix}:{{*}}:spend:*", count=1000):
                name = key.decode() if isinstance(key, bytes) else str(key)
                teams.add(name[len(self.prefix) + 2:name.index("}", len(self.prefix) + 2)])
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(type(exc).__name__) from None
        return sorted(t for t in teams if _TEAM.fullmatch(t))

    async def export(self, date_from: date, date_to: date) -> list[UsageRow]:
        """Spend per team, day and model for days in [date_from, date_to] (days in the budgets zone)."""
        rows: list[UsageRow] = []
        try:
            keys = [k for kind in ("usage", "scope-usage")
                    async for k in self.redis.scan_iter(match=f"{self.prefix}:{{*}}:{kind}:*", count=1000)]
            for raw in sorted(keys):
                key = raw.decode() if isinstance(raw, bytes) else str(raw)
                team_end = key.index("}", len(self.prefix) + 2)
                team, day = key[len(self.prefix) + 2:team_end], key.rsplit(":", 1)[1]
                if not _day_in(day, date_from, date_to):
                    continue
                rows += _usage_rows(team, day, await self.redis.hgetall(raw))
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(type(exc).__name__) from None
        return sorted(rows, key=lambda r: (r.day, r.team, r.scope != "team", r.scope, r.model))


def _alerts(windows: Sequence[WindowStatus], raw: Sequence[Any]) -> tuple[Alert, ...]:
    """The settle script's flat list of (window number, threshold label) pairs, as Alerts."""
    out = []
    for k in range(0, len(raw), 2):
        w = windows[int(raw[k]) - 1]
        label = raw[k + 1].decode() if isinstance(raw[k + 1], bytes) else str(raw[k + 1])
        out.append(Alert(w.team, w.window, w.period, float(label), w.spent_micros, w.cap_micros or 0, w.scope))
    return tuple(out)


def _day_in(day: str, date_from: date, date_to: date) -> bool:
    try:
        return date_from <= date.fromisoformat(day) <= date_to
    except ValueError:
        return False


def _usage_rows(team: str, day: str, fields: dict[Any, Any]) -> list[UsageRow]:
    """Rows of one usage hash: per model (`cost:MODEL` ...), then per narrower scope (`s.cost:SCOPE` ...)."""
    by_model: dict[str, dict[str, int]] = {}
    by_scope: dict[str, dict[str, int]] = {}
    for raw_name, raw_value in fields.items():
        name = raw_name.decode("utf-8", "replace") if isinstance(raw_name, bytes) else str(raw_name)
        kind, _, rest = name.partition(":")
        if kind.startswith("s."):
            by_scope.setdefault(rest, {})[kind[2:]] = int(raw_value)
        else:
            by_model.setdefault(rest, {})[kind] = int(raw_value)
    rows = [
        UsageRow(team, day, model, v.get("in", 0), v.get("out", 0), v.get("cached", 0), v.get("reasoning", 0),
                 v.get("n", 0), v.get("cost", 0))
        for model, v in sorted(by_model.items())
    ]
    for scope, v in sorted(by_scope.items()):  # spend per scope (tokens and requests: per model only)
        kind, _, name = scope.partition(":")
        rows.append(UsageRow(team, day, name if kind == MODEL else "", 0, 0, 0, 0, v.get("n", 0), v.get("cost", 0),
                             scope=scope))
    return rows


__all__ = [
    "WINDOWS", "Alert", "BudgetError", "BudgetExceeded", "Budgets", "Reservation", "Settlement",
    "StoreUnavailable", "UsageRow", "WindowStatus",
]
