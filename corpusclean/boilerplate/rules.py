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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from .words import Vocabulary, WordLists

#: Characters that open a list item or decorate a prompt, stripped before word matching.
BULLETS = "•·‣◦▪▫■□●○►▶▸→»›*-–—|>+✓✔☐ \t"
#: A line that ends a sentence (straight or curly quote or bracket may follow).
SENTENCE_END_RE = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
#: A hashtag or handle has a letter: ``#886`` is an issue number, ``#1`` a rank.
TAG_RE = re.compile(r"^[#@]\w*[^\W\d_]")
#: A date or time after ``Updated``/``Published``: a year, ``12.03.2024``, ``08:15``.
DATE_RE = re.compile(r"\b(?:1[89]|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\b")
#: How many headlines a "Related articles" block may hold.
RELATED_BLOCK_LINES = 12
PRICE_RE = re.compile(r"[$€£¥]\s?\d|\d\s?[$€£¥]")
#: ``©`` as a notice (``© 2024``, ``© Acme``), not inside mojibake such as ``Ã©``.
COPYRIGHT_SIGN_RE = re.compile(r"(?:^|\s)©\s*(?:\d{4}|[^\W\d_])")
NUMBER_RE = re.compile(r"^\d{1,4}$")
DIGIT_RE = re.compile(r"\d")
#: Separators of a pager: ``1 - 2 - 3``, ``1 | 2 | 3``, ``« 1 2 3 »``.
PAGER_SPLIT_RE = re.compile(r"[\s\-–—|·•/«»‹›<>\[\]()]+")
#: Breadcrumb separators must have spaces around them: ``and/or`` and ``a>b`` are not crumbs.
CRUMB_SPLIT_RE = re.compile(r"\s+(?:>|›|»|/|→|::|>>)\s+")
MENU_SPLIT_RE = re.compile(r"\s+[|·•]\s+|\s{2,}")
#: A Markdown table rule ``|---|:--:|`` is structure, not debris.
TABLE_RULE_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?$")
#: Section breaks (``* * *``, ``***``, ``⁂``) mark structure in fiction and essays.
SECTION_BREAK_RE = re.compile(r"^(\*\s*){3,}$|^⁂$")
DEBRIS_SYMBOLS = set("=~*_-|•·+#^<>/\\°")
CODE_PUNCTUATION = set("{}[]();,: ")
COPYRIGHT_RE = re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?:©|\(c\))?\s*\d{4}", re.IGNORECASE)


@dataclass
class LineContext:
    """The lines of one document and what rules need to know about their neighbours."""

    lines: list[str]
    words: WordLists
    #: Index of each non-blank line, in order.
    nonblank: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.nonblank = [i for i, line in enumerate(self.lines) if line.strip()]

    @cached_property
    def cores(self) -> list[str]:
        """:func:`core` of every line, computed once for all the rules."""
        return [core(line) for line in self.lines]

    @cached_property
    def _rank(self) -> dict[int, int]:
        return {line: r for r, line in enumerate(self.nonblank)}

    @cached_property
    def _prose(self) -> list[int]:
        return [i for i in self.nonblank if is_prose(self.lines[i])]

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
        prose = self._prose
        return not prose or i < prose[0] or i > prose[-1]

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


def core(line: str) -> str:
    """The line without bullets or icons around it, lower-cased, spaces collapsed."""
    return " ".join(line.strip().strip(BULLETS).lower().split())


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(line: str) -> bool:
    """A sentence paragraph: at least 15 words ending in sentence punctuation."""
    stripped = line.strip()
    return word_count(stripped) >= 15 and bool(SENTENCE_END_RE.search(stripped))


