"""Find input files and turn them into documents, never losing one and never blowing up.

Inputs are files, folders (walked recursively, in sorted order, hidden files skipped),
URLs that fsspec can open (``s3://``, ``gs://``, ``hf://``, ``https://``, ``memory://``:
files, folders or globs) or ``-`` for JSONL on standard input. Formats are known by
suffix: ``.txt``/``.md``, ``.html``/``.htm``, ``.jsonl``/``.ndjson`` (each optionally
``.gz``, ``.bz2``, ``.xz`` or ``.zst`` compressed), ``.warc``/``.warc.gz`` (one document
per HTML response, see :mod:`.warc`) and ``.parquet`` (see :mod:`.parquet_input`). A file
of any other suffix is read as text if it decodes as text.

Whatever cannot be read becomes a *rejected* document with a reason, so that it reaches
``rejected.jsonl`` and the run goes on: ``unreadable:<why>`` for damage (the CLI counts
these as failures) and ``too_large`` for a document over a cap of :class:`Limits`. Every
read is bounded by those caps: a decompression bomb costs the cap, not its size.

Workers read their own shards: :func:`split_file` cuts a file into :class:`Part` s, and
:func:`read_file` reads one part, giving each document the id and source it gets when
the whole file is read.
"""

from __future__ import annotations

import io
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ..document import Document, document_id
from ..errors import InputError
from .inputs import (
    DEFAULT_LIMITS,
    InputFile,
    Limits,
    Part,
    file_format,
    from_bytes,
    looks_like_page,
    printable,
    too_large,
    unreadable,
)
from .parquet_input import read_parquet, split_parquet
from .remote import is_url, list_url
from .streams import CHUNK, LineReader, StreamError, open_stream, read_capped
from .warc import read_warc


def discover(inputs: Iterable[str | Path | InputFile]) -> list[InputFile]:
    """Expand files, folders and URLs into a sorted, duplicate-free list of input files.

    ``source`` names are relative to the parent of each input root, so they do not
    depend on where the command is run from or where the data lives. A name that is
    not valid UTF-8 keeps its bad bytes as ``\\xNN`` escapes in ``source`` (the path
    itself still opens the file).
    """
    found: dict[str, InputFile] = {}
    for item in inputs:
        if isinstance(item, InputFile):  # already named, e.g. standard input spooled to a file
            found.setdefault(item.path, item)
            continue
        text = os.fspath(item)
        if is_url(text):
            for url, source, size in list_url(text):
                found.setdefault(url, InputFile(url, printable(source), size))
            continue
        path = Path(text.removeprefix("file://"))
        if not path.exists():
            raise InputError(f"input not found: {printable(text)}")
        if path.is_dir():
            root = path.resolve()
            for child in sorted(root.rglob("*")):
                rel = child.relative_to(root)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts):
                    source = printable(f"{root.name}/{rel.as_posix()}")
                    found.setdefault(str(child), InputFile(str(child), source, _size(child)))
        elif path.is_file():
            resolved = path.resolve()
            found.setdefault(
                str(resolved), InputFile(str(resolved), printable(path.name), _size(resolved))
            )
        else:
            raise InputError(f"input is neither a file nor a folder: {printable(text)}")
    return list(found.values())


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


def read(
    inputs: Iterable[str | Path | InputFile],
    text_field: str = "text",
    *,
    limits: Limits = DEFAULT_LIMITS,
    skipped: Counter[str] | None = None,
) -> Iterator[Document]:
    """Every document of every input, in a stable order. ``-`` reads JSONL from stdin."""
    items = list(inputs)
    files = discover(i for i in items if str(i) != "-")
    for item in items:
        if str(item) == "-":
            yield from read_jsonl(sys.stdin.buffer, "stdin", text_field, limits=limits)
    for input_file in files:
        yield from read_file(input_file, text_field, limits=limits, skipped=skipped)


def read_file(
    input_file: InputFile,
    text_field: str = "text",
    part: Part | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    skipped: Counter[str] | None = None,
) -> Iterator[Document]:
    """The documents of one part of one file, in order, each with the same id and source
    it gets when the whole file is read (JSONL sources are ``name#LINE``).

    ``skipped`` counts records that are not documents and so are not yielded at all
    (WARC request and metadata records, non-HTML responses), by reason.
    """
    fmt, compression = file_format(input_file.path)
    part = part or Part()
    if fmt == "jsonl":
        yield from _read_jsonl_file(input_file, text_field, part, limits, compression)
    elif fmt == "parquet":
        yield from read_parquet(input_file, text_field, part, limits)
    elif fmt == "warc":
        yield from read_warc(input_file, limits, skipped)
    else:
        yield _read_whole(input_file, fmt, compression, limits)


def split_file(input_file: InputFile, target_bytes: int) -> list[Part]:
    """Cut one input into parts of about ``target_bytes``, for parallel reading.

    Uncompressed local JSONL is cut at line boundaries (one pass over the bytes,
    counting newlines so that each part knows its first line number), Parquet by row
    groups; everything else (compressed files, text, HTML, WARC, remote JSONL) is one
    ``Part()``: a compressed stream cannot be entered in the middle.
    """
    fmt, compression = file_format(input_file.path)
    if fmt == "parquet":
        return split_parquet(input_file, target_bytes)
    if fmt != "jsonl" or compression or is_url(input_file.path) or target_bytes <= 0:
        return [Part()]
    try:
        size = os.path.getsize(input_file.path)
        if size <= target_bytes:
            return [Part()]
        cuts = _line_cuts(input_file.path, target_bytes)
    except OSError:
        return [Part()]  # read_file reports the failure, as one document
    cuts = [(offset, line) for offset, line in cuts if offset < size]
    starts = [(0, 1), *cuts]
    ends = [offset for offset, _ in cuts] + [None]
    return [Part(start, end, line) for (start, line), end in zip(starts, ends, strict=True)]


