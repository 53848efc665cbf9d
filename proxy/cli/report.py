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
    if (refused := _repeated_ids(agg, args.allow_duplicate_ids)) is not None:
        return refused
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    page = render_html(agg, period=args.period, sources=[Path(p).name for p in args.files],
                       build_seconds=elapsed, generated=generated, baseline=baseline)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    print(f"report: {agg.requests:,} requests, {agg.alert_count:,} budget alerts, "
          f"${agg.total_cost:,.2f} spend -> {out} ({elapsed:.1f} s)", file=sys.stderr)
    return 0


def _repeated_ids(agg: Any, allowed: bool) -> int | None:
    """A request id in two files (a log copied to another worker's name, or given twice) would count its
    request and spend twice: refused, unless allowed. Repeats within one file are said, not refused."""
    ids, across, sources = agg.repeats()
    if not ids:
        return None
    names = ", ".join(s.partition("\t")[2] for s in sources[:6]) + (", ..." if len(sources) > 6 else "")
    if across and not allowed:
        print(f"report: {across:,} request ids appear in more than one file ({names}): their requests and spend "
              "would be counted twice (a log copied or given twice?); check the folder with `guardrail-proxy audit "
              "verify`, or give --allow-duplicate-ids to count every record", file=sys.stderr)
        return 1
    agg.duplicate_ids = ids
    print(f"report: warning: {ids:,} request ids appear in more than one record" + (f" ({names})" if across else "")
          + ": each record is counted", file=sys.stderr)
    return None


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
    p.add_argument("--allow-duplicate-ids", action="store_true",
                   help="count every record even when a request id is in two files (refused by default)")
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
