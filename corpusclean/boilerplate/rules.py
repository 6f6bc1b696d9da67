"""Named line rules: each says whether one line of a document is boilerplate.

A rule is a small function ``rule(ctx, i) -> bool`` over the document's lines; its name
is the reason recorded for every line it removes (``boilerplate.lines.<rule>`` in
``edits``). Rules look first at shape, position and context (a bio sits at the edge of a
document, a pager is numbers and separators, a breadcrumb is short segments between
arrows) and at words second, through the lists in ``words.toml``. Each rule's docstring
says what it will not touch and why.

Text is read as it looks after repair: tags gone, one list item per line, table rows one
per line with cells separated by `` | ``. Rows whose cells were run together by a bad
scrape (``Defense Agreements Upgraded combat readiness ...``) are recognised too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice, pairwise

from ..text import (
    SENTENCE_END_MARKS,
    is_code_line,
    protected_lines,
    text_kind,
)
from .words import TRAILING, Vocabulary, WordLists, is_unspaced

#: Characters that open a list item or decorate a prompt, stripped before word matching.
BULLETS = "•·‣◦▪▫■□●○►▶▸→»›*-–—|>+✓✔☐ \t"
#: Quotes and brackets that may close a sentence after its end mark.
SENTENCE_CLOSERS = "\"'”’»)]"
_END_MARKS = frozenset(SENTENCE_END_MARKS)
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
#: A hashtag or handle has a letter: ``#886`` is an issue number, ``#1`` a rank.
TAG_RE = re.compile(r"^[#@]\w*[^\W\d_]")
#: A date or time after ``Updated``/``Published``: a year, ``12.03.2024``, ``08:15``.
DATE_RE = re.compile(r"\b(?:1[89]|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
#: A word of a bio (apostrophes and hyphens inside) or a comma.
BIO_TOKEN_RE = re.compile(r"[\w'’\-]+|,")
#: How many headlines a "Related articles" block may hold.
RELATED_BLOCK_LINES = 12
PRICE_RE = re.compile(r"[$€£¥]\s?\d|\d\s?[$€£¥]")
#: ``©`` as a notice (``© 2024``, ``© Acme``), not inside mojibake such as ``Ã©``.
COPYRIGHT_SIGN_RE = re.compile(r"(?:^|\s)©\s*(?:\d{4}|[^\W\d_])")
NUMBER_RE = re.compile(r"^\d{1,4}$")
#: Gaps in a pager (``1 2 … 9``).
ELLIPSES = ("…", "...", "..")
DIGIT_RE = re.compile(r"\d")
#: A letter or digit (``\w`` without the underscore).
ALNUM_RE = re.compile(r"[^\W_]")
#: Separators of a pager: ``1 - 2 - 3``, ``1 | 2 | 3``, ``« 1 2 3 »``.
PAGER_SPLIT_RE = re.compile(r"[\s\-–—|·•/«»‹›<>\[\]()]+")
PAGER_TOKEN_RE = re.compile(r"[^\s\-–—|·•/«»‹›<>\[\]()]+")
#: Breadcrumb separators must have spaces around them: ``and/or`` and ``a>b`` are not crumbs.
#: Separators of a share bar (``Facebook, Twitter | Email``) and one item of it.
SHARE_SPLIT_RE = re.compile(r"[\s,|/·•]+")
SHARE_TOKEN_RE = re.compile(r"[^\s,|/·•]+")
CRUMB_SPLIT_RE = re.compile(r"\s+(?:>|›|»|/|→|::|>>)\s+")
#: One of these is in every line the regex above splits (tested first: it is cheaper).
CRUMB_MARKS = (">", "›", "»", "/", "→", "::")
BAR_SPLIT_RE = re.compile(r"\s+[|·•]\s+")
MENU_SPLIT_RE = re.compile(r"\s+[|·•]\s+|\s{2,}")
#: A Markdown table rule ``|---|:--:|`` is structure, not debris.
TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?$")
#: Section breaks (``* * *``, ``***``, ``⁂``) mark structure in fiction and essays.
SECTION_BREAK_RE = re.compile(r"^(\*\s*){3,}$|^⁂$")
DEBRIS_SYMBOLS = set("=~*_-|•·+#^<>/\\°")
DEBRIS_DELETE = str.maketrans(dict.fromkeys(DEBRIS_SYMBOLS))
CODE_PUNCTUATION = set("{}[]();,: ")
#: A reference in a note of a document: a PEP, RFC or issue number, a call with its
#: parentheses (``colormode()``), a dotted name (``concurrent.futures``), an address.
REFERENCE_RE = re.compile(
    r"\b(?:PEP|RFC|bpo)[ -]?\d+|\w\(\)|\b[a-z_]\w+\.[a-z_]\w+|https?://|\bwww\."
)
#: A title and its subtitle: ``Python Packaging User Guide: Binary Extensions``.
COLON_TITLE_RE = re.compile(r"^[^\W\d_][^:]{2,}: \S")
#: The edge of a box in a figure: ``+-----+``.
BOX_EDGE_RE = re.compile(r"\+[-=]{2,}\+")
#: How a comment line opens (``# Expected output:``, ``/* Sentinel */``).
COMMENT_MARKS = ("# ", "// ", "/* ")
#: Operators of programming languages, which a table lists one per cell.
OPERATORS = frozenset(
    {"==", "!=", "<=", ">=", "<", ">", "=>", "->", "**", "*", "@", "/", "//", "%", "+", "-"}
    | {"<<", ">>", "&", "^", "|", "~", ":=", "=", "+=", "-=", "*=", "/=", "&&", "||", "?", "???"}
)
#: A backslash escape (``\\``, ``\'``, ``\"``) as a table of escapes lists it.
ESCAPE_RE = re.compile(r"^\\\S$")
MARK_SPLIT_RE = re.compile(r"[\s,]+")
#: How many non-blank lines on each side are looked at for other marks of a table.
MARK_WINDOW = 8
COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?:©|\(c\))?\s*\d{4}", re.IGNORECASE)


#: What :class:`LineContext` knows of each line from the line alone (copied to the
#: context of the same text with lines removed).
LINE_FEATURES = ("stripped", "cores", "n_words", "core_words", "openings", "opens")
_BULLET_SET = frozenset(BULLETS)


@dataclass
class LineContext:
    """The lines of one document and what rules need to know about their neighbours.

    Everything a rule asks of a line (stripped text, :func:`core`, word counts, the first
    word a vocabulary is looked up by) is computed once here for all the rules, and only
    when asked: a text that is code or markup shows no line to the rules, so its lines
    are never stripped or lower-cased.
    """

    lines: list[str]
    words: WordLists
    #: The vocabularies of ``words`` by table name.
    vocab: dict[str, Vocabulary] = field(init=False)

    def __post_init__(self) -> None:
        self.vocab = self.words.tables

    @cached_property
    def _features(self) -> tuple[list[str], list[str], list[int], list[int]]:
        """Each line stripped, its :func:`core`, its words and its core's words, in one
        pass: when no bullet is at an end, the words split for the count make the core
        too (lower-casing neither makes nor removes whitespace, so it commutes with the
        split)."""
        stripped: list[str] = []
        cores: list[str] = []
        n_words: list[int] = []
        core_words: list[int] = []
        bullets = _BULLET_SET
        for line in self.lines:
            text = line.strip()
            stripped.append(text)
            if not text:
                cores.append("")
                n_words.append(0)
                core_words.append(0)
                continue
            words = text.split()
            n_words.append(len(words))
            if text[0] in bullets or text[-1] in bullets:
                core = " ".join(text.strip(BULLETS).lower().split())
                cores.append(core)
                core_words.append(core.count(" ") + 1 if core else 0)
            else:
                cores.append(" ".join(words).lower())
                core_words.append(len(words))
        return stripped, cores, n_words, core_words

    @cached_property
    def stripped(self) -> list[str]:
        """Each line stripped of surrounding whitespace."""
        return self._features[0]

    @cached_property
    def cores(self) -> list[str]:
        """:func:`core` of every line."""
        return self._features[1]

    @cached_property
    def n_words(self) -> list[int]:
        """Whitespace-separated words of each line (the same for the line and its strip)."""
        return self._features[2]

    @cached_property
    def core_words(self) -> list[int]:
        """Words of each :func:`core` (bullets gone, so it may be fewer than the line's)."""
        return self._features[3]

    @cached_property
    def openings(self) -> list[str]:
        """The first word of each :func:`core` (``""`` for a blank line)."""
        return [text.partition(" ")[0] for text in self.cores]

    def after(self, lines: list[str], drops: Collection[int]) -> tuple[LineContext, frozenset[int]]:
        """The context of ``lines``, this text once ``drops`` were removed, and which of
        its lines this context showed to the rules (and every rule turned down).

        Removal keeps every line not dropped but some blank ones, in order, so each line
        left is matched to the one it was; the features of each line come from there. If
        the lines do not match so, nothing is copied and no line counts as tried.
        """
        ctx = LineContext(lines, self.words)
        old = self.lines
        at: list[int] = []
        j = 0
        for line in lines:
            while j < len(old) and (j in drops or old[j] != line):
                if j not in drops and old[j].strip():
                    return ctx, frozenset()  # a line kept, but not where it should be
                j += 1
            if j == len(old):
                return ctx, frozenset()
            at.append(j)
            j += 1
        for name in LINE_FEATURES:
            values = self.__dict__.get(name)
            if values is not None:
                ctx.__dict__[name] = [values[j] for j in at]
        shown = set(self.eligible)
        return ctx, frozenset(i for i, j in enumerate(at) if j in shown)

    @cached_property
    def nonblank(self) -> list[int]:
        """Index of each non-blank line, in order."""
        return [i for i, line in enumerate(self.stripped) if line]

    @cached_property
    def short(self) -> list[int]:
        """The non-blank lines under ``MAX_WORDS`` words: no rule removes a longer one."""
        lines = self.lines
        return [i for i in self.nonblank if lines[i].count(" ") < MAX_WORDS]

    @cached_property
    def _classified(self) -> tuple[str, list[bool]]:
        # What is protected is found on this text, never copied: a title and its
        # underline, a table, depend on neighbours that a removal changed (copying it
        # would leave lines that a second run of the stage removes).
        kind = text_kind(self.lines)
        return kind, protected_lines(self.lines) if kind == "prose" else []

    @property
    def kind(self) -> str:
        """What the whole text is (``prose``, ``code``, ``table``, ...: :func:`text_kind`)."""
        return self._classified[0]

    @property
    def protected(self) -> list[bool]:
        """Per line of a prose text: code, markup or layout (:func:`protected_lines`),
        never removed (empty for a text of another kind, which loses no line)."""
        return self._classified[1]

    @cached_property
    def eligible(self) -> list[int]:
        """The lines shown to the rules: :attr:`short` lines that are not code, markup
        or layout; none at all in a text that is code, a table, a man page source, a
        license or preformatted layout (see :func:`text_kind`). The kind is asked first,
        so the lines of such a text are never prepared for the rules."""
        if self.kind != "prose":
            return []
        protected = self.protected
        return [i for i in self.short if not protected[i]]

    @cached_property
    def text(self) -> str:
        """The lines joined: the text as :mod:`corpusclean.text` reads it."""
        return "\n".join(self.lines)

    @cached_property
    def opens(self) -> list[frozenset[str]]:
        """Per line, the tables with a phrase that may open it (by its first word)."""
        index, unspaced = self.words.head_index, self.words.unspaced_index
        none: frozenset[str] = frozenset()
        out = [index.get(first.rstrip(TRAILING), none) for first in self.openings]
        for i, text in enumerate(self.cores):
            if text[:1] in unspaced:  # a line of Japanese or Chinese is one "word"
                out[i] = out[i] | unspaced[text[0]]
        return out

    def starts(self, table: str, i: int) -> str | None:
        """``words[table].starts(cores[i])``, turned down on the first word alone."""
        if table not in self.opens[i]:
            return None
        return self.vocab[table].starts(self.cores[i])

    @cached_property
    def _rank(self) -> dict[int, int]:
        return {line: r for r, line in enumerate(self.nonblank)}

    @cached_property
    def prose(self) -> list[int]:
        """The prose lines (see :func:`is_prose`), in order."""
        return [
            i for i in self.nonblank if self.n_words[i] >= 15 and ends_sentence(self.stripped[i])
        ]

    def neighbour(self, i: int, step: int) -> str | None:
        """The next (``step=1``) or previous (``-1``) non-blank line, or ``None``."""
        r = self._rank.get(i)
        if r is None:
            return None
        j = r + step
        return self.lines[self.nonblank[j]] if 0 <= j < len(self.nonblank) else None

    def at_edge(self, i: int) -> bool:
        """Line ``i`` is before the first prose paragraph or after the last: head or tail.

        Prose, not a fixed line count, marks the body: a bio followed by a pager and a
        small table is still at the end of the article.
        """
        prose = self.prose
        return not prose or i < prose[0] or i > prose[-1]

    def at_rim(self, i: int) -> bool:
        """Line ``i`` is at the edge or is the first or last prose line itself (a bio is
        often a paragraph of prose, the last one)."""
        prose = self.prose
        return not prose or i <= prose[0] or i >= prose[-1]

    @cached_property
    def under_related(self) -> list[bool]:
        """Per line: it is a headline in the block right under a bare ``Related articles``.

        The block is the run of non-blank headline-shaped lines (at most 15 words, no
        sentence end) that follows the heading with no blank line between, at most
        ``RELATED_BLOCK_LINES`` long: each heading marks the lines below it, so the cost
        is bounded by the headings, not by the length of the text. A heading that
        introduces references (:meth:`introduces_references`) marks nothing.
        """
        out = [False] * len(self.lines)
        for h, opens in enumerate(self.opens):
            if "read_more" not in opens:
                continue
            phrase = self.starts("read_more", h)  # the bare heading, with or without a colon
            if phrase is None or phrase.rstrip(":") != self.cores[h].rstrip(":"):
                continue
            if self.introduces_references(h):
                continue
            for i in range(h + 1, min(h + 1 + RELATED_BLOCK_LINES, len(self.lines))):
                line = self.stripped[i]
                if not line or self.n_words[i] > 15 or ends_sentence(line):
                    break
                out[i] = True
        return out

    def block_after(self, h: int) -> list[str]:
        """The lines a heading at ``h`` introduces: the run of non-blank lines under it
        (past one blank line), at most ``RELATED_BLOCK_LINES``."""
        stripped = self.stripped
        j = h + 1
        if j < len(stripped) and not stripped[j]:
            j += 1
        block: list[str] = []
        while j < len(stripped) and stripped[j] and len(block) < RELATED_BLOCK_LINES:
            block.append(stripped[j])
            j += 1
        return block

    def before_the_end(self, i: int) -> bool:
        """Line ``i`` is above the last prose paragraph: not in the page's tail. (The
        head is not asked for: the wrapped lines of a document seldom make a prose
        line, so its first one may come late.)"""
        prose = self.prose
        return bool(prose) and i < prose[-1]

    def introduces_references(self, h: int) -> bool:
        """The bare heading at ``h`` (``See also``) heads a note of the body, not a list of
        other articles' headlines: it is above the page's tail, and what it introduces
        reads as references or text (:func:`is_reference_block`), or it is a note's own
        heading set apart by a blank line (:meth:`heads_a_note`). A list of headlines
        has none of those shapes, and sits at the page's end."""
        if not self.before_the_end(h):
            return False
        return is_reference_block(self.block_after(h)) or self.heads_a_note(h)

    def heads_a_note(self, h: int) -> bool:
        """``See also`` (``note_headings``) over a blank line and then text: the title of
        a note of a documentation page, whose entries are paragraphs of their own
        (``Open Sound System Programmer's Guide: the official documentation ...``).
        A teaser's headlines hang right under their heading, with no blank between."""
        below = h + 1
        if below + 1 >= len(self.stripped) or self.stripped[below]:
            return False
        heading = self.cores[h].rstrip(":")
        return heading in self.vocab["note_headings"].phrases and bool(self.stripped[below + 1])

    @cached_property
    def _written(self) -> dict[str, bool]:
        return {}

    def writes(self, token: str) -> bool:
        """The text writes ``token`` (an operator) as code: quoted (``":="``), or, for a
        token of two characters or more, between spaces in a line of code (``if m :=
        p.search(s):``). A lone ``:=`` in such a text is a cell of a table that names the
        operator; a separator a scrape left (``|``, ``-``) is quoted nowhere. Looked for
        once per token and text."""
        found = self._written.get(token)
        if found is None:
            found = self._written[token] = _writes(self.text, self.lines, token)
        return found

    @cached_property
    def has_table(self) -> bool:
        """Whether the document holds a table: two ``|`` rows in a row, or a header line
        followed by a row. One ``|`` line alone is as likely a footer menu."""
        for i in self.nonblank:
            line, following = self.lines[i], self.neighbour(i, 1)
            piped = " | " in line and following is not None and " | " in following
            if piped and is_table_row(line) and is_table_row(following):
                return True
            if is_column_names(line, self.words) and is_table_row(following):
                return True
        return False


def ends_sentence(text: str) -> bool:
    """``text`` ends a sentence (:data:`~corpusclean.text.SENTENCE_END_MARKS`), maybe
    closed by quotes or brackets (``said.”``). A string test, not an end-anchored regex,
    which a search tries at every position of the line."""
    if text.endswith("\n"):  # as ``$`` does, a final newline is passed over
        text = text[:-1]
    return text.rstrip(SENTENCE_CLOSERS)[-1:] in _END_MARKS


def is_reference_block(block: list[str]) -> bool:
    """Lines that a ``See also`` of a document introduces, by their shape: a reference
    (``PEP 442``, ``RFC 854``, ``sys.excepthook()``, a dotted name, an address), a
    paragraph wrapped over lines (a line going on in lower case), a short note ending
    a sentence (``Documentation for the weakref module.``), or one title with a colon
    (``Python Packaging User Guide: Binary Extensions``). Headlines of other articles
    are capitalised lines without a sentence end, seldom a reference, often several."""
    if not block:
        return False
    if any(REFERENCE_RE.search(line) for line in block):
        return True
    if any(line[:1].islower() for line in block[1:]):
        return True
    first = block[0]
    if ends_sentence(first) and word_count(first) < 15:
        return True
    return len(block) == 1 and COLON_TITLE_RE.match(first) is not None


def _writes(text: str, lines: list[str], token: str) -> bool:
    """See :meth:`LineContext.writes`."""
    if text.count(token) < 2:  # the lone line holds one
        return False
    mark = re.escape(token)
    if re.search(rf"([\"'`]){mark}\1", text):
        return True
    if len(token) < 2:
        return False
    spaced = re.compile(rf"(?<!\S){mark}(?!\S)")
    return any(
        token in line and spaced.search(line) and is_code_line(line.strip()) for line in lines
    )


def core(line: str) -> str:
    """The line without bullets or icons around it, lower-cased, spaces collapsed."""
    return " ".join(line.strip().strip(BULLETS).lower().split())


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    """A sentence paragraph: at least 15 words ending in sentence punctuation."""
    stripped = line.strip()
    return word_count(stripped) >= 15 and ends_sentence(stripped)


def is_column_names(line: str, words: WordLists) -> bool:
    """A title-case line of column names: ``Consequences Observed | Likely Outcomes``.

    2-8 words, each capitalised (or a number or ``&``), no function word of any listed
    language, no sentence punctuation. A heading almost always has a function word
    (``Local and International Reactions``); a column header rarely does.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or stripped[-1] in ",;:":
        return False
    tokens = stripped.replace("|", " ").split()  # the words of the non-blank cells
    if not 2 <= len(tokens) <= 8:
        return False
    function = words["function_words"].phrases
    for token in tokens:
        bare = token.strip("()[]\"'“”‘’")
        if not bare or bare == "&" or bare.isdigit():
            continue
        if not bare[0].isupper() or bare.lower() in function or ":" in bare:
            return False
    return not ends_sentence(stripped)


def is_table_row(line: str | None) -> bool:
    """A table row: cells between `` | ``, or cells run together by a bad scrape.

    The second shape (``Defense Agreements Upgraded combat readiness of forces``) is a
    capitalised label followed by lower-case text with no sentence end.
    """
    if line is None:
        return False
    stripped = line.strip().strip(BULLETS.replace("|", "")).strip()
    if stripped.count(" | ") >= 1:
        return True
    tokens = stripped.split()
    if not 3 <= len(tokens) <= 30 or ends_sentence(stripped) or ":" in stripped:
        return False
    return (
        tokens[0][:1].isupper()
        and tokens[1][:1].isupper()
        and any(t[:1].islower() for t in tokens[2:])
    )


# --------------------------------------------------------------------------- the rules


def pagination(ctx: LineContext, i: int) -> bool:
    """Pager lines: ``1 - 2 - 3 - 4``, ``« Previous 1 2 3 … 9 Next »``, ``Page 2 of 9``.

    Will not touch: fewer than three page numbers without a pager word (a score
    ``3 - 1``, a range ``2019 - 2020``), numbers that do not count up (a date
    ``12 - 05 - 2020``, a phone number), lists in code (``[1, 2, 3]``: commas are not
    pager separators), or any line with another word in it.
    """
    line = ctx.lines[i]
    if len(line) > 200 or not _opens_a_pager(ctx, i) or not DIGIT_RE.search(line):
        return False
    pager = ctx.vocab["pager"].phrases
    tokens = [t for t in PAGER_SPLIT_RE.split(ctx.cores[i]) if t]
    numbers: list[int] = []
    pager_words = 0
    for token in tokens:
        if NUMBER_RE.match(token):
            numbers.append(int(token))
        elif token in pager or token in ELLIPSES:
            pager_words += token in pager
        else:
            return False
    if len(numbers) >= 3:
        steps = [b - a for a, b in pairwise(numbers)]
        return all(s > 0 for s in steps) and sum(s == 1 for s in steps) * 2 >= len(steps)
    return pager_words >= 1 and 1 <= len(numbers) <= 2 and len(tokens) <= 5


def _opens_a_pager(ctx: LineContext, i: int) -> bool:
    """The line's first token is a page number, a pager word or an ellipsis: a line
    opening with another word is no pager."""
    token = ctx.openings[i]
    if token.isalpha():  # no separator in it: the first word is the first token
        return token in ctx.vocab["pager"].phrases
    first = PAGER_TOKEN_RE.search(ctx.cores[i])
    if first is None:
        return False
    token = first[0]
    return bool(NUMBER_RE.match(token)) or token in ctx.vocab["pager"].phrases or token in ELLIPSES


def punctuation(ctx: LineContext, i: int) -> bool:
    """Lines of punctuation only: ``. . . . . .``, ``-----``, ``|``, ``…``, ``«``.

    Will not touch: section breaks (``* * *``, ``⁂``) that mark structure in fiction,
    a Markdown table rule (``|---|---|``) that belongs to its table, lines of brackets
    and semicolons (``}``, ``});``) that close code, docstring quotes and HTML comment
    delimiters, emoji or other symbols that carry meaning (only punctuation and a few
    rule-drawing characters count); reST adornments and table rules never reach the
    rule (:func:`~corpusclean.text.protected_lines`). Nor a line that is part of the
    text around it (:func:`_symbols_in_context`): code, a figure, what a colon
    introduces, the end of a bracket, a cell of a table of operators or ticks, an
    operator that the text writes as code (``:=`` under ``if m := p.search(s):``).
    """
    stripped = ctx.stripped[i]
    if not stripped or stripped[0].isalnum():  # a letter or digit is never punctuation
        return False
    if SECTION_BREAK_RE.match(stripped) or TABLE_RULE_RE.match(stripped):
        return False
    if all(c in CODE_PUNCTUATION for c in stripped):  # "}", "});", "]," close code blocks
        return False
    if stripped in ('"""', "'''", "<!--", "-->"):  # a docstring or an HTML comment opens
        return False
    rest = stripped.translate(DEBRIS_DELETE)
    if not all(c.isspace() or unicodedata.category(c).startswith("P") for c in rest):
        return False
    return not _symbols_in_context(ctx, i)


