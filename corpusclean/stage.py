"""Stage protocols and the registry that maps a stage name to its class.

Two kinds of stage exist. A :class:`DocStage` is a pure function of one document and
runs in parallel, streaming. A :class:`CorpusStage` needs to see every document: it
summarises each one compactly in the workers, decides once centrally over all the
summaries, then applies the decision to each document in the workers again. The base
code (:mod:`corpusclean.pipeline`) owns the loops; a stage writes one method per step.

A stage is a dataclass: its init fields are its configuration, which is what a TOML
``[[stages]]`` table sets and what ``report.json`` records. The class attribute
``name`` is the registry key, the prefix of its keys in ``Document.edits`` and its line
in the report: one name everywhere.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

from .document import Document
from .errors import ConfigError

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
    """

    name: ClassVar[str]

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


_REGISTRY: dict[str, type] = {}


def register(cls: type) -> type:
    """Class decorator: make a stage buildable by its ``name`` from a config."""
    if not cls.name:
        raise TypeError(f"{cls.__name__} has no stage name")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise TypeError(f"stage name {cls.name!r} is registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def is_corpus_stage(stage: object) -> bool:
    return callable(getattr(stage, "decide", None))


def registered() -> dict[str, type]:
    """All registered stages by name (imports the built-in stage modules first)."""
    from . import stages as _builtin  # noqa: F401  (registers the built-in stages)

    return dict(sorted(_REGISTRY.items()))


def build_stage(name: str, options: dict[str, Any] | None = None) -> Any:
    """Instantiate a registered stage from its name and config options.

    Unknown names and unknown options fail here, before any document is read, with the
    closest valid spelling as a hint.
    """
    stages = registered()
    if name not in stages:
        raise ConfigError(f"unknown stage {name!r}{_hint(name, stages)}")
    cls = stages[name]
    options = dict(options or {})
    fields = {f.name for f in dataclasses.fields(cls) if f.init}
    for key in options:
        if key not in fields:
            valid = ", ".join(sorted(fields)) or "none"
            raise ConfigError(
                f"stage {name!r} has no option {key!r}{_hint(key, fields)} (options: {valid})"
            )
    try:
        return cls(**options)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"stage {name!r}: {exc}") from None


def _hint(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
