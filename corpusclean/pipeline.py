"""The pipeline owns the loop over documents: steps, timing, errors, decisions.

A :class:`Pipeline` is an ordered list of stages. :func:`corpusclean.plan.plan_passes`
turns it into passes; :class:`Steps` runs one pass's steps on a batch of documents (in a
worker, or in this process); :meth:`Pipeline.run` runs a whole plan in this process over
documents given in memory, for library use and tests. ``corpusclean.clean`` runs the same
plan over shards of files in worker processes (:mod:`corpusclean.job`).

Stages never count anything: statistics are derived from the documents that come out,
plus the time each stage took.
"""

from __future__ import annotations

import gc
import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import zstandard

from .document import Document
from .plan import Op, Plan, plan_passes
from .reasons import ERROR
from .report.stats import RunStats
from .stage import is_corpus_stage

Summaries = dict[int, list[tuple[str, Any]]]
"""Per corpus stage (by index in the pipeline): ``(doc_id, summary)`` in input order."""


class Steps:
    """One pass's steps, run on each batch: apply decisions, process, summarize.

    ``decisions`` maps a corpus stage's index to its decision, for the ``apply`` steps.
    A stage that raises on one document rejects that document with ``error:<stage>``
    (the message goes into its tags) and the run goes on.
    """

    def __init__(self, stages: Sequence[Any], ops: Sequence[Op], decisions: dict[int, Any]) -> None:
        self.stages = stages
        self.ops = ops
        self.decisions = decisions

    def __call__(self, batch: list[Document], seconds: Counter[str]) -> Summaries:
        """Run the steps on ``batch`` in place; returns the summaries it made."""
        summaries: Summaries = {}
        for kind, i in self.ops:
            stage = self.stages[i]
            start = time.perf_counter()
            if kind == "summarize":
                summaries[i] = summarize(stage, [d for d in batch if d.rejected is None])
            else:
                fn = _applier(stage, self.decisions[i]) if kind == "apply" else stage.process
                for j, doc in enumerate(batch):
                    if doc.rejected is None:
                        batch[j] = guarded(stage.name, fn, doc)
            seconds[stage.name] += time.perf_counter() - start
        return summaries


def _applier(stage: Any, decision: Any) -> Callable[[Document], Document]:
    return lambda doc: stage.apply(doc, decision)


def summarize(stage: Any, docs: list[Document]) -> list[tuple[str, Any]]:
    """``(id, summary)`` of each document: with the stage's ``summarize_batch`` if it has
    one (vectorized stages are much faster on a whole batch), else one by one. When the
    batch call raises, the documents are summarized one by one so that only the one that
    fails is rejected ``error:<stage>``."""
    summarize_batch = getattr(stage, "summarize_batch", None)
    if summarize_batch is not None and docs:
        try:
            batch_summaries = summarize_batch(docs)
        except Exception:  # retried one by one below, to find the failing document
            pass
        else:
            return [(doc.id, s) for doc, s in zip(docs, batch_summaries, strict=True)]
    summaries = []
    for doc in docs:
        try:
            summaries.append((doc.id, stage.summarize(doc)))
        except Exception as exc:
            record_error(doc, stage.name, exc)
    return summaries


def guarded(name: str, fn: Callable[[Document], Document], doc: Document) -> Document:
    try:
        return fn(doc)
    except Exception as exc:  # one bad document must not end a long run
        record_error(doc, name, exc)
        return doc


def record_error(doc: Document, stage: str, exc: BaseException) -> None:
    doc.tags["error"] = f"{type(exc).__name__}: {exc}"[:500]
    doc.reject(f"{ERROR}{stage}")


def decide(
    stages: Sequence[Any],
    indices: Sequence[int],
    summaries: Callable[[int], Iterable[tuple[str, Any]]],
    stats: RunStats,
) -> dict[int, Any]:
    """Run the ``decide`` of each corpus stage in ``indices``, in order.

    ``summaries(i)`` streams stage ``i``'s summaries. Each stage sees only the documents
    the stages before it in the same pass keep (their ``rejected_ids``).
    """
    decisions: dict[int, Any] = {}
    gone: set[str] = set()
    for i in indices:
        stage = stages[i]
        start = time.perf_counter()
        alive = (pair for pair in summaries(i) if pair[0] not in gone) if gone else summaries(i)
        decision = stage.decide(alive)
        decisions[i] = decision
        rejected: Collection[str] = getattr(stage, "rejected_ids", lambda _: ())(decision)
        gone.update(rejected)
        stats.stage_seconds[stage.name] += time.perf_counter() - start
        stats.corpus_stages[stage.name] = stage.describe(decision)
    return decisions


