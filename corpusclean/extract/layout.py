"""trafilatura's XML as text: one line per paragraph, heading, list item and table row.

The layout keeps every piece of text the XML holds, wherever trafilatura put it:

- text *between* blocks (an element's tail: ``<head>Title</head>The text...``, or the
  opening text of a quote) is a paragraph of its own, never dropped;
- a line break (``<lb/>``) and the boundary between two blocks are a space, so that
  ``die<lb/>Berliner`` reads ``die Berliner``, not ``dieBerliner``;
- a *data* table becomes one ``a | b`` line per row; a *layout* table (cells that hold
  headings, lists, nested tables or several paragraphs: a page laid out in columns)
  becomes the blocks of its cells, one after the other, since joining them on one line
  glues unrelated texts (``Most read | The 8.x Releases...``);
- a block of code keeps its lines and indentation (collapsing them would break it) as a
  ``code`` span, inside a list item too (reference pages put their examples in ``<dd>``
  bodies); a name in ``<code>`` inside a sentence stays in its sentence (trafilatura
  gives both the same tag); elsewhere, whitespace inside a line is collapsed, as a
  browser shows it;
- a list's items, nested lists' items and code blocks inside items come in page order.

What it will not do: reorder blocks, or decide what is boilerplate (the line rules do).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..document import Span

#: Elements that start a new block; anything else (hi, ref, del) is inline, and a ``code``
#: is a block only where it stands apart (:func:`_is_code_block`).
BLOCKS = frozenset(
    {
        "p",
        "head",
        "list",
        "item",
        "table",
        "row",
        "cell",
        "quote",
        "code",
        "div",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "section",
        "article",
        "main",
        "body",
    }
)
#: Inside a table cell, what makes the table a layout rather than data.
LAYOUT_CHILDREN = frozenset({"head", "list", "table", "quote", "div"})
#: Blocks of running text: a ``<code>`` inside one is inline unless it holds a line break.
TEXT_BLOCKS = frozenset({"p", "item", "head", "cell", "td", "th"})
ROWS = ("row", "tr")
CELLS = ("cell", "td", "th")


def layout(main: Any) -> tuple[str, list[Span]]:
    """Text and spans of trafilatura's ``<main>`` element."""
    builder = Builder()
    builder.container(main)
    return builder.result()


class Builder:
    """Lays blocks out as text (a blank line between blocks) and records their spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[Span] = []
        self.pos = 0

    def result(self) -> tuple[str, list[Span]]:
        return "\n".join(self.parts), sorted(self.spans)

    def _line(self, text: str, kind: str | None) -> None:
        if kind:
            self.spans.append(Span(self.pos, self.pos + len(text), kind))
        self.parts.append(text)
        self.pos += len(text) + 1

    def _gap(self) -> None:
        if self.parts:
            self._line("", None)

    def paragraph(self, text: str, kind: str = "paragraph") -> None:
        text = " ".join(text.split())
        if text:
            self._gap()
            self._line(text, kind)

    def container(self, element: Any) -> None:
        """The children of a block that holds blocks; loose text between them is a paragraph."""
        loose: list[str] = [element.text or ""]
        for child, starts_block in _children(element):
            if starts_block:
                self.paragraph("".join(loose))
                loose = []
                self.block(child)
            else:
                loose.append(inline(child))
            loose.append(child.tail or "")
        self.paragraph("".join(loose))

    def block(self, element: Any) -> None:
        tag = element.tag
        if tag == "head":
            self.paragraph(inline_content(element), "heading")
        elif tag == "list":
            self.list(element)
        elif tag == "item":
            self.entries(_item_entries(element))
        elif tag == "table":
            self.table(element)
        elif tag == "code":
            self.code(element)
        elif tag in ("p", *CELLS) and not any(block for _, block in _children(element)):
            self.paragraph(inline_content(element))
        else:  # quote, div, a row out of a table, a p holding a table: their blocks
            self.container(element)

    def list(self, element: Any) -> None:
        self.entries(_list_entries(element))

    def entries(self, entries: Iterable[tuple[str, str]]) -> None:
        """List items one per line, a blank line around the code blocks among them."""
        after_code = True  # a list opens after a blank line, as after a code block
        for kind, text in entries:
            if kind == "code":
                self.code_text(text)
                after_code = True
                continue
            text = " ".join(text.split())
            if text:
                if after_code:
                    self._gap()
                self._line(text, "list_item")
                after_code = False

    def table(self, element: Any) -> None:
        rows = list(_rows(element))
        if any(_is_layout_cell(cell) for row in rows for cell in row):
            for row in rows:
                for cell in row:
                    self.container(cell)
            return
        lines = []
        for row in rows:
            cells = [" ".join(inline_content(cell).split()) for cell in row]
            if any(cells):
                lines.append(" | ".join(c for c in cells if c))
        if lines:
            self._gap()
            start = self.pos
            for line in lines:
                self._line(line, "table_row")
            self.spans.append(Span(start, self.pos - 1, "table"))

    def code(self, element: Any) -> None:
        self.code_text("".join(element.itertext()))

    def code_text(self, code: str) -> None:
        """Preformatted lines as they are (trailing spaces aside), as one ``code`` span."""
        code = code.strip("\n")
        if code.strip():
            self._gap()
            start = self.pos
            for line in code.split("\n"):
                self._line(line.rstrip(), None)
            self.spans.append(Span(start, self.pos - 1, "code"))


def _is_block(element: Any) -> bool:
    return isinstance(element.tag, str) and element.tag in BLOCKS


def _is_layout_cell(cell: Any) -> bool:
    """A cell that holds page sections (headings, lists, tables) or several paragraphs."""
    paragraphs = 0
    for child in cell:
        if child.tag in LAYOUT_CHILDREN:
            return True
        paragraphs += child.tag == "p"
    return paragraphs > 1


def _rows(table: Any) -> list[list[Any]]:
    """The rows of ``table`` (not of tables nested in its cells), each a list of cells."""
    rows = []
    for child in table:
        if child.tag in ROWS:
            rows.append([c for c in child if c.tag in CELLS])
        elif child.tag in ("tbody", "thead", "tfoot"):
            rows.extend(_rows(child))
    return rows


def _list_entries(element: Any) -> Iterator[tuple[str, str]]:
    """``(kind, text)`` of a list's items, ``list_item`` or ``code``, in page order."""
    for item in element:
        if item.tag == "item":
            yield from _item_entries(item)


