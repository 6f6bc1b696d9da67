"""``--executor ray`` on a local Ray instance: same output as local, retries, errors."""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
import signal
import sys
from collections import Counter
from pathlib import Path

import pytest
import ray
from ray_corpus import documents, write_jsonl

from corpusclean import clean
from corpusclean.dedup.exact import ExactDedup
from corpusclean.dedup.minhash import NearDedup
from corpusclean.executors import LocalExecutor, make_executor
from corpusclean.executors.ray import RayExecutor
from corpusclean.pipeline import decide, summarize
from corpusclean.report.stats import RunStats
from corpusclean.stage import StageBase

DATA = Path(__file__).resolve().parent / "data" / "mixed"
SHARD_BYTES = 60_000  # a dozen shards, so that every worker has several tasks


@pytest.fixture(scope="module")
def ray_instance():
    ray.init(num_cpus=2, include_dashboard=False)
    yield
    ray.shutdown()


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith("report")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict]:
    """A small mixed corpus (news JSONL, a page, an article and its gzipped copy) and its
    local run's output files and report."""
    root = tmp_path_factory.mktemp("ray") / "crawl"
    write_jsonl(root / "news.jsonl", 700)
    shutil.copy(DATA / "article.txt", root / "article.txt")
    shutil.copy(DATA / "page.html", root / "page.html")
    (root / "article-copy.txt.gz").write_bytes(gzip.compress((DATA / "article.txt").read_bytes()))
    out = root.parent / "local"
    result = clean([root], out, executor=LocalExecutor(1), shard_bytes=SHARD_BYTES)
    return root, _files(out), result.report


def test_output_is_byte_identical_to_the_local_executor(ray_instance, corpus, tmp_path) -> None:
    root, local, report = corpus
    executor = make_executor("ray", 2)
    result = clean([root], tmp_path / "out", executor=executor, shard_bytes=SHARD_BYTES)
    assert _files(tmp_path / "out") == local
    assert result.report["corpus_stages"] == report["corpus_stages"]
    assert result.report["shards"] == report["shards"] > 4
    stages = report["corpus_stages"]
    assert stages["dedup.exact"]["duplicates"] >= 5
    assert stages["dedup.minhash"]["duplicates"] > 10
    assert stages["boilerplate.repeated_lines"]["repeated_lines"] >= 3
    assert executor.actors == []  # the pool was stopped with the run


def test_a_killed_worker_is_replaced_and_its_tasks_retried(ray_instance, corpus, tmp_path) -> None:
    root, local, _ = corpus
    executor = RayExecutor(2)
    killed: list[int] = []

    def progress(phase: str, done: int, total: int, docs: int) -> None:
        if docs and not killed:  # the first task is done; the others are queued or running
            pid = ray.get(executor.actors[0].pid.remote())
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    clean([root], tmp_path / "out", executor=executor, shard_bytes=SHARD_BYTES, progress=progress)
    assert killed
    assert _files(tmp_path / "out") == local


class FailingSetup(StageBase):
    """A stage whose resources cannot be built: every task fails in the worker."""

    name = "test.failing_setup"

    def setup(self) -> None:
        raise RuntimeError("the language model file is missing")

    def process(self, doc):
        return doc

    def config(self) -> dict:
        return {}


def test_a_task_error_ends_the_run_with_the_workers_message(ray_instance, corpus, tmp_path):
    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    root, _, _ = corpus
    with pytest.raises(RuntimeError, match="language model file is missing"):
        clean([root], tmp_path / "out", [FailingSetup()], executor=RayExecutor(2))


def test_grouped_decisions_on_the_pool_equal_local_decide(ray_instance, tmp_path) -> None:
    # One pass deciding dedup.exact then dedup.minhash, as in the default pipeline.
    stages = [ExactDedup(), NearDedup()]
    for stage in stages:
        stage.setup()
    docs = documents(1500, seed=11)
    files = []
    for k, lo in enumerate(range(0, len(docs), 170)):
        batch = docs[lo : lo + 170]
        files.append(tmp_path / f"{k:05d}.summaries.pickle")
        files[-1].write_bytes(pickle.dumps({i: summarize(s, batch) for i, s in enumerate(stages)}))

    def stream(i):
        for path in files:
            yield from pickle.loads(path.read_bytes())[i]

    local_stats, pool_stats = RunStats(), RunStats()
    local = decide(stages, [0, 1], stream, local_stats)
    executor = RayExecutor(2)
    try:
        grouped = executor.decide(stages, [0, 1], files, pool_stats)
    finally:
        executor.close()
    assert grouped == local
    assert pool_stats.corpus_stages == local_stats.corpus_stages
    near = Counter(m.cluster != k for k, m in local[1].members.items())
    assert near[True] > 50 and len(local[0].duplicates) > 50
