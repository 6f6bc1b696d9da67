"""The ``extract.html`` stage: the main text of a full HTML page, with its structure.

Two modes, one output shape (text, spans, metadata in ``meta``):

- ``mode = "default"``: trafilatura finds the main content and drops menus, sidebars,
  footers and (by default) comments. It is asked for XML rather than plain text so that
  headings, paragraphs, list items and table rows become ``spans`` over the text
  (:mod:`.layout`). Its metadata extraction is not used: it cost a third of the time and
  read little a page's head does not state (:mod:`.meta` reads the head instead).
- ``mode = "fast"``: resiliparse's main-content extraction on the lexbor parser
  (:mod:`.fast`), several times faster, a little less accurate on news pages.

What is a page is detected, not assumed: a document marked ``format=html`` by the reader,
or any text that opens with a doctype or an ``<html>`` tag, and that has page structure
(``<html>``, ``<head>`` or ``<body>``). A document marked HTML without that structure is a
fragment: it is left as it is for the repair stages (``tags["extract"] = "fragment"``),
never dropped.

A page the extractor cannot parse (broken markup, lone surrogates, control characters)
is not an error: the stage falls back to the other extractor, then to the page's visible
text, and says why in ``tags["extract_error"]``. trafilatura's Python API has no timeout
and can take seconds on pathological pages, so each page is bounded in size before it is
parsed and in time while it is: over either bound the document is rejected with
``extract_timeout`` (``tags["extract_limit"]`` says which) and the run goes on.
"""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from lxml import etree

from ..document import Document, Span
from ..reasons import EXTRACT_TIMEOUT
from ..stage import StageBase
from .fast import extract_fast
from .layout import layout
from .meta import META_FIELDS, page_meta

#: A page's structure, looked for near its start (a fragment has none of these).
PAGE_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
#: How far into a text the page structure is looked for; in a document the reader marked
#: HTML, further: pages open with kilobytes of inline style or script before ``<html>``.
PAGE_HEAD = 4096
MARKED_PAGE_HEAD = 262_144
#: What neither XML nor lexbor accepts: lone surrogates and C0 controls but tab and newlines.
UNPARSABLE_RE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: The same characters but the surrogates, looked for one by one: ``in`` on a string is a
#: memchr, a third of the time the pattern takes on a 93 KB page (surrogates are what
#: a strict UTF-8 encoding refuses).
UNPARSABLE_CHARS = tuple(map(chr, [*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]))
MODES = ("default", "fast")
#: What a parser raises on a page it cannot read: lxml's errors (trafilatura re-parses its
#: own XML output, which fails on attribute names no XML allows) and bad characters.
#: Other exceptions are bugs and reach the pipeline's error record, as in any stage.
PARSE_ERRORS = (etree.LxmlError, ValueError, UnicodeError)


class ExtractTimeout(BaseException):
    """Raised by the alarm inside trafilatura.

    A ``BaseException``, like ``KeyboardInterrupt``, so that trafilatura's own
    ``except Exception`` blocks cannot swallow it and carry on.
    """


def is_page(doc: Document) -> bool:
    """Whether ``doc`` is a whole HTML page (marked or detected), not a fragment."""
    if doc.tags.get("format") == "html":
        return PAGE_RE.search(doc.text, 0, MARKED_PAGE_HEAD) is not None
    head = doc.text[:PAGE_HEAD]
    if not head.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        return False
    return PAGE_RE.search(head) is not None


