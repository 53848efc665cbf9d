"""The budget step of the request flow: reserve before forwarding, settle or release after.

Glue between an `Exchange` (one request) and `proxy.budget.ledger`; it applies budgets.yaml's policies:

- the most the request can cost is reserved (`proxy.budget.bound`: a true upper bound); a shape
  that has none (audio, server-side tools, ...) -> 400 `invalid_request`;
- over a cap -> `ProxyError("budget_exceeded")`: 429 naming the refusing scope (team, model glob, key,
  end user: `proxy.budget.scopes`), with spent, cap, window and `retry-after`; with the team's
  `on_exceed: clamp`, the output limit is first lowered to what the budget affords; under the team's
  `mode: warn` nothing is refused: the record's `budget.would_block` says what enforcement would do;
- `background: true` (/v1/responses) -> 400, unless the team's `background: charge_max`: then the
  whole reservation is charged when the request ends (the proxy never sees the job's usage);
- no usage known although the provider ran the request, or may have (an answer or a stream without
  usage, a timeout or a connection broken after sending, a reasoning model's stream cut short: its
  thinking never shows): the bound is charged (fail closed); another stream cut short: the bound's
  input part plus what was generated (at most the output part); released only for an error
  answer or a request that never reached the provider. A fallback try lost after sending is charged
  its bound and the next try reserves again (`lost_try`);
- billed above the reservation -> `ex.overrun_usd` and an `OverrunAlert` (should never happen);
- no price for the model -> `unknown_model`: `block` -> 403 `model_not_allowed`; `allow` -> reserve
  and charge 0 (tokens are still recorded). Without budgets.yaml: allow;
- store unreachable -> `on_store_error`: `block` -> 503 `guardrail_unavailable`; `allow` -> forward
  without a reservation, and try to record the spend when the request ends. Without budgets.yaml
  nothing is capped, so: allow.

`ex.budget` (decision record `budget`, and the `x-guardrail-budget-remaining` header) and
`ex.cost_usd` are filled in. Only these billed routes reserve: chat, completions, embeddings,
responses, messages (not models, not count_tokens).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from proxy.budget import tier47
from proxy.budget.bound import Bound, Unbounded, affordable_limit, bound_micros, request_bound
from proxy.budget.ledger import Budgets
from proxy.budget.pricing import ModelPrice, UnknownModelPrice, micros_to_usd, pricer_for, usage_cost_micros
from proxy.budget.results import (
    Alert,
    BudgetError,
    BudgetExceeded,
    OverrunAlert,
    Reservation,
    StoreUnavailable,
    metric_scope,
)
from proxy.budget.scopes import Scope, end_user_hash, end_user_value, key_id, scopes_for
from proxy.config.budgets import BudgetsConfig, TeamBudget
from proxy.edge.identity import presented_key
from proxy.errors import ProxyError
from proxy.exchange import Exchange
from proxy.providers.base import CHAT, COMPLETIONS, EMBEDDINGS, MESSAGES, RESPONSES, Usage

log = logging.getLogger("guardrail.budget")

BILLED_KINDS = frozenset({CHAT, COMPLETIONS, EMBEDDINGS, RESPONSES, MESSAGES})


@dataclass(slots=True)
class BudgetHold:
    """What the budget step holds for one request between forwarding and the end of the answer."""

    budgets: Budgets
    config: BudgetsConfig | None
    reservation: Reservation | None  # None: the store was down and `on_store_error: allow` let it pass
    priced: bool  # False: no price known (`unknown_model: allow`), charged 0
    bound: Bound | None = None  # the request's worst case (capped teams and background jobs)
    charge_max: bool = False  # a background job: charged its whole reservation (its usage is never seen)
    max_micros: int = 0  # the worst case in micro-dollars
    scopes: tuple[Scope, ...] = ()  # the narrower scopes reserved in too (a fallback try reserves again)
    lost: bool = False  # the request may have reached the provider, and its answer was lost (timeout, broken
    #                     connection): charged its bound, never released
    lost_micros: int = 0  # charged for earlier tries of the fallback chain that were lost that way
    tries: int = 1  # reservations made (one more per lost try)
    # Unreserved requests routed to one provider: the model's price there, as found when forwarding (the
    # settle prices the answer with it rather than looking it up again; same config, model and provider).
    head_price: ModelPrice | None = None


def identify_scopes(config: BudgetsConfig | None, team_keys: bool, ex: Exchange, body: Any,
                    headers: Mapping[str, str]) -> None:
    """Set `ex.key_id` and `ex.end_user` (hashed) when the team's budget has `per_key` / `per_end_user`.
    Call it before the body is screened: a redacted `user` would merge end users. `team_keys`: teams.yaml
    is in force (single-tenant requests carry no team key, so `per_key` does not apply to them)."""
    if config is None or ex.team is None:
        return
    team = config.for_team(ex.team)
    if team.per_key is not None and team_keys:
        key = presented_key(headers)
        ex.key_id = key_id(key) if key else None
    if team.per_end_user is not None:
        value = end_user_value(ex.provider, body, headers,
                               header_only=config.end_user_from_for(team) == "header")
        if value is not None:
            try:
                ex.end_user = end_user_hash(ex.team, value)
            except LookupError:  # the salt left the environment after budgets.yaml was loaded
                raise ProxyError("guardrail_unavailable", "per_end_user budgets need the end-user hash key "
                                 "($GUARDRAIL_PII_SALT), which is not set") from None


# The output limit fields of each route: a clamp lowers every one the body holds (attack F9: with both
# `max_tokens` and `max_completion_tokens`, lowering one left the other to a provider that honours it).
_OUTPUT_LIMITS = {CHAT: ("max_completion_tokens", "max_tokens"), COMPLETIONS: ("max_tokens",),
                  RESPONSES: ("max_output_tokens",), MESSAGES: ("max_tokens",)}
CLAMP_MIN_TOKENS = 16  # below this an answer is rarely of use: refuse (429) instead of clamping


async def reserve_for(budgets: Budgets | None, config: BudgetsConfig | None, ex: Exchange,
                      body: Any) -> BudgetHold | None:
    """Reserve the request's maximum cost; raises ProxyError (429, 403, 400, 503). None: no budget step.
    Under `on_exceed: clamp` the body's output limit may be lowered (`ex.clamped_max_tokens` says so)."""
    if budgets is None or ex.team is None or ex.kind not in BILLED_KINDS:
        return None
    team = config.for_team(ex.team) if config is not None else None
    scopes = scopes_for(team, ex.model, ex.key_id, ex.end_user) if team is not None else []
    background = ex.kind == RESPONSES and isinstance(body, dict) and body.get("background") is True
    if background and (team is None or team.background != "charge_max"):
        raise ProxyError("invalid_request", "background responses are refused: the proxy never sees their usage, so "
                         "their spend cannot be capped; budgets.yaml `background: charge_max` for the team lets them "
                         "through, charged their whole reservation", param="background")
    if config is None or team is None or not (team.team_capped or scopes or background):
        # No cap applies: nothing to reserve. The spend is still priced and recorded at the end
        # (one store call instead of two, off the answer's path). A request without `model` got here
        # only because the team allows stored prompts: it has no price to look up.
        chain = ex.chain
        head = price_of(config, ex, chain[0]) if ex.model is not None and len(chain) == 1 else None
        priced = head is not None or (len(chain) != 1 and _has_price(config, ex))
        if not priced and ex.model is not None and config is not None and config.unknown_model == "block":
            _unknown_model(config)
        return BudgetHold(budgets, config, None, priced, head_price=head)
    priced = True
    bound: Bound | None = None
    prices = _candidate_prices(config, ex)
    price: ModelPrice | None = None
    amount = 0
    if None in prices:
        if config.unknown_model == "block":
            _unknown_model(config)
        priced = False
    else:
        try:
            bound = tier47.with_premium(request_bound(ex.provider, ex.kind, body, ex.model), ex.tier_premium)
        except Unbounded as exc:
            raise ProxyError("invalid_request", exc.message, param=exc.param) from None
        # Every provider the request may reach (its route's fallbacks too): the dearest one's worst case.
        amount, price = max(((bound_micros(p, bound), p) for p in prices if p is not None), key=lambda t: t[0])
    hold = BudgetHold(budgets, config, None, priced, bound, background, amount, tuple(scopes))
    for _ in range(3 + 3 * len(scopes)):  # a clamp may meet a tighter window next: one try per window
        try:
            res = await budgets.reserve(ex.team, ex.recorded_model(), amount, config=config, request_id=ex.request_id,
                                        scopes=scopes)
        except BudgetExceeded as exc:
            clamped = _clamp(team, price, bound, exc) if not background else None
            if clamped is None:
                raise _exceeded(ex, exc, bound) from None
            bound, amount = clamped
            body[bound.clamp_field or "max_tokens"] = bound.per_choice
            for name in _OUTPUT_LIMITS.get(ex.kind, ()):  # every limit sent: a provider may honour either
                if body.get(name) is not None:
                    body[name] = bound.per_choice
            ex.clamped_max_tokens = bound.per_choice
            hold.bound, hold.max_micros = bound, amount
            continue
        except StoreUnavailable:
            if config.on_store_error == "block":
                raise ProxyError("guardrail_unavailable", "the budget store is unavailable, so spend cannot be "
                                 "checked (budgets.yaml on_store_error: block)") from None
            return hold
        ex.budget = res.as_record()
        hold.reservation = res
        if res.would_block is not None:  # `mode: warn`: enforcement would have refused; it goes on
            log.info("budget warn mode: request %s of team %s would be refused (scope %s, %s window)",
                     ex.request_id, ex.team, metric_scope(res.would_block.scope), res.would_block.window)
        return hold
    raise ProxyError("budget_exceeded", "budget exceeded: no output limit fits every window",
                     headers={"retry-after": "2"})


