"""Ray: the same run on a cluster, with no document through the driver.

Imported only when ``--executor ray`` is chosen. The driver connects to the cluster named
by ``RAY_ADDRESS`` when it is set, else starts a local Ray instance with ``workers`` CPUs
(all of them for 0). A run keeps one pool of actors from its first task to its end: each
actor holds the installed function (the job's ``Worker``, so stage ``setup`` runs once
per actor), runs a task by reading and writing its shard's files itself, and returns the
task's counts. The same actors compute the corpus stages' grouped decisions between
passes (:mod:`corpusclean.executors.ray_decide`), so only what those decisions find
reaches the driver.

Why actors rather than Ray Data's ``map_batches``: a Ray Data actor pool lives for one
dataset execution, and a run needs one execution per pass with decisions in between, so
it would set every stage up again in every pass; the decisions would need a second set
of workers besides. A task is a few hundred bytes (a shard's file names) and a result
its counts, so Ray Data's streaming of blocks has nothing to stream here.

Failures: a task whose actor dies (killed, out of memory, node lost) is retried on the
restarted actor (``max_retries`` restarts and retries per actor); tasks are idempotent
(their files are written under temporary names, their marker last). An exception raised
by a task is not retried: it ends the run with the worker's traceback, and the worker's
own output is printed by Ray on the driver. Finished tasks are kept for ``--resume``.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ConfigError, MissingDependencyError
from ..report.stats import RunStats

T = TypeVar("T")
R = TypeVar("R")

#: A JSON ``runtime_env`` for the workers (e.g. ``{"py_modules": [...], "pip": [...]}``),
#: used when this process starts or joins Ray itself (not inside ``ray job submit``,
#: whose own ``--runtime-env-json`` applies).
RUNTIME_ENV_VAR = "CORPUSCLEAN_RAY_RUNTIME_ENV"
#: Tasks waiting on each actor, so that none idles between two tasks.
_QUEUED = 2


class _Host:
    """One worker of the pool: the installed function, and a way to run any other."""

    def __init__(self, fn: Callable[[Any], Any] | None, cwd: str) -> None:
        # Relative input and output paths name the same files as in the driver when its
        # working directory exists here (always on one machine; on a shared filesystem).
        if os.path.isdir(cwd):
            os.chdir(cwd)
        self.fn = fn

    def run(self, task: Any) -> Any:
        assert self.fn is not None, "actor was started without a function"
        return self.fn(task)

    def call(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

    def pid(self) -> int:
        return os.getpid()


class RayExecutor:
    """Runs tasks on a pool of Ray actors kept for the whole run."""

    def __init__(
        self, workers: int = 0, runtime_env: dict[str, Any] | None = None, max_retries: int = 3
    ) -> None:
        try:
            import ray
        except ImportError:
            raise MissingDependencyError("ray", "ray") from None
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            env = runtime_env if runtime_env is not None else _runtime_env_from_environment()
            address = os.environ.get("RAY_ADDRESS")
            if address:
                ray.init(address=address, runtime_env=env)
            else:
                ray.init(num_cpus=workers or None, runtime_env=env)
            self._started = True
        cpus = int(ray.cluster_resources().get("CPU", 1))
        # An actor holds one CPU: more actors than CPUs would wait forever for one.
        self.workers = min(workers, cpus) if workers > 0 else cpus
        retries = {"max_restarts": max_retries, "max_task_retries": max_retries}
        self._remote = ray.remote(num_cpus=1, **retries)(_Host)
        self._actors: list[Any] = []
        self._fn: Callable[[Any], Any] | None = None

    @property
    def actors(self) -> list[Any]:
        """The pool's actor handles (for the grouped decisions and for tests)."""
        return self._actors

    def map(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        ray = self._ray
        actors = self._pool_for(fn)
        queue = deque(tasks)
        running: dict[Any, int] = {}

        def submit(actor: int) -> None:
            running[actors[actor].run.remote(queue.popleft())] = actor

        for _ in range(_QUEUED):
            for actor in range(len(actors)):
                if queue:
                    submit(actor)
        try:
            while running:
                ready, _ = ray.wait(list(running), num_returns=1)
                actor = running.pop(ready[0])
                result = ray.get(ready[0])
                if queue:
                    submit(actor)
                yield result
        except BaseException:
            for ref in running:
                ray.cancel(ref)
            raise

    def decide(
        self,
        stages: Sequence[Any],
        indices: Sequence[int],
        summary_files: Sequence[Path],
        stats: RunStats,
    ) -> dict[int, Any]:
        """The corpus stages' decisions, grouped on the pool (see ``ray_decide``)."""
        from .ray_decide import decide

        return decide(self._ray, self._pool_for(self._fn), stages, indices, summary_files, stats)

    def _pool_for(self, fn: Callable[[Any], Any] | None) -> list[Any]:
        if self._actors and (fn is self._fn or fn is None):
            return self._actors
        self._kill()
        # Passed by value (a few KB: stages are set up in the actor), so that a restarted
        # actor is rebuilt from its own creation arguments.
        self._actors = [self._remote.remote(fn, os.getcwd()) for _ in range(self.workers)]
        self._fn = fn
        return self._actors

    def _kill(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor, no_restart=True)
        self._actors, self._fn = [], None

    def close(self) -> None:
        """Stop the pool; shut Ray down if this executor started it."""
        self._kill()
        if self._started:
            self._ray.shutdown()
            self._started = False


def _runtime_env_from_environment() -> dict[str, Any] | None:
    text = os.environ.get(RUNTIME_ENV_VAR)
    if not text:
        return None
    try:
        env = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{RUNTIME_ENV_VAR} is not valid JSON: {exc}") from None
    if not isinstance(env, dict):
        raise ConfigError(f"{RUNTIME_ENV_VAR} must be a JSON object, got {text!r}")
    return env
