"""The executor interface and its in-process implementation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Maps a function over shards, yielding results lazily and in shard order."""

    workers: int

    def map(self, fn: Callable[[T], R], shards: Iterable[T]) -> Iterator[R]: ...


class SerialExecutor:
    """Runs everything in this process: for tests, debugging and tiny inputs."""

    workers = 1

    def map(self, fn: Callable[[T], R], shards: Iterable[T]) -> Iterator[R]:
        for shard in shards:
            yield fn(shard)