def _symbols_in_context(ctx: LineContext, i: int) -> bool:
    """A line of symbols that belongs to the text around it, by its neighbours.

    Debris stands apart from the text (``. . .`` between paragraphs, ``«`` between
    blank lines); a symbol line that is content leans on the line above or below:
    an ellipsis or comment in code (``    ...`` under ``def f():``, ``*/``), a line of
    an indented block (a traceback's ``  ...``, the slopes of a diagram), the edge of
    a box (``+------+``), what a line ending in a colon introduces (``???`` under
    ``Inheritance:``), the tail of a bracket the line above opened (``).`` under
    ``(e.g.``), a cell of a table of marks (``<=``, ``!=``, ``\\\\``, ``?``), or an
    operator the text writes as code elsewhere (:meth:`LineContext.writes`).
    """
    line, stripped = ctx.lines[i], ctx.stripped[i]
    above = ctx.lines[i - 1] if i > 0 else ""
    below = ctx.lines[i + 1] if i + 1 < len(ctx.lines) else ""
    if is_code_line(stripped) or _code_like(above) or _code_like(below):
        return True
    if line[:1] in " \t" and _in_indented_block(ctx.lines, i):
        return True
    if BOX_EDGE_RE.search(stripped) and (above.strip() or below.strip()):
        return True
    top = above.rstrip()
    if top.endswith(":") or (stripped[0] in ")]}" and _opens_more(top)):
        return True
    return _in_a_list_of_marks(ctx, i) or (stripped in OPERATORS and ctx.writes(stripped))


