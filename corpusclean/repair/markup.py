"""Finding HTML tag debris in plain text, on evidence rather than on the shape of ``<...>``.

A careless scraper or a translation step leaves tags in many states: well formed
(``<b>``, ``<br/>``, ``<p class="x">``), spaced (``< strong >``, ``< / td >``), split across
a line break, or with the ``</`` lost (``strong >``, ``li >``, ``tbody > table >``). Each
candidate is accepted only with evidence, in three grades:

1. **Strong**: a known tag name inside ``<...>``, tight (``<td>``, ``</p>``) or spaced with
   a multi-letter name that scrapers really emit (``< strong >``, ``< / td >``), with
   attributes that parse as attributes. HTML comments are strong too.
2. **Weak**: the same shapes that prose or code can also take: a spaced single letter
   (``< p >``, ``< b >``), a spaced rare name (``< time >``), an upper-case single letter
   (``<A>``, the type parameter of ``Option<A>``). Accepted only when the document also
   holds strong evidence, and for single letters only with a partner (an opener for a
   closer or the reverse). A spaced opener closed later in the same paragraph
   (``< p > ... p >``) is itself evidence enough.
3. **Bare closers** (``name >`` without ``</``): lower-case known names of elements that
   have a closing tag (not ``input``, ``img``, ``br``), only in a
   document with strong evidence, and only in a tag-like position: glued to the next word
   (``strong >Collaborative``, not ``>1M``), last on the line or followed by another tag
   (``tr >< tr >``, ``tbody > table >``), or closing a tag opened before (``strong >``
   after ``< strong >``). A one-letter closer needs both an opener and a tag-like
   position (``< p > ... p >`` at the end of its line, never ``p > 0.05``).

What this will NOT touch, and why: a tag a sentence names (``a <b> element``,
``--target <dir>``: tight, never closed in the text, between a word and a space or a
mark); comments on lines of their own in a text with no other markup (a Markdown or
HTML source file's ``<!-- license -->``: its content, not debris);
``a < b``, ``x<y``, ``<3``, ``->``, ``5 > 3``,
``<john@example.com>`` (no tag name, or no ``>``); in a text that writes about markup
(see :func:`writes_about_markup`), every well-formed tag and comment: there they are the
subject (``the tag <A HREF="...">``, ``(e.g. </div>)``, an ``<input ... />`` example line),
and only damaged shapes (``< strong >``, ``li >``) are debris; anything inside code (fenced blocks,
backticks, doctests: see :mod:`.code`); ``if (a<b && c>d)`` (``&& c`` is not an
attribute list); ``A > B > C`` and ``Home > Table > Chairs`` (upper case, followed by a
word, no ``<`` anywhere); ``Option<A>`` and ``List<B>`` in a text with no other markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from ..text import CodeRanges, Membership


def _names(words: str) -> frozenset[str]:
    """A set of names written as one space-separated string (easier to read and diff)."""
    return frozenset(words.split())


#: Tags that end a line: their content is a block of its own.
BLOCK = _names(
    "p div ul ol dl table thead tbody tfoot caption blockquote pre section article "
    "header footer nav aside main figure figcaption form fieldset legend address hr "
    "center details summary hgroup menu title body html head dir noscript"
)
HEADING = frozenset(f"h{i}" for i in range(1, 7))
ITEM = frozenset(("li", "dt", "dd"))
ROW = frozenset(("tr",))
CELL = frozenset(("td", "th"))
BREAK = frozenset(("br",))
#: Tags whose content is not text: their body goes with them when both ends are found.
HIDDEN = frozenset(("script", "style", "template", "svg", "math", "iframe", "object"))
INLINE = _names(
    "a abbr acronym b bdi bdo big cite code data del dfn em font i img input ins kbd "
    "label mark q s samp small span strike strong sub sup time tt u var wbr button "
    "select option textarea video audio source picture canvas embed meta link area map "
    "track col colgroup optgroup output progress meter nobr"
)
#: Elements that have no closing tag, so a bare "input >" is never one ("input >1M bytes").
VOID = _names("area base br col embed hr img input link meta source track wbr")
KNOWN = BLOCK | HEADING | ITEM | ROW | CELL | BREAK | HIDDEN | INLINE
#: Multi-letter names common enough in scraped debris that a spaced form is strong evidence.
COMMON = _names(
    "strong em span div li ul ol td tr th table tbody thead tfoot br hr h1 h2 h3 h4 h5 "
    "h6 blockquote pre code sup sub small font img section article header footer nav "
    "figure figcaption caption dl dt dd script style"
)
#: Boolean attributes that may stand without ``=value``; any other bare word is not markup.
BOOLEAN_ATTRS = _names(
    "disabled checked selected hidden required readonly multiple autofocus async defer "
    "novalidate open nowrap controls autoplay loop muted allowfullscreen"
)

#: Spaces inside a tag, and at most one line break. Zero-width characters count as
#: spaces here (``<\u200b /li>``): the unicode stage that drops them runs after this one,
#: and inside a tag they are debris of the same tokenizer.
_SP = "[ \\t\u00a0\u200b\u2060\ufeff]"
_WS = rf"{_SP}*(?:\n{_SP}*)?"
_VALUE = r"(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>=`]+)"  # an attribute value, quoted or not
TAG_RE = re.compile(
    rf"<(?P<s1>{_WS})(?P<slash>/?)(?P<s2>{_WS})(?P<name>[A-Za-z][A-Za-z0-9]{{0,11}})"
    rf"(?P<attrs>(?:[ \t\u00a0\n]+[^<>\s=/\"']+(?:{_WS}={_WS}{_VALUE})?)*)"
    rf"(?P<s3>{_WS})(?P<selfclose>/?)(?P<s4>{_SP}*)>"
)
#: The name of every tight closing tag (``</b>``): a name closed somewhere is worn.
CLOSER_NAME_RE = re.compile(r"</(?P<name>[A-Za-z][A-Za-z0-9]{0,11})>")
COMMENT_OPEN_RE = re.compile(r"<[ \t]*!--")
COMMENT_CLOSE_RE = re.compile(r"--[ \t]*>")
#: The name and spaces before a ">" (matched on a short window that ends at the ">"),
#: standing at the start of the text or after whitespace or another ">".
BARE_CLOSER_RE = re.compile(r"(?:(?<=[\s>])|^)(?P<name>[a-z][a-z0-9]{0,9})[ \t\u00a0]*\Z")
ATTR_RE = re.compile(r"\s*([^\s=]+)(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+))?", re.UNICODE)
ATTR_NAME_RE = re.compile(r"[A-Za-z_:@][A-Za-z0-9_:.\-]*\Z")
#: What a text about markup names: a markup language, and the parts of a document in one.
MARKUP_LANGUAGE_RE = re.compile(r"\b(?:X?HTML[0-9]?|XML|SGML|markup)\b", re.I)
MARKUP_PART_RE = re.compile(r"\b(?:tags?|elements?|attributes?|entit(?:y|ies)|comments?)\b", re.I)
#: How often each must be named: twice a language, three times a part. Measured on the
#: clean-text corpora of ``benchmarks/precision.py`` (the HTML, XML and cgi library pages,
#: the Debian Reference's XML chapter qualify) against the seeds, the test texts and 2,000
#: news documents (none qualifies).
MARKUP_LANGUAGE_MIN, MARKUP_PART_MIN = 2, 3
#: What ``MARKUP_LANGUAGE_RE`` needs in the lower-cased text.
MARKUP_LANGUAGE_HINTS = ("html", "xml", "sgml", "markup")


@dataclass(frozen=True, slots=True)
class Fragment:
    """One accepted piece of markup debris, ``text[start:end]``."""

    start: int
    end: int
    name: str  # lower-case tag name; "!--" for a comment
    closing: bool
    mangled: bool  # spaced or bare: damaged, not merely left in the text

    @property
    def opening(self) -> bool:
        return not self.closing and self.name != "!--"


@dataclass(frozen=True, slots=True)
class _Candidate:
    fragment: Fragment
    strong: bool
    single: bool  # a one-letter name: needs a partner as well as document evidence


def find_fragments(text: str) -> list[Fragment]:
    """All tag and comment fragments of ``text`` that the evidence supports, in order."""
    if "<" not in text and ">" not in text:
        return []
    candidates = _bracket_candidates(text)
    if not candidates:
        return []  # before the code regions, which cost more than this search
    code = CodeRanges(text)
    if code:
        candidates = [c for c in candidates if c.fragment.start not in code]
    if candidates and any(not c.fragment.mangled for c in candidates) and writes_about_markup(text):
        candidates = [c for c in candidates if c.fragment.mangled]
    if not candidates or all(_source_comment(text, c.fragment) for c in candidates):
        return []
    bare = _bare_shapes(text)
    # A bare "p >" is the partner that makes a spaced "< p >" believable; a one-letter one
    # only where it stands as a tag would ("3 < a > 5 and a > b" holds no pair).
    partners = [b for b in bare if len(b[2]) > 1 or _ends_like_tag(text, b[1])]
    if not any(c.strong for c in candidates) and not _paired(text, candidates, partners):
        return []
    names = Counter((c.fragment.name, c.fragment.closing) for c in candidates)
    names.update((name, True) for _, _, name in partners)
    accepted = [c.fragment for c in candidates if c.strong or _partnered(c, names)]
    accepted.extend(
        f for f in _bare_closers(text, bare, accepted) if not code or f.start not in code
    )
    accepted.sort(key=lambda f: f.start)
    return _drop_overlaps(accepted)


def writes_about_markup(text: str) -> bool:
    """True for a text whose subject is markup: documentation of HTML or XML, a table of
    entities, a tutorial. It names a markup language and the parts of its documents often
    enough that the well-formed tags and entities it holds are what it writes about, not
    what a scraper left: ``For the tag <A HREF="...">, this method``, ``&gt; is &#62;``."""
    lower = text.lower()
    if not any(name in lower for name in MARKUP_LANGUAGE_HINTS):
        return False  # most texts: one C-level pass each, before the patterns
    return _names_at_least(MARKUP_LANGUAGE_RE, text, MARKUP_LANGUAGE_MIN) and _names_at_least(
        MARKUP_PART_RE, text, MARKUP_PART_MIN
    )


