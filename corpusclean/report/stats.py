"""What a run did, counted from its documents: the body of ``report.json``.

Workers count the documents of their shards into a :class:`RunStats` each; the parent
merges them (:meth:`RunStats.merge`), so no document has to travel to be counted. Every
field is a counter, a fixed-bin histogram or a bounded sample, so a shard's stats stay a
few kilobytes at any corpus size, and merging shards in any order gives the same report.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import xxhash

from ..boilerplate.repeated import source_group
from ..document import Document
from ..filter.gates import PRESETS
from ..reasons import family

#: Lower edges (characters) of the document-length histogram bins in the report.
LENGTH_BINS = (0, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)

#: Twenty bins of 0.05 for shares and probabilities (``*_frac``, ``lang_score``).
FRACTION_BINS = tuple(round(i * 0.05, 2) for i in range(20))
#: Signals that are counts or lengths, not shares, with bins that fit their range.
COUNT_BINS: dict[str, tuple[float, ...]] = {
    "gopher_word_count": (0, 10, 25, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 100_000),
    "gopher_mean_word_length": (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15),
    "gopher_stop_words": (0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500),
}
#: The tags whose distribution the report draws: ``lang_score`` and every signal a
#: ``filter.quality`` rule reads (true/false signals excepted: a share says it all), so
#: a threshold can be judged against the corpus before it is applied.
SIGNALS: tuple[str, ...] = (
    "lang_score",
    *dict.fromkeys(
        rule.tag for rules in PRESETS.values() for rule in rules if rule.threshold is not True
    ),
)

#: Examples kept per kind (one removal rule, one rejection reason, duplicate pairs).
SAMPLES_PER_KIND = 3
#: Characters of text kept per example: enough to recognise a line or a page opening.
SAMPLE_CHARS = 240
#: Sources counted by name; past twice this many, the smallest are summed as OTHER.
MAX_SOURCES = 1_000
OTHER = "(other sources)"


class Sample(NamedTuple):
    """One example document, line or pair for the report.

    ``rank`` is a hash of what is sampled, and a kind keeps its smallest ranks: the same
    examples come out of any sharding and any merge order, without storing the rest.
    """

    rank: int
    doc_id: str
    text: str
    #: The source of a rejected document; the kept document of a duplicate.
    detail: str = ""
    #: A duplicate's measured similarity to the kept one (``dedup.minhash`` measures it).
    score: float | None = None


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
    #: Per source group (``site:``, ``folder:``, ``file:``): documents in and kept.
    sources_in: Counter[str] = field(default_factory=Counter)
    sources_kept: Counter[str] = field(default_factory=Counter)
    #: ``(source, reason)`` -> rejected documents: why a source loses what it loses.
    source_reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: Per signal of :data:`SIGNALS`, documents per bin: kept ones in the first half of
    #: the list, rejected ones in the second.
    signals: dict[str, list[int]] = field(default_factory=dict)
    #: ``"removed:<stage>.<reason>"``, ``"rejected:<reason>"``, ``"duplicate"`` -> examples,
    #: smallest rank first.
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def add(self, doc: Document) -> None:
        """Count one finished document."""
        self.docs_in += 1
        self.chars_in += len(doc.original)
        self.lengths_in[_length_bin(len(doc.original))] += 1
        self.edits.update(doc.edits)
        kept = doc.rejected is None
        source = source_group(doc, "auto")
        self.sources_in[source] += 1
        for i, removal in enumerate(doc.removed):
            kind = f"{removal.stage}.{removal.reason}"
            self.removals[kind] += 1
            self._sample(f"removed:{kind}", f"{doc.id}:{i}", doc.id, removal.text)
        tags = doc.tags
        for name, edges in _SIGNAL_EDGES:
            value = tags.get(name)
            # Not bool: a true/false signal has no histogram.
            if isinstance(value, int | float) and not isinstance(value, bool):
                counts = self.signals.get(name)
                if counts is None:
                    counts = self.signals[name] = [0] * 2 * len(edges)
                i = max(bisect.bisect_right(edges, value) - 1, 0)
                counts[i if kept else i + len(edges)] += 1
        if kept:
            self.kept += 1
            self.sources_kept[source] += 1
            self.chars_out += len(doc.text)
            self.lengths_out[_length_bin(len(doc.text))] += 1
            self.languages[doc.tags.get("lang", "und")] += 1
        else:
            assert doc.rejected is not None
            reason = family(doc.rejected)
            self.rejected[reason] += 1
            self.source_reasons[(source, reason)] += 1
            if reason == "duplicate_of":
                kept_id = str(doc.tags.get("duplicate_of") or doc.rejected.partition(":")[2])
                score = doc.tags.get("dup_similarity")
                self._sample("duplicate", doc.id, doc.id, doc.text, kept_id, score)
            else:
                self._sample(f"rejected:{reason}", doc.id, doc.id, doc.text or doc.original, source)
        if len(self.sources_in) > 2 * MAX_SOURCES:
            self._fold_sources()

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
            "sources_in",
            "sources_kept",
            "source_reasons",
        ):
            getattr(self, name).update(getattr(other, name))
        for name, counts in other.signals.items():
            mine = self.signals.setdefault(name, [0] * len(counts))
            self.signals[name] = [a + b for a, b in zip(mine, counts, strict=True)]
        self.corpus_stages.update(other.corpus_stages)
        for kind, samples in other.samples.items():
            mine = self.samples.get(kind, [])
            self.samples[kind] = heapq.nsmallest(SAMPLES_PER_KIND, {*mine, *samples})
        if len(self.sources_in) > 2 * MAX_SOURCES:
            self._fold_sources()

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    def _sample(
        self,
        kind: str,
        key: str,
        doc_id: str,
        text: str,
        detail: str = "",
        score: float | None = None,
    ) -> None:
        """Offer one example; it stays if its rank is among the kind's smallest."""
        rank = xxhash.xxh3_64_intdigest(f"{kind}\0{key}".encode("utf-8", "surrogatepass"))
        kept = self.samples.setdefault(kind, [])
        if len(kept) == SAMPLES_PER_KIND and rank >= kept[-1].rank:
            return  # the common case: decided before the text is copied
        if not isinstance(score, int | float) or isinstance(score, bool):
            score = None
        bisect.insort(kept, Sample(rank, doc_id, _clip(text), detail, score))
        del kept[SAMPLES_PER_KIND:]

    def _fold_sources(self) -> None:
        """Keep the :data:`MAX_SOURCES` largest sources by name; sum the rest as OTHER.

        Totals stay exact; only which small sources keep their names can depend on how
        the run was sharded, and only in runs with more than 2,000 sources.
        """
        named = [s for s in self.sources_in if s != OTHER]
        ranked = sorted(named, key=lambda s: (-self.sources_in[s], s))
        folded = set(ranked[MAX_SOURCES:])
        for source in folded:
            self.sources_in[OTHER] += self.sources_in.pop(source)
            self.sources_kept[OTHER] += self.sources_kept.pop(source, 0)
        for source, reason in [key for key in self.source_reasons if key[0] in folded]:
            self.source_reasons[(OTHER, reason)] += self.source_reasons.pop((source, reason))


def signal_edges(name: str) -> tuple[float, ...]:
    """The lower bin edges of one signal's histogram."""
    return COUNT_BINS.get(name, FRACTION_BINS)


def signal_bin(name: str, value: float) -> int:
    """The histogram bin of one signal value (values under the first edge go in bin 0)."""
    return max(bisect.bisect_right(signal_edges(name), value) - 1, 0)


_SIGNAL_EDGES = tuple((name, signal_edges(name)) for name in SIGNALS)


def _length_bin(chars: int) -> int:
    return bisect.bisect_right(LENGTH_BINS, chars) - 1


def _clip(text: str) -> str:
    """The first :data:`SAMPLE_CHARS` characters, runs of white space shown as one space."""
    flat = " ".join(text[: SAMPLE_CHARS * 4].split())
    flat = flat.encode("utf-8", "replace").decode("utf-8")  # a lone surrogate is not JSON
    return flat if len(flat) <= SAMPLE_CHARS else flat[: SAMPLE_CHARS - 1] + "…"
