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
from corpusclean.extract.fast import is_link_block, lay_out
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
        "<p>",
        "</p>",
        "<div>",
        "</td></tr>",
        "<table><tr><td>",
        "<br>",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "&",
        "<",
        ">",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<script>",
        "<h1>",
        "<li>",
        "<ul>",
        "<td ]]>",
        '<a href="\x00">',
        "</a>",
        "<svg>",
        "<math>",
        "<pre>",
        '="',
        "Haftar met the minister",
        " in Ankara on Wednesday. ",
        "Die Berliner ",
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


NEWS_PAGE = """<!DOCTYPE html><html lang="en">
<head><title>Harbour bridge to close for repairs</title></head>
<body class="post-template-default single single-author">
<header class="site-header"><a href="/">The Coastal Herald</a></header>
<main id="main" class="site-main">
<article id="post-4411" class="post type-post status-publish">
  <h1 class="entry-title">Harbour bridge to close for three weeks of repairs</h1>
  <div class="entry-meta"><span class="posted-on">March 4, 2024</span>
    <span class="byline">by <a class="url fn n" href="/author/jmorgan">Jane Morgan</a></span></div>
  <div class="entry-content">
    <p>The harbour bridge will close to all traffic from Monday while engineers replace the
    bearings under its northern span, the city council said on Tuesday.</p>
    <p>Buses will be rerouted over the river crossing at Millbank, which adds about fifteen
    minutes to the journey into the centre at peak times.</p>
    <figure class="wp-block-image"><img src="bridge.jpg" alt="">
      <figcaption class="wp-element-caption">The bridge at dusk.
        Photo: Port Authority archive</figcaption></figure>
    <h2>Why now</h2>
    <p>An inspection last autumn found corrosion on two of the sixteen bearings, and the
    council said waiting for the summer would have meant a longer closure later.</p>
    <div class="newsletter-signup"><h3>Get the Herald in your inbox</h3>
      <p>Sign up for our free morning briefing, delivered at seven every weekday.</p></div>
  </div>
  <div class="author-box"><p>Jane Morgan covers transport and city hall for the Herald. She
    joined the paper in 2015 after ten years at a regional radio station.</p></div>
  <div class="related-posts"><h3>You might also like</h3>
    <ul><li><a href="/a">Ferry timetable changes this spring</a></li>
    <li><a href="/b">Council approves new cycle lanes</a></li></ul></div>
</article>
<section id="comments" class="comments-area">
  <h2 class="comments-title">3 thoughts on this story</h2>
  <div class="comment-body"><p>About time. The northern span has been shaking for years and
    nobody listened to the people who drive over it every single day.</p></div>
  <div class="comment-body"><p>Fifteen minutes? The Millbank crossing is already jammed at
    eight in the morning, it will be twice that.</p></div>
  <div id="respond" class="comment-respond"><h3>Leave a reply</h3>
    <form action="/wp-comments-post.php"><p>Your email address will not be published.</p>
    <textarea name="comment"></textarea></form></div>
</section>
</main>
<footer class="site-footer"><p>The Coastal Herald is published by Herald Media Ltd.
  All rights reserved.</p></footer>
</body></html>"""


def test_fast_mode_drops_comments_author_box_and_related_links_of_a_news_page() -> None:
    doc = ExtractHtml(mode="fast").process(Document.from_text(NEWS_PAGE, source="bridge.html"))
    flat = " ".join(doc.text.split())
    for kept in (
        "Harbour bridge to close for three weeks of repairs",
        "engineers replace the bearings under its northern span",
        "adds about fifteen minutes to the journey",
        "Why now",
        "found corrosion on two of the sixteen bearings",
    ):
        assert kept in flat
    for dropped in (
        "3 thoughts on this story",
        "The northern span has been shaking for years",
        "the Millbank crossing is already jammed",
        "Leave a reply",
        "Your email address will not be published",
        "You might also like",
        "Jane Morgan covers transport",
        "Sign up for our free morning briefing",
        "Photo: Port Authority archive",
    ):
        assert dropped not in flat, dropped


