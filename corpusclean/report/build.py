"""The report as data: built from run statistics, read back, summarised in rows.
"""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

import orjson

from .. import __version__
from ..errors import InputError
from ..io.layout import REPORT
from .stats import LENGTH_BINS, RunStats


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
        "edits": dict(sorted(stats.edits.items())),
        "removals": dict(sorted(stats.removals.items())),
        "corpus_stages": stats.corpus_stages,
        "config": config,
        "timings": {
            "wall_seconds": round(stats.wall_seconds, 3),
            "stage_seconds": {k: round(v, 3) for k, v in sorted(stats.stage_seconds.items())},
            "python": platform.python_version(),
        },
    }


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


def summary_rows(report: dict[str, Any]) -> list[tuple[str, str]]:
    """The headline figures, as ``(label, value)`` rows for the terminal and the page."""
    docs = report["documents"]
    chars = report.get("characters", {})
    rows = [
        ("documents in", f"{docs['in']:,}"),
        ("kept", f"{docs['kept']:,} ({_percent(docs['kept'], docs['in'])})"),
        ("rejected", f"{docs['rejected']:,} ({_percent(docs['rejected'], docs['in'])})"),
    ]
    rows += [(f"  {reason}", f"{n:,}") for reason, n in report.get("rejected", {}).items()]
    if chars:
        rows.append(("characters", f"{chars['in']:,} in, {chars['out']:,} out"))
    langs = report.get("languages", {})
    rows.append(("languages", ", ".join(f"{k} {v:,}" for k, v in list(langs.items())[:8]) or "-"))
    edits = report.get("edits", {})
    rows.append(("edits", f"{sum(edits.values()):,} in {len(edits)} kinds"))
    removals = report.get("removals", {})
    if removals:
        rows.append(("lines removed", f"{sum(removals.values()):,}"))
    for stage, figures in report.get("corpus_stages", {}).items():
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
