"""The ``clean`` job: inputs in, an output folder out, on all cores, resumable.

The job is a library call, :func:`clean`; the command line only parses options, calls it
and prints. How it runs:

1. **Shards.** The inputs are listed and cut into shards of about ``shard_bytes``
   (whole small files grouped; large uncompressed JSONL cut at line boundaries). The cut
   depends on the inputs only, never on the number of workers: that is what makes the
   output byte-identical at any worker count.
2. **Passes** (:mod:`corpusclean.plan`). For each pass, every shard is a task. A worker
   reads its shard itself (the input, or its shard's documents from the pass before),
   runs the pass's steps, and writes what it makes itself: the documents that wait for
   the next pass, the summaries for the corpus stages, the rejected documents, and, in
   the last step, the shard's part of the corpus. The parent receives counts only. After
   a pass, the parent runs the corpus stages' ``decide`` over the summaries, streamed
   from the workers' files, and saves each decision for the workers to read.
3. **Assembly** (:func:`corpusclean.io.formats.assemble`): the parts become the corpus
   files, ``rejected.jsonl`` and ``changes.jsonl``; then ``report.json`` and
   ``report.html``.

Every task writes its files under temporary names and, last, a marker holding its counts;
a decision is saved the same way. ``resume=True`` skips every task and decision whose
marker exists, so after a crash (kill -9, power loss) only unfinished work is redone and
the output is byte-identical to an uninterrupted run. The work folder,
``OUT/.corpusclean-work``, records what the run was started with (inputs with their
sizes and times, config, format, version) and a resume with anything changed is refused.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .document import Document
from .errors import InputError, Interrupted, OutputError, WriteError
from .executors import Executor, make_executor
from .io.formats import PartWriter, assemble
from .io.inputs import InputFile, Part
from .io.layout import OutputLayout
from .io.readers import discover, read_file, split_file
from .io.remote import is_url, upload
from .io.writers import AtomicFile, change_rows, dumps, prepare_output, rejected_record
from .pipeline import SpillWriter, Steps, batched, decide, read_spill
from .plan import Plan, plan_passes
from .reasons import is_failure
from .report import build_report, write_report
from .report.stats import RunStats
from .schema import CorpusSchema
from .version import __version__

#: Input bytes per shard: small enough that two workers share even a 10 MB input, large
#: enough that per-task costs (a few files, one marker) vanish at a million documents.
SHARD_BYTES = 2 << 20
#: At most this many files in one shard, so a folder of tiny files still spreads out.
SHARD_FILES = 500

Progress = Callable[[str, int, int, int], None]
"""``progress(phase, units_done, units_total, docs_done)``; units are input bytes."""


@dataclass(frozen=True)
class Shard:
    """A slice of the inputs that one task reads: parts of files, in input order."""

    index: int
    pieces: tuple[tuple[InputFile, Part], ...]
    size: int


def plan_shards(files: Sequence[InputFile], shard_bytes: int = SHARD_BYTES) -> list[Shard]:
    """Cut the inputs into shards of about ``shard_bytes`` (independent of worker count)."""
    shards: list[Shard] = []
    pieces: list[tuple[InputFile, Part]] = []
    size = 0
    for input_file in files:
        for part in split_file(input_file, shard_bytes):
            length = _part_size(input_file, part)
            if pieces and (size + length > shard_bytes or len(pieces) >= SHARD_FILES):
                shards.append(Shard(len(shards), tuple(pieces), size))
                pieces, size = [], 0
            pieces.append((input_file, part))
            size += length
    if pieces:
        shards.append(Shard(len(shards), tuple(pieces), size))
    return shards


def _part_size(input_file: InputFile, part: Part) -> int:
    if part.size is not None:  # Parquet: start/end count row groups, not bytes
        return part.size
    if part.end is not None:
        return part.end - part.start
    if input_file.size is not None:
        return input_file.size
    try:
        return os.path.getsize(input_file.path)
    except OSError:
        return 0


@dataclass(frozen=True)
class Task:
    """One shard in one step: ``step`` is a pass number, or ``len(passes)`` for the write."""

    step: int
    shard: Shard


@dataclass
class TaskResult:
    """What a task tells the parent: counts, never documents."""

    step: int
    shard: int
    stats: RunStats = field(default_factory=RunStats)
    docs: int = 0
    waiting: int = 0  # documents written for the next step
    kept_rows: int = 0  # rows written to the shard's corpus part (last step)
    undeclared: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # input records that are no document


class WorkFolder:
    """The names of a run's intermediate files (``OUT/.corpusclean-work``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def spill(self, step: int, shard: int) -> Path:
        return self.path / f"step{step}" / f"{shard:05d}.docs.zst"

    def summaries(self, step: int, shard: int) -> Path:
        return self.path / f"step{step}" / f"{shard:05d}.summaries.pickle"

    def rejected(self, step: int, shard: int) -> Path:
        return self.path / f"step{step}" / f"{shard:05d}.rejected.jsonl"

    def changes(self, shard: int) -> Path:
        return self.path / "parts" / f"{shard:05d}.changes.jsonl"

    def part(self, shard: int, fmt: str) -> Path:
        return self.path / "parts" / f"{shard:05d}.{fmt}"

    def done(self, step: int, shard: int) -> Path:
        return self.path / "done" / f"step{step}-{shard:05d}.pickle"

    def decision(self, stage: int) -> Path:
        return self.path / "decisions" / f"{stage:03d}.pickle"

    @property
    def manifest(self) -> Path:
        return self.path / "manifest.json"

    def make(self, steps: int) -> None:
        for name in ("parts", "done", "decisions", *(f"step{k}" for k in range(steps + 1))):
            (self.path / name).mkdir(parents=True, exist_ok=True)


