"""Document.drop_lines: removals are recorded and spans follow the text."""

from __future__ import annotations

from corpusclean import Document, Span


def spans_text(doc: Document) -> list[tuple[str, str]]:
    return [(s.kind, doc.text[s.start : s.end]) for s in doc.spans]


def make(lines: list[str], spans: list[tuple[int, int, str]]) -> Document:
    """A document whose spans are given as (first_line, last_line, kind), inclusive."""
    text = "\n".join(lines)
    starts = [sum(len(x) + 1 for x in lines[:i]) for i in range(len(lines))]
    doc = Document.from_text(text)
    doc.spans = [Span(starts[a], starts[b] + len(lines[b]), k) for a, b, k in spans]
    return doc


def test_drop_lines_records_removals_and_edits() -> None:
    doc = Document.from_text("Share this article\n\nThe budget passed.\n\n1 - 2 - 3")
    removed = doc.drop_lines({0: "share", 4: "pagination"}, "boilerplate.lines")
    assert removed == 2
    assert doc.text == "The budget passed."
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("share", "Share this article"),
        ("pagination", "1 - 2 - 3"),
    ]
    assert doc.edits == {"boilerplate.lines.share": 1, "boilerplate.lines.pagination": 1}


def test_spans_follow_removed_lines() -> None:
    lines = ["Title", "", "First paragraph.", "", "- item one", "- item two", "", "Follow us"]
    doc = make(
        lines,
        [
            (0, 0, "heading"),
            (2, 2, "paragraph"),
            (4, 4, "list_item"),
            (5, 5, "list_item"),
            (7, 7, "paragraph"),
        ],
    )
    doc.drop_lines({0: "byline", 7: "follow"}, "boilerplate.lines")
    assert doc.text == "First paragraph.\n\n- item one\n- item two"
    assert spans_text(doc) == [
        ("paragraph", "First paragraph."),
        ("list_item", "- item one"),
        ("list_item", "- item two"),
    ]


def test_span_over_several_lines_shrinks() -> None:
    lines = ["intro", "row a | 1", "row b | 2", "row c | 3", "outro"]
    doc = make(lines, [(1, 3, "table")])
    doc.drop_lines({3: "orphan"}, "boilerplate.lines")
    assert spans_text(doc) == [("table", "row a | 1\nrow b | 2")]
    doc.drop_lines({0: "x"}, "boilerplate.lines")
    assert spans_text(doc) == [("table", "row a | 1\nrow b | 2")]


def test_no_drops_changes_nothing() -> None:
    doc = Document.from_text("a\n\n\nb")
    assert doc.drop_lines({}, "s") == 0
    assert doc.text == "a\n\n\nb"
    assert not doc.edits


def test_reject_keeps_first_reason() -> None:
    doc = Document.from_text("x")
    doc.reject("too_short").reject("empty")
    assert doc.rejected == "too_short"
    assert not doc.kept


def test_ids_are_stable_and_distinct() -> None:
    a = Document.from_text("same", source="dump.jsonl#1")
    b = Document.from_text("same", source="dump.jsonl#2")
    assert a.id == Document.from_text("other", source="dump.jsonl#1").id
    assert a.id != b.id
    assert len(a.id) == 16
