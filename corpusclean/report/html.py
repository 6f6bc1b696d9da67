"""``report.html``: one self-contained page drawn from ``report.json``.

No script, no stylesheet or font from elsewhere, no network: the page is opened from a
disk, an artifact store or an e-mail, often offline, and must look the same in ten years.
It answers what ``report.json`` holds but does not show at a glance: where the rejected
documents came from, how the quality signals are spread against the thresholds of the
gates, and what a removed line, a rejected document and a duplicate pair look like, each
with the ``corpusclean explain`` command that shows its whole story. Each figure is shown
once: the headline table holds only what no section below draws.
"""

from __future__ import annotations

import shlex
from collections import Counter
from html import escape
from pathlib import Path
from typing import Any

from ..config.template import toml_value
from ..filter.gates import PRESETS
from ..io.layout import REPORT_HTML
from ..io.writers import AtomicFile
from .build import summary_rows
from .charts import (
    BLUE,
    GREY,
    KEPT,
    NOTHING,
    REJECTED,
    bar_chart,
    histogram,
    label_html,
    split_bars,
    top,
)
from .stats import OTHER

#: Sources shown by name; the rest are one "other sources" row.
TOP_SOURCES = 15
#: Cluster sizes drawn one bar each up to 5 documents, then in ranges.
CLUSTER_BINS = ((2, 2), (3, 3), (4, 4), (5, 5), (6, 10), (11, 20), (21, 50), (51, 100))
#: The example tables' columns and widths: the text gets what the others leave.
RULE_COLUMNS = [("rule", "15em"), ("line", ""), ("see it in", "30%")]
REASON_COLUMNS = [("reason", "15em"), ("source", "16%"), ("text", ""), ("see it in", "30%")]
PAIR_COLUMNS = [("pair", "15em"), ("similarity", "7em"), ("text", ""), ("see them", "30%")]


def render_html(report: dict[str, Any], out: str | Path | None = None) -> str:
    """The whole page for a report dict; ``out`` (the output folder) goes into the
    ``explain`` commands, else they say ``OUT``."""
    folder = shlex.quote(str(out)) if out is not None else "OUT"
    sections = [
        ("reasons", "Documents kept and rejected, by reason", _reasons(report)),
        ("sources", "Documents per source", _sources(report.get("sources", []))),
        ("languages", "Languages of kept documents", _languages(report)),
        ("lengths", "Document length in characters", _lengths(report.get("lengths"))),
        ("signals", "Language score and quality signals", _signals(report.get("signals", {}))),
        ("removed", "Lines and paragraphs removed, per rule", _removed(report, folder)),
        ("duplicates", "Duplicates", _duplicates(report, folder)),
        ("rejected", "Rejected documents: examples", _rejected(report, folder)),
        ("edits", "Repairs per kind", _edits(report)),
        ("time", "Time per stage (seconds, summed over workers)", _times(report)),
    ]
    toc = " · ".join(f'<a href="#{key}">{escape(title)}</a>' for key, title, _ in sections)
    body = "\n".join(
        f'<section id="{key}"><h2>{escape(title)}</h2>{html}</section>'
        for key, title, html in sections
    )
    summary = "".join(
        f"<tr><th>{escape(label.strip())}</th><td>{escape(value)}</td></tr>"
        for label, value in summary_rows(report, details=False)
    )
    return _PAGE.format(
        version=escape(str(report.get("corpusclean", ""))),
        inputs=escape(", ".join(report.get("inputs", []))),
        summary=summary,
        toc=toc,
        sections=body,
        config=escape(_config_toml(report.get("config", {}))),
    )


def _reasons(report: dict[str, Any]) -> str:
    kept = [("kept", report["documents"]["kept"], KEPT)]
    reasons = top(report.get("rejected", {}), "reasons")
    return bar_chart(kept + [(r, n, REJECTED) for r, n in reasons])


def _sources(rows: list[dict[str, Any]]) -> str:
    """The largest sources by documents in, then every other source summed."""
    named = [r for r in rows if r["source"] != OTHER]
    shown = [(r["source"], r["kept"], r["rejected"], _why(r)) for r in named[:TOP_SOURCES]]
    rest = rows[len(shown) :]
    if rest:
        kept, rejected = sum(r["kept"] for r in rest), sum(r["rejected"] for r in rest)
        reasons: Counter[str] = Counter()
        for r in rest:
            reasons.update(r.get("reasons", {}))
        # Past MAX_SOURCES the smallest were summed during the run: their number is unknown.
        folded = any(r["source"] == OTHER for r in rest)
        label = "all other sources" if folded else f"{len(rest):,} other sources"
        shown.append((label, kept, rejected, _why({"reasons": reasons})))
    note = (
        '<p class="note">A source is the site of <code>meta.url</code> when a document has '
        "one, else its folder, or its file for a JSONL record.</p>"
    )
    return note + split_bars(shown)


def _why(row: dict[str, Any]) -> list[str]:
    """The two most frequent rejection reasons of a source, with their counts."""
    reasons = sorted(row.get("reasons", {}).items(), key=lambda kv: (-kv[1], kv[0]))[:2]
    return [f"{reason} {n:,}" for reason, n in reasons]


