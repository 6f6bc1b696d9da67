"""Corpus file formats, sharding, and one schema for every row.

A corpus is loaded by tools that infer a schema: ``datasets.load_dataset("json")`` takes
it from the first ~10 MB and fails on a later row that brings a new key inside ``tags``,
``edits`` or ``meta``; Parquet needs one schema per file. Documents differ in which
edits, tags and input fields they have, so the writer first spills rows as plain JSONL
(fast, streaming, in the output folder), collects the union of keys of those three
objects, and on commit encodes each shard into the chosen format with every key present
on every row (``null`` where a document has none). What it will not fix: one key holding
values of different types in different rows (an input field that is a number here and a
string there), which no schema can hold; and keys nested deeper than one level.

Formats: ``jsonl``, ``jsonl.gz`` (fixed mtime, so identical bytes each run),
``jsonl.zst``, ``parquet`` (pyarrow, the ``parquet`` extra; one shard is held in memory
while it is encoded, so use ``shard_size`` on large runs) and ``txt`` (one plain text
file per document, named by its id, for tools that want files).
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import orjson

from ..errors import ConfigError, MissingDependencyError

FORMATS = ("jsonl", "jsonl.gz", "jsonl.zst", "parquet", "txt")
OPEN_OBJECTS = ("tags", "edits", "meta")  # objects whose keys differ between documents


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ConfigError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
    return fmt


def shard_name(fmt: str, index: int | None) -> str:
    """``corpus.jsonl`` unsharded, ``corpus-00003.jsonl.gz`` for shard 3; txt: folders."""
    stem = "corpus" if index is None else f"corpus-{index:05d}"
    return stem if fmt == "txt" else f"{stem}.{fmt}"


def is_corpus_output(name: str, fmt: str) -> bool:
    """Whether ``name`` is a corpus file (or txt folder) of format ``fmt``, sharded or not."""
    stem, dot, ext = name.partition(".")
    if stem != "corpus" and not (stem.startswith("corpus-") and stem[7:].isdigit()):
        return False
    return (not dot) if fmt == "txt" else ext == fmt


def _dumps(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


class TableShards:
    """Rows spilled as JSONL shards, encoded to the final format on ``finish``."""

    def __init__(self, out: Path, fmt: str, shard_size: int) -> None:
        if fmt == "parquet":
            _require_pyarrow()
        self.out, self.fmt, self.shard_size = out, fmt, shard_size
        #: For each open object, each key seen and the JSON types of its values.
        self.keys: dict[str, dict[str, set[type]]] = {name: {} for name in OPEN_OBJECTS}
        self.spills: list[Path] = []
        self._fh: IO[bytes] | None = None
        self._rows = 0

    def add(self, record: dict[str, Any]) -> None:
        if self._fh is None or (self.shard_size and self._rows >= self.shard_size):
            self._roll()
        assert self._fh is not None
        for name in OPEN_OBJECTS:
            seen = self.keys[name]
            for key, value in (record.get(name) or {}).items():
                types = seen.setdefault(key, set())
                if value is not None:
                    types.add(type(value))
        self._fh.write(_dumps(record))
        self._rows += 1

    def _roll(self) -> None:
        if self._fh is not None:
            self._fh.close()
        fd, tmp = tempfile.mkstemp(prefix=".corpus-spill-", suffix=".jsonl", dir=self.out)
        self._fh = os.fdopen(fd, "wb", buffering=1 << 20)
        self.spills.append(Path(tmp))
        self._rows = 0

    def finish(self) -> list[Path]:
        """Encode every shard into its final name (atomically); returns the paths written."""
        if self._fh is not None:
            self._fh.close()
        if not self.spills:  # an empty corpus is still a (empty) file
            self._roll()
            assert self._fh is not None
            self._fh.close()
        fill = {name: _fillers(keys) for name, keys in self.keys.items()}
        sharded = bool(self.shard_size)
        written = []
        for i, spill in enumerate(self.spills):
            final = self.out / shard_name(self.fmt, i if sharded else None)
            tmp = final.with_name(f".{final.name}.tmp")
            with spill.open("rb") as src:
                rows = (_complete(orjson.loads(line), fill) for line in src)
                _ENCODERS[self.fmt](rows, tmp)
            spill.unlink()
            written.append(tmp)
        if self.fmt == "parquet":
            _unify_parquet(written)
        finals = []
        for tmp in written:
            final = tmp.with_name(tmp.name[1:].removesuffix(".tmp"))
            os.replace(tmp, final)
            finals.append(final)
        return finals

    def discard(self) -> None:
        if self._fh is not None:
            self._fh.close()
        for spill in self.spills:
            spill.unlink(missing_ok=True)


_EMPTY: dict[type, Any] = {bool: False, int: 0, float: 0.0, str: "", list: [], dict: {}}


def _fillers(keys: dict[str, set[type]]) -> dict[str, tuple[Any, bool]]:
    """Per key: the value a document without it gets, and whether ints become floats.

    The empty value of the key's one type (``0`` for an edit count a document does not
    have is exact); ``None`` where no document had a value or types conflict. A ``null``
    in the first rows and a string later is what makes ``datasets`` fail, hence no null
    where a type is known. ``1`` and ``0.5`` in one key are both written as floats.
    """
    fillers = {}
    for key, types in sorted(keys.items()):
        if types == {int, float}:
            fillers[key] = (0.0, True)
        elif len(types) == 1:
            (kind,) = types
            fillers[key] = (_EMPTY.get(kind), False)
        else:
            fillers[key] = (None, False)
    return fillers


def _complete(
    record: dict[str, Any], fill: dict[str, dict[str, tuple[Any, bool]]]
) -> dict[str, Any]:
    """Give the row every key seen in the run, each with the run's one type."""
    for name, fillers in fill.items():
        values = record.get(name) or {}
        completed = {}
        for key, (empty, to_float) in fillers.items():
            value = values.get(key)
            if value is None:
                value = empty
            elif to_float and type(value) is int:
                value = float(value)
            completed[key] = value
        record[name] = completed
    return record


