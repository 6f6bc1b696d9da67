"""The fast extraction mode: resiliparse's main-content extraction on the lexbor parser.

resiliparse parses with lexbor (C) and picks the main content with cheap rules (it drops
navigation, headers, footers, sidebars and hidden elements by tag, role and class): about
ten times trafilatura's fast extraction on documentation pages (24 against 227 ms per
page here), at a cost in accuracy on news pages. selectolax, the other lexbor binding,
only gives the body's text: 215 pages/s but F1 0.77 on the evaluation set with tag and
role pruning, so resiliparse it is. Asked for its "minimal HTML" output, it keeps headings,
paragraphs, list items and preformatted text apart, which become the same spans the
default mode gives (``heading``, ``paragraph``, ``list_item``, ``code``).

resiliparse's rules leave much inside the main column: reader comments and their forms,
author boxes, captions, newsletter and cookie notices, "related articles" blocks. With
``prune=True`` (the fast mode) two cheap rules go further:

- elements whose class names such a block (:data:`NOISE_WORDS`), the ids ``comments`` and
  ``respond``, and every ``<footer>`` and ``<form>`` are skipped (lexbor matches the
  selectors while resiliparse walks the tree). A selector costs about 35 µs a page, so
  the list is short: the words that removed the most false text on trafilatura's
  evaluation set for the least lost;
- a heading with nothing under it (the next block is a heading of the same or a higher
  rank, or the page ends) is dropped: it is what is left of a teaser block, a comment
  section or a share bar once its links and lists are gone. A heading whose list was
  dropped by resiliparse goes with it, which costs a little recall.

What it will not do: keep lists (resiliparse's main-content rules drop every ``<ul>`` and
``<ol>``, navigation or not), table structure (a row comes as one loose line, its cells
apart by spaces) or reader comments. On trafilatura's evaluation set this mode scores F1
0.90 against 0.93 for the default (``benchmarks/extract_eval.py``; 0.87 without pruning),
mostly precision: short teaser and share lines, captions and notices the rules miss.
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

#: What a class names when its element is not the article: comments, related links,
#: newsletter and cookie notices, author boxes, captions, ratings, bylines, credits. An id
#: is not searched for them: documentation pages derive their section ids from headings
#: (``id="generating-tokens"``, ``id="credits"``, ``id="http.cookies.Morsel"``).
NOISE_WORDS = (
    "comment",
    "related",
    "newsletter",
    "subscri",
    "cookie",
    "author",
    "caption",
    "disclaimer",
    "rating",
    "byline",
    "credit",
    "entry-meta",
    "post-meta",
)
#: Elements a noise word must not remove: the page or article as a whole (``<body
#: class="single-author">``) and inline markup (a link to the author's page).
KEPT = ":not(html,body,main,article,span,a,em,strong,b,i)"
SKIPPED = (
    "footer",
    "form",
    "fieldset",
    "#comments",
    "#respond",
    *(f"[class*={word}]{KEPT}" for word in NOISE_WORDS),
)
#: The blocks of resiliparse's minimal HTML, for finding headings with nothing under them.
BLOCK_RE = re.compile(r"<(h[1-6]|p|pre|li)\b[^>]*>.*?</\1>", re.S)


def extract_fast(page: str, prune: bool = False) -> tuple[str, list[Span]]:
    """Main text and spans of a page, with resiliparse; ``prune`` drops more boilerplate."""
    from resiliparse.extract.html2text import extract_plain_text

    markup = extract_plain_text(
        strip_code_spans(page),
        preserve_formatting="minimal_html",
        main_content=True,
        comments=False,
        list_bullets=False,
        alt_texts=False,
        skip_elements=SKIPPED if prune else None,
    )
    return lay_out(drop_empty_headings(markup) if prune else markup)


def drop_empty_headings(markup: str) -> str:
    """resiliparse's minimal HTML without the headings that have no text under them."""
    blocks = list(BLOCK_RE.finditer(markup))
    kept = []
    pos = 0
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        if _is_empty_heading(block.group(1), following and following.group(1)):
            kept.append(markup[pos : block.start()])
            pos = block.end()
    kept.append(markup[pos:])
    return "".join(kept)


def _is_empty_heading(tag: str, following: str | None) -> bool:
    """Whether a ``tag`` block followed by a ``following`` one (None: the end) is empty."""
    if tag[0] != "h":
        return False
    return following is None or (following[0] == "h" and following[1] <= tag[1])


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
