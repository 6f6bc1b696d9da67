"""Unicode normalization and characters no reader can see.

What is removed is listed by name below; what is deliberately kept is listed too:
ZERO WIDTH JOINER and NON-JOINER carry meaning in emoji sequences, Persian and Indic
scripts, so they stay.

A run of spaces that holds a no-break or other Unicode space (``&nbsp;&nbsp;``,
``word \xa0 word``, decoded) becomes one space: such runs are debris, where a run of
plain spaces may be the author's layout (see :mod:`.whitespace`).

What this will NOT touch: code and layout (:func:`corpusclean.text.code_ranges`): a form
feed in a Python file, a no-break space in a string literal or a table are the text's
own; only the normalization form, which changes no character's meaning, applies there.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar, Literal

from ..text import code_ranges
from .base import TextRepair

#: Invisible characters that carry no text: zero-width space, word joiner and invisible
#: operators, BOM/zero-width no-break space, soft hyphen, Mongolian vowel separator,
#: left-to-right/right-to-left marks outside bidirectional text are kept (they matter in
#: Arabic and Hebrew), so they are not listed.
INVISIBLE = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"

#: C0 and C1 control characters except tab and newline (carriage returns are handled
#: by the whitespace stage, which turns them into newlines).
#: A lone surrogate is no character: it cannot be written as UTF-8 (the corpus file could
#: not hold the document), so it becomes U+FFFD everywhere, code included.
SURROGATE_RE = re.compile("[\ud800-\udfff]")
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
#: Space-like characters that are not U+0020: no-break spaces, en/em/thin spaces, ...
#: Runs of them are a common scraping debris (``&nbsp;&nbsp;`` decoded).
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
SPACES_RE = re.compile(f"[{_SPACES}]")
#: Any character one of the rules looks for: a surrogate, a control, an invisible one or
#: a Unicode space.
ANY_TARGET_RE = re.compile(
    f"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{INVISIBLE}{_SPACES}]"
)
#: A run of spaces between two words that holds at least one Unicode space: one space.
#: Not after a sentence end: ". \xa0" is HTML's way of writing two spaces there.
SPACE_RUN_RE = re.compile(f"(?<=[^\\s.!?])[ \t]*[{_SPACES}][ \t{_SPACES}]*(?=\\S)")
#: The no-break spaces, which a page may put at the start of a line to indent it.
_NO_BREAK = "\u00a0\u2007\u202f"
#: The other Unicode spaces.
_WIDE = "\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000"
#: The evidence that no-break spaces are debris in a document: one next to another space
#: (``\xa0\xa0``, ``\xa0 ``), not after a sentence end. Without it a single no-break
#: space is the author's (``Chapter\xa09``, ``10\xa0km``, French ``Quoi\xa0?``) and stays.
#: At the start of a line, a single no-break space after the indentation is the page's
#: own layout (Debian's HTML puts ``\xa0Chapter\xa02.`` under its indentation).
_BETWEEN_WORDS_DEBRIS = f"(?<=[^\\s.!?])(?:[ \t]+[{_SPACES}]|[{_SPACES}][ \t{_SPACES}])"
SPACE_DEBRIS_RE = re.compile(
    f"{_BETWEEN_WORDS_DEBRIS}|^(?:[ \t]+[{_WIDE}]|[{_SPACES}][ \t{_SPACES}])", re.M
)
#: The evidence that the no-break spaces opening lines are debris: one in the first
#: column (``&nbsp;Text``: a page indenting a paragraph), a run of them (or one next to
#: another space) after the indentation (``&nbsp;&nbsp;Text``), or space debris between
#: words. A single one under plain indentation is kept, see ``SPACE_DEBRIS_RE``.
LEADING_DEBRIS_RE = re.compile(
    f"{_BETWEEN_WORDS_DEBRIS}|^(?:[{_NO_BREAK}]|[ \t]*[{_NO_BREAK}][ \t{_SPACES}])", re.M
)
#: A word with combining marks (or Hangul jamo), the only place NFC composes anything.
#: Elsewhere NFC only maps singletons (KELVIN SIGN to K, CJK compatibility ideographs to
#: unified ones), which changes what the author wrote; so words without marks are left.
COMBINING_WORD_RE = re.compile(
    "\\S*[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    "\u0900-\u0dff\u1100-\u11ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a"
    "\ufe20-\ufe2f]\\S*"
)
#: No-break spaces that open a line (after any real indentation): ``&nbsp;&nbsp;`` used
#: as indentation by a page is debris, not structure, and would otherwise become a
#: leading space that the whitespace stage keeps as indentation. Other space characters
#: at line start are kept as spaces: U+3000 indents paragraphs in Chinese and Japanese.
LEADING_NBSP_RE = re.compile(f"^([ \t]*)[{_NO_BREAK}][{_NO_BREAK} \t]*", re.M)


@dataclass
class NormalizeUnicode(TextRepair):
    """NFC (or NFKC) normalization; drop control and invisible characters; plain spaces."""

    name: ClassVar[str] = "repair.unicode"

    # NFC composes without changing meaning; NFKC also folds compatibility forms
    # (full-width digits, superscripts, "ﬁ"), which helps search but alters text.
    normalization: Literal["NFC", "NFKC", "none"] = "NFC"
    # A no-break space between words is, in scraped text, almost always debris; the
    # French typographic narrow no-break space is turned into a space as well.
    spaces: bool = True

    def __post_init__(self) -> None:
        if self.normalization not in ("NFC", "NFKC", "none"):
            raise ValueError(f"normalization must be NFC, NFKC or none, not {self.normalization!r}")

    def fix(self, text: str) -> tuple[str, Counter[str]]:
        counts: Counter[str] = Counter()
        if text.isascii():
            if not _has_ascii_control(text):
                return text, counts  # nothing for any rule: code need not be found
        else:
            # One search for every character a rule below looks for (most texts hold
            # none): the rules' own searches run only in a text that holds one.
            found = ANY_TARGET_RE.search(text) is not None
            if found:
                text = _sub_count(counts, "surrogate", SURROGATE_RE, "\ufffd", text)
            normal = self._normalized(text)
            if normal != text:
                counts[self.normalization.lower()] += 1
                text = normal
                found = True  # the normal form is searched afresh
            if not found or not (
                CONTROL_RE.search(text)
                or (not text.isascii() and (INVISIBLE_RE.search(text) or SPACES_RE.search(text)))
            ):
                return text, counts  # nothing for the rules below: code need not be found
        # No rule here touches a line break, so every line stays where it was.
        pos, parts = 0, []
        for start, end in code_ranges(text):
            parts.append(self._outside_code(text[pos:start], counts))
            parts.append(text[start:end])
            pos = end
        parts.append(self._outside_code(text[pos:], counts))
        return "".join(parts), counts

    def _normalized(self, text: str) -> str:
        """``text`` in the configured normal form (NFC: only its words with marks)."""
        form = self.normalization
        if form == "none" or unicodedata.is_normalized(form, text):
            return text
        if form == "NFC":
            return COMBINING_WORD_RE.sub(lambda m: unicodedata.normalize(form, m[0]), text)
        return unicodedata.normalize(form, text)

    def _outside_code(self, text: str, counts: Counter[str]) -> str:
        text = _sub_count(counts, "control", CONTROL_RE, "", text)
        if not text.isascii():
            text = _sub_count(counts, "invisible", INVISIBLE_RE, "", text)
            if self.spaces and LEADING_DEBRIS_RE.search(text):
                text = _sub_count(counts, "space", LEADING_NBSP_RE, r"\1", text)
            if self.spaces and SPACES_RE.search(text) and SPACE_DEBRIS_RE.search(text):
                text = _sub_count(counts, "space", SPACE_RUN_RE, " ", text)
                text = _sub_count(counts, "space", SPACES_RE, " ", text)
        return text


#: Every character that is no ASCII control (tab, line feed and carriage return kept),
#: as bytes that ``bytes.translate`` deletes: what is left of an ASCII text is its controls.
_NOT_CONTROL = bytes([9, 10, 13, *range(32, 127)])


def _has_ascii_control(text: str) -> bool:
    """Whether an ASCII ``text`` holds a character of ``CONTROL_RE``, found by deleting
    the others from its bytes in C (a table look-up a byte, several times as fast as the
    pattern's search)."""
    return bool(text.encode("ascii").translate(None, _NOT_CONTROL))


def _sub_count(
    counts: Counter[str], kind: str, pattern: re.Pattern[str], repl: str, text: str
) -> str:
    new, n = pattern.subn(repl, text)
    counts[kind] += n
    return new