@dataclass
class ExtractHtml(StageBase):
    """Full HTML pages -> main text, structure as spans, the head's metadata into meta."""

    name: ClassVar[str] = "extract.html"
    #: The page metadata it copies into ``meta`` (where the input has none).
    writes_meta: ClassVar[dict[str, str]] = {key: "str" for key in META_FIELDS}
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {
        "extract": "str",
        "extract_error": "str",
        "extract_limit": "str",
        "format": "str",
    }

    # "default": trafilatura (the most accurate here); "fast": resiliparse, about 10x
    # trafilatura's speed on documentation pages (benchmarks/throughput.py).
    mode: Literal["default", "fast"] = "default"
    # "precision" drops doubtful blocks (fewer leftovers, may lose a short paragraph);
    # "recall" keeps them (fewer losses, more leftovers for the line rules to remove).
    # Default mode only.
    favor: Literal["balanced", "precision", "recall"] = "balanced"
    # Reader comments are not the page's text, and often not its language or quality.
    include_comments: bool = False
    # Tables are content in news and reference pages; their rows become "a | b" lines.
    include_tables: bool = True
    # trafilatura's fallback extractors (readability, jusText) rescue pages where its own
    # pass misses most of the text, at twice the cost. They run on a page whose main text
    # comes out shorter than this (characters; 0: never) while resiliparse finds over
    # twice as much: on 56 of 990 evaluation pages, for F1 0.9253 against 0.9250 running
    # them on every page (benchmarks/extract_eval.py); on documentation pages, long or
    # truly short, almost never.
    fallback_below: int = 5000
    # Pages larger than this (bytes of text) are not parsed: a 5 MB page is a dump, a
    # feed or an attack, and lxml cannot be interrupted while it parses.
    max_bytes: int = field(default=5_000_000, metadata={"ge": 1})
    # Seconds one page may take; 0 turns the bound off. Enforced with SIGALRM, so only
    # where the stage runs in a main thread (workers and the serial executor do).
    timeout: float = field(default=10.0, metadata={"ge": 0})

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be default or fast, not {self.mode!r}")
        if self.favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"favor must be balanced, precision or recall, not {self.favor!r}")

    def setup(self) -> None:
        # Imported here: trafilatura takes about a second to import, and a pipeline
        # without HTML input should not pay it.
        if self.mode == "default":
            import trafilatura  # noqa: F401
        else:
            import resiliparse.extract.html2text  # noqa: F401

    def process(self, doc: Document) -> Document:
        if not is_page(doc):
            if doc.tags.get("format") == "html":
                doc.tags["extract"] = "fragment"
            return doc
        if len(doc.text) * 4 > self.max_bytes and _utf8_size(doc.text) > self.max_bytes:
            doc.tags["extract_limit"] = "size"
            return doc.reject(EXTRACT_TIMEOUT)
        try:
            with _time_limit(self.timeout):
                self._extract(doc)
        except ExtractTimeout:
            doc.tags["extract_limit"] = "time"
            return doc.reject(EXTRACT_TIMEOUT)
        doc.tags["format"] = "html"
        doc.edits[f"{self.name}.page"] += 1
        return doc

    def _extract(self, doc: Document) -> None:
        """Text, spans and meta of a page, trying each extractor in turn."""
        page = doc.text
        if _unparsable(page):
            page = UNPARSABLE_RE.sub("\ufffd", page)
            doc.tags["extract_error"] = "unparsable characters replaced"
        try:
            meta = page_meta(page)
        except PARSE_ERRORS as exc:
            meta = {}
            doc.tags["extract_error"] = _why(exc)
        for key, value in meta.items():
            doc.meta.setdefault(key, value)
        extractors = [self._trafilatura, _resiliparse]
        if self.mode == "fast":
            extractors = [_resiliparse_pruned, self._trafilatura]
        for extractor in [*extractors, _visible_text]:
            try:
                found = extractor(page)
            except PARSE_ERRORS as exc:
                doc.tags["extract_error"] = _why(exc)
                continue
            if found is not None:
                doc.tags["extract"], (doc.text, doc.spans) = found
                return
        doc.text = page  # unparsed: left for the repair stages, minus what no writer takes
        doc.tags["extract"] = "unparsed"

    def _trafilatura(self, page: str) -> tuple[str, tuple[str, list[Span]]] | None:
        import trafilatura

        tree = trafilatura.load_html(page)
        if tree is None:
            return None
        flatten_code(tree)
        found = self._trafilatura_pass(tree, fast=True)
        text = found[0] if found else ""
        if len(text) < self.fallback_below and _finds_more(page, len(text)):
            found = self._trafilatura_pass(tree, fast=False) or found
        return ("trafilatura", found) if found else None

    def _trafilatura_pass(self, tree: Any, fast: bool) -> tuple[str, list[Span]] | None:
        """One trafilatura extraction of ``tree`` (left as it is: trafilatura copies it).

        ``trafilatura.extract`` would also hash the text for its deduplication (7% of
        its time on documentation pages), which is not used here: the XML is built the
        same way without it.
        """
        import trafilatura
        from trafilatura.core import determine_returnstring
        from trafilatura.settings import Extractor

        options = Extractor(
            output_format="xml",
            fast=fast,
            comments=self.include_comments,
            tables=self.include_tables,
            precision=self.favor == "precision",
            recall=self.favor == "recall",
        )
        document = trafilatura.bare_extraction(tree, options=options)
        if document is None:
            return None
        xml = determine_returnstring(document, options)
        main = etree.fromstring(xml.encode("utf-8")).find("main")
        return None if main is None else layout(main)


