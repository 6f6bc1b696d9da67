"""HTML character references, including the broken and double-escaped ones scrapers leave.

Scraped text carries entities in four states, each counted under its own name:

- ``named`` / ``numeric``: well-formed (``&nbsp;``, ``&rsquo;``, ``&#8217;``, ``&#x2019;``).
- ``broken``: damaged by a tokenizer or translator that put spaces inside (``& nbsp;``,
  ``& nbsp ;``, ``&#8217 ;``) or by a template that dropped the semicolon (``&nbsp``,
  ``&#8217``).
- ``double_escaped``: escaped twice (``&amp;nbsp;``, ``&amp;amp;``), decoded layer by layer
  until nothing decodable is left, so that repairing twice changes nothing.

What this will NOT touch, and why:

- A lone ``&`` that is text: ``R&D``, ``AT&T``, ``Q&A``, ``energy & transport``. Only a
  name from the HTML5 entity table counts, and only in the forms above.
- URL query strings (``?a=1&copy=2``): a semicolon-less name followed by ``=`` or an
  alphanumeric is left alone, as browsers do.
- Code: inside fenced blocks, backticks and doctest lines (see :mod:`corpusclean.text`), an entity
  is the code's own (``Markup('&lt;b&gt;')``).
- A text that writes about markup (:func:`.markup.writes_about_markup`: HTML
  documentation, a table of entities): its well-formed references are what it writes
  about (``&gt; is &#62;``), so only the spaced, damaged forms are decoded there.
- Spaced forms use a short list of entities that scrapers really mangle, never the whole
  HTML5 table: ``salt & in; ...`` is not ``∈``.

Entities are decoded here, before tags are repaired, on purpose: double-escaped markup
(``&lt;p&gt;`` from feeds) becomes tag debris that :mod:`.html` then removes. ftfy is not
used for this: its ``unescape_html="auto"`` silently skips every line that holds a ``<``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from html.entities import html5
from typing import ClassVar

from ..text import CodeRanges, Membership, inline_code
from .base import TextRepair
from .markup import writes_about_markup


def _names(words: str) -> frozenset[str]:
    """A set of names written as one space-separated string (easier to read and diff)."""
    return frozenset(words.split())


#: Every candidate: ``&``, optional spaces, a name or number, optional spaces, optional ``;``.
#: No-break spaces count as spaces: ``&&nbsp; nbsp;`` decodes to ``& nbsp;`` first.
CANDIDATE_RE = re.compile(
    r"&(?P<pre>[ \t\u00a0]{0,2})"
    r"(?P<ref>#[xX][0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31})"
    r"(?P<post>[ \t\u00a0]{0,2})(?P<semi>;?)"
)

#: Entities that scrapers and translators mangle with spaces; the only names accepted in
#: a spaced form (``& nbsp;``), where the full table would turn prose into symbols.
SPACED_NAMES = _names(
    "nbsp amp lt gt quot apos copy reg trade hellip mdash ndash lsquo rsquo ldquo rdquo "
    "laquo raquo bull middot euro pound yen cent deg times divide shy ensp emsp thinsp "
    "zwnj zwj eacute egrave agrave aacute ccedil uuml ouml auml szlig"
)
#: Names decoded without a semicolon (the HTML5 legacy set, trimmed to those seen in text).
#: ``&nbsp`` is also accepted spaced (``& nbsp``): "nbsp" is no word of any language.
BARE_NAMES = _names("nbsp amp lt gt quot copy reg")

#: Decoding rounds are bounded only by the text shrinking; this cap guards the loop.
MAX_ROUNDS = 8


def fix_entities(text: str, code_aware: bool = True) -> tuple[str, Counter[str]]:
    """Decode the character references of ``text``; returns the text and counts per kind.

    ``code_aware=False`` is for a caller that passes one line it already knows is not
    inside code: only its inline code is then left alone (a lone line cannot tell a
    literal block from prose)."""
    counts: Counter[str] = Counter()
    if "&" not in text or not CANDIDATE_RE.search(text):
        return text, counts
    about_markup = cache(partial(writes_about_markup, text))  # asked only when it matters
    for round_number in range(MAX_ROUNDS):
        found: Counter[str] = Counter()
        code = CodeRanges(text) if code_aware else inline_code(text)
        decode = partial(_decode, found=found, code=code, about_markup=about_markup)
        text = CANDIDATE_RE.sub(decode, text)
        if not found:
            break
        if round_number == 0:
            counts.update(found)
        else:
            counts["double_escaped"] += sum(found.values())
        if "&" not in text:
            break
    return text, counts


def _decode(
    m: re.Match[str],
    found: Counter[str],
    code: Membership,
    about_markup: Callable[[], bool] = bool,
) -> str:
    """The decoded reference, or the match unchanged when it is not one (or is code, or
    is well formed in a text that ``about_markup`` says writes about markup)."""
    if code and m.start() in code:
        return m.group(0)
    pre, ref, post, semi = m.group("pre", "ref", "post", "semi")
    spaced = bool(pre or (post and semi))
    if not spaced and about_markup():
        return m.group(0)
    numeric = ref.startswith("#")
    if numeric:
        # "&#8217s": digits end where the number does, so no semicolon is needed, but a
        # spaced one ("& #39") is too weak to trust.
        if not semi and (pre or len(ref.lstrip("#xX")) < 2):
            return m.group(0)
        value = html.unescape(f"&{ref};")
    else:
        if semi and not spaced:
            if f"{ref};" not in html5:
                return m.group(0)
        elif semi:  # spaced: "& nbsp;", "&nbsp ;"
            if ref.lower() not in SPACED_NAMES or f"{ref};" not in html5:
                return m.group(0)
        else:  # no semicolon: "&nbsp", "& nbsp"
            if ref.startswith("nbsp") and len(ref) > 4 and not pre:
                # "&nbsp10", "&nbspThe": "nbsp" is no word of any language, so the name
                # ends after its four letters, as in a browser.
                found["broken"] += 1
                return _nbsp(m) + ref[4:] + post
            glued = _glued(m) if ref != "nbsp" else m.string[m.end("ref") : m.end("ref") + 1] == "="
            if ref not in BARE_NAMES or glued or (pre and ref != "nbsp"):
                return m.group(0)
        value = html5[f"{ref};"]
    if not semi:
        value += post  # spaces after a semicolon-less reference belong to the text
    kind = "broken" if spaced or not semi else "numeric" if numeric else "named"
    found[kind] += 1
    return _nbsp(m) if value == "\u00a0" else value


def _nbsp(m: re.Match[str]) -> str:
    """A no-break space entity alone between two words is a space written the HTML way
    (``Price:&nbsp;10``): decoded to " ", since a single U+00A0 in text is kept as the
    author's (see :mod:`.unicode`). Next to a space or another entity it stays U+00A0:
    a run of them is debris that :mod:`.unicode` closes up."""
    text, start, end = m.string, m.start(), m.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if (
        before
        and after
        and not before.isspace()
        and not after.isspace()
        and "&" not in (before, after)
    ):
        return " "
    return "\u00a0"


def _glued(m: re.Match[str]) -> bool:
    """True when a semicolon-less reference runs into a word or ``=`` (URLs, identifiers)."""
    nxt = m.string[m.end("ref") : m.end("ref") + 1]
    return bool(nxt) and (nxt.isalnum() or nxt in "=_")


@dataclass
class FixEntities(TextRepair):
    """Decode named, numeric, broken and double-escaped HTML character references."""

    name: ClassVar[str] = "repair.entities"

    def fix(self, text: str) -> tuple[str, Counter[str]]:
        return fix_entities(text)
