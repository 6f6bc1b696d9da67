"""Whitespace layout: line endings, trailing and repeated spaces, blank-line runs.

What this will NOT touch, and why:

- leading indentation: it is structure in code, poetry and nested lists;
- anything inside code or layout (:func:`corpusclean.text.code_ranges`): the padding of a
  table, the columns of a man page or of ``--help`` output, the blank lines between two
  Python functions are the text's own;
- a line that looks like code (:func:`corpusclean.text.looks_like_code`), where a run
  aligns a comment, and an indented line whose first term is followed by a run (an
  option or definition list in columns);
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
from typing import ClassVar

from ..document import Document
from ..stage import StageBase
from ..text import code_lines, looks_like_code, split_lines
from .line_map import replace_lines

#: A run of 3+ spaces or tabs between two words (letters, with a comma or a closing
#: quote after the first), never after a sentence end or a colon: around digits and
#: other signs (``3.14    10.``, ``src/      foo.py``, ``x = 1   # note``) a run is a
#: column, a drawing or an alignment.
INNER_SPACES_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][,'\"”’)]))[ \t]{3,}(?=[^\W\d_])")
#: An indented line whose first token is followed by a run: a definition or option
#: list laid out in columns (``  -h, --help            show this help``).
COLUMN_LINE_RE = re.compile(r"[ \t]+\S+(?:,? \S+)?[ \t]{3,}\S")


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
        code = code_lines("\n".join(raw_lines))
        lines = [self._line(doc, line, i in code) for i, line in enumerate(raw_lines)]
        kept_lines: list[str] = []
        kept_origins: list[int] = []
        blanks = 0
        for i, (line, origin) in enumerate(zip(lines, origins, strict=True)):
            if not line:
                blanks += 1
                inside = i - 1 in code and i + 1 in code
                if (blanks > self.max_blank_lines and not inside) or not kept_lines:
                    if kept_lines:
                        doc.edits[f"{self.name}.blank_lines"] += 1
                    continue
            else:
                blanks = 0
            kept_lines.append(line)
            kept_origins.append(origin)
        while kept_lines and not kept_lines[-1]:
            kept_lines.pop()
            kept_origins.pop()
        if "\n".join(kept_lines) != doc.text:
            replace_lines(doc, kept_lines, kept_origins)
        return doc

    def _line(self, doc: Document, line: str, code: bool) -> str:
        stripped = line.rstrip()
        if stripped != line:
            doc.edits[f"{self.name}.trailing"] += 1
        if (
            self.collapse_spaces
            and not code
            and ("   " in stripped or "\t" in stripped.lstrip())
            and not looks_like_code(stripped)
            and not COLUMN_LINE_RE.match(stripped)
        ):
            body = stripped.lstrip()
            indent = stripped[: len(stripped) - len(body)]
            body, n = INNER_SPACES_RE.subn(" ", body)
            if n:
                doc.edits[f"{self.name}.spaces"] += n
            stripped = indent + body
        return stripped
