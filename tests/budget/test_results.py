"""proxy.budget.results: what Budgets answers (windows, reservations, settlements, alerts) and raises."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from proxy.budget.results import (
    IN_FLIGHT_RETRY_S,
    Alert,
    BudgetExceeded,
    Reservation,
    Settlement,
    StoreUnavailable,
    WindowStatus,
    window_state,
)

NY = ZoneInfo("America/New_York")
USD = 1_000_000
RESETS = datetime(2026, 12, 1, tzinfo=NY)


def status(window: str, cap: int | None, spent: int, reserved: int = 0) -> WindowStatus:
    return WindowStatus("a", window, {"daily": "2026-11-18", "weekly": "2026-W47", "monthly": "2026-11"}[window],
                        cap, spent, reserved, RESETS)


def test_remaining_is_the_cap_less_spent_and_held_never_negative() -> None:
    assert status("monthly", 5 * USD, 3 * USD, USD).remaining_micros == USD
    assert status("monthly", 5 * USD, 6 * USD).remaining_micros == 0  # settled above the cap: spent anyway
    assert status("monthly", None, 6 * USD).remaining_micros is None  # tracked, not capped


def test_window_state_is_the_window_status_it_stands_for() -> None:
    """The request path's fast constructor sets every field, as the dataclass would (a field added to
    WindowStatus fails here until window_state sets it too)."""
    for cap, scope in ((5 * USD, "team"), (None, "end_user:0f0f"), (0, "model:gpt-4o*")):
        fast = window_state("a", "weekly", "2026-W47", cap, 7, 3, RESETS, scope)
        slow = WindowStatus("a", "weekly", "2026-W47", cap, 7, 3, RESETS, scope=scope)
        assert fast == slow and hash(fast) == hash(slow) and type(fast) is WindowStatus
        assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
        assert fast.as_dict() == slow.as_dict() and fast.remaining_micros == slow.remaining_micros
    assert [f.name for f in dataclasses.fields(WindowStatus)] == [
        "team", "window", "period", "cap_micros", "spent_micros", "reserved_micros", "resets_at", "projected_micros",
        "overrun_micros", "scope"], "window_state sets exactly these (and the two defaults: None, 0)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.spent_micros = 1  # type: ignore[misc]


def test_window_status_as_dict_in_usd() -> None:
    row = WindowStatus("a", "monthly", "2026-11", 5 * USD, 1_500_000, 250_000, RESETS, projected_micros=4 * USD)
    assert row.as_dict() == {"team": "a", "window": "monthly", "period": "2026-11", "cap_usd": 5.0, "spent_usd": 1.5,
                             "reserved_usd": 0.25, "remaining_usd": 3.25, "resets_at": "2026-12-01T00:00:00-05:00",
                             "projected_usd": 4.0, "overrun_usd": 0.0, "scope": "team"}
    assert status("daily", None, 0).as_dict()["cap_usd"] is None
    assert WindowStatus("a", "daily", "d", None, 0, 0, RESETS, overrun_micros=1_250).as_dict()["overrun_usd"] == 0.00125


def test_records_name_the_tightest_capped_window() -> None:
    windows = (status("daily", 2 * USD, 1_900_000), status("weekly", None, 1_900_000),
               status("monthly", 5 * USD, 4 * USD))
    res = Reservation("id", "a", "m", 100_000, "2026-11-18", ("k1", "k2", "k3"), windows, 0)
    assert res.remaining_micros == 100_000
    assert res.as_record() == {"reserved_usd": 0.1, "window": "daily", "spent_usd": 1.9, "cap_usd": 2.0,
                               "remaining_usd": 0.1, "scope": "team"}
    settled = Settlement(80_000, 100_000, windows)
    assert settled.as_record()["charged_usd"] == 0.08 and settled.as_record()["window"] == "daily"
    uncapped = Settlement(80_000, 100_000, (status("daily", None, 0),))
    assert uncapped.remaining_micros is None and uncapped.as_record() == {"reserved_usd": 0.1, "charged_usd": 0.08}


def test_alert_record() -> None:
    alert = Alert("a", "monthly", "2026-11", 0.8, 4_100_000, 5 * USD)
    assert alert.as_record() == {"team": "a", "window": "monthly", "period": "2026-11", "threshold": 0.8,
                                 "spent_usd": 4.1, "cap_usd": 5.0, "scope": "team"}


def test_budget_exceeded_message_and_retry_after() -> None:
    now = RESETS - timedelta(hours=1, seconds=0.5)
    exc = BudgetExceeded(status("monthly", 5 * USD, 4_500_000), 600_000, now)
    assert str(exc) == exc.message == ("budget exceeded for team 'a': monthly spend is $4.500000 of a $5.000000 cap "
                                       "(monthly window 2026-11, resets 2026-12-01T00:00:00-05:00); "
                                       "this request may cost up to $0.600000")
    assert exc.retry_after_s == 3601  # whole seconds until the window resets, rounded up
    held = BudgetExceeded(status("daily", USD, 0, 900_000), 200_000, now)  # fits once in-flight requests settle
    assert held.retry_after_s == IN_FLIGHT_RETRY_S
    assert "and $0.900000 held by requests in flight" in held.message


def test_store_unavailable_names_the_reason_only() -> None:
    exc = StoreUnavailable("ConnectionError")
    assert exc.reason == "ConnectionError" and str(exc) == "budget store unavailable (ConnectionError)"
