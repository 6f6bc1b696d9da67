"""The pipeline owns the loop: batching, parallel passes, timing, counting, spilling.

Stages are split into passes at each corpus stage. With stages ``A B C1 D C2 E`` (``C``
being corpus stages) the documents make three passes:

1. ``A``, ``B``, then ``C1.summarize``;            C1 decides centrally
2. ``C1.apply``, ``D``, then ``C2.summarize``;     C2 decides centrally
3. ``C2.apply``, ``E``;                            documents are yielded

Between passes the documents wait in a temporary spill file on disk, so memory holds
only the compact summaries and a bounded window of batches, never the corpus's text.
With no corpus stage there is one pass and the pipeline streams end to end.

Statistics are derived from the documents that come out (edits, removals, reasons,
languages) plus the time each stage took in the workers: stages never count anything.
"""

from __future__ import annotations

import pickle
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .document import Document
from .executors import Executor, SerialExecutor
from .report.stats import RunStats
from .stage import is_corpus_stage

Progress = Callable[[str, int], None]
"""Called as ``progress(phase, n_documents_done)`` after each batch."""


@dataclass
class PassResult:
    docs: list[Document]
    summaries: list[tuple[str, Any]]
    seconds: dict[str, float]


class PassRunner:
    """What a worker runs on each batch in one pass: apply, document stages, summarize.

    It is pickled once per worker; ``setup`` of each stage runs lazily on the first batch.
    A stage that raises on one document rejects that document with
    ``error:<stage>`` (the message goes into its tags) and the run goes on.
    """

    def __init__(
        self,
        stages: list[Any],
        apply: tuple[Any, Any] | None = None,
        summarizer: Any | None = None,
    ) -> None:
        self.stages = stages
        self.apply = apply
        self.summarizer = summarizer
        self._ready = False

    def _setup(self) -> None:
        for stage in self._all_stages():
            stage.setup()
        self._ready = True

    def _all_stages(self) -> list[Any]:
        head = [self.apply[0]] if self.apply else []
        tail = [self.summarizer] if self.summarizer else []
        return head + self.stages + tail

    def __call__(self, batch: list[Document]) -> PassResult:
        if not self._ready:
            self._setup()
        seconds: Counter[str] = Counter()
        steps: list[tuple[str, Callable[[Document], Document]]] = []
        if self.apply:
            stage, decision = self.apply
            steps.append((stage.name, lambda d, s=stage, dec=decision: s.apply(d, dec)))
        steps.extend((s.name, s.process) for s in self.stages)
        for name, fn in steps:
            start = time.perf_counter()
            for i, doc in enumerate(batch):
                if doc.rejected is None:
                    batch[i] = _guarded(name, fn, doc)
            seconds[name] += time.perf_counter() - start
        summaries: list[tuple[str, Any]] = []
        if self.summarizer:
            start = time.perf_counter()
            summaries = _summarize(self.summarizer, [d for d in batch if d.rejected is None])
            seconds[self.summarizer.name] += time.perf_counter() - start
        return PassResult(batch, summaries, dict(seconds))


def _summarize(stage: Any, docs: list[Document]) -> list[tuple[str, Any]]:
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
            _record_error(doc, stage.name, exc)
    return summaries


def _guarded(name: str, fn: Callable[[Document], Document], doc: Document) -> Document:
    try:
        return fn(doc)
    except Exception as exc:  # one bad document must not end a long run
        _record_error(doc, name, exc)
        return doc


def _record_error(doc: Document, stage: str, exc: Exception) -> None:
    doc.tags["error"] = f"{type(exc).__name__}: {exc}"[:500]
    doc.reject(f"error:{stage}")


