"""The charts of ``report.html``, as HTML and inline SVG strings with no script.

Bars that carry a label are table rows with a CSS bar: the browser wraps a long rule
name or source path instead of clipping it, and the numbers stay selectable text.
Histograms are small SVGs. Every shape also has its number as text or a ``<title>``
tooltip, so nothing is only visible as a shape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

KEPT, REJECTED, BLUE, GREY = "#2e7d32", "#c62828", "#1565c0", "#9e9e9e"
MAX_BARS = 25  # more bars than this is a table, not a chart: the rest are summed
NOTHING = '<p class="none">nothing to show</p>'
_BREAKS = re.compile(r"(?<=[./_:-])(?=\w)")


def label_html(label: str) -> str:
    """``label`` escaped, with a line-break opportunity after each ``. / _ : -``: a long
    rule name or path wraps between its parts instead of mid-word or off the page."""
    return "<wbr>".join(escape(part) for part in _BREAKS.split(label))


def bar_chart(items: Sequence[tuple[str, float, str]], decimals: int = 0) -> str:
    """Horizontal bars, one per ``(label, value, colour)``, scaled to the largest value."""
    if not items:
        return NOTHING
    top = max(value for _, value, _ in items) or 1
    rows = []
    for label, value, colour in items:
        shown = f"{value:,.{decimals}f}"
        rows.append(
            f'<tr><th>{label_html(label)}</th><td class="bar">'
            f'<span style="width:{100 * value / top:.1f}%;background:{colour}" '
            f'title="{escape(label)}: {shown}"></span></td><td class="n">{shown}</td></tr>'
        )
    return f'<table class="bars">{"".join(rows)}</table>'


def top(counts: dict[str, float], label: str = "kinds") -> list[tuple[str, float]]:
    """The largest :data:`MAX_BARS` - 1 entries, then one ``N other <label>`` entry."""
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) <= MAX_BARS:
        return ordered
    rest = sum(v for _, v in ordered[MAX_BARS - 1 :])
    return [*ordered[: MAX_BARS - 1], (f"{len(ordered) - MAX_BARS + 1} other {label}", rest)]


def split_bars(rows: Sequence[tuple[str, int, int, Sequence[str]]]) -> str:
    """One stacked bar per ``(label, kept, rejected, notes)``, its length the documents in;
    the notes (such as the main rejection reasons) sit beside it, each kept on one line."""
    if not rows:
        return NOTHING
    widest = max(kept + rejected for _, kept, rejected, _ in rows) or 1
    body = []
    for label, kept, rejected, notes in rows:
        total = kept + rejected
        share = f"{100 * kept / total:.0f}%" if total else "-"
        body.append(
            f'<tr><th>{label_html(label)}</th><td class="n">{total:,}</td>'
            f'<td class="n">{kept:,}</td><td class="n">{rejected:,}</td><td class="n">{share}</td>'
            f'<td class="bar"><span style="width:{100 * kept / widest:.1f}%;background:{KEPT}" '
            f'title="kept {kept:,}"></span><span style="width:{100 * rejected / widest:.1f}%;'
            f'background:{REJECTED}" title="rejected {rejected:,}"></span></td>'
            f'<td class="why">{", ".join(f"<span>{escape(n)}</span>" for n in notes)}</td></tr>'
        )
    head = (
        '<tr><th>source</th><th class="n">in</th><th class="n">kept</th>'
        '<th class="n">rejected</th><th class="n">kept %</th><th></th>'
        "<th>rejected most for</th></tr>"
    )
    return f'<table class="bars sources">{head}{"".join(body)}</table>'


def histogram(
    edges: Sequence[float],
    series: Sequence[tuple[str, Sequence[int], str]],
    *,
    width: int = 300,
    height: int = 120,
    stacked: bool = True,
    marks: Sequence[float] = (),
) -> str:
    """Vertical bars per bin of ``edges`` for each ``(name, counts, colour)`` series.

    Bins are drawn equally wide whatever their edges (the count bins grow roughly
    geometrically); a value in ``marks`` (a rule's threshold) is a dashed line placed
    inside its bin by linear interpolation.
    """
    if not any(any(counts) for _, counts, _ in series):
        return NOTHING
    n = len(edges)
    totals = [sum(c[i] for _, c, _ in series) for i in range(n)]
    peak = (max(totals) if stacked else max(max(c) for _, c, _ in series)) or 1
    left, base = 34, height - 22
    slot = (width - left - 4) / n
    lanes = 1 if stacked else len(series)
    bar = slot * 0.84 / lanes
    parts = [f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">']
    parts.append(f'<text x="{left - 4}" y="12" text-anchor="end" class="v">{_count(peak)}</text>')
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 2}" y2="{base}" stroke="#777"/>')
    for i in range(n):
        x, y = left + i * slot + slot * 0.08, base
        for lane, (name, counts, colour) in enumerate(series):
            h = counts[i] / peak * (base - 16)
            bx = x if stacked else x + lane * bar
            top_y = y - h if stacked else base - h
            parts.append(
                f'<rect x="{bx:.1f}" y="{top_y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(bin_label(edges, i))}: {counts[i]:,} {name}'
                "</title></rect>"
            )
            if stacked:
                y -= h
    for i in _tick_bins(n):
        parts.append(
            f'<text x="{left + i * slot:.1f}" y="{base + 14}" text-anchor="middle" class="v">'
            f"{_number(edges[i])}</text>"
        )
    for mark in marks:
        mx = left + _position(edges, mark) * slot
        parts.append(
            f'<line x1="{mx:.1f}" y1="8" x2="{mx:.1f}" y2="{base}" stroke="#000" '
            f'stroke-dasharray="3 2"><title>threshold {_number(mark)}</title></line>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bin_label(edges: Sequence[float], i: int) -> str:
    """``0.05 to 0.1``, ``200 or more``: the range of bin ``i``."""
    if i + 1 < len(edges):
        return f"{_number(edges[i])} to {_number(edges[i + 1])}"
    return f"{_number(edges[i])} or more"


def _tick_bins(n: int) -> list[int]:
    """Bins whose lower edge is labelled: about five, evenly spaced, first included."""
    step = max(1, round(n / 5))
    return list(range(0, n, step))


def _position(edges: Sequence[float], value: float) -> float:
    """Where ``value`` falls, in bin widths from the first edge."""
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i + max(0.0, (value - edges[i]) / (edges[i + 1] - edges[i]))
    return float(len(edges) - 1)


def _number(value: float) -> str:
    if value >= 1000 and value == int(value):
        return f"{value / 1000:g}k"
    return f"{value:g}"


def _count(value: int) -> str:
    return f"{value:,}"
