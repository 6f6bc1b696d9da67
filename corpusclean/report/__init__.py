"""Run statistics to ``report.json`` and ``report.html``: what went in, what came out, why.

``report.json`` is the record (deterministic except ``timings``); ``report.html`` is
drawn from it alone (:mod:`.html`), so ``corpusclean report OUT`` can redraw the page and
print the same summary in the terminal long after the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..io.layout import REPORT
from ..io.writers import write_json
from .build import build_report, load_report, summary_rows
from .html import REPORT_HTML, render_html, write_html


def write_report(out: Path, report: dict[str, Any]) -> Path:
    """Write ``report.json`` and, drawn from it, ``report.html``; returns the JSON path."""
    path = out / REPORT
    write_json(path, report)
    write_html(out, report)
    return path


__all__ = [
    "REPORT_HTML",
    "build_report",
    "load_report",
    "render_html",
    "summary_rows",
    "write_html",
    "write_report",
]