def _clamp(team: TeamBudget, price: ModelPrice | None, bound: Bound | None,
           exc: BudgetExceeded) -> tuple[Bound, int] | None:
    """`on_exceed: clamp`: the largest output limit the refusing window affords, or None."""
    if team.on_exceed != "clamp" or price is None or bound is None or bound.clamp_field is None:
        return None
    left = exc.cap_micros - exc.spent_micros - exc.reserved_micros
    limit = affordable_limit(price, bound, left)
    if limit < CLAMP_MIN_TOKENS:
        return None
    clamped = bound.with_limit(limit)
    return clamped, bound_micros(price, clamped)


def _exceeded(ex: Exchange, exc: BudgetExceeded, bound: Bound | None) -> ProxyError:
    ex.budget = {"reserved_usd": 0.0, "window": exc.window, "spent_usd": micros_to_usd(exc.spent_micros),
                 "cap_usd": micros_to_usd(exc.cap_micros), "remaining_usd": 0.0, "scope": exc.scope}
    message = exc.message
    if bound is not None and bound.context is not None:
        # Say why a short request costs so much: the provider adds context the proxy cannot see.
        message += (f"; the request uses provider-side context ({bound.context}), so it is reserved as the "
                    f"model's whole context window ({bound.input_tokens} input tokens)")
    return ProxyError("budget_exceeded", message, headers={"retry-after": str(exc.retry_after_s)})