def _languages(report: dict[str, Any]) -> str:
    return bar_chart([(k, v, BLUE) for k, v in top(report.get("languages", {}), "languages")])


def _lengths(lengths: dict[str, Any] | None) -> str:
    if not lengths:
        return NOTHING
    chart = histogram(
        lengths["bins"],
        [("inputs", lengths["in"], GREY), ("kept", lengths["out"], BLUE)],
        width=900,
        height=200,
        stacked=False,
    )
    note = '<p class="note">Every input as read (grey), kept documents as written (blue).</p>'
    return note + chart


def _signals(signals: dict[str, dict[str, list[Any]]]) -> str:
    """Small multiples, one per signal, kept over rejected, with the gates' thresholds."""
    if not signals:
        return NOTHING
    cells = []
    for name, data in signals.items():
        rules = [(p, rule) for p, rules in PRESETS.items() for rule in rules if rule.tag == name]
        marks = [float(rule.threshold) for _, rule in rules]
        chart = histogram(
            data["bins"],
            [("kept", data["kept"], BLUE), ("rejected", data["rejected"], REJECTED)],
            marks=marks,
        )
        legend = "; ".join(f"{p} rejects {r.op} {r.threshold:g}" for p, r in rules)
        n = sum(data["kept"]) + sum(data["rejected"])
        cells.append(
            f'<figure><figcaption><b>{label_html(name)}</b> <span class="v">{n:,} documents'
            f"</span></figcaption>{chart}"
            f'<p class="rule">{escape(legend) if legend else "&nbsp;"}</p></figure>'
        )
    note = (
        '<p class="note">Kept documents in blue, rejected ones in red, for the documents '
        "that reached the tagger; a dashed line is a preset's threshold "
        "(<code>--quality PRESET</code> applies it).</p>"
    )
    return f'{note}<div class="grid">{"".join(cells)}</div>'


def _removed(report: dict[str, Any], folder: str) -> str:
    removals = report.get("removals", {})
    chart = bar_chart([(k, v, REJECTED) for k, v in top(removals, "rules")])
    examples = report.get("samples", {}).get("removed", {})
    rows = [
        (rule, [_text(s["text"]), _explain(folder, s["id"])])
        for rule, _ in sorted(removals.items(), key=lambda kv: (-kv[1], kv[0]))
        for s in examples.get(rule, [])
    ]
    return chart + _examples("Examples (a few per rule)", RULE_COLUMNS, rows)


def _duplicates(report: dict[str, Any], folder: str) -> str:
    parts = []
    for stage, figures in report.get("corpus_stages", {}).items():
        if not stage.startswith("dedup."):
            continue
        numbers = ", ".join(
            f"{k.replace('_', ' ')} {v:,}" for k, v in figures.items() if isinstance(v, int)
        )
        parts.append(f"<h3>{escape(stage)}</h3><p>{escape(numbers)}</p>")
        sizes = figures.get("cluster_sizes")
        if isinstance(sizes, dict) and sizes:
            parts.append(bar_chart([(k, v, BLUE) for k, v in cluster_bins(sizes)]))
    pairs = report.get("samples", {}).get("duplicates", [])
    rows = [
        (
            f"{p['id']} duplicates {p['duplicate_of']}",
            [
                "exact" if p.get("similarity") is None else f"{p['similarity']:.3f}",
                _text(p["text"]),
                _explain(folder, p["id"]) + "<br>" + _explain(folder, p["duplicate_of"]),
            ],
        )
        for p in pairs
    ]
    parts.append(_examples("Duplicate pairs", PAIR_COLUMNS, rows))
    return "".join(parts) if parts else NOTHING


def cluster_bins(sizes: dict[str, int]) -> list[tuple[str, int]]:
    """Clusters per size range (``2 documents``, ``6-10 documents``, ...), empty ones out."""
    counts = {int(k): v for k, v in sizes.items()}
    largest = max(counts, default=0)
    ranges = [*CLUSTER_BINS, (CLUSTER_BINS[-1][1] + 1, max(largest, CLUSTER_BINS[-1][1] + 1))]
    result = []
    for lo, hi in ranges:
        n = sum(v for size, v in counts.items() if lo <= size <= hi)
        if n:
            label = f"{lo} documents" if lo == hi else f"{lo}-{hi} documents"
            result.append((label, n))
    return result


def _rejected(report: dict[str, Any], folder: str) -> str:
    examples = report.get("samples", {}).get("rejected", {})
    rows = [
        (reason, [label_html(s.get("source", "")), _text(s["text"]), _explain(folder, s["id"])])
        for reason in report.get("rejected", {})
        for s in examples.get(reason, [])
    ]
    return _examples("", REASON_COLUMNS, rows)


def _edits(report: dict[str, Any]) -> str:
    """Repairs per kind; line removals are counted as edits too but have their section."""
    removals = report.get("removals", {})
    edits = {k: v for k, v in report.get("edits", {}).items() if k not in removals}
    return bar_chart([(k, v, BLUE) for k, v in top(edits)])


