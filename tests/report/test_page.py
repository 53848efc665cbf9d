"""`guardrail-proxy report`: exact aggregates on a hand-made log, PSI, percentiles, parallel merge,
the synthetic log generator, the CLI, and the page rendered in headless Chromium with every chart."""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import math
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from proxy.audit import DecisionLog, verify
from proxy.cli.report import register
from proxy.report import page as report
from proxy.report.page import (
    Aggregator,
    LogHistogram,
    aggregate_files,
    aggregate_range,
    psi,
    psi_reading,
    render_html,
    score_drift,
)

ROOT = Path(__file__).resolve().parents[2]
CHART_IDS = ["chart-spend-by-team", "chart-models-by-cost", "chart-decisions-by-policy", "chart-decisions-by-check",
             "chart-team-rates", "chart-pii-entities", "chart-score-0", "chart-latency"]
DAY1, DAY2 = "2025-01-06T10:00:00.000+00:00", "2025-01-07T10:00:00.000+00:00"


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth_log", ROOT / "bench" / "synth_log.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rec(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "ts": DAY1, "request_id": "req_x", "team": "a", "route": "/v1/chat/completions", "model": "gpt-4o",
        "stream": False, "policy": "default", "policy_version": "1", "mode": "enforce", "decision": "allow",
        "status": 200, "checks": [], "usage": {"input_tokens": 10, "output_tokens": 5}, "cost_usd": 0.0,
        "budget": None, "upstream": {"status": 200, "ms": 50.0}, "latency_ms": {"total": 60.0, "guard": 5.0}}
    base.update(fields)
    return base


def check(phase: str, name: str, action: str, **extra: Any) -> dict[str, Any]:
    return {"phase": phase, "check": name, "action": action, "ms": 1.0, **extra}


HAND_MADE = [
    rec(cost_usd=1.25, usage={"input_tokens": 100, "output_tokens": 50},
        checks=[check("input", "pii", "allow", findings={}),
                check("input", "toxicity", "allow", scores={"toxicity": 0.0005})]),
    rec(model="gpt-4o-mini", decision="redact", cost_usd=0.5,
        checks=[check("input", "pii", "redact", findings={"EMAIL_ADDRESS": 2, "PERSON": 1}),
                check("output", "pii", "redact", findings={"PHONE_NUMBER": 1})]),
    rec(team="b", policy="strict", decision="block", status=400, usage={"input_tokens": 0, "output_tokens": 0},
        upstream={"status": None, "ms": None}, latency_ms={"total": 8.0, "guard": 7.0},
        checks=[check("input", "pii", "block", findings={"CREDIT_CARD": 1})]),
    rec(ts=DAY2, team="b", policy="strict", decision="flag", cost_usd=None, usage=None,
        checks=[check("input", "bias", "flag", scores={"bias": 0.7})]),
    {"ts": DAY2, "request_id": "req_old", "model": "gpt-4o", "status": 200},   # an older record: few fields
    rec(ts=DAY2, status=502, error="upstream_unreachable", cost_usd=None, usage=None,
        upstream={"status": None, "ms": 3000.0}),
    rec(ts=DAY2, status=429, decision="block", error="budget_exceeded", cost_usd=None, usage=None,
        checks=[check("input", "budget", "block")]),
    rec(ts=DAY2, team="c", mode="monitor", cost_usd=2.0,
        checks=[check("input", "toxicity", "would_block", scores={"toxicity": 0.95})]),
    {"type": "budget_alert", "ts": DAY2, "team": "a", "window": "monthly", "period": "2025-01",
     "threshold": 0.8, "spent_usd": 80.0, "cap_usd": 100.0},
    {"type": "something_new", "ts": DAY2},
    {"ts": 12, "team": "z", "model": {"a": 1}, "decision": 5, "status": "200", "checks": "oops",
     "usage": "none", "cost_usd": "1.0", "latency_ms": [1], "upstream": 3},
]


@pytest.fixture
def hand_log(tmp_path: Path) -> Path:
    path = tmp_path / "decisions.jsonl"
    log = DecisionLog(path)
    for r in HAND_MADE:
        log.write(dict(r))
    log.close()
    with path.open("ab") as fh:
        fh.write(b"not json\n[1, 2]\n\n")
    return path


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
    assert report.period_of("2025-01-05", "week") == "2025-W01" and report.period_of("2025-01-06", "week") == "2025-W02"


