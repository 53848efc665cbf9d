"""Calendar windows and money text: the time and formatting arithmetic under team budgets.

A team's spend is tracked in three calendar-aligned windows (daily, ISO weekly from Monday,
monthly) in the budgets.yaml time zone; a window is [start, end) in UTC, so a DST change makes a
23- or 25-hour day. No store access here: `proxy.budget.ledger` keys its Redis hashes by
`Window.kind` and `Window.period`, and answers with these windows' ends as `resets_at`.
Money is integer micro-dollars (1 USD = 1,000,000); `format_usd` writes it exactly, without floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

UTC_ZONE = ZoneInfo("UTC")


def utc_now() -> datetime:
    return datetime.now(UTC)


def seconds_between(start: datetime, end: datetime) -> float:
    """Elapsed seconds. In UTC: aware datetimes sharing a zone subtract as wall-clock times (DST!)."""
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()


def format_usd(micros: int) -> str:
    """Exact decimal text of a micro-dollar amount: 1500000 -> '1.500000'."""
    sign = "-" if micros < 0 else ""
    whole, frac = divmod(abs(micros), 1_000_000)
    return f"{sign}{whole}.{frac:06d}"


@dataclass(frozen=True, slots=True)
class Window:
    """One calendar window: `kind` daily|weekly|monthly, `period` its name, [start, end) in UTC."""

    kind: str
    period: str
    start: datetime
    end: datetime


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


def windows_at(now: datetime, zone: ZoneInfo) -> tuple[Window, Window, Window]:
    """The daily, weekly (ISO, from Monday) and monthly windows holding `now`, in `zone`."""
    day = now.astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    first = day.replace(day=1)
    next_first = (first + timedelta(days=32)).replace(day=1)
    iso = day.isocalendar()
    return (
        Window("daily", day.isoformat(), _local_midnight(day, zone), _local_midnight(day + timedelta(days=1), zone)),
        Window("weekly", f"{iso.year}-W{iso.week:02d}", _local_midnight(monday, zone),
               _local_midnight(monday + timedelta(days=7), zone)),
        Window("monthly", f"{day.year}-{day.month:02d}", _local_midnight(first, zone),
               _local_midnight(next_first, zone)),
    )


@dataclass(frozen=True, slots=True)
class Calendar:
    """The windows holding one local day, with what the request path needs of them precomputed."""

    windows: tuple[Window, Window, Window]
    ends_ms: tuple[int, ...]  # each window's end, epoch ms
    local_ends: tuple[datetime, ...]  # each window's end in the zone (resets_at)

    @classmethod
    def at(cls, now: datetime, zone: ZoneInfo) -> Calendar:
        windows = windows_at(now, zone)
        return cls(windows, tuple(int(w.end.timestamp() * 1000) for w in windows),
                   tuple(w.end.astimezone(zone) for w in windows))

    def holds(self, now: datetime) -> bool:
        daily = self.windows[0]  # the shortest: inside it, inside the week and the month too
        return daily.start <= now < daily.end


def project_spend(spent: int, window: Window, now: datetime) -> int:
    """Spend at the window's end at its run rate so far (at least one day of it, to stay sane early on)."""
    total = (window.end - window.start).total_seconds()
    elapsed = max(seconds_between(window.start, now), 86400.0)
    return spent if elapsed >= total else math.ceil(spent * total / elapsed)


__all__ = [
    "UTC_ZONE", "Calendar", "Window", "format_usd", "project_spend", "seconds_between", "utc_now", "windows_at",
]
