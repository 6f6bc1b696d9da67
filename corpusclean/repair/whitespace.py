"""Whitespace layout: line endings, trailing and repeated spaces, blank-line runs.

Leading indentation is kept (it is structure in code, poetry and nested lists); only
runs of spaces *inside* a line are collapsed. The text is rewritten line by line, each
new line knowing the old line it came from, so structure spans stay on their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Document
from ..stage import StageBase
from .line_map import replace_lines

INNER_SPACES_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


@dataclass
class NormalizeWhitespace(StageBase):
    """``\\r\\n`` -> ``\\n``, no trailing spaces, one space between words, one blank line
    between blocks, no leading or trailing blank lines."""

    name: ClassVar[str] = "repair.whitespace"

    collapse_spaces: bool = True  # "word    word" -> "word word"; off keeps column layout
    # 1 keeps paragraphs apart; 0 joins every line block
    max_blank_lines: int = field(default=1, metadata={"ge": 0})

    def process(self, doc: Document) -> Document:
        lines: list[str] = []
        origins: list[int] = []
        if "\r" in doc.text:
            doc.edits[f"{self.name}.line_endings"] += 1
        for number, raw in enumerate(doc.text.split("\n")):
            parts = raw.split("\r") if "\r" in raw else [raw]
            if len(parts) > 1 and parts[-1] == "":
                parts.pop()  # "\r\n": the "\r" ended this line, not a new one
            for part in parts:
                lines.append(self._line(doc, part))
                origins.append(number)
        kept_lines: list[str] = []
        kept_origins: list[int] = []
        blanks = 0
        for line, origin in zip(lines, origins, strict=True):
            if not line:
                blanks += 1
                if blanks > self.max_blank_lines or not kept_lines:
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

    def _line(self, doc: Document, line: str) -> str:
        stripped = line.rstrip()
        if stripped != line:
            doc.edits[f"{self.name}.trailing"] += 1
        if self.collapse_spaces and ("  " in stripped or "\t" in stripped.lstrip()):
            body = stripped.lstrip()
            indent = stripped[: len(stripped) - len(body)]
            body, n = INNER_SPACES_RE.subn(" ", body)
            if n:
                doc.edits[f"{self.name}.spaces"] += n
            stripped = indent + body
        return stripped
