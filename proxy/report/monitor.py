"""The report's monitoring sections: drift over time against a baseline window (and the bucket each shift
began), what comes out per model, what goes in per team, and latency and cost per token per model.
Built from `proxy.report.series.analyse()` and the aggregate's hourly feature rows."""

from __future__ import annotations

from typing import Any

from proxy.report import histograms as H
from proxy.report.aggregate import Aggregator
from proxy.report.charts import PALETTE, Series, esc, fmt_count, fmt_pct, fmt_usd, hbars, legend, lines, table
from proxy.report.series import Analysis, _roll
from proxy.report.series import Series as FeatureSeries

MAX_LINES = 8       # series drawn per chart (the largest by volume)
MAX_DRIFT_CHARTS = 12


def _label(bucket: str, unit: str) -> str:
    return bucket[5:10] if unit == "day" else f"{bucket[5:10]} {bucket[11:13]}h"


def _mark(analysis: Analysis, bucket: str | None) -> int | None:
    if bucket is None:
        return None
    try:
        return analysis.buckets.index(bucket)
    except ValueError:
        return None


def _shade(analysis: Analysis) -> tuple[int, int] | None:
    first, last = analysis.baseline
    if not first:
        return None
    return analysis.buckets.index(first), analysis.buckets.index(last)


