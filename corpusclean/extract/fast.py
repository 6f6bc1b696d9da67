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
``prune=True`` (the fast mode) four cheap rules go further:

- elements whose class names such a block (:data:`NOISE_WORDS`), the ids ``comments`` and
  ``respond``, and every ``<footer>`` and ``<form>`` are skipped (lexbor matches the
  selectors while resiliparse walks the tree; as one selector list, they cost next to
  nothing). The list holds the words that removed the most false text on trafilatura's
  evaluation set for the least lost;
- a short block that is mostly link text (:func:`is_link_block`) is dropped: a "read
  also" line, a teaser card, an entry of a list of links. resiliparse is asked for its
  links (``links=True``, ``<a href>`` in its output) to tell; links into a page and
  one-word links (a file name, a command) do not count, so that the cross-references
  and source links of documentation stay;
- a heading with nothing under it (the next block is a heading of the same or a higher
  rank, or the page ends) is dropped: it is what is left of a teaser block, a comment
  section or a share bar once its links and lists are gone. A heading whose list was
  dropped by resiliparse goes with it, which costs a little recall;
- the short blocks left at the edges of the article (:func:`trim_edges`): a date or a
  breadcrumb above it, a "share this", a label whose links are gone or a copyright
  line under it; not a list, a table or the names of code a reference page ends with.

