"""Run statistics to ``report.json``: what went in, what came out, and why."""

from __future__ import annotations

import platform
from pathlib import Path
from typing import Any

from . import __version__
from .io.writers import REPORT, write_json
from .pipeline import RunStats


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


def write_report(out: Path, report: dict[str, Any]) -> Path:
    path = out / REPORT
    write_json(path, report)
    return path