def _has_price(config: BudgetsConfig | None, ex: Exchange) -> bool:
    """Whether every provider the request may be sent to (`_candidate_prices`) has a price for its model."""
    if ex.model is None:
        return False
    for name in ex.chain or (None,):
        if price_of(config, ex, name) is None:  # `is`: `None in prices` calls each price's dataclass __eq__
            return False
    return True


def price_of(config: BudgetsConfig | None, ex: Exchange, provider: str | None) -> ModelPrice | None:
    """The model's price on the named provider: its own `prices:` (proxy.yaml), else budgets.yaml's and
    the built-in table's."""
    own = ex.provider_prices.get(provider) if ex.provider_prices and provider else None
    if own is not None:
        found: ModelPrice | None = own.lookup(ex.model)
        if found is not None:
            return found
    return pricer_for(config).lookup(ex.model, ex.provider)


def _candidate_prices(config: BudgetsConfig | None, ex: Exchange) -> list[ModelPrice | None]:
    """The price on each provider the request may be sent to (the route's, then its fallbacks)."""
    return [price_of(config, ex, name) for name in (ex.chain or (None,))]


def _cost_micros(config: BudgetsConfig | None, ex: Exchange, head: ModelPrice | None = None) -> int:
    """The real cost, at the price of the provider that answered (`head`: the price on the route's one
    provider, found before). Raises UnknownModelPrice."""
    served = ex.upstream_name or (ex.chain[0] if ex.chain else None)
    price = head if head is not None and ex.chain == (served,) else price_of(config, ex, served)
    if price is None or ex.usage is None:
        raise UnknownModelPrice(ex.model)
    return usage_cost_micros(tier47.tier_price(price, tier47.tier_of(ex.usage)), ex.usage, ex.provider)  # its tier


