"""Grouped decisions: a corpus stage's ``decide`` as map, group by key, reduce.

A corpus stage's ``decide`` reads every summary in one process: at a hundred million
documents no process can. Each built-in decision is really a grouping: exact duplicates
share a digest, near-duplicate candidates share an LSH bucket of one band, template lines
share a (source group, line hash). A stage that also has the optional methods of
:class:`GroupedStage` can therefore decide in rounds, spread over many workers:

1. **map**, per shard: ``group_rows`` turns the shard's summaries into numpy rows with a
   ``key`` field (a well-mixed 64-bit hash of what the rows are grouped on);
2. **shuffle**: the rows are cut by ``key`` into partitions, so all rows of one group
   meet in one partition;
3. **reduce**, per partition: ``group_reduce`` returns what the groups found (duplicate
   pairs, candidate pairs, counts), which is small: it is proportional to the duplicates
   found, not to the documents;
4. **combine**, centrally: ``group_combine`` joins the partitions' results into the
   round's context, which the next round's map and reduce receive;
5. **lookup and decide**: ``group_wanted`` names the documents the decision needs by
   their position, their ``(id, summary)`` pairs are fetched from their shards, and
   ``group_decision`` builds the same decision object ``decide`` returns.

A document's *position* is ``shard << 32 | index in the shard``: it sorts in input order,
so ties break as in ``decide`` and the decision is the same. :func:`decide_grouped` runs
the rounds in this process over summaries in memory (what the tests compare with
``decide``); :mod:`corpusclean.executors.ray_decide` runs the same functions on a Ray
actor pool, over the summary files the workers wrote.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, ClassVar, Protocol, runtime_checkable

import numpy as np

Pair = tuple[str, Any]
"""``(doc_id, summary)``, as a corpus stage's ``decide`` receives them."""

_SHIFT = 32
_LOW = (1 << _SHIFT) - 1


@runtime_checkable
class GroupedStage(Protocol):
    """The optional distributed form of a corpus stage's ``decide`` (same decision)."""

    #: How many map-shuffle-reduce rounds the decision takes.
    group_rounds: ClassVar[int]

    def group_rows(
        self, summaries: Sequence[Pair], positions: np.ndarray, round_: int, context: Any
    ) -> np.ndarray:
        """One shard's rows: a structured array with a uint64 ``key`` field."""
        ...

    def group_reduce(self, rows: np.ndarray, round_: int, context: Any) -> Any:
        """What the groups in ``rows`` (every row of each group present) found."""
        ...

    def group_combine(self, partials: list[Any], round_: int, context: Any) -> Any:
        """The round's context, from every partition's result."""
        ...

    def group_wanted(self, context: Any) -> np.ndarray:
        """The positions whose ``(id, summary)`` the decision needs (sorted, unique)."""
        ...

    def group_decision(self, context: Any, found: dict[int, Pair]) -> Any:
        """The decision, equal to what ``decide`` returns over all summaries."""
        ...


def is_grouped(stage: object) -> bool:
    return isinstance(stage, GroupedStage)


def positions(shard: int, count: int) -> np.ndarray:
    """The positions of a shard's ``count`` summaries (input order across shards)."""
    return (np.int64(shard) << np.int64(_SHIFT)) + np.arange(count, dtype=np.int64)


def split_position(pos: int) -> tuple[int, int]:
    """``(shard, index in the shard)`` of a position."""
    return pos >> _SHIFT, pos & _LOW


def mix(*columns: np.ndarray) -> np.ndarray:
    """A well-mixed uint64 per row from uint64 columns (a splitmix64 finalizer per step),
    for partitioning: rows that agree on every column get the same key."""
    key = np.full(len(columns[0]), 0x9E3779B97F4A7C15, dtype=np.uint64)
    for column in columns:
        key ^= column.astype(np.uint64, copy=False)
        key *= np.uint64(0xBF58476D1CE4E5B9)
        key ^= key >> np.uint64(31)
        key *= np.uint64(0x94D049BB133111EB)
        key ^= key >> np.uint64(29)
    return key


def group_starts(*columns: np.ndarray) -> np.ndarray:
    """Over rows sorted by ``columns``: True where a new group (of equal values) begins."""
    n = len(columns[0])
    starts = np.zeros(n, dtype=bool)
    if n:
        starts[0] = True
        for column in columns:
            starts[1:] |= column[1:] != column[:-1]
    return starts


def partition(rows: np.ndarray, parts: int) -> list[np.ndarray]:
    """Cut rows into ``parts`` by key: every row of one group lands in the same part."""
    which = rows["key"] % np.uint64(parts)
    return [rows[which == np.uint64(p)] for p in range(parts)]


def map_shard(
    stage: Any,
    shard: int,
    summaries: Sequence[Pair],
    gone: Collection[str],
    round_: int,
    context: Any,
    parts: int,
) -> list[np.ndarray]:
    """One shard's rows for one round, cut into ``parts`` partitions.

    Summaries of documents in ``gone`` (rejected by an earlier decision of the same pass)
    take no part, as in ``decide``; the others keep their positions.
    """
    where = positions(shard, len(summaries))
    if gone:
        alive = [k for k, (doc_id, _) in enumerate(summaries) if doc_id not in gone]
        summaries = [summaries[k] for k in alive]
        where = where[np.asarray(alive, dtype=np.int64)]
    return partition(stage.group_rows(summaries, where, round_, context), parts)


def reduce_partition(stage: Any, pieces: Sequence[np.ndarray], round_: int, context: Any) -> Any:
    """One partition's result, from its pieces of every shard."""
    return stage.group_reduce(np.concatenate(pieces), round_, context)


def lookup(summaries: Sequence[Pair], shard: int, wanted: Sequence[int]) -> dict[int, Pair]:
    """The ``(id, summary)`` pairs of the wanted positions of one shard."""
    base = shard << _SHIFT
    return {base | k: summaries[k] for k in wanted}


def by_shard(wanted: np.ndarray) -> dict[int, list[int]]:
    """The wanted positions as ``{shard: [index in the shard, ...]}``."""
    out: dict[int, list[int]] = {}
    for pos in wanted.tolist():
        shard, k = split_position(pos)
        out.setdefault(shard, []).append(k)
    return out


def decide_grouped(
    stage: Any, shards: Sequence[Sequence[Pair]], gone: Collection[str] = (), parts: int = 4
) -> Any:
    """The stage's decision by grouping, in this process, over each shard's summaries."""
    context: Any = None
    for round_ in range(stage.group_rounds):
        cut = [
            map_shard(stage, k, summaries, gone, round_, context, parts)
            for k, summaries in enumerate(shards)
        ]
        partials = [
            reduce_partition(stage, [pieces[p] for pieces in cut], round_, context)
            for p in range(parts)
        ]
        context = stage.group_combine(partials, round_, context)
    found: dict[int, Pair] = {}
    for shard, wanted in by_shard(stage.group_wanted(context)).items():
        found.update(lookup(shards[shard], shard, wanted))
    return stage.group_decision(context, found)
