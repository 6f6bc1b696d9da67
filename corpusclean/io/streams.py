"""Byte streams of inputs: open (local or URL), decompress, and read with caps.

Every read here is bounded: a whole file is read only up to a cap, and lines are cut
into pieces of bounded size, so a decompression bomb (a few MB that inflate to GBs, or
one line of 2 GB) costs the cap in memory, never the bomb's size.

Decompression errors become :class:`StreamError` with a reason: a stream that ends
before its end-of-stream marker is ``truncated`` (gzip, bz2, xz and zstd all carry one;
a truncated zstd frame is silently short in the ``zstandard`` package's reader, which is
why zstd is read with ``compression.zstd`` / its backport here), bad data is ``corrupt``
and a failing disk or network is ``io_error``.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import IO, NamedTuple

from .remote import is_url, open_url

#: Bytes asked of a stream at a time: large enough that Python overhead is negligible.
CHUNK = 1 << 20


class StreamError(Exception):
    """A stream that could not be read to its end; ``why`` is the reason suffix."""

    def __init__(self, why: str, message: str) -> None:
        super().__init__(message)
        self.why = why


def _zstd_module() -> ModuleType:
    try:
        from compression import zstd  # Python >= 3.14
    except ImportError:
        from backports import zstd
    return zstd


def open_raw(path: str) -> IO[bytes]:
    """The undecompressed bytes of a local path or a URL."""
    if is_url(path):
        return open_url(path)
    return open(path, "rb")


@contextmanager
def open_stream(path: str, compression: str | None, offset: int = 0) -> Iterator[IO[bytes]]:
    """The decompressed bytes of ``path`` (from byte ``offset`` of an uncompressed file).

    Opening and reading raise :class:`StreamError` only (see :class:`reading`).
    """
    with reading():
        raw = open_raw(path)
    try:
        with reading():
            if offset:
                raw.seek(offset)
            yield _decompressing(raw, compression)
    finally:
        raw.close()


def _decompressing(raw: IO[bytes], compression: str | None) -> IO[bytes]:
    if compression is None:
        return raw
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")
    if compression == "bzip2":
        return bz2.BZ2File(raw, "rb")
    if compression == "xz":
        return lzma.LZMAFile(raw, "rb")
    if compression == "zstd":
        return _zstd_module().ZstdFile(raw, "rb")
    raise ValueError(f"unknown compression {compression!r}")


@contextmanager
def reading() -> Iterator[None]:
    """Turns what opening or reading a stream can raise into a :class:`StreamError`."""
    try:
        yield
    except StreamError:
        raise
    except EOFError as exc:
        raise StreamError("truncated", f"the compressed stream ends early: {exc}") from None
    except (zlib.error, lzma.LZMAError, _zstd_module().ZstdError) as exc:
        raise StreamError("corrupt", f"{type(exc).__name__}: {exc}") from None
    except OSError as exc:
        # gzip's BadGzipFile and bz2's "Invalid data stream" are OSErrors without an
        # errno: bad data, not a failing disk.
        bad_data = exc.errno is None and type(exc) in (OSError, gzip.BadGzipFile)
        why = "corrupt" if bad_data else "io_error"
        raise StreamError(why, f"{type(exc).__name__}: {exc}") from None


def read_capped(fh: IO[bytes], cap: int) -> tuple[bytes, bool]:
    """``(data, complete)``: at most ``cap`` bytes; ``complete`` is False when there was more."""
    chunks: list[bytes] = []
    size = 0
    read = getattr(fh, "read1", fh.read)
    with reading():
        while True:
            block = read(min(CHUNK, cap + 1 - size))
            if not block:
                return b"".join(chunks), True
            chunks.append(block)
            size += len(block)
            if size > cap:
                return b"".join(chunks)[:cap], False


class Line(NamedTuple):
    """One line of a stream: ``data`` without its newline, or None when over the cap."""

    number: int
    data: bytes | None
    size: int


class LineReader:
    """The lines of a stream, each held only while under ``max_bytes``.

    A longer line is streamed past (counted, not kept) and comes out with ``data=None``.
    ``limit`` stops after that many bytes (a part of a file); ``number`` is the number of
    the line being read, which a caller reports when the stream fails mid-line.
    """

    def __init__(
        self, fh: IO[bytes], max_bytes: int, first_line: int = 1, limit: int | None = None
    ):
        self._fh = fh
        self._max = max_bytes
        self._limit = limit
        self.number = first_line

    def __iter__(self) -> Iterator[Line]:
        read = getattr(self._fh, "read1", self._fh.read)
        pending: list[bytes] = []
        pending_size = 0
        remaining = self._limit
        while remaining is None or remaining > 0:
            with reading():
                block = read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not block:
                break
            if remaining is not None:
                remaining -= len(block)
            pieces = block.split(b"\n")
            for piece in pieces[:-1]:
                size = pending_size + len(piece)
                if size > self._max:
                    yield Line(self.number, None, size)
                elif pending:
                    pending.append(piece)
                    yield Line(self.number, b"".join(pending), size)
                else:
                    yield Line(self.number, piece, size)
                pending, pending_size = [], 0
                self.number += 1
            tail = pieces[-1]
            if tail:
                pending_size += len(tail)
                if pending_size <= self._max:
                    pending.append(tail)
                else:
                    pending = []  # over the cap: keep counting, stop holding
        if pending_size:
            data = b"".join(pending) if pending_size <= self._max else None
            yield Line(self.number, data, pending_size)
            self.number += 1
