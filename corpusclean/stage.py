"""Stage protocols: what a stage is, with no knowledge of which stages exist.

Two kinds of stage exist. A :class:`DocStage` is a pure function of one document and
runs in parallel, streaming. A :class:`CorpusStage` needs to see every document: it
summarises each one compactly in the workers, decides once centrally over all the
summaries, then applies the decision to each document. The base code
(:mod:`corpusclean.pipeline`) owns the loops; a stage writes one method per step.

A stage is a dataclass: its init fields are its configuration, which is what a TOML
``[[stages]]`` table sets and what ``report.json`` records. The class attribute
``name`` is the registry key, the prefix of its keys in ``Document.edits`` and its line
in the report: one name everywhere. Which names exist is the config layer's business
(:mod:`corpusclean.config.registry`); this module is a leaf that imports no stage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from .document import Document

S = TypeVar("S")


@runtime_checkable
class DocStage(Protocol):
    """A per-document transformation. To drop a document, ``doc.reject(REASON)``."""

    name: ClassVar[str]

    def setup(self) -> None:
        """Build heavy resources, once per worker (never at import time)."""

    def process(self, doc: Document) -> Document:
        """Transform one document. No I/O, no global state."""
        ...


@runtime_checkable
class CorpusStage(Protocol[S]):
    """A stage that needs the whole corpus, in two passes over compact summaries.

    Optionally a stage also has ``summarize_batch(docs) -> list[S]``, the summaries of a
    worker's batch in order, for stages that vectorize across documents; the pipeline
    then calls it instead of ``summarize`` (and falls back to ``summarize`` one document
    at a time if it raises, so only the failing document is rejected).

    ``rewrites_text`` says whether ``apply`` changes a document's text (as removing
    repeated lines does) or only rejects or tags it (as deduplication does). The pass
    planner runs consecutive stages that do not rewrite in one pass over the text.
    """

    name: ClassVar[str]
    rewrites_text: ClassVar[bool]

    def setup(self) -> None: ...

    def summarize(self, doc: Document) -> S:
        """A compact summary of one kept document (hashes, signatures), in workers."""
        ...

    def decide(self, summaries: Iterable[tuple[str, S]]) -> Any:
        """Once, centrally, over ``(doc_id, summary)`` pairs in input order."""
        ...

    def apply(self, doc: Document, decision: Any) -> Document:
        """Apply the decision to one document, in workers."""
        ...

    def describe(self, decision: Any) -> dict[str, Any]:
        """Figures for the report (clusters found, lines removed, ...)."""
        ...


class StageBase:
    """Defaults shared by stages: a no-op ``setup`` and the config as a dict."""

    name: ClassVar[str] = ""

    def setup(self) -> None:
        return None

    def config(self) -> dict[str, Any]:
        """The stage's init fields and values, as recorded in ``report.json``."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.init}  # type: ignore[arg-type]


def is_corpus_stage(stage: object) -> bool:
    return callable(getattr(stage, "decide", None))
