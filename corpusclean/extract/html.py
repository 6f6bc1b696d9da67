"""The ``extract.html`` stage: the main text of a full HTML page, with its structure.

trafilatura finds the main content and drops menus, sidebars, footers and (by default)
comments. It is asked for XML rather than plain text so that headings, paragraphs, list
items and table rows become ``spans`` over the text, and table cells keep a `` | ``
between them instead of running together.

What is a page is detected, not assumed: a document marked ``format=html`` by the reader,
or any text that opens with a doctype or an ``<html>`` tag, and that has page structure
(``<html>``, ``<head>`` or ``<body>``). A document marked HTML without that structure is a
fragment: it is left as it is for the repair stages (``tags["extract"] = "fragment"``),
never dropped.

trafilatura's Python API has no timeout and can take seconds on pathological pages, so
each page is bounded in size before it is parsed and in time while it is: over either
bound the document is rejected with ``extract_timeout`` (``tags["extract_limit"]`` says
which) and the run goes on.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ..document import Document, Span
from ..stage import StageBase

#: A page's structure, looked for near its start (a fragment has none of these).
PAGE_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
#: How far into a text the page structure is looked for.
PAGE_HEAD = 4096
#: Metadata the extraction copies into ``meta`` (trafilatura's names are ours).
META_FIELDS = ("title", "author", "date", "url", "sitename")


class ExtractTimeout(BaseException):
    """Raised by the alarm inside trafilatura.

    A ``BaseException``, like ``KeyboardInterrupt``, so that trafilatura's own
    ``except Exception`` blocks cannot swallow it and carry on.
    """


def is_page(doc: Document) -> bool:
    """Whether ``doc`` is a whole HTML page (marked or detected), not a fragment."""
    head = doc.text[:PAGE_HEAD]
    if doc.tags.get("format") != "html" and not head.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        return False
    return PAGE_RE.search(head) is not None


@dataclass
class ExtractHtml(StageBase):
    """Full HTML pages -> main text (trafilatura), structure as spans, metadata into meta."""

    name: ClassVar[str] = "extract.html"
    #: The page metadata it copies into ``meta`` (where the input has none).
    writes_meta: ClassVar[dict[str, str]] = {key: "str" for key in META_FIELDS}
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {
        "extract": "str",
        "extract_limit": "str",
        "format": "str",
    }

    # "precision" drops doubtful blocks (fewer leftovers, may lose a short paragraph);
    # "recall" keeps them (fewer losses, more leftovers for the line rules to remove).
    favor: Literal["balanced", "precision", "recall"] = "balanced"
    # Reader comments are not the page's text, and often not its language or quality.
    include_comments: bool = False
    # Tables are content in news and reference pages; their rows become "a | b" lines.
    include_tables: bool = True
    # fast skips trafilatura's fallback extractors: 47 instead of 34 pages/s here, at
    # some recall on unusual layouts.
    fast: bool = False
    # Pages larger than this (bytes of text) are not parsed: a 5 MB page is a dump, a
    # feed or an attack, and lxml cannot be interrupted while it parses.
    max_bytes: int = field(default=5_000_000, metadata={"ge": 1})
    # Seconds one page may take; 0 turns the bound off. Enforced with SIGALRM, so only
    # where the stage runs in a main thread (workers and the serial executor do).
    timeout: float = field(default=10.0, metadata={"ge": 0})

    def __post_init__(self) -> None:
        if self.favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"favor must be balanced, precision or recall, not {self.favor!r}")

    def setup(self) -> None:
        # Imported here: trafilatura takes about a second to import, and a pipeline
        # without HTML input should not pay it.
        import trafilatura  # noqa: F401

    def process(self, doc: Document) -> Document:
        if not is_page(doc):
            if doc.tags.get("format") == "html":
                doc.tags["extract"] = "fragment"
            return doc
        if len(doc.text.encode("utf-8", errors="replace")) > self.max_bytes:
            doc.tags["extract_limit"] = "size"
            return doc.reject("extract_timeout")
        try:
            with _time_limit(self.timeout):
                xml = self._extract(doc)
        except ExtractTimeout:
            doc.tags["extract_limit"] = "time"
            return doc.reject("extract_timeout")
        if xml is None:
            # trafilatura found no main text: keep the page's visible text, and let the
            # line rules and gates say what the page is (an error page, a login form).
            _apply_plain(doc, self._baseline(doc))
            doc.tags["extract"] = "baseline"
        else:
            _apply_xml(doc, xml)
            doc.tags["extract"] = "trafilatura"
        doc.tags["format"] = "html"
        doc.edits[f"{self.name}.page"] += 1
        return doc

    def _extract(self, doc: Document) -> str | None:
        import trafilatura

        return trafilatura.extract(
            doc.text,
            url=doc.meta.get("url") if isinstance(doc.meta.get("url"), str) else None,
            output_format="xml",
            with_metadata=True,
            include_comments=self.include_comments,
            include_tables=self.include_tables,
            favor_precision=self.favor == "precision",
            favor_recall=self.favor == "recall",
            fast=self.fast,
            # Only a date the page states (meta tags, markup); the default search guesses
            # one from any year in the text, such as the copyright line's.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )

    def _baseline(self, doc: Document) -> str:
        import trafilatura

        with _time_limit(self.timeout):
            return trafilatura.html2txt(doc.text) or ""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`ExtractTimeout` in this thread after ``seconds`` (main thread only)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise ExtractTimeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _apply_plain(doc: Document, text: str) -> None:
    doc.text = "\n".join(line.strip() for line in text.splitlines()).strip()
    doc.spans = []


def _apply_xml(doc: Document, xml: str) -> None:
    """Text and spans from trafilatura's XML; page metadata into ``meta`` where absent."""
    from lxml import etree

    root = etree.fromstring(xml.encode("utf-8"))
    for key in META_FIELDS:
        value = root.get(key)
        if value and key not in doc.meta:
            doc.meta[key] = value
    builder = _TextBuilder()
    main = root.find("main")
    if main is not None:
        for element in main:
            builder.block(element)
    doc.text, doc.spans = builder.result()


