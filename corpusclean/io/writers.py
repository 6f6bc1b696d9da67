"""Write the corpus, the rejected documents and the report: atomically, deterministically.

Each output file is written under a temporary name in the output folder and renamed
into place only when the run completes, so a crashed or interrupted run never leaves a
half-written corpus that looks complete. Records are serialised with sorted keys in
nested objects, so the same documents always give the same bytes.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import orjson

from ..document import Document
from ..errors import OutputError
from .formats import TableShards, TextFiles, check_format, remove_stale

CORPUS = "corpus.jsonl"
REJECTED = "rejected.jsonl"
REPORT = "report.json"


def kept_record(doc: Document) -> dict[str, Any]:
    """The corpus line of a kept document (the output contract, see the README).

    Every field has one type on every row, so schema-inferring readers (Arrow, pandas,
    ``datasets``) load it as is: ``lang_score`` is always a float, and a span is an object
    ``{"start", "end", "kind"}`` because a ``[start, end, kind]`` array mixes numbers and
    strings, which no columnar type can hold.
    """
    tags = dict(doc.tags)
    lang = tags.pop("lang", "und")
    lang_score = float(tags.pop("lang_score", 0.0))
    return {
        "id": doc.id,
        "source": doc.source,
        "text": doc.text,
        "lang": lang,
        "lang_score": lang_score,
        "spans": [span._asdict() for span in doc.spans],
        "tags": tags,
        "edits": dict(sorted(doc.edits.items())),
        "removed": [removal._asdict() for removal in doc.removed],
        "meta": doc.meta,
    }


def rejected_record(doc: Document) -> dict[str, Any]:
    """The rejected line: the reason, and the text as it arrived (where it could be read)."""
    return {
        "id": doc.id,
        "source": doc.source,
        "reason": doc.rejected,
        "text": doc.original,
        "tags": doc.tags,
        "edits": dict(sorted(doc.edits.items())),
        "removed": [removal._asdict() for removal in doc.removed],
        "meta": doc.meta,
    }


def dumps(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


class AtomicFile:
    """A file written under a temporary name and renamed into place on ``commit``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        self.fh: IO[bytes] = os.fdopen(fd, "wb", buffering=1 << 20)

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        self.fh.close()
        os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        self.fh.close()
        self._tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def prepare_output(out: str | Path) -> Path:
    """Create the output folder if needed and check that it can be written."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise OutputError(f"output path exists and is not a folder: {out}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    return path


class CorpusWriter:
    """Routes each document to the corpus or the rejected file.

    ``out=None`` streams the corpus to standard output as JSONL (``-o -``); rejected
    documents then go to ``rejected`` if a path is given, else they are only counted.
    ``fmt`` is one of :data:`corpusclean.io.formats.FORMATS`; ``shard_size`` > 0 splits
    the corpus into ``corpus-00000.<fmt>``, ... of that many documents each. The rejected
    file is always JSONL: it is read by people and by ``explain``, not by trainers.
    """

    def __init__(
        self,
        out: Path | None,
        rejected: Path | None = None,
        fmt: str = "jsonl",
        shard_size: int = 0,
    ) -> None:
        self.out = out
        self._files: list[AtomicFile] = []
        self._shards: TableShards | TextFiles | None = None
        self.fmt = fmt
        if out is None and fmt != "jsonl":
            raise OutputError(f"-o - streams JSONL only; write {fmt} to a folder with -o OUT")
        if out is not None:
            check_format(fmt)
            if fmt == "txt":
                self._shards = TextFiles(out, shard_size)
            else:
                self._shards = TableShards(out, fmt, shard_size)
            rejected = rejected or out / REJECTED
        self._rejected = self._open(rejected) if rejected is not None else None

    def _open(self, path: Path) -> AtomicFile:
        handle = AtomicFile(path)
        self._files.append(handle)
        return handle

    def write(self, doc: Document) -> None:
        if doc.rejected is None:
            if self._shards is not None:
                self._shards.add(kept_record(doc))
            else:
                sys.stdout.buffer.write(dumps(kept_record(doc)))
        elif self._rejected is not None:
            self._rejected.write(dumps(rejected_record(doc)))

    def write_all(self, docs: Iterable[Document]) -> None:
        for doc in docs:
            self.write(doc)

    def commit(self) -> None:
        if self._shards is not None and self.out is not None:
            remove_stale(self.out, self.fmt, self._shards.finish())
        else:
            sys.stdout.buffer.flush()
        for handle in self._files:
            handle.commit()

    def discard(self) -> None:
        if self._shards is not None:
            self._shards.discard()
        for handle in self._files:
            handle.discard()

    def __enter__(self) -> CorpusWriter:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def write_json(path: Path, data: Any) -> None:
    """Write one JSON document atomically (pretty-printed: people read the report)."""
    handle = AtomicFile(path)
    try:
        handle.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    except BaseException:
        handle.discard()
        raise
    handle.commit()