def _unknown_model(config: BudgetsConfig | None) -> None:
    raise ProxyError("model_not_allowed", "no price is known for this model, so its spend cannot be "
                     "capped (budgets.yaml unknown_model: block); add it under prices: in budgets.yaml",
                     param="model")


async def settle_for(hold: BudgetHold | None, ex: Exchange,
                     late_alerts: Callable[[tuple[Alert, ...]], None] | None = None) -> tuple[Alert, ...]:
    """After the answer: charge the real cost from `ex.usage` (the bound when none came back, see the
    module's notes; release when nothing is priced or reserved). Never raises;
    returns the `alert_at` thresholds crossed (write one `budget_alert` record each). When the store
    is down the settle is retried later; thresholds that retry crosses go to `late_alerts`."""
    if hold is None:
        return ()
    cost: int | None = None
    if hold.charge_max and hold.bound is not None:
        # A background job: the provider bills it later, out of the proxy's sight. Its worst case is
        # charged now (and its tokens recorded for the export), so the cap still holds.
        ex.usage = Usage(input_tokens=hold.bound.input_tokens, output_tokens=hold.bound.output_tokens)
        ex.usage_estimated = True
        cost = hold.max_micros
    elif hold.bound is not None and hold.priced and (ex.usage is None or (ex.usage_estimated and not _cut(ex))):
        # The provider ran the request (or may have: its answer was lost to a timeout or a broken
        # connection) and said nothing of what it billed, or a stream ended normally without its usage:
        # fail closed, charge the bound at the answering provider's price, never less.
        ex.usage = Usage(input_tokens=hold.bound.input_tokens, output_tokens=hold.bound.output_tokens)
        ex.usage_estimated = True
        cost = _bound_cost(hold, ex, ex.upstream_name)
    elif ex.usage is not None and ex.usage_estimated and hold.bound is not None and hold.priced \
            and (hold.bound.reasoning or ex.answer_thinks):  # (its answer's model: an Azure deployment of o3)
        # A reasoning model's stream cut short before the provider's count: it thinks in tokens the text
        # never shows, so what it generated is not known: the bound, input and output, fail closed.
        ex.usage = Usage(input_tokens=hold.bound.input_tokens, output_tokens=hold.bound.output_tokens)
        cost = _bound_cost(hold, ex, ex.upstream_name)
    elif ex.usage is not None and ex.usage_estimated and hold.bound is not None:
        # A stream cut short before the provider's count: its input was read whole (estimated at the
        # bound's input part), what was generated is billed, at most the bound's output part.
        ex.usage.output_tokens = min(ex.usage.output_tokens, hold.bound.output_tokens)
    if ex.usage is None:  # nothing reported, nothing known to bill
        await release_for(hold)
        if ex.budget is not None:
            ex.budget["charged_usd"] = 0.0
        return ()
    if cost is None:
        cost = 0
        ex.usage = tier47.assume(ex.usage, hold.bound.premium if hold.bound is not None else None, ex.usage_estimated)
        if hold.priced:
            try:
                cost = _cost_micros(hold.config, ex)
            except UnknownModelPrice:  # defensive: priced at reserve time, so known here
                cost = 0
    ex.cost_usd = micros_to_usd(cost + hold.lost_micros) if hold.priced else None
    try:
        if hold.reservation is not None:
            settled = await hold.budgets.settle(hold.reservation, cost, ex.usage, config=hold.config)
        else:  # the store was down at reserve time: record the spend if it is back
            settled = await hold.budgets.charge(ex.team or "default", ex.recorded_model(), cost, ex.usage,
                                                config=hold.config, request_id=ex.request_id)
    except BudgetError as exc:
        log.warning("budget settle failed for request %s (retrying): %s", ex.request_id, exc)
        if hold.reservation is not None:
            res, usage = hold.reservation, ex.usage
            _retry_later(f"settle of request {ex.request_id}",
                         lambda: hold.budgets.settle(res, cost, usage, config=hold.config),
                         done=None if late_alerts is None else lambda settled: _late(settled, late_alerts))
        return ()
    ex.budget = hold.reservation.decorate(settled.as_record()) if hold.reservation else settled.as_record()
    if hold.lost_micros:  # earlier tries of the chain, lost after sending, were charged their bound
        ex.budget["lost_tries_usd"] = micros_to_usd(hold.lost_micros)
        ex.budget["charged_usd"] = micros_to_usd(cost + hold.lost_micros)
    if settled.overrun_micros > 0 and hold.reservation is not None:
        return (*settled.alerts, _overrun(ex, hold.reservation, settled.overrun_micros, cost))
    return settled.alerts


