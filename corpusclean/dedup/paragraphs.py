"""Paragraphs already seen earlier in the corpus are removed from later documents.

Web pages of one site repeat whole paragraphs that line rules cannot know are boilerplate:
the "About the author" blurb, a cookie notice written as prose, a newsletter pitch, the
same press-release paragraph pasted into many stories. CCNet and Dolma remove such
repeats by hashing every paragraph of the corpus and keeping only its first occurrence;
this stage does the same. Off by default (it is not in ``DEFAULT_STAGES``); turn it on in
a config file::

    [[stages]]
    use = "dedup.paragraphs"
    unit = "line"        # for text whose paragraphs are one line each
    min_words = 5

A paragraph is a block of lines between blank lines (``unit = "paragraph"``) or, for
extracted web text that puts each paragraph on one line, a single line (``unit =
"line"``). Paragraphs are compared as :func:`normalize_for_dedup` folds them (case,
punctuation, spacing). The first occurrence in input order is kept; every later copy is
removed through ``Document.drop_lines`` with reason ``repeated``, and the document's
``tags["paragraphs_seen_in"]`` lists the ids of the documents where the removed
paragraphs first appeared. A document left with no text is rejected
``all_paragraphs_repeated``.

What it will NOT touch, and why:

* paragraphs of fewer than ``min_words`` words: "Thank you.", "Yes, he said." or a
  dateline recur across unrelated documents, and removing them damages each text while
  removing almost nothing (short boilerplate lines are the line rules' job);
* a paragraph repeated inside one document (a refrain, a repeated chorus, a quote
  restated): the corpus-level rule is about copies across documents;
* documents already rejected (for example near-duplicates): their paragraphs are not
  counted as seen, so a rejected copy cannot strip text from the document that was kept.

The summary is one 8-byte xxh3 hash per paragraph; centrally the hashes of all documents
are sorted once with numpy, so a million documents of 20 paragraphs cost about 400 MB.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import xxhash

from ..document import Document
from ..reasons import ALL_PARAGRAPHS_REPEATED
from ..stage import StageBase
from .exact import normalize_for_dedup

UNITS = ("paragraph", "line")
REASON = "repeated"
_SHORT = 0  # the hash recorded for a paragraph too short to take part


def units(text: str, unit: str) -> list[list[int]]:
    """Line indices of each paragraph (or each non-blank line) of ``text``, in order."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(text.split("\n")):
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
        elif unit == "line":
            blocks.append([i])
        else:
            current.append(i)
    if current:
        blocks.append(current)
    return blocks


@dataclass
class RepeatedParagraphs:
    """The central decision: for each changed document, the paragraphs to drop."""

    drops: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = field(default_factory=dict)

    @property
    def paragraphs(self) -> int:
        return sum(len(indices) for indices, _ in self.drops.values())


@dataclass
class ParagraphDedup(StageBase):
    """Remove paragraphs that appeared in an earlier document (first occurrence kept)."""

    name: ClassVar[str] = "dedup.paragraphs"
    #: ``apply`` removes lines: the stages after it must see the text it leaves.
    rewrites_text: ClassVar[bool] = True
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {"paragraphs_seen_in": "list[str]"}

    # "paragraph": lines between blank lines; "line": every line is a paragraph (extracted
    # web text often has one paragraph per line and no blank lines at all).
    unit: str = "paragraph"
    # Shorter paragraphs are never removed: short sentences recur by chance.
    min_words: int = field(default=5, metadata={"ge": 1})

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}, got {self.unit!r}")
        if self.min_words < 1:
            raise ValueError(f"min_words must be at least 1, got {self.min_words}")

    def _hash(self, text: str) -> int:
        normal = normalize_for_dedup(text)
        if len(normal.split()) < self.min_words:
            return _SHORT
        return xxhash.xxh3_64_intdigest(normal.encode("utf-8")) or 1  # 0 means "short"

    def summarize(self, doc: Document) -> bytes:
        lines = doc.text.split("\n")
        hashes = [
            self._hash("\n".join(lines[i] for i in block)) for block in units(doc.text, self.unit)
        ]
        return np.array(hashes, dtype=np.uint64).tobytes()

    def decide(self, summaries: Iterable[tuple[str, bytes]]) -> RepeatedParagraphs:
        """Mark each paragraph whose hash first appeared in an earlier document."""
        rows: Sequence[tuple[str, bytes]] = (
            summaries if isinstance(summaries, Sequence) else list(summaries)
        )
        ids = [doc_id for doc_id, _ in rows]
        arrays = [np.frombuffer(summary, dtype=np.uint64) for _, summary in rows]
        if not arrays:
            return RepeatedParagraphs()
        counts = np.array([len(a) for a in arrays], dtype=np.int64)
        hashes = np.concatenate(arrays)
        doc = np.repeat(np.arange(len(arrays), dtype=np.int64), counts)
        para = np.arange(len(hashes), dtype=np.int64) - np.repeat(
            np.cumsum(counts) - counts, counts
        )
        # np.unique's index is each hash's first occurrence in input order.
        _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
        first_doc = doc[first][inverse]
        repeated = np.flatnonzero((first_doc < doc) & (hashes != _SHORT))
        drops: dict[str, tuple[list[int], list[str]]] = {}
        for k in repeated.tolist():
            indices, seen_in = drops.setdefault(ids[doc[k]], ([], []))
            indices.append(int(para[k]))
            source = ids[first_doc[k]]
            if source not in seen_in:
                seen_in.append(source)
        return RepeatedParagraphs({d: (tuple(i), tuple(s)) for d, (i, s) in drops.items()})

    def apply(self, doc: Document, decision: RepeatedParagraphs) -> Document:
        found = decision.drops.get(doc.id)
        if found is None:
            return doc
        indices, seen_in = found
        blocks = units(doc.text, self.unit)
        doc.drop_lines({line: REASON for k in indices for line in blocks[k]}, self.name)
        doc.tags["paragraphs_seen_in"] = list(seen_in)
        if not doc.text.strip():
            doc.reject(ALL_PARAGRAPHS_REPEATED)
        return doc

    def describe(self, decision: RepeatedParagraphs) -> dict[str, Any]:
        return {"paragraphs_removed": decision.paragraphs, "documents_changed": len(decision.drops)}
