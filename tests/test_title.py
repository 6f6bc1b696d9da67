"""Titles are found, not forced: the input's own, else the heading the text opens with."""

from __future__ import annotations

from corpusclean import Document
from corpusclean.config import build_stage

ARTICLE = (
    "Libya and Turkey Move Closer After Years of Rivalry\n\n"
    "The eastern commander hosted a Turkish delegation in Benghazi on Monday.\n"
    "Officials described the talks as a first step.\n"
    "Reported by our correspondent"
)


def titled(text: str, **meta: str) -> Document:
    doc = Document.from_text(text, source="a", **meta)
    for name in ("repair.structure", "tag.title"):
        doc = build_stage(name).process(doc)
    return doc


def test_an_opening_heading_is_the_title() -> None:
    doc = titled(ARTICLE)
    assert doc.tags["title"] == "Libya and Turkey Move Closer After Years of Rivalry"
    assert doc.text == ARTICLE and "title" not in doc.meta  # meta stays the input's


def test_a_sentence_is_not_a_title_and_the_input_title_wins() -> None:
    sentences = "The talks ended without a deal.\nBoth sides will meet again."
    assert "title" not in titled(sentences).tags
    assert titled(ARTICLE, title="From the feed").tags["title"] == "From the feed"


def test_symbol_lines_are_skipped() -> None:
    doc = titled(". . . . . .\n\nTurkey's Renewed Overture\n\nThe visit marks a turning point.")
    assert doc.tags["title"] == "Turkey's Renewed Overture"
