"""The base of a repair stage: one method ``fix(text) -> (text, counts)``.

The base does the bookkeeping every repair shares: it counts each kind of fix under
``edits["<stage>.<kind>"]``, keeps the structure spans on their lines, and turns
``\r\n`` and ``\r`` into ``\n`` before the first repair looks at the text. A ``fix`` may
change characters anywhere inside lines; when it also adds or removes line breaks, spans
cannot be carried over line for line, so a stage that does that (``repair.whitespace``,
``repair.html``) writes its own ``process`` with the line origins it knows.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..document import Document
from ..stage import StageBase
from ..text import split_lines
from .line_map import replace_lines


class TextRepair(StageBase):
    """A repair stage that writes only :meth:`fix`."""

    def fix(self, text: str) -> tuple[str, Mapping[str, int]]:
        """The repaired ``text`` and the number of fixes per kind."""
        raise NotImplementedError

    def process(self, doc: Document) -> Document:
        if "\r" in doc.text:
            # Line endings first, so that a CRLF text is repaired as its LF twin: a rule
            # that looks at the end of a line must not meet a "\r" there.
            lines, origins = split_lines(doc.text)
            replace_lines(doc, lines, origins)
            doc.edits[f"{self.name}.line_endings"] += 1
        text, counts = self.fix(doc.text)
        for kind, n in counts.items():
            if n:
                doc.edits[f"{self.name}.{kind}"] += n
        if text != doc.text:
            lines = text.split("\n")
            if len(lines) == doc.text.count("\n") + 1:
                replace_lines(doc, lines, range(len(lines)))
            else:  # a decoded "&#10;": the old lines no longer map one to one
                doc.spans = []
                doc.text = text
        return doc
