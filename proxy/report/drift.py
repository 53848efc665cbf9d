"""Change between periods: days rolled up into days or ISO weeks, the population stability index
(PSI) between the first and the last period, and its reading in plain words.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from proxy.report.aggregate import Aggregator, merge_nested
from proxy.report.histograms import SCORE_BINS

PSI_MODERATE = 0.1
PSI_SIGNIFICANT = 0.25
PSI_MIN_SAMPLES = 20
PSI_EPSILON = 1e-4


def psi(expected: list[float], actual: list[float]) -> float:
    """Population stability index of `actual` against `expected` (bin counts; shares floored at 1e-4)."""
    e_total, a_total = sum(expected), sum(actual)
    if not e_total or not a_total:
        return 0.0
    value = 0.0
    for e, a in zip(expected, actual, strict=True):
        pe = max(e / e_total, PSI_EPSILON)
        pa = max(a / a_total, PSI_EPSILON)
        value += (pa - pe) * math.log(pa / pe)
    return value


def psi_reading(value: float | None, n_first: float = PSI_MIN_SAMPLES, n_last: float = PSI_MIN_SAMPLES) -> str:
    """Plain words for a PSI: under 0.1 stable, under 0.25 a moderate shift, else significant."""
    if value is None:
        return "one period only"
    if min(n_first, n_last) < PSI_MIN_SAMPLES:
        return "too few samples"
    if value < PSI_MODERATE:
        return "stable"
    if value < PSI_SIGNIFICANT:
        return "moderate shift"
    return "significant shift"


def period_of(day: str, period: str) -> str:
    """`YYYY-MM-DD` for `day`, `YYYY-Www` (ISO week) for `week`."""
    if period == "day":
        return day
    try:
        iso = date.fromisoformat(day).isocalendar()
    except ValueError:
        return day
    return f"{iso.year}-W{iso.week:02d}"


def roll_up(by_day: dict[str, Any], period: str) -> dict[str, Any]:
    """Sum per-day values (numbers, or lists or dicts of numbers) into periods; `by_day` is left as is."""
    out: dict[str, Any] = {}
    for day, value in by_day.items():
        merge_nested(out, {period_of(day, period): value.copy() if isinstance(value, dict | list) else value})
    return out


def score_drift(agg: Aggregator, period: str) -> list[dict[str, Any]]:
    """Per score series: first and last period, their histograms, means, PSI and its reading."""
    rows = []
    for key, by_day in agg.scores.items():
        periods = roll_up(by_day, period)
        order = sorted(periods)
        first, last = periods[order[0]], periods[order[-1]]
        n_first, n_last = sum(first[:SCORE_BINS]), sum(last[:SCORE_BINS])
        value = psi(first[:SCORE_BINS], last[:SCORE_BINS]) if len(order) > 1 else None
        rows.append({"series": key, "first": order[0], "last": order[-1], "n_first": n_first, "n_last": n_last,
                     "hist_first": first[:SCORE_BINS], "hist_last": last[:SCORE_BINS],
                     "mean_first": first[SCORE_BINS] / n_first if n_first else 0.0,
                     "mean_last": last[SCORE_BINS] / n_last if n_last else 0.0,
                     "n": sum(sum(h[:SCORE_BINS]) for h in periods.values()),
                     "psi": value, "reading": psi_reading(value, n_first, n_last)})
    rows.sort(key=lambda r: (r["psi"] is None, -(r["psi"] or 0.0), -r["n"]))
    return rows
