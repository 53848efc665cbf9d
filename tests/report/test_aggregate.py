"""`proxy.report.aggregate`: exact aggregates on a hand-made log, lines in odd shapes, and the
synthetic log aggregated whole, by byte ranges and by worker processes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from proxy.audit import verify
from proxy.report import aggregate
from proxy.report.aggregate import Aggregator, aggregate_files, aggregate_range
from proxy.report.drift import score_drift
from tests.report.sample_logs import DAY1, DAY2, rec, synth_log


def test_aggregates_are_exact(hand_log: Path) -> None:
    agg = aggregate_files([str(hand_log)])
    assert (agg.requests, agg.alert_count, agg.other_records, agg.bad_lines, agg.malformed) == (9, 1, 1, 2, 0)
    assert agg.total_cost == pytest.approx(3.75)
    assert agg.cost_missing == 5
    assert (agg.errors, agg.over_budget) == (1, 1)
    assert agg.first_ts == DAY1 and agg.last_ts == DAY2
    assert agg.day_requests == {"2025-01-06": 3, "2025-01-07": 5}
    assert agg.spend == {"2025-01-06": {"a": 1.75, "b": 0.0}, "2025-01-07": {"c": 2.0}}
    assert agg.team_usage["a"] == [1.75, 110.0, 55.0]
    assert agg.policy_decisions == {"default": {"allow": 3, "redact": 1, "block": 1},
                                    "strict": {"block": 1, "flag": 1}, "(none)": {"unknown": 1, "5": 1}}
    assert agg.team_decisions["a"] == {"allow": 2, "redact": 1, "block": 1}
    assert agg.team_decisions["(no team)"] == {"unknown": 1}
    assert agg.team_budget_blocks == {"a": 1} and agg.team_over_budget == {"a": 1}
    assert agg.team_would_block == {"c": 1}
    assert agg.check_actions == {"input/pii": {"allow": 1, "redact": 1, "block": 1}, "output/pii": {"redact": 1},
                                 "input/toxicity": {"allow": 1, "would_block": 1}, "input/bias": {"flag": 1},
                                 "input/budget": {"block": 1}}
    assert agg.findings == {"EMAIL_ADDRESS": {"input": 2}, "PERSON": {"input": 1}, "PHONE_NUMBER": {"output": 1},
                            "CREDIT_CARD": {"input": 1}}
    assert agg.models["gpt-4o"][:2] == [7.0, 3.25] and agg.models["gpt-4o-mini"] == [1.0, 0.5, 10.0, 5.0]
    assert agg.latency["total"].count == 7 and agg.latency["upstream"].count == 6
    assert agg.latency["total"].min == 8.0 and agg.latency["total"].max == 60.0
    assert agg.alerts == [{"ts": DAY2, "team": "a", "window": "monthly", "period": "2025-01", "threshold": 0.8,
                           "spent_usd": 80.0, "cap_usd": 100.0}]


def test_lines_in_odd_shapes(tmp_path: Path) -> None:
    good = json.dumps(rec()).encode()
    content = (good + b"\r\n" + b"  " + good + b"  \n" + good + b" trailing\n"
               + b'{"team": "\xff", "ts": "2025-01-06T00:00:00Z"}\n' + good)   # no newline at the end
    path = tmp_path / "odd.jsonl"
    path.write_bytes(content)
    gz = tmp_path / "odd.jsonl.gz"
    gz.write_bytes(gzip.compress(content))
    for agg in (aggregate_range(str(path)), aggregate_range(str(gz)), aggregate_files([str(path), str(gz)])):
        n = agg.requests // 4
        assert (agg.requests, agg.bad_lines) == (4 * n, n)
        assert agg.team_decisions["\ufffd"] == {"unknown": n} and agg.team_decisions["a"] == {"allow": 3 * n}


def _snapshot(agg: Aggregator) -> dict[str, Any]:
    return {"requests": agg.requests, "alerts": agg.alert_count, "cost": round(agg.total_cost, 6),
            "policy": agg.policy_decisions, "checks": agg.check_actions, "findings": agg.findings,
            "latency": {k: h.bins for k, h in agg.latency.items()}, "days": agg.day_requests,
            "scores": {k: {d: [round(v, 6) for v in h] for d, h in by_day.items()} for k, by_day in agg.scores.items()},
            "spend": {d: {t: round(v, 6) for t, v in s.items()} for d, s in agg.spend.items()},
            "alert_list": sorted(json.dumps(a, sort_keys=True) for a in agg.alerts)}


def test_synthetic_log_and_parallel_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "synth.jsonl"
    lines = synth_log().generate(path, 3000, days=10)
    result = verify(path)
    assert result.ok and result.records == lines
    whole = aggregate_range(str(path))
    assert whole.requests == 3000 and whole.alert_count == lines - 3000 > 0
    assert whole.bad_lines == whole.malformed == 0
    assert {"support", "marketing", "research", "legal"} <= set(whole.team_decisions)
    assert whole.team_would_block and whole.over_budget and whole.errors
    assert {"default", "strict"} <= set(whole.policy_decisions)
    assert any(d["reading"] != "stable" for d in score_drift(whole, "day"))
    # Byte ranges aggregated apart and merged give the same numbers...
    merged = Aggregator()
    for start, end in aggregate._split(str(path), 3):
        merged.merge(aggregate_range(str(path), start, end))
    assert _snapshot(merged) == _snapshot(whole)
    # ...and so do worker processes.
    monkeypatch.setattr(aggregate, "PARALLEL_MIN_BYTES", 0)
    assert _snapshot(aggregate_files([str(path)], jobs=2)) == _snapshot(whole)


def test_lines_only_the_standard_library_reads_still_count() -> None:
    """NaN, integers past 64 bits and lone surrogate escapes: the fast parser refuses them, the fallback reads them."""
    agg = Aggregator()
    base = '{"ts": "2025-01-06T10:00:00Z", "request_id": "r", "team": "a", "status": 200, "decision": "allow"'
    agg.add_line(base + ', "cost_usd": NaN}')
    agg.add_line(base + ', "seq": 123456789012345678901234567890}')
    agg.add_line(base + ', "model": "\\ud800"}')
    agg.add_line("   ")
    agg.add_line("{not json")
    assert (agg.requests, agg.bad_lines) == (3, 1)
