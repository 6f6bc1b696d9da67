"""Span upkeep while repair stages rewrite lines (corpusclean.repair.line_map)."""

from __future__ import annotations

from corpusclean import Document, Span
from corpusclean.repair.spacing import FixSpacing
from corpusclean.repair.unicode import NormalizeUnicode
from corpusclean.repair.whitespace import NormalizeWhitespace


def _doc(text: str, covered: list[tuple[str, str]]) -> Document:
    """A document with whole-line spans over the given (kind, line text) pairs."""
    doc = Document.from_text(text)
    for kind, line in covered:
        start = text.index(line)
        doc.spans.append(Span(start, start + len(line), kind))
    return doc


def _covered(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind, doc.text[s.start : s.end]) for s in doc.spans]


def test_whitespace_moves_spans_over_crlf_and_blank_runs() -> None:
    text = "Intro   line\r\n\r\n\r\n\r\n• first   item  \r\n• second item\r\n\r\n\r\nEnd."
    doc = _doc(text, [("list_item", "• first   item  \r"), ("list_item", "• second item\r")])
    NormalizeWhitespace().process(doc)
    assert doc.text == "Intro line\n\n• first item\n• second item\n\nEnd."
    assert _covered(doc) == [("list_item", "• first item"), ("list_item", "• second item")]


def test_a_lone_carriage_return_splits_a_line_inside_its_span() -> None:
    doc = _doc(
        "Cell a | Cell b\rCell c | Cell d\nAfter.", [("table", "Cell a | Cell b\rCell c | Cell d")]
    )
    NormalizeWhitespace().process(doc)
    assert _covered(doc) == [("table", "Cell a | Cell b\nCell c | Cell d")]


def test_intra_line_repairs_keep_spans_on_their_lines() -> None:
    text = "Heading\u00a0\u00a0here\nThe war ,and peace .\nLast\u200b line"
    doc = _doc(text, [("heading", "Heading\u00a0\u00a0here"), ("paragraph", "Last\u200b line")])
    NormalizeUnicode().process(doc)
    FixSpacing().process(doc)
    # A no-break-space run becomes one space here, not two for the whitespace stage.
    assert doc.text == "Heading here\nThe war, and peace.\nLast line"
    assert _covered(doc) == [("heading", "Heading here"), ("paragraph", "Last line")]


def test_a_span_whose_lines_become_blank_is_dropped() -> None:
    doc = _doc("Text.\n\u00a0\u00a0\nMore.", [("paragraph", "\u00a0\u00a0")])
    NormalizeUnicode().process(doc)
    NormalizeWhitespace().process(doc)
    assert doc.text == "Text.\n\nMore."
    assert doc.spans == []