def _names_at_least(pattern: re.Pattern[str], text: str, n: int) -> bool:
    return sum(1 for _ in islice(pattern.finditer(text), n)) >= n


def _bracket_candidates(text: str) -> list[_Candidate]:
    """Comments and ``<...>`` shapes with a known name and a parseable attribute list."""
    out: list[_Candidate] = []
    for start, end in _comments(text) if "<!" in text or "< !" in text else ():
        out.append(_Candidate(Fragment(start, end, "!--", False, False), True, False))
    taken = Membership([(c.fragment.start, c.fragment.end) for c in out])
    if "<" not in text:
        return out
    closed = {m.group("name").lower() for m in CLOSER_NAME_RE.finditer(text)}
    for m in TAG_RE.finditer(text):
        if m.start() in taken:
            continue
        name = m.group("name").lower()
        if name not in KNOWN or m.group(0).count("\n") > 1 or not _attributes_ok(m.group("attrs")):
            continue
        closing = bool(m.group("slash"))
        if closing and (m.group("attrs").strip() or m.group("selfclose")):
            continue
        if not closing and name not in closed and _named_in_prose(text, m):
            continue
        # "< p >", "< / td >", "<br/ >" are damaged; "<p >", "<br />", "<img ... />" are
        # valid HTML, written so by many templates.
        spaced = any(m.group(g) for g in ("s1", "s2", "s4"))
        raw = m.group("name")
        single = len(name) == 1
        # Tight: strong, except a bare upper-case letter opener ("Option<A>": a type
        # parameter; "</P>" and '<A HREF="x">' are old upper-case HTML, not types).
        # Spaced: strong only for a multi-letter name that scrapers really emit.
        type_like = single and raw.isupper() and not closing and not m.group("attrs").strip()
        strong = (name in COMMON and not single) if spaced else not type_like
        fragment = Fragment(m.start(), m.end(), name, closing, spaced)
        out.append(_Candidate(fragment, strong, single))
    return out