def _item_entries(item: Any) -> Iterator[tuple[str, str]]:
    """An item's text as ``list_item`` entries, split where a nested list or code block is."""
    parts = [item.text or ""]
    for child, starts_block in _children(item):
        if child.tag == "list":
            yield "list_item", "".join(parts)
            parts = []
            yield from _list_entries(child)
        elif starts_block and child.tag == "code":
            yield "list_item", "".join(parts)
            parts = []
            yield "code", "".join(child.itertext())
        else:
            parts.append(inline(child))
        parts.append(child.tail or "")
    yield "list_item", "".join(parts)


def _children(element: Any) -> Iterator[tuple[Any, bool]]:
    """Each child of ``element`` and whether it is a block of its own (not inline)."""
    previous = None
    before = element.text or ""
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            yield child, False
        elif child.tag == "code":
            yield child, _is_code_block(child, previous, before)
            previous = child
        else:
            yield child, child.tag in BLOCKS
            previous = child
        before = child.tail or ""


def _is_code_block(code: Any, previous: Any, before: str) -> bool:
    """Whether a ``<code>`` is a block of code, not a word of the sentence around it.

    trafilatura gives both the same tag. Between blocks (in ``<main>``, a quote, a div)
    it is a block. Inside a paragraph, an item, a heading or a cell (reference pages
    put their examples in ``<dd>`` bodies) a block stands apart (first or after a block,
    no text either side of it) and holds a line break, so that an item made of one name
    (``<code>zoneinfo</code>``) stays an item.
    """
    if code.getparent().tag not in TEXT_BLOCKS:
        return True
    if before.strip() or (code.tail or "").strip():
        return False
    if previous is not None and not _is_block(previous):
        return False
    return "\n" in "".join(code.itertext())


def inline_content(element: Any, skip: tuple[str, ...] = ()) -> str:
    """The text inside ``element`` (not its tail), blocks and line breaks as spaces."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in skip:
            parts.append(inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def inline(element: Any) -> str:
    """An inline element's text; a block or a line break inside it counts as a space.

    Code is not a block here: ``<code>split()</code>.`` reads ``split().``.
    """
    if not isinstance(element.tag, str):
        return ""
    if element.tag == "lb":
        return " "
    text = inline_content(element)
    return f" {text} " if element.tag in BLOCKS and element.tag != "code" else text