def test_pruning_keeps_a_documentation_page_whose_ids_name_credits_and_ratings() -> None:
    # Sphinx derives section ids from the headings: only classes name boilerplate.
    page = (
        "<html><body><div class='body' role='main'>"
        "<section id='generating-tokens'><h2>Generating tokens</h2>"
        "<p>The secrets module provides functions for generating secure tokens.</p></section>"
        "<section id='credits-and-ratings'><h2>Credits and ratings</h2>"
        "<p>A comment starts with a hash character and runs to the end of the line.</p>"
        "<pre><span class='c1'># a comment</span>\nx = 1</pre></section>"
        "</div></body></html>"
    )
    doc = ExtractHtml(mode="fast").process(Document.from_text(page, source="secrets.html"))
    assert doc.text.split("\n\n") == [
        "Generating tokens",
        "The secrets module provides functions for generating secure tokens.",
        "Credits and ratings",
        "A comment starts with a hash character and runs to the end of the line.",
        "# a comment\nx = 1",
    ]


def test_a_heading_with_nothing_under_it_is_dropped_one_with_a_subsection_kept() -> None:
    markup = (
        "<h2>Setting up</h2><h3>On Linux</h3><p>Install the package.</p>"
        "<h2>Share this article</h2><h2>Read next</h2>"
    )
    text, _ = lay_out(markup, prune=True)
    assert text.split("\n\n") == ["Setting up", "On Linux", "Install the package."]
    assert lay_out(markup)[0].count("\n\n") == 4  # not pruned: every heading kept


TEASERS_PAGE = """<!DOCTYPE html><html><head><title>Port strike ends</title></head><body>
<main><article>
<h1>Dock workers end their strike after a week</h1>
<p>The dock workers' union accepted the new contract on Friday night, ending a strike that
had left forty ships waiting outside the port since last Saturday.</p>
<p>Lea también: <a href="/2024/03/02/ferry-prices-rise-again">Ferry prices rise again
for the third time this year</a></p>
<p>The agreement raises wages by four percent this year and three the next, the union's
<a href="https://union.example.org/statement">statement</a> said, and it keeps the night
shift allowance that the port authority had wanted to cut.</p>
<h2>More from the harbour</h2>
<div class="cards">
  <div><a href="/2024/03/01/harbour-bridge"><h3>Harbour bridge to close for repairs</h3></a></div>
  <div><a href="/2024/02/28/new-cycle-lanes">Council approves new cycle lanes on the quay</a></div>
  <div><a href="/2024/02/27/fish-market">Fish market moves to the old customs hall</a></div>
</div>
<h2>What happens now</h2>
<p>Ships will be unloaded in the order they arrived, which <a href="/port/schedule">the
port's schedule</a> says will take until the end of next week.</p>
</article></main></body></html>"""


def test_fast_mode_drops_read_also_lines_and_teaser_cards_keeps_paragraphs_with_links() -> None:
    doc = ExtractHtml(mode="fast").process(Document.from_text(TEASERS_PAGE, source="port.html"))
    flat = " ".join(doc.text.split())
    for kept in (
        "Dock workers end their strike after a week",
        "ending a strike that had left forty ships waiting",
        "the union's statement said, and it keeps the night shift allowance",
        "What happens now",
        "which the port's schedule says will take until the end of next week",
    ):
        assert kept in flat, kept
    for dropped in (
        "Lea también",
        "Ferry prices rise again",
        "More from the harbour",  # a heading over nothing once its teasers are gone
        "Harbour bridge to close for repairs",
        "Council approves new cycle lanes",
        "Fish market moves",
    ):
        assert dropped not in flat, dropped