class _TextBuilder:
    """Lays blocks out as text (a blank line between blocks) and records their spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.pos = 0

    def _line(self, text: str, kind: str | None) -> None:
        if kind:
            self.spans.append(Span(self.pos, self.pos + len(text), kind))
        self.parts.append(text)
        self.pos += len(text) + 1

    def _gap(self) -> None:
        if self.parts:
            self._line("", None)

    def block(self, element: Any) -> None:
        tag = element.tag
        if tag == "list":
            items = [_inline(item) for item in element.iter("item")]
            items = [i for i in items if i]
            if items:
                self._gap()
                for item in items:
                    self._line(item, "list_item")
            return
        if tag == "table":
            rows = []
            for row in element.iter("row"):
                cells = [_inline(cell) for cell in row.iter("cell")]
                if any(cells):
                    rows.append(" | ".join(c for c in cells if c))
            if rows:
                self._gap()
                start = self.pos
                for row in rows:
                    self._line(row, "table_row")
                self.spans.append(Span(start, self.pos - 1, "table"))
            return
        if tag == "code":
            # Code keeps its lines and indentation: collapsing them would break it.
            code = "".join(element.itertext()).strip("\n")
            if code.strip():
                self._gap()
                start = self.pos
                for line in code.split("\n"):
                    self._line(line.rstrip(), None)
                self.spans.append(Span(start, self.pos - 1, "code"))
            return
        text = _inline(element)
        if text:
            self._gap()
            self._line(text, "heading" if tag == "head" else "paragraph")

    def result(self) -> tuple[str, list[Span]]:
        return "\n".join(self.parts), sorted(self.spans)


def _inline(element: Any) -> str:
    """An element's text on one line: inline markup dissolved, whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())
