"""Whitespace layout: line endings, trailing and repeated spaces, blank-line runs.

What this will NOT touch, and why:

- leading indentation: it is structure in code, poetry and nested lists;
- anything inside code or layout (:func:`corpusclean.text.code_ranges`): the padding of a
  table, the columns of a man page or of ``--help`` output, the blank lines between two
  Python functions are the text's own;
- a line that looks like code (:func:`corpusclean.text.looks_like_code`), where a run
  aligns a comment, an indented line whose first term is followed by a run (an
  option or definition list in columns), and a run after a token holding a code sign
  or an escape (``.|\\n    ECHO ;``, a Flex rule);
- two spaces between words, and any run after a sentence end or a colon: typewriter
  sentence spacing and an author's double space are typography, not damage. The space
  runs that scraping leaves (``&nbsp;&nbsp;``, a removed tag) are closed up by the
  stages that make them (:mod:`.unicode`, :mod:`.html`); here only runs of three or
  more spaces in prose are collapsed.

Line endings are normalised first (``\\r\\n`` and ``\\r`` to ``\\n``) with
:func:`corpusclean.text.split_lines`, here and by every :class:`.base.TextRepair` before
this stage, so a CRLF file is repaired exactly as its LF twin. The text is rewritten
line by line, each new line knowing the old line it came from, so structure spans stay
on their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import contains, ne, not_
from typing import ClassVar

from ..document import Document
from ..stage import StageBase
from ..text import carry_regions, code_lines, looks_like_code, split_lines
from .line_map import replace_lines

#: A run of 3+ spaces or tabs between two words (letters, with a comma or a closing
#: quote after the first), never after a sentence end or a colon: around digits and
#: other signs (``3.14    10.``, ``src/      foo.py``, ``x = 1   # note``) a run is a
#: column, a drawing or an alignment.
INNER_SPACES_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][,'\"”’)]))[ \t]{3,}(?=[^\W\d_])")
#: Signs of code or of an escape in the token before a run (``.|\\n    ECHO ;`` in a
#: Flex rule, ``a|b   x``): the run then aligns code, and is kept.
CODE_SIGN_RE = re.compile(r"[\\|{}<>$%=;*^~#`]")
#: Three spaces after a character that is neither a space nor a line break: where a run
#: inside a line's body starts (a run that indents a line starts after a line break).
BODY_SPACES_RE = re.compile("   (?<=[^ \n]   )")
#: An indented line whose first token is followed by a run: a definition or option
#: list laid out in columns (``  -h, --help            show this help``).
COLUMN_LINE_RE = re.compile(r"[ \t]+\S+(?:,? \S+)?[ \t]{3,}\S")
_MINUS_ONE = (-1).__add__


@dataclass
class NormalizeWhitespace(StageBase):
    """``\\r\\n`` -> ``\\n``, no trailing spaces, no space runs in prose, one blank line
    between blocks, no leading or trailing blank lines."""

    name: ClassVar[str] = "repair.whitespace"

    collapse_spaces: bool = True  # "word    word" -> "word word" in prose (see module doc)
    # 1 keeps paragraphs apart; 0 joins every line block
    max_blank_lines: int = field(default=1, metadata={"ge": 0})

    def process(self, doc: Document) -> Document:
        if "\r" in doc.text:
            doc.edits[f"{self.name}.line_endings"] += 1
            raw_lines, origins = split_lines(doc.text)
            raw_text = "\n".join(raw_lines)
        else:  # what split_lines gives for a text without "\r", without its loop
            raw_lines = doc.text.split("\n")
            origins = range(len(raw_lines))
            raw_text = doc.text
        code = code_lines(raw_text)
        lines = self._lines(doc, raw_lines, raw_text, code)
        joined = raw_text if lines == raw_lines else "\n".join(lines)
        if not self._may_drop_blanks(joined):
            if joined != doc.text:
                replace_lines(doc, lines, origins, joined)
            return doc
        dropped = self._dropped(doc, lines, code)
        keep = [True] * len(lines)
        for i in dropped:
            keep[i] = False
        kept_lines = list(compress(lines, keep))
        old = doc.text
        new = "\n".join(kept_lines)
        if new != old:
            replace_lines(doc, kept_lines, list(compress(origins, keep)), new)
            if lines == raw_lines and "\r" not in old:  # only blank lines went
                carry_regions(old, doc.text, dropped, raw_lines)
        return doc

    def _dropped(self, doc: Document, lines: list[str], code: frozenset[int]) -> list[int]:
        """The lines that go, in increasing order: the leading and trailing blank lines,
        and a blank line past ``max_blank_lines`` in a run (unless code lies on both
        sides of it).

        Only the blank lines are visited; a dropped one is counted unless it leads."""
        empty = list(compress(count(), map(not_, lines)))
        lead = 0
        while lead < len(empty) and empty[lead] == lead:
            lead += 1
        inner = [i for i in self._past_max(empty, lead) if not (i - 1 in code and i + 1 in code)]
        if inner:
            doc.edits[f"{self.name}.blank_lines"] += len(inner)
        last = len(lines) - 1
        while last >= lead and not lines[last]:
            last -= 1
        # The inner lines past ``last`` trail the text, counted all the same.
        return [*range(lead), *(i for i in inner if i <= last), *range(last + 1, len(lines))]

    def _past_max(self, empty: list[int], lead: int) -> list[int]:
        """The blank lines of ``empty`` (increasing indices; the first ``lead`` lead the
        text) that come after ``max_blank_lines`` blank lines in a row. A line after a
        line of text is none, which most blank lines are: those are left out in C."""
        rest = empty[lead:]
        most = self.max_blank_lines
        if most == 0:
            return rest
        blank = set(empty)
        after_blank = list(compress(rest, map(blank.__contains__, map(_MINUS_ONE, rest))))
        if most == 1:
            return after_blank
        return [i for i in after_blank if all(i - k in blank for k in range(2, most + 1))]

    def _may_drop_blanks(self, joined: str) -> bool:
        """Whether a blank line goes: a leading or trailing one, or a run longer than
        ``max_blank_lines`` (``max + 2`` line breaks in a row); most texts have none,
        and skip the loop over their lines."""
        return (
            joined.startswith("\n")
            or joined.endswith("\n")
            or "\n" * (self.max_blank_lines + 2) in joined
        )

    def _lines(
        self, doc: Document, raw_lines: list[str], raw_text: str, code: frozenset[int]
    ) -> list[str]:
        """The lines without trailing spaces and, in prose, without runs of spaces
        (``raw_text``: the ``raw_lines`` joined).

        Edits are counted in the order a line-by-line pass would first meet them."""
        lines = list(map(str.rstrip, raw_lines))
        trailing = [] if lines == raw_lines else list(compress(count(), map(ne, lines, raw_lines)))
        spaced: list[int] = []
        spaces = 0
        if self.collapse_spaces:
            for i in _run_lines(lines, raw_text):
                if i in code:
                    continue
                fixed, n = self._collapse(lines[i])
                if n:
                    lines[i] = fixed
                    spaced.append(i)
                    spaces += n
        counted = [("trailing", trailing[0], len(trailing))] if trailing else []
        if spaced:
            counted.append(("spaces", spaced[0], spaces))
        for kind, _, n in sorted(counted, key=lambda c: c[1]):  # stable: trailing first
            doc.edits[f"{self.name}.{kind}"] += n
        return lines

    def _collapse(self, stripped: str) -> tuple[str, int]:
        """One line (already right-stripped, not code) with its prose space runs closed."""
        if looks_like_code(stripped) or COLUMN_LINE_RE.match(stripped):
            return stripped, 0
        body = stripped.lstrip()
        indent = stripped[: len(stripped) - len(body)]
        n = 0

        def close_up(m: re.Match[str]) -> str:
            nonlocal n
            if CODE_SIGN_RE.search(_token_before(body, m.start())):
                return m.group(0)
            n += 1
            return " "

        body = INNER_SPACES_RE.sub(close_up, body)
        return indent + body, n


def _token_before(body: str, pos: int) -> str:
    """The token of ``body`` that ends at ``pos`` (a run of spaces or tabs starts there)."""
    return body[max(body.rfind(" ", 0, pos), body.rfind("\t", 0, pos)) + 1 : pos]


def _run_lines(lines: list[str], text: str) -> list[int]:
    """The lines whose body (inside the indentation) holds three spaces or a tab: what
    INNER_SPACES_RE needs, as a run of 3+ spaces or tabs holds one or the other.

    ``text`` is the lines before they were right-stripped. Three spaces are searched in
    it, skipping in C those that indent a line (after a line break or another space); a
    tab only when the text holds one (most texts hold none), by a C-level pass over the
    line bodies. A line whose only run trailed may be among them: closing up its runs
    changes nothing."""
    found: set[int] = set()
    if "   " in text:
        index = scanned = 0
        for m in BODY_SPACES_RE.finditer(text):
            start = text.rfind("\n", 0, m.start()) + 1
            if text[start : m.start()].strip():  # not only indentation before the run
                index += text.count("\n", scanned, start)
                scanned = start
                found.add(index)
    if "\t" in text:
        bodies = map(str.lstrip, lines)
        found.update(compress(count(), map(contains, bodies, repeat("\t"))))
    return sorted(found)
