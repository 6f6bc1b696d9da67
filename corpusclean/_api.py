"""The top-level functions of the public API (re-exported by :mod:`corpusclean`)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .document import Document
from .job import CleanResult
from .pipeline import Pipeline


class TextCleaner:
    """The default text stages (extraction, repairs, line boilerplate), built once.

    Building the stages costs far more than cleaning a short text, so a caller that
    cleans many strings keeps one of these (``clean_text`` keeps one for you).
    """

    PREFIXES = ("extract.", "repair.", "boilerplate.")

    def __init__(self) -> None:
        from .config import default_stages
        from .stage import is_corpus_stage

        stages = [
            s
            for s in default_stages()
            if s.name.startswith(self.PREFIXES) and not is_corpus_stage(s)
        ]
        self.pipeline = Pipeline(stages)

    def __call__(self, text: str) -> str:
        return self.pipeline.process_one(Document.from_text(text)).text


@cache
def _text_cleaner() -> TextCleaner:
    """One cleaner per process, built on first use: stages are pure, so sharing is safe."""
    return TextCleaner()


def clean_text(text: str) -> str:
    """Clean one string with the default text stages (repairs and line boilerplate)."""
    return _text_cleaner()(text)


def write(
    docs: Iterable[Document], out: str | Path, fmt: str = "jsonl", shard_size: int = 0
) -> CleanResult:
    """Write documents you built yourself into an output folder, as ``clean`` would:
    corpus, ``rejected.jsonl``, ``changes.jsonl`` and the report. No stage runs."""
    from .job import write_documents

    return write_documents(docs, out, fmt, shard_size)
