"""corpusclean: turn messy scraped documents into a clean, deduplicated, tagged corpus.

The public API is small on purpose; everything else lives in modules that may change.

>>> import corpusclean
>>> corpusclean.clean_text("Caf\\u00c3\\u00a9   au lait\\u200b")
'Café au lait'
"""

from __future__ import annotations

__version__ = "0.1.0"

from collections.abc import Iterable
from pathlib import Path

from .document import Document, Removal, Span
from .io import read
from .io.writers import CorpusWriter, prepare_output
from .pipeline import Pipeline
from .repair.api import RepairResult, repair_text
from .report.stats import RunStats

#: Stages that change text; ``clean_text`` runs these, not taggers, filters or dedup.
TEXT_STAGE_PREFIXES = ("extract.", "repair.", "boilerplate.")


def clean_text(text: str) -> str:
    """Clean one string with the default text stages (repairs and line boilerplate)."""
    pipeline = Pipeline.default()
    stages = [s for s in pipeline.stages if s.name.startswith(TEXT_STAGE_PREFIXES)]
    return Pipeline(stages).process_one(Document.from_text(text)).text


def write(docs: Iterable[Document], out: str | Path) -> None:
    """Write documents to ``out/corpus.jsonl`` and ``out/rejected.jsonl``, atomically."""
    with CorpusWriter(prepare_output(out)) as writer:
        writer.write_all(docs)


__all__ = [
    "Document",
    "Pipeline",
    "Removal",
    "RepairResult",
    "RunStats",
    "Span",
    "__version__",
    "clean_text",
    "read",
    "repair_text",
    "write",
]
