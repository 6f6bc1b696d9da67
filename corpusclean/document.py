"""The one record that flows from a reader to a writer.

Every stage writes what it learned onto the document itself (tags, edits, removals,
a rejection reason), so the output explains itself and the pipeline can derive all of
its statistics from the documents alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple

import xxhash

from .text import line_starts


class Span(NamedTuple):
    """A structural block over ``Document.text``: ``text[start:end]`` is a ``kind``.

    Kinds used by the project: ``heading``, ``paragraph``, ``list_item``, ``table``,
    ``table_row``. Serialised as ``[start, end, kind]``.
    """

    start: int
    end: int
    kind: str


class Removal(NamedTuple):
    """One line or paragraph a stage took out of the text, and the rule that did it."""

    stage: str
    reason: str
    text: str


def document_id(source: str) -> str:
    """A stable 16-hex-digit id for a source string (same input, same id, any machine).

    xxh3 rather than Python's ``hash()``: the latter is salted per process.
    """
    return xxhash.xxh3_64_hexdigest(source.encode("utf-8"))


@dataclass(slots=True)
class Document:
    """A document and everything the pipeline has learned about it.

    ``text`` is the current text; ``original`` keeps the decoded input so that a rejected
    document can be written out as it arrived. ``meta`` is carried from the input and never
    computed; ``tags`` holds computed facts (language, signals, duplicate cluster, ...).
    ``edits`` counts what was done, keyed ``<stage>.<fix>``; ``removed`` lists the lines or
    paragraphs taken out. ``rejected`` is ``None`` for a kept document, else a stable
    reason code such as ``duplicate_of:<id>`` or ``too_short``.

    Stages that run after repair change the text only through :meth:`drop_lines`, which
    keeps ``spans`` consistent with the text.
    """

    id: str
    source: str
    text: str
    original: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    tags: dict[str, Any] = field(default_factory=dict)
    edits: Counter[str] = field(default_factory=Counter)
    removed: list[Removal] = field(default_factory=list)
    rejected: str | None = None

    @classmethod
    def from_text(cls, text: str, source: str = "<text>", **meta: Any) -> Document:
        """Build a document from a string, with an id derived from ``source``."""
        return cls(id=document_id(source), source=source, text=text, original=text, meta=meta)

    @property
    def kept(self) -> bool:
        return self.rejected is None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickle spans as plain tuples: a reST text holds a hundred or more, and each
        named tuple costs a Python call to pickle. Documents are pickled at every pass of
        a run (spills, worker pools, Ray): a dump and load of the 497 reST texts of the
        Python docs went from 0.24 to 0.12 ms per text (best of 8)."""
        return (
            _restore,
            (
                self.id,
                self.source,
                self.text,
                self.original,
                self.meta,
                list(map(tuple, self.spans)),
                self.tags,
                self.edits,
                self.removed,
                self.rejected,
            ),
        )

    def reject(self, reason: str) -> Document:
        """Mark the document as dropped; the first reason given wins."""
        if self.rejected is None:
            self.rejected = reason
        return self

    def drop_lines(self, drops: Mapping[int, str], stage: str) -> int:
        """Remove whole lines (by 0-based index), recording each with its reason.

        Spans are re-mapped onto the new text: a span whose lines are all removed is
        deleted, one partly covered shrinks to what remains. Blank lines left doubled by
        a removal are collapsed, so removing a block leaves no hole. Returns the number
        of lines removed.
        """
        if not drops:
            return 0
        lines = self.text.split("\n")
        starts = line_starts(lines)
        keep = [i not in drops for i in range(len(lines))]
        for i, reason in sorted(drops.items()):
            if 0 <= i < len(lines):
                self.removed.append(Removal(stage, reason, lines[i]))
                self.edits[f"{stage}.{reason}"] += 1
        # Collapse blank lines that the removal made adjacent (or left at the edges).
        previous_blank = True
        for i, line in enumerate(lines):
            if not keep[i]:
                continue
            blank = not line.strip()
            if blank and previous_blank:
                keep[i] = False
            previous_blank = blank
        while keep and any(keep):
            last = max(i for i, k in enumerate(keep) if k)
            if lines[last].strip():
                break
            keep[last] = False
        self._rebuild(lines, starts, keep)
        return sum(1 for i in drops if 0 <= i < len(lines))

    def _rebuild(self, lines: list[str], starts: list[int], keep: list[bool]) -> None:
        """Join the kept lines and move every span offset onto the new text."""
        new_starts: list[int] = []
        parts: list[str] = []
        pos = 0
        for line, k in zip(lines, keep, strict=True):
            new_starts.append(pos)
            if k:
                parts.append(line)
                pos += len(line) + 1
        self.text = "\n".join(parts)
        if not self.spans:
            return

        def move(offset: int) -> int:
            # The kept character nearest at or after ``offset``, in new coordinates.
            i = _line_of(starts, offset)
            while i < len(lines) and not keep[i]:
                i += 1
                offset = starts[i] if i < len(lines) else offset
            if i >= len(lines):
                return len(self.text)
            return min(new_starts[i] + (offset - starts[i]), len(self.text))

        spans = []
        for span in self.spans:
            start, end = move(span.start), move(span.end)
            if span.end > 0 and end > start:
                # An end that fell on a removed line must not swallow the next kept line.
                end_line = _line_of(starts, max(span.end - 1, 0))
                if not keep[end_line]:
                    end = _last_kept_end(lines, starts, new_starts, keep, span.start, end_line)
                if end > start:
                    spans.append(Span(start, min(end, len(self.text)), span.kind))
        self.spans = spans


def _line_of(starts: list[int], offset: int) -> int:
    """Index of the line that contains ``offset``: the last line start at or before it
    (bisect searches in C; a removal moves every span of the text, two offsets each)."""
    return max(bisect_right(starts, offset) - 1, 0)


def _last_kept_end(
    lines: list[str],
    starts: list[int],
    new_starts: list[int],
    keep: list[bool],
    span_start: int,
    end_line: int,
) -> int:
    """New end offset of the last kept line at or before ``end_line`` inside the span."""
    first = _line_of(starts, span_start)
    for i in range(end_line, first - 1, -1):
        if keep[i]:
            return new_starts[i] + len(lines[i])
    return -1


def _restore(
    id: str,
    source: str,
    text: str,
    original: str,
    meta: dict[str, Any],
    spans: list[tuple[int, int, str]],
    tags: dict[str, Any],
    edits: Counter[str],
    removed: list[Removal],
    rejected: str | None,
) -> Document:
    """The document :meth:`Document.__reduce__` took apart (spans made ``Span`` again
    by ``tuple.__new__``, in C: the same objects ``Span(*t)`` would build)."""
    return Document(
        id,
        source,
        text,
        original,
        meta,
        list(map(tuple.__new__, repeat(Span), spans)),
        tags,
        edits,
        removed,
        rejected,
    )
