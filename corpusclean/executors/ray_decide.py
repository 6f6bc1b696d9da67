"""The corpus stages' decisions on the Ray actor pool: summaries never reach the driver.

Each summary file (one per shard, written by the worker that ran the shard) is read by
an actor, which turns it into grouped rows cut into partitions (:mod:`corpusclean.grouping`).
The partitions stay in Ray's object store (spilled to disk when large) and go straight
to the actors that reduce them; the driver receives each partition's result, which is
proportional to the duplicates found, fetches the few summaries the decision needs by
position, and builds the same decision object as the stage's ``decide``. A corpus stage
without the grouped form is decided as in the local run, its summaries streamed from the
files through the driver.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..grouping import Pair, by_shard, is_grouped, lookup, map_shard, reduce_partition
from ..report.stats import RunStats


def decide(
    ray: Any,
    actors: Sequence[Any],
    stages: Sequence[Any],
    indices: Sequence[int],
    summary_files: Sequence[Path],
    stats: RunStats,
) -> dict[int, Any]:
    """Each stage's decision, in order; each sees only the documents the earlier keep
    (as ``pipeline.decide`` does). ``summary_files[k]`` is shard ``k``'s file."""
    decisions: dict[int, Any] = {}
    gone: set[str] = set()
    for i in indices:
        stage = stages[i]
        start = time.perf_counter()
        if is_grouped(stage):
            decision = _grouped(ray, actors, stage, i, summary_files, gone)
        else:
            decision = stage.decide(_stream(summary_files, i, gone))
        decisions[i] = decision
        gone.update(getattr(stage, "rejected_ids", lambda _: ())(decision))
        stats.stage_seconds[stage.name] += time.perf_counter() - start
        stats.corpus_stages[stage.name] = stage.describe(decision)
    return decisions


#: At most this many partitions (reducers): each map call makes one object per partition.
_MAX_PARTS = 64
#: Map and lookup calls per actor per round: each reads a run of consecutive shards, so
#: the object store holds calls x partitions objects, not shards x partitions.
_CALLS_PER_ACTOR = 4


def _grouped(
    ray: Any,
    actors: Sequence[Any],
    stage: Any,
    index: int,
    files: Sequence[Path],
    gone: Collection[str],
) -> Any:
    parts = min(len(actors), _MAX_PARTS)
    runs = _runs(list(enumerate(files)), len(actors) * _CALLS_PER_ACTOR)
    stage_ref, gone_ref = ray.put(stage), ray.put(frozenset(gone))
    context: Any = None
    for round_ in range(stage.group_rounds):
        context_ref = ray.put(context)
        cut = []
        for k, run in enumerate(runs):
            refs = (
                actors[k % len(actors)]
                .call.options(num_returns=parts)
                .remote(_map, run, index, stage_ref, gone_ref, round_, context_ref, parts)
            )
            cut.append(refs if parts > 1 else [refs])
        reduced = [
            actors[p % len(actors)].call.remote(
                _reduce, stage_ref, round_, context_ref, *(refs[p] for refs in cut)
            )
            for p in range(parts)
        ]
        context = stage.group_combine(ray.get(reduced), round_, context)
        del cut, reduced  # this round's rows may leave the object store
    wanted = by_shard(stage.group_wanted(context))
    asking = [(shard, files[shard], picks) for shard, picks in sorted(wanted.items())]
    asked = [
        actors[k % len(actors)].call.remote(_lookup, run, index)
        for k, run in enumerate(_runs(asking, len(actors) * _CALLS_PER_ACTOR))
    ]
    found: dict[int, Pair] = {}
    for part in ray.get(asked):
        found.update(part)
    return stage.group_decision(context, found)


def _runs(items: list[Any], count: int) -> list[list[Any]]:
    """``items`` cut into at most ``count`` runs of consecutive items."""
    size = -(-len(items) // count) if items else 1
    return [items[k : k + size] for k in range(0, len(items), size)]


def _summaries(path: Path, index: int) -> list[Pair]:
    with path.open("rb") as fh:
        return pickle.load(fh).get(index, [])


def _map(
    run: list[tuple[int, Path]],
    index: int,
    stage: Any,
    gone: Collection[str],
    round_: int,
    context: Any,
    parts: int,
) -> Any:
    """In an actor: a run of shards' rows for one round, as ``parts`` objects."""
    cut = [
        map_shard(stage, shard, _summaries(path, index), gone, round_, context, parts)
        for shard, path in run
    ]
    pieces = [np.concatenate([c[p] for c in cut]) for p in range(parts)]
    return tuple(pieces) if parts > 1 else pieces[0]


def _reduce(stage: Any, round_: int, context: Any, *pieces: Any) -> Any:
    """In an actor: one partition's result from its piece of every map call."""
    return reduce_partition(stage, pieces, round_, context)


def _lookup(run: list[tuple[int, Path, list[int]]], index: int) -> dict[int, Pair]:
    """In an actor: the ``(id, summary)`` pairs of the wanted positions of some shards."""
    found: dict[int, Pair] = {}
    for shard, path, wanted in run:
        found.update(lookup(_summaries(path, index), shard, wanted))
    return found


def _stream(files: Sequence[Path], index: int, gone: Collection[str]) -> Iterator[Pair]:
    for path in files:
        for pair in _summaries(path, index):
            if pair[0] not in gone:
                yield pair
