"""Inline SVG charts and their pieces: horizontal bars, columns, legends, tables, and the number,
money, percentage, latency and time formats they print. Knows nothing of decision logs.
"""

from __future__ import annotations

import html
import math
from typing import Any

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
ACTION_COLORS = {"allow": "#59a14f", "pass": "#59a14f", "none": "#c7c7c7", "redact": "#4e79a7",
                 "would_redact": "#a0cbe8", "flag": "#f28e2b", "would_flag": "#ffbe7d", "block": "#e15759",
                 "would_block": "#ff9d9a", "error": "#79706e", "unknown": "#bab0ac"}
Series = list[tuple[str, str]]  # (name, colour)


def action_series(keys: set[str]) -> Series:
    """A colour for each decision or action: the fixed ones first, in their order, then the rest by name."""
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


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _rect(x: float, y: float, w: float, h: float, color: str, tip: str) -> str:
    return (f'<rect class="mark" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" height="{h:.1f}" '
            f'fill="{color}"><title>{esc(tip)}</title></rect>')


def _text(x: float, y: float, text: str, anchor: str = "start", cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{esc(text)}</text>'


def legend(series: Series) -> str:
    items = "".join(f'<span><i style="background:{c}"></i>{esc(n)}</span>' for n, c in series)
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
        out.append(f'<g><title>{esc(label)}</title>'
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


def fmt_usd(v: float) -> str:
    if v == 0:
        return "$0"
    return f"${v:,.2f}" if abs(v) >= 1 else f"${v:.4f}"


def fmt_count(v: float) -> str:
    return f"{v:,.0f}"


def fmt_pct(v: float) -> str:
    if v == 0:
        return "0%"
    return f"{v:.1f}%" if v >= 1 else f"{v:.2f}%"


def fmt_ms(v: float | None) -> str:
    if v is None:
        return "–"
    if v == 0:
        return "0"
    if v >= 1000:
        return f"{v / 1000:.2f} s"
    return f"{v:.0f} ms" if v >= 10 else f"{v:.1f} ms"


def fmt_when(ts: Any) -> str:
    """`2025-06-02T10:32:26.348+00:00` as `2025-06-02 10:32 UTC`."""
    text = str(ts or "–")
    utc = text.endswith(("+00:00", "Z"))
    return text[:16].replace("T", " ") + (" UTC" if utc else "") if len(text) >= 16 else text


def table(head: list[str], rows: list[list[Any]], table_id: str = "", text_cols: int = 1) -> str:
    """A table whose first `text_cols` columns are text (left-aligned), the rest numbers."""
    ident = f' id="{table_id}"' if table_id else ""
    left = ' class="t"'
    th = "".join(f"<th{left if i < text_cols else ''}>{esc(h)}</th>" for i, h in enumerate(head))
    body = "".join("<tr>" + "".join(f"<td{left if i < text_cols else ''}>{esc(c)}</td>" for i, c in enumerate(row))
                   + "</tr>" for row in rows)
    return f"<table{ident}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def lines(chart_id: str, cats: list[str], series: Series, values: list[list[float | None]], fmt: Any, *,
          marks: list[tuple[int, str]] | None = None, shade: tuple[int, int] | None = None, width: int = 760,
          height: int = 220, tips: list[str] | None = None) -> str:
    """Lines over categories (time buckets), one per series; `None` leaves a gap. `marks`: vertical
    markers (category index, label), e.g. the bucket a shift began; `shade`: a span of categories
    (first, last index) drawn behind, e.g. the baseline window."""
    left, right, top, bottom = 64, 10, 14, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    band = plot_w / max(len(cats), 1)
    peak = max((v for vals in values for v in vals if v is not None), default=0.0)
    vmax, steps = _axis(peak)
    base = top + plot_h
    out = [f'<svg id="{chart_id}" class="chart line" viewBox="0 0 {width} {height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg">']
    if shade is not None:
        x0, x1 = left + shade[0] * band, left + (shade[1] + 1) * band
        out.append(f'<rect class="baseline" x="{x0:.1f}" y="{top}" width="{x1 - x0:.1f}" height="{plot_h}" '
                   f'fill="#eef1f5"><title>baseline</title></rect>')
    for k in range(steps + 1):
        y = base - plot_h * k / steps
        out.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}"/>')
        out.append(_text(left - 6, y + 4, fmt(vmax * k / steps), "end", "tick"))
    label_px = 6.5 * max((len(c) for c in cats), default=1) + 8
    every = max(1, math.ceil(len(cats) * label_px / plot_w))
    for c, cat in enumerate(cats):
        if c % every == 0:
            out.append(_text(left + c * band + band / 2, base + 16, cat, "middle", "tick"))
    for (name, color), vals in zip(series, values, strict=True):
        points: list[str] = []
        runs: list[list[str]] = []
        for c, v in enumerate(vals):
            if v is None:
                if points:
                    runs.append(points)
                points = []
                continue
            x, y = left + c * band + band / 2, base - plot_h * v / vmax
            points.append(f"{x:.1f},{y:.1f}")
            tip = tips[c] if tips else cats[c]
            out.append(f'<circle class="mark" cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{color}">'
                       f'<title>{esc(f"{tip} · {name}: {fmt(v)}")}</title></circle>')
        if points:
            runs.append(points)
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline fill="none" stroke="{color}" stroke-width="1.6" points="{" ".join(run)}"/>')
    for index, label in marks or []:
        x = left + index * band + band / 2
        out.append(f'<g class="shift-mark" data-bucket="{esc(cats[index] if not tips else tips[index])}">'
                   f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{base}" stroke="#d62728" stroke-width="1.5" '
                   f'stroke-dasharray="4 3"/>{_text(x + 4, top + 10, label, cls="small")}</g>')
    out.append(f'<line class="axis" x1="{left}" y1="{base}" x2="{width - right}" y2="{base}"/></svg>')
    return "".join(out)