What it will not do: keep lists (resiliparse's main-content rules drop most ``<ul>`` and
``<ol>``, navigation or not), table structure (a row comes as one loose line, its cells
apart by spaces) or reader comments. On trafilatura's evaluation set the whole pipeline
in this mode scores F1 0.910 against 0.928 for the default (``benchmarks/extract_eval.py``;
0.902 without the edge rule, 0.87 without any pruning), mostly precision: notices,
bylines and headings of other articles inside the text, which have no link or class to
tell them by. On documentation pages the link rule drops the titles of "See also"
reading lists (an external link and its description), 0.04% of the text; the edge rule
drops the "Footnotes" label left over the footnotes resiliparse does not keep, a
closing "See also" of three blocks or less, and the Debian Reference's links to the
previous and next chapter.
"""

from __future__ import annotations

import html
import re

from ..document import Span

#: The markup resiliparse's minimal HTML output is made of.
TAG_RE = re.compile(r"<(/?)(h[1-6]|p|pre|ul|ol|li|br)\b[^>]*>")
#: Where a code block opens, and the span tags syntax highlighting fills it with (in
#: lower or upper case: a case-blind pattern would take twice as long to find them).
CODE_OPEN_RE = re.compile(r"<(pre|PRE)(?=[\s>])")
SPAN_TAG_RE = re.compile(r"</?(?:span|SPAN)\b[^>]*>")
#: Sphinx's span around each word of inline code, with its text as the one group.
WORD_SPAN_RE = re.compile(r'<span class="pre">([^<]*)</span>')

#: What a class names when its element is not the article: comments, related links,
#: newsletter and cookie notices, author boxes, captions, ratings, bylines, credits,
#: copyright lines, WordPress widgets (``widget_text``). An id
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
    "copyright",
    "widget_",
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
    "[class~=teaser]",  # as a whole class name: as part of one, it takes articles too
    *(f"[class*={word}]{KEPT}" for word in NOISE_WORDS),
)
#: One selector list, matched once per element: as separate selectors, each is its own
#: match (about 0.4 ms a documentation page for these).
SKIPPED_SELECTOR = ", ".join(SKIPPED)
#: A link in resiliparse's minimal HTML (``links=True``): its target, and its text (the
#: output has no inline markup but links). An anchor (``<a name>``) comes with an empty
#: target; a link with no text, with no end tag.
LINK_RE = re.compile(r'<a href="([^"]*)">([^<]*)</a>')
LINK_TAG_RE = re.compile(r"</?a\b[^>]*>")
#: The share of a short block's text in links over which it is taken for a list of
#: links, a teaser or a "read also" line (measured on trafilatura's evaluation set).
LINK_SHARE = 0.7
LINK_BLOCK_CHARS = 200
#: What :func:`trim_edges` takes for a leftover: a block shorter than this that ends no
#: sentence, in a run of at most this many (measured on trafilatura's evaluation set).
FRAGMENT_CHARS = 80
EDGE_RUN = 3
#: How a sentence ends: a full stop (or a colon) before any closing quote or bracket, a
#: smiley, an emoji.
SENTENCE_END_RE = re.compile(
    r"(?:[.!?…:][\"'”»)]?|[:;=]-?[)(DP]|[\U0001F300-\U0001FAFF\u2600-\u27BF]\ufe0f?)$"
)
CODE_NAME_RE = re.compile(r"\(\)|^-|_[A-Za-z]|[A-Za-z_]\.[A-Za-z_]")
#: The span kind of each block tag (a loose line is a paragraph).
KINDS = {
    "pre": "code",
    "li": "list_item",
    "p": "paragraph",
    **{f"h{rank}": "heading" for rank in range(1, 7)},
}


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
        links=prune,
        skip_elements=[SKIPPED_SELECTOR] if prune else None,
    )
    return lay_out(markup, prune)


def is_link_block(markup: str) -> bool:
    """Whether a block of minimal HTML is short and mostly link text: a teaser, a list entry.

    Counted are links with a target that is not a fragment: an anchor is no link, and
    a link into a page (``#section``, ``page.html#name``) is a table of contents entry
    or a cross-reference, content in documentation. A link text of one word (a file
    name, a command, "PEP 8" is two) is no teaser either.
    """
    if "<a " not in markup:
        return False
    linked = 0
    for target, words in LINK_RE.findall(markup):
        if target and "#" not in target:
            words = _flat(words)
            if " " in words:
                linked += len(words)
    if not linked:  # most blocks of a documentation page: only cross-references
        return False
    text = _flat(LINK_TAG_RE.sub("", markup))
    return len(text) < LINK_BLOCK_CHARS and " " in text and linked >= LINK_SHARE * len(text)


def _flat(markup: str) -> str:
    text = " ".join(markup.split())
    return html.unescape(text) if "&" in text else text


def drop_empty_headings(blocks: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """The blocks (tag, markup) without the headings that have no text under them.

    Loose lines do not count: a heading over nothing but loose text (what is left of a
    share bar or a teaser card) goes too.
    """
    tags = [tag for tag, _ in blocks if tag is not None]
    kept = []
    rank = 0  # index of the next block with a tag
    for tag, markup in blocks:
        if tag is None:
            kept.append((tag, markup))
            continue
        rank += 1
        following = tags[rank] if rank < len(tags) else None
        if not _is_empty_heading(tag, following):
            kept.append((tag, markup))
    return kept


def _is_empty_heading(tag: str, following: str | None) -> bool:
    """Whether a ``tag`` block followed by a ``following`` one (None: the end) is empty."""
    if tag[0] != "h":
        return False
    return following is None or (following[0] == "h" and following[1] <= tag[1])


def strip_code_spans(page: str) -> str:
    """The page without the ``<span>`` tags (not their text) inside ``<pre>``, nor the
    one around each word of Sphinx's inline code.

    Syntax highlighting wraps every token of a code block in a span, half the elements of
    a documentation page, and resiliparse weighs each one for main content; a span is
    inline, so the text comes out the same without them. Sphinx also wraps each word of
    inline code in a ``<span class="pre">`` of its own: only text inside, so its two tags
    are cut out together (resiliparse took 5.2 ms a documentation page with both kinds,
    4.1 without the first and 3.2 without either). A block whose end tag is not found
    (never closed, or closed in another case) ends the search: the rest is left as is.
    """
    if '<span class="pre">' in page:
        page = "".join(WORD_SPAN_RE.split(page))
    parts = []
    pos = 0
    for found in CODE_OPEN_RE.finditer(page):
        if found.start() < pos:  # a block inside the block just done
            continue
        end = page.find(f"</{found.group(1)}", found.end())
        if end < 0:
            break
        parts.append(page[pos : found.start()])
        parts.append(SPAN_TAG_RE.sub("", page[found.start() : end]))
        pos = end
    parts.append(page[pos:])
    return "".join(parts)


def lay_out(markup: str, prune: bool = False) -> tuple[str, list[Span]]:
    """Text and spans of resiliparse's minimal HTML; ``prune`` drops link and edge blocks."""
    blocks = split_blocks(markup)
    if prune:
        blocks = [
            (tag, b) for tag, b in blocks if tag == "pre" or "<a " not in b or not is_link_block(b)
        ]
        blocks = drop_empty_headings(blocks)
    texts = block_texts(blocks)
    if prune:
        texts = trim_edges(texts)
    return assemble(texts)


def block_texts(blocks: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """The blocks as (tag, text): markup and entities gone, whitespace collapsed but in
    code (its lines as they are, trailing spaces aside); empty blocks left out."""
    texts = []
    for tag, block in blocks:
        if "<a" in block:
            block = LINK_TAG_RE.sub("", block)
        if "&" in block:
            block = html.unescape(block)
        if tag == "pre":
            code = block.strip("\n")
            if code.strip():
                texts.append((tag, "\n".join(line.rstrip() for line in code.split("\n"))))
        else:
            text = " ".join(block.split())
            if text:
                texts.append((tag, text))
    return texts


def trim_edges(texts: list[tuple[str | None, str]]) -> list[tuple[str | None, str]]:
    """The blocks without the short leftovers at the edges of the article.

    What resiliparse keeps around an article is mostly short: a breadcrumb, a date or a
    category line above it; a "share this", a "related articles" label whose links are
    gone, a source or copyright line under it. At the end, a run of at most
    :data:`EDGE_RUN` short blocks that end no sentence (:func:`is_short`) is dropped; at
    the start, such loose lines (not headings: the title is one) up to the first
    sentence. A longer run is a list or a table of the page, and a run that names code
    (``reset()``, ``--details``, ``os.path``) is the end of a reference page: both stay,
    as does a page made of nothing else.
    """
    end = len(texts)
    while end > 0 and is_short(*texts[end - 1]):
        end -= 1
    if end > 0 and _droppable(texts[end:]):
        texts = texts[:end]
    head = []
    for i, (tag, text) in enumerate(texts):
        if not is_short(tag, text):
            break
        if tag is None:
            head.append(i)
    else:
        return texts
    if not _droppable([texts[i] for i in head]):
        return texts
    dropped = set(head)
    return [block for i, block in enumerate(texts) if i not in dropped]


def is_short(tag: str | None, text: str) -> bool:
    """Whether a block is short and ends no sentence (a colon ends one: the line
    introduces what follows; so does a smiley or an emoji, a blog post's sign-off); a
    heading counts as short, code never does."""
    if tag == "pre":
        return False
    if tag is not None and tag[0] == "h":
        return True
    return len(text) < FRAGMENT_CHARS and SENTENCE_END_RE.search(text) is None


def _droppable(run: list[tuple[str | None, str]]) -> bool:
    """Whether a run of short blocks at an edge is a leftover (few, and naming no code)."""
    if len(run) > EDGE_RUN:
        return False
    return not any(CODE_NAME_RE.search(text) for _, text in run)


def assemble(texts: list[tuple[str | None, str]]) -> tuple[str, list[Span]]:
    """The text (a blank line between blocks) and a span over each block."""
    spans = []
    pos = 0
    for tag, text in texts:
        spans.append(Span(pos, pos + len(text), KINDS.get(tag, "paragraph")))
        pos += len(text) + 2
    return "\n\n".join(text for _, text in texts), spans


def split_blocks(markup: str) -> list[tuple[str | None, str]]:
    """The blocks of resiliparse's minimal HTML as (tag, markup): None for a loose line.

    Their text is still HTML-escaped, with its links; a ``<br>`` is a newline in code,
    a space elsewhere. The markup is cut at its tags in one pass (``re.split`` gives
    each tag's two groups, then the text up to the next tag).
    """
    blocks: list[tuple[str | None, str]] = []
    tag: str | None = None  # the open block, None between blocks
    pieces = TAG_RE.split(markup)
    buffer = [pieces[0]]
    for i in range(1, len(pieces), 3):
        closing, name = pieces[i], pieces[i + 1]
        if name == "br":
            buffer.append("\n" if tag == "pre" else " ")
        elif name not in ("ul", "ol") and not (closing and tag is None):
            _add_block(blocks, tag, "".join(buffer))
            buffer = []
            tag = None if closing else name
        buffer.append(pieces[i + 2])
    _add_block(blocks, tag, "".join(buffer))
    return blocks


def _add_block(blocks: list[tuple[str | None, str]], tag: str | None, text: str) -> None:
    """Append the text between two block tags: a block, or loose lines (one a line)."""
    if not text or text.isspace():  # the blank lines between blocks: most of them
        return
    if tag is None:
        blocks.extend((None, line) for line in text.split("\n") if line and not line.isspace())
    else:
        blocks.append((tag, text))
