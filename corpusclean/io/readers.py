"""Find input files and turn them into documents, never losing one.

Inputs are files, folders (walked recursively, in sorted order, hidden files skipped)
or ``-`` for JSONL on standard input. Formats are known by suffix: ``.txt``/``.md``,
``.html``/``.htm``, ``.jsonl``/``.ndjson``, each optionally ``.gz`` or ``.zst``
compressed. A file of any other suffix is read as text if it decodes as text.

Whatever cannot be read becomes a *rejected* document with a reason starting with
``unreadable:`` (``binary``, ``io_error``, ``malformed_json``, ``no_text``), so that it
reaches ``rejected.jsonl`` and the run goes on.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from ..document import Document, document_id
from ..errors import InputError
from .decode import decode_bytes

COMPRESSIONS = {".gz": "gzip", ".zst": "zstd", ".zstd": "zstd"}
FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
UNREADABLE = "unreadable:"


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to read and the stable name it is known by in the output."""

    path: Path
    source: str  # e.g. "seeds/003_x.txt": the input root's name + the relative path


def discover(inputs: Iterable[str | Path | InputFile]) -> list[InputFile]:
    """Expand files and folders into a sorted, duplicate-free list of input files.

    ``source`` names are relative to the parent of each input root, so they do not
    depend on where the command is run from or where the data lives.
    """
    found: dict[Path, InputFile] = {}
    for item in inputs:
        if isinstance(item, InputFile):  # already named, e.g. standard input spooled to a file
            found.setdefault(item.path, item)
            continue
        path = Path(item)
        if not path.exists():
            raise InputError(f"input not found: {item}")
        if path.is_dir():
            root = path.resolve()
            for child in sorted(root.rglob("*")):
                rel = child.relative_to(root)
                if child.is_file() and not any(p.startswith(".") for p in rel.parts):
                    found.setdefault(child, InputFile(child, f"{root.name}/{rel.as_posix()}"))
        elif path.is_file():
            found.setdefault(path.resolve(), InputFile(path.resolve(), path.name))
        else:
            raise InputError(f"input is neither a file nor a folder: {item}")
    return list(found.values())


@dataclass(frozen=True, slots=True)
class Part:
    """A slice of one input file that a worker reads on its own."""

    start: int = 0  # JSONL: byte offset of the slice's first line
    end: int | None = None  # JSONL: byte offset just past its last line
    first_line: int = 1  # JSONL: the 1-based line number of the line at ``start``


def split_file(input_file: InputFile, target_bytes: int) -> list[Part]:
    """Cut one input into parts of about ``target_bytes`` for parallel reading.

    Only uncompressed JSONL is cut (at line boundaries); any other file is one part.
    """
    fmt, compression = file_format(input_file.path)
    try:
        size = input_file.path.stat().st_size
    except OSError:
        return [Part()]
    if fmt != "jsonl" or compression or size <= target_bytes:
        return [Part()]
    parts: list[Part] = []
    start, line = 0, 1
    with input_file.path.open("rb") as fh:
        while start < size:
            fh.seek(min(start + target_bytes, size))
            fh.readline()  # to the end of the line the cut falls in
            end = min(fh.tell(), size)
            fh.seek(start)
            lines = _count_newlines(fh, end - start)
            parts.append(Part(start, end, line))
            start, line = end, line + lines
    return parts


def _count_newlines(fh: IO[bytes], length: int) -> int:
    count = 0
    while length > 0:
        chunk = fh.read(min(length, 1 << 20))
        if not chunk:
            break
        count += chunk.count(b"\n")
        length -= len(chunk)
    return count


def file_format(path: Path) -> tuple[str, str | None]:
    """``(format, compression)`` from the suffixes, e.g. ``("jsonl", "gzip")``."""
    suffixes = [s.lower() for s in path.suffixes]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    return FORMATS.get(suffixes[-1] if suffixes else "", "other"), compression


def read(inputs: Iterable[str | Path], text_field: str = "text") -> Iterator[Document]:
    """Every document of every input, in a stable order. ``-`` reads JSONL from stdin."""
    items = list(inputs)
    files = discover(i for i in items if str(i) != "-")
    for item in items:
        if str(item) == "-":
            yield from read_jsonl(sys.stdin.buffer, "stdin", text_field)
    for input_file in files:
        yield from read_file(input_file, text_field)


def read_file(
    input_file: InputFile, text_field: str = "text", part: Part | None = None
) -> Iterator[Document]:
    """The documents of one file (or one part of it), with the same ids either way:
    one for text and HTML, one per line for JSONL."""
    fmt, compression = file_format(input_file.path)
    source = input_file.source
    try:
        if fmt == "jsonl":
            with _open(input_file.path, compression) as fh:
                if part is None or (part.start == 0 and part.end is None):
                    yield from read_jsonl(fh, source, text_field)
                else:
                    fh.seek(part.start)
                    lines = _bounded(fh, part.end - part.start if part.end is not None else None)
                    yield from read_jsonl(lines, source, text_field, part.first_line)
            return
        with _open(input_file.path, compression) as fh:
            data = fh.read()
    except (OSError, EOFError, ValueError) as exc:
        # ValueError: zstandard's and gzip's word for a corrupt stream.
        yield _unreadable(source, "io_error", "", error=f"{type(exc).__name__}: {exc}")
        return
    yield from _from_bytes(data, source, fmt)


def _from_bytes(data: bytes, source: str, fmt: str) -> Iterator[Document]:
    decoded = decode_bytes(data)
    if decoded.text is None:
        yield _unreadable(source, "binary", "", size=len(data))
        return
    doc = Document(id=document_id(source), source=source, text=decoded.text, original=decoded.text)
    doc.tags["encoding"] = decoded.encoding
    if decoded.replaced:
        doc.edits["decode.replaced"] += decoded.replaced
    if fmt == "html":
        doc.tags["format"] = "html"
    yield doc


def _bounded(fh: IO[bytes], length: int | None) -> Iterator[bytes]:
    """The lines of ``fh`` from where it stands, up to ``length`` bytes."""
    for raw in fh:
        if length is not None:
            if length <= 0:
                return
            length -= len(raw)
        yield raw


def read_jsonl(
    fh: Iterable[bytes], source: str, text_field: str = "text", first_line: int = 1
) -> Iterator[Document]:
    """One document per non-empty line; other fields of the record go into ``meta``."""
    for number, raw in enumerate(fh, first_line):
        if not raw.strip():
            continue
        line_source = f"{source}#{number}"
        line = raw.decode("utf-8", errors="replace")
        try:
            record = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            yield _unreadable(line_source, "malformed_json", line.rstrip("\n"), error=str(exc))
            continue
        if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
            yield _unreadable(
                line_source, "no_text", line.rstrip("\n"), error=f"no string field {text_field!r}"
            )
            continue
        text = record.pop(text_field)
        doc = Document(
            id=document_id(line_source), source=line_source, text=text, original=text, meta=record
        )
        if _looks_like_page(text):
            doc.tags["format"] = "html"
        yield doc


def _looks_like_page(text: str) -> bool:
    """A JSONL text that is a whole HTML page (doctype or <html> up front)."""
    head = text[:512].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _unreadable(source: str, why: str, text: str, **tags: Any) -> Document:
    doc = Document(id=document_id(source), source=source, text=text, original=text)
    doc.tags.update(tags)
    doc.reject(UNREADABLE + why)
    return doc


def _open(path: Path, compression: str | None) -> IO[bytes]:
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "zstd":
        import zstandard

        raw = path.open("rb")
        reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
        return io.BufferedReader(reader)  # type: ignore[arg-type]
    return path.open("rb")