def test_percentiles_within_one_percent() -> None:
    h = LogHistogram()
    for v in range(1, 1001):
        h.add(float(v))
    h.add(0.0)
    for q, exact in ((50, 500), (90, 900), (99, 990)):
        value = h.percentile(q)
        assert value is not None and value == pytest.approx(exact, rel=0.011)
    assert h.percentile(100) == 1000.0 and h.percentile(0.01) == 0.0 and h.count == 1001
    assert LogHistogram().percentile(50) is None
    h.add(1e12)   # beyond the last bin: counted there, no error
    assert h.percentile(100) == 1e12


def _snapshot(agg: Aggregator) -> dict[str, Any]:
    return {"requests": agg.requests, "alerts": agg.alert_count, "cost": round(agg.total_cost, 6),
            "policy": agg.policy_decisions, "checks": agg.check_actions, "findings": agg.findings,
            "latency": {k: h.bins for k, h in agg.latency.items()}, "days": agg.day_requests,
            "scores": {k: {d: [round(v, 6) for v in h] for d, h in by_day.items()} for k, by_day in agg.scores.items()},
            "spend": {d: {t: round(v, 6) for t, v in s.items()} for d, s in agg.spend.items()},
            "alert_list": sorted(json.dumps(a, sort_keys=True) for a in agg.alerts)}


def test_synthetic_log_and_parallel_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "synth.jsonl"
    lines = _synth().generate(path, 3000, days=10)
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
    for start, end in report._split(str(path), 3):
        merged.merge(aggregate_range(str(path), start, end))
    assert _snapshot(merged) == _snapshot(whole)
    # ...and so do worker processes.
    monkeypatch.setattr(report, "PARALLEL_MIN_BYTES", 0)
    assert _snapshot(aggregate_files([str(path)], jobs=2)) == _snapshot(whole)


def test_cli_writes_a_self_contained_page(hand_log: Path, tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    out = tmp_path / "out" / "report.html"
    args = parser.parse_args(["report", str(hand_log), "-o", str(out), "--period", "week"])
    assert args.func(args) == 0
    page = out.read_text()
    for ident in CHART_IDS:
        assert f'id="{ident}"' in page
    assert 'id="budget-alerts"' in page and "2025-W02" in page
    # Nothing to fetch: no external scripts, styles, images or fonts.
    assert not re.search(r"(src|href)\s*=|@import|url\(", page)
    assert re.findall(r"https?://[^\s\"']+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg")
    missing = parser.parse_args(["report", str(tmp_path / "nope.jsonl"), "-o", str(out)])
    assert missing.func(missing) == 2


def test_render_copes_with_an_empty_log() -> None:
    page = render_html(Aggregator())
    assert "Guardrail report" in page and "No budget alerts" in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture
def chromium() -> str:
    binary = _chromium()
    if binary is None:
        if os.environ.get("GUARDRAIL_TEST_CHROMIUM") is not None:
            pytest.fail("GUARDRAIL_TEST_CHROMIUM is set but no chromium binary was found")
        pytest.skip("chromium not installed (CI installs Debian's)")
    return binary


def test_page_renders_every_chart_in_headless_chromium(chromium: str, tmp_path: Path) -> None:
    log = tmp_path / "synth.jsonl"
    _synth().generate(log, 2000, days=14)
    page = tmp_path / "report.html"
    page.write_text(render_html(aggregate_files([str(log)]), sources=[log.name]))
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,2000", "--hide-scrollbars"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    # The page's script lists the charts the browser laid out with a non-zero size and at least one mark.
    match = re.search(r'<body[^>]*data-rendered="([^"]*)"', dom)
    assert match, "the page script did not run"
    rendered = set(match.group(1).split())
    assert set(CHART_IDS) <= rendered, f"charts missing: {set(CHART_IDS) - rendered}"
    for ident in CHART_IDS:
        svg = re.search(rf'<svg id="{ident}".*?</svg>', dom, re.S)
        assert svg and svg.group(0).count('class="mark"') > 0, ident
    assert re.search(r'<table id="budget-alerts">.*?<td', dom, re.S)
    shot = tmp_path / "report.png"
    subprocess.run([*flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