def _named_in_prose(text: str, m: re.Match[str]) -> bool:
    """A tag a sentence names rather than wears: tight, bare, never closed in the text,
    between a word and a space or a mark (``an HTML <FORM> element``, ``a <b> element``,
    ``--target <dir>``, ``into <dir>.``). Debris stands at a line start, after a sentence
    end or glued to a word (``<p>Beyond``, ``done. <p> Next``); a void element
    (``<br>``) names nothing."""
    if any(m.group(g) for g in ("s1", "s2", "s3", "s4", "selfclose")) or m.group("attrs"):
        return False
    if m.group("name").lower() in VOID:
        return False
    start, end = m.span()
    before = text[max(0, start - 2) : start]
    after = text[end : end + 1]
    return (
        len(before) == 2
        and before[1] == " "
        and (before[0].isalnum() or before[0] in ",-")
        and after in ".,;:) \n"  # "" too: the end of the text
    )


def _source_comment(text: str, f: Fragment) -> bool:
    """A comment on lines of its own (``<!-- license -->`` atop a README): when a text's
    only markup is such comments, it is markup source, and the comments are its content."""
    if f.name != "!--":
        return False
    starts_line = f.start == 0 or text[f.start - 1] == "\n"
    ends_line = f.end == len(text) or text[f.end] in "\r\n"
    return starts_line and ends_line


