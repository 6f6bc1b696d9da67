"""Parquet input: one document per row, the ``text_field`` column as its text.

Read row group by row group, in batches of :data:`BATCH_ROWS` rows, so memory holds one
batch whatever the file's size; :func:`split_parquet` cuts a file by row groups for
workers. The other columns go into ``meta`` as Python values the writer can serialise: decimals and
durations become strings (JSON has neither); binary columns (images, embeddings
stored as bytes) are left out, as JSON cannot hold bytes and they are not text.

A row's source is ``<file>#<n>``, ``n`` counting rows from 1 like JSONL lines. A file
without a string column named ``text_field`` is one document rejected ``no_text``
(one per row would flood ``rejected.jsonl`` with copies of the same fact); a row whose
text is null is rejected ``no_text`` on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document, document_id
from ..errors import MissingDependencyError
from .inputs import InputFile, Limits, Part, looks_like_page, too_large, unreadable
from .streams import StreamError, open_raw, reading

#: Rows converted to Python at a time: bounds memory on files with huge row groups.
BATCH_ROWS = 1024


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingDependencyError("pyarrow", "parquet") from None
    return pa, pq


def split_parquet(input_file: InputFile, target_bytes: int) -> list[Part]:
    """Consecutive row groups of about ``target_bytes`` (uncompressed) each."""
    _, pq = _pyarrow()
    try:
        with reading(), open_raw(input_file.path) as fh:
            meta = pq.ParquetFile(fh).metadata
    except (StreamError, OSError, ValueError):
        return [Part()]  # read_parquet reports the failure
    if meta.num_row_groups <= 1:
        return [Part()]
    parts: list[Part] = []
    start, size = 0, 0
    for i in range(meta.num_row_groups):
        size += meta.row_group(i).total_byte_size
        if size >= target_bytes or i == meta.num_row_groups - 1:
            parts.append(Part(start, i + 1, size=size))
            start, size = i + 1, 0
    return parts


def read_parquet(
    input_file: InputFile, text_field: str, part: Part, limits: Limits
) -> Iterator[Document]:
    """The rows of the row groups ``part.start`` to ``part.end`` of one Parquet file."""
    pa, pq = _pyarrow()
    source = input_file.source
    try:
        with reading(), open_raw(input_file.path) as fh:
            pf = pq.ParquetFile(fh)
            yield from _rows(pa, pf, source, text_field, part, limits)
    except StreamError as exc:
        yield unreadable(source, exc.why, "", error=str(exc))
    except (pa.ArrowException, OSError, ValueError) as exc:
        yield unreadable(source, "corrupt", "", error=f"{type(exc).__name__}: {exc}"[:500])


def _rows(
    pa: Any, pf: Any, source: str, text_field: str, part: Part, limits: Limits
) -> Iterator[Document]:
    schema = pf.schema_arrow
    field = schema.field(text_field) if text_field in schema.names else None
    if field is None or not (
        pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
    ):
        found = f"column {text_field!r} is {field.type}" if field else f"no column {text_field!r}"
        yield unreadable(
            source, "no_text", "", error=f"{found}; columns: {', '.join(schema.names)}"
        )
        return
    meta_columns = [f.name for f in schema if f.name != text_field and not _has_binary(pa, f.type)]
    meta = pf.metadata
    stop = meta.num_row_groups if part.end is None else part.end
    row = sum(meta.row_group(i).num_rows for i in range(part.start))
    cap = limits.max_document_bytes
    for group in range(part.start, stop):
        batches = pf.iter_batches(
            batch_size=BATCH_ROWS, row_groups=[group], columns=[text_field, *meta_columns]
        )
        for batch in batches:
            texts = batch.column(text_field).to_pylist()
            metas = _meta_rows(pa, batch, meta_columns)
            for text, values in zip(texts, metas, strict=True):
                row += 1
                row_source = f"{source}#{row}"
                if text is None:
                    yield unreadable(row_source, "no_text", "", error=f"{text_field!r} is null")
                elif len(text) > cap:
                    yield too_large(row_source, len(text), cap)
                else:
                    doc = Document(
                        id=document_id(row_source), source=row_source, text=text,
                        original=text, meta=values,
                    )  # fmt: skip
                    if looks_like_page(text):
                        doc.tags["format"] = "html"
                    yield doc


def _meta_rows(pa: Any, batch: Any, columns: list[str]) -> list[dict[str, Any]]:
    """The meta columns of a batch as one JSON-ready dict per row."""
    if not columns:
        return [{} for _ in range(batch.num_rows)]
    converted = {}
    for name in columns:
        column = batch.column(name)
        if pa.types.is_duration(column.type) or pa.types.is_decimal(column.type):
            column = column.cast(pa.string())
        converted[name] = column.to_pylist()
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*converted.values(), strict=True)
    ]


def _has_binary(pa: Any, type_: Any) -> bool:
    """Whether a column's type is or holds bytes (``struct<bytes, path>`` images, ...)."""
    if (
        pa.types.is_binary(type_)
        or pa.types.is_large_binary(type_)
        or pa.types.is_fixed_size_binary(type_)
    ):
        return True
    return any(_has_binary(pa, type_.field(i).type) for i in range(type_.num_fields))
