"""Drift over time and the per-model and per-team sections: a synthetic log with a planted shift (one
model's answers get shorter and refuse more from one day on; one team's prompts switch language from
another) is rendered in headless Chromium and the shifts are flagged on the right days; an unshifted
log flags nothing; old records without the features still load."""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from proxy.audit import DecisionLog
from proxy.report.aggregate import Aggregator, aggregate_files
from proxy.report.render import render_html
from proxy.report.series import analyse, ks_critical, ks_statistic, parse_baseline, psi_smoothed
from tests.report.sample_logs import DAY1, HAND_MADE, rec, synth_log
from tests.report.test_render import _chromium

N = 20_000
MODEL, MODEL_DAY = "gpt-4o", 20        # 2025-06-22
TEAM, TEAM_DAY = "marketing", 15       # 2025-06-17
MONITOR_CHARTS = ["chart-drift-0", "chart-output-tokens", "chart-refusals", "chart-team-language",
                  "chart-input-tokens", "chart-latency-trend", "chart-cost-per-token", "chart-finish-by-model"]


@pytest.fixture
def browser() -> str:
    binary = _chromium()
    if binary is None:
        if os.environ.get("GUARDRAIL_TEST_CHROMIUM") is not None:
            pytest.fail("GUARDRAIL_TEST_CHROMIUM is set but no chromium binary was found")
        pytest.skip("chromium not installed (CI installs Debian's)")
    return binary


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("monitor")
    synth = synth_log()
    shifted, plain = folder / "shifted.jsonl", folder / "plain.jsonl"
    synth.generate(shifted, N, days=30, shift=synth.Shift(MODEL, MODEL_DAY, TEAM, TEAM_DAY), score_drift=False)
    synth.generate(plain, N, days=30, score_drift=False)
    return {"shifted": shifted, "plain": plain}


def _dom(chromium: str, page: Path, tmp_path: Path) -> str:
    flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,2000", "--hide-scrollbars"]
    return subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120,
                          check=True).stdout


def _flags(dom: str) -> dict[tuple[str, str, str], str]:
    """(group, name, feature) -> the day its shift began, from the drift table the browser holds."""
    out = {}
    for m in re.finditer(r'<tr class="drift-row"([^>]*)>', dom):
        attrs = dict(re.findall(r'data-([a-z]+)="([^"]*)"', m.group(1)))
        if attrs["shift"]:
            out[(attrs["group"], attrs["name"], attrs["feature"])] = attrs["shift"]
    return out


def _rendered(dom: str) -> set[str]:
    match = re.search(r'<body[^>]*data-rendered="([^"]*)"', dom)
    assert match, "the page script did not run"
    return set(match.group(1).split())


