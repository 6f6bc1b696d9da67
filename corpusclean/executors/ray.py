"""Ray: the same pipeline on a cluster when one machine is not enough.

Imported only when ``--executor ray`` is chosen. Connects to the cluster named by
``RAY_ADDRESS`` if set, else starts a local Ray instance. Each worker is an actor that
holds the installed function (so stage ``setup`` runs once per actor), and shards are
dispatched round-robin with a bounded window, results yielded in shard order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from ..errors import MissingDependencyError
from .local import cpu_count

T = TypeVar("T")
R = TypeVar("R")


class RayExecutor:
    def __init__(self, workers: int = 0) -> None:
        try:
            import ray
        except ImportError:
            raise MissingDependencyError("ray", "ray") from None
        self._ray = ray
        if not ray.is_initialized():
            ray.init(ignore_reinit_error=True, log_to_driver=False, logging_level="ERROR")
        cluster_cpus = int(ray.cluster_resources().get("CPU", cpu_count()))
        self.workers = workers if workers > 0 else cluster_cpus

    def map(self, fn: Callable[[T], R], shards: Iterable[T]) -> Iterator[R]:
        ray = self._ray

        @ray.remote
        class _Worker:
            def __init__(self, fn: Callable[[Any], Any]) -> None:
                self.fn = fn

            def run(self, shard: Any) -> Any:
                return self.fn(shard)

        actors = [_Worker.remote(fn) for _ in range(self.workers)]
        window: deque[Any] = deque()
        for i, shard in enumerate(shards):
            window.append(actors[i % len(actors)].run.remote(shard))
            if len(window) >= 2 * len(actors):
                yield ray.get(window.popleft())
        while window:
            yield ray.get(window.popleft())
        for actor in actors:
            ray.kill(actor)

    def close(self) -> None:
        return None
