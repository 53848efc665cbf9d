"""The report page: one function per section (its charts, tables and notes), the CSS, and `render_html()`.

`render_html()` turns the aggregate into a page of inline SVG charts (inline CSS and a one-line
script; nothing is fetched): spend by team over time, decisions by policy and check, PII entity counts, score
distributions with their drift between the first and last period (population stability index),
block and flag rates by team, latency percentiles, top models by cost, and the budget alerts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from proxy.report.aggregate import NO_TEAM, Aggregator, Counts, json_number, merge_nested
from proxy.report.charts import (
    ACTION_COLORS,
    PALETTE,
    Series,
    action_series,
    columns,
    esc,
    fmt_count,
    fmt_ms,
    fmt_pct,
    fmt_usd,
    fmt_when,
    hbars,
    legend,
    table,
)
from proxy.report.drift import period_of, psi, psi_reading, roll_up, score_drift
from proxy.report.histograms import SCORE_EDGES, LogHistogram
from proxy.report.monitor import sections as monitor_sections
from proxy.report.series import analyse


def _rates(agg: Aggregator) -> list[tuple[str, int, Counts]]:
    teams = [(t, sum(d.values()), d) for t, d in agg.team_decisions.items()]
    return sorted(teams, key=lambda x: -x[1])


def _section(ident: str, title: str, intro: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{esc(title)}</h2><p class="intro">{intro}</p>{body}</section>'


def _spend_section(agg: Aggregator, period: str, team_requests: dict[str, int]) -> str:
    by_period = roll_up(agg.spend, period)
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
    chart = columns("chart-spend-by-team", cats, series, values, fmt_usd, tips=periods) if periods else ""
    total = agg.total_cost or 1.0
    rows = [[t, fmt_count(team_requests.get(t, 0)), fmt_usd(u[0]), fmt_pct(100 * u[0] / total), fmt_count(u[1]),
             fmt_count(u[2]), fmt_usd(u[0] / team_requests[t]) if team_requests.get(t) else "–"]
            for t, u in ((t, agg.team_usage[t]) for t in teams)]
    return _section("sec-spend", "Spend by team over time",
                    f"Priced cost (<code>cost_usd</code>) per {period} and team; hover a bar for the amount.",
                    legend(series) + chart + table(["team", "requests", "spend", "share", "input tokens",
                                                    "output tokens", "per request"], rows))


def _models_section(agg: Aggregator) -> str:
    models = sorted(agg.models.items(), key=lambda kv: (-kv[1][1], -kv[1][0]))
    chart = hbars("chart-models-by-cost", [(m, [v[1]]) for m, v in models[:10]], [("spend", PALETTE[0])], fmt_usd)
    total = agg.total_cost or 1.0
    rows = [[m, fmt_count(v[0]), fmt_usd(v[1]), fmt_pct(100 * v[1] / total), fmt_count(v[2]), fmt_count(v[3]),
             fmt_usd(v[1] / v[0]) if v[0] else "–"] for m, v in models[:15]]
    return _section("sec-models", "Top models by cost", "The ten models that cost the most over the whole log.",
                    chart + table(["model", "requests", "spend", "share", "input tokens", "output tokens",
                                   "per request"], rows))


def _decisions_section(agg: Aggregator) -> str:
    policies = sorted(agg.policy_decisions.items(), key=lambda kv: -sum(kv[1].values()))
    p_series = action_series({d for _, c in policies for d in c})
    p_chart = hbars("chart-decisions-by-policy", [(p, [float(c.get(n, 0)) for n, _ in p_series]) for p, c in policies],
                    p_series, fmt_count)
    checks = sorted(agg.check_actions.items())
    c_series = action_series({a for _, c in checks for a in c})
    c_chart = hbars("chart-decisions-by-check", [(k.replace("/", " · "), [float(c.get(n, 0)) for n, _ in c_series])
                                                  for k, c in checks], c_series, fmt_count)
    rows = []
    for key, counts in checks:
        h = agg.check_ms.get(key, LogHistogram())
        rows.append([key.replace("/", " · "), fmt_count(sum(counts.values()))]
                    + [fmt_ms(h.percentile(q)) for q in (50, 90, 99)])
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
        table_rows.append([team, fmt_count(n), fmt_count(blocked), fmt_count(d.get("flag", 0)),
                           fmt_count(d.get("redact", 0)), fmt_count(over), fmt_count(would)])
    return _section("sec-rates", "Block and flag rates by team",
                    "Share of each team's requests that a check blocked or flagged (requests refused for an "
                    "exhausted budget are counted apart).",
                    legend(series) + hbars("chart-team-rates", rows, series, fmt_pct, stacked=False)
                    + table(["team", "requests", "blocked", "flagged", "redacted", "over budget", "would block"],
                            table_rows))


def _pii_section(agg: Aggregator, period: str) -> str:
    entities = sorted(agg.findings.items(), key=lambda kv: -sum(kv[1].values()))
    phases = sorted({p for _, c in entities for p in c}, key=lambda p: (p != "input", p != "output", p))
    series: Series = [(p, PALETTE[i]) for i, p in enumerate(phases)]
    chart = hbars("chart-pii-entities", [(e, [float(c.get(p, 0)) for p in phases]) for e, c in entities[:15]],
                  series, fmt_count)
    by_period = roll_up(agg.findings_by_day, period)
    requests = roll_up(agg.day_requests, period)
    order = sorted(requests)
    note = ""
    rows = []
    if order:
        first, last = by_period.get(order[0], {}), by_period.get(order[-1], {})
        for e, c in entities[:15]:
            rows.append([e] + [fmt_count(c.get(p, 0)) for p in phases]
                        + [f"{1000 * first.get(e, 0) / requests[order[0]]:.1f}",
                           f"{1000 * last.get(e, 0) / requests[order[-1]]:.1f}"])
        if len(order) > 1 and entities:
            names = [e for e, _ in entities]
            value = psi([float(first.get(e, 0)) for e in names], [float(last.get(e, 0)) for e in names])
            reading = psi_reading(value, sum(first.values()), sum(last.values()))
            note = (f'<p>Entity mix, {esc(order[0])} vs {esc(order[-1])}: PSI <b>{value:.3f}</b> '
                    f'<span class="badge {reading.split()[0]}">{esc(reading)}</span></p>')
    head = ["entity"] + phases + [f"per 1k requests, {order[0]}" if order else "first",
                                  f"per 1k requests, {order[-1]}" if order else "last"]
    return _section("sec-pii", "PII entities found",
                    "Personal data the checks found (entity types and counts; the log never holds the text).",
                    legend(series) + chart + note + table(head, rows))


def _scores_section(agg: Aggregator, period: str) -> str:
    drift = score_drift(agg, period)
    rows = [[d["series"].replace("/", " · "), fmt_count(d["n"]), f"{d['first']} → {d['last']}",
             f"{d['mean_first']:.4f} → {d['mean_last']:.4f}",
             "–" if d["psi"] is None else f"{d['psi']:.3f}", d["reading"]] for d in drift]
    cats = ["0" if e == 0 else f"{e:g}".lstrip("0") for e in SCORE_EDGES[:-1]]
    charts = []
    for i, d in enumerate(drift[:8]):
        shares = [[100 * v / (sum(h) or 1) for v in h] for h in (d["hist_first"], d["hist_last"])]
        series: Series = [(f"first: {d['first']}", "#9aa7b8"), (f"last: {d['last']}", PALETTE[2])]
        title = d["series"].replace("/", " · ")
        psi_text = "–" if d["psi"] is None else f"{d['psi']:.3f}"
        charts.append(f'<figure><figcaption><b>{esc(title)}</b> PSI {psi_text} <span class="badge '
                      f'{d["reading"].split()[0]}">{esc(d["reading"])}</span></figcaption>{legend(series)}'
                      + columns(f"chart-score-{i}", cats, series, shares, fmt_pct, stacked=False, width=470,
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
            table_rows.append([label, fmt_count(h.count)] + [fmt_ms(v) for v in pct] + [fmt_ms(h.max)])
    return _section("sec-latency", "Latency percentiles",
                    "Milliseconds per request: end to end, spent in guardrail checks, and waiting for the provider.",
                    legend(series) + hbars("chart-latency", rows, series, fmt_ms, stacked=False)
                    + table(["", "requests", "p50", "p90", "p99", "max"], table_rows))


def _alerts_section(agg: Aggregator) -> str:
    alerts = sorted(agg.alerts, key=lambda a: str(a.get("ts") or ""))
    if not alerts:
        return _section("sec-alerts", "Budget alerts", "No budget alerts in this log.", "")

    def money(v: Any) -> str:
        n = json_number(v)
        return "–" if n is None else fmt_usd(n)

    def frac(v: Any) -> str:
        n = json_number(v)
        return "–" if n is None else f"{100 * n:.0f}%"

    def window(a: dict[str, Any]) -> str:
        return " ".join(str(a[k]) for k in ("window", "period") if a.get(k)) or "–"

    rows = [[fmt_when(a.get("ts")), a.get("team") or NO_TEAM, window(a), frac(a.get("threshold")),
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
svg .shift-mark text{fill:#d62728}
.badge.stable{background:#dcefd9}.badge.moderate{background:#fde8c8}.badge.significant{background:#f8d0d0}
footer{color:#666;font-size:12px}code{font-size:12px}
"""

