"""The fast extraction mode: resiliparse's main-content extraction on the lexbor parser.

resiliparse parses with lexbor (C) and picks the main content with cheap rules (it drops
navigation, headers, footers, sidebars and hidden elements by tag, role and class): about
ten times trafilatura's fast extraction on documentation pages (24 against 227 ms per
page here), at a cost in accuracy on news pages. selectolax, the other lexbor binding,
only gives the body's text: 215 pages/s but F1 0.77 on the evaluation set with tag and
role pruning, so resiliparse it is. Asked for its "minimal HTML" output, it keeps headings,
paragraphs, list items and preformatted text apart, which become the same spans the
default mode gives (``heading``, ``paragraph``, ``list_item``, ``code``).

What it will not do: keep lists (resiliparse's main-content rules drop every ``<ul>`` and
``<ol>``, navigation or not), table structure (a row comes as one loose line, its cells
apart by spaces) or reader comments. On trafilatura's evaluation set this mode scores F1
0.87 against 0.93 for the default (``benchmarks/extract_eval.py``), mostly precision:
comment headings, related-article teasers and cookie notices inside the main column stay.
"""

from __future__ import annotations

import html
import re

from ..document import Span
from .layout import Builder

#: The markup resiliparse's minimal HTML output is made of.
TAG_RE = re.compile(r"<(/?)(h[1-6]|p|pre|ul|ol|li|br)\b[^>]*>")
#: Where a code block opens, and the span tags syntax highlighting fills it with (in
#: lower or upper case: a case-blind pattern would take twice as long to find them).
CODE_OPEN_RE = re.compile(r"<(pre|code|PRE|CODE)(?=[\s>])")
SPAN_TAG_RE = re.compile(r"</?(?:span|SPAN)\b[^>]*>")


def extract_fast(page: str) -> tuple[str, list[Span]]:
    """Main text and spans of a page, with resiliparse."""
    from resiliparse.extract.html2text import extract_plain_text

    markup = extract_plain_text(
        strip_code_spans(page),
        preserve_formatting="minimal_html",
        main_content=True,
        comments=False,
        list_bullets=False,
        alt_texts=False,
    )
    return lay_out(markup)


def strip_code_spans(page: str) -> str:
    """The page without the ``<span>`` tags (not their text) inside ``<pre>`` and ``<code>``.

    Syntax highlighting wraps every token of a code block in a span, half the elements of
    a documentation page, and resiliparse weighs each one for main content; a span is
    inline, so the text comes out the same without them. A block whose end tag is not
    found (never closed, or closed in another case) ends the search: the rest is left as is.
    """
    parts = []
    pos = 0
    for found in CODE_OPEN_RE.finditer(page):
        if found.start() < pos:  # a code element inside the block just done
            continue
        end = page.find(f"</{found.group(1)}", found.end())
        if end < 0:
            break
        parts.append(page[pos : found.start()])
        parts.append(SPAN_TAG_RE.sub("", page[found.start() : end]))
        pos = end
    parts.append(page[pos:])
    return "".join(parts)


def lay_out(markup: str) -> tuple[str, list[Span]]:
    """Text and spans of resiliparse's minimal HTML (its text is HTML-escaped)."""
    builder = Builder()
    kind: str | None = None  # the open block, None between blocks
    pos = 0
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        if text.isspace() or not text:  # the blank lines between blocks: most flushes
            return
        if "&" in text:
            text = html.unescape(text)
        if kind == "code":
            builder.code_text(text)
        elif kind is None:
            for line in text.split("\n"):  # loose text: one paragraph per line
                builder.paragraph(line)
        else:
            builder.paragraph(text, kind)

    for found in TAG_RE.finditer(markup):
        buffer.append(markup[pos : found.start()])
        pos = found.end()
        closing, tag = found.groups()
        if tag == "br":
            buffer.append("\n" if kind == "code" else " ")
            continue
        if tag in ("ul", "ol") or (closing and kind is None):
            continue
        flush()
        if closing:
            kind = None
        elif tag == "li":
            kind = "list_item"
        elif tag == "pre":
            kind = "code"
        else:
            kind = "heading" if tag.startswith("h") else "paragraph"
    buffer.append(markup[pos:])
    flush()
    return builder.result()