def _comments(text: str) -> list[tuple[int, int]]:
    """``<!-- ... -->`` spans, each opener matched to the first closer after it.

    One pass over openers and one over closers: a regex ``<!--.*?-->`` would rescan the
    rest of the text from every unclosed opener (quadratic on a run of ``<!--``)."""
    closers = [(m.start(), m.end()) for m in COMMENT_CLOSE_RE.finditer(text)]
    out: list[tuple[int, int]] = []
    k = 0
    pos = 0
    for m in COMMENT_OPEN_RE.finditer(text):
        if m.start() < pos:
            continue
        while k < len(closers) and closers[k][0] < m.end():
            k += 1
        if k == len(closers):
            break  # no closer after this opener, so none after any later one either
        out.append((m.start(), closers[k][1]))
        pos = closers[k][1]
    return out


def _attributes_ok(attrs: str) -> bool:
    """True when ``attrs`` is empty or a list of ``name=value`` / boolean attributes."""
    if not attrs.strip():
        return True
    pos = 0
    while pos < len(attrs):
        m = ATTR_RE.match(attrs, pos)
        if not m or m.end() == pos:
            return not attrs[pos:].strip()
        name = m.group(1)
        has_value = "=" in m.group(0)
        if not ATTR_NAME_RE.match(name) or (not has_value and name.lower() not in BOOLEAN_ATTRS):
            return False
        pos = m.end()
    return True


def _paired(text: str, candidates: list[_Candidate], bare: list[tuple[int, int, str]]) -> bool:
    """A spaced opener closed later in its paragraph (``< p > ... p >``) is evidence too."""
    for c in candidates:
        f = c.fragment
        if not (f.opening and f.mangled):
            continue
        stop = text.find("\n\n", f.end)
        stop = len(text) if stop < 0 else stop
        if any(n == f.name and f.end <= s < stop for s, _, n in bare) or any(
            o.fragment.closing and o.fragment.name == f.name and f.end <= o.fragment.start < stop
            for o in candidates
        ):
            return True
    return False


