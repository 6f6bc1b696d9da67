"""Gates: stages that reject documents on signals already measured.

Measuring and deciding are apart (a tagger records, a gate applies a threshold), so a
threshold can change without measuring again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Document
from ..reasons import BOILERPLATE, EMPTY, TOO_SHORT
from ..stage import StageBase
from ..text import word_count


@dataclass
class RejectEmpty(StageBase):
    """Reject a document left with no visible text: reason ``empty``."""

    name: ClassVar[str] = "filter.empty"

    def process(self, doc: Document) -> Document:
        if not doc.text.strip():
            doc.reject(EMPTY)
        return doc


@dataclass
class RejectTooShort(StageBase):
    """Reject a document with fewer than ``min_words`` words left: reason ``too_short``.

    Runs after the line rules, so a page that was mostly navigation is judged on what is
    left of it. The text as it arrived stays in ``rejected.jsonl``.
    """

    name: ClassVar[str] = "filter.too_short"

    # Ten words is about one sentence: below that a document carries no paragraph of
    # text for a corpus. Raise it for LLM pre-training, lower it for short-form corpora.
    min_words: int = field(default=10, metadata={"ge": 0})

    def process(self, doc: Document) -> Document:
        if not _has_tokens(doc.text, self.min_words) and word_count(doc.text) < self.min_words:
            doc.reject(TOO_SHORT)  # CJK and Thai counted by characters
        return doc


def _has_tokens(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` whitespace-separated tokens.

    ``word_count`` counts every token as one word at least, so enough tokens settle the
    question without it; the split stops after ``count`` tokens, so a long text costs
    no more than a short one.
    """
    return count <= 0 or len(text.split(None, count - 1)) >= count


@dataclass
class RejectBoilerplate(StageBase):
    """Reject junk pages named by ``boilerplate.lines`` (``boilerplate:error_page``, ...),
    and documents that were mostly boilerplate and have little text left (``boilerplate``).
    """

    name: ClassVar[str] = "filter.boilerplate"

    # A document whose lines were more than this share boilerplate (by characters) ...
    max_share: float = field(default=0.6, metadata={"ge": 0, "le": 1})
    # ... and that has fewer words than this left is what remains of a navigation page,
    # not an article that happened to carry a long footer.
    min_words_left: int = field(default=50, metadata={"ge": 0})

    def process(self, doc: Document) -> Document:
        kind = doc.tags.get("boilerplate")
        if kind:
            doc.reject(f"{BOILERPLATE}:{kind}")
        elif (
            doc.tags.get("boilerplate_share", 0.0) > self.max_share
            and len(doc.text.split()) < self.min_words_left
        ):
            doc.reject(BOILERPLATE)
        return doc