def _line_cuts(path: str, target_bytes: int) -> list[tuple[int, int]]:
    """``(offset, line number)`` of the first line after every ``target_bytes``."""
    cuts: list[tuple[int, int]] = []
    newlines = 0
    pos = 0
    next_cut = target_bytes
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            i = 0
            while next_cut - pos < len(block):
                j = block.find(b"\n", max(next_cut - pos, i))
                if j < 0:
                    break
                newlines += block.count(b"\n", i, j + 1)
                i = j + 1
                cuts.append((pos + i, newlines + 1))
                next_cut = pos + i + target_bytes
            newlines += block.count(b"\n", i)
            pos += len(block)
    return cuts


def _read_whole(
    input_file: InputFile, fmt: str, compression: str | None, limits: Limits
) -> Document:
    """One document from a whole text or HTML file, read no further than the cap."""
    source = input_file.source
    cap = limits.max_document_bytes
    try:
        with open_stream(input_file.path, compression) as fh:
            data, complete = read_capped(fh, cap)
    except StreamError as exc:
        return unreadable(source, exc.why, "", error=str(exc))
    if not complete:
        return too_large(source, cap + 1, cap)
    return from_bytes(data, source, html=fmt == "html")


def _read_jsonl_file(
    input_file: InputFile, text_field: str, part: Part, limits: Limits, compression: str | None
) -> Iterator[Document]:
    source = input_file.source
    length = None if part.end is None else part.end - part.start
    offset = part.start if compression is None else 0
    lines: LineReader | None = None
    try:
        with open_stream(input_file.path, compression, offset) as fh:
            lines = LineReader(fh, limits.max_line_bytes, part.first_line, length)
            yield from _records(lines, source, text_field, limits, bom=offset == 0)
    except StreamError as exc:
        where = source if lines is None else f"{source}#{lines.number}"
        yield unreadable(where, exc.why, "", error=str(exc))


def read_jsonl(
    fh: IO[bytes] | Iterable[bytes],
    source: str,
    text_field: str = "text",
    first_line: int = 1,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Document]:
    """One document per non-empty line; other fields of the record go into ``meta``.

    ``fh`` is a binary stream, or (for library callers) an iterable of lines.
    """
    if not hasattr(fh, "read"):
        fh = io.BytesIO(b"".join(x if x.endswith(b"\n") else x + b"\n" for x in fh))
    lines = LineReader(fh, limits.max_line_bytes, first_line)
    try:
        yield from _records(lines, source, text_field, limits, bom=True)
    except StreamError as exc:
        yield unreadable(f"{source}#{lines.number}", exc.why, "", error=str(exc))


def _records(
    lines: LineReader, source: str, text_field: str, limits: Limits, bom: bool
) -> Iterator[Document]:
    for line in lines:
        line_source = f"{source}#{line.number}"
        raw = line.data
        if raw is None:
            yield too_large(line_source, line.size, limits.max_line_bytes)
            continue
        if bom and line.number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]  # a UTF-8 BOM: editors on Windows write one
        if raw.strip():
            yield _record(raw, line_source, text_field, limits)


def _record(raw: bytes, source: str, text_field: str, limits: Limits) -> Document:
    """The document of one JSONL line (a rejected one when the line is not a record)."""
    replaced = 0
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        if _may_be_deeper(raw, limits.max_json_depth) and "depth limit" in str(exc):
            # orjson's own limit (1024 levels), below which the walk in _too_deep decides
            return unreadable(source, "too_deep", line, error=str(exc))
        try:  # invalid UTF-8 inside a valid record: keep it, bad bytes replaced and counted
            record = orjson.loads(line) if "\ufffd" in line else None
        except orjson.JSONDecodeError:
            record = None
        if record is None:
            return unreadable(source, "malformed_json", line, error=str(exc))
        replaced = line.count("\ufffd") - raw.count("\ufffd".encode())
    if _may_be_deeper(raw, limits.max_json_depth) and _too_deep(record, limits.max_json_depth):
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        return unreadable(source, "too_deep", line, error=f"nested over {limits.max_json_depth}")
    if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        return unreadable(source, "no_text", line, error=f"no string field {text_field!r}")
    text = record.pop(text_field)
    if len(text) > limits.max_document_bytes:
        return too_large(source, len(text), limits.max_document_bytes)
    doc = Document(id=document_id(source), source=source, text=text, original=text, meta=record)
    if replaced > 0:
        doc.edits["decode.replaced"] += replaced
    if looks_like_page(text):
        doc.tags["format"] = "html"
    return doc


def _may_be_deeper(raw: bytes, limit: int) -> bool:
    """Cheap pre-check: fewer brackets than ``limit`` cannot nest deeper than it."""
    return raw.count(b"[") + raw.count(b"{") > limit


def _too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists/dicts more than ``limit`` levels (iteratively)."""
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False
