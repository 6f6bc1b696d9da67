"""Executors run one function over tasks and yield the results as they are ready.

They know nothing of stages or documents: ``Executor.map(fn, tasks)``. ``fn`` is
installed once per worker (so a stage's ``setup`` runs once per worker, not per task),
and each task reads and writes its own files, so only small results travel. The output
does not depend on which worker ran what, which is what makes it byte-identical
whatever the number of workers.
"""

from __future__ import annotations

from ..errors import ConfigError
from .base import Executor, SerialExecutor
from .local import LocalExecutor

EXECUTORS = ("serial", "local", "ray")


def make_executor(kind: str = "local", workers: int = 0) -> Executor:
    """Build an executor by name; ``workers=0`` means all cores."""
    if kind == "serial":
        return SerialExecutor()
    if kind == "local":
        return LocalExecutor(workers)
    if kind == "ray":
        from .ray import RayExecutor

        return RayExecutor(workers)
    raise ConfigError(f"unknown executor {kind!r} (choose one of: {', '.join(EXECUTORS)})")


__all__ = ["EXECUTORS", "Executor", "LocalExecutor", "SerialExecutor", "make_executor"]