#: Marks which charts the browser actually laid out (tests read `data-rendered` from the DOM).
SCRIPT = ("document.body.dataset.rendered=[...document.querySelectorAll('svg.chart')]"
          ".filter(s=>s.getBBox().width>0&&s.querySelector('.mark')).map(s=>s.id).join(' ');")


def render_html(agg: Aggregator, *, period: str = "day", sources: list[str] | None = None,
                build_seconds: float | None = None, generated: str = "",
                baseline: tuple[date, date] | None = None) -> str:
    """The whole report page (`baseline`: the window drift is measured against; default the first week)."""
    teams = _rates(agg)
    team_requests = {t: n for t, n, _ in teams}
    n = agg.requests or 1
    totals: Counts = {}
    for _, _, d in teams:
        merge_nested(totals, d)
    blocked = totals.get("block", 0) - sum(agg.team_budget_blocks.values())
    total_ms = agg.latency["total"]
    kpis = [("requests", fmt_count(agg.requests)), ("spend", fmt_usd(agg.total_cost)),
            ("blocked by a check", fmt_pct(100 * blocked / n)), ("flagged", fmt_pct(100 * totals.get("flag", 0) / n)),
            ("redacted", fmt_pct(100 * totals.get("redact", 0) / n)), ("over budget (429)", fmt_count(agg.over_budget)),
            ("errors (5xx)", fmt_count(agg.errors)), ("budget alerts", fmt_count(agg.alert_count)),
            ("p50 latency", fmt_ms(total_ms.percentile(50))), ("p90 latency", fmt_ms(total_ms.percentile(90)))]
    kpi_html = "".join(f'<div class="kpi"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for k, v in kpis)
    span = f"{fmt_when(agg.first_ts)} → {fmt_when(agg.last_ts)}" if agg.first_ts else "no timestamps"
    notes = [f"{agg.requests:,} request records and {agg.alert_count:,} budget alerts read"]
    if agg.cost_missing:
        notes.append(f"{agg.cost_missing:,} requests without a price (cost_usd null) count as $0")
    for count, what in ((agg.bad_lines, "lines were not JSON objects"), (agg.malformed, "records were malformed"),
                        (agg.other_records, "records of other types were ignored")):
        if count:
            notes.append(f"{count:,} {what}")
    if agg.duplicate_ids:
        notes.append(f"{agg.duplicate_ids:,} request ids appear in more than one record: each is counted")
    if build_seconds is not None:
        notes.append(f"built in {build_seconds:.1f} s")
    notes.append("the hash chain is not checked here: run <code>guardrail-proxy audit verify</code>")
    body = "".join([
        _spend_section(agg, period, team_requests), _models_section(agg), _decisions_section(agg),
        _rates_section(agg, teams), _pii_section(agg, period), _scores_section(agg, period),
        _latency_section(agg), monitor_sections(agg, analyse(agg, baseline)), _alerts_section(agg)])
    source = ", ".join(sources or [])
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width,initial-scale=1"><title>Guardrail report</title><style>{CSS}</style>'
            f'</head><body><main><header><h1>Guardrail report</h1><p>{esc(source)} · {esc(span)} · '
            f'by {period}{" · generated " + esc(generated) if generated else ""}</p></header>'
            f'<div class="kpis">{kpi_html}</div>{body}<footer><p>{"; ".join(notes)}.</p></footer></main>'
            f"<script>{SCRIPT}</script></body></html>")
