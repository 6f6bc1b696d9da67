"""What an input is, before it is read: its file, the part a worker reads, the caps on
reading, and the documents that stand for what could not be read.

A leaf of :mod:`corpusclean.io`: the format readers (:mod:`.readers`, :mod:`.warc`,
:mod:`.parquet_input`) all build on it, so none of them imports another to share these.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from ..document import Document, document_id
from ..reasons import TOO_LARGE, UNREADABLE
from .decode import decode_bytes

COMPRESSIONS = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz", ".zst": "zstd", ".zstd": "zstd"}
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
    ".parquet": "parquet",
}
# Reason codes of the documents the readers reject: the families are in ..reasons, the
# kinds of unreadable input here, next to the code that decides them (``unreadable(source,
# "binary", ...)`` gives BINARY).
BINARY = UNREADABLE + "binary"  # not text in any encoding tried
IO_ERROR = UNREADABLE + "io_error"  # the disk or the network failed
TRUNCATED = UNREADABLE + "truncated"  # a compressed stream that ends before its end marker
CORRUPT = UNREADABLE + "corrupt"  # compressed data or a container that is not valid
MALFORMED_JSON = UNREADABLE + "malformed_json"
NO_TEXT = UNREADABLE + "no_text"  # a record without a string text field
TOO_DEEP = UNREADABLE + "too_deep"  # JSON nested deeper than Limits.max_json_depth

MB = 1 << 20


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on what one document may cost the reader; over a cap, ``too_large``.

    The defaults are far above real documents (a long novel is 2-5 MB of text, and
    Common Crawl cuts every WARC payload at 1 MB) and below what takes a worker down.
    """

    #: One document: a text or HTML file after decompression, a WARC response payload,
    #: the text of a JSONL record or a Parquet cell (counted in characters there).
    #: Measured: the default pipeline took 49 s and 320 MB RSS on a 5 MB text, 88 s and
    #: 1 GB on a 20 MB one; a bigger document is a dump or a log, not a text to train on.
    max_document_bytes: int = 16 * MB
    #: What the reader must hold at once to parse one record: a JSONL line (text and
    #: meta together). A longer line is streamed past without being held.
    max_line_bytes: int = 64 * MB
    #: JSON nesting allowed in a record. The writer (orjson) stops at 255 levels and
    #: real metadata is a few levels deep; 300 levels once ended a run.
    max_json_depth: int = 64


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read and the stable name it is known by in the output.

    ``path`` is a string a worker anywhere can open: an absolute local path or a URL.
    ``size`` is its size in bytes when listing told it (compressed size, if compressed).
    """

    path: str
    source: str  # e.g. "seeds/003_x.txt": the input root's name + the relative path
    size: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.path, str):  # a pathlib.Path given by library code
            object.__setattr__(self, "path", os.fspath(self.path))


@dataclass(frozen=True, slots=True)
class Part:
    """A slice of one input file that a worker reads on its own."""

    start: int = 0  # JSONL: byte offset of the slice's first line; Parquet: first row group
    end: int | None = None  # JSONL: byte offset just past its last line; Parquet: row-group stop
    first_line: int = 1  # JSONL: the 1-based line number of the line at `start`
    #: Bytes of input the part stands for, for planning shards: set where ``end - start``
    #: is not bytes (Parquet: the row groups' uncompressed size); None otherwise.
    size: int | None = None


def printable(name: str) -> str:
    """``name`` with undecodable bytes of a file name (surrogate escapes) as ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def file_format(path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """``(format, compression)`` from the suffixes, e.g. ``("jsonl", "gzip")``."""
    name = os.fspath(path).rstrip("/").rsplit("/", 1)[-1].lower()
    suffixes = ["." + s for s in name.split(".")[1:]]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    fmt = FORMATS.get(suffixes[-1] if suffixes else "", "other")
    return fmt, compression


def from_bytes(
    data: bytes, source: str, html: bool = False, encoding: str | None = None
) -> Document:
    """A document from raw bytes: decoded (with ``encoding`` when given), damage counted."""
    if encoding is not None:
        text = data.decode(encoding, errors="replace")
        replaced, nuls = text.count("\ufffd"), 0  # a declared legacy codec has no U+FFFD
    else:
        decoded = decode_bytes(data)
        if decoded.text is None:
            return unreadable(source, "binary", "", size=len(data))
        text, encoding, replaced, nuls = (
            decoded.text, decoded.encoding, decoded.replaced, decoded.nuls
        )  # fmt: skip
    doc = Document(id=document_id(source), source=source, text=text, original=text)
    doc.tags["encoding"] = encoding
    if replaced > 0:
        doc.edits["decode.replaced"] += replaced
    if nuls:
        doc.edits["decode.nul_removed"] += nuls
    if html:
        doc.tags["format"] = "html"
    return doc


def looks_like_page(text: str) -> bool:
    """A text that is a whole HTML page (doctype or <html> up front)."""
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def unreadable(source: str, why: str, text: str, **tags: Any) -> Document:
    """A document rejected ``unreadable:<why>``, keeping what could be read as its text."""
    doc = Document(id=document_id(source), source=source, text=text, original=text)
    doc.tags.update(tags)
    doc.reject(UNREADABLE + why)
    return doc


def too_large(source: str, size: int, limit: int) -> Document:
    """A document rejected ``too_large``; ``size`` is what was seen (at least that much)."""
    doc = Document(id=document_id(source), source=source, text="", original="")
    doc.tags.update(size=size, limit=limit)
    doc.reject(TOO_LARGE)
    return doc