def test_planted_shift_is_flagged_on_the_right_day(browser: str, logs: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "shifted.html"
    page.write_text(render_html(aggregate_files([str(logs["shifted"])], jobs=1), sources=["shifted.jsonl"]))
    dom = _dom(browser, page, tmp_path)
    assert set(MONITOR_CHARTS) <= _rendered(dom), set(MONITOR_CHARTS) - _rendered(dom)
    flags = _flags(dom)
    assert flags[("team", TEAM, "language")] == "2025-06-17"
    assert flags[("model", MODEL, "output tokens")] == "2025-06-22"
    assert flags[("model", MODEL, "refusal rate")] == "2025-06-22"
    # Nothing is flagged before anything changed, and teams without the shifted model or language stay calm.
    assert min(flags.values()) == "2025-06-17", flags
    assert not {k for k in flags if k[0] == "team" and k[1] in ("research", "data-science")}, flags
    summary = re.search(r'id="drift-summary" data-flagged="(\d+)"', dom)
    assert summary and int(summary.group(1)) == len(flags)
    # The charts mark the day the shift began.
    marks = set(re.findall(r'<g class="shift-mark" data-bucket="([^"]+)"', dom))
    assert {"2025-06-17", "2025-06-22"} <= marks


def test_unshifted_log_flags_nothing(browser: str, logs: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "plain.html"
    page.write_text(render_html(aggregate_files([str(logs["plain"])], jobs=1), sources=["plain.jsonl"]))
    dom = _dom(browser, page, tmp_path)
    assert _flags(dom) == {}
    assert 'id="drift-summary" data-flagged="0"' in dom
    assert {"chart-output-tokens", "chart-refusals", "chart-team-language"} <= _rendered(dom)
    assert '<g class="shift-mark"' not in dom


def test_the_baseline_window_is_the_readers_choice(logs: dict[str, Path]) -> None:
    agg = aggregate_files([str(logs["shifted"])], jobs=1)
    default = analyse(agg)
    assert default.unit == "day" and default.baseline == ("2025-06-02", "2025-06-08")
    # A baseline after the model's change: its answers no longer differ from the baseline.
    late = analyse(agg, parse_baseline("2025-06-22..2025-06-28"))
    assert late.baseline == ("2025-06-22", "2025-06-28")
    starts = {(s.group, s.name, s.feature): s.start for s in late.series}
    assert starts[("model", MODEL, "output tokens")] is None
    assert starts[("model", MODEL, "refusal rate")] is None
    with pytest.raises(ValueError):
        parse_baseline("2025-06-10..2025-06-01")


def test_old_records_still_load_and_odd_features_are_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    log = DecisionLog(path)
    for r in HAND_MADE:  # records written before `input` and `output` existed
        log.write(dict(r))
    odd: list[dict[str, Any]] = [
        rec(input={"chars": "many", "messages": None, "tools": [1], "lang": {"x": 1}}, output="nope"),
        rec(input=[1], output={"finish": [{"a": 1}, "stop", "made_up"], "refusal": "yes", "tool_calls": "2"}),
        rec(input={"chars": 10, "messages": 1, "tools": 0, "lang": "en"},
            output={"chars": 5, "finish": ["stop"], "refusal": False, "filtered": False, "tool_calls": 0}),
    ]
    for r in odd:
        log.write(r)
    log.close()
    agg = aggregate_files([str(path)])
    hand = Aggregator()
    for r in HAND_MADE:
        hand.add_line(json.dumps(r))
    assert agg.requests == hand.requests + len(odd)
    assert agg.malformed == hand.malformed  # odd feature shapes are skipped, not fatal
    cats = agg.feature_rows()[1]["m:gpt-4o"]
    assert cats[DAY1[:13]] == {"lang:?": 1, "finish:other": 2, "finish:stop": 2, "lang:en": 1}
    page = render_html(agg)
    assert 'id="sec-drift"' in page and 'id="sec-outputs"' in page and 'id="sec-inputs"' in page


def test_hourly_buckets_for_a_short_log() -> None:
    agg = Aggregator()
    for h in range(48):
        agg.add(rec(ts=f"2025-01-{6 + h // 24:02d}T{h % 24:02d}:30:00.000+00:00",
                    output={"finish": ["stop"], "refusal": h >= 30, "filtered": False, "tool_calls": 0}))
    a = analyse(agg)
    assert a.unit == "hour" and len(a.buckets) == 48 and a.baseline == ("2025-01-06T00", "2025-01-06T11")
    assert analyse(agg, (date(2025, 1, 6), date(2025, 1, 6)), unit="day").unit == "day"


def test_psi_and_ks_statistics() -> None:
    same, k = psi_smoothed([100, 200, 300], [10, 20, 30])
    assert k == 3 and same < 0.01
    moved, _ = psi_smoothed([100, 200, 300], [300, 200, 100])
    assert moved > 0.25
    assert ks_statistic([1, 1, 0, 0], [0, 0, 1, 1]) == pytest.approx(1.0)
    assert ks_statistic([5, 5], [5, 5]) == 0.0
    assert ks_critical(100, 100) == pytest.approx(1.95 * (2 / 100) ** 0.5)
