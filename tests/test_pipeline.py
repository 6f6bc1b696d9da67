"""The pipeline: passes around corpus stages, error isolation, laziness, determinism."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

import pytest

from corpusclean import Document, Pipeline
from corpusclean.dedup.exact import ExactDedup
from corpusclean.pipeline import SpillWriter
from corpusclean.stage import StageBase


@dataclass
class Upper(StageBase):
    name: ClassVar[str] = "test.upper"

    def process(self, doc: Document) -> Document:
        doc.text = doc.text.upper()
        doc.edits[f"{self.name}.upper"] += 1
        return doc


@dataclass
class Explode(StageBase):
    """Fails on documents that mention a bomb, like a stage with a bug would."""

    name: ClassVar[str] = "test.explode"

    def process(self, doc: Document) -> Document:
        if "BOMB" in doc.text:
            raise ValueError("cannot parse this")
        return doc


@dataclass
class CountWords(StageBase):
    """A corpus stage that tags every document with the corpus's total word count."""

    name: ClassVar[str] = "test.count"

    def summarize(self, doc: Document) -> int:
        return len(doc.text.split())

    def decide(self, summaries: Iterable[tuple[str, int]]) -> int:
        return sum(n for _, n in summaries)

    def apply(self, doc: Document, decision: int) -> Document:
        doc.tags["corpus_words"] = decision
        return doc

    def describe(self, decision: int) -> dict[str, int]:
        return {"words": decision}


def docs(*texts: str) -> list[Document]:
    return [Document.from_text(t, source=f"doc{i}") for i, t in enumerate(texts)]


def test_passes_run_in_order_around_corpus_stages() -> None:
    pipe = Pipeline([Upper(), CountWords(), ExactDedup()])
    out = list(pipe.run(docs("one two", "three", "One Two")))
    assert [d.text for d in out] == ["ONE TWO", "THREE", "ONE TWO"]
    assert [d.tags["corpus_words"] for d in out] == [5, 5, 5]
    assert out[2].rejected == f"duplicate_of:{out[0].id}"
    assert pipe.stats.corpus_stages == {
        "test.count": {"words": 5},
        "dedup.exact": {"duplicates": 1, "clusters": 1, "cluster_sizes": {"2": 1}},
    }
    assert pipe.stats.docs_in == 3 and pipe.stats.kept == 2
    assert pipe.stats.rejected == {"duplicate_of": 1}
    assert set(pipe.stats.stage_seconds) == {"test.upper", "test.count", "dedup.exact"}


def test_a_run_past_its_memory_budget_spills_and_gives_the_same_corpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [f"Report {i}: the council met on day {i % 7} and approved it." for i in range(40)]
    texts[25] = texts[3]  # a duplicate across batches and across the spill
    written: list[int] = []
    monkeypatch.setattr(SpillWriter, "write", _counting(SpillWriter.write, written))
    held = list(Pipeline([Upper(), CountWords(), ExactDedup()], batch_size=4).run(docs(*texts)))
    assert written == []  # under the budget, nothing is pickled
    spilled_pipe = Pipeline([Upper(), CountWords(), ExactDedup()], batch_size=4, memory_budget=100)
    spilled = list(spilled_pipe.run(docs(*texts)))
    assert len(written) == 20  # two passes of 10 batches, all through the spill files
    assert [(d.id, d.text, d.tags, d.rejected) for d in spilled] == [
        (d.id, d.text, d.tags, d.rejected) for d in held
    ]
    assert spilled[25].rejected == f"duplicate_of:{spilled[3].id}"


def _counting(write: Callable[..., None], calls: list[int]) -> Callable[..., None]:
    def counted(self: SpillWriter, batch: list[Document]) -> None:
        calls.append(len(batch))
        write(self, batch)

    return counted


def test_a_failing_stage_rejects_only_that_document() -> None:
    pipe = Pipeline([Upper(), Explode()])
    out = list(pipe.run(docs("fine", "a bomb here", "also fine")))
    assert [d.rejected for d in out] == [None, "error:test.explode", None]
    assert "ValueError: cannot parse this" in out[1].tags["error"]


def test_rejected_documents_skip_later_stages() -> None:
    doc = Document.from_text("x", source="s")
    doc.reject("unreadable:binary")
    (out,) = Pipeline([Upper()]).run([doc])
    assert out.text == "x" and not out.edits


def test_streaming_without_corpus_stages_is_lazy() -> None:
    seen: list[int] = []

    def endless() -> Iterator[Document]:
        i = 0
        while True:
            seen.append(i)
            yield Document.from_text(f"doc {i}", source=str(i))
            i += 1

    first = next(Pipeline([Upper()], batch_size=4).run(endless()))
    assert first.text == "DOC 0"
    assert len(seen) <= 5


@dataclass
class CountWordsInBatches(CountWords):
    """CountWords with a batch summary that records the batches it was given and, like a
    vectorized stage with a bug, fails on a whole batch when one document has a bomb."""

    name: ClassVar[str] = "test.count_batches"
    seen: list[list[str]] | None = None

    def summarize(self, doc: Document) -> int:
        if "bomb" in doc.text:
            raise ValueError("cannot count this")
        return super().summarize(doc)

    def summarize_batch(self, batch: list[Document]) -> list[int]:
        assert self.seen is not None
        self.seen.append([d.text for d in batch])
        return [self.summarize(d) for d in batch]


def test_summarize_batch_gets_each_batchs_live_documents_once() -> None:
    stage = CountWordsInBatches(seen=[])
    inputs = docs("one two", "gone", "three four five", "six")
    inputs[1].reject("unreadable:binary")
    out = list(Pipeline([stage], batch_size=2).run(inputs))
    assert stage.seen == [["one two"], ["three four five", "six"]]
    assert [d.tags.get("corpus_words") for d in out] == [6, None, 6, 6]


def test_a_failing_summarize_batch_rejects_only_the_failing_document() -> None:
    stage = CountWordsInBatches(seen=[])
    out = list(Pipeline([stage], batch_size=3).run(docs("one two", "a bomb here", "three")))
    assert len(stage.seen) == 1  # tried once as a batch, then one by one
    assert [d.rejected for d in out] == [None, "error:test.count_batches", None]
    assert "ValueError: cannot count this" in out[1].tags["error"]
    assert [out[0].tags["corpus_words"], out[2].tags["corpus_words"]] == [3, 3]
