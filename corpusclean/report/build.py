"""The report as data: built from run statistics, read back, summarised in rows."""

from __future__ import annotations

import platform
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import orjson

from ..errors import InputError
from ..io.layout import REPORT
from ..version import __version__
from .stats import LENGTH_BINS, OTHER, SIGNALS, RunStats, Sample, signal_edges


def build_report(stats: RunStats, config: dict[str, Any], inputs: list[str]) -> dict[str, Any]:
    """The report as a JSON-ready dict. Everything but ``timings`` is deterministic."""
    return {
        "corpusclean": __version__,
        "inputs": inputs,
        "documents": {
            "in": stats.docs_in,
            "kept": stats.kept,
            "rejected": stats.n_rejected,
        },
        "rejected": dict(stats.rejected.most_common()),
        "languages": dict(stats.languages.most_common()),
        "characters": {"in": stats.chars_in, "out": stats.chars_out},
        "lengths": {
            "bins": list(LENGTH_BINS),
            "in": [stats.lengths_in.get(i, 0) for i in range(len(LENGTH_BINS))],
            "out": [stats.lengths_out.get(i, 0) for i in range(len(LENGTH_BINS))],
        },
        "sources": _sources(stats),
        "signals": _signals(stats),
        "edits": dict(sorted(stats.edits.items())),
        "removals": dict(sorted(stats.removals.items())),
        "samples": _samples(stats),
        "corpus_stages": stats.corpus_stages,
        "config": config,
        "timings": {
            "wall_seconds": round(stats.wall_seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in sorted(stats.stage_seconds.items())},
            "python": platform.python_version(),
        },
    }


def _sources(stats: RunStats) -> list[dict[str, Any]]:
    """Documents in, kept and rejected per source group, the largest first, OTHER last,
    with the source's rejection reasons, the most frequent first."""
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    for (source, reason), n in stats.source_reasons.items():
        reasons[source][reason] += n
    ranked = sorted(stats.sources_in.items(), key=lambda kv: (kv[0] == OTHER, -kv[1], kv[0]))
    return [
        {
            "source": source,
            "in": n,
            "kept": stats.sources_kept[source],
            "rejected": n - stats.sources_kept[source],
            "reasons": dict(sorted(reasons[source].items(), key=lambda kv: (-kv[1], kv[0]))),
        }
        for source, n in ranked
    ]


def _signals(stats: RunStats) -> dict[str, dict[str, list[float]]]:
    """Per signal that any document carried: bin edges, kept and rejected counts per bin."""
    result = {}
    for name in SIGNALS:
        counts = stats.signals.get(name)
        if counts:
            edges = signal_edges(name)
            n = len(edges)
            result[name] = {"bins": list(edges), "kept": counts[:n], "rejected": counts[n:]}
    return result


def _samples(stats: RunStats) -> dict[str, Any]:
    """Examples by kind: ``removed`` per rule, ``rejected`` per reason, ``duplicates``."""
    result: dict[str, Any] = {"removed": {}, "rejected": {}, "duplicates": []}
    for kind, samples in sorted(stats.samples.items()):
        group, _, name = kind.partition(":")
        if group == "duplicate":
            result["duplicates"] = [
                {"id": s.doc_id, "duplicate_of": s.detail, "similarity": s.score, "text": s.text}
                for s in samples
            ]
        elif group == "rejected":
            result["rejected"][name] = [_example(s, "source") for s in samples]
        else:
            result["removed"][name] = [_example(s, "") for s in samples]
    return result


def _example(sample: Sample, detail: str) -> dict[str, Any]:
    row = {"id": sample.doc_id, "text": sample.text}
    if detail:
        row[detail] = sample.detail
    return row


def load_report(out: str | Path) -> dict[str, Any]:
    """Read ``OUT/report.json`` (``OUT`` may also name the file itself)."""
    path = Path(out)
    if path.is_dir():
        path = path / REPORT
    try:
        data = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"no report found at {path}: run corpusclean clean -o OUT first") from None
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{path} is not a valid report: {exc}") from None
    if not isinstance(data, dict) or "documents" not in data:
        raise InputError(f"{path} is not a corpusclean report")
    return data


def summary_rows(report: dict[str, Any], details: bool = True) -> list[tuple[str, str]]:
    """The headline figures, as ``(label, value)`` rows for the terminal and the page.

    ``details`` adds the rows that the page draws as charts of their own (rejection
    reasons, languages, corpus-stage figures): the terminal wants them, the page would
    repeat them.
    """
    docs = report["documents"]
    chars = report.get("characters", {})
    rows = [
        ("documents in", f"{docs['in']:,}"),
        ("kept", f"{docs['kept']:,} ({_percent(docs['kept'], docs['in'])})"),
        ("rejected", f"{docs['rejected']:,} ({_percent(docs['rejected'], docs['in'])})"),
    ]
    if details:
        rows += [(f"  {reason}", f"{n:,}") for reason, n in report.get("rejected", {}).items()]
        langs = list(report.get("languages", {}).items())[:8]
        rows.append(("languages", ", ".join(f"{k} {v:,}" for k, v in langs) or "-"))
    if chars:
        rows.append(("characters", f"{chars['in']:,} in, {chars['out']:,} out"))
    # A removed line is also an edit of its document: counted once, as a removal.
    removals = report.get("removals", {})
    repairs = {k: v for k, v in report.get("edits", {}).items() if k not in removals}
    rows.append(("repairs", f"{sum(repairs.values()):,} in {len(repairs)} kinds"))
    if removals:
        rows.append(("lines removed", f"{sum(removals.values()):,} by {len(removals)} rules"))
    for stage, figures in report.get("corpus_stages", {}).items() if details else ():
        shown = ", ".join(f"{k} {v:,}" for k, v in figures.items() if isinstance(v, int))
        if shown:
            rows.append((stage, shown))
    timings = report.get("timings", {})
    wall = timings.get("wall_seconds", 0.0)
    rate = docs["in"] / wall if wall else 0.0
    rows.append(("time", f"{wall:.1f} s ({rate:,.0f} docs/s)"))
    return rows


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"
