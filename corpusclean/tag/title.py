"""``tag.title``: a document's title, found rather than forced.

The title is the input's own (a JSONL ``title`` field, a page's ``<title>`` that
extraction copied into ``meta``) when there is one; otherwise the heading that opens the
text, as ``repair.structure`` or extraction marked it. What it will NOT call a title: a
first line that no stage marked as a heading (a sentence, a byline), and a line with no
letter in it (``. . . . . .``), which is skipped. Structure itself (heading, paragraph,
list and table spans) is recorded by ``repair.structure`` and ``extract.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..document import Document
from ..stage import StageBase


@dataclass
class TitleTag(StageBase):
    """Tag ``title``: the input's title, else the heading the text opens with."""

    name: ClassVar[str] = "tag.title"
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {"title": "str"}

    def process(self, doc: Document) -> Document:
        given = doc.meta.get("title")
        if isinstance(given, str) and given.strip():
            doc.tags["title"] = given.strip()
            return doc
        for span in doc.spans:
            chunk = doc.text[span.start : span.end].strip()
            if any(ch.isalpha() for ch in chunk):
                if span.kind == "heading":
                    doc.tags["title"] = chunk
                return doc
        return doc