def _in_indented_block(lines: list[str], i: int) -> bool:
    """Line ``i`` goes on a block of indented lines right above it that holds text (a
    traceback, a figure under its caption line): the block is preformatted."""
    for j in range(i - 1, max(-1, i - 1 - RELATED_BLOCK_LINES), -1):
        above = lines[j]
        if above[:1] not in (" ", "\t") or not above.strip():
            return False
        if ALNUM_RE.search(above):
            return True
    return False


def _code_like(line: str) -> bool:
    """A line of code (:func:`~corpusclean.text.is_code_line`) or a comment, not a
    sentence that happens to end in a bracket."""
    text = line.strip()
    if not text:
        return False
    if text.startswith(COMMENT_MARKS) and ALNUM_RE.search(text):
        return True
    return is_code_line(text) and not ends_sentence(text)


def _opens_more(line: str) -> bool:
    """``line`` leaves a bracket open (``... an element (e.g.``)."""
    return line.count("(") > line.count(")") or line.count("[") > line.count("]")


def _marks(line: str) -> frozenset[str] | None:
    """The marks a line lists, as a cell of a table does: operators (``<=, >, >=``,
    ``**``), escapes (``\\\\``), or one capital letter (``X``, a column's tick); ``None``
    when it holds anything else."""
    tokens = [t for t in MARK_SPLIT_RE.split(line.strip()) if t]
    if not tokens or not all(
        t in OPERATORS or ESCAPE_RE.match(t) or (len(t) == 1 and "A" <= t <= "Z") for t in tokens
    ):
        return None
    return frozenset(tokens)


