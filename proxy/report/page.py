"""The GenAIOps report: decision logs in, one self-contained HTML page out.

`aggregate_files()` streams one or more `decisions.jsonl` files (plain, gzip or stdin) through an
`Aggregator` whose state does not grow with the number of records: counters per team, model,
policy, check and entity; spend and score histograms per calendar day; latencies in fixed
log-spaced histogram bins (percentiles within 1%). Large files are cut into byte ranges and
aggregated in parallel worker processes, whose aggregators are then merged.

`render_html()` turns the aggregate into a page of inline SVG charts (inline CSS and a one-line
script; nothing is fetched): spend by team over time, decisions by policy and check, PII entity counts, score
distributions with their drift between the first and last period (population stability index),
block and flag rates by team, latency percentiles, top models by cost, and the budget alerts.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import math
import os
import sys
from bisect import bisect_right
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from multiprocessing import get_all_start_methods, get_context
from typing import Any

#: Score histogram bin edges (checks' `scores` are probabilities): fine at the low end, where
#: almost every score of harmless traffic lies, so a shift there shows.
SCORE_EDGES = (0.0, 0.001, 0.005, 0.01, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0)
_SCORE_INNER = SCORE_EDGES[1:-1]
SCORE_BINS = len(SCORE_EDGES) - 1
PSI_MODERATE = 0.1
PSI_SIGNIFICANT = 0.25
PSI_MIN_SAMPLES = 20
PSI_EPSILON = 1e-4
MAX_ALERTS = 1000
PARALLEL_MIN_BYTES = 32 << 20
NO_TEAM = "(no team)"

Counts = dict[str, int]
_scan_once = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner


def _bump(table: dict[str, Counts], key: str, sub: str, n: int = 1) -> None:
    inner = table.get(key)
    if inner is None:
        table[key] = inner = {}
    inner[sub] = inner.get(sub, 0) + n


def _merge_nested(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Add `other` into `into`: nested dicts of numbers, or of equal-length lists of numbers."""
    for key, value in other.items():
        mine = into.get(key)
        if mine is None:
            into[key] = value
        elif isinstance(value, dict):
            _merge_nested(mine, value)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                mine[i] += v
        else:
            into[key] = mine + value


def _num(value: Any) -> float | None:
    """A JSON number as float; None for null, strings, booleans, NaN and infinities."""
    kind = type(value)
    if kind is float:
        return value if -math.inf < value < math.inf else None
    if kind is int:
        return float(value)
    return None


class LogHistogram:
    """Fixed log-spaced bins from 0.01 ms to ~3 hours; mergeable, percentiles within 1%."""

    LOW = 0.01
    RATIO = 1.02
    SIZE = int(math.log(1e7 / LOW) / math.log(RATIO)) + 2
    _SCALE = 1 / math.log(RATIO)
    _OFFSET = 1 - math.log(LOW) * _SCALE
    __slots__ = ("bins", "count", "min", "max")

    def __init__(self) -> None:
        self.bins = [0] * self.SIZE
        self.count = 0
        self.min = math.inf
        self.max = -math.inf

    def add(self, value: float) -> None:
        if value <= self.LOW:
            i = 0
        else:
            i = int(math.log(value) * self._SCALE + self._OFFSET)
            if i >= self.SIZE:
                i = self.SIZE - 1
        self.bins[i] += 1
        self.count += 1
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value

    def merge(self, other: LogHistogram) -> None:
        self.bins = [a + b for a, b in zip(self.bins, other.bins, strict=True)]
        self.count += other.count
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)

    def percentile(self, q: float) -> float | None:
        """The q-th percentile (0-100): the geometric middle of its bin, clamped to min and max."""
        if not self.count:
            return None
        rank = max(1, math.ceil(q / 100 * self.count))
        seen = 0
        for i, n in enumerate(self.bins):
            seen += n
            if seen >= rank:
                if i == 0 or i == self.SIZE - 1:  # the underflow and overflow bins
                    return self.min if i == 0 else self.max
                mid = self.LOW * self.RATIO ** (i - 0.5)
                return min(max(mid, self.min), self.max)
        return self.max


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


def _day(ts: Any) -> str:
    if isinstance(ts, str) and len(ts) >= 10 and ts[4] == "-" and ts[7] == "-" and ts[:4].isdigit():
        return ts[:10]
    return ""


