"""Exact duplicates on normalized text: the first document of each text is kept.

Normalization folds what a re-publication typically changes without changing the
text: case, whitespace and (optionally) punctuation. The summary sent to the central
step is a 16-byte xxh3-128 digest per document, so a million documents cost 16 MB.

The first copy in input order is kept and ``tags["exact_copies"]`` says how many copies
of it were dropped; each dropped copy is rejected ``duplicate_of:<kept id>`` with
``tags["duplicate_of"]``. What it will NOT do: treat texts that differ in a single word,
number or added sentence as copies (that is ``dedup.minhash``'s job, with a similarity).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import xxhash

from ..document import Document
from ..stage import StageBase

_PUNCT_RE = re.compile(r"[^\w\s]+")
_SPACE_RE = re.compile(r"\s+")


def normalize_for_dedup(text: str, case: bool = True, punctuation: bool = True) -> str:
    """The text as compared for exact duplicates: casefolded, punctuation and spacing folded."""
    if case:
        text = text.casefold()
    if punctuation:
        text = _PUNCT_RE.sub(" ", text)
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@dataclass
class ExactDuplicates:
    """The central decision: each dropped copy's kept id, and each kept id's copy count."""

    duplicates: dict[str, str] = field(default_factory=dict)
    copies: Counter[str] = field(default_factory=Counter)


@dataclass
class ExactDedup(StageBase):
    """Reject documents whose normalized text equals an earlier one: ``duplicate_of:<id>``."""

    name: ClassVar[str] = "dedup.exact"
    #: ``apply`` only rejects and tags, so its decision is applied as the output is written.
    rewrites_text: ClassVar[bool] = False
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {"duplicate_of": "str", "exact_copies": "int"}

    fold_case: bool = True  # "BREAKING NEWS" re-posts of the same story are duplicates
    fold_punctuation: bool = True  # quotes and dashes differ between re-publishers

    def summarize(self, doc: Document) -> bytes:
        normal = normalize_for_dedup(doc.text, self.fold_case, self.fold_punctuation)
        return xxhash.xxh3_128_digest(normal.encode("utf-8"))

    def decide(self, summaries: Iterable[tuple[str, bytes]]) -> ExactDuplicates:
        """Map each later copy to the first document with its digest, in input order."""
        first: dict[bytes, str] = {}
        decision = ExactDuplicates()
        for doc_id, digest in summaries:
            kept = first.setdefault(digest, doc_id)
            if kept != doc_id:
                decision.duplicates[doc_id] = kept
                decision.copies[kept] += 1
        return decision

    def rejected_ids(self, decision: ExactDuplicates) -> Collection[str]:
        """The documents ``apply`` will reject, for the decisions that follow in one pass."""
        return decision.duplicates.keys()

    def apply(self, doc: Document, decision: ExactDuplicates) -> Document:
        kept = decision.duplicates.get(doc.id)
        if kept is not None:
            doc.tags["duplicate_of"] = kept
            doc.reject(f"duplicate_of:{kept}")
        elif doc.id in decision.copies:
            doc.tags["exact_copies"] = decision.copies[doc.id]
        return doc

    def describe(self, decision: ExactDuplicates) -> dict[str, Any]:
        return {"duplicates": len(decision.duplicates), "clusters": len(decision.copies)}
