"""WARC and WARC.gz input: one document per HTML (or plain-text) ``response`` record.

Read with warcio, which undoes the HTTP chunked transfer coding and gzip/deflate/brotli
content coding that crawlers such as wget and Heritrix store as sent; FastWARC, four
times faster at parsing, leaves that to the caller, and parsing is a small share of a
document's cost here (see ``benchmarks/robustness.py``).

A page is decoded with the charset of its HTTP ``Content-Type`` header, else the one
its ``<meta>`` declares, else the detector of :mod:`.decode`. The source of a page is
``<file>#<n>``, ``n`` counting every record of the file from 1, so ids do not move when
the rules for what is a page change. URL, date, record id, HTTP status and media type
go into ``meta``.

Records that are not pages (``request``, ``metadata``, ``warcinfo``, ``revisit``,
responses that are not HTML or text, or whose status is not 2xx) are not documents: a
crawl holds two or three of them per page, so they are *counted* in ``skipped`` by
reason (``warc_request``, ``warc_response_not_html``, ``warc_response_status_404``, ...)
rather than written to ``rejected.jsonl``, which they would flood.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from ..document import Document
from .inputs import InputFile, Limits, from_bytes, too_large, unreadable
from .streams import StreamError, open_stream, read_capped

#: Media types read as pages (HTML, then extracted) or as plain text.
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
#: How far into a page to look for a ``<meta charset>``: the HTML standard's prescan
#: looks at the first 1024 bytes; pages with long heads put it a little later.
META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
#: Labels that the HTML standard reads as windows-1252.
_AS_CP1252 = {"latin1", "latin-1", "iso-8859-1", "iso8859-1", "us-ascii", "ascii", "l1"}


def read_warc(
    input_file: InputFile, limits: Limits, skipped: Counter[str] | None = None
) -> Iterator[Document]:
    """The pages of one WARC file, in record order."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    source = input_file.source
    index = 0
    tally: Counter[str] = skipped if skipped is not None else Counter()
    try:
        with open_stream(input_file.path, None) as fh:
            records = ArchiveIterator(fh, arc2warc=True)
            for record in records:
                index += 1
                doc, reason = _page(record, f"{source}#{index}", limits)
                if _drain(record.raw_stream) or getattr(record.raw_stream, "limit", 0) > 0:
                    yield unreadable(
                        f"{source}#{index}", "truncated", "", error="record ends early"
                    )
                    return
                if doc is not None:
                    yield doc
                else:
                    tally[reason] += 1
    except ArchiveLoadFailed as exc:
        yield unreadable(f"{source}#{index + 1}", "corrupt", "", error=str(exc)[:500])
    except StreamError as exc:
        yield unreadable(f"{source}#{index + 1}", exc.why, "", error=str(exc))
    except (OSError, EOFError, ValueError) as exc:  # a damaged gzip member inside warcio
        yield unreadable(
            f"{source}#{index + 1}", "corrupt", "", error=f"{type(exc).__name__}: {exc}"
        )


def _page(record: Any, source: str, limits: Limits) -> tuple[Document | None, str]:
    """The document of one record, or ``(None, reason)`` when it is not a page."""
    if record.rec_type != "response":
        return None, f"warc_{_slug(record.rec_type)}"
    http = record.http_headers
    if http is None:
        return None, "warc_response_not_http"
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return None, f"warc_response_status_{_slug(status)}"
    mime, charset = _content_type(http.get_header("Content-Type") or "")
    if mime not in HTML_TYPES and mime not in TEXT_TYPES:
        return None, "warc_response_not_html"
    cap = limits.max_document_bytes
    try:
        data, complete = read_capped(record.content_stream(), cap)
    except StreamError as exc:
        return unreadable(source, exc.why, "", error=str(exc)), ""
    if not complete:
        return too_large(source, cap + 1, cap), ""
    html = mime in HTML_TYPES
    encoding = _codec(charset) or (_codec(_meta_charset(data)) if html else None)
    if encoding == "utf-8":
        encoding = None  # the decoder's UTF-8 path also mends a few bad bytes
    doc = from_bytes(data, source, html=html, encoding=encoding)
    headers = record.rec_headers
    doc.meta.update(
        url=headers.get_header("WARC-Target-URI"),
        date=headers.get_header("WARC-Date"),
        warc_record_id=headers.get_header("WARC-Record-ID"),
        http_status=int(status) if status.isdigit() else None,
        content_type=mime,
    )
    return doc, ""


def _drain(stream: Any) -> bool:
    """Read what is left of a record (skipped, or over the cap) without holding it.

    Returns True when the stream failed (a truncated gzip member raises here).
    """
    try:
        while stream.read(1 << 20):
            pass
    except (OSError, EOFError, ValueError):
        return True
    return False


def _content_type(value: str) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset="UTF-8"``."""
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset":
            charset = val.strip().strip("\"'") or None
    return mime.strip().lower(), charset


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_SCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, or None for a label no codec knows."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_") or "unknown"
