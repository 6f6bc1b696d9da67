"""Properties of the repair on generated text: idempotence, valid spans, clean text kept.

The generator mixes ordinary words and punctuation with the debris the repair targets
(spaced and bare tags, broken entities, no-break spaces, bullets, cell separators), so
that hypothesis explores how the repairs interact, not only plain strings.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpusclean import repair_text

#: Real tokens, debris included, from seed 003 (split on single spaces, so they keep
#: their line breaks, no-break spaces and half-tags).
SEED_TOKENS = (
    (Path(__file__).parent.parent / "seeds" / "003_1c2b97edc1211e53.txt")
    .read_text("utf-8")
    .split(" ")
)

WORDS = [
    "the",
    "Council",
    "met",
    "on",
    "Tuesday",
    "AT&T",
    "R&D",
    "3.5",
    "e.g.",
    "U.S.",
    "example.com",
    "10:30",
    "table",
    "strong",
    "li",
    "p",
    "td",
    "Ada",
    "é",
    "日本",
]
PUNCT = [",", ".", ":", ";", "!", "?", " ,", " .", " :", ",", "-", "->", "<3", "|", " | "]
DEBRIS = [
    "<p>",
    "</p>",
    "< p >",
    "p >",
    "< strong >",
    "strong >",
    "< / td >",
    "< td >",
    "tr >",
    "< tr >",
    "li >",
    "<li>",
    "</li>",
    "<br/>",
    "<!-- x -->",
    "<b>",
    "</b>",
    "tbody >",
    "table >",
    "< ul >",
    "<h2>",
    "</h2>",
    "&nbsp;",
    "& nbsp;",
    "& nbsp ;",
    "&amp;",
    "&amp;amp;",
    "&#8217;",
    "&#8217 ;",
    "&lt;",
    "&gt;",
    "&",
    "<",
    ">",
    "\u00a0",
    "\u00a0 ",
    "\u200b",
    "•",
    "  • ",
    "<script>",
    "</script>",
    "\r\n",
]
SEPARATORS = ["", " ", " ", "  ", "\n", "\n\n", "\t"]

tokens = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(SEED_TOKENS),
    st.sampled_from(PUNCT),
    st.sampled_from(DEBRIS),
    st.text(alphabet="abcXYZ <>/&;#.,:|-\n\u00a0", max_size=6),
)
documents = st.lists(st.tuples(tokens, st.sampled_from(SEPARATORS)), max_size=40).map(
    lambda parts: "".join(t + s for t, s in parts)
)
#: Clean prose: words, and the comparisons and arrows prose writes with ``<`` and ``>``.
#: A lone ``<`` or ``>`` token would let the generator write debris itself
#: (``< a > a >`` is the shape of ``< p > ... p >``).
clean_prose = st.lists(
    st.sampled_from(
        [
            "The",
            "council",
            "met",
            "on",
            "Tuesday",
            "and",
            "approved",
            "3.5",
            "percent",
            "e.g.",
            "U.S.",
            "AT&T",
            "R&D",
            "Q&A",
            "a",
            "b",
            "5",
            "3",
            "a < b",
            "5 > 3",
            "b > a",
            "x<y",
            "<3",
            "->",
            "example.com",
            "10:30",
        ]
    ),
    min_size=1,
    max_size=30,
).map(" ".join)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents)
@example("<\n\n\nstrong >")  # blank-line collapse must not make a tag out of debris
@example("&<b>amp;nbsp;")  # removing a tag must not leave a decodable entity
def test_repair_is_idempotent(text: str) -> None:
    once = repair_text(text)
    twice = repair_text(once.text)
    assert twice.text == once.text


@SETTINGS
@given(documents)
def test_spans_are_valid_whole_lines(text: str) -> None:
    result = repair_text(text)
    out = result.text
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(out)
        assert span.start == 0 or out[span.start - 1] == "\n"
        assert span.end == len(out) or out[span.end] == "\n"


@SETTINGS
@given(clean_prose)
@example("3 < a > 5 and a > b")  # a one-letter "a >" pairs only where it stands as a tag
def test_clean_prose_is_unchanged(text: str) -> None:
    assert repair_text(text).text == text


#: Shapes of code, layout, line endings and encoding damage, mixed with the debris above:
#: what decides whether a block is protected must not flip between two repair runs.
LAYOUT = [
    "```",
    "~~~",
    "Example::",
    "    ",
    "   ",
    "  ",
    ">>> ",
    "... ",
    "\t",
    "| a | b |",
    "=====  =====",
    "+----+",
    ".. note::",
    "x = 1",
    "def f():",
    "# comment",
    "\r\n",
    "\r",
    "Ã©",
    "&#169;",
    "Ã&#169;",
    "РѕС‚",
    "–í—ã",
    "( ",
    " )",
    " 。",
    "CD-ROMs .",
    "2000 .",
    "\u200b",
    "\u00ad",
]
layout_documents = st.lists(
    st.tuples(
        st.one_of(st.sampled_from(WORDS), st.sampled_from(DEBRIS), st.sampled_from(LAYOUT)),
        st.sampled_from([*SEPARATORS, "\r\n", "\n    "]),
    ),
    max_size=40,
).map(lambda parts: "".join(t + s for t, s in parts))


@SETTINGS
@given(layout_documents)
@example("Intro , text .\r\nSecond line , here .\r\n")  # CRLF: repaired in one run
@example("the  the\nthe  <p>")  # aligned columns must stay aligned after a repair
@example("РѕС‚\xad")  # cp1251 mojibake whose soft hyphen repair.unicode drops
@example("\xadÃ©")  # a soft hyphen before cp1252 mojibake that ftfy fixes without it
@example("< td >the\r\n```Ã©")  # a fence after an open cell is not folded into the cell
@example("< tr >\nthe\n```&nbsp;")  # nor into the text after an open row
@example("<p>.. note::\n    &nbsp;")  # tag debris before a directive
@example("the<p>.. note::\n    &nbsp;")  # and after a word: the tag ends the line there
@example("=====  =====\xa0\n```\n\n<p>")  # a table border with trailing whitespace
@example("< strong >~~~\n~~~\nÃ©")  # spaced tag debris before a fence
@example("<!-- x -->~~~\n~~~\nÃ©")  # a comment before a fence
@example("<li>\n```&nbsp;")  # a list item before a fence line: "• ```" stays a fence
def test_repair_is_idempotent_on_code_and_layout(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once.text).text == once.text