def save_pickle(path: Path, value: Any) -> None:
    """Write ``value`` under a temporary name, then rename: a marker is whole or absent."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load_pickle(path: Path) -> Any:
    with path.open("rb") as fh:
        return pickle.load(fh)


class Worker:
    """What runs a task, in a worker process (or this one): installed once per worker.

    Stages are set up on the first task, and decisions are read from the work folder the
    first time a task needs them, so each worker pays both once per run.
    """

    def __init__(
        self,
        stages: list[Any],
        plan: Plan,
        work: Path,
        fmt: str,
        schema: CorpusSchema,
        text_field: str = "text",
        batch_size: int = 32,
    ) -> None:
        self.stages, self.plan, self.fmt, self.schema = stages, plan, fmt, schema
        self.work = WorkFolder(work)
        self.text_field, self.batch_size = text_field, batch_size
        self._ready = False
        self._decisions: dict[int, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_ready"], state["_decisions"] = False, {}
        return state

    def _decisions_for(self, indices: Iterable[int]) -> dict[int, Any]:
        for i in indices:
            if i not in self._decisions:
                self._decisions[i] = load_pickle(self.work.decision(i))[0]
        return self._decisions

    def __call__(self, task: Task) -> TaskResult:
        if not self._ready:
            for stage in self.stages:
                stage.setup()
            self._ready = True
        step, shard = task.step, task.shard.index
        marker = self.work.done(step, shard)
        if marker.exists():  # a task retried after its worker died once it was done
            return load_pickle(marker)
        result = TaskResult(step, shard)
        writing = step == len(self.plan.passes)
        last_pass = step == len(self.plan.passes) - 1
        final = writing or (last_pass and not self.plan.passes[step].decide)
        if writing:
            ops = [("apply", i) for i in self.plan.at_write]
            decisions = self._decisions_for(self.plan.at_write)
        else:
            ops = list(self.plan.passes[step].ops)
            decisions = self._decisions_for(i for kind, i in ops if kind == "apply")
        steps = Steps(self.stages, ops, decisions)
        source = self._source(task, result.skipped)
        summaries: dict[int, list[tuple[str, Any]]] = {}
        rejected = self.work.rejected(step, shard)
        with rejected.open("wb") as rejected_out:
            outputs = self._outputs(step, shard, final)
            for batch in source:
                made = steps(batch, result.stats.stage_seconds)
                for i, pairs in made.items():
                    summaries.setdefault(i, []).extend(pairs)
                waiting = []
                for doc in batch:
                    result.docs += 1
                    if doc.rejected is not None:
                        result.stats.add(doc)
                        rejected_out.write(dumps(rejected_record(doc)))
                    elif final:
                        result.stats.add(doc)
                        result.undeclared.update(self.schema.undeclared(doc.tags))
                        outputs.add(doc)
                    else:
                        waiting.append(doc)
                result.waiting += len(waiting)
                outputs.wait(waiting)
            result.kept_rows = outputs.close()
        if not writing:
            save_pickle(self.work.summaries(step, shard), summaries)
        save_pickle(marker, result)
        if step > 0:  # the documents read are now in this step's files
            self.work.spill(step - 1, shard).unlink(missing_ok=True)
        return result

    def _source(self, task: Task, skipped: Counter[str]) -> Iterator[list[Document]]:
        if task.step == 0:
            docs = (
                doc
                for input_file, part in task.shard.pieces
                for doc in read_file(input_file, self.text_field, part, skipped=skipped)
            )
            return batched(docs, self.batch_size)
        return read_spill(self.work.spill(task.step - 1, task.shard.index))

    def _outputs(self, step: int, shard: int, final: bool) -> _Outputs:
        if final:
            return _FinalOutputs(
                PartWriter(self.work.part(shard, self.fmt), self.fmt, self.schema),
                self.work.changes(shard),
            )
        return _SpillOutputs(SpillWriter(self.work.spill(step, shard)))


class _Outputs:
    """Where a task's kept documents go: the next step's spill, or the corpus part."""

    def add(self, doc: Document) -> None:
        raise NotImplementedError

    def wait(self, docs: list[Document]) -> None:
        raise NotImplementedError

    def close(self) -> int:
        raise NotImplementedError


class _SpillOutputs(_Outputs):
    def __init__(self, spill: SpillWriter) -> None:
        self.spill = spill

    def wait(self, docs: list[Document]) -> None:
        self.spill.write(docs)

    def close(self) -> int:
        self.spill.close()
        return 0


class _FinalOutputs(_Outputs):
    def __init__(self, part: PartWriter, changes: Path) -> None:
        self.part = part
        self.changes = changes.open("wb")

    def add(self, doc: Document) -> None:
        self.part.add(doc)
        for row in change_rows(doc):
            self.changes.write(dumps(row))

    def wait(self, docs: list[Document]) -> None:
        assert not docs, "the last step leaves no document waiting"

    def close(self) -> int:
        self.changes.close()
        return self.part.close()


@dataclass
class CleanResult:
    """What :func:`clean` did: the counts, the report it wrote, where the files are."""

    stats: RunStats
    report: dict[str, Any]
    layout: OutputLayout
    corpus_files: list[Path]
    #: Where the output went when ``out`` was a URL: every file's URL, uploaded.
    uploaded: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        """Documents that could not be read or on which a stage failed."""
        return sum(n for reason, n in self.stats.rejected.items() if is_failure(reason))


def clean(
    inputs: Sequence[str | Path | InputFile],
    out: str | Path,
    stages: list[Any] | None = None,
    *,
    executor: Executor | None = None,
    fmt: str = "jsonl",
    shard_size: int = 0,
    rejected: str | Path | None = None,
    text_field: str = "text",
    batch_size: int = 32,
    shard_bytes: int = SHARD_BYTES,
    resume: bool = False,
    progress: Progress | None = None,
    run_config: dict[str, Any] | None = None,
) -> CleanResult:
    """Clean ``inputs`` (files, folders, URLs) into the output folder ``out``.

    ``out`` may be a URL (``s3://bucket/run1``, any fsspec filesystem): the run writes into
    a folder of this machine's temporary space and uploads the finished files at the end.

    Writes the corpus in ``fmt`` (one file, or files of ``shard_size`` documents),
    ``rejected.jsonl`` (or ``rejected``), ``changes.jsonl``, ``report.json`` and
    ``report.html``; returns the counts. ``stages`` defaults to the default pipeline;
    ``executor`` to a process pool on all cores. ``resume=True`` continues an interrupted
    run of the same inputs and config in ``out``.
    """
    from .config import default_stages

    stages = default_stages() if stages is None else list(stages)
    executor = executor or make_executor("local", 0)
    started = time.perf_counter()
    remote = str(out) if is_url(str(out)) else None
    folder = prepare_output(staging_folder(remote) if remote else out)
    layout = OutputLayout(folder, fmt, shard_size, Path(rejected) if rejected else None)
    plan = plan_passes(stages)
    schema = CorpusSchema.of(stages)
    files = discover(inputs)
    if not files:
        raise InputError(f"no input files found in {', '.join(map(str, inputs))}")
    _refuse_nested_output(files, folder)
    shards = plan_shards(files, shard_bytes)
    config = {"stages": [{"use": s.name, **s.config()} for s in stages], **(run_config or {})}
    fingerprinted = {**config, "text_field": text_field, "shard_bytes": shard_bytes}
    work = _open_work(layout, files, fingerprinted, resume, len(plan.passes), len(shards))
    worker = Worker(stages, plan, work.path, fmt, schema, text_field, batch_size)
    stats = RunStats()
    undeclared: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    results: dict[int, list[TaskResult]] = {}
    steps = len(plan.passes) + (1 if plan.at_write else 0)
    total = sum(s.size for s in shards)
    try:
        for step in range(steps):
            name = _phase(plan, stages, step)
            results[step] = _run_step(executor, worker, work, step, shards, name, total, progress)
            for result in results[step]:
                stats.merge(result.stats)
                undeclared.update(result.undeclared)
                skipped.update(result.skipped)
            if step < len(plan.passes) and plan.passes[step].decide:
                _decide(stages, plan.passes[step].decide, work, shards, step, stats, executor)
    except KeyboardInterrupt:
        raise Interrupted(
            f"finished work is kept in {work.path}; run the same command with --resume to continue"
        ) from None
    except OSError as exc:  # a worker's or this process's write: the readers catch theirs
        raise _write_error(exc, folder) from None
    finally:
        executor.close()
    try:
        corpus = _write_outputs(layout, work, shards, steps, schema)
    except OSError as exc:
        raise _write_error(exc, folder) from None
    stats.wall_seconds = time.perf_counter() - started
    run = {"workers": executor.workers, "batch_size": batch_size, "shard_bytes": shard_bytes}
    record = {**config, "run": {**config.get("run", {}), **run}}
    report = build_report(
        stats, record, [i.source if isinstance(i, InputFile) else str(i) for i in inputs]
    )
    report["plan"] = plan.describe(stages)
    report["shards"] = len(shards)
    if skipped:  # WARC requests, redirects, images: counted, not documents
        report["skipped"] = dict(sorted(skipped.items()))
    if undeclared:
        report["undeclared_tags"] = dict(sorted(undeclared.items()))
    try:
        write_report(folder, report)
    except OSError as exc:
        raise _write_error(exc, folder) from None
    shutil.rmtree(work.path, ignore_errors=True)
    if remote:
        uploaded = upload(folder, remote)
        shutil.rmtree(folder, ignore_errors=True)
        return CleanResult(stats, report, layout, corpus, uploaded)
    return CleanResult(stats, report, layout, corpus)


def staging_folder(url: str) -> Path:
    """Where a run whose output is a URL writes first: a folder of this machine's temporary
    space named by the URL, so that ``--resume`` of the same command finds it again."""
    name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "corpusclean-staging" / name


def _write_outputs(
    layout: OutputLayout,
    work: WorkFolder,
    shards: Sequence[Shard],
    steps: int,
    schema: CorpusSchema,
) -> list[Path]:
    """The corpus, rejected and changes files, from the shards' parts."""
    corpus = assemble(layout, [work.part(s.index, layout.fmt) for s in shards], schema)
    rejected = [work.rejected(k, s.index) for s in shards for k in range(steps)]
    _concatenate_jsonl(layout.rejected, rejected)
    _concatenate_jsonl(layout.changes, [work.changes(s.index) for s in shards])
    return corpus


def _write_error(exc: OSError, folder: Path) -> WriteError:
    where = exc.filename or folder
    why = exc.strerror or str(exc)
    return WriteError(
        f"cannot write {where}: {why}; free the space (or fix the folder), then run the same "
        "command with --resume"
    )


def _refuse_nested_output(files: Sequence[InputFile], folder: Path) -> None:
    """An output folder inside an input folder would be read back as input next time."""
    out = folder.resolve()
    for input_file in files:
        try:
            Path(input_file.path).resolve().relative_to(out)
        except ValueError:
            continue
        raise OutputError(
            f"the output folder {folder} holds input {input_file.source}: "
            "choose an output folder outside the inputs"
        )


def _phase(plan: Plan, stages: Sequence[Any], step: int) -> str:
    if step == len(plan.passes):
        return "writing"
    total = len(plan.passes)
    deciding = [stages[i].name for i in plan.passes[step].decide]
    what = f" (then {', '.join(deciding)})" if deciding else ""
    return f"pass {step + 1}/{total}{what}" if total > 1 else "cleaning"


def _run_step(
    executor: Executor,
    worker: Worker,
    work: WorkFolder,
    step: int,
    shards: Sequence[Shard],
    phase: str,
    total: int,
    progress: Progress | None,
) -> list[TaskResult]:
    """Every shard's task of one step; finished ones (on resume) are read, not redone."""
    found: dict[int, TaskResult] = {}
    todo = []
    for shard in shards:
        marker = work.done(step, shard.index)
        if marker.exists():
            found[shard.index] = load_pickle(marker)
        else:
            todo.append(Task(step, shard))
    sizes = {s.index: s.size for s in shards}
    done_bytes = sum(sizes[i] for i in found)
    docs = sum(r.docs for r in found.values())
    if progress:
        progress(phase, done_bytes, total, docs)
    for result in executor.map(worker, todo):
        found[result.shard] = result
        done_bytes += sizes[result.shard]
        docs += result.docs
        if progress:
            progress(phase, done_bytes, total, docs)
    return [found[s.index] for s in shards]


def _decide(
    stages: Sequence[Any],
    indices: Sequence[int],
    work: WorkFolder,
    shards: Sequence[Shard],
    step: int,
    stats: RunStats,
    executor: Executor,
) -> None:
    """The corpus stages' decisions after a pass (read back instead, where saved).

    An executor with a ``decide(stages, indices, summary_files, stats)`` method decides
    where its workers are, by grouping (the Ray executor); else the summaries are
    streamed from the workers' files into each stage's ``decide`` here.
    """
    if all(work.decision(i).exists() for i in indices):
        for i in indices:
            stats.corpus_stages[stages[i].name] = load_pickle(work.decision(i))[1]
        return

    def stream(i: int) -> Iterator[tuple[str, Any]]:
        for shard in shards:
            yield from load_pickle(work.summaries(step, shard.index)).get(i, ())

    elsewhere = getattr(executor, "decide", None)
    if elsewhere is not None:
        files = [work.summaries(step, shard.index) for shard in shards]
        decisions = elsewhere(stages, indices, files, stats)
    else:
        decisions = decide(stages, indices, stream, stats)
    for i, decision in decisions.items():
        save_pickle(work.decision(i), (decision, stats.corpus_stages[stages[i].name]))


def _concatenate_jsonl(final: Path, parts: Iterable[Path]) -> None:
    with AtomicFile(final) as out:
        for part in parts:
            if part.exists():
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out.fh, 1 << 20)


