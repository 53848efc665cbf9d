"""What `Budgets` (proxy.budget.ledger) answers and raises: a team's standing per window, reservations,
settlements, alerts, chargeback rows, and the errors the app maps to 429 and 503.

Plain values, no store access: the budget step, the decision records, the CLI reports and the admin
endpoint read them without touching Redis. Money is integer micro-dollars; `as_dict` and `as_record`
write USD for JSON. Error messages name teams, windows and amounts, never request text or keys.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from proxy.budget.pricing import micros_to_usd
from proxy.budget.windows import format_usd, seconds_between

IN_FLIGHT_RETRY_S = 2  # refused only because of requests in flight: they settle soon


# --------------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class WindowStatus:
    """A team's standing in one window (micro-dollars). `cap_micros` None: tracked, not capped."""

    team: str
    window: str
    period: str
    cap_micros: int | None
    spent_micros: int
    reserved_micros: int
    resets_at: datetime
    projected_micros: int | None = None  # monthly, in `status` only: month-end projection
    overrun_micros: int = 0  # in `status` only: billed above reservations in this window (should stay 0)
    scope: str = "team"  # `team`, `model:<glob>`, `key:<key id>`, `end_user:<hash>` (proxy.budget.scopes)

    @property
    def remaining_micros(self) -> int | None:
        if self.cap_micros is None:
            return None
        return max(self.cap_micros - self.spent_micros - self.reserved_micros, 0)

    def as_dict(self) -> dict[str, Any]:
        usd = micros_to_usd
        return {
            "team": self.team, "window": self.window, "period": self.period,
            "cap_usd": None if self.cap_micros is None else usd(self.cap_micros),
            "spent_usd": usd(self.spent_micros), "reserved_usd": usd(self.reserved_micros),
            "remaining_usd": None if self.remaining_micros is None else usd(self.remaining_micros),
            "resets_at": self.resets_at.isoformat(),
            "projected_usd": None if self.projected_micros is None else usd(self.projected_micros),
            "overrun_usd": usd(self.overrun_micros), "scope": self.scope,
        }


# A frozen dataclass's __init__ sets each field through object.__setattr__ (~2.5 µs for WindowStatus's ten);
# the request path makes one per window at reserve and again at settle, so it sets the slots directly.
_new_object = object.__new__
(_set_team, _set_window, _set_period, _set_cap, _set_spent, _set_reserved, _set_resets, _set_projected,
 _set_overrun, _set_scope) = (WindowStatus.__dict__[name].__set__ for name in (
    "team", "window", "period", "cap_micros", "spent_micros", "reserved_micros", "resets_at", "projected_micros",
    "overrun_micros", "scope"))


def window_state(team: str, window: str, period: str, cap_micros: int | None, spent_micros: int,
                 reserved_micros: int, resets_at: datetime, scope: str) -> WindowStatus:
    """`WindowStatus(team, window, period, cap_micros, spent_micros, reserved_micros, resets_at, scope=scope)`,
    equal to it (no projection, no overrun), built in a third of the time (reserve and settle make one per window)."""
    state: WindowStatus = _new_object(WindowStatus)
    _set_team(state, team)
    _set_window(state, window)
    _set_period(state, period)
    _set_cap(state, cap_micros)
    _set_spent(state, spent_micros)
    _set_reserved(state, reserved_micros)
    _set_resets(state, resets_at)
    _set_projected(state, None)
    _set_overrun(state, 0)
    _set_scope(state, scope)
    return state


def scope_label(scope: str) -> str:
    """How a 429 names a scope: `team`, `model gpt-4o*`, `key`, `end user` (never a key id or end user)."""
    kind, _, name = scope.partition(":")
    return {"team": "team", "model": f"model {name}", "key": "key", "end_user": "end user"}.get(kind, kind)


def metric_scope(scope: str) -> str:
    """How metrics name a scope: bounded, no ids (`team`, `model:<glob>`, `key`, `end_user`)."""
    kind = scope.partition(":")[0]
    return scope if kind in ("team", "model") else kind


def _tightest(windows: Sequence[WindowStatus]) -> WindowStatus | None:
    capped = [w for w in windows if w.cap_micros is not None]
    return min(capped, key=lambda w: w.remaining_micros or 0, default=None)


def _with_tightest(rec: dict[str, Any], windows: Sequence[WindowStatus]) -> dict[str, Any]:
    """Add window, spent, cap and remaining of the tightest capped window (if any) to a record."""
    tight = _tightest(windows)
    if tight is not None and tight.cap_micros is not None:
        rec.update(window=tight.window, spent_usd=micros_to_usd(tight.spent_micros),
                   cap_usd=micros_to_usd(tight.cap_micros), remaining_usd=micros_to_usd(tight.remaining_micros or 0),
                   scope=tight.scope)
    scopes = [s for s in dict.fromkeys(w.scope for w in windows) if s != "team"]
    if scopes:
        rec["scopes"] = scopes
    return rec


@dataclass(slots=True, weakref_slot=True)  # weak: bud49's renewer never keeps a dropped request alive
class Reservation:
    """Budget held for one request until it is settled or released (or expires)."""

    id: str
    team: str
    model: str | None
    amount_micros: int
    day: str  # the daily window's period: where the spend is recorded
    keys: tuple[str, ...]  # window keys, daily/weekly/monthly
    windows: tuple[WindowStatus, ...]  # after this reservation
    expires_at_ms: int
    finished: bool = False
    scope_ids: str = ""  # the narrower scopes' ids, space-separated (their spend goes to the usage hash)
    warn: bool = False  # `mode: warn`: held even past a cap
    would_block: BudgetExceeded | None = None  # warn mode: the refusal enforcement would have made

    @property
    def remaining_micros(self) -> int | None:
        """Left in the tightest capped window once this reservation is counted; None: no cap."""
        tight = _tightest(self.windows)
        return None if tight is None else tight.remaining_micros

    def as_record(self) -> dict[str, Any]:
        """The decision record's `budget` object before settling (e.g. for a stream's headers)."""
        return self.decorate(_with_tightest({"reserved_usd": micros_to_usd(self.amount_micros)}, self.windows))

    def decorate(self, rec: dict[str, Any]) -> dict[str, Any]:
        """Add `mode: warn` and `would_block` (what enforcement would have refused) to a record."""
        if self.warn:
            rec["mode"] = "warn"
            rec["would_block"] = self.would_block.as_record() if self.would_block is not None else None
        return rec


