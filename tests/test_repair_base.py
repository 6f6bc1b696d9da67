"""The TextRepair base: a stage writes ``fix``; edits, line endings and spans are kept."""

from __future__ import annotations

from collections import Counter
from typing import ClassVar

from corpusclean import Document, Span
from corpusclean.repair.base import TextRepair


class Shout(TextRepair):
    """A toy repair: "hello" -> "HELLO", counted as ``loud``."""

    name: ClassVar[str] = "repair.shout"

    def fix(self, text: str) -> tuple[str, Counter[str]]:
        return text.replace("hello", "HELLO"), Counter(loud=text.count("hello"))


def test_the_base_counts_edits_under_the_stage_name_and_keeps_spans() -> None:
    text = "Intro.\r\nhello hello there\r\nEnd."
    doc = Document.from_text(text)
    doc.spans = [Span(8, 25, "paragraph")]  # "hello hello there\r"
    Shout().process(doc)
    assert doc.text == "Intro.\nHELLO HELLO there\nEnd."
    assert doc.edits == {"repair.shout.loud": 2, "repair.shout.line_endings": 1}
    assert [(s.kind, doc.text[s.start : s.end]) for s in doc.spans] == [
        ("paragraph", "HELLO HELLO there")
    ]


def test_a_text_with_nothing_to_fix_is_left_as_it_is() -> None:
    doc = Document.from_text("Nothing to shout about.")
    Shout().process(doc)
    assert doc.text == "Nothing to shout about." and not doc.edits