def _fingerprint(
    files: Sequence[InputFile], config: dict[str, Any], layout: OutputLayout, shards: int
) -> dict[str, Any]:
    """What a run depends on: a resume with any of it changed would mix two runs."""
    listing = hashlib.sha256()
    for f in files:
        try:
            st = os.stat(f.path)
            listing.update(
                f"{f.source}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogateescape")
            )
        except OSError:
            listing.update(f"{f.source}\0missing\n".encode("utf-8", "surrogateescape"))
    stages = orjson.dumps(config["stages"], option=orjson.OPT_SORT_KEYS, default=str)
    return {
        "version": __version__,
        "inputs": listing.hexdigest(),
        "stages": hashlib.sha256(stages).hexdigest(),
        "format": layout.fmt,
        "shard_size": layout.shard_size,
        "text_field": config["text_field"],
        "shards": shards,
        "shard_bytes": config["shard_bytes"],
    }


def _open_work(
    layout: OutputLayout,
    files: Sequence[InputFile],
    config: dict[str, Any],
    resume: bool,
    passes: int,
    shards: int,
) -> WorkFolder:
    work = WorkFolder(layout.work)
    wanted = _fingerprint(files, config, layout, shards)
    if resume and work.manifest.exists():
        found = orjson.loads(work.manifest.read_bytes())
        changed = [k for k in wanted if found.get(k) != wanted[k]]
        if changed:
            raise InputError(
                f"cannot resume: the {' and '.join(changed)} changed since the interrupted "
                "run; run without --resume to start over"
            )
        return work
    shutil.rmtree(work.path, ignore_errors=True)
    work.make(passes)
    with AtomicFile(work.manifest) as fh:
        fh.write(orjson.dumps(wanted))
    return work


