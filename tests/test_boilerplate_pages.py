"""Page extraction and whole-page junk: what a full HTML page becomes.

``tests/data/boilerplate/pages/expected.json`` lists, per page, sentences that must be
kept and page furniture that must not appear; the pipeline must do at least as well as
plain ``trafilatura.extract`` on each page. ``junk/expected.json`` gives the rejection
reason of each junk document.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import trafilatura

from corpusclean.config import default_stages
from corpusclean.document import Document
from corpusclean.extract.html import ExtractHtml, is_page
from corpusclean.io.inputs import InputFile
from corpusclean.io.readers import read_file, read_jsonl
from corpusclean.pipeline import Pipeline

DATA = Path(__file__).resolve().parent / "data" / "boilerplate"
PAGES = json.loads((DATA / "pages" / "expected.json").read_text(encoding="utf-8"))
JUNK = json.loads((DATA / "junk" / "expected.json").read_text(encoding="utf-8"))


def load(folder: str, name: str) -> Document:
    return next(read_file(InputFile(DATA / folder / name, name)))


def text_stages() -> Pipeline:
    return Pipeline([s for s in default_stages() if not s.name.startswith(("dedup.", "tag."))])


def score(text: str, expected: dict) -> tuple[int, int]:
    flat = " ".join(text.split())
    kept = sum(1 for s in expected["keep"] if s in flat)
    leaked = sum(1 for s in expected["drop"] if s in flat)
    return kept, leaked


@pytest.mark.parametrize("name", [n for n in PAGES if not n.startswith("_")])
def test_extraction_keeps_main_text_and_beats_plain_trafilatura(name: str) -> None:
    expected = PAGES[name]
    doc = text_stages().process_one(load("pages", name))
    assert doc.rejected is None
    assert doc.tags["extract"] == "trafilatura"
    kept, leaked = score(doc.text, expected)
    assert kept == len(expected["keep"])
    assert leaked == 0
    plain = trafilatura.extract((DATA / "pages" / name).read_text(encoding="utf-8")) or ""
    plain_kept, plain_leaked = score(plain, expected)
    assert kept >= plain_kept and leaked <= plain_leaked
    for key, value in expected["meta"].items():
        assert doc.meta[key] == value


def test_structure_becomes_spans() -> None:
    doc = ExtractHtml().process(load("pages", "report_table.html"))
    kinds = {span.kind for span in doc.spans}
    assert {"heading", "paragraph", "table", "table_row"} <= kinds
    for span in doc.spans:
        piece = doc.text[span.start : span.end]
        assert piece.strip() and "\n\n" not in piece
    rows = [doc.text[s.start : s.end] for s in doc.spans if s.kind == "table_row"]
    assert rows[0] == "Route | Q1 2023 | Q1 2024"
    news = ExtractHtml().process(load("pages", "news_article.html"))
    items = [news.text[s.start : s.end] for s in news.spans if s.kind == "list_item"]
    assert items == [
        "Military training for eastern units",
        "Joint naval exercises off Benghazi",
        "Reconstruction contracts for Turkish firms",
    ]


def test_comments_can_be_included() -> None:
    doc = ExtractHtml(include_comments=True).process(load("pages", "news_article.html"))
    default = ExtractHtml().process(load("pages", "news_article.html"))
    assert "Great reporting" not in default.text
    assert len(doc.text) >= len(default.text)


def test_meta_from_the_input_is_not_overwritten() -> None:
    doc = load("pages", "news_article.html")
    doc.meta["title"] = "Title from the crawl"
    doc = ExtractHtml().process(doc)
    assert doc.meta["title"] == "Title from the crawl"
    assert doc.meta["author"] == "Sarah Whitfield"


def test_fragment_is_left_for_repair() -> None:
    html = "<p>Haftar met the minister in <strong>Ankara</strong> on Wednesday.</p>"
    doc = Document.from_text(html, source="frag.html")
    doc.tags["format"] = "html"
    out = ExtractHtml().process(doc)
    assert out.text == html and out.rejected is None
    assert out.tags["extract"] == "fragment"


def test_pages_are_detected_in_text_and_jsonl_not_assumed() -> None:
    page = (DATA / "pages" / "de_bericht.html").read_text(encoding="utf-8")
    assert is_page(Document.from_text(page, source="dump.txt"))
    assert not is_page(Document.from_text("A text about <html> tags, a < b.", source="t.txt"))
    record = json.dumps({"text": page, "url": "https://zeitung.example/libyen"}).encode()
    doc = next(read_jsonl(iter([record]), "dump.jsonl"))  # type: ignore[arg-type]
    out = ExtractHtml().process(doc)
    assert out.tags["extract"] == "trafilatura"
    assert out.meta["url"] == "https://zeitung.example/libyen"
    assert "Beobachter halten den Zeitplan" in out.text


def test_page_over_the_size_bound_is_rejected() -> None:
    doc = ExtractHtml(max_bytes=1000).process(load("pages", "news_article.html"))
    assert doc.rejected == "extract_timeout"
    assert doc.tags["extract_limit"] == "size"


def test_page_over_the_time_bound_is_rejected_and_the_run_goes_on(monkeypatch) -> None:
    def slow(*args, **kwargs):
        time.sleep(5)

    monkeypatch.setattr(trafilatura, "bare_extraction", slow)
    stage = ExtractHtml(timeout=0.2)
    started = time.perf_counter()
    pages = [load("pages", "news_article.html"), load("pages", "de_bericht.html")]
    docs = list(Pipeline([stage]).run(pages))
    assert time.perf_counter() - started < 2
    assert [d.rejected for d in docs] == ["extract_timeout", "extract_timeout"]
    assert docs[0].tags["extract_limit"] == "time"


@pytest.mark.parametrize("name", [n for n in JUNK if not n.startswith("_")])
def test_junk_documents_are_rejected_with_their_kind(name: str) -> None:
    doc = Pipeline.default().process_one(load("junk", name))
    assert doc.rejected == JUNK[name]


def test_a_long_article_mentioning_error_words_is_kept() -> None:
    article = (DATA / "lines" / "en_news.txt").read_text(encoding="utf-8")
    text = article + "\nThe ministry's website showed a 404 page not found error all day."
    doc = Pipeline.default().process_one(Document.from_text(text, source="a.txt"))
    assert doc.rejected is None


def test_spans_stay_on_their_blocks_after_lines_are_removed() -> None:
    extracted = ExtractHtml().process(load("pages", "de_bericht.html"))
    blocks = {extracted.text[s.start : s.end] for s in extracted.spans}
    doc = text_stages().process_one(load("pages", "de_bericht.html"))
    assert doc.removed  # the crumb, "Lesen Sie auch" and "Artikel teilen" went
    for span in doc.spans:
        assert doc.text[span.start : span.end] in blocks
    assert len(doc.spans) == len(blocks) - len(doc.removed)


@pytest.mark.parametrize(
    "text",
    [
        "The missing hiker was not found until Tuesday, when a helicopter crew spotted him "
        "near the ridge. He was taken to hospital in Grenoble with mild hypothermia.",
        "Exam results for 2024 were published on Thursday. Pass rates rose slightly in "
        "mathematics and fell in languages, the ministry said in a statement.",
        "Flight 404 from Tunis landed safely in Rome after a bird strike, the airline said. "
        "None of the 160 passengers was hurt.",
    ],
)
def test_short_news_briefs_are_not_junk_pages(text: str) -> None:
    doc = Pipeline.default().process_one(Document.from_text(text, source="brief.txt"))
    assert doc.rejected is None
