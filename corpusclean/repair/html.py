"""Markup debris to clean lines, with the structure the debris still carries.

:mod:`.markup` finds the fragments on evidence; this module turns the text around them into
lines, the way a browser would lay the fragment out:

- block tags (``p``, ``div``, ``ul``, ``table``, ...) and ``br`` end a line; headings are
  a line of their own; inline tags (``strong``, ``span``, ``a``) vanish without a trace;
- a list item (``li``, also one whose ``</li>`` is all that is left) is its own line,
  starting with the configured bullet;
- a table row is one line, its cells joined by the configured separator (`` | ``), its
  line breaks inside cells turned into spaces; consecutive rows make a ``table`` span;
- comments, and the bodies of ``script``/``style`` when both ends are found, are removed.

Each recovered block is recorded as a whole-line span (see :mod:`.line_map`). A second,
independent repair finds tables that an extractor flattened into lines whose cells each
end with a no-break space (``Area\\xa0 Actions\\xa0``, from ``<td>Area&nbsp;</td>``).

What this will NOT touch: a text with no fragment that :mod:`.markup` accepts comes out
byte-identical, and lines without debris keep their exact layout (indentation included).
A space-joined flattened table (``Topic Results`` with nothing marking the cell boundary)
is left as it is: there is no evidence of where one cell ends.

BeautifulSoup is not used, after measuring: the debris this repairs (``< / td >``,
``li >``) is plain text to an HTML parser, so ``BeautifulSoup(text).get_text()`` leaves all
44 fragments of seed 003 in place; and the well-formed tags left in text are laid out by
the same pass here, so a tree would cost a second parse for nothing. ``python
benchmarks/repair.py --bs4`` times both on the same corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Document
from ..stage import StageBase
from ..text import CodeRanges
from .entities import fix_entities
from .line_map import LineSpan, to_line_spans, to_spans
from .markup import BLOCK, BREAK, CELL, HEADING, HIDDEN, ITEM, ROW, Fragment, find_fragments

#: Horizontal whitespace, no-break spaces included, stripped where a tag broke a line.
HSPACE = " \t\u00a0"
#: A blank line inside table text: the row or cell was never closed, the table is over.
BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")
#: The start of an entity cut off by a fragment: "&", "& #", "&am" right before it.
SPLIT_ENTITY_RE = re.compile(r"&[ \t]{0,2}#?[A-Za-z0-9]{0,31}\Z")
#: Rounds of fragment removal: removing one fragment can expose another (``<<b>p>``).
MAX_ROUNDS = 4


@dataclass
class Layout:
    """The result of laying out one text: lines, whole-line spans, counts per repair kind."""

    lines: list[str]
    spans: list[LineSpan] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    #: A removed fragment sat right after an "&..." start ("&<b>amp;"): removing it may
    #: have joined an entity, which must be decoded for a second repair to change nothing.
    split_entity: bool = False


class _Builder:
    """Accumulates lines from text chunks and tag events (one document, one use)."""

    def __init__(self, bullet: str, separator: str, code: CodeRanges) -> None:
        self.code = code
        self.bullet = bullet
        self.separator = separator
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.spans: list[LineSpan] = []
        self.counts: Counter[str] = Counter()
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.strip_next = False  # lstrip the next text: a tag just started this line
        self.broke = False  # a tag just ended the line: the text's next newline is absorbed
        # After an opener (<li>, <p>, <td>, <br>), the block's text may start lines later,
        # indented by a pretty-printer: absorb those line breaks and that indentation too.
        # After a closer, the next line of text is the text's own, indentation included.
        self.absorb = False
        self.prefix = ""  # the bullet, written when the item's first text arrives
        self.opened: list[tuple[str, int]] = []  # (li/hN/p, first line index)

    # -- text ---------------------------------------------------------------------------
    def text(self, chunk: str, offset: int = 0) -> None:
        """Add ``chunk``, which starts at ``offset`` in the laid-out text."""
        if not chunk:
            return
        if self.row is not None:
            cut = self._code_line(chunk, offset)
            if cut is not None:
                # A code line ends the row: it is never folded into a cell ("<td>a" and a
                # fence on the next line stay two lines, the fence still a fence).
                self.text(chunk[:cut], offset)
                self.flush_row()
                if "".join(self.cur).strip(HSPACE):  # text the row let go: its own line
                    self.lines.append("".join(self.cur))
                    self.cur = []
                self.strip_next = self.absorb = self.broke = False  # the code's own line
                self.text(chunk[cut + 1 :], offset + cut + 1)
                return
            chunk = self._row_text(chunk)
            offset = -1  # routed to cells: offsets no longer known, and none needed
            if not chunk:
                return
        parts = chunk.split("\n")
        pos = offset
        for i, part in enumerate(parts):
            start, pos = pos, pos + len(part) + 1
            if i and offset >= 0 and start in self.code:
                # A line of code after a tag: its indentation is the code's, never
                # absorbed like a pretty-printer's (a literal block stays one).
                self.strip_next = self.absorb = False
                blank_before = not parts[i - 1].strip(HSPACE)
                empty = not "".join(self.cur).strip(HSPACE)
                if blank_before and empty and self.lines and self.lines[-1].strip(HSPACE):
                    self.lines.append("")  # and the blank line that sets it apart
            if i:
                if self.broke and not "".join(self.cur).strip(HSPACE):
                    self.cur = []
                    if not self.absorb:
                        self.broke = self.strip_next = False  # a new line of the text's own
                else:
                    self.lines.append("".join(self.cur))
                    self.cur = []
                    self.broke = self.strip_next = self.absorb = False
            if self.strip_next:
                part = part.lstrip(HSPACE)
            if part.strip(HSPACE):
                self.broke = self.strip_next = self.absorb = False
                if self.prefix:
                    self.cur.append(self.prefix)
                    self.prefix = ""
            if i == 0 and part[:1] in " \t" and self.cur and self.cur[-1][-1:] in (" ", "\t"):
                # A removed inline tag between two spaces ("Sharing strong > Establish"):
                # the words keep one space, as in a browser, not the two around the tag.
                part = part.lstrip(" \t")
            if part:
                self.cur.append(part)

    def _code_line(self, chunk: str, offset: int) -> int | None:
        """Where in ``chunk`` (at ``offset`` in the text) the newline before its first line
        of code is, if any."""
        if offset < 0 or not self.code:
            return None
        nl = chunk.find("\n")
        while nl >= 0:
            if offset + nl + 1 in self.code:
                return nl
            nl = chunk.find("\n", nl + 1)
        return None

    def _row_text(self, chunk: str) -> str:
        """Route text inside a row to its cell; returns what is left for normal lines."""
        blank = BLANK_LINE_RE.search(chunk)
        inside, rest = (chunk[: blank.start()], chunk[blank.start() :]) if blank else (chunk, "")
        if self.cell is not None:
            self.cell.append(inside)
        elif inside.strip():
            if "\n" in inside.rstrip():
                # Text on a new line after the last cell: the row was never closed.
                rest, inside = inside + rest, ""
            else:
                self.row.append(inside)  # type: ignore[union-attr]
        if rest:
            self.flush_row()
        return rest

    # -- lines --------------------------------------------------------------------------
    def end_line(self, opener: bool = False) -> int | None:
        """End the current line at a tag; returns its index when it holds text."""
        line = "".join(self.cur).rstrip(HSPACE)
        self.cur = []
        self.prefix = ""  # an item with no text gets no bullet line
        self.strip_next = self.broke = True
        self.absorb = opener
        if not line.strip(HSPACE):
            return None
        self.lines.append(line)
        return len(self.lines) - 1

    def flush_row(self) -> None:
        if self.row is None:
            return
        if self.cell is not None:
            self.row.append("".join(self.cell))
        cells = [" ".join(c.split()) for c in self.row]
        while cells and not cells[-1]:
            cells.pop()
        self.row = self.cell = None
        if any(cells):
            self.end_line()
            self.lines.append(self.separator.join(cells))
            self.spans.append((len(self.lines) - 1, len(self.lines) - 1, "table_row"))
            self.counts["table_row"] += 1
            self.strip_next = self.broke = True

    def finish(self) -> Layout:
        self.flush_row()
        last = "".join(self.cur)
        if last or not self.lines:
            self.lines.append(last)
        for kind, first in self.opened:
            # An unclosed <p> or <li>: its first line is surely the block; where it ends is
            # unknown, so the lines after it are left to the structure stage.
            open_block = kind in ("paragraph", "list_item") and first < len(self.lines)
            if open_block and self.lines[first].strip():
                self.spans.append((first, first, kind))
                self.counts[kind] += 1
        rows = sorted(s[0] for s in self.spans if s[2] == "table_row")
        start = None
        for i, row in enumerate(rows):
            if start is None:
                start = row
            if i + 1 == len(rows) or rows[i + 1] != row + 1:
                self.spans.append((start, row, "table"))
                start = None
        return Layout(self.lines, self.spans, self.counts)

    # -- tags ---------------------------------------------------------------------------
    def tag(self, f: Fragment) -> None:
        name = f.name
        if name in CELL:
            self._cell(f.closing)
        elif name in ROW:
            self.flush_row()
            if not f.closing:
                self.end_line(opener=True)
                self.row = []
        elif name in BREAK:
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self.end_line(opener=True)
        elif name in ITEM or name in HEADING or name in BLOCK:
            self.flush_row()
            self._block(f)

    def _cell(self, closing: bool) -> None:
        if not closing:
            if self.row is None:
                self.end_line(opener=True)
                self.row = []
            elif self.cell is not None:
                self.row.append("".join(self.cell))
            self.cell = []
        elif self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif self.row is None and "".join(self.cur).strip(HSPACE):
            # "a</td><td>b": the opener was lost, the line so far is the first cell.
            self.row = ["".join(self.cur)]
            self.cur = []

    def _block(self, f: Fragment) -> None:
        kind = _KIND.get(f.name if f.name not in HEADING else "h")
        line = self.end_line(opener=not f.closing)
        # As in HTML, any other block boundary ends an open <p>, and a new <li> ends the
        # open one: "<p>One<p>Two" is two paragraphs, "<li>a<li>b" two items.
        if not (f.name == "p" and f.closing):
            self._close("paragraph")
        if f.name in ITEM and not f.closing and self.opened and self.opened[-1][0] == kind:
            self._close("list_item")
        if not f.closing:
            if kind:
                self.opened.append((kind, len(self.lines)))
            if f.name == "li":
                self.prefix = self.bullet
        elif kind:
            self._close(kind, orphan_line=line)

    def _close(self, kind: str, orphan_line: int | None = None) -> None:
        """Record the open block of ``kind`` as a span; a closer with no opener (``li >``)
        makes the line it ended (``orphan_line``) the block."""
        first = None
        for i in range(len(self.opened) - 1, -1, -1):
            if self.opened[i][0] == kind:
                first = self.opened[i][1]
                del self.opened[i:]
                break
        if first is None:
            first = orphan_line
        last = len(self.lines) - 1
        if first is not None and first <= last:
            self.spans.append((first, last, kind))
            self.counts[kind] += 1


_KIND = {"li": "list_item", "dt": "list_item", "dd": "list_item", "h": "heading", "p": "paragraph"}


def layout(text: str, bullet: str = "• ", separator: str = " | ") -> Layout | None:
    """Lay out ``text`` around its markup fragments; ``None`` when it has none."""
    fragments = find_fragments(text)
    if not fragments:
        return None
    builder = _Builder(bullet, separator, CodeRanges(text))
    pos = 0
    i = 0
    while i < len(fragments):
        f = fragments[i]
        builder.text(text[pos : f.start], pos)
        pos = f.end
        i += 1
        if f.name == "!--":
            builder.counts["comment"] += 1
            continue
        builder.counts["mangled_tag" if f.mangled else "tag"] += 1
        if f.name in HIDDEN and f.opening:
            close = next((j for j in range(i, len(fragments)) if fragments[j].name == f.name), None)
            if close is not None and fragments[close].closing:
                builder.counts["hidden"] += 1
                builder.counts["mangled_tag" if fragments[close].mangled else "tag"] += 1
                pos = fragments[close].end
                i = close + 1
            continue
        builder.tag(f)
    builder.text(text[pos:], pos)
    result = builder.finish()
    result.split_entity = any(
        SPLIT_ENTITY_RE.search(text, max(0, f.start - 40), f.start) for f in fragments
    )
    return result


#: A flattened table cell boundary: a no-break space then a space, or two no-break spaces
#: ("Area&nbsp;</td> <td>Actions"). A single one between words ("10\xa0km") is no boundary.
NBSP_CELL_END_RE = re.compile(r"\u00a0+ [ \u00a0]*|\u00a0{2,} *")


def flattened_tables(
    lines: list[str], taken: set[int], separator: str = " | "
) -> tuple[list[LineSpan], int]:
    """Rewrite runs of nbsp-terminated-cell lines as table rows, in place.

    A line qualifies when it holds a cell boundary inside (see ``NBSP_CELL_END_RE``); a
    run needs two or more such lines with the same number of cells, at least one of them
    ending with a no-break space too (the last cell's ``&nbsp;``), so a line or two with a
    typed ``\\xa0`` before a space never become a table.
    """
    spans: list[LineSpan] = []
    rows = 0
    cells_of: dict[int, list[str]] = {}
    for i, line in enumerate(lines):
        if i in taken or "\u00a0" not in line:
            continue
        cells = [c.strip(" ") for c in NBSP_CELL_END_RE.split(line.strip(" \u00a0"))]
        if len(cells) >= 2 and all(cells):
            cells_of[i] = cells
    i = 0
    while i < len(lines):
        j = i
        while j in cells_of and len(cells_of[j]) == len(cells_of.get(i, ())):
            j += 1
        if j - i >= 2 and any(lines[k].rstrip(" ").endswith("\u00a0") for k in range(i, j)):
            for k in range(i, j):
                lines[k] = separator.join(cells_of[k])
                spans.append((k, k, "table_row"))
            spans.append((i, j - 1, "table"))
            rows += j - i
            i = j
        else:
            i += 1
    return spans, rows


@dataclass
class RepairHtml(StageBase):
    """Remove tag and comment debris, keeping the lists, tables and headings it marks."""

    name: ClassVar[str] = "repair.html"

    # "• " marks recovered list items in plain text; "" leaves items unmarked (the span
    # still records them). Bullets already in the text are the author's and stay as they are.
    bullet: str = "• "
    # " | " reads naturally, survives whitespace normalization, and is Markdown's cell mark.
    cell_separator: str = " | "
    # Tables whose cells an extractor ended with &nbsp;: rebuilt as rows (see module doc).
    flattened_tables: bool = True

    def process(self, doc: Document) -> Document:
        text = doc.text
        lines: list[str] | None = None
        spans: list[LineSpan] = []
        for _ in range(MAX_ROUNDS):
            result = layout(text, self.bullet, self.cell_separator)
            if result is None:
                break
            for kind, n in result.counts.items():
                doc.edits[f"{self.name}.{kind}"] += n
            # A later round (a fragment exposed by removing another) keeps the earlier
            # spans only when it kept the lines where they were.
            same = lines is not None and len(result.lines) == len(lines)
            spans = [*spans, *result.spans] if same else result.spans
            lines = result.lines
            text = "\n".join(lines)
            if result.split_entity:
                # "&<b>amp;": removing the tag joined an entity; decode it (and, rarely,
                # the text's other entities: this runs only in this odd case).
                text, found = fix_entities(text)
                if found:
                    doc.edits[f"{self.name}.exposed_entity"] += sum(found.values())
                    new_lines = text.split("\n")
                    spans = spans if len(new_lines) == len(lines) else []
                    lines = new_lines
        if lines is None and not (self.flattened_tables and "\u00a0" in text):
            return doc  # no debris and no flattened table can be: the text stays as it is
        if lines is not None:
            # The layout rewrote the text: spans recorded before it (none in the default
            # pipeline) cannot be carried over and are replaced by the recovered ones.
            doc.spans = []
        else:
            lines = text.split("\n")
            spans = to_line_spans(lines, doc.spans)
        if self.flattened_tables and "\u00a0" in text:
            taken = {k for first, last, _ in spans for k in range(first, last + 1)}
            found, rows = flattened_tables(lines, taken, self.cell_separator)
            if rows:
                spans.extend(found)
                doc.edits[f"{self.name}.flattened_table_row"] += rows
        new_text = "\n".join(lines)
        if new_text != doc.text:
            doc.text = new_text
            doc.spans = to_spans(lines, spans)
        return doc
