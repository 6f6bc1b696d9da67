"""Near-duplicate documents: MinHash signatures in the workers, LSH clusters centrally.

The same article re-published with another footer, a new headline, a few edited
sentences or re-wrapped lines shares most of its word 5-grams with the original; two
articles about the same event, written separately, share almost none (the three seeds
share under 0.1 % of their 5-grams). MinHash estimates that share (the Jaccard similarity of
the shingle sets) from a fixed-size signature, and LSH banding finds the pairs worth
checking without comparing every document to every other.

What it will NOT do: merge documents that quote each other, follow one template, or
cover the same story in other words: those are below the threshold on purpose. It does
not look at documents already rejected (``dedup.exact`` removes verbatim copies first,
more cheaply), and it does not change any text.

Which copy is kept: the longest cleaned text of each cluster (it has the most content,
for example the copy whose extraction kept the whole body), ties broken by input order.
The others are rejected ``duplicate_of:<kept id>``; every member's ``tags`` carry
``dup_cluster`` (the kept document's id, so a cluster id is stable between runs and
worker counts) and ``dup_cluster_size``; a rejected member also gets ``dup_similarity``
(estimated Jaccard to the kept document) and ``dup_matched`` / ``dup_matched_similarity``
(the member it was most similar to, which explains a link through a chain).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple

import numpy as np

from ..document import Document
from ..grouping import Pair, group_starts, mix
from ..reasons import DUPLICATE_OF
from ..stage import StageBase
from .lsh import (
    Clusters,
    band_keys,
    bucket_pairs,
    cluster,
    connected,
    estimated_jaccard,
    exact_jaccard,
    representatives,
    strongest_match,
)
from .shingles import ShingleHasher

VERIFY = ("signature", "exact", "none")
# Shingles per numpy step: bounds the work array at num_perm x 16384 x 4 bytes (8 MB at the
# default), enough for the 32 documents of a pipeline batch of news articles in one step.
_COLUMNS = 16384
_EMPTY = np.iinfo(np.uint32).max
#: A grouped row: one document's bucket in one band (``key`` mixes both, to partition).
_ROW = np.dtype([("key", "<u8"), ("band", "<u8"), ("bucket", "<u8"), ("pos", "<i8")])
#: A row to verify: a candidate document's summary (``other`` -1), or a pair's second
#: document's summary, keyed by the pair's first document.
_VERIFY_ROW = np.dtype([("key", "<u8"), ("pos", "<i8"), ("other", "<i8"), ("summary", "O")])


class MinHashSummary(NamedTuple):
    """What a worker sends to the central step for one document.

    ``signature`` is ``num_perm`` uint32 values as bytes (480 bytes at the default), empty
    for a text without words; ``shingles`` holds the sorted unique 32-bit shingle keys
    only when ``verify="exact"`` (about 4 bytes per word), else it is empty.
    """

    length: int
    signature: bytes
    shingles: bytes = b""


class Member(NamedTuple):
    """One document's place in a cluster of two or more."""

    cluster: str  # id of the kept document
    size: int
    similarity: float  # to the kept document (1.0 for the kept one itself)
    matched: str  # the member it is most similar to
    matched_similarity: float


@dataclass
class NearDuplicates:
    """The central decision: cluster membership of every document in a cluster of 2+."""

    members: dict[str, Member] = field(default_factory=dict)
    candidate_pairs: int = 0
    verified_pairs: int = 0


