"""Code examples inside definition lists, as Sphinx renders reference pages (issue 11).

The Python docs put a function's examples inside its ``<dd>`` body, which trafilatura
turns into a list item; the example must stay a ``code`` block with its lines, the prose
around it list items, and a name in ``<code>`` inside a sentence part of that sentence.
"""

from __future__ import annotations

import pytest

from corpusclean.document import Document
from corpusclean.extract.html import ExtractHtml


def highlighted(*lines: str) -> str:
    """A pycon block as Sphinx writes it: a ``<span>`` per token, prompts apart."""
    out = []
    for line in lines:
        if line.startswith(">>> "):
            words = line[4:].split(" ")
            tokens = "".join(f'<span class="n">{w}</span> ' for w in words).rstrip()
            out.append(f'<span class="gp">&gt;&gt;&gt; </span>{tokens}')
        else:
            out.append(f'<span class="go">{line}</span>')
    body = "\n".join(out).replace("'", "&#39;")
    return (
        '<div class="highlight-pycon notranslate"><div class="highlight"><pre><span></span>'
        f"{body}\n</pre></div>\n</div>\n"
    )


def literal(name: str) -> str:
    return (
        f'<a class="reference internal" href="#shlex.{name}"><code class="xref py py-func '
        f'docutils literal notranslate"><span class="pre">{name}()</span></code></a>'
    )


JOIN_EXAMPLE = [
    ">>> from shlex import join",
    ">>> print(join(['echo', '-n', 'Multiple words']))",
    "echo -n 'Multiple words'",
]
QUOTE_EXAMPLE = [
    ">>> filename = 'somefile; rm -rf ~'",
    ">>> command = 'ls -l {}'.format(filename)",
    ">>> print(command)  # executed by a shell: boom!",
    "ls -l somefile; rm -rf ~",
]
SPLIT_ARGS = "(s, comments=False, posix=True)"
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>shlex — Simple lexical analysis — Python 3.11 documentation</title></head><body>
<div class="related" role="navigation"><ul><li><a href="index.html">Python</a></li>
<li><a href="frameworks.html">Unix Specific Services</a></li></ul></div>
<div class="document"><div class="body" role="main"><section id="module-shlex">
<h1><code class="xref py py-mod docutils literal notranslate"><span class="pre">shlex</span>
</code> — Simple lexical analysis<a class="headerlink" href="#module-shlex">¶</a></h1>
<p>The <code class="xref py py-class docutils literal notranslate"><span class="pre">shlex</span>
</code> class makes it easy to write lexical analyzers for simple syntaxes resembling that
of the Unix shell, which is often useful for writing minilanguages.</p>
<dl class="py function">
<dt class="sig sig-object py" id="shlex.join"><span class="sig-prename descclassname">
<span class="pre">shlex.</span></span><span class="sig-name descname"><span class="pre">join</span>
</span><span class="sig-paren">(</span><em class="sig-param">split_command</em>
<span class="sig-paren">)</span><a class="headerlink" href="#shlex.join">¶</a></dt>
<dd><p>Concatenate the tokens of the list <em>split_command</em> and return a string.
This function is the inverse of {literal("split")}.</p>
{highlighted(*JOIN_EXAMPLE)}
<p>The returned value is shell-escaped to protect against injection vulnerabilities
(see {literal("quote")}).</p>
<div class="versionadded"><p><span class="versionmodified added">New in version 3.8.</span>
</p></div>
</dd></dl>
<dl class="py function">
<dt class="sig sig-object py" id="shlex.quote"><span class="sig-prename descclassname">
<span class="pre">shlex.</span></span><span class="sig-name descname"><span class="pre">quote</span>
</span><span class="sig-paren">(</span><em class="sig-param">s</em><span class="sig-paren">)</span>
<a class="headerlink" href="#shlex.quote">¶</a></dt>
<dd><p>Return a shell-escaped version of the string <em>s</em>. The returned value is a
string that can safely be used as one token in a shell command line, for cases where you
cannot use a list.</p>
<p>This idiom would be unsafe:</p>
{highlighted(*QUOTE_EXAMPLE)}
<p>The quoting is compatible with UNIX shells and with {literal("split")}.</p>
</dd></dl>
<dl class="py class">
<dt class="sig sig-object py" id="shlex.shlex">class shlex.shlex(instream=None)</dt>
<dd><p>A <code class="docutils literal notranslate"><span class="pre">shlex</span></code>
instance or subclass instance is a lexical analyzer object.</p>
<dl class="py method"><dt class="sig sig-object py">shlex.get_token()</dt>
<dd><p>Return a token. If tokens have been stacked using push_token(), pop a token off
the stack. Otherwise, read one from the input stream.</p></dd></dl>
<p>The initialization argument, if present, specifies where to read characters from.
It must be a file-like object with read() and readline() methods, or a string.</p>
</dd></dl>
<div class="admonition seealso"><p class="admonition-title">See also</p>
<dl class="simple"><dt>Module <code class="xref py py-mod docutils literal notranslate">
<span class="pre">configparser</span></code></dt><dd><p>Parser for configuration files similar to
the Windows <code class="file docutils literal notranslate"><span class="pre">.ini</span>
</code> files, with sections, options and values.</p></dd></dl></div>
</section></div></div>
<div class="footer">© <a href="../copyright.html">Copyright</a> 2001-2023, Python Software
Foundation.</div></body></html>
"""


def extract(mode: str = "default") -> Document:
    doc = Document.from_text(PAGE, source="library/shlex.html")
    return ExtractHtml(mode=mode).process(doc)


def spans(doc: Document, kind: str) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.spans if s.kind == kind]


@pytest.mark.parametrize("mode", ["default", "fast"])
def test_examples_in_a_definition_body_keep_their_lines_as_code(mode: str) -> None:
    doc = extract(mode)
    assert spans(doc, "code") == ["\n".join(JOIN_EXAMPLE), "\n".join(QUOTE_EXAMPLE)]


def test_prose_around_an_example_stays_list_items_without_the_code() -> None:
    items = spans(extract(), "list_item")
    assert any(
        i.startswith("Concatenate the tokens") and i.endswith("inverse of split().") for i in items
    )
    assert any(i.startswith("The returned value is shell-escaped") for i in items)
    assert "This idiom would be unsafe:" in " ".join(items)
    assert not any(">>>" in item for item in items)


def test_a_name_in_code_inside_a_sentence_is_part_of_the_sentence() -> None:
    doc = extract()
    assert "The shlex class makes it easy to write lexical analyzers" in spans(doc, "paragraph")[0]
    assert "(see quote())." in doc.text
    assert "shlex" not in spans(doc, "code")
    assert "shlex — Simple lexical analysis¶" in spans(doc, "heading")


def test_a_nested_definition_list_comes_where_it_is_on_the_page() -> None:
    text = extract().text
    lexer = text.index("instance or subclass instance is a lexical analyzer object")
    method = text.index("Return a token. If tokens have been stacked")
    after = text.index("The initialization argument, if present")
    assert lexer < method < after


def test_a_definition_term_that_is_a_name_in_code_stays_a_list_item() -> None:
    items = spans(extract(), "list_item")
    assert "Module configparser" in items
    assert any(i.startswith("Parser for configuration files") and ".ini files" in i for i in items)
