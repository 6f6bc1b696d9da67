"""Text notions every stage shares: lines, sentence ends, and where a text quotes code.

One module, so that "a line", "the end of a sentence" and "code" mean the same thing in
repair, boilerplate, dedup and tagging: a region that one stage protects as code, no
other stage rewrites or drops.

Where a text quotes code: the regions every stage leaves exactly as they are.

Markup and entities inside code are the code's own (``Markup('&lt;b&gt;')``, a fenced
HTML example, ``pathlib.Path`` in backticks), so they are never debris. Three shapes are
recognised, each unambiguous in Markdown, reStructuredText and doctests:

- fenced blocks: from a line opening with three backticks or tildes to its closing fence
  (or the end of the text, when a scraper lost the closing fence);
- inline code: text between matching single or double backticks on one line;
- doctests: a ``>>> `` line and the lines after it up to a blank line (continuations
  and expected output).

Indentation alone is NOT taken as code: scraped text indents list debris and paragraphs
with spaces (``    < p >Beyond ...``), and those lines need repair.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

#: Marks that end a sentence, in the scripts the project meets (Latin, CJK full stops).
SENTENCE_END_MARKS = (".", "!", "?", "…", "。", "！", "？")


def line_starts(lines: Iterable[str]) -> list[int]:
    """The offset of each line in ``"\\n".join(lines)``."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


FENCED_RE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
INLINE_RE = re.compile(r"(``?)(?=\S)[^`\n]+?(?<=\S)\1")
DOCTEST_RE = re.compile(r"^[ \t]*>>> .*(?:\n[ \t]*\S.*)*", re.M)


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` ranges of ``text`` that quote code."""
    if "`" not in text and "~~~" not in text and ">>>" not in text:
        return []
    fenced = [m.span() for m in FENCED_RE.finditer(text)]
    inside = Membership(fenced)
    ranges = list(fenced)
    for pattern in (INLINE_RE, DOCTEST_RE):
        ranges.extend(m.span() for m in pattern.finditer(text) if m.start() not in inside)
    ranges.sort()
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class Membership:
    """``pos in ranges`` for sorted, non-overlapping ranges (binary search)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.starts = [start for start, _ in ranges]

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.ranges[i][0] <= pos < self.ranges[i][1]


class CodeRanges(Membership):
    """The code ranges of a text, with a fast ``pos in code`` test."""

    def __init__(self, text: str) -> None:
        super().__init__(code_ranges(text))