@pytest.mark.parametrize(
    "block",
    [
        # cross-references into the documentation: a fragment is no teaser
        'See <a href="os.html#os.stat">os.stat()</a> and <a href="#os.lstat">os.lstat()</a>.',
        # file names and commands: link texts of one word
        'Source code: <a href="https://github.com/python/cpython/tree/3.11/Lib/secrets.py">'
        "Lib/secrets.py</a>",
        # an anchor, not a link
        '<a href="">Chapter 1. GNU/Linux tutorials</a>',
        # a long paragraph, however many links it holds
        "The <a href='/a'>Unicode Standard</a> and the <a href='/b'>Unicode Character "
        "Database</a> define the properties; <a href='/c'>the Unicode Consortium's</a> "
        "<a href='/d'>technical reports</a> say how to use them for "
        "<a href='/e'>normalization</a>, <a href='/f'>collation</a> and "
        "<a href='/g'>line breaking</a>, each in its own document and version.",
    ],
)
def test_link_rule_keeps_references_anchors_and_long_paragraphs(block: str) -> None:
    assert not is_link_block(block)


def test_link_rule_counts_only_closed_links() -> None:
    # resiliparse writes no end tag for a link without text (an image link): the text
    # after it is not link text.
    assert not is_link_block('<a href="/photo/1">The bridge at dusk, seen from the quay.')
    assert is_link_block('Read: <a href="/a/1">Ferry prices rise again this spring</a>')


EDGES_PAGE = """<!DOCTYPE html><html><head><title>Night buses</title></head><body>
<main><article>
<div>Home › City › Transport</div>
<div>March 4, 2024</div>
<h1>Night buses return to the harbour line</h1>
<p>The night buses on the harbour line will run again from Friday, every half hour between
midnight and five, after the council found the money in its spring budget.</p>
<p>Drivers had asked for a second driver on the last two runs, which the operator agreed to
for the first three months.</p>
<div>Topics</div>
<div>© 2024 The Coastal Herald</div>
</article></main></body></html>"""


def test_fast_mode_drops_short_leftovers_at_the_edges_of_an_article() -> None:
    doc = ExtractHtml(mode="fast").process(Document.from_text(EDGES_PAGE, source="bus.html"))
    assert doc.text.split("\n\n") == [
        "Night buses return to the harbour line",
        "The night buses on the harbour line will run again from Friday, every half hour "
        "between midnight and five, after the council found the money in its spring budget.",
        "Drivers had asked for a second driver on the last two runs, which the operator "
        "agreed to for the first three months.",
    ]


ARTICLE = "<p>The festival opens on the quay on Saturday, with forty stalls and a brass band.</p>"


@pytest.mark.parametrize(
    "markup",
    [
        # a list that ends the page: more short lines than a leftover has
        ARTICLE + "\n\nTents\nStalls\nLights\nBenches\n",
        # a table of a reference page, its cells as paragraphs
        ARTICLE + "\n\n<p>Name</p>\n\n<p>Meaning</p>\n\n<p>x</p>\n\n<p>the width</p>",
        # the last entries of a reference page name code
        ARTICLE + "\n\nreset()\n\n<p>Start again</p>",
        ARTICLE + "\n\n<p>See also</p>\n\nModule os.path",
        # a closing sentence, however short
        ARTICLE + "\n\n<p>Be there or be square!</p>",
        ARTICLE + "\n\n<p>See you on the quay \U0001f609</p>",
        # code is content
        ARTICLE + "\n\n<pre>make all</pre>",
    ],
)
def test_edge_rule_keeps_lists_tables_code_and_closing_sentences(markup: str) -> None:
    assert lay_out(markup, prune=True) == lay_out(markup)


def test_edge_rule_leaves_a_page_without_a_sentence_whole() -> None:
    markup = "<h1>Opening hours</h1>\n\n<p>Monday to Friday</p>\n\n<p>9 to 18</p>"
    assert lay_out(markup, prune=True)[0] == "Opening hours\n\nMonday to Friday\n\n9 to 18"
