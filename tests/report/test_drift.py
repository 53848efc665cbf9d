"""`proxy.report.drift`: PSI for a known shift between days (none within one ISO week), PSI values and
their readings, and periods."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from proxy.report import drift
from proxy.report.aggregate import Aggregator
from proxy.report.drift import psi, psi_reading, score_drift
from tests.report.sample_logs import DAY1, DAY2, check, rec


def test_psi_for_a_known_shift(tmp_path: Path) -> None:
    # Day 1: half the scores in the lowest bin, half in the next; day 2: a quarter and three quarters.
    records = [rec(ts=DAY1, checks=[check("input", "toxicity", "allow", scores={"toxicity": v})])
               for v in [0.0005] * 10 + [0.003] * 10]
    records += [rec(ts=DAY2, checks=[check("input", "toxicity", "allow", scores={"toxicity": v})])
                for v in [0.0005] * 5 + [0.003] * 15]
    agg = Aggregator()
    for r in records:
        agg.add(r)
    expected = (0.25 - 0.5) * math.log(0.25 / 0.5) + (0.75 - 0.5) * math.log(0.75 / 0.5)
    [row] = score_drift(agg, "day")
    assert row["series"] == "input/toxicity/toxicity"
    assert (row["first"], row["last"], row["n_first"], row["n_last"]) == ("2025-01-06", "2025-01-07", 20, 20)
    assert row["psi"] == pytest.approx(expected) and row["psi"] == pytest.approx(0.27465, abs=1e-5)
    assert row["reading"] == "significant shift"
    assert row["mean_first"] == pytest.approx((10 * 0.0005 + 10 * 0.003) / 20)
    # Both days fall in ISO week 2025-W02: one period, no drift to measure.
    [weekly] = score_drift(agg, "week")
    assert weekly["psi"] is None and weekly["reading"] == "one period only"


def test_psi_and_its_reading() -> None:
    assert psi([10, 20, 30], [1, 2, 3]) == pytest.approx(0.0)
    assert psi([50, 50], [60, 40]) == pytest.approx(0.1 * math.log(1.2) + 0.1 * math.log(1.25))
    assert psi([0, 100], [100, 0]) > 10  # empty bins are floored, not infinite
    assert [psi_reading(v) for v in (0.0, 0.099, 0.1, 0.2499, 0.25, 3)] == [
        "stable", "stable", "moderate shift", "moderate shift", "significant shift", "significant shift"]
    assert psi_reading(0.5, 5, 100) == "too few samples"
    assert drift.period_of("2025-01-05", "week") == "2025-W01" and drift.period_of("2025-01-06", "week") == "2025-W02"