def _in_a_list_of_marks(ctx: LineContext, i: int) -> bool:
    """Line ``i`` lists marks, and so do at least two more of the nearest non-blank
    lines, with another mark among them: a table of operators or escapes (``Py_LT`` /
    ``<``, ``Py_LE`` / ``<=`` ...), or of ticks (``X``, ``?``, ``%``). Two arrows of a
    carousel are no list, nor a menu's ``|`` repeated."""
    mine = _marks(ctx.stripped[i])
    r = ctx._rank.get(i)
    if mine is None or r is None:
        return False
    nonblank = ctx.nonblank
    near = nonblank[max(0, r - MARK_WINDOW) : r] + nonblank[r + 1 : r + 1 + MARK_WINDOW]
    found = [marks for j in near if (marks := _marks(ctx.stripped[j])) is not None]
    return len(found) >= 2 and any(marks != mine for marks in found)


def prompt(ctx: LineContext, i: int) -> bool:
    """Calls to act: share, follow, subscribe, sign up, accept cookies, skip to content.

    A share bar of network names (``Facebook Twitter LinkedIn Email``) is recognised in
    any language. A prompt phrase must open the line, and the line must be short (10
    words) and go on with a prompt's object (``this``, ``us``, ``on``, ``sur``,
    ``unseren``: ``prompt_objects`` in words.toml) or with nothing, or set the phrase off
    with a separator (``Share on:``); a notice (cookie banner, comment form, affiliate
    disclosure) may run to 60 words. Will not touch: a heading or sentence that merely
    opens with a listed word (``Share Prices Slide``, ``Print Media in Decline``,
    ``Comments from the minister were ...``).
    """
    text = ctx.cores[i]
    if not text:
        return False
    networks = ctx.vocab["networks"].phrases
    first = _first_share_item(ctx.openings[i], text)
    if first is not None and first.strip(":") in networks:
        tokens = [t for t in SHARE_SPLIT_RE.split(text) if t]
        if len(tokens) >= 2 and all(t.strip(":") in networks for t in tokens):
            return True
    n = ctx.core_words[i]
    if ctx.starts("notice", i) is not None:
        return n <= MAX_WORDS
    phrase = ctx.starts("prompt", i)
    if phrase is None:
        return _closing_prompt(ctx, text, n)
    rest = text[len(phrase) :].lstrip()
    if phrase[-1] in ":»›→|" or (rest and rest[0] in ":»›→|"):  # "Share on: ..."
        return n <= 20
    if n > 10 or (ends_sentence(text) and n > 5):
        return False
    if not any(c.isalpha() for c in rest):  # "Share", "Comments (3)"
        return True
    if PRICE_RE.search(rest):  # an offer: "Subscribe from $1 a week", "Abonnez-vous ... 1 €"
        return True
    objects = ctx.vocab["prompt_objects"].phrases
    networks = ctx.vocab["networks"].phrases
    # The object comes right after the verb: "Share THIS", "Subscribe to OUR newsletter";
    # or, in a verb-last language, the call closes the line ("ニュースレターに登録する").
    return any(
        w.strip(":,.!") in objects or w in networks for w in rest.split()[:2]
    ) or _closing_prompt(ctx, text, n)