def _utf8_size(text: str) -> int:
    """Bytes of ``text`` in UTF-8 (at most 4 a character: only long texts are encoded)."""
    return len(text.encode("utf-8", errors="replace"))


def _unparsable(page: str) -> bool:
    """Whether ``page`` holds a character of :data:`UNPARSABLE_RE`."""
    if any(char in page for char in UNPARSABLE_CHARS):
        return True
    try:
        page.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:200]


def flatten_code(tree: Any) -> None:
    """Make each ``<pre>`` one span of flat text, and drop the spans inside ``<code>``.

    Syntax highlighting wraps every token of a code block in a span: half the elements of
    a documentation page, each tested against trafilatura's boilerplate patterns (a fifth
    of its time there). trafilatura takes a ``<pre>`` for code when it wraps a single
    span (or shows code-like characters before its first tag); any other ``<pre>`` it
    takes for a quote and joins its lines (``>>> join(...) echo -n ...`` on one line), so
    the flat text goes back into one span. Left alone: highlight.js blocks, which
    trafilatura already takes for code.
    """
    # Walked rather than selected by XPath, three times faster here; the <pre> first, so
    # that a <code> inside one is left to it.
    for pre in list(tree.iter("pre")):
        if not (_single_span(pre) or _highlight_js(pre)):
            etree.strip_tags(pre, "span")
            _wrap_in_span(pre)
    for code in list(tree.iter("code")):
        if len(code) and next(code.iterancestors("pre"), None) is None:
            etree.strip_tags(code, "span")


def _wrap_in_span(element: Any) -> None:
    """Move the content of ``element`` (text and children) into one ``<span>`` child."""
    span = etree.SubElement(element, "span")
    span.text, element.text = element.text, None
    for child in list(element)[:-1]:
        span.append(child)


def _single_span(pre: Any) -> bool:
    return len(pre) == 1 and pre[0].tag == "span"


def _highlight_js(pre: Any) -> bool:
    return bool(pre.xpath(".//span[starts-with(@class, 'hljs')]"))


def _finds_more(page: str, length: int) -> bool:
    """Whether resiliparse's main text is over twice ``length`` (or it cannot tell)."""
    try:
        return len(extract_fast(page)[0]) > 2 * length
    except PARSE_ERRORS:
        return True


def _resiliparse(page: str, prune: bool = False) -> tuple[str, tuple[str, list[Span]]] | None:
    text, spans = extract_fast(page, prune)
    return ("resiliparse", (text, spans)) if text.strip() else None


def _resiliparse_pruned(page: str) -> tuple[str, tuple[str, list[Span]]] | None:
    """The fast mode's extraction: resiliparse and the pruning rules of :mod:`.fast`."""
    return _resiliparse(page, prune=True)


def _visible_text(page: str) -> tuple[str, tuple[str, list[Span]]] | None:
    """All visible text of the page: the line rules and gates say what it is then."""
    from resiliparse.extract.html2text import extract_plain_text

    text = extract_plain_text(page, main_content=False, alt_texts=False, list_bullets=False)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "baseline", ("\n".join(line for line in lines if line), [])


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