def _times(report: dict[str, Any]) -> str:
    seconds = report.get("timings", {}).get("stage_seconds", {})
    items = sorted(seconds.items(), key=lambda kv: -kv[1])
    return bar_chart([(k, v, GREY) for k, v in items], decimals=3)


def _examples(title: str, columns: list[tuple[str, str]], rows: list[tuple[str, list[str]]]) -> str:
    """A table of examples, the first column (plain text) shown once per group; long
    texts are cut to three lines on screen, whole in their tooltip."""
    if not rows:
        return ""
    widths = "".join(f'<col style="width:{w}">' if w else "<col>" for _, w in columns)
    head = "".join(f"<th>{escape(name)}</th>" for name, _ in columns)
    body, previous = [], None
    for group, values in rows:
        first = label_html(group) if group != previous else ""
        previous = group
        body.append(f"<tr><th>{first}</th>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>")
    caption = f"<h3>{escape(title)}</h3>" if title else ""
    return (
        f'{caption}<table class="examples"><colgroup>{widths}</colgroup><tr>{head}</tr>'
        f"{''.join(body)}</table>"
    )


def _text(text: str) -> str:
    return f'<div class="clip" title="{escape(text)}">{escape(text)}</div>'


def _explain(folder: str, doc_id: str) -> str:
    return f"<code>corpusclean explain {escape(folder)} {escape(doc_id)}</code>"


def _config_toml(config: dict[str, Any]) -> str:
    """The recorded config in the same TOML shape ``clean --config`` reads."""
    lines = ["[run]"]
    lines += [f"{k} = {toml_value(v)}" for k, v in config.get("run", {}).items()]
    for stage in config.get("stages", []):
        lines += ["", "[[stages]]"]
        lines += [f"{k} = {toml_value(v)}" for k, v in stage.items() if v is not None]
    return "\n".join(lines)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corpusclean report</title>
<style>
body {{ font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 1180px; margin: 24px auto; padding: 0 16px; }}
h1 {{ font-size: 22px; margin-bottom: 2px; }}
h2 {{ font-size: 16px; margin: 30px 0 8px; border-bottom: 1px solid #ddd; }}
h3 {{ font-size: 14px; margin: 16px 0 6px; }}
a {{ color: #1565c0; }}
.sub, .note, .v, .rule {{ color: #666; }}
.sub {{ margin-top: 0; overflow-wrap: anywhere; }}
nav {{ margin: 10px 0 0; }}
table.summary th {{ text-align: left; padding: 2px 16px 2px 0; font-weight: 600; }}
table.summary td {{ font-variant-numeric: tabular-nums; }}
table.bars {{ border-collapse: collapse; width: 100%; }}
table.bars th {{ text-align: left; font-weight: 400; padding: 2px 12px 2px 0; width: 36%;
                 overflow-wrap: anywhere; vertical-align: top; }}
table.bars td {{ padding: 2px 0; vertical-align: top; }}
table.bars td.n, table.bars th.n {{ text-align: right; padding: 2px 10px; width: 1%;
                 white-space: nowrap; font-variant-numeric: tabular-nums; }}
table.bars td.bar {{ white-space: nowrap; }}
table.bars td.bar span {{ display: inline-block; height: 14px; margin-top: 3px;
                          vertical-align: top; min-width: 1px; }}
table.sources th:first-child {{ width: 30%; }}
table.sources td.bar {{ width: 22%; }}
table.sources td.why {{ color: #666; font-size: 12px; padding-left: 12px; }}
table.sources td.why span {{ white-space: nowrap; }}
table.examples {{ border-collapse: collapse; width: 100%; font-size: 13px;
                  table-layout: fixed; }}
table.examples th, table.examples td {{ text-align: left; vertical-align: top;
       padding: 4px 10px 4px 0; border-top: 1px solid #eee; overflow-wrap: anywhere; }}
table.examples th {{ font-weight: 600; }}
.clip {{ display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical;
         overflow: hidden; }}
code {{ font-size: 12px; background: #f3f3f3; padding: 1px 3px; user-select: all; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
         gap: 10px 18px; }}
figure {{ margin: 0; }}
figcaption {{ font-size: 13px; overflow-wrap: anywhere; }}
.rule {{ font-size: 12px; margin: 0; }}
svg text {{ font: 11px system-ui, sans-serif; fill: #555; }}
.none {{ color: #888; font-style: italic; }}
pre {{ background: #f6f6f6; padding: 10px; overflow-x: auto; font-size: 12px; }}
</style>
</head>
<body>
<h1>corpusclean report</h1>
<p class="sub">corpusclean {version} &middot; inputs: {inputs}</p>
<table class="summary">{summary}</table>
<nav>{toc}</nav>
{sections}
<section id="config"><h2>Configuration used</h2>
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
        handle.write(render_html(report, out).encode("utf-8"))
    except BaseException:
        handle.discard()
        raise
    handle.commit()
    return path