def _closing_prompt(ctx: LineContext, text: str, n: int) -> bool:
    """A short line closed by a prompt in a verb-last language (``この記事をシェアする``,
    ``আমাদের নিউজলেটারে সাবস্ক্রাইব করুন``): the object comes first, the call last."""
    return (
        n <= FINAL_PROMPT_WORDS
        and not ends_sentence(text)
        and (ctx.vocab["prompt_final"].ends(text) is not None)
    )


def _first_share_item(opening: str, text: str) -> str | None:
    """The first item of ``text`` read as a share bar (``facebook, twitter``), where
    ``opening`` is its first word: that word itself when it is all letters."""
    if opening.isalpha():
        return opening
    first = SHARE_TOKEN_RE.search(text)
    return None if first is None else first[0]


def byline(ctx: LineContext, i: int) -> bool:
    """Bylines and date lines at the head or tail: ``By Jane Doe | 3 March 2024``,
    ``Aktualisiert am 12.03.2024``.

    After ``By``/``Von``/``Par`` the next word must be capitalised (a name); a desk
    credit (``Redacción | Madrid``, ``Staff and agencies``) stands alone in 5 words; after
    ``Published``/``Updated`` a date or time must follow; the line is short (10 words) and not
    a sentence. Will not touch: the same shapes inside the body, and sentences that
    open with the word (``By the time ...``, ``Von Anfang an war klar, ...``).
    """
    if not ctx.at_edge(i):
        return False
    text = ctx.cores[i]
    if ctx.core_words[i] > 10:
        return False
    dated = ctx.starts("dateline", i)
    if dated is not None:  # "published in 2004. Its ..." in lower case continues a sentence
        return not ctx.stripped[i][:1].islower() and DATE_RE.search(text[len(dated) :]) is not None
    desk = ctx.starts("desk", i)
    if desk is not None and ctx.core_words[i] <= 5 and not ends_sentence(text):
        return True
    phrase = ctx.starts("byline", i)
    if phrase is None:
        return False
    rest = ctx.lines[i].strip().strip(BULLETS)[len(phrase) :].strip(" :：")
    if not rest or (ends_sentence(rest) and not re.search(r"\b[A-Z]\.$", rest)):
        return False
    # A name: capitalised, or a short one in a script without capitals or spaces
    # ("责任编辑：王明", "記者：山田花子").
    return rest[:1].isupper() or (is_unspaced(rest[:1]) and len(rest) <= UNSPACED_NAME_CHARS)


