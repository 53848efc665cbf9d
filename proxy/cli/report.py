"""`guardrail-proxy report FILE... [-o report.html] [--period day|week] [--baseline FROM..TO] [--jobs N]`.

Reads one or more decision logs (plain `.jsonl`, `.jsonl.gz`, or `-` for stdin) and writes one
self-contained HTML page. `register(subparsers)` adds the command to the main CLI; `python -m
proxy.cli.report` runs it on its own.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def cmd_report(args: argparse.Namespace) -> int:
    from proxy.report.aggregate import aggregate_files
    from proxy.report.render import render_html
    from proxy.report.series import parse_baseline

    baseline = None
    if args.baseline:
        try:
            baseline = parse_baseline(args.baseline)
        except ValueError as exc:
            print(f"report: --baseline: {exc} (expected YYYY-MM-DD..YYYY-MM-DD)", file=sys.stderr)
            return 2
    for path in args.files:
        if path != "-" and not Path(path).is_file():
            print(f"report: no such file: {path}", file=sys.stderr)
            return 2
    started = time.perf_counter()
    agg = aggregate_files(args.files, jobs=args.jobs)
    elapsed = time.perf_counter() - started
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = render_html(agg, period=args.period, sources=[Path(p).name for p in args.files],
                       build_seconds=elapsed, generated=generated, baseline=baseline)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"report: {agg.requests:,} requests, {agg.alert_count:,} budget alerts, "
          f"${agg.total_cost:,.2f} spend -> {out} ({elapsed:.1f} s)", file=sys.stderr)
    return 0


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `report` to the `guardrail-proxy` sub-commands; returns its parser."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "report", help="an HTML report (spend, decisions, PII, score drift, latency) from decision logs")
    p.add_argument("files", nargs="+", metavar="FILE", help="decisions.jsonl (also .gz, or - for stdin)")
    p.add_argument("-o", "--output", default="report.html", help="the HTML page to write (default: report.html)")
    p.add_argument("--period", choices=("day", "week"), default="day",
                   help="time bucket for spend over time and for the drift comparison (default: day)")
    p.add_argument("--baseline", default=None, metavar="FROM..TO",
                   help="the days drift is measured against, e.g. 2026-11-01..2026-11-14 "
                        "(default: the first week of the log)")
    p.add_argument("--jobs", type=int, default=None,
                   help="worker processes for large files (default: one per CPU)")
    p.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="guardrail-proxy")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["report", *(sys.argv[1:] if argv is None else argv)])
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
