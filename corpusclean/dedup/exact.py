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
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Any, ClassVar

import numpy as np
import xxhash

from ..document import Document
from ..grouping import Pair, group_starts
from ..reasons import DUPLICATE_OF
from ..stage import StageBase

_PUNCT_RE = re.compile(r"[^\w\s]+")
#: A grouped row: the digest's two halves (the first is random, so it is the key).
_ROW = np.dtype([("key", "<u8"), ("low", "<u8"), ("pos", "<i8")])


def _byte_table(lower: bool, punctuation: bool) -> bytes:
    """A ``bytes.translate`` table: each ASCII byte as folding treats it, others unchanged.

    Derived from the patterns themselves, so the ASCII classes are exactly the regex's:
    whitespace, and punctuation when it is folded, become a space.
    """
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if char.isspace() or (punctuation and _PUNCT_RE.match(char)):
            table[code] = ord(" ")
        elif lower:
            table[code] = ord(char.lower())
    return bytes(table)


_TABLES = {(low, punct): _byte_table(low, punct) for low, punct in product((True, False), repeat=2)}
_ASCII = bytes(range(128))
_SPACE = ord(" ")


def normalize_for_dedup(text: str, case: bool = True, punctuation: bool = True) -> str:
    """The text as compared for exact duplicates: casefolded, punctuation and spacing folded."""
    return normal_bytes(text, case, punctuation, "surrogatepass").decode("utf-8", "surrogatepass")


def normal_bytes(text: str, case: bool, punctuation: bool, errors: str = "strict") -> bytes:
    """:func:`normalize_for_dedup` as UTF-8, computed in a few C-level passes.

    The definition: casefold, replace each run of punctuation (``[^\\w\\s]+``) by a
    space, NFKC, close every whitespace run to one space, strip the ends. Casefolding and
    the replacements look at one character at a time, so they are done per distinct
    character, with whitespace becoming a space too: the ASCII ones through a byte table,
    the few non-ASCII ones of the text with ``str.replace``. Runs of spaces are closed
    up last, in one array pass instead of a regex match per word. That is exact: a space
    composes with nothing in NFKC, and nothing normalizes to whitespace but a space.
    """
    data = text.encode("utf-8", "surrogatepass").translate(_TABLES[case, punctuation])
    if not text.isascii():
        text = data.decode("utf-8", "surrogatepass")
        for char in set(data.translate(None, _ASCII).decode("utf-8", "surrogatepass")):
            folded = _fold(char, case, punctuation)
            if folded != char:
                text = text.replace(char, folded)
        data = unicodedata.normalize("NFKC", text).encode("utf-8", errors)
    return _close_spaces(data)


@lru_cache(maxsize=4096)
def _fold(char: str, case: bool, punctuation: bool) -> str:
    """One character casefolded, its whitespace and punctuation made spaces."""
    folded = char.casefold() if case else char
    return "".join(
        " " if c.isspace() or (punctuation and _PUNCT_RE.match(c)) else c for c in folded
    )


def _close_spaces(data: bytes) -> bytes:
    """``data`` with each run of spaces made one and none at the ends."""
    codes = np.frombuffer(data, np.uint8)
    spaces = codes == _SPACE
    drop = spaces.copy()
    drop[1:] &= spaces[:-1]  # a space after a space, or opening the text
    return codes[~drop].tobytes().rstrip(b" ")


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
        return xxhash.xxh3_128_digest(normal_bytes(doc.text, self.fold_case, self.fold_punctuation))

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

    # The grouped form of ``decide`` (corpusclean.grouping): group on the digest; in each
    # group of two or more, the first position is kept and the others are its copies.
    group_rounds: ClassVar[int] = 1

    def group_rows(
        self, summaries: Sequence[Pair], positions: np.ndarray, round_: int, context: Any
    ) -> np.ndarray:
        digests = np.frombuffer(b"".join(d for _, d in summaries), dtype="<u8").reshape(-1, 2)
        rows = np.empty(len(summaries), dtype=_ROW)
        rows["key"], rows["low"], rows["pos"] = digests[:, 0], digests[:, 1], positions
        return rows

    def group_reduce(self, rows: np.ndarray, round_: int, context: Any) -> np.ndarray:
        """``(copy, kept)`` positions of every later copy in the groups of ``rows``."""
        rows = rows[np.lexsort((rows["pos"], rows["low"], rows["key"]))]
        starts = group_starts(rows["key"], rows["low"])
        first = np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))
        copies = np.flatnonzero(~starts)
        return np.stack((rows["pos"][copies], rows["pos"][first[copies]]), axis=1)

    def group_combine(self, partials: list[Any], round_: int, context: Any) -> np.ndarray:
        pairs = np.concatenate(partials)
        return pairs[np.argsort(pairs[:, 0], kind="stable")]  # copies in input order

    def group_wanted(self, context: np.ndarray) -> np.ndarray:
        return np.unique(context)

    def group_decision(self, context: np.ndarray, found: dict[int, Pair]) -> ExactDuplicates:
        decision = ExactDuplicates()
        for copy, kept in context.tolist():
            decision.duplicates[found[copy][0]] = found[kept][0]
            decision.copies[found[kept][0]] += 1
        return decision

    def rejected_ids(self, decision: ExactDuplicates) -> Collection[str]:
        """The documents ``apply`` will reject, for the decisions that follow in one pass."""
        return decision.duplicates.keys()

    def apply(self, doc: Document, decision: ExactDuplicates) -> Document:
        kept = decision.duplicates.get(doc.id)
        if kept is not None:
            doc.tags["duplicate_of"] = kept
            doc.reject(f"{DUPLICATE_OF}{kept}")
        elif doc.id in decision.copies:
            doc.tags["exact_copies"] = decision.copies[doc.id]
        return doc

    def describe(self, decision: ExactDuplicates) -> dict[str, Any]:
        """Counts, and ``cluster_sizes``: documents per cluster (kept one included) ->
        clusters of that size, keys as strings because JSON keys are."""
        sizes = Counter(n + 1 for n in decision.copies.values())
        return {
            "duplicates": len(decision.duplicates),
            "clusters": len(decision.copies),
            "cluster_sizes": {str(k): v for k, v in sorted(sizes.items())},
        }