def write_documents(
    docs: Iterable[Document], out: str | Path, fmt: str = "jsonl", shard_size: int = 0
) -> CleanResult:
    """Write documents built in memory into an output folder, as :func:`clean` does."""
    started = time.perf_counter()
    docs = list(docs) if not isinstance(docs, list) else docs
    folder = prepare_output(out)
    layout = OutputLayout(folder, fmt, shard_size)
    schema = CorpusSchema.of([])
    stats = RunStats()
    work = WorkFolder(layout.work)
    shutil.rmtree(work.path, ignore_errors=True)
    work.make(0)
    outputs = _FinalOutputs(PartWriter(work.part(0, fmt), fmt, schema), work.changes(0))
    with work.rejected(0, 0).open("wb") as rejected_out:
        for doc in docs:
            stats.add(doc)
            if doc.rejected is None:
                outputs.add(doc)
            else:
                rejected_out.write(dumps(rejected_record(doc)))
    outputs.close()
    corpus = _write_outputs(layout, work, [Shard(0, (), 0)], 1, schema)
    stats.wall_seconds = time.perf_counter() - started
    report = build_report(stats, {"stages": []}, [])
    write_report(folder, report)
    shutil.rmtree(work.path, ignore_errors=True)
    return CleanResult(stats, report, layout, corpus)