def bio(ctx: LineContext, i: int) -> bool:
    """Author bios at the head or tail: ``A foreign correspondent with a knack for ...``,
    ``Jane Doe is a reporter covering ...``, ``About the author``.

    The role noun (journalist, correspondent, Redakteur, journaliste, ...) must come
    within the first six words and be followed, within two words, by a linking word
    (``with``, ``who``, ``based``, ``,``); or a capitalised name opens the line and a verb
    of the trade follows it (``Rita Almeida escreve sobre ...``, ``Ирина Соколова пишет
    о ...``); at most 60 words. The bio may itself be the first or last paragraph of
    prose. In a script without spaces, a name and its marker open the line and the role
    closes it (``山田花子は…特派員です。``). Will not touch: bios in the middle of the
    body, and narrative sentences at the edge (``A reporter asked him ...``: a verb
    follows the role; ``Smith said ...``: not a verb of the trade).
    """
    if not ctx.at_rim(i):
        return False
    text = ctx.cores[i]
    n = ctx.core_words[i]
    if n == 0 or n > 60:
        return False
    heading = ctx.starts("bio_headings", i)
    if heading is not None and heading.rstrip(":") == text.rstrip(":"):
        return True
    if _name_then_verb(ctx, i) or _name_then_role(ctx, i):
        return True
    # Past the heading, a bio opens with an article or has a copula before its role
    # (within the first six words): most lines are turned down here.
    first = BIO_TOKEN_RE.search(text)
    if first is None:
        return False
    copulas = ctx.vocab["bio_copulas"].phrases
    # (The core's first six words hold every copula among the line's first six.)
    if first[0] not in ctx.vocab["bio_openers"].phrases and copulas.isdisjoint(
        text.split(" ", 6)[:6]
    ):
        return False
    # The role is among the first seven tokens and its link within two more: nine will do.
    tokens = [m[0] for m in islice(BIO_TOKEN_RE.finditer(text), 9)]
    roles = ctx.vocab["bio_roles"].phrases
    links = ctx.vocab["bio_links"].phrases
    role_at = next((k for k, t in enumerate(tokens[:7]) if t in roles), None)
    # One adjective may sit between the role and the link ("journaliste indépendante qui").
    if role_at is None or not any(t in links for t in tokens[role_at + 1 : role_at + 3]):
        return False
    openers = ctx.vocab["bio_openers"].phrases
    if tokens[0] in openers:
        return True
    original = ctx.lines[i].strip().split()
    head = [t for t in original[:role_at] if t.lower() in copulas]
    if not head:
        return False
    name = original[: original.index(head[0])]
    return 1 <= len(name) <= 4 and all(t[:1].isupper() for t in name)


def _name_then_verb(ctx: LineContext, i: int) -> bool:
    """``Rita Almeida escreve sobre ...``: one to four capitalised words (a name), then
    a verb of the trade with its preposition (``bio_verbs``), in any listed language."""
    words = ctx.stripped[i].split(None, 5)
    verbs = ctx.vocab["bio_verbs"]
    for k in range(1, min(4, len(words) - 1) + 1):
        if not words[k - 1][:1].isupper():
            return False
        if verbs.starts(" ".join(words[k:]).lower()) is not None:
            return True
    return False


#: A name, then the topic or copula marker that follows it (``山田花子は``, ``王明是``).
NAME_MARKER_RE = re.compile(r"[^\s、。，,：:]{2,8}?(?:は|是)")
#: The longest bio line in a script without spaces, in characters.
UNSPACED_BIO_CHARS = 120


def _name_then_role(ctx: LineContext, i: int) -> bool:
    """``山田花子は中東を担当するカイロ特派員です。``, ``王明是本报驻开罗记者。``: in a
    script without spaces, a short name and its marker open the line and a role noun
    (with its copula: ``bio_roles_final``) closes it."""
    text = ctx.stripped[i].rstrip("。.！!")
    if not is_unspaced(text[:1]) or len(text) > UNSPACED_BIO_CHARS:
        return False
    return (
        NAME_MARKER_RE.match(text) is not None
        and ctx.vocab["bio_roles_final"].ends(text) is not None
    )


def read_more(ctx: LineContext, i: int) -> bool:
    """``Read more``, ``Related articles``, ``Lesen Sie auch: ...``, ``Lire aussi``.

    The phrase must open the line and either be the whole line or be set off by a
    separator and followed by a headline (at most 20 words). Will not touch a sentence
    that starts the same way (``Read more carefully, the report says ...``), nor a line
    of code (``related = find_related(post)``), nor a note of a document's body: a bare
    heading over references or text (:meth:`LineContext.introduces_references`), or a
    line that cites (``See also: Screen method colormode().``) above the page's tail.
    """
    text = ctx.cores[i]
    if is_code_line(ctx.stripped[i]):  # "related = find_related(post)"
        return False
    phrase = ctx.starts("read_more", i)
    if phrase is None:
        return ctx.under_related[i]
    rest = text[len(phrase) :].strip()
    if not rest.strip(":"):
        return not ctx.introduces_references(i)
    separated = phrase.endswith(":") or rest[0] in ":»›→|-–—>"
    if not separated or word_count(rest) > 20:
        return False
    # "See also: Screen method colormode()." in the body cites; a headline does not.
    return not ctx.before_the_end(i) or REFERENCE_RE.search(ctx.stripped[i]) is None


def copyright(ctx: LineContext, i: int) -> bool:
    """``© 2024 Acme Media``, ``Copyright (c) 2023``, ``All rights reserved``.

    Will not touch: a body sentence about copyright (``Copyright law changed in 2019``
    has no ``©`` or year right after the word), a ``©`` inside mojibake (``rÃ©flexion``,
    left for the encoding repair), or any line over 30 words.
    """
    line = ctx.stripped[i]
    n = ctx.n_words[i]
    if n > 30:
        return False
    if n <= 20 and "©" in line and COPYRIGHT_SIGN_RE.search(line):
        return True
    text = ctx.cores[i]
    return bool(COPYRIGHT_RE.match(text)) or ctx.vocab["rights"].within(text) is not None


def navigation(ctx: LineContext, i: int) -> bool:
    """Breadcrumbs (``Home > News > World``), menus (``Home | About | Contact``) and
    filing lines (``Filed Under: Dinner, Quick Meals``, ``Kategorie: Reisen``).

    A crumb trail is at least three short segments (1-5 words, capitalised, no sentence
    end) between spaced arrows or slashes, or two when the first is a home word. A menu
    is a line whose every segment or word is a navigation word, or a site bar of short
    capitalised items two of which are navigation words (``Site | Home | World | News``).
    Will not touch: comparisons (``5 > 3``, ``a > b``: segments are not capitalised
    words), paths and ``and/or`` (no spaces around the slash), or table rows (``|`` cells
    that are not navigation words).
    """
    line = ctx.stripped[i]
    if ctx.n_words[i] > 25 or len(ctx.nonblank) < 2:  # short, and not the whole text
        return False
    nav = ctx.vocab["navigation"]
    if any(mark in line for mark in CRUMB_MARKS) and CRUMB_SPLIT_RE.search(line):
        segments = [s.strip() for s in CRUMB_SPLIT_RE.split(line)]
        crumbs = all(_crumb(s) for s in segments)
        first = segments[0].lower()
        if crumbs and (len(segments) >= 3 or nav.starts(first) == first):
            return True
    taxonomy = ctx.starts("taxonomy", i)
    if taxonomy is not None:
        items = re.split(r"[,|·•]", ctx.cores[i][len(taxonomy) :].strip(" :"))
        if all(1 <= word_count(item) <= 4 for item in items):
            return not ends_sentence(line)
    if _site_bar(line, nav):
        return True
    # A menu's first item is a navigation word, so the line opens with a phrase's first
    # word (or with a separator before it).
    opening = ctx.openings[i]
    if opening not in nav.firsts and opening not in ("|", "·", "•"):
        return False
    parts = [s.strip() for s in MENU_SPLIT_RE.split(line.strip(BULLETS)) if s.strip()]
    if len(parts) >= 3 and all(p.lower() in nav.phrases for p in parts):
        return True
    return _all_phrases(ctx.cores[i], nav) >= 3