def _partnered(c: _Candidate, names: Counter[tuple[str, bool]]) -> bool:
    """A weak candidate is kept when its partner (opener/closer of the name) exists."""
    f = c.fragment
    if not c.single:
        return True
    return names[(f.name, not f.closing)] > 0 or f.name in BREAK


def _bare_shapes(text: str) -> list[tuple[int, int, str]]:
    """Every ``name >`` shape, found from the ``>`` backwards (``>`` is rare in prose)."""
    out = []
    gt = text.find(">")
    while gt >= 0:
        lo = max(0, gt - 24)
        m = BARE_CLOSER_RE.search(text, lo, gt)
        if m and (m.start() > lo or lo == 0 or text[lo - 1] in " \t\n\u00a0>"):
            out.append((m.start(), gt + 1, m.group("name")))
        gt = text.find(">", gt + 1)
    return out


def _ends_like_tag(text: str, end: int) -> bool:
    """What follows a ``>`` at ``end`` is what follows a tag: glued to the next word
    (``strong >Collaborative``, not ``>1M``), or nothing but spaces before the line end or
    another ``<``."""
    nxt = text[end : end + 1]
    if nxt.isalpha() or (nxt and nxt in "<\"'“‘(["):
        return True
    rest = end
    while rest < len(text) and text[rest] in " \t\u00a0":
        rest += 1
    return text[rest : rest + 1] in ("", "\n", "<")


def _bare_closers(
    text: str, shapes: list[tuple[int, int, str]], accepted: list[Fragment]
) -> list[Fragment]:
    """``name >`` closers that lost their ``</``, accepted in tag-like positions only."""
    covered = Membership([(f.start, f.end) for f in accepted])
    candidates: list[tuple[int, int, str]] = []
    for start, end, name in shapes:
        if name not in KNOWN or name in VOID or start in covered:
            continue
        if start > 0 and text[start - 1] in "</":
            continue
        candidates.append((start, end, name))
    if not candidates:
        return []
    # Right to left: a closer followed only by another accepted closer is tag-like too.
    tag_like: dict[int, bool] = {}
    starts = {f.start for f in accepted}
    bare_at = {start: i for i, (start, _, _) in enumerate(candidates)}
    for i in range(len(candidates) - 1, -1, -1):
        _, end, _ = candidates[i]
        if _ends_like_tag(text, end):
            tag_like[i] = True
            continue
        rest = end
        while rest < len(text) and text[rest] in " \t\u00a0":
            rest += 1
        tag_like[i] = rest in starts or (rest in bare_at and tag_like.get(bare_at[rest], False))
    # Left to right: a closer of a tag opened before it (a matching pair) is tag-like.
    events = sorted(
        [(f.start, 0, f) for f in accepted] + [(c[0], 1, i) for i, c in enumerate(candidates)],
        key=lambda e: (e[0], e[1]),
    )
    open_count: Counter[str] = Counter()
    out: list[Fragment] = []
    for _, kind, item in events:
        if kind == 0:
            assert isinstance(item, Fragment)
            if item.opening:
                open_count[item.name] += 1
            elif item.closing and open_count[item.name]:
                open_count[item.name] -= 1
            continue
        assert isinstance(item, int)
        start, end, name = candidates[item]
        pair = open_count[name] > 0
        # A one-letter name needs both: "p > 0.05" inside an open <p> is statistics.
        if (pair and tag_like[item]) if len(name) == 1 else (pair or tag_like[item]):
            if pair:
                open_count[name] -= 1
            out.append(Fragment(start, end, name, True, True))
    return out


def _drop_overlaps(fragments: list[Fragment]) -> list[Fragment]:
    out: list[Fragment] = []
    for f in fragments:
        if out and f.start < out[-1].end:
            continue
        out.append(f)
    return out