@dataclass(frozen=True, slots=True)
class Alert:
    """An `alert_at` threshold crossed: write one `budget_alert` record."""

    team: str
    window: str
    period: str
    threshold: float
    spent_micros: int
    cap_micros: int
    scope: str = "team"

    def as_record(self) -> dict[str, Any]:
        return {"team": self.team, "window": self.window, "period": self.period, "threshold": self.threshold,
                "spent_usd": micros_to_usd(self.spent_micros), "cap_usd": micros_to_usd(self.cap_micros),
                "scope": self.scope}


@dataclass(frozen=True, slots=True)
class OverrunAlert(Alert):
    """The provider billed more than the reservation (the bound missed a shape, or a provider bug):
    spend may pass the cap by `overrun_micros`. Written as a `budget_alert` record with `alert: overrun`."""

    overrun_micros: int = 0
    reserved_micros: int = 0

    def as_record(self) -> dict[str, Any]:
        return {"alert": "overrun", "team": self.team, "window": self.window, "period": self.period,
                "overrun_usd": micros_to_usd(self.overrun_micros), "reserved_usd": micros_to_usd(self.reserved_micros),
                "charged_usd": micros_to_usd(self.spent_micros), "cap_usd": micros_to_usd(self.cap_micros),
                "scope": self.scope}


@dataclass(frozen=True, slots=True)
class Settlement:
    """What settle did: charged the real cost, released the reservation, crossed these thresholds."""

    charged_micros: int
    reserved_micros: int
    windows: tuple[WindowStatus, ...] = ()
    alerts: tuple[Alert, ...] = ()
    expired: bool = False  # no open reservation (it had expired, or `charge`): charged anyway
    duplicate: bool = False  # already settled or released: nothing done
    overrun_micros: int = 0  # charged above the amount reserved (the bound missed): should stay 0

    @property
    def remaining_micros(self) -> int | None:
        tight = _tightest(self.windows)
        return None if tight is None else tight.remaining_micros

    def as_record(self) -> dict[str, Any]:
        """The decision record's `budget` object (window/spent/cap of the tightest capped window)."""
        return _with_tightest({"reserved_usd": micros_to_usd(self.reserved_micros),
                               "charged_usd": micros_to_usd(self.charged_micros)}, self.windows)


@dataclass(frozen=True, slots=True)
class UsageRow:
    """Spend of one team on one day with one model (chargeback)."""

    team: str
    day: str
    model: str
    input_tokens: int
    output_tokens: int
    cached_input_tokens: int
    reasoning_tokens: int
    requests: int
    cost_micros: int
    scope: str = "team"  # `team`: one row per model; a narrower scope: one row per scope (model: its glob)


# --------------------------------------------------------------------------------------- errors


class BudgetError(Exception):
    """Base of the errors `Budgets` raises."""


class BudgetExceeded(BudgetError):
    """The request could take a window past its cap. `message` is safe to send to the client."""

    def __init__(self, status: WindowStatus, requested_micros: int, now: datetime) -> None:
        self.status = status
        self.team, self.window, self.period = status.team, status.window, status.period
        self.scope = status.scope
        self.cap_micros = status.cap_micros or 0
        self.spent_micros, self.reserved_micros = status.spent_micros, status.reserved_micros
        self.requested_micros = requested_micros
        self.resets_at = status.resets_at
        in_flight_only = self.spent_micros + requested_micros <= self.cap_micros
        reset_s = max(1, math.ceil(seconds_between(now, status.resets_at)))
        self.retry_after_s = IN_FLIGHT_RETRY_S if in_flight_only else reset_s
        super().__init__(self.message)

    @property
    def message(self) -> str:
        held = f" and ${format_usd(self.reserved_micros)} held by requests in flight" if self.reserved_micros else ""
        scope = "" if self.scope == "team" else f", scope '{scope_label(self.scope)}'"
        return (f"budget exceeded for team '{self.team}'{scope}: {self.window} spend is "
                f"${format_usd(self.spent_micros)}"
                f"{held} of a ${format_usd(self.cap_micros)} cap ({self.window} window {self.period}, resets "
                f"{self.resets_at.isoformat()}); this request may cost up to ${format_usd(self.requested_micros)}")


    def as_record(self) -> dict[str, Any]:
        """The refusal in a decision record: scope (end user hashed), window, spent, cap."""
        return {"scope": self.scope, "window": self.window, "period": self.period,
                "spent_usd": micros_to_usd(self.spent_micros), "reserved_usd": micros_to_usd(self.reserved_micros),
                "cap_usd": micros_to_usd(self.cap_micros)}


class StoreUnavailable(BudgetError):
    """Redis could not be reached or failed; budgets.yaml `on_store_error` decides."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"budget store unavailable ({reason})")


__all__ = [
    "IN_FLIGHT_RETRY_S", "Alert", "BudgetError", "BudgetExceeded", "OverrunAlert", "Reservation", "Settlement",
    "StoreUnavailable",
    "UsageRow", "WindowStatus", "metric_scope", "scope_label", "window_state",
]