def _cut(ex: Exchange) -> bool:
    """A stream cut short (client gone, provider broke off, output blocked): as `StreamUsage.apply_to`."""
    return ex.client_disconnected or ex.error is not None or ex.decision == "block"


def _bound_cost(hold: BudgetHold, ex: Exchange, provider: str | None) -> int:
    """The bound at `provider`'s price (the reservation: the dearest of the chain, when unknown)."""
    price = price_of(hold.config, ex, provider) if provider is not None else None
    if price is None or hold.bound is None:
        return hold.max_micros
    return bound_micros(price, hold.bound)


def input_bound(hold: BudgetHold | None, ex: Exchange, body: Any, texts: Callable[[], int]) -> int:
    """Input tokens of a stream cut before the provider's count: the bound's input part (the same
    per-text byte bound the reservation used; the provider read the whole prompt), computed here for
    a request that reserved none; `texts()` (the prompt's characters) where the body has no bound."""
    if hold is not None and hold.bound is not None:
        return hold.bound.input_tokens
    try:
        return request_bound(ex.provider, ex.kind, body, ex.model).input_tokens
    except Exception:  # noqa: BLE001 - an estimate only (Unbounded shapes never reach the provider capped)
        return texts()


async def lost_try(hold: BudgetHold | None, ex: Exchange, provider: str) -> bool:
    """A try of the fallback chain may have reached `provider` and its answer was lost (a timeout, a
    connection broken after sending): the provider may bill it, so its bound at that provider's price is
    charged now, and the next try reserves again, so the tries together never pass a cap. False: the
    next try does not fit the budget (or the store cannot say): the chain stops here. Never raises."""
    if hold is None or hold.reservation is None or hold.bound is None or not hold.priced:
        return True  # nothing reserved: no cap to hold
    res = hold.reservation
    cost = _bound_cost(hold, ex, provider)
    usage = Usage(input_tokens=hold.bound.input_tokens, output_tokens=hold.bound.output_tokens)
    hold.reservation = None
    try:
        await hold.budgets.settle(res, cost, usage, config=hold.config)
    except BudgetError as exc:
        log.warning("budget settle of a lost try of request %s failed (retrying): %s", ex.request_id, exc)
        _retry_later(f"settle of request {ex.request_id}", lambda: hold.budgets.settle(res, cost, usage,
                                                                                        config=hold.config))
        return False
    hold.lost_micros += cost
    ex.cost_usd = micros_to_usd(hold.lost_micros)
    if ex.budget is not None:  # what the record says should the chain stop here
        ex.budget["charged_usd"] = ex.budget["lost_tries_usd"] = ex.cost_usd
    try:
        hold.reservation = await hold.budgets.reserve(
            ex.team or "default", ex.recorded_model(), hold.max_micros, config=hold.config,
            request_id=f"{ex.request_id}.{hold.tries}", scopes=hold.scopes)
    except BudgetError:  # over a cap now (or the store is down): no further try
        return False
    hold.tries += 1
    return True


def _overrun(ex: Exchange, res: Reservation, overrun: int, cost: int) -> OverrunAlert:
    """Billed above the bound: recorded, alerted, counted (`Metrics`) and kept per window (`status`)."""
    ex.overrun_usd = micros_to_usd(overrun)
    log.warning("budget overrun: request %s of team %s was billed %s micro-USD above its reservation",
                ex.request_id, res.team, overrun)
    tight = min(res.windows, key=lambda w: w.remaining_micros if w.remaining_micros is not None else 1 << 62)
    return OverrunAlert(res.team, tight.window, tight.period, 0.0, cost, tight.cap_micros or 0,
                        overrun_micros=overrun, reserved_micros=res.amount_micros)


