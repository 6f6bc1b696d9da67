"""Text notions every stage shares: lines, sentence ends, and where a text quotes code.

One module, so that "a line", "the end of a sentence" and "code" mean the same thing in
repair, boilerplate, dedup and tagging: a region that one stage protects as code, no
other stage rewrites or drops.

Where a text quotes code: the regions every stage leaves exactly as they are.

Markup and entities inside code are the code's own (``Markup('&lt;b&gt;')``, a fenced
HTML example, ``pathlib.Path`` in backticks), so they are never debris. Three shapes are
recognised, each unambiguous in Markdown, reStructuredText and doctests:

- fenced blocks: from a line opening with three backticks or tildes to its closing fence
  (or the end of the text, when a scraper lost the closing fence);
- inline code: text between matching single or double backticks on one line;
- doctests: a ``>>> `` line and the lines after it up to a blank line (continuations
  and expected output).

Indentation alone is NOT taken as code: scraped text indents list debris and paragraphs
with spaces (``    < p >Beyond ...``), and those lines need repair.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

#: Marks that end a sentence, in the scripts the project meets (Latin, CJK full stops).
SENTENCE_END_MARKS = (".", "!", "?", "…", "。", "！", "？")


def line_starts(lines: Iterable[str]) -> list[int]:
    """The offset of each line in ``"\\n".join(lines)``."""
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    return starts


FENCED_RE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)", re.M | re.S)
INLINE_RE = re.compile(r"(``?)(?=\S)[^`\n]+?(?<=\S)\1")
DOCTEST_RE = re.compile(r"^[ \t]*>>> .*(?:\n[ \t]*\S.*)*", re.M)


def code_ranges(text: str) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` ranges of ``text`` that quote code."""
    if "`" not in text and "~~~" not in text and ">>>" not in text:
        return []
    fenced = [m.span() for m in FENCED_RE.finditer(text)]
    inside = Membership(fenced)
    ranges = list(fenced)
    for pattern in (INLINE_RE, DOCTEST_RE):
        ranges.extend(m.span() for m in pattern.finditer(text) if m.start() not in inside)
    ranges.sort()
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


