"""Whitespace layout: line endings, trailing and repeated spaces, blank-line runs.

Leading indentation is kept (it is structure in code, poetry and nested lists); only
runs of spaces *inside* a line are collapsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from ..document import Document
from ..stage import StageBase, register

INNER_SPACES_RE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


@register
@dataclass
class NormalizeWhitespace(StageBase):
    """``\\r\\n`` -> ``\\n``, no trailing spaces, one space between words, one blank line
    between blocks, no leading or trailing blank lines."""

    name: ClassVar[str] = "repair.whitespace"

    collapse_spaces: bool = True  # "word    word" -> "word word"; off keeps column layout
    max_blank_lines: int = 1  # 1 keeps paragraphs apart; 0 joins every line block

    def process(self, doc: Document) -> Document:
        text = doc.text
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            doc.edits[f"{self.name}.line_endings"] += 1
        lines = text.split("\n")
        out = []
        for line in lines:
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
            out.append(stripped)
        text = "\n".join(out)
        limit = "\n" * (self.max_blank_lines + 1)
        text, n = re.subn(f"\n{{{self.max_blank_lines + 2},}}", limit, text)
        if n:
            doc.edits[f"{self.name}.blank_lines"] += n
        stripped = text.strip("\n")
        if stripped != text:
            text = stripped
        doc.text = text
        return doc
