"""Structure spans for the plain-text lines that markup did not already explain.

Runs last among the repairs, on the final text, and changes no character: it only adds
whole-line spans for lines no earlier repair covered (:mod:`.html` records the blocks its
tags marked). The plain-text rules, each on evidence in the layout:

- ``list_item``: a line starting with a bullet glyph (``•``, ``◦``, ``▪``, ``‣``, ``●``,
  ``○``, ``■``, ``□``), a Markdown marker (``-``, ``*``, ``+``) or a number (``1.``,
  ``2)``), followed by a space and text;
- ``table`` / ``table_row``: two or more consecutive lines that start and end with ``|``
  (Markdown tables) or hold the same number of `` | `` separators;
- ``heading``: a Markdown ``#`` heading; or a short line (at most 20 words) that starts
  with a capital letter, does not end like a sentence and stands alone between blank
  lines (or the document's edges); or, in one-paragraph-per-line text, such a line of at
  most 12 words between a finished paragraph and a longer one;
- ``paragraph``: a run of other text lines, broken after a line that ends a sentence, so
  that one-paragraph-per-line web text gets one span per line and hard-wrapped text gets
  one per paragraph.

What this will NOT mark: lines inside code or layout (:func:`corpusclean.text.code_ranges`:
fences, literal blocks, doctests, aligned columns, source files); a lone line with `` | `` in it
(a navigation trail is no table); a dash at line start not followed by a space (``-5``);
an em dash (dialogue in many languages, not a list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count, filterfalse, repeat
from operator import contains, itemgetter, or_
from typing import ClassVar

from ..document import Document
from ..stage import StageBase
from ..text import code_lines
from .line_map import LineSpan, to_line_spans, to_spans

LIST_ITEM_RE = re.compile(r"^\s*(?:[•◦▪‣●○■□\-*+]|\d{1,3}[.)])\s+\S")
LIST_HEADS = frozenset("•◦▪‣●○■□-*+")
#: The first characters of a list item or a Markdown heading, besides digits and capitals.
OPENING_MARKS = LIST_HEADS | {"#"}
MD_HEADING_RE = re.compile(r"^#{1,6}\s+\S")
MD_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
SENTENCE_END = tuple('.!?…:;,"”’)»')
HEADING_MAX_WORDS = 20
#: A heading with no blank line around it must be shorter, and followed by a paragraph.
INLINE_HEADING_MAX_WORDS = 12
PARAGRAPH_END = tuple('.!?…"”')
#: The marks after which a run of text lines is broken into a new paragraph span.
PARAGRAPH_BREAK = SENTENCE_END[:5]
_SINGLE_LINE = ("list_item", "heading")


def structure_spans(lines: list[str], taken: set[int], text: str | None = None) -> list[LineSpan]:
    """Whole-line spans for the lines not in ``taken`` (see module docstring); ``text``
    is ``"\\n".join(lines)``, when the caller has it."""
    if text is None:
        text = "\n".join(lines)
    stripped = list(map(str.strip, lines))
    code = code_lines(text)
    if "|" in text:  # a Markdown table is layout, and a table
        code = code - {i for i in code if _md_row(lines[i])}
    rest = list(filterfalse(code.__contains__, compress(count(), stripped)))
    kinds = {i: "taken" for i in rest if i in taken} if taken else {}
    for i in _may_open_block(stripped, rest):
        if i in kinds:
            continue
        body = stripped[i]
        # Each pattern is tried only on lines that open with a character it needs.
        if (body[0] in LIST_HEADS or body[0].isdigit()) and LIST_ITEM_RE.match(lines[i]):
            kinds[i] = "list_item"
        elif (body[0] == "#" and MD_HEADING_RE.match(lines[i])) or (
            body[0].isupper() and _standalone_heading(stripped, i)
        ):
            kinds[i] = "heading"
    spans: list[LineSpan] = sorted((i, i, k) for i, k in kinds.items() if k in _SINGLE_LINE)
    rows: set[int] = set()
    if "|" in text:
        spans.extend(_tables(lines, code | kinds.keys(), rows))
    prose = list(filterfalse((kinds.keys() | rows).__contains__, rest))
    spans.extend(_paragraphs(stripped, prose))
    return spans


def _may_open_block(stripped: list[str], rest: list[int]) -> list[int]:
    """The lines of ``rest`` (non-blank) whose first character may open a list item or
    a heading: a bullet, a digit, "#" or a capital. Tested in C: most lines of prose
    open with a small letter, and need no test at all."""
    heads = list(map(itemgetter(0), map(stripped.__getitem__, rest)))
    opening = map(or_, map(str.isupper, heads), map(str.isdigit, heads))
    marked = map(or_, opening, map(OPENING_MARKS.__contains__, heads))
    return list(compress(rest, marked))


def _paragraphs(stripped: list[str], prose: list[int]) -> list[LineSpan]:
    """Runs of consecutive ``prose`` lines (increasing indices), each broken after a
    line that ends a sentence (stripped: only its end counts)."""
    spans: list[LineSpan] = []
    following = set(prose)
    start = None
    for i in prose:
        if start is None:
            start = i
        if i + 1 not in following or stripped[i].endswith(PARAGRAPH_BREAK):
            spans.append((start, i, "paragraph"))
            start = None
    return spans


def _md_row(line: str) -> bool:
    return "|" in line and MD_ROW_RE.match(line) is not None


def _standalone_heading(stripped: list[str], i: int) -> bool:
    """A short capitalised line that does not end like a sentence, set apart either by
    blank lines or, in one-paragraph-per-line text, by a finished paragraph before it and
    a longer paragraph after it ("Local and International Reactions"). ``stripped``
    holds the lines without their outer whitespace. Its words are counted last: most
    capitalised lines are inside a paragraph, and fail a test of their neighbours."""
    line = stripped[i]
    if not line[:1].isupper() or line.endswith(SENTENCE_END):
        return False
    before_blank = i == 0 or not stripped[i - 1]
    after = stripped[i + 1] if i + 1 < len(stripped) else ""
    if before_blank and not after:
        return any(stripped[i + 1 : i + 3]) and len(line.split()) <= HEADING_MAX_WORDS
    finished = before_blank or stripped[i - 1].endswith(PARAGRAPH_END)
    return (
        finished
        and after.endswith(PARAGRAPH_END)
        and len(after) > 2 * len(line)
        and len(line.split()) <= INLINE_HEADING_MAX_WORDS
    )


def _tables(lines: list[str], marked: set[int], rows: set[int]) -> list[LineSpan]:
    """Runs of 2+ Markdown rows or of lines with the same number of " | " separators,
    among the lines not ``marked`` as something else; their lines are added to ``rows``.

    Only the lines holding a "|" can be rows: each is looked at once."""
    spans: list[LineSpan] = []
    piped = compress(count(), map(contains, lines, repeat("|")))
    cells = {i: _cells(lines[i]) for i in piped if i not in marked}
    done = -1  # the last line of the last table found
    for i, n in cells.items():
        if i <= done or not n:
            continue
        j = i + 1
        while cells.get(j) == n:
            j += 1
        if j - i >= 2:
            spans.extend((k, k, "table_row") for k in range(i, j))
            spans.append((i, j - 1, "table"))
            rows.update(range(i, j))
            done = j - 1
    return spans


def _cells(line: str) -> int:
    """-1 for a Markdown row (any count: its delimiter row has its own), else how many
    " | " separators the line holds."""
    return -1 if MD_ROW_RE.match(line) else line.count(" | ")


@dataclass
class RecordStructure(StageBase):
    """Record heading, paragraph, list and table spans over the repaired text."""

    name: ClassVar[str] = "repair.structure"

    def process(self, doc: Document) -> Document:
        lines = doc.text.split("\n")
        existing = to_line_spans(lines, doc.spans)
        taken = {k for first, last, _ in existing for k in range(first, last + 1)}
        found = structure_spans(lines, taken, doc.text)
        if found:
            doc.spans = to_spans(lines, existing + found)
        return doc
