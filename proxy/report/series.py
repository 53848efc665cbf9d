"""Feature and score series over time, each bucket against a baseline window, and the bucket a shift began.

Buckets are hours when the log spans three days or less, else days. For each model and each team, and
each feature (input and output token histograms, refusal, content-filter and tool-call rates, the share
of requests offering tools, the finish-reason and language mixes), and for each check score, every
bucket after the baseline is compared with the baseline window by the population stability index
(counts smoothed by half a count per bin, so a small bucket's empty bins do not explode it) and, for
token histograms, the two-sample Kolmogorov-Smirnov statistic. A bucket counts as shifted when its
PSI is at least 0.25 and at least `NOISE` times what sampling alone gives two samples of the same
distribution ((bins - 1) x (1/n1 + 1/n2)); a shift began at the first shifted bucket followed by
another shifted one (buckets with too few samples are skipped): one odd bucket flags nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from proxy.report import histograms as H
from proxy.report.aggregate import Aggregator
from proxy.report.drift import PSI_SIGNIFICANT
from proxy.report.histograms import SCORE_BINS, TOKEN_BINS

MIN_SAMPLES = 30     # a bucket (and the baseline) needs this many samples to be compared
NOISE = 4.0          # a shifted bucket's PSI is this many times the sampling noise, at least
KS_C = 1.95          # Kolmogorov-Smirnov critical coefficient at alpha = 0.001
BASELINE_DAYS = 7
HOURLY_MAX_DAYS = 3


@dataclass
class Feature:
    name: str
    kind: str                  # "hist" (token bins), "share" (part of a whole), "cat" (a mix of categories)
    start: int = 0             # hist: first bin in the row; share: the part's index
    whole: int = 0             # share: the whole's index; hist: the count's index
    total: int = 0             # hist: the sum's index (for the mean)
    prefix: str = ""           # cat: category prefix in `Aggregator.feat_cat`
    unit: str = ""


FEATURES = [
    Feature("input tokens", "hist", H.IN_HIST, H.IN_TOK_N, H.IN_TOK, unit="tokens"),
    Feature("output tokens", "hist", H.OUT_HIST, H.OUT_N, H.OUT_TOK, unit="tokens"),
    Feature("refusal rate", "share", H.REFUSALS, H.ANSWERS),
    Feature("content-filter rate", "share", H.FILTERED, H.ANSWERS),
    Feature("tool-call rate", "share", H.TOOL_ANSWERS, H.ANSWERS),
    Feature("requests offering tools", "share", H.TOOLS, H.IN_N),
    Feature("finish reasons", "cat", prefix="finish:"),
    Feature("language", "cat", prefix="lang:"),
]


@dataclass
class Series:
    group: str                 # "model", "team" or "score"
    name: str                  # the model, team or score series
    feature: str
    kind: str
    baseline: list[float]      # the baseline window's distribution
    labels: list[str]          # bin or category names
    buckets: list[dict[str, Any]] = field(default_factory=list)  # per bucket: n, dist, value, psi, ks, shifted
    start: str | None = None   # the bucket a shift began
    max_psi: float = 0.0
    dists: dict[str, list[float]] = field(default_factory=dict)       # every bucket's distribution
    values: dict[str, float | None] = field(default_factory=dict)     # every bucket's mean or rate

    @property
    def ident(self) -> str:
        raw = f"{self.group}-{self.name}-{self.feature}"
        return "".join(c if c.isalnum() else "-" for c in raw.lower())

    @property
    def baseline_n(self) -> float:
        return sum(self.baseline)


@dataclass
class Analysis:
    unit: str                  # "hour" or "day"
    buckets: list[str]
    baseline: tuple[str, str]  # first and last bucket of the baseline window
    in_baseline: set[str]
    series: list[Series]
    feat: dict[str, dict[str, list[float]]] = field(default_factory=dict)   # "m:MODEL"/"t:TEAM" -> hour -> row
    feat_cat: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)

    @property
    def flagged(self) -> list[Series]:
        return [s for s in self.series if s.start is not None]


def psi_smoothed(expected: list[float], actual: list[float]) -> tuple[float, int]:
    """PSI of `actual` against `expected` with half a count added to each bin both have; (PSI, bins used)."""
    pairs = [(e, a) for e, a in zip(expected, actual, strict=True) if e or a]
    k = len(pairs)
    if k < 2:
        return 0.0, k
    ne = sum(e for e, _ in pairs) + 0.5 * k
    na = sum(a for _, a in pairs) + 0.5 * k
    value = 0.0
    for e, a in pairs:
        pe, pa = (e + 0.5) / ne, (a + 0.5) / na
        value += (pa - pe) * math.log(pa / pe)
    return value, k


def ks_statistic(expected: list[float], actual: list[float]) -> float:
    """Largest gap between the two cumulative distributions (binned two-sample Kolmogorov-Smirnov D)."""
    ne, na = sum(expected), sum(actual)
    if not ne or not na:
        return 0.0
    ce = ca = gap = 0.0
    for e, a in zip(expected, actual, strict=True):
        ce += e / ne
        ca += a / na
        gap = max(gap, abs(ce - ca))
    return gap


def ks_critical(n1: float, n2: float) -> float:
    return KS_C * math.sqrt((n1 + n2) / (n1 * n2)) if n1 and n2 else math.inf


def parse_baseline(text: str) -> tuple[date, date]:
    """`2026-11-01..2026-11-14` (or one day) as dates; ValueError otherwise."""
    first, _, last = text.partition("..")
    a = date.fromisoformat(first.strip())
    b = date.fromisoformat((last or first).strip())
    if b < a:
        raise ValueError(f"baseline ends before it starts: {text}")
    return a, b


def _all_hours(feat: dict[str, dict[str, list[float]]]) -> list[str]:
    hours: set[str] = set()
    for per in feat.values():
        hours.update(per)
    return sorted(h for h in hours if len(h) == 13)


def _continuous(first: str, last: str, unit: str) -> list[str]:
    if unit == "day":
        a, b = date.fromisoformat(first), date.fromisoformat(last)
        return [(a + timedelta(days=i)).isoformat() for i in range((b - a).days + 1)]
    t0 = datetime.fromisoformat(first + ":00")
    t1 = datetime.fromisoformat(last + ":00")
    steps = int((t1 - t0).total_seconds() // 3600)
    return [(t0 + timedelta(hours=i)).strftime("%Y-%m-%dT%H") for i in range(steps + 1)]


def _roll(per_hour: dict[str, Any], unit: str) -> dict[str, Any]:
    """Hourly rows (lists) or counts (dicts) summed into buckets."""
    out: dict[str, Any] = {}
    for hour, value in per_hour.items():
        key = hour[:10] if unit == "day" else hour
        mine = out.get(key)
        if mine is None:
            out[key] = value.copy()
        elif isinstance(value, list):
            for i, v in enumerate(value):
                mine[i] += v
        else:
            for k, v in value.items():
                mine[k] = mine.get(k, 0) + v
    return out


def analyse(agg: Aggregator, baseline: tuple[date, date] | None = None, unit: str | None = None) -> Analysis:
    """Every feature and score series, bucket by bucket against the baseline window."""
    feat, feat_cat = agg.feature_rows()
    hours = _all_hours(feat)
    if not hours:
        return Analysis("day", [], ("", ""), set(), [], feat, feat_cat)
    days = sorted({h[:10] for h in hours})
    span_days = (date.fromisoformat(days[-1]) - date.fromisoformat(days[0])).days + 1
    if unit is None:
        unit = "hour" if span_days <= HOURLY_MAX_DAYS else "day"
    buckets = _continuous(days[0], days[-1], "day") if unit == "day" else _continuous(hours[0], hours[-1], "hour")
    if baseline is not None:
        lo, hi = baseline
        in_base = [b for b in buckets if lo <= date.fromisoformat(b[:10]) <= hi]
    elif unit == "day":
        in_base = buckets[:BASELINE_DAYS] if span_days >= 2 * BASELINE_DAYS else buckets[:max(1, len(buckets) // 4)]
    else:
        in_base = buckets[:max(1, len(buckets) // 4)]
    base = set(in_base)
    analysis = Analysis(unit, buckets, (in_base[0], in_base[-1]) if in_base else ("", ""), base, [], feat, feat_cat)
    after = [b for b in buckets if not in_base or b > in_base[-1]]
    for key, per_hour in sorted(feat.items()):
        group = "model" if key.startswith("m:") else "team"
        rows = _roll(per_hour, unit)
        cats = _roll(feat_cat.get(key, {}), unit)
        for feature in FEATURES:
            s = _feature_series(group, key[2:], feature, rows, cats, base, after)
            if s is not None:
                analysis.series.append(s)
    if unit == "day":
        for key, per_day in sorted(agg.scores.items()):
            s = _series("score", key, "score", "hist",
                        {d: h[:SCORE_BINS] for d, h in per_day.items()},
                        {d: (h[SCORE_BINS] / sum(h[:SCORE_BINS]) if sum(h[:SCORE_BINS]) else None)
                         for d, h in per_day.items()}, [str(i) for i in range(SCORE_BINS)], base, after)
            if s is not None:
                analysis.series.append(s)
    analysis.series.sort(key=lambda x: (x.start is None, x.start or "", -x.max_psi))
    return analysis


def _feature_series(group: str, name: str, feat: Feature, rows: dict[str, list[float]],
                    cats: dict[str, dict[str, int]], base: set[str], after: list[str]) -> Series | None:
    dists: dict[str, list[float]] = {}
    values: dict[str, float | None] = {}
    if feat.kind == "hist":
        labels = [f"{e}" for e in H.TOKEN_EDGES]
        for b, row in rows.items():
            dists[b] = row[feat.start:feat.start + TOKEN_BINS]
            n = row[feat.whole]
            values[b] = row[feat.total] / n if n else None
    elif feat.kind == "share":
        labels = ["yes", "no"]
        for b, row in rows.items():
            part, whole = row[feat.start], row[feat.whole]
            dists[b] = [part, max(whole - part, 0.0)]
            values[b] = part / whole if whole else None
    else:
        names = sorted({c for counts in cats.values() for c in counts if c.startswith(feat.prefix)})
        if len(names) < 2:
            return None
        labels = [c[len(feat.prefix):] for c in names]
        for b, counts in cats.items():
            dists[b] = [float(counts.get(c, 0)) for c in names]
            values[b] = None
    return _series(group, name, feat.name, feat.kind, dists, values, labels, base, after)


def _series(group: str, name: str, feature: str, kind: str, dists: dict[str, list[float]],
            values: dict[str, float | None], labels: list[str], base: set[str], after: list[str]) -> Series | None:
    width = len(labels)
    baseline = [0.0] * width
    for b in base:
        d = dists.get(b)
        if d is not None:
            for i, v in enumerate(d):
                baseline[i] += v
    if not any(sum(d) for d in dists.values()):
        return None
    if kind == "share" and not any(d[0] for d in dists.values()):
        return None  # never happens in this log (no refusals at all, say): nothing to draw
    s = Series(group, name, feature, kind, baseline, labels, dists=dists, values=values)
    nb = sum(baseline)
    run: list[str] = []
    for b in after:
        d = dists.get(b) or [0.0] * width
        n = sum(d)
        entry: dict[str, Any] = {"bucket": b, "n": n, "dist": d, "value": values.get(b), "psi": None,
                                 "ks": None, "ks_significant": False, "shifted": False}
        s.buckets.append(entry)
        if n < MIN_SAMPLES or nb < MIN_SAMPLES:
            continue  # too few to tell: neither breaks nor extends a run
        value, k = psi_smoothed(baseline, d)
        entry["psi"] = value
        s.max_psi = max(s.max_psi, value)
        if kind == "hist":
            entry["ks"] = ks = ks_statistic(baseline, d)
            entry["ks_significant"] = ks > ks_critical(nb, n)
        noise = max(k - 1, 1) * (1 / nb + 1 / n)
        shifted = value >= PSI_SIGNIFICANT and value >= NOISE * noise
        entry["shifted"] = shifted
        if shifted:
            run.append(b)
            if len(run) >= 2 and s.start is None:
                s.start = run[0]
        else:
            run = []
    return s