class Membership:
    """``pos in ranges`` for sorted, non-overlapping ranges (binary search)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.starts = [start for start, _ in ranges]

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.ranges[i][0] <= pos < self.ranges[i][1]


class CodeRanges(Membership):
    """The code ranges of a text, with a fast ``pos in code`` test."""

    def __init__(self, text: str) -> None:
        super().__init__(code_ranges(text))


# ------------------------------------------------------------- protected lines, text kinds

#: A reST section adornment: one punctuation character repeated (``=====``, ``~~~~``).
ADORNMENT_RE = re.compile(r"^([=\-~^\"'`#*+_:.<>!$%&,;?/\\|])\1{2,}\s*$")
#: A Markdown ATX heading (``## Usage``): the text is a Markdown source.
MD_HEADING_RE = re.compile(r"^#{1,6} \S")
ADORNMENT_CHARS = frozenset("=-~^\"'`#*+_:.<>!$%&,;?/\\|")
#: A reST directive, comment, target or substitution (``.. note::``, ``.. _x: url``).
DIRECTIVE_RE = re.compile(r"^\s*\.\.(?:\s|$)")
#: A reST grid-table border (``+-----+----+``) or a simple-table rule (``====  ====``).
TABLE_BORDER_RE = re.compile(r"^\s*(?:\+[-=+:]+\+|=+(?: +=+)+|-+(?: +-+)+)\s*$")
#: A reST field (``:tocdepth: 2``, ``:param x:``) or an HTML comment delimiter in Markdown.
FIELD_RE = re.compile(r"^\s*(?::[\w][\w .()-]*:(?:\s|$)|<!--|-->)")
#: A roff request or macro line (``.TH``, ``.SH NAME``, ``.B``, ``'\"`` comments).
ROFF_RE = re.compile(r"^[.'](?:[A-Za-z]{1,3}\b|\\\")")
#: Statements and syntax that open or close a line of source code.
CODE_LINE_RE = re.compile(
    r"^\s*(?:def |class |import |from \S+ import |return\b|if .*:$|elif\b|else\s*:|try\s*:|"
    r"except\b|finally\s*:|for .* in .*:$|while .*:$|with .*:$|pass$|break$|continue$|raise\b|"
    r"yield\b|@\w|#include|#define|//|/\*|\*/|[{}]|end$|fi$|done$)"
    r"|[;{}]\s*$|\)\s*:?\s*$|^\s*\w+(?:\.\w+)*\s*[-+*/|&]?=\s*\S"
)
#: Phrases of a license text: a file holding one is a license, its notices its content.
LICENSE_WORDS = (
    "permission is hereby granted",
    "licensed under",
    "general public license",
    "without warranty",
    "redistribution and use",
    'provided "as is"',
    "free software",
    "license:",
    "license, or",
    "copyright holders",
)


def is_code_line(line: str) -> bool:
    """A line of source code by its syntax (``else:``, ``return x``, ``x = 1``, ``});``).

    Short syntax repeated across files (``else:``, ``pass``) is code, not a template.
    """
    return bool(CODE_LINE_RE.search(line))


def _may_be_code(line: str) -> bool:
    """A cheap superset of :func:`is_code_line` for the lines of an article."""
    return (
        line[:1] in " \t#@/{}*"
        or line.rstrip()[-1:] in ":;{})"
        or "=" in line
        or line.startswith(CODE_OPENERS)
    )


#: Words that open a line of code at the margin (``import os``, ``return x``).
CODE_OPENERS = (
    "def ",
    "class ",
    "import ",
    "from ",
    "return",
    "elif",
    "else",
    "try",
    "except",
    "finally",
    "for ",
    "while ",
    "with ",
    "pass",
    "break",
    "continue",
    "raise",
    "yield",
    "if ",
    "end",
    "fi",
    "done",
)


def text_kind(lines: list[str]) -> str:
    """What a whole text is: ``code``, ``table``, ``roff``, ``license``,
    ``preformatted``, ``markup`` (a reST source: two section titles or directives) or
    ``prose`` (anything else: articles, pages, Markdown-like text).

    A text of one of the first six kinds is content line for line: no boilerplate rule
    applies to it. Each kind is a share of its non-blank lines, so one code line in an
    article or one tab in a table row does not change the article's kind.
    """
    body = [line for line in lines if line.strip()]
    if len(body) < 3:
        return "prose"
    n = len(body)
    quoted = code_lines(lines)  # code quoted in fences does not make a text code
    unquoted = [line for line, q in zip(lines, quoted, strict=True) if line.strip() and not q]
    tabs = Counter(line.count("\t") for line in body)
    commas = Counter(line.count(",") for line in body)
    for counter in (tabs, commas):
        width, rows = counter.most_common(1)[0]
        if width >= 1 and rows >= 0.8 * n:
            return "table"
    # Each test below looks at the first character first: most lines of an article
    # open with a letter and never reach the regular expression.
    if sum(line[:1] in ".'" and ROFF_RE.match(line) is not None for line in body) >= 0.2 * n:
        return "roff"
    if sum(is_code_line(line) for line in unquoted if _may_be_code(line)) >= 0.25 * n:
        return "code"
    lower = "\n".join(body[:400]).lower()
    notices = sum(line.lstrip().lower().startswith("copyright") for line in body)
    if sum(phrase in lower for phrase in LICENSE_WORDS) >= 2 or notices >= max(3, 0.1 * n):
        return "license"
    if sum(line[:1] in " \t" for line in body) >= 0.5 * n:
        return "preformatted"
    directives = sum(line[:1] in " ." and DIRECTIVE_RE.match(line) is not None for line in body)
    titles = sum(
        line[:1] in ADORNMENT_CHARS
        and ADORNMENT_RE.match(line) is not None
        and _titled(lines, i) is not None
        for i, line in enumerate(lines)
    )
    if directives + titles >= 2:
        return "markup"
    return "prose"


def protected_lines(lines: list[str]) -> list[bool]:
    """Per line: it belongs to code, markup or layout that no rule may drop.

    Built on :func:`code_ranges` (fences, doctests, inline code) plus the block shapes of
    markup sources: reST section titles with their adornments, directives and comments
    (``.. note::``) with their indented bodies, literal blocks after a ``::`` line, grid
    and simple tables, fields (``:tocdepth: 2``), Markdown table rows (``| a | b |``)
    and HTML comment delimiters.
    Indented lines count only inside those blocks: scraped text indents debris too. In
    a text with a reST title, a directive or a Markdown heading, every rule line (a
    transition, a thematic break) is markup, and so is YAML front matter.
    """
    out = code_lines(lines)
    block_indent = -1  # indentation the current directive or literal block opened at
    markup = False  # a reST title or directive was seen: the text is a markup source
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if block_indent >= 0:
            if not stripped:
                continue
            if indent > block_indent:
                out[i] = True
                continue
            block_indent = -1
        title = _titled(lines, i) if ADORNMENT_RE.match(line) else None
        if title is not None:
            out[i] = out[title] = True
        elif (
            TABLE_BORDER_RE.match(line)
            or (stripped.startswith("|") and stripped.endswith("|"))
            or FIELD_RE.match(line)
        ):
            out[i] = True
        if DIRECTIVE_RE.match(line) or stripped.endswith("::"):
            out[i] = out[i] or DIRECTIVE_RE.match(line) is not None
            block_indent = indent
        markup = (
            markup
            or title is not None
            or DIRECTIVE_RE.match(line) is not None
            or MD_HEADING_RE.match(line) is not None
        )
    if lines and lines[0].strip() == "---":  # YAML front matter of a Markdown file
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        for i in range(end + 1):
            out[i] = True
    if markup:  # in a reST source, a lone rule of dashes is a transition: markup too
        for i, line in enumerate(lines):
            out[i] = out[i] or ADORNMENT_RE.match(line) is not None
    return out


def code_lines(lines: list[str]) -> list[bool]:
    """Per line: it holds part of a :func:`code_ranges` region (a fence, a doctest, inline
    code)."""
    out = [False] * len(lines)
    text = "\n".join(lines)
    if "`" not in text and "~~~" not in text and ">>>" not in text:
        return out
    starts = line_starts(lines)
    for start, end in code_ranges(text):
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, max(start, end - 1)) - 1
        for i in range(first, last + 1):
            out[i] = True
    return out


def _titled(lines: list[str], i: int) -> int | None:
    """The title line the adornment at ``i`` is drawn under or over, or ``None``.

    reST draws an adornment at least as long as its title, right against it: a rule of
    dashes between two long paragraphs of a scraped page is not one.
    """
    width = len(lines[i].rstrip())
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines):
            title = lines[j].strip()
            if title and not ADORNMENT_RE.match(lines[j]) and len(lines[j].rstrip()) <= width:
                return j
    return None


#: Scripts written without spaces between words, and about how many characters a word
#: takes in them (Chinese and Japanese words are mostly one or two characters; Thai,
#: Lao, Khmer and Myanmar words average four to five).
_UNSPACED = (
    ("\u3040", "\u30ff", 2),  # hiragana, katakana
    ("\u3400", "\u9fff", 2),  # CJK ideographs (extension A and unified)
    ("\uf900", "\ufaff", 2),  # CJK compatibility ideographs
    ("\uac00", "\ud7af", 2),  # Hangul syllables (Korean is spaced; a run is a word or two)
    ("\u0e00", "\u0eff", 5),  # Thai, Lao
    ("\u1000", "\u109f", 5),  # Myanmar
    ("\u1780", "\u17ff", 5),  # Khmer
)


def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated words, with runs of CJK or Thai-like
    script counted by characters (one word per two CJK characters, per five Thai).

    ``len(text.split())`` counts a whole Chinese paragraph as one word, so a real
    Chinese article would look too short to keep.
    """
    words = 0
    for token in text.split():
        if token.isascii():
            words += 1
            continue
        unspaced = 0.0
        other = False
        for char in token:
            for low, high, per_word in _UNSPACED:
                if low <= char <= high:
                    unspaced += 1 / per_word
                    break
            else:
                other = other or char.isalnum()
        words += max(1, round(unspaced) + other) if unspaced else 1
    return words