class Pipeline:
    """An ordered list of stages, run as planned passes.

    >>> from corpusclean import Document, Pipeline
    >>> pipe = Pipeline.default()
    >>> for doc in pipe.run([Document.from_text("Some text ...", source="a")]): ...

    ``run`` yields every document that went in, kept or rejected, in input order; check
    ``doc.rejected``. ``stats`` holds the figures of the last run. It works in this
    process, with documents waiting between passes in memory up to ``memory_budget``
    bytes of text (about), in a compressed temporary file past it (see
    :class:`PassBuffer`); for files on disk and all cores, use :func:`corpusclean.clean`.
    """

    def __init__(
        self,
        stages: list[Any],
        batch_size: int = 32,
        spill_dir: str | Path | None = None,
        memory_budget: int = 128 * 2**20,
    ) -> None:
        self.stages = list(stages)
        self.batch_size = batch_size
        self.spill_dir = spill_dir
        self.memory_budget = memory_budget
        self.plan: Plan = plan_passes(self.stages)
        self.stats = RunStats()
        self._ready = False

    @classmethod
    def default(cls, **options: Any) -> Pipeline:
        """The pipeline ``corpusclean clean`` runs when no config is given."""
        from .config import default_stages

        return cls(default_stages(), **options)

    def config(self) -> list[dict[str, Any]]:
        """The stages as ``[{"use": name, **options}]``, the shape of the TOML config."""
        return [{"use": s.name, **s.config()} for s in self.stages]

    def setup(self) -> None:
        """Build every stage's resources once (idempotent)."""
        if not self._ready:
            for stage in self.stages:
                stage.setup()
            self._ready = True

    def process_one(self, doc: Document) -> Document:
        """Run the document stages (not the corpus stages) on one document, in-process."""
        self.setup()
        ops: list[Op] = [
            ("process", i) for i, s in enumerate(self.stages) if not is_corpus_stage(s)
        ]
        batch = [doc]
        Steps(self.stages, ops, {})(batch, Counter())
        return batch[0]

    def run(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Clean ``docs`` lazily; yields each document once, in input order."""
        self.setup()
        self.stats = stats = RunStats()
        started = time.perf_counter()
        decisions: dict[int, Any] = {}
        source: Iterable[list[Document]] = batched(docs, self.batch_size)
        with tempfile.TemporaryDirectory(prefix="corpusclean-", dir=self.spill_dir) as tmp:
            for number, step in enumerate(self.plan.passes):
                last = number == len(self.plan.passes) - 1
                steps = Steps(self.stages, step.ops, decisions)
                summaries: list[Summaries] = []
                buffer = PassBuffer(Path(tmp) / f"pass{number}.zst", self.memory_budget)
                with buffer as out:
                    for batch in source:
                        summaries.append(steps(batch, stats.stage_seconds))
                        if last and not step.decide:
                            for doc in batch:
                                stats.add(doc)
                                yield doc
                        else:  # rejected ones too, so that the output keeps input order
                            out.write(batch)

                def stream(i: int, found: list[Summaries] = summaries) -> Iterator[tuple[str, Any]]:
                    for part in found:
                        yield from part.get(i, ())

                decisions.update(decide(self.stages, step.decide, stream, stats))
                source = buffer.read()
            write = Steps(self.stages, [("apply", i) for i in self.plan.at_write], decisions)
            for batch in source:
                write(batch, stats.stage_seconds)
                for doc in batch:
                    stats.add(doc)
                    yield doc
        stats.wall_seconds = time.perf_counter() - started


def batched(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class PassBuffer:
    """The batches of one pass, waiting for the next: in memory while their text stays
    under ``budget`` bytes (about: characters of text and original), then all in a spill
    file at ``path``.

    A corpus that fits is never pickled: on the 497 reST texts of the Python docs, each
    spill cost about 0.3 ms per text to write and read back, of a run of about 6 ms. A
    corpus that does not fit keeps its memory bounded, as before.
    """

    def __init__(self, path: Path, budget: int) -> None:
        self.path = path
        self.budget = budget
        self._held: list[list[Document]] = []
        self._size = 0
        self._spill: SpillWriter | None = None

    def write(self, batch: list[Document]) -> None:
        if self._spill is not None:
            self._spill.write(batch)
            return
        self._held.append(batch)
        self._size += sum(len(d.text) + len(d.original) for d in batch)
        if self._size > self.budget:
            self._spill = SpillWriter(self.path)
            for held in self._held:
                self._spill.write(held)
            self._held = []

    def close(self) -> None:
        if self._spill is not None:
            self._spill.close()

    def read(self) -> Iterator[list[Document]]:
        """The batches in the order written (each held one let go as it is yielded)."""
        if self._spill is not None:
            yield from read_spill(self.path)
            return
        held, self._held = self._held, []
        held.reverse()
        while held:
            yield held.pop()

    def __enter__(self) -> PassBuffer:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


class SpillWriter:
    """Batches of documents waiting for the next pass: pickled, zstd-compressed.

    Compression at level 1 costs little CPU and cuts the temporary disk to about a third
    of the pickled size (text compresses well), which is what keeps a run's temporary
    files under the size of its input.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._raw: IO[bytes] = path.open("wb")
        self._fh = zstandard.ZstdCompressor(level=1).stream_writer(self._raw, closefd=False)

    def write(self, batch: list[Document]) -> None:
        if batch:
            pickle.dump(batch, self._fh, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        self._fh.close()
        self._raw.close()

    def __enter__(self) -> SpillWriter:
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


def read_spill(path: Path) -> Iterator[list[Document]]:
    """The batches a :class:`SpillWriter` wrote, in order.

    The cyclic garbage collector is paused while a batch is unpickled: loading builds
    thousands of containers (spans, removals, tags) that hold no reference cycles, and
    each few hundred of them would otherwise start a collection. On the 497 reST texts of
    the Python docs that made reading a spill 3.5x slower (0.19 against 0.05 ms per text).
    """
    with path.open("rb") as raw:
        fh = zstandard.ZstdDecompressor().stream_reader(raw)
        while True:
            try:
                with _collector_paused():
                    batch = pickle.load(fh)
            except EOFError:
                return
            yield batch


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (restored as it was after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
