"""``report.html``: one self-contained page of charts drawn from ``report.json``.

No script, no stylesheet or font from elsewhere, no network: the page is opened from a
disk, an artifact store or an e-mail, often offline, and must look the same in ten years.
Charts are inline SVG written here (a bar is a ``<rect>``); every chart also carries its
numbers as text (labels and ``<title>`` tooltips), so nothing is only visible as a shape.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from ..config.template import toml_value
from ..io.layout import REPORT_HTML
from ..io.writers import AtomicFile
from .build import summary_rows

WIDTH = 720
LABEL = 250  # room for labels such as "repair.whitespace.collapse_spaces"
ROW = 22
KEPT, REJECTED, BLUE, GREY = "#2e7d32", "#c62828", "#1565c0", "#9e9e9e"
_REASON = ' class="reason"'  # an indented row: one rejection reason under "rejected"
MAX_BARS = 25  # more bars than this is a table, not a chart: the rest are summed


def render_html(report: dict[str, Any]) -> str:
    """The whole page for a report dict (as written to ``report.json``)."""
    docs = report["documents"]
    sections = [
        _section(
            "Documents kept and rejected, by reason",
            bar_chart(
                [("kept", docs["kept"], KEPT)]
                + [(r, n, REJECTED) for r, n in report.get("rejected", {}).items()]
            ),
        ),
        _section(
            "Languages of kept documents",
            bar_chart([(k, v, BLUE) for k, v in report.get("languages", {}).items()]),
        ),
    ]
    lengths = report.get("lengths")
    if lengths:
        sections.append(
            _section(
                "Document length in characters: every input (grey) and kept output (blue)",
                histogram(lengths["bins"], lengths["in"], lengths["out"]),
            )
        )
    sections.append(
        _section(
            "Repairs and edits per kind",
            bar_chart([(k, v, BLUE) for k, v in _top(report.get("edits", {}))]),
        )
    )
    if report.get("removals"):
        sections.append(
            _section(
                "Lines and paragraphs removed, per rule",
                bar_chart([(k, v, REJECTED) for k, v in _top(report["removals"])]),
            )
        )
    sections += _duplicate_sections(report.get("corpus_stages", {}))
    seconds = report.get("timings", {}).get("stage_seconds", {})
    sections.append(
        _section(
            "Time per stage (seconds, summed over workers)",
            bar_chart(
                [(k, v, GREY) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])],
                decimals=3,
            ),
        )
    )
    summary = "".join(
        f"<tr{_REASON if label.startswith(' ') else ''}>"
        f"<th>{escape(label.strip())}</th><td>{escape(value)}</td></tr>"
        for label, value in summary_rows(report)
    )
    config = escape(_config_toml(report.get("config", {})))
    inputs = escape(", ".join(report.get("inputs", [])))
    return _PAGE.format(
        version=escape(str(report.get("corpusclean", ""))),
        inputs=inputs,
        summary=summary,
        sections="\n".join(sections),
        config=config,
    )


def bar_chart(items: list[tuple[str, float, str]], decimals: int = 0) -> str:
    """Horizontal bars, one per ``(label, value, colour)``, scaled to the largest value."""
    if not items:
        return '<p class="none">nothing to show</p>'
    top = max(value for _, value, _ in items) or 1
    span = WIDTH - LABEL - 90
    height = ROW * len(items) + 4
    parts = [f'<svg role="img" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}">']
    for i, (label, value, colour) in enumerate(items):
        y = i * ROW + 2
        width = max(value / top * span, 1 if value else 0)
        shown = f"{value:,.{decimals}f}"
        parts.append(
            f"<g><title>{escape(label)}: {shown}</title>"
            f'<text x="{LABEL - 8}" y="{y + 15}" text-anchor="end">{escape(_clip(label))}</text>'
            f'<rect x="{LABEL}" y="{y + 3}" width="{width:.1f}" height="{ROW - 6}" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{LABEL + width + 6:.1f}" y="{y + 15}" class="v">{shown}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def histogram(edges: list[int], before: list[int], after: list[int]) -> str:
    """Paired vertical bars per length bin (``before`` grey, ``after`` blue)."""
    if not any(before) and not any(after):
        return '<p class="none">nothing to show</p>'
    top = max(*before, *after) or 1
    plot_h, base = 180, 200
    slot = (WIDTH - 40) / len(edges)
    bar = slot * 0.38
    parts = [
        f'<svg role="img" width="{WIDTH}" height="{base + 40}" viewBox="0 0 {WIDTH} {base + 40}">'
    ]
    parts.append(f'<line x1="30" y1="{base}" x2="{WIDTH - 5}" y2="{base}" stroke="#555"/>')
    for i, edge in enumerate(edges):
        x = 35 + i * slot
        label = _bin_label(edges, i)
        for j, (series, colour, name) in enumerate(
            ((before, GREY, "inputs"), (after, BLUE, "kept"))
        ):
            h = series[i] / top * plot_h
            bx = x + j * (bar + 2)
            parts.append(
                f"<g><title>{label} characters, {name}: {series[i]:,}</title>"
                f'<rect x="{bx:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/>'
            )
            if series[i]:
                parts.append(
                    f'<text x="{bx + bar / 2:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" '
                    f'class="v">{series[i]:,}</text>'
                )
            parts.append("</g>")
        parts.append(
            f'<text x="{x + bar:.1f}" y="{base + 16}" text-anchor="middle" class="v">'
            f"{_short(edge)}+</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _duplicate_sections(corpus_stages: dict[str, dict[str, Any]]) -> list[str]:
    """Cluster sizes where a dedup stage reports them, else its headline figures."""
    sections = []
    for stage, figures in corpus_stages.items():
        sizes = figures.get("cluster_sizes")
        if isinstance(sizes, dict) and sizes:
            items = sorted(sizes.items(), key=lambda kv: int(kv[0]))
            chart = bar_chart([(f"{k} documents", v, BLUE) for k, v in items])
            sections.append(_section(f"{stage}: duplicate clusters by size", chart))
            continue
        numbers = [(k, v, BLUE) for k, v in figures.items() if isinstance(v, int | float)]
        if numbers:
            sections.append(_section(f"{stage}: figures", bar_chart(numbers)))
    return sections


def _config_toml(config: dict[str, Any]) -> str:
    """The recorded config in the same TOML shape ``clean --config`` reads."""
    lines = ["[run]"]
    lines += [f"{k} = {toml_value(v)}" for k, v in config.get("run", {}).items()]
    for stage in config.get("stages", []):
        lines += ["", "[[stages]]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in stage.items() if v is not None]
    return "\n".join(lines)


def _top(counts: dict[str, int]) -> list[tuple[str, int]]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) <= MAX_BARS:
        return ordered
    rest = sum(v for _, v in ordered[MAX_BARS - 1 :])
    return [*ordered[: MAX_BARS - 1], (f"{len(ordered) - MAX_BARS + 1} other kinds", rest)]


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{body}</section>"


def _clip(label: str, size: int = 38) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _short(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 else str(n)


def _bin_label(edges: list[int], i: int) -> str:
    if i + 1 < len(edges):
        return f"{edges[i]:,}-{edges[i + 1] - 1:,}"
    return f"{edges[i]:,} or more"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corpusclean report</title>
<style>
body {{ font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 780px; margin: 24px auto; padding: 0 16px; }}
h1 {{ font-size: 22px; margin-bottom: 2px; }}
h2 {{ font-size: 15px; margin: 26px 0 8px; border-bottom: 1px solid #ddd; }}
.sub {{ color: #666; margin-top: 0; }}
table.summary th {{ text-align: left; padding: 2px 16px 2px 0; font-weight: 600; }}
table.summary td {{ font-variant-numeric: tabular-nums; }}
table.summary tr.reason th {{ font-weight: 400; padding-left: 18px; color: #c62828; }}
svg text {{ font: 12px system-ui, sans-serif; fill: #333; }}
svg text.v {{ fill: #555; font-size: 11px; }}
.none {{ color: #888; font-style: italic; }}
pre {{ background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 12px; }}
</style>
</head>
<body>
<h1>corpusclean report</h1>
<p class="sub">corpusclean {version} &middot; inputs: {inputs}</p>
<table class="summary">{summary}</table>
{sections}
<section><h2>Configuration used</h2>
<details><summary>TOML (loads with <code>corpusclean clean --config</code>)</summary>
<pre>{config}</pre></details></section>
</body>
</html>
"""



def write_html(out: Path, report: dict[str, Any]) -> Path:
    """Draw ``report.html`` in ``out`` from a report, atomically; returns its path."""
    path = out / REPORT_HTML
    handle = AtomicFile(path)
    try:
        handle.write(render_html(report).encode("utf-8"))
    except BaseException:
        handle.discard()
        raise
    handle.commit()
    return path