def _section(ident: str, title: str, intro: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{esc(title)}</h2><p class="intro">{intro}</p>{body}</section>'


def _series_values(s: FeatureSeries, buckets: list[str]) -> tuple[str, list[float | None]]:
    """What to draw for one series: its mean or rate per bucket; for a mix, the share of the category
    that moved most between the baseline and the buckets from the shift on (or after the baseline)."""
    if s.kind != "cat":
        return ("mean" if s.kind == "hist" else "rate"), [s.values.get(b) for b in buckets]
    totals = [0.0] * len(s.labels)
    for e in s.buckets:
        if s.start is None or e["bucket"] >= s.start:
            for i, v in enumerate(e["dist"]):
                totals[i] += v
    nb, na = s.baseline_n or 1.0, sum(totals) or 1.0
    moved = max(range(len(s.labels)), key=lambda i: abs(totals[i] / na - s.baseline[i] / nb))
    out: list[float | None] = []
    for b in buckets:
        d = s.dists.get(b)
        out.append(d[moved] / sum(d) if d and sum(d) else None)
    return f"share '{s.labels[moved]}'", out


def _fmt_for(s: FeatureSeries) -> Any:
    return fmt_count if s.kind == "hist" and s.group != "score" else (
        (lambda v: f"{v:.4f}") if s.group == "score" else (lambda v: fmt_pct(100 * v)))


def drift_section(analysis: Analysis) -> str:
    unit = analysis.unit
    if not analysis.series:
        return _section("sec-drift", "Drift over time", "No feature or score series in this log.", "")
    cats = [_label(b, unit) for b in analysis.buckets]
    flagged = analysis.flagged
    summary = (f'<p id="drift-summary" data-flagged="{len(flagged)}"><b>{len(flagged)}</b> shift'
               f'{"s" if len(flagged) != 1 else ""} flagged.</p>' if flagged else
               '<p id="drift-summary" data-flagged="0"><span class="badge stable">no shift flagged</span></p>')
    shown = flagged + sorted((s for s in analysis.series if s.start is None), key=lambda s: -s.max_psi)[:20]
    head = ["series", "feature", "baseline n", "shift began", f"PSI that {unit}", f"KS D that {unit}",
            "largest PSI", "reading"]
    rows = []
    for s in shown:
        at = next((e for e in s.buckets if e["bucket"] == s.start), None)
        psi_at = "–" if at is None or at["psi"] is None else f"{at['psi']:.3f}"
        ks_at = "–" if at is None or at["ks"] is None else f"{at['ks']:.3f}" + (" *" if at["ks_significant"] else "")
        reading = "shift" if s.start else ("stable" if s.max_psi < 0.1 else "noisy, not persistent")
        badge = "significant" if s.start else ("stable" if s.max_psi < 0.1 else "moderate")
        cells = [f"{s.group} · {s.name}", s.feature, fmt_count(s.baseline_n), s.start or "–", psi_at, ks_at,
                 f"{s.max_psi:.3f}"]
        tds = "".join(f'<td{" class=t" if i < 2 else ""}>{esc(c)}</td>' for i, c in enumerate(cells))
        rows.append(f'<tr class="drift-row" data-series="{esc(s.ident)}" data-group="{esc(s.group)}" '
                    f'data-name="{esc(s.name)}" data-feature="{esc(s.feature)}" data-shift="{esc(s.start or "")}">'
                    f'{tds}<td><span class="badge {badge}">{esc(reading)}</span></td></tr>')
    th = "".join(f'<th{" class=t" if i < 2 else ""}>{esc(h)}</th>' for i, h in enumerate(head))
    tbl = f'<table id="drift-table"><thead><tr>{th}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
    charts = []
    for i, s in enumerate(flagged[:MAX_DRIFT_CHARTS]):
        what, values = _series_values(s, analysis.buckets)
        mark = _mark(analysis, s.start)
        marks = [(mark, f"shift began {s.start}")] if mark is not None else []
        color = PALETTE[i % len(PALETTE)]
        charts.append(f'<figure><figcaption><b>{esc(s.group)} · {esc(s.name)}</b>: {esc(s.feature)} ({esc(what)})'
                      f'</figcaption>' + lines(f"chart-drift-{i}", cats, [(what, color)], [values], _fmt_for(s),
                                               marks=marks, shade=_shade(analysis), width=470, height=200,
                                               tips=analysis.buckets) + "</figure>")
    first, last = analysis.baseline
    intro = (f"Each {unit} after the baseline window (<b>{esc(first)} → {esc(last)}</b>, shaded in the charts; "
             "<code>--baseline FROM..TO</code> chooses another) against that window, for every feature per model "
             "and team and every check score: population stability index (half a count added per bin) and, for "
             "token counts, the Kolmogorov-Smirnov D (* significant at 0.001). A " + unit + " is shifted when its "
             "PSI is at least 0.25 and four times what sampling alone would give; a shift began at the first of "
             f"two shifted {unit}s in a row ({unit}s with under 30 samples are skipped), so one odd {unit} "
             "flags nothing.")
    return _section("sec-drift", "Drift over time against a baseline", intro,
                    summary + tbl + (f'<div class="grid2">{"".join(charts)}</div>' if charts else ""))


def _rows(agg: Aggregator, prefix: str, analysis: Analysis) -> dict[str, dict[str, list[float]]]:
    return {k[2:]: _roll(per, analysis.unit) for k, per in analysis.feat.items() if k.startswith(prefix)}


def _total(rows: dict[str, list[float]]) -> list[float]:
    out = [0.0] * H.ROW
    for row in rows.values():
        for i, v in enumerate(row):
            out[i] += v
    return out


def _median_bin(row: list[float], start: int) -> str:
    hist = row[start:start + H.TOKEN_BINS]
    n = sum(hist)
    if not n:
        return "–"
    seen = 0.0
    for i, v in enumerate(hist):
        seen += v
        if seen >= n / 2:
            hi = H.TOKEN_EDGES[i + 1] if i + 1 < len(H.TOKEN_EDGES) else None
            return f"{H.TOKEN_EDGES[i]}–{hi}" if hi else f"{H.TOKEN_EDGES[i]}+"
    return "–"


def _mix(counts: dict[str, int], prefix: str, top: int = 3) -> str:
    items = [(k[len(prefix):], v) for k, v in counts.items() if k.startswith(prefix)]
    n = sum(v for _, v in items)
    if not n:
        return "–"
    items.sort(key=lambda kv: -kv[1])
    return " · ".join(f"{k} {100 * v / n:.0f}%" for k, v in items[:top])


def _line_chart(chart_id: str, analysis: Analysis, per: dict[str, dict[str, list[float]]], order: list[str],
                value: Any, fmt: Any, marks_for: dict[str, str | None] | None = None) -> str:
    shown = order[:MAX_LINES]
    series: Series = [(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(shown)]
    values = [[value(per[name].get(b)) for b in analysis.buckets] for name in shown]
    marks = []
    for name in shown:
        idx = _mark(analysis, (marks_for or {}).get(name))
        if idx is not None:
            marks.append((idx, f"{name}: shift"))
    return legend(series) + lines(chart_id, [_label(b, analysis.unit) for b in analysis.buckets], series, values, fmt,
                                  marks=marks, shade=_shade(analysis), tips=analysis.buckets)


def _ratio(num: int, den: int, scale: float = 1.0) -> Any:
    def f(row: list[float] | None) -> float | None:
        return row[num] / row[den] * scale if row is not None and row[den] else None
    return f


def _starts(analysis: Analysis, group: str, feature: str) -> dict[str, str | None]:
    return {s.name: s.start for s in analysis.series if s.group == group and s.feature == feature}


def outputs_section(agg: Aggregator, analysis: Analysis) -> str:
    per = _rows(agg, "m:", analysis)
    totals = {m: _total(r) for m, r in per.items()}
    order = sorted(per, key=lambda m: -totals[m][H.N])
    cats = {m[2:]: _roll(c, "day") for m, c in analysis.feat_cat.items() if m.startswith("m:")}
    rows = []
    for m in order[:20]:
        t = totals[m]
        ans = t[H.ANSWERS]
        mix: dict[str, int] = {}
        for counts in cats.get(m, {}).values():
            for k, v in counts.items():
                mix[k] = mix.get(k, 0) + v
        rows.append([m, fmt_count(t[H.OUT_N]), fmt_count(t[H.OUT_TOK] / t[H.OUT_N]) if t[H.OUT_N] else "–",
                     _median_bin(t, H.OUT_HIST), fmt_pct(100 * t[H.REFUSALS] / ans) if ans else "–",
                     fmt_pct(100 * t[H.FILTERED] / ans) if ans else "–",
                     fmt_pct(100 * t[H.TOOL_ANSWERS] / ans) if ans else "–", _mix(mix, "finish:")])
    finish_series = sorted({k[7:] for c in cats.values() for d in c.values() for k in d if k.startswith("finish:")})
    bars = []
    for m in order[:10]:
        mix = {}
        for counts in cats.get(m, {}).values():
            for k, v in counts.items():
                mix[k] = mix.get(k, 0) + v
        n = sum(v for k, v in mix.items() if k.startswith("finish:")) or 1
        bars.append((m, [100 * mix.get(f"finish:{r}", 0) / n for r in finish_series]))
    fseries: Series = [(r, PALETTE[i % len(PALETTE)]) for i, r in enumerate(finish_series)]
    body = table(["model", "answers", "mean output tokens", "median bin", "refused", "content filter",
                  "with tool calls", "finish reasons"], rows)
    if finish_series:
        body += "<h3>Finish and stop reasons</h3>" + legend(fseries) + hbars("chart-finish-by-model", bars, fseries,
                                                                             fmt_pct)
    unit = analysis.unit
    body += (f"<h3>Mean output tokens per {unit}</h3>"
             + _line_chart("chart-output-tokens", analysis, per, order, _ratio(H.OUT_TOK, H.OUT_N), fmt_count,
                           _starts(analysis, "model", "output tokens"))
             + f"<h3>Refusal rate per {unit}</h3>"
             + _line_chart("chart-refusals", analysis, per, order, _ratio(H.REFUSALS, H.ANSWERS),
                           lambda v: fmt_pct(100 * v), _starts(analysis, "model", "refusal rate")))
    return _section("sec-outputs", "What comes out, per model",
                    "The answers' distribution per model: size, finish and stop reasons, refusals, content-filter "
                    "stops and tool calls (the record's <code>output</code>; answer size from the provider's "
                    "output tokens). A provider swapping a model version shows here first.", body)


def inputs_section(agg: Aggregator, analysis: Analysis) -> str:
    per = _rows(agg, "t:", analysis)
    totals = {t: _total(r) for t, r in per.items()}
    order = sorted(per, key=lambda t: -totals[t][H.N])
    cats = {k[2:]: c for k, c in analysis.feat_cat.items() if k.startswith("t:")}
    rows = []
    main: dict[str, str] = {}
    for team in order[:20]:
        t = totals[team]
        n_in = t[H.IN_N]
        mix: dict[str, int] = {}
        base_mix: dict[str, int] = {}
        for hour, counts in cats.get(team, {}).items():
            bucket = hour[:10] if analysis.unit == "day" else hour
            for k, v in counts.items():
                mix[k] = mix.get(k, 0) + v
                if bucket in analysis.in_baseline:
                    base_mix[k] = base_mix.get(k, 0) + v
        langs = {k: v for k, v in (base_mix or mix).items() if k.startswith("lang:") and k != "lang:und"}
        if langs:
            main[team] = max(langs, key=lambda k: langs[k])
        rows.append([team, fmt_count(t[H.N]), fmt_count(t[H.IN_TOK] / t[H.IN_TOK_N]) if t[H.IN_TOK_N] else "–",
                     fmt_count(t[H.IN_CHARS] / n_in) if n_in else "–", f"{t[H.MESSAGES] / n_in:.1f}" if n_in else "–",
                     fmt_pct(100 * t[H.TOOLS] / n_in) if n_in else "–", _mix(mix, "lang:")])
    body = table(["team", "requests", "mean input tokens", "mean characters", "mean messages", "offering tools",
                  "languages"], rows)
    teams = [t for t in order if t in main]
    if teams:
        lang_rows = {t: _roll(cats.get(t, {}), analysis.unit) for t in teams}

        def share(team: str) -> Any:
            key = main[team]

            def f(counts: dict[str, int] | None) -> float | None:
                if not counts:
                    return None
                n = sum(v for k, v in counts.items() if k.startswith("lang:") and k != "lang:und")
                return counts.get(key, 0) / n if n else None
            return f
        shown = teams[:MAX_LINES]
        series: Series = [(f"{t} ({main[t][5:]})", PALETTE[i % len(PALETTE)]) for i, t in enumerate(shown)]
        values = [[share(t)(lang_rows[t].get(b)) for b in analysis.buckets] for t in shown]
        starts = _starts(analysis, "team", "language")
        marks = [(i, f"{t}: shift") for t in shown if (i := _mark(analysis, starts.get(t))) is not None]
        body += (f"<h3>Share of each team's prompts in its main baseline language, per {analysis.unit}</h3>"
                 + legend(series) + lines("chart-team-language", [_label(b, analysis.unit) for b in analysis.buckets],
                                          series, values, lambda v: fmt_pct(100 * v), marks=marks,
                                          shade=_shade(analysis), tips=analysis.buckets))
    body += (f"<h3>Mean input tokens per {analysis.unit}</h3>"
             + _line_chart("chart-input-tokens", analysis, per, order, _ratio(H.IN_TOK, H.IN_TOK_N), fmt_count,
                           _starts(analysis, "team", "input tokens")))
    return _section("sec-inputs", "What goes in, per team",
                    "Prompt size, messages, tools offered and the language of the users' text (the record's "
                    "<code>input</code>: a language code from a detector, never the text).", body)


def trends_section(agg: Aggregator, analysis: Analysis) -> str:
    per = _rows(agg, "m:", analysis)
    totals = {m: _total(r) for m, r in per.items()}
    order = sorted(per, key=lambda m: -totals[m][H.N])
    unit = analysis.unit
    body = (f"<h3>Mean upstream latency per {unit}</h3>"
            + _line_chart("chart-latency-trend", analysis, per, order, _ratio(H.UP_MS, H.UP_N),
                          lambda v: f"{v:,.0f} ms")
            + f"<h3>Cost per 1,000 tokens (input and output) per {unit}</h3>"
            + _line_chart("chart-cost-per-token", analysis, per, order, _ratio(H.COST, H.COST_TOK, 1000.0), fmt_usd))
    return _section("sec-trends", "Latency and cost per token, per model",
                    f"Per {unit} and model: the provider's mean answer time, and priced cost per 1,000 tokens "
                    "(a price change or a shift between cached and uncached input shows here).", body)


def sections(agg: Aggregator, analysis: Analysis) -> str:
    return (drift_section(analysis) + outputs_section(agg, analysis) + inputs_section(agg, analysis)
            + trends_section(agg, analysis))
