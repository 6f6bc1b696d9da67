"""Corpus files: each worker writes its shard's rows as a *part*; parts become the corpus.

A worker writes the kept rows of its shard in the final format with the declared schema
(:mod:`corpusclean.schema`), streaming: one row group at a time for Parquet, so memory
stays flat at any size. When every shard is done, :func:`assemble` turns the parts into
the corpus files:

- one file (``shard_size=0``): gzip parts are concatenated byte for byte (a gzip file
  may hold several members; every reader takes them in order); JSONL parts (kept
  zstd-compressed while they wait) and zstd parts are decompressed and written into one
  stream, since some readers stop at the end of the first zstd frame; Parquet parts are
  copied row group by row group into one file;
- files of ``shard_size`` documents each: rows are copied across, cut every
  ``shard_size`` rows.

Either way the parent process copies bytes, lines or row groups; it never parses a
document. Parts stay until the corpus is complete (a resume after a crash here needs
them); they are compressed, so they cost a fraction of the corpus on disk.
The same parts always give the same bytes (gzip members carry no time or name), so the
output is byte-identical whatever the number of workers.

Formats: ``jsonl``, ``jsonl.gz``, ``jsonl.zst``, ``parquet`` (pyarrow, the ``parquet``
extra) and ``txt`` (one plain text file per document, named by its id).
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ..document import Document
from ..errors import MissingDependencyError
from ..schema import CorpusSchema
from .layout import OutputLayout, corpus_files

#: A Parquet row group is written when this many bytes of text are waiting (or rows).
ROW_GROUP_BYTES = 32 << 20
ROW_GROUP_ROWS = 20_000


class PartWriter:
    """The kept rows of one shard, in the corpus format, written as they come."""

    def __init__(self, path: Path, fmt: str, schema: CorpusSchema) -> None:
        self.path, self.fmt, self.schema = path, fmt, schema
        self.rows = 0
        self._buffer: list[dict[str, Any]] = []
        self._buffered_bytes = 0
        self._raw: IO[bytes] | None = None
        self._fh: IO[bytes] | None = None
        self._parquet: Any = None
        if fmt == "txt":
            path.mkdir(parents=True, exist_ok=True)
        elif fmt == "parquet":
            _, pq = require_pyarrow()
            self._arrow = schema.arrow()
            self._parquet = pq.ParquetWriter(path, self._arrow, compression="zstd")
        else:
            self._raw = path.open("wb")
            self._fh = _compressor(_part_format(fmt), self._raw, level=1)

    def add(self, doc: Document) -> None:
        """Write one kept document's row (columns in schema order: ``id`` and ``text`` first)."""
        self.rows += 1
        if self.fmt == "txt":
            (self.path / f"{doc.id}.txt").write_bytes(doc.text.encode("utf-8"))
            return
        row = self.schema.row(doc, meta_as_json=self.fmt == "parquet")
        if self._parquet is None:
            assert self._fh is not None
            self._fh.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))
            return
        self._buffer.append(row)
        self._buffered_bytes += len(doc.text)
        if self._buffered_bytes >= ROW_GROUP_BYTES or len(self._buffer) >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            pa, _ = require_pyarrow()
            self._parquet.write_table(pa.Table.from_pylist(self._buffer, schema=self._arrow))
            self._buffer, self._buffered_bytes = [], 0

    def close(self) -> int:
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
        elif self._fh is not None and self._raw is not None:
            if self._fh is not self._raw:
                self._fh.close()
            self._raw.close()
        return self.rows


def _part_format(fmt: str) -> str:
    """Plain JSONL parts are kept zstd-compressed: they are temporary files, and a part
    the size of its text would double the disk a run needs."""
    return "jsonl.zst" if fmt == "jsonl" else fmt


def _compressor(fmt: str, raw: IO[bytes], level: int = 3) -> IO[bytes]:
    if fmt == "jsonl.gz":
        # mtime=0 and no file name: the same rows always give the same bytes.
        return gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)  # type: ignore[return-value]
    if fmt == "jsonl.zst":
        import zstandard

        return zstandard.ZstdCompressor(level=level).stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return raw


def _lines(path: Path, fmt: str) -> Iterator[bytes]:
    """The JSONL lines of a part, decompressed."""
    with path.open("rb") as raw:
        if fmt == "jsonl.gz":
            yield from gzip.GzipFile(fileobj=raw, mode="rb")
        elif fmt == "jsonl.zst":
            import io

            import zstandard

            reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
            yield from io.BufferedReader(reader)  # type: ignore[arg-type]
        else:
            yield from raw


