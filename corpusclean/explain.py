"""What happened to one document: find its record in an output folder and lay it out.

``corpusclean explain OUT DOC_ID`` prints this; the library part here finds the record
and turns it into rows, so the command stays a thin printer and tests need no terminal.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import InputError

#: Tags that explain a document's path: how it was extracted, what kind of junk it is,
#: which bound it hit, which stage failed on it.
NOTE_TAGS = ("extract", "extract_limit", "boilerplate", "boilerplate_share", "error")

#: Files searched, in order: the kept corpus (plain or gzip) and the rejected documents.
RECORD_FILES = ("corpus.jsonl", "corpus.jsonl.gz", "rejected.jsonl")


@dataclass
class Explanation:
    """One document's fate: kept or the rejection reason, its removed lines, its edits."""

    id: str
    source: str
    status: str  # "kept" or "rejected: <reason>"
    removed: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, reason, text)
    edits: list[tuple[str, int]] = field(default_factory=list)  # ("repair.unicode.space", 3)
    meta: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)  # tags that say why: extract, error, ...


def _records(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def find_record(out: str | Path, doc_id: str) -> tuple[dict[str, Any], bool]:
    """The output record of ``doc_id`` and whether it was kept; a one-line error if absent."""
    folder = Path(out)
    files = [folder / name for name in RECORD_FILES if (folder / name).is_file()]
    if not files:
        raise InputError(f"no corpus.jsonl or rejected.jsonl in {out}: is it a 'clean' output?")
    for path in files:
        for record in _records(path):
            if record.get("id") == doc_id:
                return record, path.name != "rejected.jsonl"
    raise InputError(f"no document with id {doc_id!r} in {out} (ids are in the 'id' field)")


def explain(out: str | Path, doc_id: str) -> Explanation:
    """Why ``doc_id`` in the output folder ``out`` looks as it does."""
    record, kept = find_record(out, doc_id)
    # A removed line is also counted in edits under "<stage>.<reason>"; it is listed once.
    removal_keys = {f"{r['stage']}.{r['reason']}" for r in record.get("removed", [])}
    # Zero counts and empty values are the writer's padding (every row of a run carries
    # the same keys, so that dataset loaders see one schema): they say nothing here.
    return Explanation(
        id=doc_id,
        source=str(record.get("source", "")),
        status="kept" if kept else f"rejected: {record.get('reason')}",
        removed=[(r["stage"], r["reason"], r["text"]) for r in record.get("removed", [])],
        edits=sorted(
            (k, int(v)) for k, v in record.get("edits", {}).items() if v and k not in removal_keys
        ),
        meta={
            k: v
            for k, v in record.get("meta", {}).items()
            if isinstance(v, str | int | float) and v != ""
        },
        notes={k: v for k in NOTE_TAGS if (v := record.get("tags", {}).get(k)) not in (None, "")},
    )
