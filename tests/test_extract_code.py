"""Syntax-highlighted code blocks in pages, in both extraction modes (issue 10).

Documentation generators wrap every token of a code block in a ``<span>``; both modes
drop those tags (not their text) before extracting, for speed, and the default mode so
that the block reads as code with its lines rather than as a one-line quote.
"""

from __future__ import annotations

import trafilatura

from corpusclean.document import Document
from corpusclean.extract.fast import strip_code_spans
from corpusclean.extract.html import ExtractHtml, flatten_code

PROSE = (
    "<p>The module reads and writes the archive format used by the old tape drives, "
    "and it keeps every member's metadata as the drive stored it, byte for byte.</p>"
    "<p>Members are read in the order the archive lists them, never sorted, so a "
    "script that walks them sees what the drive wrote and nothing else at all.</p>"
)
SPHINX_BLOCK = (
    '<div class="highlight-python3 notranslate"><div class="highlight"><pre><span></span>'
    '<span class="kn">import</span> <span class="nn">tarfile</span>\n'
    '<span class="k">with</span> <span class="n">tarfile</span><span class="o">.</span>'
    '<span class="n">open</span><span class="p">(</span><span class="s2">"a.tar"</span>'
    '<span class="p">)</span> <span class="k">as</span> <span class="n">t</span>'
    '<span class="p">:</span>\n'
    '    <span class="n">t</span><span class="o">.</span><span class="n">list</span>'
    '<span class="p">()</span>\n</pre></div></div>'
)
CODE_LINES = ["import tarfile", 'with tarfile.open("a.tar") as t:', "    t.list()"]


def page(body: str) -> Document:
    head = "<!DOCTYPE html><html><head><title>tarfile</title></head>"
    html = f"{head}<body><main>{body}</main></body></html>"
    doc = Document.from_text(html, source="tarfile.html")
    doc.tags["format"] = "html"
    return doc


def code_of(doc: Document) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.spans if s.kind == "code"]


def test_highlighted_block_keeps_its_lines_as_code_in_the_default_mode() -> None:
    # In a blockquote, as the Python docs indent examples: trafilatura judged the <pre>
    # by its text before the first span (none) and laid it out as a one-line quote.
    quoted = f"<blockquote><div><p>For example:</p>{SPHINX_BLOCK}</div></blockquote>"
    doc = ExtractHtml().process(page(PROSE + quoted + PROSE.replace("module", "reader")))
    assert doc.tags["extract"] == "trafilatura"
    assert code_of(doc) == ["\n".join(CODE_LINES)]
    assert "byte for byte." in doc.text


def test_highlighted_block_keeps_its_lines_as_code_in_the_fast_mode() -> None:
    doc = ExtractHtml(mode="fast").process(page(PROSE + SPHINX_BLOCK))
    assert doc.tags["extract"] == "resiliparse"
    assert code_of(doc) == ["\n".join(CODE_LINES)]


def test_flattening_keeps_the_code_text_and_the_spans_outside_code() -> None:
    html = page(
        '<p>Call <code class="literal"><span class="pre">t.list()</span></code> first.</p>'
        '<p><span class="share-buttons">Share this</span></p>' + SPHINX_BLOCK
    ).text
    tree = trafilatura.load_html(html)
    flatten_code(tree)
    assert tree.find(".//code").text == "t.list()"
    pre = tree.find(".//pre")
    # One span of flat text: what trafilatura takes for code rather than a quote.
    assert [child.tag for child in pre] == ["span"] and pre.text is None
    assert pre[0].text == "\n".join(CODE_LINES) + "\n" and not len(pre[0])
    assert not tree.xpath("//code//span")
    assert tree.xpath("//span[@class='share-buttons']")  # page furniture: trafilatura's call


def test_highlight_js_and_single_span_blocks_are_left_to_trafilatura() -> None:
    # trafilatura reads both as code from their spans; flat, they would not be.
    html = page(
        '<pre><code class="hljs"><span class="hljs-keyword">def</span> f(): pass</code></pre>'
        '<pre><span class="c">$ tar -tf a.tar</span></pre>'
    ).text
    tree = trafilatura.load_html(html)
    flatten_code(tree)
    assert tree.xpath("//span[@class='hljs-keyword']")
    assert tree.xpath("//span[@class='c']")


def test_stripping_code_spans_in_markup_leaves_the_rest_of_the_page() -> None:
    html = (
        '<p><span class="byline">By A. Writer</span> and <code>a <span>&lt;</span> b</code>'
        '</p><PRE><SPAN class="k">if</SPAN> x:</PRE><pre>unclosed <span>y</span>'
    )
    assert strip_code_spans(html) == (
        # an inline <code> keeps its span: only <pre> blocks are worth the search
        '<p><span class="byline">By A. Writer</span> and <code>a <span>&lt;</span> b</code>'
        "</p><PRE>if x:</PRE><pre>unclosed <span>y</span>"
    )


def test_sphinx_word_spans_of_inline_code_go_with_both_their_tags() -> None:
    html = (
        '<p>Call <code class="docutils literal"><span class="pre">os.stat()</span> '
        '<span class="pre">path</span></code> or read <span class="pre">a <b>bold</b> '
        "word</span>.</p>"
    )
    assert strip_code_spans(html) == (
        '<p>Call <code class="docutils literal">os.stat() path</code> or read '
        # a span that holds markup is not one word of code: left as it is
        '<span class="pre">a <b>bold</b> word</span>.</p>'
    )
