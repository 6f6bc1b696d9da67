"""The fast extraction mode (resiliparse) and pages no parser can read (issue 10, 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import trafilatura
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from corpusclean.document import Document
from corpusclean.extract.html import ExtractHtml
from corpusclean.io.inputs import InputFile
from corpusclean.io.readers import read_file
from corpusclean.pipeline import Pipeline

PAGES = Path(__file__).resolve().parent / "data" / "boilerplate" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def load(name: str) -> Document:
    return next(read_file(InputFile(PAGES / name, name)))


@pytest.mark.parametrize("name", [n for n in EXPECTED if not n.startswith("_")])
def test_fast_mode_keeps_the_prose_and_the_same_metadata(name: str) -> None:
    fast = ExtractHtml(mode="fast").process(load(name))
    default = ExtractHtml().process(load(name))
    assert fast.tags["extract"] == "resiliparse"
    flat = " ".join(fast.text.split())
    # resiliparse's main-content rules drop lists and keep no cell separators: only
    # sentences (not list items, not table rows) are expected back in this mode.
    prose = [s for s in EXPECTED[name]["keep"] if s.endswith(".") and " | " not in s]
    assert prose and all(sentence in flat for sentence in prose)
    assert fast.meta == default.meta
    assert "<" not in fast.text  # no markup of resiliparse's output is left


def test_fast_mode_gives_headings_paragraphs_and_code_with_its_indentation() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Loops</title></head><body><main>"
        "<h1>Loops in Python</h1><p>A <b>for</b> loop walks over any iterable &amp; "
        "stops at its end.</p><pre>for x in range(3):\n    if x &lt; 2:\n        print(x)</pre>"
        "<h2>Leaving early</h2><p>break leaves the loop,<br>continue skips an item.</p>"
        "</main></body></html>"
    )
    doc = ExtractHtml(mode="fast").process(Document.from_text(page, source="loops.html"))
    pieces = {s.kind: [] for s in doc.spans}
    for span in doc.spans:
        pieces[span.kind].append(doc.text[span.start : span.end])
    assert pieces["heading"] == ["Loops in Python", "Leaving early"]
    assert pieces["paragraph"] == [
        "A for loop walks over any iterable & stops at its end.",
        "break leaves the loop, continue skips an item.",
    ]
    assert pieces["code"] == ["for x in range(3):\n    if x < 2:\n        print(x)"]


def test_unknown_mode_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="mode must be default or fast"):
        ExtractHtml(mode="quick")  # type: ignore[arg-type]


def test_parse_error_falls_back_to_the_fast_parser_and_says_why(monkeypatch) -> None:
    # trafilatura re-parses its own XML output, which fails on attribute names no XML
    # allows (23 of 10,000 fuzzed pages): the page must still get its text.
    def broken(*args, **kwargs):
        raise etree.XMLSyntaxError("error parsing attribute name", 0, 1, 140)

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    doc = Pipeline([ExtractHtml()]).process_one(load("news_article.html"))
    assert doc.rejected is None
    assert doc.tags["extract"] == "resiliparse"
    assert doc.tags["extract_error"].startswith("XMLSyntaxError: error parsing attribute name")
    assert "Haftar" in doc.text


SOUP = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</td></tr>", "<table><tr><td>", "<br>", "&amp;", "&#0;",
        "&#xD800;", "&", "<", ">", "<!--", "-->", "<![CDATA[", "]]>", "<script>", "<h1>",
        "<li>", "<ul>", "<td ]]>", '<a href="\x00">', "</a>", "<svg>", "<math>", "<pre>",
        '="', "Haftar met the minister", " in Ankara on Wednesday. ", "Die Berliner ",
    ]
)
NOISE = st.text(
    alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, categories=None),
    max_size=8,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["<!DOCTYPE html><html><head><title>T</title></head><body>", "<html><body>"]),
    st.lists(st.one_of(SOUP, NOISE), max_size=80),
    st.sampled_from(["default", "fast"]),
)
def test_no_malformed_page_is_an_extraction_error(opening: str, pieces: list, mode: str) -> None:
    doc = Document.from_text(opening + " ".join(pieces), source="fuzz.html")
    doc.tags["format"] = "html"
    out = Pipeline([ExtractHtml(mode=mode)]).process_one(doc)  # type: ignore[arg-type]
    assert out.rejected is None
    assert out.tags["extract"] in {"trafilatura", "resiliparse", "baseline"}
    out.text.encode("utf-8")  # no lone surrogate is left to break a writer
