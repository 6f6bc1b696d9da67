"""How trafilatura's XML becomes text: nothing dropped, nothing glued (issue 11).

One page holds the three classes: text right after a heading (trafilatura puts it in the
heading's tail), a line break between two words, and a table used to lay out columns
(a "most read" box next to the article's text).
"""

from __future__ import annotations

from corpusclean.document import Document
from corpusclean.extract.html import ExtractHtml

PAGE = """<!DOCTYPE html><html><head><title>Wahlen in Libyen</title></head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a></nav>
<article>
<h1>Libyen kündigt Wahlen für den Herbst an</h1>
<p>Die Übergangsregierung in Tripolis hat am Mittwoch einen Zeitplan für landesweite Wahlen
vorgelegt, der von Beobachtern mit Vorsicht aufgenommen wurde.</p>
<h2>Zweifel an der Umsetzung</h2>Mehrere Abgeordnete äußerten Zweifel, ob die Sicherheitslage
in den südlichen Provinzen eine geordnete Abstimmung bis zum Herbst überhaupt zulässt.
<p>Nach Angaben der Polizei sperrte die<br>Berliner Feuerwehr am Abend die Straße vor der
Botschaft, nachdem dort eine Demonstration angemeldet worden war.</p>
<table><tr><td><h3>Meistgelesen</h3><p>Neue Buslinie für den Osten der Stadt</p>
<p>Hafen meldet Rekordumschlag im März</p></td>
<td><p>Die Wahlkommission will bis Juni die Wählerlisten aktualisieren und in allen Bezirken
Registrierungsbüros eröffnen.</p><p>Internationale Beobachter sollen ab August im Land sein.</p>
</td></tr></table>
<ul><li>Registrierung der Wähler bis Juni<ul><li>zuerst in den Küstenstädten</li></ul></li>
<li>Abstimmung im Oktober</li></ul>
<p>Die Vereinten Nationen begrüßten den Schritt und boten technische Hilfe bei der
Vorbereitung der Abstimmung an, wie ein Sprecher in New York sagte.</p>
</article><footer>© 2024 Zeitung</footer></body></html>"""


def extract() -> Document:
    doc = Document.from_text(PAGE, source="libyen.html")
    return ExtractHtml().process(doc)


def blocks(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.spans if s.kind == kind]


def test_text_after_a_heading_is_kept_as_its_own_paragraph() -> None:
    doc = extract()
    assert "Zweifel an der Umsetzung" in blocks(doc, "heading")
    paragraphs = blocks(doc, "paragraph")
    assert any(p.startswith("Mehrere Abgeordnete äußerten Zweifel") for p in paragraphs)
    assert any(p.endswith("bis zum Herbst überhaupt zulässt.") for p in paragraphs)


def test_line_break_between_words_is_a_space() -> None:
    doc = extract()
    assert "sperrte die Berliner Feuerwehr" in doc.text
    assert "dieBerliner" not in doc.text


def test_layout_table_cells_become_blocks_not_one_line() -> None:
    doc = extract()
    assert "Meistgelesen" in blocks(doc, "heading")
    lines = doc.text.split("\n")
    assert "Neue Buslinie für den Osten der Stadt" in lines
    assert "Hafen meldet Rekordumschlag im März" in lines
    assert any(line.startswith("Die Wahlkommission will bis Juni") for line in lines)
    for line in lines:
        assert not ("Meistgelesen" in line and "Buslinie" in line)
        assert not ("Rekordumschlag" in line and "Wahlkommission" in line)
    assert not blocks(doc, "table_row")


def test_nested_list_items_appear_once_each_in_order() -> None:
    items = blocks(extract(), "list_item")
    assert items == [
        "Registrierung der Wähler bis Juni",
        "zuerst in den Küstenstädten",
        "Abstimmung im Oktober",
    ]


def test_every_sentence_of_the_article_survives_in_order() -> None:
    doc = extract()
    flat = " ".join(doc.text.split())
    sentences = [
        "Die Übergangsregierung in Tripolis hat am Mittwoch",
        "Mehrere Abgeordnete äußerten Zweifel",
        "Nach Angaben der Polizei sperrte die Berliner Feuerwehr",
        "Internationale Beobachter sollen ab August im Land sein.",
        "Die Vereinten Nationen begrüßten den Schritt",
    ]
    positions = [flat.find(s) for s in sentences]
    assert -1 not in positions
    assert positions == sorted(positions)