def _unify_parquet(paths: list[Path]) -> None:
    """Rewrite shards whose Arrow schema differs from the union of all (typed nulls)."""
    if len(paths) < 2:
        return
    pa, pq = _require_pyarrow()
    schemas = [pq.read_schema(p) for p in paths]
    unified = pa.unify_schemas(schemas, promote_options="permissive")
    for path, schema in zip(paths, schemas, strict=True):
        if not schema.equals(unified):
            table = pq.read_table(path).select(unified.names).cast(unified)
            pq.write_table(table, path, compression="zstd")


def _write_jsonl(rows: Any, path: Path, wrap: Callable[[IO[bytes]], IO[bytes]] | None) -> None:
    with path.open("wb") as raw:
        fh = wrap(raw) if wrap else raw
        for row in rows:
            fh.write(_dumps(row))
        if wrap:
            fh.close()


def _gzip(raw: IO[bytes]) -> IO[bytes]:
    # mtime=0 and no file name: the same rows always give the same bytes.
    return gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)


def _zstd(raw: IO[bytes]) -> IO[bytes]:
    import zstandard

    return zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False)


def _write_parquet(rows: Any, path: Path) -> None:
    pa, pq = _require_pyarrow()
    table = pa.Table.from_pylist(list(rows))
    for i, column in enumerate(table.schema):
        # Parquet cannot store a struct with no fields (``meta`` when no input had any).
        if pa.types.is_struct(column.type) and column.type.num_fields == 0:
            table = table.set_column(i, column.name, pa.nulls(len(table)))
    pq.write_table(table, path, compression="zstd")


def _require_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependencyError("pyarrow", "parquet") from None
    return pyarrow, pyarrow.parquet


_ENCODERS: dict[str, Callable[[Any, Path], None]] = {
    "jsonl": lambda rows, path: _write_jsonl(rows, path, None),
    "jsonl.gz": lambda rows, path: _write_jsonl(rows, path, _gzip),
    "jsonl.zst": lambda rows, path: _write_jsonl(rows, path, _zstd),
    "parquet": _write_parquet,
}


class TextFiles:
    """One UTF-8 ``<id>.txt`` per document in ``corpus/`` (or ``corpus-NNNNN/`` shards).

    Files go to a hidden folder that is renamed into place on ``finish``, so a failed run
    leaves no half-filled folder that looks complete.
    """

    def __init__(self, out: Path, shard_size: int) -> None:
        self.out, self.shard_size = out, shard_size
        self.tmp = Path(tempfile.mkdtemp(prefix=".corpus-txt-", dir=out))
        self._count = 0

    def add(self, record: dict[str, Any]) -> None:
        index = self._count // self.shard_size if self.shard_size else None
        folder = self.tmp / shard_name("txt", index)
        if self._count == 0 or (self.shard_size and self._count % self.shard_size == 0):
            folder.mkdir()
        (folder / f"{record['id']}.txt").write_bytes(record["text"].encode("utf-8"))
        self._count += 1

    def finish(self) -> list[Path]:
        if self._count == 0:
            (self.tmp / shard_name("txt", 0 if self.shard_size else None)).mkdir()
        written = []
        for folder in sorted(self.tmp.iterdir()):
            final = self.out / folder.name
            if final.exists():
                shutil.rmtree(final)
            folder.rename(final)
            written.append(final)
        self.tmp.rmdir()
        return written

    def discard(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def remove_stale(out: Path, fmt: str, keep: list[Path]) -> None:
    """Delete corpus files of format ``fmt`` that an earlier run left and this one did not write.

    Without this, a glob such as ``corpus-*.jsonl`` would mix this run's shards with an
    earlier run's extra shards. Only this format's corpus names are touched: files of
    other formats, and anything else in the folder, are never removed.
    """
    kept = {p.name for p in keep}
    for path in out.iterdir():
        if path.name in kept or not is_corpus_output(path.name, fmt):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
