"""What a run did, counted from its documents: the body of ``report.json``.

Workers count the documents of their shards into a :class:`RunStats` each; the parent
merges them (:meth:`RunStats.merge`), so no document has to travel to be counted.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..reasons import family

#: Lower edges (characters) of the document-length histogram bins in the report.
LENGTH_BINS = (0, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)


@dataclass
class RunStats:
    """What a run did, derived from its documents; the body of ``report.json``."""

    docs_in: int = 0
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    edits: Counter[str] = field(default_factory=Counter)
    removals: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    chars_in: int = 0
    chars_out: int = 0
    stage_seconds: Counter[str] = field(default_factory=Counter)
    corpus_stages: dict[str, dict[str, Any]] = field(default_factory=dict)
    wall_seconds: float = 0.0
    #: Histogram counts per :data:`LENGTH_BINS` bin: every input as read, kept ones as written.
    lengths_in: Counter[int] = field(default_factory=Counter)
    lengths_out: Counter[int] = field(default_factory=Counter)

    def add(self, doc: Document) -> None:
        """Count one finished document."""
        self.docs_in += 1
        self.chars_in += len(doc.original)
        self.lengths_in[_length_bin(len(doc.original))] += 1
        self.edits.update(doc.edits)
        for removal in doc.removed:
            self.removals[f"{removal.stage}.{removal.reason}"] += 1
        if doc.rejected is None:
            self.kept += 1
            self.chars_out += len(doc.text)
            self.lengths_out[_length_bin(len(doc.text))] += 1
            self.languages[doc.tags.get("lang", "und")] += 1
        else:
            self.rejected[family(doc.rejected)] += 1

    def merge(self, other: RunStats) -> None:
        """Add the counts of ``other`` (another shard's stats) to these."""
        self.docs_in += other.docs_in
        self.kept += other.kept
        self.chars_in += other.chars_in
        self.chars_out += other.chars_out
        for name in (
            "rejected",
            "edits",
            "removals",
            "languages",
            "stage_seconds",
            "lengths_in",
            "lengths_out",
        ):
            getattr(self, name).update(getattr(other, name))
        self.corpus_stages.update(other.corpus_stages)

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())


def _length_bin(chars: int) -> int:
    return bisect.bisect_right(LENGTH_BINS, chars) - 1
