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


def _grouped(
    ray: Any,
    actors: Sequence[Any],
    stage: Any,
    index: int,
    files: Sequence[Path],
    gone: Collection[str],
) -> Any:
    parts = len(actors)
    stage_ref, gone_ref = ray.put(stage), ray.put(frozenset(gone))
    context: Any = None
    for round_ in range(stage.group_rounds):
        context_ref = ray.put(context)
        cut = []
        for shard, path in enumerate(files):
            host = actors[shard % len(actors)]
            refs = host.call.options(num_returns=parts).remote(
                _map, path, shard, index, stage_ref, gone_ref, round_, context_ref, parts
            )
            cut.append(refs if parts > 1 else [refs])
        reduced = [
            actors[p].call.remote(
                _reduce, stage_ref, round_, context_ref, *(refs[p] for refs in cut)
            )
            for p in range(parts)
        ]
        context = stage.group_combine(ray.get(reduced), round_, context)
        del cut, reduced  # the rows of this round can leave the object store
    wanted = by_shard(stage.group_wanted(context))
    found: dict[int, Pair] = {}
    asked = [
        actors[shard % len(actors)].call.remote(_lookup, files[shard], shard, index, picks)
        for shard, picks in wanted.items()
    ]
    for part in ray.get(asked):
        found.update(part)
    return stage.group_decision(context, found)


def _summaries(path: Path, index: int) -> list[Pair]:
    with path.open("rb") as fh:
        return pickle.load(fh).get(index, [])


def _map(
    path: Path,
    shard: int,
    index: int,
    stage: Any,
    gone: Collection[str],
    round_: int,
    context: Any,
    parts: int,
) -> Any:
    """In an actor: one shard's rows for one round, as ``parts`` objects."""
    pieces = map_shard(stage, shard, _summaries(path, index), gone, round_, context, parts)
    return tuple(pieces) if parts > 1 else pieces[0]


def _reduce(stage: Any, round_: int, context: Any, *pieces: Any) -> Any:
    """In an actor: one partition's result from its piece of every shard."""
    return reduce_partition(stage, pieces, round_, context)


def _lookup(path: Path, shard: int, index: int, wanted: list[int]) -> dict[int, Pair]:
    """In an actor: the ``(id, summary)`` pairs of one shard's wanted positions."""
    return lookup(_summaries(path, index), shard, wanted)


def _stream(files: Sequence[Path], index: int, gone: Collection[str]) -> Iterator[Pair]:
    for path in files:
        for pair in _summaries(path, index):
            if pair[0] not in gone:
                yield pair