def assemble(layout: OutputLayout, parts: list[Path], schema: CorpusSchema) -> list[Path]:
    """Turn the shards' parts (in shard order) into the corpus files; returns their paths.

    Corpus files of this format that an earlier run left and this one did not write are
    removed, so that a glob such as ``corpus-*.jsonl`` never mixes two runs.
    """
    fmt, size = layout.fmt, layout.shard_size
    if fmt == "txt":
        written = _assemble_txt(layout, parts)
    elif fmt == "parquet":
        written = _assemble_parquet(layout, parts, schema)
    elif size == 0 and fmt == "jsonl.gz":
        written = [_concatenate(layout.corpus(None), parts)]
    else:
        written = _assemble_lines(layout, parts)
    kept = {p.name for p in written}
    for stale in corpus_files(layout.folder, fmt):
        if stale.name not in kept:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    return written


def _concatenate(final: Path, parts: list[Path]) -> Path:
    tmp = final.with_name(f".{final.name}.tmp")
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
    os.replace(tmp, final)
    return final


def _assemble_lines(layout: OutputLayout, parts: list[Path]) -> list[Path]:
    """JSONL-family files of ``shard_size`` rows (or one file), rows copied across parts."""
    size = layout.shard_size
    written: list[Path] = []
    out: IO[bytes] | None = None
    raw: IO[bytes] | None = None
    rows = 0

    def close() -> None:
        if out is not None and raw is not None:
            if out is not raw:
                out.close()
            raw.close()
            tmp = Path(raw.name)
            final = tmp.with_name(tmp.name[1:].removesuffix(".tmp"))
            os.replace(tmp, final)
            written.append(final)

    def open_next() -> tuple[IO[bytes], IO[bytes]]:
        final = layout.corpus(len(written) if size else None)
        handle = final.with_name(f".{final.name}.tmp").open("wb")
        return handle, _compressor(layout.fmt, handle)

    for part in parts:
        for line in _lines(part, _part_format(layout.fmt)):
            if out is None or (size and rows >= size):
                close()
                raw, out = open_next()
                rows = 0
            out.write(line)
            rows += 1
    if out is None:  # an empty corpus is still a (empty) file
        raw, out = open_next()
    close()
    return written


def _assemble_parquet(layout: OutputLayout, parts: list[Path], schema: CorpusSchema) -> list[Path]:
    _, pq = require_pyarrow()
    arrow = schema.arrow()
    size = layout.shard_size
    written: list[Path] = []
    writer: Any = None
    rows = 0

    def close() -> None:
        if writer is not None:
            writer.close()
            tmp = Path(writer.where)
            final = tmp.with_name(tmp.name[1:].removesuffix(".tmp"))
            os.replace(tmp, final)
            written.append(final)

    def open_next() -> Any:
        final = layout.corpus(len(written) if size else None)
        return pq.ParquetWriter(
            str(final.with_name(f".{final.name}.tmp")), arrow, compression="zstd"
        )

    for part in parts:
        source = pq.ParquetFile(part)
        for group in range(source.num_row_groups):
            table = source.read_row_group(group)
            while table.num_rows:
                if writer is None or (size and rows >= size):
                    close()
                    writer, rows = open_next(), 0
                take = table.num_rows if not size else min(table.num_rows, size - rows)
                writer.write_table(table.slice(0, take))
                rows += take
                table = table.slice(take)
    if writer is None:
        writer = open_next()
        writer.write_table(arrow.empty_table())
    close()
    return written


def _assemble_txt(layout: OutputLayout, parts: list[Path]) -> list[Path]:
    """Move the parts' ``<id>.txt`` files into ``corpus/`` (or folders of ``shard_size``)."""
    size = layout.shard_size
    staging = layout.folder / ".corpus-txt.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    count = 0
    folders: list[Path] = []
    for part in parts:
        for file in sorted(part.iterdir()) if part.is_dir() else ():
            index = count // size if size else None
            folder = staging / (layout.corpus(index).name)
            if not folders or folders[-1] != folder:
                folder.mkdir(exist_ok=True)
                folders.append(folder)
            os.replace(file, folder / file.name)
            count += 1
    if not folders:
        folders.append(staging / layout.corpus(0 if size else None).name)
        folders[-1].mkdir()
    written = []
    for folder in folders:
        final = layout.folder / folder.name
        if final.exists():
            shutil.rmtree(final)
        os.replace(folder, final)
        written.append(final)
    staging.rmdir()
    return written


def require_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise MissingDependencyError("pyarrow", "parquet") from None
    return pyarrow, pyarrow.parquet