class MinHasher:
    """``num_perm`` hash functions ``h_i(x) = (a_i * x + b_i) mod 2**32`` over shingle keys.

    Each ``h_i`` (``a_i`` odd) is a permutation of the 32-bit keys. An affine map is a
    weak permutation of structured input (consecutive integers), but the keys come out of
    a murmur3 finalizer and are as good as uniformly random, for which it behaves as a
    random permutation: the estimated Jaccard is unbiased with the textbook spread
    (``tests/test_dedup_minhash.py`` pins this). 32-bit arithmetic is what lets numpy use
    vector instructions (there is no 64-bit vector multiply on common x86 CPUs): it halves
    the cost of the signature against 64-bit multiply-shift hashing.

    ``a_i`` and ``b_i`` come from a seeded PCG64 generator, so every worker and every run
    draws the same functions. All permutations of all shingles are one
    ``num_perm x shingles`` array operation (in column blocks for very long texts);
    :meth:`batch` does the same for the shingles of many documents at once and takes each
    document's minimum with one ``np.minimum.reduceat``, which costs a third of signing
    the documents one by one (numpy's per-call overhead dominates arrays of 400 keys).
    """

    def __init__(self, num_perm: int, seed: int) -> None:
        rng = np.random.Generator(np.random.PCG64(seed))
        self.a = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint32) | np.uint32(1)
        self.b = rng.integers(0, 1 << 32, size=num_perm, dtype=np.uint32)

    def __call__(self, keys: np.ndarray) -> np.ndarray:
        low = np.full(len(self.a), _EMPTY, dtype=np.uint32)
        for lo in range(0, len(keys), _COLUMNS):
            np.minimum(low, self._hashed(keys[lo : lo + _COLUMNS]).min(axis=1), out=low)
        return low

    def batch(self, keys: np.ndarray, offsets: np.ndarray) -> np.ndarray:
        """Signatures of documents whose keys are ``keys[offsets[i]:offsets[i + 1]]``: one
        row per document; a document without keys gets a row of ``2**32 - 1``."""
        count = len(offsets) - 1
        out = np.full((count, len(self.a)), _EMPTY, dtype=np.uint32)
        first = 0
        while first < count:
            # The documents from ``first`` whose keys fit in one block (at least one).
            end = int(np.searchsorted(offsets, offsets[first] + _COLUMNS, side="right")) - 1
            end = min(max(end, first + 1), count)
            lo, hi = int(offsets[first]), int(offsets[end])
            if hi - lo > _COLUMNS:
                out[first] = self(keys[lo:hi])
            elif hi > lo:
                starts = offsets[first:end]
                filled = np.flatnonzero(np.diff(offsets[first : end + 1]))
                mins = np.minimum.reduceat(self._hashed(keys[lo:hi]), starts[filled] - lo, axis=1)
                out[first + filled] = mins.T
            first = end
        return out

    def _hashed(self, keys: np.ndarray) -> np.ndarray:
        """``num_perm x len(keys)``: every permutation of every key."""
        block = self.a[:, None] * keys[None, :]
        block += self.b[:, None]
        return block


