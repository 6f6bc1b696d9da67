"""The executor interface and its in-process implementation."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs a function over tasks and yields each result as it is ready.

    Tasks are small descriptions of work (a shard and a step): a worker reads and writes
    the data itself, so results are small too. Results may come in any order; callers
    that need an order carry it in the result. ``fn`` is the same object for every call
    of one run, so an executor may install it in its workers once and keep them (one
    pool per run, not per pass). ``close`` releases the workers.
    """

    workers: int

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Runs everything in this process: for tests, debugging and tiny inputs."""

    workers = 1

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        for task in tasks:
            yield fn(task)

    def close(self) -> None:
        return None