class Aggregator:
    """Everything the report shows, accumulated one record at a time in bounded state."""

    def __init__(self) -> None:
        self.requests = 0
        self.bad_lines = 0          # not JSON, or not an object
        self.malformed = 0          # a record whose fields had the wrong shape
        self.other_records = 0      # records of a `type` this report does not know
        self.errors = 0             # status >= 500
        self.over_budget = 0        # status 429
        self.cost_missing = 0
        self.total_cost = 0.0
        self.first_ts = ""
        self.last_ts = ""
        self.day_requests: Counts = {}
        self.spend: dict[str, dict[str, float]] = {}            # day -> team -> USD
        self.policy_decisions: dict[str, Counts] = {}           # policy -> decision -> n
        self.team_decisions: dict[str, Counts] = {}             # team -> decision -> n
        self.team_would_block: Counts = {}                      # monitor mode: enforce would have blocked
        self.team_over_budget: Counts = {}                      # status 429
        self.team_budget_blocks: Counts = {}                    # status 429 logged as decision "block"
        self.team_usage: dict[str, list[float]] = {}            # team -> [cost, input tok, output tok]
        self.check_actions: dict[str, Counts] = {}              # "phase/check" -> action -> n
        self.check_ms: dict[str, LogHistogram] = {}
        self.findings: dict[str, Counts] = {}                   # entity label -> phase -> n
        self.findings_by_day: dict[str, Counts] = {}            # day -> entity label -> n
        self.scores: dict[str, dict[str, list[float]]] = {}     # "phase/check/label" -> day -> bins+[sum]
        self.models: dict[str, list[float]] = {}                # model -> [requests, cost, in, out]
        self.latency = {"total": LogHistogram(), "guard": LogHistogram(), "upstream": LogHistogram()}
        self.alerts: list[dict[str, Any]] = []
        self.alert_count = 0

    # ------------------------------------------------------------------------------------ input
    def add_line(self, line: str) -> None:
        try:  # the C scanner directly: json.loads' Python wrapper costs ~2 µs a line
            rec, end = _scan_once(line, 0)
            if end != len(line):
                raise ValueError("trailing characters")
        except (StopIteration, ValueError):
            if not line.strip():
                return
            try:  # surrounding whitespace, or really not JSON
                rec = json.loads(line)
            except ValueError:
                self.bad_lines += 1
                return
        if not isinstance(rec, dict):
            self.bad_lines += 1
            return
        try:
            self.add(rec)
        except (TypeError, AttributeError, ValueError):
            self.malformed += 1

    def add(self, rec: dict[str, Any]) -> None:
        kind = rec.get("type")
        if kind is not None:
            if kind == "budget_alert":
                self._add_alert(rec)
            else:
                self.other_records += 1
            return
        self.requests += 1
        ts = rec.get("ts") or ""
        day = _day(ts)
        if day:
            if not self.first_ts or ts < self.first_ts:
                self.first_ts = ts
            if ts > self.last_ts:
                self.last_ts = ts
            self.day_requests[day] = self.day_requests.get(day, 0) + 1
        team = rec.get("team")
        team = NO_TEAM if team is None else str(team)
        model = str(rec.get("model") or "(unknown)")
        decision = str(rec.get("decision") or "unknown")
        _bump(self.policy_decisions, str(rec.get("policy") or "(none)"), decision)
        _bump(self.team_decisions, team, decision)
        status = rec.get("status")
        if type(status) is int:
            if status >= 500:
                self.errors += 1
            elif status == 429:
                self.over_budget += 1
                self.team_over_budget[team] = self.team_over_budget.get(team, 0) + 1
                if decision == "block":
                    self.team_budget_blocks[team] = self.team_budget_blocks.get(team, 0) + 1

        cost = _num(rec.get("cost_usd"))
        usage = rec.get("usage")
        tin = tout = 0.0
        if isinstance(usage, dict):
            tin = _num(usage.get("input_tokens")) or 0.0
            tout = _num(usage.get("output_tokens")) or 0.0
        m = self.models.get(model)
        if m is None:
            self.models[model] = m = [0.0, 0.0, 0.0, 0.0]
        tu = self.team_usage.get(team)
        if tu is None:
            self.team_usage[team] = tu = [0.0, 0.0, 0.0]
        m[0] += 1
        m[2] += tin
        m[3] += tout
        tu[1] += tin
        tu[2] += tout
        if cost is None:
            self.cost_missing += 1
        else:
            self.total_cost += cost
            m[1] += cost
            tu[0] += cost
            if day:
                per_team = self.spend.get(day)
                if per_team is None:
                    self.spend[day] = per_team = {}
                per_team[team] = per_team.get(team, 0.0) + cost

        checks = rec.get("checks")
        if checks and type(checks) is list:
            would_block = self._add_checks(checks, day)
            if would_block:
                self.team_would_block[team] = self.team_would_block.get(team, 0) + 1

        lat = rec.get("latency_ms")
        if isinstance(lat, dict):
            for key in ("total", "guard"):
                v = _num(lat.get(key))
                if v is not None:
                    self.latency[key].add(v)
        up = rec.get("upstream")
        if isinstance(up, dict):
            v = _num(up.get("ms"))
            if v is not None:
                self.latency["upstream"].add(v)

    def _add_checks(self, checks: list[Any], day: str) -> bool:
        """Count one record's checks; True when one of them would have blocked (monitor mode)."""
        would_block = False
        check_actions, check_ms, score_table = self.check_actions, self.check_ms, self.scores
        for c in checks:
            if type(c) is not dict:
                continue
            get = c.get
            phase = get("phase") or "?"
            name = get("check") or "?"
            key = f"{phase}/{name}"
            action = get("action") or "none"
            if type(action) is not str:
                action = str(action)
            counts = check_actions.get(key)
            if counts is None:
                check_actions[key] = counts = {}
            counts[action] = counts.get(action, 0) + 1
            if action == "would_block":
                would_block = True
            ms = _num(get("ms"))
            if ms is not None:
                h = check_ms.get(key)
                if h is None:
                    check_ms[key] = h = LogHistogram()
                h.add(ms)
            findings = get("findings")
            if findings and type(findings) is dict:
                for entity, n in findings.items():
                    if type(n) is int and n > 0:
                        label = entity if name == "pii" else f"{entity} ({name})"
                        _bump(self.findings, label, str(phase), n)
                        if day:
                            _bump(self.findings_by_day, day, label, n)
            scores = get("scores")
            if scores and type(scores) is dict and day:
                for label, value in scores.items():
                    v = _num(value)
                    if v is None:
                        continue
                    per_day = score_table.get(f"{key}/{label}")
                    if per_day is None:
                        score_table[f"{key}/{label}"] = per_day = {}
                    hist = per_day.get(day)
                    if hist is None:
                        per_day[day] = hist = [0.0] * (SCORE_BINS + 1)
                    hist[bisect_right(_SCORE_INNER, v)] += 1
                    hist[SCORE_BINS] += v
        return would_block

    def _add_alert(self, rec: dict[str, Any]) -> None:
        self.alert_count += 1
        keep = {k: rec.get(k) for k in ("ts", "team", "window", "period", "threshold", "spent_usd", "cap_usd")}
        self.alerts.append(keep)
        if len(self.alerts) > 2 * MAX_ALERTS:
            self._trim_alerts()

    def _trim_alerts(self) -> None:
        self.alerts.sort(key=lambda a: str(a.get("ts") or ""))
        del self.alerts[:-MAX_ALERTS]

    # ------------------------------------------------------------------------------------ merge
    def merge(self, other: Aggregator) -> None:
        """Add another aggregator's records (e.g. another byte range of the same file) to this one."""
        for name in ("requests", "bad_lines", "malformed", "other_records", "errors", "over_budget",
                     "cost_missing", "total_cost", "alert_count"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.first_ts and (not self.first_ts or other.first_ts < self.first_ts):
            self.first_ts = other.first_ts
        self.last_ts = max(self.last_ts, other.last_ts)
        for name in ("day_requests", "spend", "policy_decisions", "team_decisions", "team_would_block",
                     "team_over_budget", "team_budget_blocks", "team_usage", "check_actions", "findings",
                     "findings_by_day", "scores", "models"):
            _merge_nested(getattr(self, name), getattr(other, name))
        for table_self, table_other in ((self.check_ms, other.check_ms), (self.latency, other.latency)):
            for key, hist in table_other.items():
                if key in table_self:
                    table_self[key].merge(hist)
                else:
                    table_self[key] = hist
        self.alerts.extend(other.alerts)
        self._trim_alerts()


# ---------------------------------------------------------------------------------------- reading
def _lines(path: str, start: int = 0, end: int | None = None, block: int = 1 << 22) -> Iterator[str]:
    """The lines of `path` ("-" for stdin, `.gz` decompressed) between byte offsets `start` and `end`."""
    if path == "-" or path.endswith(".gz"):
        raw = sys.stdin.buffer if path == "-" else gzip.open(path, "rb")
        with io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n") as text:
            for line in text:
                yield line.rstrip("\n")
        return
    with open(path, "rb") as fh:
        fh.seek(start)
        left = math.inf if end is None else end - start
        carry = b""
        while left > 0:
            data = fh.read(int(min(block, left)))
            if not data:
                break
            left -= len(data)
            data = carry + data
            cut = data.rfind(b"\n") + 1   # decode whole lines only: a block may end inside a character
            carry = data[cut:]
            yield from data[:cut].decode("utf-8", "replace").split("\n")[:-1]
        if carry:
            yield carry.decode("utf-8", "replace")


def aggregate_range(path: str, start: int = 0, end: int | None = None) -> Aggregator:
    agg = Aggregator()
    add_line = agg.add_line
    for line in _lines(path, start, end):
        add_line(line)
    return agg


def _split(path: str, parts: int) -> list[tuple[int, int]]:
    """Byte ranges of about equal size, each starting at the beginning of a line."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as fh:
        for i in range(1, parts):
            fh.seek(max(size * i // parts, cuts[-1]))
            fh.readline()
            cuts.append(min(fh.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def aggregate_files(paths: list[str], jobs: int | None = None) -> Aggregator:
    """Aggregate decision logs; plain files over 32 MiB are read by `jobs` processes (default: CPUs)."""
    jobs = jobs or os.cpu_count() or 1
    total = Aggregator()
    for path in paths:
        splittable = path != "-" and not path.endswith(".gz")
        if jobs > 1 and splittable and os.path.getsize(path) >= PARALLEL_MIN_BYTES:
            ranges = _split(path, jobs)
            method = "forkserver" if "forkserver" in get_all_start_methods() else "spawn"
            with ProcessPoolExecutor(max_workers=len(ranges), mp_context=get_context(method)) as pool:
                futures = [pool.submit(aggregate_range, path, a, b) for a, b in ranges]
                for future in futures:
                    total.merge(future.result())
        else:
            total.merge(aggregate_range(path))
    return total


# ----------------------------------------------------------------------------------------- charts
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
ACTION_COLORS = {"allow": "#59a14f", "pass": "#59a14f", "none": "#c7c7c7", "redact": "#4e79a7",
                 "would_redact": "#a0cbe8", "flag": "#f28e2b", "would_flag": "#ffbe7d", "block": "#e15759",
                 "would_block": "#ff9d9a", "error": "#79706e", "unknown": "#bab0ac"}
Series = list[tuple[str, str]]  # (name, colour)


def _actions(keys: set[str]) -> Series:
    known = [k for k in ACTION_COLORS if k in keys]
    rest = sorted(keys - set(known))
    return [(k, ACTION_COLORS[k]) for k in known] + [(k, PALETTE[i % len(PALETTE)]) for i, k in enumerate(rest)]


def _axis(peak: float) -> tuple[float, int]:
    """A round axis for values up to `peak`: (maximum, number of gridline steps), steps of 1, 2, 2.5 or 5 x 10^k."""
    if peak <= 0:
        return 1.0, 4
    rough = peak / 4
    base = 10.0 ** math.floor(math.log10(rough))
    step = next(m * base for m in (1, 2, 2.5, 5, 10) if rough <= m * base * (1 + 1e-9))
    steps = max(1, math.ceil(peak / step - 1e-9))
    return step * steps, steps


def _esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _rect(x: float, y: float, w: float, h: float, color: str, tip: str) -> str:
    return (f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{h:.1f}" '
            f'fill="{color}"><title>{_esc(tip)}</title></rect>')


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{_esc(text)}</text>'


def legend(series: Series) -> str:
    items = "".join(f'<span><i style="background:{c}"></i>{_esc(n)}</span>' for n, c in series)
    return f'<div class="legend">{items}</div>'


def hbars(chart_id: str, rows: list[tuple[str, list[float]]], series: Series, fmt: Any, *,
          stacked: bool = True, width: int = 760) -> str:
    """Horizontal bars, one row per label: stacked series (parts of a whole) or grouped ones."""
    label_w, value_w, top = 190, 80, 18
    plot_w = width - label_w - value_w
    row_h = 26 if stacked else 8 + 14 * len(series)
    height = top + row_h * len(rows) + 4
    peak = max(((sum(v) if stacked else max(v, default=0.0)) for _, v in rows), default=0.0)
    vmax, steps = _axis(peak)
    out = [f'<svg id="{chart_id}" class="chart" viewBox="0 0 {width} {height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for k in range(steps + 1):
        x = label_w + plot_w * k / steps
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 2}"/>')
        out.append(_text(x, top - 7, fmt(vmax * k / steps), "middle", "tick"))
    for r, (label, values) in enumerate(rows):
        y = top + r * row_h
        out.append(f'<g><title>{_esc(label)}</title>'
                   f'{_text(label_w - 8, y + row_h / 2 + 4, _short(label, 28), "end")}</g>')
        if stacked:
            x = float(label_w)
            for (name, color), v in zip(series, values, strict=True):
                if v > 0:
                    w = plot_w * v / vmax
                    out.append(_rect(x, y + 4, w, row_h - 8, color, f"{label} · {name}: {fmt(v)}"))
                    x += w
            out.append(_text(x + 5, y + row_h / 2 + 4, fmt(sum(values)), cls="val"))
        else:
            for j, ((name, color), v) in enumerate(zip(series, values, strict=True)):
                yy = y + 4 + j * 14
                w = plot_w * v / vmax if v > 0 else 0.0
                if v > 0:
                    out.append(_rect(label_w, yy, w, 11, color, f"{label} · {name}: {fmt(v)}"))
                out.append(_text(label_w + w + 4, yy + 9.5, fmt(v), cls="val small" if v > 0 else "val small zero"))
    out.append("</svg>")
    return "".join(out)


def columns(chart_id: str, cats: list[str], series: Series, values: list[list[float]], fmt: Any, *,
            stacked: bool = True, width: int = 760, height: int = 260, tips: list[str] | None = None,
            cls: str = "chart") -> str:
    """Vertical columns over categories (periods, bins); `values[s][c]` is series s in category c."""
    left, right, top, bottom = 64, 10, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    band = plot_w / max(len(cats), 1)
    per_cat = [[vals[c] for vals in values] for c in range(len(cats))]
    peak = max(((sum(v) if stacked else max(v, default=0.0)) for v in per_cat), default=0.0)
    vmax, steps = _axis(peak)
    base = top + plot_h
    out = [f'<svg id="{chart_id}" class="{cls}" viewBox="0 0 {width} {height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for k in range(steps + 1):
        y = base - plot_h * k / steps
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        out.append(_text(left - 6, y + 4, fmt(vmax * k / steps), "end", "tick"))
    label_px = 6.5 * max((len(c) for c in cats), default=1) + 8
    every = max(1, math.ceil(len(cats) * label_px / plot_w))
    for c, cat in enumerate(cats):
        x0 = left + c * band
        tip = tips[c] if tips else cat
        if stacked:
            y = float(base)
            for (name, color), v in zip(series, per_cat[c], strict=True):
                if v > 0:
                    h = plot_h * v / vmax
                    y -= h
                    out.append(_rect(x0 + band * 0.12, y, band * 0.76, h, color, f"{tip} · {name}: {fmt(v)}"))
        else:
            bw = band * 0.8 / max(len(series), 1)
            for j, ((name, color), v) in enumerate(zip(series, per_cat[c], strict=True)):
                if v > 0:
                    h = plot_h * v / vmax
                    out.append(_rect(x0 + band * 0.1 + j * bw, base - h, bw, h, color, f"{tip} · {name}: {fmt(v)}"))
        if c % every == 0:
            out.append(_text(x0 + band / 2, base + 16, cat, "middle", "tick"))
    out.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/></svg>')
    return "".join(out)


def _usd(v: float) -> str:
    if v == 0:
        return "$0"
    return f"${v:,.2f}" if abs(v) >= 1 else f"${v:.4f}"


def _count(v: float) -> str:
    return f"{v:,.0f}"


def _pct(v: float) -> str:
    if v == 0:
        return "0%"
    return f"{v:.1f}%" if v >= 1 else f"{v:.2f}%"


def _ms(v: float | None) -> str:
    if v is None:
        return "–"
    if v == 0:
        return "0"
    if v >= 1000:
        return f"{v / 1000:.2f} s"
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def _when(ts: Any) -> str:
    """`2025-06-02T10:32:26.348+00:00` as `2025-06-02 10:32 UTC`."""
    text = str(ts or "–")
    utc = text.endswith(("+00:00", "Z"))
    return text[:16].replace("T", " ") + (" UTC" if utc else "") if len(text) >= 16 else text


def table(head: list[str], rows: list[list[Any]], table_id: str = "", text_cols: int = 1) -> str:
    """A table whose first `text_cols` columns are text (left-aligned), the rest numbers."""
    ident = f' id="{table_id}"' if table_id else ""
    left = ' class="t"'
    th = "".join(f"<th{left if i < text_cols else ''}>{_esc(h)}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f"<td{left if i < text_cols else ''}>{_esc(c)}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table{ident}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


# ----------------------------------------------------------------------------------------- report
def _roll(by_day: dict[str, Any], period: str) -> dict[str, Any]:
    """Sum per-day values (numbers, or lists or dicts of numbers) into periods; `by_day` is left as is."""
    out: dict[str, Any] = {}
    for day, value in by_day.items():
        _merge_nested(out, {period_of(day, period): value.copy() if isinstance(value, dict | list) else value})
    return out


def score_drift(agg: Aggregator, period: str) -> list[dict[str, Any]]:
    """Per score series: first and last period, their histograms, means, PSI and its reading."""
    rows = []
    for key, by_day in agg.scores.items():
        periods = _roll(by_day, period)
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


def _rates(agg: Aggregator) -> list[tuple[str, int, Counts]]:
    teams = [(t, sum(d.values()), d) for t, d in agg.team_decisions.items()]
    return sorted(teams, key=lambda x: -x[1])


def _section(ident: str, title: str, intro: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{_esc(title)}</h2><p class="intro">{intro}</p>{body}</section>'


def _spend_section(agg: Aggregator, period: str, team_requests: dict[str, int]) -> str:
    by_period = _roll(agg.spend, period)
    periods = sorted(set(by_period) | {period_of(d, period) for d in agg.day_requests})
    teams = sorted(agg.team_usage, key=lambda t: -agg.team_usage[t][0])
    shown = teams[:8]
    series: Series = [(t, PALETTE[i]) for i, t in enumerate(shown)]
    if len(teams) > 8:
        series.append(("other teams", "#bab0ac"))
    values = [[by_period.get(p, {}).get(t, 0.0) for p in periods] for t in shown]
    if len(teams) > 8:
        values.append([sum(v for t, v in by_period.get(p, {}).items() if t not in shown) for p in periods])
    same_year = len({p[:4] for p in periods}) == 1 and period == "day"
    cats = [p[5:] if same_year else p for p in periods]
    chart = columns("chart-spend-by-team", cats, series, values, _usd, tips=periods) if periods else ""
    total = agg.total_cost or 1.0
    rows = [[t, _count(team_requests.get(t, 0)), _usd(u[0]), _pct(100 * u[0] / total), _count(u[1]), _count(u[2]),
             _usd(u[0] / team_requests[t]) if team_requests.get(t) else "–"]
            for t, u in ((t, agg.team_usage[t]) for t in teams)]
    return _section("sec-spend", "Spend by team over time",
                    f"Priced cost (<code>cost_usd</code>) per {period} and team; hover a bar for the amount.",
                    legend(series) + chart + table(["team", "requests", "spend", "share", "input tokens",
                                                    "output tokens", "per request"], rows))


def _models_section(agg: Aggregator) -> str:
    models = sorted(agg.models.items(), key=lambda kv: (-kv[1][1], -kv[1][0]))
    chart = hbars("chart-models-by-cost", [(m, [v[1]]) for m, v in models[:10]], [("spend", PALETTE[0])], _usd)
    total = agg.total_cost or 1.0
    rows = [[m, _count(v[0]), _usd(v[1]), _pct(100 * v[1] / total), _count(v[2]), _count(v[3]),
             _usd(v[1] / v[0]) if v[0] else "–"] for m, v in models[:15]]
    return _section("sec-models", "Top models by cost", "The ten models that cost the most over the whole log.",
                    chart + table(["model", "requests", "spend", "share", "input tokens", "output tokens",
                                   "per request"], rows))


def _decisions_section(agg: Aggregator) -> str:
    policies = sorted(agg.policy_decisions.items(), key=lambda kv: -sum(kv[1].values()))
    p_series = _actions({d for _, c in policies for d in c})
    p_chart = hbars("chart-decisions-by-policy", [(p, [float(c.get(n, 0)) for n, _ in p_series]) for p, c in policies],
                    p_series, _count)
    checks = sorted(agg.check_actions.items())
    c_series = _actions({a for _, c in checks for a in c})
    c_chart = hbars("chart-decisions-by-check", [(k.replace("/", " · "), [float(c.get(n, 0)) for n, _ in c_series])
                                                  for k, c in checks], c_series, _count)
    rows = []
    for key, counts in checks:
        h = agg.check_ms.get(key, LogHistogram())
        rows.append([key.replace("/", " · "), _count(sum(counts.values()))]
                    + [_ms(h.percentile(q)) for q in (50, 90, 99)])
    return _section("sec-decisions", "Decisions by policy and check",
                    "What each policy decided for its requests, and what each check did each time it ran "
                    "(<i>would_…</i>: monitor mode, logged but not enforced).",
                    "<h3>By policy</h3>" + legend(p_series) + p_chart + "<h3>By check</h3>" + legend(c_series)
                    + c_chart + table(["check", "runs", "p50", "p90", "p99"], rows))


def _rates_section(agg: Aggregator, teams: list[tuple[str, int, Counts]]) -> str:
    series: Series = [("blocked by a check", ACTION_COLORS["block"]), ("flagged", ACTION_COLORS["flag"])]
    extra = [(agg.team_over_budget, ("over budget (429)", "#8c564b")),
             (agg.team_would_block, ("would block (monitor)", ACTION_COLORS["would_block"]))]
    series += [s for counts, s in extra if counts]
    rows, table_rows = [], []
    for team, n, d in teams[:15]:
        blocked = d.get("block", 0) - agg.team_budget_blocks.get(team, 0)
        over, would = agg.team_over_budget.get(team, 0), agg.team_would_block.get(team, 0)
        vals = [blocked, d.get("flag", 0)] + [counts.get(team, 0) for counts, _ in extra if counts]
        rows.append((team, [100 * v / n for v in vals]))
        table_rows.append([team, _count(n), _count(blocked), _count(d.get("flag", 0)), _count(d.get("redact", 0)),
                           _count(over), _count(would)])
    return _section("sec-rates", "Block and flag rates by team",
                    "Share of each team's requests that a check blocked or flagged (requests refused for an "
                    "exhausted budget are counted apart).",
                    legend(series) + hbars("chart-team-rates", rows, series, _pct, stacked=False)
                    + table(["team", "requests", "blocked", "flagged", "redacted", "over budget", "would block"],
                            table_rows))


def _pii_section(agg: Aggregator, period: str) -> str:
    entities = sorted(agg.findings.items(), key=lambda kv: -sum(kv[1].values()))
    phases = sorted({p for _, c in entities for p in c}, key=lambda p: (p != "input", p != "output", p))
    series: Series = [(p, PALETTE[i]) for i, p in enumerate(phases)]
    chart = hbars("chart-pii-entities", [(e, [float(c.get(p, 0)) for p in phases]) for e, c in entities[:15]],
                  series, _count)
    by_period = _roll(agg.findings_by_day, period)
    requests = _roll(agg.day_requests, period)
    order = sorted(requests)
    note = ""
    rows = []
    if order:
        first, last = by_period.get(order[0], {}), by_period.get(order[-1], {})
        for e, c in entities[:15]:
            rows.append([e] + [_count(c.get(p, 0)) for p in phases]
                        + [f"{1000 * first.get(e, 0) / requests[order[0]]:.1f}",
                           f"{1000 * last.get(e, 0) / requests[order[-1]]:.1f}"])
        if len(order) > 1 and entities:
            names = [e for e, _ in entities]
            value = psi([float(first.get(e, 0)) for e in names], [float(last.get(e, 0)) for e in names])
            reading = psi_reading(value, sum(first.values()), sum(last.values()))
            note = (f'<p>Entity mix, {_esc(order[0])} vs {_esc(order[-1])}: PSI <b>{value:.3f}</b> '
                    f'<span class="badge {reading.split()[0]}">{_esc(reading)}</span></p>')
    head = ["entity"] + phases + [f"per 1k requests, {order[0]}" if order else "first",
                                  f"per 1k requests, {order[-1]}" if order else "last"]
    return _section("sec-pii", "PII entities found",
                    "Personal data the checks found (entity types and counts; the log never holds the text).",
                    legend(series) + chart + note + table(head, rows))


def _scores_section(agg: Aggregator, period: str) -> str:
    drift = score_drift(agg, period)
    rows = [[d["series"].replace("/", " · "), _count(d["n"]), f"{d['first']} → {d['last']}",
             f"{d['mean_first']:.4f} → {d['mean_last']:.4f}",
             "–" if d["psi"] is None else f"{d['psi']:.3f}", d["reading"]] for d in drift]
    cats = ["0" if e == 0 else f"{e:g}".lstrip("0") for e in SCORE_EDGES[:-1]]
    charts = []
    for i, d in enumerate(drift[:8]):
        shares = [[100 * v / (sum(h) or 1) for v in h] for h in (d["hist_first"], d["hist_last"])]
        series: Series = [(f"first: {d['first']}", "#9aa7b8"), (f"last: {d['last']}", PALETTE[2])]
        title = d["series"].replace("/", " · ")
        psi_text = "–" if d["psi"] is None else f"{d['psi']:.3f}"
        charts.append(f'<figure><figcaption><b>{_esc(title)}</b> PSI {psi_text} <span class="badge '
                      f'{d["reading"].split()[0]}">{_esc(d["reading"])}</span></figcaption>{legend(series)}'
                      + columns(f"chart-score-{i}", cats, series, shares, _pct, stacked=False, width=470,
                                height=200, cls="chart score") + "</figure>")
    return _section("sec-scores", "Score distributions and drift",
                    f"How check scores are distributed in the first and the last {period} of the log (share of "
                    "scores per bin, bins by lower edge), and the population stability index between the two: "
                    "under 0.1 stable, 0.1–0.25 a moderate shift, over 0.25 a significant shift.",
                    table(["score", "samples", "periods", "mean", "PSI", "reading"], rows)
                    + f'<div class="grid2">{"".join(charts)}</div>')


def _latency_section(agg: Aggregator) -> str:
    names = {"total": "total (client)", "guard": "guardrail checks", "upstream": "upstream provider"}
    series: Series = [("p50", PALETTE[3]), ("p90", PALETTE[0]), ("p99", PALETTE[6])]
    rows, table_rows = [], []
    for key, label in names.items():
        h = agg.latency[key]
        if h.count:
            pct = [h.percentile(q) or 0.0 for q in (50, 90, 99)]
            rows.append((label, pct))
            table_rows.append([label, _count(h.count)] + [_ms(v) for v in pct] + [_ms(h.max)])
    return _section("sec-latency", "Latency percentiles",
                    "Milliseconds per request: end to end, spent in guardrail checks, and waiting for the provider.",
                    legend(series) + hbars("chart-latency", rows, series, _ms, stacked=False)
                    + table(["", "requests", "p50", "p90", "p99", "max"], table_rows))


def _alerts_section(agg: Aggregator) -> str:
    alerts = sorted(agg.alerts, key=lambda a: str(a.get("ts") or ""))
    if not alerts:
        return _section("sec-alerts", "Budget alerts", "No budget alerts in this log.", "")

    def money(v: Any) -> str:
        n = _num(v)
        return "–" if n is None else _usd(n)

    def frac(v: Any) -> str:
        n = _num(v)
        return "–" if n is None else f"{100 * n:.0f}%"

    def window(a: dict[str, Any]) -> str:
        return " ".join(str(a[k]) for k in ("window", "period") if a.get(k)) or "–"

    rows = [[_when(a.get("ts")), a.get("team") or NO_TEAM, window(a), frac(a.get("threshold")),
             money(a.get("spent_usd")), money(a.get("cap_usd"))] for a in alerts]
    more = ""
    if agg.alert_count > len(alerts):
        more = f" The {len(alerts):,} most recent of {agg.alert_count:,} are listed."
    return _section("sec-alerts", "Budget alerts",
                    f"{agg.alert_count:,} times a team's spend crossed an alert threshold of its budget.{more}",
                    table(["time", "team", "window", "threshold", "spent", "cap"], rows, "budget-alerts", 3))


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f4f5f7;margin:0}
main{max-width:1040px;margin:0 auto;padding:24px}
header h1{margin:0 0 4px;font-size:26px}header p{margin:0;color:#555}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:18px 0;box-shadow:0 1px 3px #0002}
h2{margin:0 0 4px;font-size:19px}h3{font-size:15px;margin:14px 0 4px}.intro{color:#555;margin:0 0 10px}
.kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin-top:18px}
.kpi{background:#fff;border-radius:8px;padding:12px 14px;box-shadow:0 1px 3px #0002}
.kpi b{display:block;font-size:22px}.kpi span{color:#666;font-size:12px}
svg.chart{width:100%;height:auto;display:block;margin:4px 0 10px}
svg text{font-size:12px;fill:#333}svg text.tick{font-size:11px;fill:#777}svg text.small{font-size:10px}
svg text.zero{fill:#aaa}svg .grid{stroke:#e3e3e3}svg .axis{stroke:#999}svg rect.mark:hover{opacity:.8}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:#444;margin:6px 0}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;font-size:13px;margin:6px 0}
th,td{padding:4px 8px;border-bottom:1px solid #eee;text-align:right}th{color:#555;font-weight:600}
th.t,td.t{text-align:left}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:8px 24px;margin-top:12px}
figure{margin:0}figcaption{font-size:13px}
.badge{border-radius:10px;padding:1px 8px;font-size:12px;background:#eee}
.badge.stable{background:#dcefd9}.badge.moderate{background:#fde8c8}.badge.significant{background:#f8d0d0}
footer{color:#666;font-size:12px}code{font-size:12px}
"""

#: Marks which charts the browser actually laid out (tests read `data-rendered` from the DOM).
SCRIPT = ("document.body.dataset.rendered=[...document.querySelectorAll('svg.chart')]"
          ".filter(s=>s.getBBox().width>0&&s.querySelector('.mark')).map(s=>s.id).join(' ');")


def render_html(agg: Aggregator, *, period: str = "day", sources: list[str] | None = None,
                build_seconds: float | None = None, generated: str = "") -> str:
    """The whole report page."""
    teams = _rates(agg)
    team_requests = {t: n for t, n, _ in teams}
    n = agg.requests or 1
    totals: Counts = {}
    for _, _, d in teams:
        _merge_nested(totals, d)
    blocked = totals.get("block", 0) - sum(agg.team_budget_blocks.values())
    total_ms = agg.latency["total"]
    kpis = [("requests", _count(agg.requests)), ("spend", _usd(agg.total_cost)),
            ("blocked by a check", _pct(100 * blocked / n)), ("flagged", _pct(100 * totals.get("flag", 0) / n)),
            ("redacted", _pct(100 * totals.get("redact", 0) / n)), ("over budget (429)", _count(agg.over_budget)),
            ("errors (5xx)", _count(agg.errors)), ("budget alerts", _count(agg.alert_count)),
            ("p50 latency", _ms(total_ms.percentile(50))), ("p90 latency", _ms(total_ms.percentile(90)))]
    kpi_html = "".join(f'<div class="kpi"><b>{_esc(v)}</b><span>{_esc(k)}</span></div>' for k, v in kpis)
    span = f"{_when(agg.first_ts)} → {_when(agg.last_ts)}" if agg.first_ts else "no timestamps"
    notes = [f"{agg.requests:,} request records and {agg.alert_count:,} budget alerts read"]
    if agg.cost_missing:
        notes.append(f"{agg.cost_missing:,} requests without a price (cost_usd null) count as $0")
    for count, what in ((agg.bad_lines, "lines were not JSON objects"), (agg.malformed, "records were malformed"),
                        (agg.other_records, "records of other types were ignored")):
        if count:
            notes.append(f"{count:,} {what}")
    if build_seconds is not None:
        notes.append(f"built in {build_seconds:.1f} s")
    notes.append("the hash chain is not checked here: run <code>guardrail-proxy audit verify</code>")
    body = "".join([
        _spend_section(agg, period, team_requests), _models_section(agg), _decisions_section(agg),
        _rates_section(agg, teams), _pii_section(agg, period), _scores_section(agg, period),
        _latency_section(agg), _alerts_section(agg)])
    source = ", ".join(sources or [])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><title>Guardrail report</title><style>{CSS}</style>'
            f'</head><body><main><header><h1>Guardrail report</h1><p>{_esc(source)} · {_esc(span)} · '
            f'by {period}{" · generated " + _esc(generated) if generated else ""}</p></header>'
            f'<div class="kpis">{kpi_html}</div>{body}<footer><p>{"; ".join(notes)}.</p></footer></main>'
            f"<script>{SCRIPT}</script></body></html>")
