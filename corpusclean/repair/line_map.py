"""Keeping structure spans valid while the repair stages rewrite the text line by line.

The spans the repair stages record always cover whole lines (a heading, a list item, a
table row, a run of rows, a paragraph). That invariant makes their upkeep cheap and exact:
a stage that rewrites the text says, for every new line, which old line it came from,
and each span is moved onto the new lines that came from its old ones, however much the
characters inside those lines changed. Later stages (after repair) only drop whole lines
through :meth:`corpusclean.document.Document.drop_lines`, which keeps them valid too.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import repeat

from ..document import Document, Span
from ..text import line_starts

LineSpan = tuple[int, int, str]
"""``(first_line, last_line, kind)``: a span in line indices, both ends inclusive."""


def to_spans(lines: Sequence[str], line_spans: Sequence[LineSpan]) -> list[Span]:
    """Character spans over ``"\\n".join(lines)`` for line spans, sorted, empty ones dropped."""
    starts = line_starts(lines)
    n = len(lines)
    # Sorted as (start, -end, kind) tuples, and only then made spans (in C: a text has
    # a hundred spans or more, and a Python call per span costs more than the rest).
    keyed = {
        (starts[first], -(starts[last] + len(lines[last])), kind)
        for first, last, kind in line_spans
        if 0 <= first <= last < n
    }
    kept = [(start, -neg_end, kind) for start, neg_end, kind in sorted(keyed) if -neg_end > start]
    return list(map(tuple.__new__, repeat(Span), kept))


def to_line_spans(lines: Sequence[str], spans: Sequence[Span]) -> list[LineSpan]:
    """The inverse of :func:`to_spans` for whole-line spans."""
    if not spans:
        return []
    starts = line_starts(lines)
    out = []
    for span in spans:
        first = bisect_right(starts, span.start) - 1
        last = bisect_right(starts, max(span.end - 1, span.start)) - 1
        out.append((first, last, span.kind))
    return out


def replace_lines(
    doc: Document, new_lines: list[str], origins: Sequence[int], text: str | None = None
) -> None:
    """Set ``doc.text`` to ``new_lines`` (joined: ``text``, when the caller has it) and
    move its spans; ``origins[i]`` is the old line index that new line ``i`` came from.
    A span whose old lines all vanished is dropped."""
    if text is None:
        text = "\n".join(new_lines)
    if doc.spans:
        old_lines = doc.text.split("\n")
        by_origin: dict[int, list[int]] = {}
        for i, origin in enumerate(origins):
            if new_lines[i].strip():
                by_origin.setdefault(origin, []).append(i)
        # A span goes from the first new line of its first old line that kept one to the
        # last new line of its last such old line: two binary searches in the old lines
        # that kept one, not a walk over the span's lines (a page's table or list can
        # span thousands of lines, under hundreds of spans).
        kept = sorted(by_origin)
        moved: list[LineSpan] = []
        for first, last, kind in to_line_spans(old_lines, doc.spans):
            a = bisect_left(kept, first)
            b = bisect_right(kept, last) - 1
            if a <= b:
                moved.append((by_origin[kept[a]][0], by_origin[kept[b]][-1], kind))
        doc.spans = to_spans(new_lines, moved)
    doc.text = text
