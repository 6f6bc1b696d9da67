"""A process pool on this machine: the default executor, no server to start."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The function a worker process runs, installed once by the pool's initializer. This is
# per-process worker state, set before any shard arrives; it is never read in the parent.
_installed: Callable[[Any], Any] | None = None


def _install(fn: Callable[[Any], Any]) -> None:
    global _installed
    _installed = fn


def _call(shard: Any) -> Any:
    assert _installed is not None, "worker was started without a function"
    return _installed(shard)


def cpu_count() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LocalExecutor:
    """Runs shards on a pool of worker processes, at most ``2 * workers`` in flight.

    The bounded window is what keeps memory flat on a corpus of any size: the pool's own
    ``map`` would read every shard ahead of the workers. With one worker the shards run
    in this process, which costs nothing to start and gives the same results.
    """

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers if workers > 0 else cpu_count()

    def map(self, fn: Callable[[T], R], shards: Iterable[T]) -> Iterator[R]:
        if self.workers == 1:
            yield from map(fn, shards)
            return
        window: deque[Future[R]] = deque()
        with ProcessPoolExecutor(self.workers, initializer=_install, initargs=(fn,)) as pool:
            for shard in shards:
                window.append(pool.submit(_call, shard))
                if len(window) >= 2 * self.workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
