"""Near-duplicate clusters from MinHash signatures: LSH banding, verification, union-find.

This module sees only numbers (a signature matrix, text lengths), never documents, so it
is what runs centrally and what has to fit in memory for a million documents: the
signature matrix (``N x num_perm`` uint32, 480 MB at 1M x 120) plus arrays of ``N``
integers per band. Every step is a numpy operation over all documents at once except the
union-find, which loops over the verified pairs only.

Candidates. A band is ``rows`` consecutive signature values; two documents that agree on
all values of any band are candidates. Within a bucket of documents sharing a band, each
member is paired with the bucket's first member (in input order) and with its predecessor
in the bucket: ``2 * (size - 1)`` pairs instead of ``size**2 / 2``, so a bucket of ten
thousand template pages cannot blow up the run. An edge missed this way inside a bucket
is found through another band or through the pairs kept (union-find is transitive).

Verification. A candidate from one band is only a hint; the pair is kept if the share of
all ``num_perm`` signature positions on which the two agree (an unbiased estimate of their
Jaccard similarity, standard error about 0.045 at 0.6 with 120 permutations) reaches the
threshold. With exact shingle sets (``exact_sets``) the true Jaccard is used instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_U64 = np.uint64
_PAIR_CHUNK = 65536  # pairs verified per numpy step: 65536 x 120 bytes of comparisons


def band_keys(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One 64-bit key per document for the values of ``band`` (rows ``band*rows`` on)."""
    cols = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
    start = ((band + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF  # a different key per band
    key = np.full(len(signatures), start, dtype=np.uint64)
    for j in range(rows):
        key ^= cols[:, j]
        key *= _U64(0xBF58476D1CE4E5B9)
        key ^= key >> _U64(31)
    return key


def bucket_pairs(keys: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Candidate pairs ``(i, j)`` with ``i < j`` among documents whose keys are equal.

    ``active`` masks out documents that take no part (no shingles). Returns an
    ``(M, 2)`` int64 array; each bucket gives star edges to its first member and chain
    edges to each member's predecessor.
    """
    index = np.flatnonzero(active)
    order = index[np.argsort(keys[index], kind="stable")]  # equal keys stay in input order
    sorted_keys = keys[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    first = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    follower = np.flatnonzero(~starts)
    star = np.stack((first[follower], order[follower]), axis=1)
    chain = np.stack((order[follower - 1], order[follower]), axis=1)
    chain = chain[chain[:, 0] != first[follower]]  # already a star edge
    return np.concatenate((star, chain))


def candidate_pairs(
    signatures: np.ndarray, bands: int, rows: int, active: np.ndarray
) -> np.ndarray:
    """Unique candidate pairs over all bands, sorted, as an ``(M, 2)`` int64 array."""
    n = len(signatures)
    codes = [
        pairs[:, 0] * n + pairs[:, 1]
        for band in range(bands)
        if len(pairs := bucket_pairs(band_keys(signatures, band, rows), active))
    ]
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    unique = np.unique(np.concatenate(codes))
    return np.stack((unique // n, unique % n), axis=1)


def estimated_jaccard(signatures: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Share of signature positions on which each pair agrees (float32 per pair)."""
    out = np.empty(len(pairs), dtype=np.float32)
    for lo in range(0, len(pairs), _PAIR_CHUNK):
        chunk = pairs[lo : lo + _PAIR_CHUNK]
        same = signatures[chunk[:, 0]] == signatures[chunk[:, 1]]
        out[lo : lo + _PAIR_CHUNK] = same.mean(axis=1)
    return out


def exact_jaccard(sets: Sequence[np.ndarray], pairs: np.ndarray) -> np.ndarray:
    """True Jaccard of each pair's sorted unique shingle keys."""
    out = np.empty(len(pairs), dtype=np.float32)
    for k, (i, j) in enumerate(pairs.tolist()):
        a, b = sets[i], sets[j]
        inter = len(np.intersect1d(a, b, assume_unique=True))
        union = len(a) + len(b) - inter
        out[k] = inter / union if union else 0.0
    return out


@dataclass
class Clusters:
    """Connected components of the verified pairs, over document positions.

    ``keeper[i]`` is the position of the document kept for ``i``'s cluster (``i`` itself
    for a document in no pair). ``edges`` are the verified pairs, ``weights`` their
    similarity; ``candidates`` counts the pairs that banding proposed.
    """

    keeper: np.ndarray
    edges: np.ndarray
    weights: np.ndarray
    candidates: int


def connected(n: int, edges: np.ndarray) -> np.ndarray:
    """Union-find over ``edges``: the smallest member position of each node's component.

    Only the documents that appear in an edge enter the Python loop; all others are
    their own component without being visited.
    """
    component = np.arange(n, dtype=np.int64)
    if not len(edges):
        return component
    nodes = np.unique(edges)  # sorted, so a smaller local index is a smaller position
    local = np.searchsorted(nodes, edges)
    parent = list(range(len(nodes)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    for a, b in local.tolist():
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    roots = np.fromiter((find(i) for i in range(len(nodes))), dtype=np.int64, count=len(nodes))
    component[nodes] = nodes[roots]
    return component


def representatives(component: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """For each document, the position of its component's longest member (ties: first)."""
    # Sort by (component, -length, position): the first of each component is its keeper.
    order = np.lexsort((np.arange(len(component)), -lengths.astype(np.int64), component))
    comp_sorted = component[order]
    starts = np.ones(len(order), dtype=bool)
    starts[1:] = comp_sorted[1:] != comp_sorted[:-1]
    keeper = order[np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))]
    out = np.empty(len(component), dtype=np.int64)
    out[order] = keeper
    return out


def cluster(
    signatures: np.ndarray,
    lengths: np.ndarray,
    active: np.ndarray,
    bands: int,
    rows: int,
    threshold: float | None,
    exact_sets: Sequence[np.ndarray] | None = None,
) -> Clusters:
    """Band, verify and join: the whole central step over positions ``0..N-1``.

    ``active`` marks the documents that have shingles; ``threshold=None`` keeps every
    candidate pair unverified (what plain LSH does); ``exact_sets`` switches verification
    from the signature estimate to the true Jaccard of the shingle sets.
    """
    pairs = candidate_pairs(signatures, bands, rows, active)
    if exact_sets is not None:
        sims = exact_jaccard(exact_sets, pairs)
    else:
        sims = estimated_jaccard(signatures, pairs)
    if threshold is not None:
        keep = sims >= threshold
        pairs, sims, candidates = pairs[keep], sims[keep], len(pairs)
    else:
        candidates = len(pairs)
    component = connected(len(signatures), pairs)
    return Clusters(representatives(component, lengths), pairs, sims, candidates)


def strongest_match(
    n: int, edges: np.ndarray, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each position, the neighbour of its most similar verified edge (-1 if none)."""
    match = np.full(n, -1, dtype=np.int64)
    best = np.zeros(n, dtype=np.float32)
    if len(edges):
        node = np.concatenate((edges[:, 0], edges[:, 1]))
        other = np.concatenate((edges[:, 1], edges[:, 0]))
        weight = np.concatenate((weights, weights))
        order = np.lexsort((other, -weight, node))  # per node: highest weight, then first
        first = np.ones(len(order), dtype=bool)
        first[1:] = node[order][1:] != node[order][:-1]
        chosen = order[first]
        match[node[chosen]] = other[chosen]
        best[node[chosen]] = weight[chosen]
    return match, best