@dataclass
class NearDedup(StageBase):
    """Reject near-duplicates of a kept document (MinHash + LSH): ``duplicate_of:<id>``."""

    name: ClassVar[str] = "dedup.minhash"
    #: ``apply`` only rejects and tags, so its decision is applied as the output is written.
    rewrites_text: ClassVar[bool] = False
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {
        "duplicate_of": "str",
        "dup_cluster": "str",
        "dup_cluster_size": "int",
        "dup_similarity": "float",
        "dup_matched": "str",
        "dup_matched_similarity": "float",
    }

    # 5 words: long enough that two separately written texts on one topic share almost no
    # shingle, short enough that one edited word spoils only 5 of them.
    shingle_words: int = field(default=5, metadata={"ge": 1})
    # 120 values = 30 bands x 4 rows; a signature is 480 bytes (480 MB for 1M documents).
    num_perm: int = field(default=120, metadata={"ge": 1})
    # 30 bands of 4 rows: a pair at Jaccard 0.6 becomes a candidate with probability 0.98,
    # at 0.5 with 0.86, at 0.3 with 0.22, at 0.1 with 0.003 (1 - (1 - J**rows) ** bands);
    # verification then drops the candidates under the threshold.
    bands: int = field(default=30, metadata={"ge": 1})
    rows: int = field(default=4, metadata={"ge": 1})
    # Jaccard 0.6 over word 5-grams, measured: a 400-word article with another footer, a
    # new headline and up to three edited sentences scores 0.60 to 0.87 against the
    # original (5th to 95th percentile, benchmarks/dedup.py); separately written articles
    # on the same event score under 0.05 (the seeds under 0.001). At 0.7 a third of those
    # re-publications would be missed.
    threshold: float = field(default=0.6, metadata={"gt": 0, "le": 1})
    # "signature": check candidates on the estimated Jaccard over all num_perm values (no
    # extra memory); "exact": carry the shingle keys and use the true Jaccard (about 4 bytes
    # per word per document centrally: for corpora up to about a million short texts);
    # "none": keep every LSH candidate as it is (fastest, more false positives).
    verify: str = "signature"
    # Seed of the hash functions: change it and every signature changes (re-run everything).
    seed: int = field(default=1, metadata={"ge": 0})

    def __post_init__(self) -> None:
        if self.verify not in VERIFY:
            raise ValueError(f"verify must be one of {', '.join(VERIFY)}, got {self.verify!r}")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ValueError(
                f"bands x rows ({self.bands} x {self.rows}) must be at least 1 and at most "
                f"num_perm ({self.num_perm})"
            )
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold is a Jaccard similarity in (0, 1], got {self.threshold}")
        if self.shingle_words < 1:
            raise ValueError(f"shingle_words must be at least 1, got {self.shingle_words}")

    def setup(self) -> None:
        self._shingles = ShingleHasher(self.shingle_words)
        self._minhash = MinHasher(self.num_perm, self.seed)

    def summarize(self, doc: Document) -> MinHashSummary:
        return self.summarize_batch([doc])[0]

    def summarize_batch(self, docs: Sequence[Document]) -> list[MinHashSummary]:
        """The summaries of a pipeline batch, the shingles and signatures of all its
        documents computed together (the same values as one by one, 3x faster)."""
        keys, offsets = self._shingles.batch([doc.text for doc in docs])
        signatures = self._minhash.batch(keys, offsets)
        bounds = offsets.tolist()
        summaries = []
        for i, doc in enumerate(docs):
            lo, hi = bounds[i], bounds[i + 1]
            if lo == hi:
                summaries.append(MinHashSummary(len(doc.text), b""))
                continue
            exact = np.unique(keys[lo:hi]).tobytes() if self.verify == "exact" else b""
            summaries.append(MinHashSummary(len(doc.text), signatures[i].tobytes(), exact))
        return summaries

    def decide(self, summaries: Iterable[tuple[str, MinHashSummary]]) -> NearDuplicates:
        """Cluster all documents; positions follow input order, so ties break by it.

        The summaries are read once, as a stream, into packed arrays (the signature's
        bytes, one length), so the central memory is about ``4 * num_perm`` bytes per
        document plus its id, with no Python object per document kept.
        """
        ids: list[str] = []
        packed = bytearray()
        lengths_list = array("q")
        active_list = bytearray()
        sets: list[np.ndarray] | None = [] if self.verify == "exact" else None
        blank = bytes(4 * self.num_perm)
        for doc_id, summary in summaries:
            ids.append(doc_id)
            lengths_list.append(summary.length)
            active_list.append(1 if summary.signature else 0)
            packed += summary.signature or blank
            if sets is not None:
                sets.append(np.frombuffer(summary.shingles, dtype=np.uint32))
        signatures = np.frombuffer(packed, dtype=np.uint32).reshape(len(ids), self.num_perm)
        lengths = np.frombuffer(lengths_list, dtype=np.int64)
        active = np.frombuffer(bytes(active_list), dtype=np.uint8).astype(bool)
        threshold = None if self.verify == "none" else self.threshold
        found = cluster(signatures, lengths, active, self.bands, self.rows, threshold, sets)
        return self._members(ids, signatures, found, sets)

    def _members(
        self,
        ids: list[str],
        signatures: np.ndarray,
        found: Clusters,
        sets: list[np.ndarray] | None,
    ) -> NearDuplicates:
        keeper = found.keeper
        sizes = np.bincount(keeper, minlength=len(ids))
        clustered = np.flatnonzero(sizes[keeper] > 1)
        pairs = np.stack((clustered, keeper[clustered]), axis=1)
        if sets is not None:
            sims = exact_jaccard(sets, pairs)
        else:
            sims = estimated_jaccard(signatures, pairs)
        match, match_sim = strongest_match(len(ids), found.edges, found.weights)
        members = {
            ids[i]: Member(
                cluster=ids[keeper[i]],
                size=int(sizes[keeper[i]]),
                similarity=round(float(sim), 3),
                matched=ids[match[i]],
                matched_similarity=round(float(match_sim[i]), 3),
            )
            for i, sim in zip(clustered.tolist(), sims.tolist(), strict=True)
        }
        return NearDuplicates(members, found.candidates, len(found.edges))

    # The grouped form of ``decide`` (corpusclean.grouping), in two rounds. Round 0 groups
    # on (band, bucket) to the same candidate pairs as ``lsh.candidate_pairs``. Round 1
    # verifies them where the summaries are: each pair's row carries the summary of its
    # second document to the partition of its first, which also receives the first's
    # summary. Only the verified pairs come back, and the decision is built from the
    # summaries of the documents in them (those in a cluster), fetched by position.
    group_rounds: ClassVar[int] = 2

    def group_rows(
        self, summaries: Sequence[Pair], positions: np.ndarray, round_: int, context: Any
    ) -> np.ndarray:
        if round_ == 1:
            return self._verify_rows(summaries, positions, context)
        active = [k for k, (_, s) in enumerate(summaries) if s.signature]
        if not active:
            return np.empty(0, dtype=_ROW)
        signatures = np.frombuffer(
            b"".join(summaries[k][1].signature for k in active), dtype=np.uint32
        ).reshape(len(active), self.num_perm)
        where = positions[np.asarray(active, dtype=np.int64)]
        rows = np.empty((self.bands, len(active)), dtype=_ROW)
        for band in range(self.bands):
            rows["band"][band] = band
            rows["bucket"][band] = band_keys(signatures, band, self.rows)
            rows["pos"][band] = where
        rows = rows.reshape(-1)
        rows["key"] = mix(rows["band"], rows["bucket"])
        return rows

    def _verify_rows(
        self, summaries: Sequence[Pair], positions: np.ndarray, pairs: np.ndarray
    ) -> np.ndarray:
        """A row per candidate document here (``other`` -1) and per pair whose second
        document is here, keyed by the pair's first document."""
        firsts = np.unique(pairs[:, 0][np.isin(pairs[:, 0], positions)])
        seconds = pairs[np.isin(pairs[:, 1], positions)]
        here = [summaries[k][1] for k in np.searchsorted(positions, firsts).tolist()]
        there = [summaries[k][1] for k in np.searchsorted(positions, seconds[:, 1]).tolist()]
        rows = np.empty(len(firsts) + len(seconds), dtype=_VERIFY_ROW)
        rows["pos"] = np.concatenate((firsts, seconds[:, 0]))
        rows["other"] = np.concatenate((np.full(len(firsts), -1), seconds[:, 1]))
        rows["summary"] = here + there
        rows["key"] = mix(rows["pos"].view(np.uint64))
        return rows

    def group_reduce(self, rows: np.ndarray, round_: int, context: Any) -> Any:
        """Round 0: candidate position pairs of the buckets in ``rows`` (the star and chain
        edges of ``lsh.bucket_pairs``), sorted and unique. Round 1: ``(pairs, similarity)``
        of the candidate pairs in ``rows`` that pass verification."""
        if round_ == 1:
            return self._verify(rows)
        rows = rows[np.lexsort((rows["pos"], rows["bucket"], rows["band"]))]
        bucket = np.cumsum(group_starts(rows["band"], rows["bucket"]))
        pairs = rows["pos"][bucket_pairs(bucket, np.ones(len(rows), dtype=bool))]
        return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)

    def _verify(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        node = rows[rows["other"] < 0]
        edge = rows[rows["other"] >= 0]
        first = dict(zip(node["pos"].tolist(), node["summary"], strict=True))
        summaries = [first[i] for i in edge["pos"].tolist()] + list(edge["summary"])
        n = len(edge)
        index = np.stack((np.arange(n), np.arange(n, 2 * n)), axis=1).reshape(-1, 2)
        if self.verify == "exact":
            sets = [np.frombuffer(s.shingles, dtype=np.uint32) for s in summaries]
            sims = exact_jaccard(sets, index)
        else:
            signatures = np.frombuffer(
                b"".join(s.signature for s in summaries), dtype=np.uint32
            ).reshape(2 * n, self.num_perm)
            sims = estimated_jaccard(signatures, index)
        pairs = np.stack((edge["pos"], edge["other"]), axis=1).reshape(-1, 2)
        keep = sims >= self.threshold if self.verify != "none" else np.ones(n, dtype=bool)
        return pairs[keep], sims[keep]

    def group_combine(self, partials: list[Any], round_: int, context: Any) -> Any:
        if round_ == 1:  # (candidates, verified pairs in input order, their similarity)
            pairs = np.concatenate([p for p, _ in partials])
            sims = np.concatenate([s for _, s in partials])
            order = np.lexsort((pairs[:, 1], pairs[:, 0]))
            return len(context), pairs[order], sims[order]
        pairs = np.concatenate(partials)
        return np.unique(pairs, axis=0) if len(pairs) else pairs

    def group_wanted(self, context: Any) -> np.ndarray:
        return np.unique(context[1])

    def group_decision(self, context: Any, found: dict[int, Pair]) -> NearDuplicates:
        candidates, pairs, sims = context
        nodes = np.unique(pairs)  # in input order, so ties break as in ``decide``
        rows = [found[pos] for pos in nodes.tolist()]
        ids = [doc_id for doc_id, _ in rows]
        signatures = np.frombuffer(b"".join(s.signature for _, s in rows), dtype=np.uint32)
        signatures = signatures.reshape(len(rows), self.num_perm)
        lengths = np.fromiter((s.length for _, s in rows), dtype=np.int64, count=len(rows))
        sets = None
        if self.verify == "exact":
            sets = [np.frombuffer(s.shingles, dtype=np.uint32) for _, s in rows]
        edges = np.searchsorted(nodes, pairs).reshape(-1, 2)
        keeper = representatives(connected(len(nodes), edges), lengths)
        return self._members(ids, signatures, Clusters(keeper, edges, sims, candidates), sets)

    def rejected_ids(self, decision: NearDuplicates) -> Collection[str]:
        """The documents ``apply`` will reject, for the decisions that follow in one pass."""
        return {doc_id for doc_id, m in decision.members.items() if m.cluster != doc_id}

    def apply(self, doc: Document, decision: NearDuplicates) -> Document:
        member = decision.members.get(doc.id)
        if member is None:
            return doc
        doc.tags["dup_cluster"] = member.cluster
        doc.tags["dup_cluster_size"] = member.size
        if member.cluster != doc.id:
            doc.tags["duplicate_of"] = member.cluster
            doc.tags["dup_similarity"] = member.similarity
            doc.tags["dup_matched"] = member.matched
            doc.tags["dup_matched_similarity"] = member.matched_similarity
            doc.reject(f"{DUPLICATE_OF}{member.cluster}")
        return doc

    def describe(self, decision: NearDuplicates) -> dict[str, Any]:
        """Counts, and ``cluster_sizes``: documents per cluster -> clusters of that size."""
        sizes = [m.size for k, m in decision.members.items() if m.cluster == k]
        return {
            "clusters": len(sizes),
            "duplicates": len(decision.members) - len(sizes),
            "largest_cluster": max(sizes, default=0),
            "candidate_pairs": decision.candidate_pairs,
            "verified_pairs": decision.verified_pairs,
            "cluster_sizes": {str(k): v for k, v in sorted(Counter(sizes).items())},
        }