def _site_bar(line: str, nav: Vocabulary) -> bool:
    """``Site Name | Home | World | News``: three or more short capitalised items between
    ``|``, ``·`` or ``•``, two of them navigation words. A table row has numbers or
    lower-case cells and no such words (``Route | Q1 2023 | Q1 2024``)."""
    if " | " not in line and " · " not in line and " • " not in line:
        return False
    items = [p.strip() for p in BAR_SPLIT_RE.split(line.strip(BULLETS)) if p.strip()]
    if len(items) < 3 or any(not _bar_item(p) for p in items):
        return False
    return sum(p.lower() in nav.phrases for p in items) >= 2


def _bar_item(item: str) -> bool:
    return (
        1 <= len(item.split()) <= 3
        and not item[:1].islower()
        and not DIGIT_RE.search(item)
        and not ends_sentence(item)
    )


def _crumb(segment: str) -> bool:
    n = word_count(segment)
    return (
        1 <= n <= 5
        and segment[:1].isupper()
        and any(c.isalpha() for c in segment)
        and not ends_sentence(segment)
    )


def _all_phrases(text: str, vocab: Vocabulary) -> int:
    """How many navigation phrases cover ``text`` word for word (0 if any word is not one)."""
    words = text.split()
    count, k = 0, 0
    while k < len(words):
        for n in range(min(vocab.longest, len(words) - k), 0, -1):
            if " ".join(words[k : k + n]) in vocab.phrases:
                k += n
                count += 1
                break
        else:
            return 0
    return count


def links(ctx: LineContext, i: int) -> bool:
    """Lines that are mostly URLs, hashtags or @handles: ``#news #libya #turkey``.

    At least 60% of the line's words must be links or tags (two or more for tags). Will
    not touch a sentence that cites one address (``Details at https://...``) or one
    hashtag, nor issue numbers (``#886, #911``: a tag has a letter), nor an address that
    is part of the text: the whole of a one-line text, indented under its paragraph,
    ending a sentence (``https://www.python.org/psf/.``) or right after a line that does
    not end one (``See the project page:`` / ``https://...``).
    """
    line = ctx.lines[i]
    if not _may_link(line):
        return False
    tokens = ctx.stripped[i].split()
    urls = sum(1 for t in tokens if URL_RE.match(t))
    tags = sum(1 for t in tokens if TAG_RE.match(t))
    if urls + tags < (1 if urls else 2):
        return False
    if urls > tags and (len(ctx.nonblank) < 2 or _continues(ctx, i)):
        return False  # the text is this address, or the address goes on a sentence
    return (urls + tags) / len(tokens) >= 0.6


def _may_link(line: str) -> bool:
    """One of the marks every line of links or tags has."""
    return "#" in line or "@" in line or "http" in line or "www." in line


def _continues(ctx: LineContext, i: int) -> bool:
    """Line ``i`` is part of a paragraph: indented, ending a sentence, or right under a
    non-blank line that does not end one."""
    line = ctx.lines[i]
    if line[:1] in " \t" or ctx.stripped[i][-1] in ".,;)":
        return True
    above = ctx.stripped[i - 1] if i > 0 else ""
    return bool(above) and not ends_sentence(above)


def orphan_header(ctx: LineContext, i: int) -> bool:
    """A table header row with no rows under it: ``Consequences Observed Likely Outcomes``.

    The line is a run of column names (see :func:`is_column_names`; at least three
    words or two ``|`` cells), the next line is prose or nothing, and the previous line
    is not a table row (a header after its rows is a footer row). Without `` | `` cells
    the document must hold a table elsewhere, since that is what makes a title-case line
    without function words read as column names rather than a short heading. Will not
    touch: a header followed by its rows, or headings with a function word.
    """
    line, stripped = ctx.lines[i], ctx.stripped[i]
    if stripped[:1].islower() or ctx.n_words[i] > 8 + line.count("|") or len(ctx.nonblank) < 2:
        return False  # column names are capitalised, 2-8 of them, and not the whole text
    if not is_column_names(line, ctx.words):
        return False
    cells = [c for c in line.split("|") if c.strip()]
    if len(cells) < 2 and ctx.n_words[i] < 3:
        return False
    following = ctx.neighbour(i, 1)
    if following is not None and (is_table_row(following) or not is_prose(following)):
        return False
    if is_table_row(ctx.neighbour(i, -1)) and " | " in (ctx.neighbour(i, -1) or ""):
        return False
    return len(cells) >= 2 or following is None or ctx.has_table


Rule = Callable[[LineContext, int], bool]

#: No rule removes a line longer than this (a cookie notice or a bio is the longest):
#: longer lines are body text and are not shown to the rules at all.
MAX_WORDS = 60

#: Every rule by name, in the order tried: the first that matches names the removal.
RULES: dict[str, Rule] = {
    "pagination": pagination,
    "punctuation": punctuation,
    "copyright": copyright,
    "navigation": navigation,
    "prompt": prompt,
    "read_more": read_more,
    "links": links,
    "byline": byline,
    "bio": bio,
    "orphan_header": orphan_header,
}


def _lines_like_a_pager(ctx: LineContext, pool: list[int]) -> list[int]:
    lines, openings = ctx.lines, ctx.openings
    pager = ctx.vocab["pager"].phrases
    return [
        i
        for i in pool
        # most lines open with a word of letters that is no pager word: no call for them
        if (openings[i] in pager or not openings[i].isalpha())
        and len(lines[i]) <= 200
        and _opens_a_pager(ctx, i)
        and DIGIT_RE.search(lines[i])
    ]


def _lines_without_alnum(ctx: LineContext, pool: list[int]) -> list[int]:
    stripped = ctx.stripped
    return [i for i in pool if not stripped[i][0].isalnum() and not ALNUM_RE.search(stripped[i])]


def _lines_with_copyright_marks(ctx: LineContext, pool: list[int]) -> list[int]:
    rights = ctx.vocab["rights"]
    n_words, stripped, cores = ctx.n_words, ctx.stripped, ctx.cores
    return [
        i
        for i in pool
        if n_words[i] <= 30
        and (
            "©" in stripped[i]
            or cores[i].startswith(("©", "(c)", "copyright"))
            or rights.may_hold(cores[i])
        )
    ]


