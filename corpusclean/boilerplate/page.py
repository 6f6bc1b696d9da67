"""Whole documents that are junk: say which kind, so the rejection reason names it.

A page that is a 404, a paywall or a login form is short: it says what it is and little
else. So a kind is only given to a document with little text left after the line rules
(``max_words``); a long article that mentions "page not found" or "password" is an
article. Debris (text with no sentence and hardly any letters) needs no word at all.
"""

from __future__ import annotations

from ..text import text_kind
from .rules import is_prose
from .words import WordLists

#: Kinds in the order tried, each with its vocabulary in ``words.toml`` and how many
#: distinct phrases it takes: one login word ("password") is not yet a login form.
KINDS: tuple[tuple[str, str, int], ...] = (
    ("error_page", "page_error", 1),
    ("app_shell", "page_app_shell", 1),
    ("paywall", "page_paywall", 1),
    ("login", "page_login", 2),
    ("listing", "page_listing", 1),
)


def page_kind(text: str, removed: list[str], words: WordLists, max_words: int = 120) -> str | None:
    """The kind of junk page ``text`` is (``error_page``, ``cookie_wall``, ...), or ``None``.

    ``removed`` are the lines the line rules took out: a page whose removed lines were
    cookie prompts and whose text is nearly gone is a cookie wall.
    """
    # Split no further than needed to know the text is long (most texts are).
    n_words = len(text.split(None, max_words))
    if n_words > max_words or text_kind(text.split("\n")) != "prose":
        return None  # a long text, or code, a table (a CSV of numbers), a license, ...
    lower = " ".join(text.lower().split())
    for kind, table, needed in KINDS:
        found = [p for p in words[table].phrases if p in lower and _whole(p, lower)]
        if len(found) >= needed:
            return kind
    if n_words < 30 and sum("cookie" in line.lower() for line in removed) >= 1:
        return "cookie_wall"
    if _debris(text):
        return "debris"
    return None


def _whole(phrase: str, text: str) -> bool:
    """``phrase`` occurs in ``text`` on word boundaries (``404`` not inside ``14045``)."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(phrase, start + 1)
    return False


def _debris(text: str) -> bool:
    """No sentence, and fewer than half of the visible characters are letters."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return False
    letters = sum(c.isalpha() for c in visible)
    return letters / len(visible) < 0.5 and not any(is_prose(line) for line in text.split("\n"))
