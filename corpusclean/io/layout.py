"""Where a run's outputs live: one object that knows every name in an output folder.

The writer, ``explain``, ``report`` and the command line all ask this object, so a file
name is spelt once. An output folder holds:

- ``corpus.<fmt>``, or ``corpus-00000.<fmt>``, ... with ``shard_size`` (``txt``: folders
  ``corpus/`` or ``corpus-00000/`` of ``<id>.txt`` files);
- ``rejected.jsonl``: every dropped document with its reason (unless sent elsewhere);
- ``changes.jsonl``: one row per edit kind or removed line of each kept document;
- ``report.json`` and ``report.html``;
- ``.corpusclean-work/`` while a run is going on: its passes' files, what ``--resume``
  reads. It is removed when the run completes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

FORMATS = ("jsonl", "jsonl.gz", "jsonl.zst", "parquet", "txt")
REJECTED = "rejected.jsonl"
CHANGES = "changes.jsonl"
REPORT = "report.json"
REPORT_HTML = "report.html"
WORK = ".corpusclean-work"


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    return fmt


def corpus_name(fmt: str, index: int | None) -> str:
    """``corpus.jsonl`` unsharded, ``corpus-00003.jsonl.gz`` for shard 3; txt: folders."""
    stem = "corpus" if index is None else f"corpus-{index:05d}"
    return stem if fmt == "txt" else f"{stem}.{fmt}"


def corpus_format(name: str) -> str | None:
    """The format of a corpus file (or txt folder) named ``name``, or ``None``."""
    stem, dot, ext = name.partition(".")
    if stem != "corpus" and not (stem.startswith("corpus-") and stem[7:].isdigit()):
        return None
    if not dot:
        return "txt"
    return ext if ext in FORMATS else None


@dataclass(frozen=True)
class OutputLayout:
    """The names of one output folder's files, for a format and sharding."""

    folder: Path
    fmt: str = "jsonl"
    shard_size: int = 0
    rejected_to: Path | None = None  # rejected documents elsewhere (``--rejected``)

    def __post_init__(self) -> None:
        check_format(self.fmt)

    def corpus(self, index: int | None = None) -> Path:
        return self.folder / corpus_name(self.fmt, index)

    @property
    def rejected(self) -> Path:
        return self.rejected_to or self.folder / REJECTED

    @property
    def changes(self) -> Path:
        return self.folder / CHANGES

    @property
    def report(self) -> Path:
        return self.folder / REPORT

    @property
    def report_html(self) -> Path:
        return self.folder / REPORT_HTML

    @property
    def work(self) -> Path:
        return self.folder / WORK

    def corpus_files(self) -> list[Path]:
        """This format's corpus files (or txt folders) now in the folder, in shard order."""
        return corpus_files(self.folder, self.fmt)


def corpus_files(folder: Path, fmt: str | None = None) -> list[Path]:
    """Corpus files of format ``fmt`` (any format when ``None``) in ``folder``, sorted."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if (found := corpus_format(p.name)) and fmt in (None, found)
    )