def is_column_names(line: str, words: WordLists) -> bool:
    """A title-case line of column names: ``Consequences Observed | Likely Outcomes``.

    2-8 words, each capitalised (or a number or ``&``), no function word of any listed
    language, no sentence punctuation. A heading almost always has a function word
    (``Local and International Reactions``); a column header rarely does.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > 90 or SENTENCE_END_RE.search(stripped):
        return False
    if stripped[-1] in ",;:":
        return False
    cells = [c for c in stripped.split("|") if c.strip()]
    tokens = [t for c in cells for t in c.split()]
    if not 2 <= len(tokens) <= 8:
        return False
    function = words["function_words"].phrases
    for token in tokens:
        bare = token.strip("()[]\"'“”‘’")
        if not bare or bare == "&" or bare.isdigit():
            continue
        if not bare[0].isupper() or bare.lower() in function or ":" in bare:
            return False
    return True


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
    if not 3 <= len(tokens) <= 30 or SENTENCE_END_RE.search(stripped) or ":" in stripped:
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
    if len(line) > 200 or not DIGIT_RE.search(line):
        return False
    tokens = [t for t in PAGER_SPLIT_RE.split(ctx.cores[i]) if t]
    if not tokens:
        return False
    pager = ctx.words["pager"].phrases
    numbers: list[int] = []
    pager_words = 0
    for token in tokens:
        if NUMBER_RE.match(token):
            numbers.append(int(token))
        elif token in pager or token in ("…", "...", ".."):
            pager_words += token in pager
        else:
            return False
    if len(numbers) >= 3:
        steps = [b - a for a, b in pairwise(numbers)]
        return all(s > 0 for s in steps) and sum(s == 1 for s in steps) * 2 >= len(steps)
    return pager_words >= 1 and 1 <= len(numbers) <= 2 and len(tokens) <= 5


def punctuation(ctx: LineContext, i: int) -> bool:
    """Lines of punctuation only: ``. . . . . .``, ``-----``, ``|``, ``…``.

    Will not touch: section breaks (``* * *``, ``⁂``) that mark structure in fiction,
    a Markdown table rule (``|---|---|``) that belongs to its table, lines of brackets
    and semicolons (``}``, ``});``) that close code, and emoji or other symbols that
    carry meaning (only punctuation and a few rule-drawing characters count).
    """
    stripped = ctx.lines[i].strip()
    if not stripped or SECTION_BREAK_RE.match(stripped) or TABLE_RULE_RE.match(stripped):
        return False
    if all(c in CODE_PUNCTUATION for c in stripped):  # "}", "});", "]," close code blocks
        return False
    for char in stripped:
        if char.isspace() or char in DEBRIS_SYMBOLS:
            continue
        if not unicodedata.category(char).startswith("P"):
            return False
    return True


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
    tokens = [t for t in re.split(r"[\s,|/·•]+", text) if t]
    networks = ctx.words["networks"].phrases
    if len(tokens) >= 2 and all(t.strip(":") in networks for t in tokens):
        return True
    n = word_count(text)
    if ctx.words["notice"].starts(text) is not None:
        return n <= MAX_WORDS
    phrase = ctx.words["prompt"].starts(text)
    if phrase is None:
        return False
    rest = text[len(phrase) :].lstrip()
    if phrase[-1] in ":»›→|" or (rest and rest[0] in ":»›→|"):  # "Share on: ..."
        return n <= 20
    if n > 10 or (SENTENCE_END_RE.search(text) and n > 5):
        return False
    if not any(c.isalpha() for c in rest):  # "Share", "Comments (3)"
        return True
    if PRICE_RE.search(rest):  # an offer: "Subscribe from $1 a week", "Abonnez-vous ... 1 €"
        return True
    objects = ctx.words["prompt_objects"].phrases
    networks = ctx.words["networks"].phrases
    # The object comes right after the verb: "Share THIS", "Subscribe to OUR newsletter".
    return any(w.strip(":,.!") in objects or w in networks for w in rest.split()[:2])


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
    if word_count(text) > 10:
        return False
    dated = ctx.words["dateline"].starts(text)
    if dated is not None:
        return DATE_RE.search(text[len(dated) :]) is not None
    desk = ctx.words["desk"].starts(text)
    if desk is not None and word_count(text) <= 5 and not SENTENCE_END_RE.search(text):
        return True
    phrase = ctx.words["byline"].starts(text)
    if phrase is None:
        return False
    rest = ctx.lines[i].strip().strip(BULLETS)[len(phrase) :].strip(" :")
    if not rest or (SENTENCE_END_RE.search(rest) and not re.search(r"\b[A-Z]\.$", rest)):
        return False
    return rest[:1].isupper()


def bio(ctx: LineContext, i: int) -> bool:
    """Author bios at the head or tail: ``A foreign correspondent with a knack for ...``,
    ``Jane Doe is a reporter covering ...``, ``About the author``.

    The role noun (journalist, correspondent, Redakteur, journaliste, ...) must come
    within the first six words and be followed, within two words, by a linking word
    (``with``, ``who``, ``based``, ``,``); at most 60 words. Will not touch: bios in the
    middle of the body, and narrative sentences at the edge (``A reporter asked him
    ...``: a verb follows).
    """
    if not ctx.at_edge(i):
        return False
    text = ctx.cores[i]
    n = word_count(text)
    if n == 0 or n > 60:
        return False
    heading = ctx.words["bio_headings"].starts(text)
    if heading is not None and heading.rstrip(":") == text.rstrip(":"):
        return True
    tokens = re.findall(r"[\w'’\-]+|,", text)
    roles = ctx.words["bio_roles"].phrases
    links = ctx.words["bio_links"].phrases
    role_at = next((k for k, t in enumerate(tokens[:7]) if t in roles), None)
    # One adjective may sit between the role and the link ("journaliste indépendante qui").
    if role_at is None or not any(t in links for t in tokens[role_at + 1 : role_at + 3]):
        return False
    openers = ctx.words["bio_openers"].phrases
    if tokens[0] in openers:
        return True
    copulas = ctx.words["bio_copulas"].phrases
    original = ctx.lines[i].strip().split()
    head = [t for t in original[:role_at] if t.lower() in copulas]
    if not head:
        return False
    name = original[: original.index(head[0])]
    return 1 <= len(name) <= 4 and all(t[:1].isupper() for t in name)


def read_more(ctx: LineContext, i: int) -> bool:
    """``Read more``, ``Related articles``, ``Lesen Sie auch: ...``, ``Lire aussi``.

    The phrase must open the line and either be the whole line or be set off by a
    separator and followed by a headline (at most 20 words). Will not touch a sentence
    that starts the same way (``Read more carefully, the report says ...``).
    """
    text = ctx.cores[i]
    phrase = ctx.words["read_more"].starts(text)
    if phrase is None:
        return _under_related_heading(ctx, i)
    rest = text[len(phrase) :].strip()
    if not rest:
        return True
    separated = phrase.endswith(":") or rest[0] in ":»›→|-–—>"
    return separated and word_count(rest) <= 20


def _under_related_heading(ctx: LineContext, i: int) -> bool:
    """A headline in the block right under a bare ``Related articles`` line.

    The block is the run of non-blank headline-shaped lines (at most 15 words, no
    sentence end) that follows the heading with no blank line between, at most
    ``RELATED_BLOCK_LINES`` long: the look-up stays bounded in a long list.
    """
    j = i
    while j > max(0, i - RELATED_BLOCK_LINES):
        line = ctx.lines[j]
        if not line.strip() or word_count(line) > 15 or SENTENCE_END_RE.search(line.strip()):
            return False
        j -= 1
        above = ctx.cores[j]
        if above and ctx.words["read_more"].starts(above) == above.rstrip(":"):
            return True
    return False


def copyright(ctx: LineContext, i: int) -> bool:
    """``© 2024 Acme Media``, ``Copyright (c) 2023``, ``All rights reserved``.

    Will not touch: a body sentence about copyright (``Copyright law changed in 2019``
    has no ``©`` or year right after the word), a ``©`` inside mojibake (``rÃ©flexion``,
    left for the encoding repair), or any line over 30 words.
    """
    line = ctx.lines[i].strip()
    if word_count(line) > 30:
        return False
    text = core(line)
    if COPYRIGHT_SIGN_RE.search(line) and word_count(line) <= 20:
        return True
    return bool(COPYRIGHT_RE.match(text)) or ctx.words["rights"].within(text) is not None


def navigation(ctx: LineContext, i: int) -> bool:
    """Breadcrumbs (``Home > News > World``), menus (``Home | About | Contact``) and
    filing lines (``Filed Under: Dinner, Quick Meals``, ``Kategorie: Reisen``).

    A crumb trail is at least three short segments (1-5 words, capitalised, no sentence
    end) between spaced arrows or slashes, or two when the first is a home word. A menu
    is a line whose every segment or word is a navigation word. Will not touch:
    comparisons (``5 > 3``, ``a > b``: segments are not capitalised words), paths and
    ``and/or`` (no spaces around the slash), or table rows (``|`` cells that are not
    navigation words).
    """
    line = ctx.lines[i].strip()
    if word_count(line) > 25:  # a trail or a menu is short; longer lines are text
        return False
    nav = ctx.words["navigation"]
    segments = [s.strip() for s in CRUMB_SPLIT_RE.split(line)]
    crumbs = len(segments) >= 2 and all(_crumb(s) for s in segments)
    if crumbs and (len(segments) >= 3 or nav.starts(segments[0].lower()) == segments[0].lower()):
        return True
    taxonomy = ctx.words["taxonomy"].starts(ctx.cores[i])
    if taxonomy is not None:
        items = re.split(r"[,|·•]", ctx.cores[i][len(taxonomy) :].strip(" :"))
        if all(1 <= word_count(item) <= 4 for item in items):
            return not SENTENCE_END_RE.search(line)
    parts = [s.strip() for s in MENU_SPLIT_RE.split(line.strip(BULLETS)) if s.strip()]
    if len(parts) >= 3 and all(p.lower() in nav.phrases for p in parts):
        return True
    return _all_phrases(core(line), nav) >= 3


def _crumb(segment: str) -> bool:
    n = word_count(segment)
    return (
        1 <= n <= 5
        and segment[:1].isupper()
        and any(c.isalpha() for c in segment)
        and not SENTENCE_END_RE.search(segment)
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
    hashtag, nor issue numbers (``#886, #911``: a tag has a letter).
    """
    line = ctx.lines[i]
    if "#" not in line and "@" not in line and "http" not in line and "www." not in line:
        return False
    tokens = line.split()
    urls = sum(1 for t in tokens if URL_RE.match(t))
    tags = sum(1 for t in tokens if TAG_RE.match(t))
    if urls + tags < (1 if urls else 2):
        return False
    return (urls + tags) / len(tokens) >= 0.6


def orphan_header(ctx: LineContext, i: int) -> bool:
    """A table header row with no rows under it: ``Consequences Observed Likely Outcomes``.

    The line is a run of column names (see :func:`is_column_names`; at least three
    words or two ``|`` cells), the next line is prose or nothing, and the previous line
    is not a table row (a header after its rows is a footer row). Without `` | `` cells
    the document must hold a table elsewhere, since that is what makes a title-case line
    without function words read as column names rather than a short heading. Will not
    touch: a header followed by its rows, or headings with a function word.
    """
    line = ctx.lines[i]
    if not is_column_names(line, ctx.words):
        return False
    cells = [c for c in line.split("|") if c.strip()]
    if len(cells) < 2 and word_count(line) < 3:
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
