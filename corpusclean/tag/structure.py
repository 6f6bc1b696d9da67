"""Paragraph and heading spans over the final text, and a title where one stands out.

Repair and extraction record the structure they recover (list items, tables, table
rows); this stage only fills in what nobody recorded. It never changes, moves or
overlaps an existing span: a line that any span touches is left to that span. That
keeps one owner per stretch of text and makes running it twice a no-op.

A heading is a short line that reads like one: at most ``heading_max_words`` words,
no sentence-ending punctuation, at least one letter, and more text after it. Everything
else is a paragraph: a run of lines between blank lines or, in text written one
paragraph per line (no blank line anywhere), each line. What it will not call a
heading: a last line (a signature or a caption has nothing under it), a line ending in
``.``, ``!``, ``?``, ``:`` or ``;`` (a sentence or a lead-in), a line of symbols
(``* * *``), and any line already inside a span.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Document, Span
from ..stage import StageBase

_SENTENCE_END = (".", "!", "?", ":", ";", "…", ",")


def looks_like_heading(line: str, max_words: int) -> bool:
    """A short line with a letter and no sentence-ending punctuation."""
    line = line.strip()
    return (
        bool(line)
        and len(line.split()) <= max_words
        and not line.endswith(_SENTENCE_END)
        and any(ch.isalpha() for ch in line)
        and (line[0].isupper() or line[0].isdigit() or not line[0].isalpha())
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, without the newline."""
    bounds, pos = [], 0
    for line in text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


@dataclass
class StructureSpans(StageBase):
    """Add ``heading`` and ``paragraph`` spans where none exist; set ``meta["title"]``.

    The title is the first line with letters in it when that line is a heading; an input
    title (from a JSONL field or the HTML ``<title>``) is never overwritten.
    """

    name: ClassVar[str] = "tag.structure"
    #: The metadata it fills in where the input has none.
    writes_meta: ClassVar[dict[str, str]] = {"title": "str"}

    # News headlines reach 15-20 words; longer is prose
    heading_max_words: int = field(default=20, metadata={"ge": 1})
    title: bool = True

    def process(self, doc: Document) -> Document:
        text = doc.text
        lines = _lines(text)
        taken = _merged(doc.spans)
        one_per_line = "\n\n" not in text.strip()
        blocks: list[list[tuple[int, int]]] = []
        current: list[tuple[int, int]] = []
        for start, end in lines:
            free = bool(text[start:end].strip()) and not _overlaps(taken, start, end)
            if free and not one_per_line:
                current.append((start, end))
                continue
            if current:
                blocks.append(current)
                current = []
            if free:
                blocks.append([(start, end)])
        if current:
            blocks.append(current)
        added = [self._span(text, block, block is blocks[-1]) for block in blocks]
        if added:
            doc.spans = sorted([*doc.spans, *added])
        if self.title and "title" not in doc.meta:
            self._set_title(doc)
        return doc

    def _span(self, text: str, block: list[tuple[int, int]], last: bool) -> Span:
        start, end = block[0][0], block[-1][1]
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        single = len(block) == 1
        heading = single and not last and looks_like_heading(chunk, self.heading_max_words)
        return Span(start, end, "heading" if heading else "paragraph")

    def _set_title(self, doc: Document) -> None:
        for span in doc.spans:
            chunk = doc.text[span.start : span.end]
            if not any(ch.isalpha() for ch in chunk):
                continue
            if span.kind == "heading":
                doc.meta["title"] = chunk.strip()
            return


def _merged(spans: list[Span]) -> list[tuple[int, int]]:
    """The stretches covered by any span, merged and sorted (nested table rows included)."""
    merged: list[list[int]] = []
    for start, end, _ in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` meets a covered stretch (binary search: spans can be many)."""
    i = bisect.bisect_right(taken, (end,)) - 1  # last stretch starting before ``end``
    return i >= 0 and taken[i][1] > start