async def release_for(hold: BudgetHold | None) -> None:
    """The upstream failed before billing anything: give the reservation back. Never raises."""
    if hold is None or hold.reservation is None:
        return
    res = hold.reservation
    try:
        await hold.budgets.release(res)
    except BudgetError as exc:
        log.warning("budget release failed (retrying): %s", exc)
        _retry_later("release", lambda: hold.budgets.release(res))


# A settle or release that failed because the store was down is retried until it is back, for at most
# this long: under Budgets.done_ttl_s (60 s), the time a finished reservation is remembered, so a retry
# of a call that did run (its answer lost in a timeout) is a no-op and never charges twice. Past it the
# reservation expires by itself (reservation_ttl_s).
RETRY_WINDOW_S = 30.0
_retries: set[asyncio.Task[Any]] = set()


def _late(settled: Any, late_alerts: Callable[[tuple[Alert, ...]], None]) -> None:
    alerts = getattr(settled, "alerts", ())
    if alerts:
        late_alerts(alerts)


def _retry_later(what: str, call: Callable[[], Awaitable[Any]], interval: float = 0.5,
                 done: Callable[[Any], None] | None = None) -> None:
    async def retry() -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + RETRY_WINDOW_S
        while loop.time() < deadline:
            await asyncio.sleep(interval)
            try:
                result = await call()
            except BudgetError:
                continue
            if done is not None:
                done(result)
            return
        log.warning("budget %s: the store did not come back within %.0f s; the reservation expires by itself",
                    what, RETRY_WINDOW_S)

    task = asyncio.get_running_loop().create_task(retry())
    _retries.add(task)
    task.add_done_callback(_retries.discard)


class SpendRecorder:
    """Spend of requests that reserved nothing (no cap applies, or the store was down and
    `on_store_error: allow` let them through), summed in memory per team and model and written to
    the store every `interval` seconds: one store call per team and model instead of one per request.

    A failed write keeps the sums for the next try, so spend made while the store was down is
    recorded once it is back. At most `interval` seconds of uncapped spend live only in memory.
    """

    def __init__(self, budgets: Budgets, interval: float = 0.25) -> None:
        self.budgets = budgets
        self.interval = interval
        self._pending: dict[tuple[str, str | None], list[Any]] = {}
        self._task: asyncio.Task[None] | None = None

    def add(self, team: str, model: str | None, cost_micros: int, usage: Usage, config: BudgetsConfig | None) -> None:
        self.add_many(team, model, cost_micros, usage, 1, config)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._flush_later())

    async def _flush_later(self) -> None:
        await asyncio.sleep(self.interval)
        await self.flush()
        if self._pending:  # the store refused: try again later
            self._task = asyncio.get_running_loop().create_task(self._flush_later())

    async def flush(self) -> None:
        pending, self._pending = self._pending, {}
        for (team, model), (cost, usage, count, config) in pending.items():
            try:
                await self.budgets.charge(team, model, cost, usage, config=config, requests=count)
            except BudgetError as exc:
                log.warning("recording spend failed (kept for the next try): %s", exc)
                self.add_many(team, model, cost, usage, count, config)

    def add_many(self, team: str, model: str | None, cost: int, usage: Usage, count: int,
                 config: BudgetsConfig | None) -> None:
        entry = self._pending.setdefault((team, model), [0, Usage(), 0, config])
        entry[0] += cost
        total: Usage = entry[1]
        total.input_tokens += usage.input_tokens
        total.output_tokens += usage.output_tokens
        total.cached_input_tokens += usage.cached_input_tokens
        total.cache_creation_input_tokens += usage.cache_creation_input_tokens
        total.reasoning_tokens += usage.reasoning_tokens
        total.cache_creation_1h_input_tokens += usage.cache_creation_1h_input_tokens
        entry[2] += count
        entry[3] = config

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()


def record_unreserved(recorder: SpendRecorder | None, hold: BudgetHold, ex: Exchange) -> None:
    """Price an answer that reserved nothing and queue its spend; sets `ex.cost_usd`. Never raises."""
    if ex.usage is None:
        return
    cost = 0
    if hold.priced:
        try:
            cost = _cost_micros(hold.config, ex, hold.head_price)
        except UnknownModelPrice:
            cost = 0
        ex.cost_usd = micros_to_usd(cost)
    if recorder is not None:
        recorder.add(ex.team or "default", ex.recorded_model(), cost, ex.usage, hold.config)