class Pipeline:
    """An ordered list of stages and an executor to run them.

    >>> from corpusclean import Document, Pipeline
    >>> pipe = Pipeline.default()
    >>> for doc in pipe.run([Document.from_text("Some text ...", source="a")]): ...

    ``run`` yields every document that went in, kept or rejected, in input order; check
    ``doc.rejected``. ``stats`` holds the figures of the last run.
    """

    def __init__(
        self,
        stages: list[Any],
        executor: Executor | None = None,
        batch_size: int = 32,
        spill_dir: str | Path | None = None,
    ) -> None:
        self.stages = list(stages)
        self.executor = executor or SerialExecutor()
        self.batch_size = batch_size
        self.spill_dir = spill_dir
        self.stats = RunStats()

    @classmethod
    def default(cls, executor: Executor | None = None, **options: Any) -> Pipeline:
        """The pipeline ``corpusclean clean`` runs when no config is given."""
        from .config import default_stages

        return cls(default_stages(), executor=executor, **options)

    def config(self) -> list[dict[str, Any]]:
        """The stages as ``[{"use": name, **options}]``, the shape of the TOML config."""
        return [{"use": s.name, **s.config()} for s in self.stages]

    def process_one(self, doc: Document) -> Document:
        """Run the document stages (not the corpus stages) on one document, in-process."""
        runner = PassRunner([s for s in self.stages if not is_corpus_stage(s)])
        return runner([doc]).docs[0]

    def run(self, docs: Iterable[Document], progress: Progress | None = None) -> Iterator[Document]:
        """Clean ``docs`` lazily; yields each document once, in input order."""
        self.stats = stats = RunStats()
        started = time.perf_counter()
        passes = _split_passes(self.stages)
        source: Iterable[list[Document]] = _batched(docs, self.batch_size)
        apply: tuple[Any, Any] | None = None
        with tempfile.TemporaryDirectory(prefix="corpusclean-", dir=self.spill_dir) as tmp:
            for number, (doc_stages, corpus_stage) in enumerate(passes):
                runner = PassRunner(doc_stages, apply, corpus_stage)
                phase = _phase_name(number, len(passes), doc_stages, corpus_stage)
                results = self.executor.map(runner, source)
                if corpus_stage is None:
                    done = 0
                    for result in results:
                        stats.stage_seconds.update(result.seconds)
                        for doc in result.docs:
                            stats.add(doc)
                            yield doc
                        done += len(result.docs)
                        if progress:
                            progress(phase, done)
                    break
                spill = Path(tmp) / f"pass{number}.pickle"
                summaries = self._spill(results, spill, stats, phase, progress)
                start = time.perf_counter()
                decision = corpus_stage.decide(summaries)
                stats.stage_seconds[corpus_stage.name] += time.perf_counter() - start
                stats.corpus_stages[corpus_stage.name] = corpus_stage.describe(decision)
                del summaries
                apply = (corpus_stage, decision)
                source = _read_spill(spill)
        stats.wall_seconds = time.perf_counter() - started

    def _spill(
        self,
        results: Iterator[PassResult],
        path: Path,
        stats: RunStats,
        phase: str,
        progress: Progress | None,
    ) -> list[tuple[str, Any]]:
        """Write a pass's batches to disk; keep only the summaries in memory."""
        summaries: list[tuple[str, Any]] = []
        done = 0
        with path.open("wb") as fh:
            for result in results:
                stats.stage_seconds.update(result.seconds)
                summaries.extend(result.summaries)
                pickle.dump(result.docs, fh, protocol=pickle.HIGHEST_PROTOCOL)
                done += len(result.docs)
                if progress:
                    progress(phase, done)
        return summaries


def _split_passes(stages: list[Any]) -> list[tuple[list[Any], Any | None]]:
    """``[(doc_stages, corpus_stage_or_None), ...]``: the last pair has no corpus stage."""
    passes: list[tuple[list[Any], Any | None]] = []
    current: list[Any] = []
    for stage in stages:
        if is_corpus_stage(stage):
            passes.append((current, stage))
            current = []
        else:
            current.append(stage)
    passes.append((current, None))
    return passes


def _phase_name(number: int, total: int, doc_stages: list[Any], corpus_stage: Any) -> str:
    if total == 1:
        return "cleaning"
    if corpus_stage is not None:
        return f"pass {number + 1}/{total}: {corpus_stage.name}"
    return f"pass {number + 1}/{total}: finishing"


def _batched(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_spill(path: Path) -> Iterator[list[Document]]:
    with path.open("rb") as fh:
        yield from _pickles(fh)


def _pickles(fh: IO[bytes]) -> Iterator[list[Document]]:
    while True:
        try:
            yield pickle.load(fh)
        except EOFError:
            return
