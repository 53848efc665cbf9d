"""proxy.budget.windows: calendar windows in the budgets zone (DST, year end), projections, money text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from proxy.budget.windows import Calendar, format_usd, project_spend, seconds_between, windows_at

NY = ZoneInfo("America/New_York")
USD = 1_000_000


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A New York wall-clock time as an aware datetime."""
    return datetime(year, month, day, hour, minute, second, tzinfo=NY)


def test_windows_are_calendar_aligned_in_the_zone_with_dst() -> None:
    spring = windows_at(local(2026, 3, 8, 12, 0), NY)  # clocks go forward: a 23-hour day
    assert spring[0].period == "2026-03-08" and spring[0].end - spring[0].start == timedelta(hours=23)
    autumn = windows_at(local(2026, 11, 1, 0, 30), NY)  # clocks go back: a 25-hour day
    assert autumn[0].end - autumn[0].start == timedelta(hours=25)
    assert autumn[1].period == "2026-W44" and autumn[1].start == local(2026, 10, 26).astimezone(UTC)
    assert autumn[2].period == "2026-11" and autumn[2].end == datetime(2026, 12, 1, 5, tzinfo=UTC)
    # 23:30 in New York on Dec 31 is already next year in UTC: the zone decides.
    eve = windows_at(datetime(2027, 1, 1, 4, 30, tzinfo=UTC), NY)
    assert [w.period for w in eve] == ["2026-12-31", "2026-W53", "2026-12"]


def test_calendar_holds_its_local_day_only() -> None:
    cal = Calendar.at(local(2026, 11, 30, 23, 59, 30), NY)
    assert cal.holds(local(2026, 11, 30, 0, 0).astimezone(UTC))
    assert not cal.holds(local(2026, 12, 1, 0, 0).astimezone(UTC))  # midnight in New York: a new day
    assert cal.ends_ms[2] == int(datetime(2026, 12, 1, 5, tzinfo=UTC).timestamp() * 1000)
    assert cal.local_ends[0].isoformat() == "2026-12-01T00:00:00-05:00"


def test_seconds_between_counts_real_time_across_dst() -> None:
    # Wall clocks show 24 hours from midnight to midnight; the spring-forward day has 23.
    assert seconds_between(local(2026, 3, 8), local(2026, 3, 9)) == 23 * 3600


def test_month_end_projection_at_the_run_rate() -> None:
    december = windows_at(local(2026, 12, 11), NY)[2]
    assert project_spend(4 * USD, december, local(2026, 12, 11).astimezone(UTC)) == 12_400_000  # 10 of 31 days
    early = project_spend(USD, december, local(2026, 12, 1, 1).astimezone(UTC))
    assert early == 31 * USD  # under a day gone: counted as one day, not 24x the rate
    assert project_spend(7 * USD, december, local(2027, 1, 1).astimezone(UTC)) == 7 * USD  # over: as spent


def test_format_usd_is_exact() -> None:
    assert format_usd(1_500_000) == "1.500000"
    assert format_usd(1) == "0.000001"
    assert format_usd(-2_000_001) == "-2.000001"
    assert format_usd(123_456_789_012_345_678) == "123456789012.345678"  # no float rounding