def _lines_like_navigation(ctx: LineContext, pool: list[int]) -> list[int]:
    firsts = ctx.vocab["navigation"].firsts
    n_words, openings, opens, stripped = ctx.n_words, ctx.openings, ctx.opens, ctx.stripped
    out = []
    for i in pool:
        if n_words[i] > 25:
            continue
        opening, line = openings[i], stripped[i]
        if (
            opening in firsts
            or opening in ("|", "·", "•")
            or "taxonomy" in opens[i]
            or ">" in line
            or "›" in line
            or "»" in line
            or "/" in line
            or "→" in line
            or "::" in line
            or " | " in line
            or " · " in line
            or " • " in line
        ):
            out.append(i)
    return out


def _lines_opening_a_prompt(ctx: LineContext, pool: list[int]) -> list[int]:
    networks = ctx.vocab["networks"].phrases
    opens, openings, cores = ctx.opens, ctx.openings, ctx.cores
    out = []
    final = ctx.vocab["prompt_final"]
    for i in pool:
        tables = opens[i]
        if tables and not PROMPT_TABLES.isdisjoint(tables):
            out.append(i)
        elif cores[i]:
            first = _first_share_item(openings[i], cores[i])
            shared = first is not None and first.strip(":") in networks
            closing = ctx.core_words[i] <= FINAL_PROMPT_WORDS and final.ends(cores[i]) is not None
            if shared or closing:
                out.append(i)
    return out


def _lines_opening_read_more(ctx: LineContext, pool: list[int]) -> list[int]:
    under = ctx.under_related
    return [i for i in pool if under[i] or "read_more" in ctx.opens[i]]


def _lines_with_links(ctx: LineContext, pool: list[int]) -> list[int]:
    lines = ctx.lines
    return [i for i in pool if _may_link(lines[i])]


def _lines_opening_a_byline(ctx: LineContext, pool: list[int]) -> list[int]:
    return [
        i
        for i in pool
        if ctx.opens[i] & BYLINE_TABLES and ctx.core_words[i] <= 10 and ctx.at_edge(i)
    ]


def _lines_opening_a_bio(ctx: LineContext, pool: list[int]) -> list[int]:
    out = []
    openers = ctx.vocab["bio_openers"].phrases
    copulas = ctx.vocab["bio_copulas"].phrases
    verbs = ctx.vocab["bio_verbs"].firsts
    prose = ctx.prose
    first, last = (prose[0], prose[-1]) if prose else (len(ctx.lines), -1)
    for i in pool:
        if first < i < last or not 1 <= ctx.core_words[i] <= 60:
            continue  # in the body, or too long
        text = ctx.cores[i]
        # A copula or a verb of the trade among the first six words (seven parts: a
        # superset is fine here).
        opening = text.split(" ", 6)
        if (
            "bio_headings" in ctx.opens[i]
            or not copulas.isdisjoint(opening)
            or not verbs.isdisjoint(opening)
            or (is_unspaced(text[:1]) and NAME_MARKER_RE.match(text) is not None)
        ):
            out.append(i)
            continue
        opener = BIO_TOKEN_RE.search(text)
        if opener is not None and opener[0] in openers:
            out.append(i)
    return out


def _lines_like_column_names(ctx: LineContext, pool: list[int]) -> list[int]:
    """Short capitalised lines (see :func:`is_column_names`) with prose or nothing after."""
    nonblank, stripped = ctx.nonblank, ctx.stripped
    if not pool:
        return []
    # The next non-blank line must be prose, or no line at all: the lines right above
    # prose are few, so they are found first.
    above = {nonblank[r - 1] for r in map(ctx._rank.__getitem__, ctx.prose) if r > 0}
    above.add(nonblank[-1])
    out = []
    for i in pool:
        if i not in above:
            continue
        line = stripped[i]
        if (
            line[:1].islower()
            or len(line) > 90
            or line[-1] in ",;:"
            or ctx.n_words[i] > 8 + ctx.lines[i].count("|")
        ):
            continue
        out.append(i)
    return out


#: The longest line (in words) that a verb-last prompt may close.
FINAL_PROMPT_WORDS = 6
#: The longest name a byline in a script without spaces holds ("王明", "山田花子": two to
#: four characters; six leave room for a given name and a title).
UNSPACED_NAME_CHARS = 6
#: Tables whose phrases open a prompt line, and a byline.
PROMPT_TABLES = frozenset({"notice", "prompt"})
BYLINE_TABLES = frozenset({"dateline", "desk", "byline"})

#: For each rule, the lines it could remove: the rule's own cheapest exact test, run over
#: the whole document at once, so the rule itself is called only on those lines.
CANDIDATES: dict[str, Callable[[LineContext, list[int]], list[int]]] = {
    "pagination": _lines_like_a_pager,
    "punctuation": _lines_without_alnum,
    "copyright": _lines_with_copyright_marks,
    "navigation": _lines_like_navigation,
    "prompt": _lines_opening_a_prompt,
    "read_more": _lines_opening_read_more,
    "links": _lines_with_links,
    "byline": _lines_opening_a_byline,
    "bio": _lines_opening_a_bio,
    "orphan_header": _lines_like_column_names,
}

#: Rules whose answer on a line depends on other lines (position against the prose, the
#: lines above or around, how many lines there are): only these can turn from no to yes
#: on a line that stays once other lines are removed. ``navigation`` reads only that the
#: text has two non-blank lines, which a removal can make false but never true.
CONTEXT_RULES = frozenset({"punctuation", "read_more", "links", "byline", "bio", "orphan_header"})


def first_matches(ctx: LineContext, names: list[str], pool: list[int]) -> dict[int, str]:
    """The lines of ``pool`` that a rule of ``names`` removes, each with the first such
    rule: rule by rule in order, each on the lines its cheap test lets through, as if
    every line were tried rule by rule."""
    drops: dict[int, str] = {}
    if not pool:
        return drops
    for name in names:
        rule = RULES[name]
        for i in CANDIDATES[name](ctx, pool):
            if i not in drops and rule(ctx, i):
                drops[i] = name
    return drops


def rematch(ctx: LineContext, names: list[str], tried: frozenset[int]) -> dict[int, str]:
    """``first_matches(ctx, names, ctx.eligible)`` on a text some lines were removed from,
    where ``tried`` are the lines every rule turned down before the removal.

    Those lines can only be taken now by a context rule; the other lines (protected
    before the removal) are tried on every rule. Which lines are protected now is asked
    of :mod:`corpusclean.text` only when some line matched: most second passes find
    nothing and so cost no classification at all.
    """
    again = [name for name in names if name in CONTEXT_RULES]
    hits = first_matches(ctx, names, [i for i in ctx.short if i not in tried])
    hits.update(first_matches(ctx, again, [i for i in ctx.short if i in tried]))
    if not hits:
        return hits
    eligible = set(ctx.eligible)
    return {i: name for i, name in hits.items() if i in eligible}
