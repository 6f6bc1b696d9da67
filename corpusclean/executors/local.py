"""A process pool on this machine: the default executor, no server to start."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The function a worker process runs, installed once by the pool's initializer. This is
# per-process worker state, set before any task arrives; it is never read in the parent.
_installed: Callable[[Any], Any] | None = None


def _install(fn: Callable[[Any], Any]) -> None:
    global _installed
    _installed = fn
    # Ctrl-C reaches the whole process group; the parent stops the workers itself, so a
    # worker must not die mid-write with a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call(task: Any) -> Any:
    assert _installed is not None, "worker was started without a function"
    return _installed(task)


def cpu_count() -> int:
    """Cores this process may use (respects CPU affinity and container limits)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class LocalExecutor:
    """Runs tasks on a pool of worker processes kept for the whole run.

    With one worker the tasks run in this process, which costs nothing to start and gives
    the same results. On Ctrl-C (or any error in the parent) the workers are stopped at
    once: a task's files are written under temporary names and its marker last, so an
    interrupted task is simply redone by ``--resume``.
    """

    def __init__(self, workers: int = 0) -> None:
        self.workers = workers if workers > 0 else cpu_count()
        self._pool: ProcessPoolExecutor | None = None
        self._fn: Callable[[Any], Any] | None = None

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        if self.workers == 1:
            yield from map(fn, tasks)
            return
        pool = self._pool_for(fn)
        pending: set[Future[R]] = set()
        try:
            for task in tasks:
                pending.add(pool.submit(_call, task))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
        except BaseException:
            self._stop()
            raise

    def _pool_for(self, fn: Callable[[Any], Any]) -> ProcessPoolExecutor:
        if self._pool is None or self._fn is not fn:
            self.close()
            self._pool = ProcessPoolExecutor(self.workers, initializer=_install, initargs=(fn,))
            self._fn = fn
        return self._pool

    def _stop(self) -> None:
        """Stop the workers now, without waiting for their tasks."""
        pool, self._pool, self._fn = self._pool, None, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=2)

    def close(self) -> None:
        pool, self._pool, self._fn = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=True)
