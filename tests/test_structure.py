"""Structure spans fill only the gaps other stages left, and titles are found, not forced."""

from __future__ import annotations

from corpusclean import Document, Span
from corpusclean.config import build_stage

ARTICLE = (
    "Libya and Turkey Move Closer After Years of Rivalry\n"
    "The eastern commander hosted a Turkish delegation in Benghazi on Monday.\n"
    "Officials described the talks as a first step.\n"
    "Reported by our correspondent"
)


def _spans(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind, doc.text[s.start : s.end]) for s in doc.spans]


def test_one_paragraph_per_line_with_heading_and_title() -> None:
    doc = build_stage("tag.structure").process(Document.from_text(ARTICLE, source="a"))
    assert _spans(doc) == [
        ("heading", "Libya and Turkey Move Closer After Years of Rivalry"),
        ("paragraph", "The eastern commander hosted a Turkish delegation in Benghazi on Monday."),
        ("paragraph", "Officials described the talks as a first step."),
        # A short last line has nothing under it: a byline, not a heading.
        ("paragraph", "Reported by our correspondent"),
    ]
    assert doc.meta["title"] == "Libya and Turkey Move Closer After Years of Rivalry"
    assert doc.text == ARTICLE  # spans only: the text is untouched


def test_blank_line_blocks_are_paragraphs() -> None:
    text = "Background\n\nThe first paragraph is wrapped\nover two lines.\n\nA second one."
    doc = build_stage("tag.structure").process(Document.from_text(text, source="b"))
    assert _spans(doc) == [
        ("heading", "Background"),
        ("paragraph", "The first paragraph is wrapped\nover two lines."),
        ("paragraph", "A second one."),
    ]


def test_existing_spans_are_kept_and_never_overlapped() -> None:
    text = "Prices rose again in March.\n• Bread: up 4%\n• Milk: up 2%\nAnalysts expect a pause."
    first, second = text.index("• Bread"), text.index("• Milk")
    items = [
        Span(first, first + len("• Bread: up 4%"), "list_item"),
        Span(second, second + len("• Milk: up 2%"), "list_item"),
    ]
    doc = Document.from_text(text, source="c")
    doc.spans = list(items)
    doc = build_stage("tag.structure").process(doc)
    assert _spans(doc) == [
        ("paragraph", "Prices rose again in March."),
        ("list_item", "• Bread: up 4%"),
        ("list_item", "• Milk: up 2%"),
        ("paragraph", "Analysts expect a pause."),
    ]
    again = build_stage("tag.structure").process(doc)
    assert _spans(again) == _spans(doc)  # a second run adds nothing


def test_sentences_are_not_headings_and_input_title_wins() -> None:
    text = "The talks ended without a deal.\nBoth sides will meet again in May."
    doc = build_stage("tag.structure").process(Document.from_text(text, source="d"))
    assert [k for k, _ in _spans(doc)] == ["paragraph", "paragraph"]
    assert "title" not in doc.meta
    titled = Document.from_text(ARTICLE, source="e", title="From the feed")
    titled = build_stage("tag.structure").process(titled)
    assert titled.meta["title"] == "From the feed"


def test_symbol_lines_are_skipped_for_the_title() -> None:
    text = ". . . . . .\n\nTurkey's Renewed Overture\n\nThe visit marks a turning point."
    doc = build_stage("tag.structure").process(Document.from_text(text, source="f"))
    assert doc.meta["title"] == "Turkey's Renewed Overture"
    assert _spans(doc)[0] == ("paragraph", ". . . . . .")
