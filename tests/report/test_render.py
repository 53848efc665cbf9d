"""`proxy.report.render`: the page written by `guardrail-proxy report` is self-contained and has every
chart, an empty log still renders, and headless Chromium lays out every chart."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from proxy.cli.report import register
from proxy.report.aggregate import Aggregator, aggregate_files
from proxy.report.render import render_html
from tests.report.sample_logs import synth_log

CHART_IDS = ["chart-spend-by-team", "chart-models-by-cost", "chart-decisions-by-policy", "chart-decisions-by-check",
             "chart-team-rates", "chart-pii-entities", "chart-score-0", "chart-latency"]


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
    synth_log().generate(log, 2000, days=14)
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
