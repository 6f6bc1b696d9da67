"""What happened to one document: find its records in an output folder and lay them out.

``corpusclean explain OUT DOC_ID`` prints this; the library part here finds the records
and turns them into rows, so the command stays a thin printer and tests need no terminal.
A kept document is looked up in the corpus files of every format and shard the folder
holds, with its edits and removed lines from ``changes.jsonl``; a dropped one in
``rejected.jsonl``, which carries them itself.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import InputError
from .io.layout import CHANGES, REJECTED, corpus_files, corpus_format

#: Tags that explain a document's path: how it was extracted, what kind of junk it is,
#: which bound it hit, which stage failed on it.
NOTE_TAGS = ("title", "extract", "extract_limit", "boilerplate", "boilerplate_share", "error")


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


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as raw:
        if path.name.endswith(".gz"):
            fh: Any = gzip.GzipFile(fileobj=raw)
        elif path.name.endswith(".zst"):
            import zstandard

            fh = io.BufferedReader(
                zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            )
        else:
            fh = raw
        for line in fh:
            if line.strip():
                yield orjson.loads(line)


def _corpus_rows(path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
    """Rows of one corpus file (or txt folder) that may be ``doc_id``."""
    fmt = corpus_format(path.name)
    if fmt == "txt":
        if (path / f"{doc_id}.txt").is_file():
            yield {"id": doc_id, "source": "", "tags": {}, "meta": {}}
    elif fmt == "parquet":
        from .io.formats import require_pyarrow

        _, pq = require_pyarrow()
        table = pq.read_table(
            path, columns=["id", "source", "tags", "meta"], filters=[("id", "=", doc_id)]
        )
        for row in table.to_pylist():
            row["meta"] = orjson.loads(row["meta"]) if isinstance(row["meta"], str) else {}
            yield row
    else:
        yield from _jsonl(path)


def find_record(out: str | Path, doc_id: str) -> tuple[dict[str, Any], bool]:
    """The output record of ``doc_id`` and whether it was kept; a one-line error if absent."""
    folder = Path(out)
    corpus = corpus_files(folder)
    rejected = folder / REJECTED
    if not corpus and not rejected.is_file():
        raise InputError(f"no corpus or {REJECTED} in {out}: is it the output folder of 'clean'?")
    for path in corpus:
        for record in _corpus_rows(path, doc_id):
            if record.get("id") == doc_id:
                return record, True
    if rejected.is_file():
        for record in _jsonl(rejected):
            if record.get("id") == doc_id:
                return record, False
    raise InputError(f"no document with id {doc_id!r} in {out} (ids are in the 'id' field)")


def _changes(folder: Path, doc_id: str) -> tuple[list[tuple[str, str, str]], dict[str, int]]:
    """The removed lines and edit counts of a kept document, from ``changes.jsonl``."""
    removed: list[tuple[str, str, str]] = []
    edits: dict[str, int] = {}
    path = folder / CHANGES
    if not path.is_file():
        return removed, edits
    for row in _jsonl(path):
        if row["id"] != doc_id:
            continue
        if row["kind"] == "removed":
            stage, _, reason = row["change"].rpartition(".")
            removed.append((stage, reason, row["text"]))
        else:
            edits[row["change"]] = int(row["count"])
    return removed, edits


def explain(out: str | Path, doc_id: str) -> Explanation:
    """Why ``doc_id`` in the output folder ``out`` looks as it does."""
    record, kept = find_record(out, doc_id)
    if kept:
        removed, edits = _changes(Path(out), doc_id)
    else:
        removed = [(r["stage"], r["reason"], r["text"]) for r in record.get("removed", [])]
        edits = {k: int(v) for k, v in record.get("edits", {}).items()}
    # A removed line is also counted in edits under "<stage>.<reason>"; it is listed once.
    removal_keys = {f"{stage}.{reason}" for stage, reason, _ in removed}
    # Empty values in tags are the writer's padding (every row of a run carries the same
    # fields, so that dataset loaders see one schema): they say nothing here.
    tags = record.get("tags") or {}
    return Explanation(
        id=doc_id,
        source=str(record.get("source", "")),
        status="kept" if kept else f"rejected: {record.get('reason')}",
        removed=removed,
        edits=sorted((k, v) for k, v in edits.items() if v and k not in removal_keys),
        meta={
            k: v
            for k, v in (record.get("meta") or {}).items()
            if isinstance(v, str | int | float) and v != ""
        },
        notes={k: v for k in NOTE_TAGS if (v := tags.get(k)) is not None and (v or not kept)},
    )
