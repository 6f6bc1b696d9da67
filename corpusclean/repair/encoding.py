"""Mojibake and other encoding damage, repaired with ftfy, gated by a cheap check.

ftfy runs at about 2 MB/s and only a few percent of real texts need it, so the stage
first asks ftfy's own badness heuristic (one compiled regex) whether the text looks
damaged at all; pure-ASCII text is skipped without even that. ftfy is configured on
purpose rather than with its defaults:

- ``unescape_html=False``: entity decoding is done by our own repair, per span; ftfy's
  ``"auto"`` mode silently stops decoding once a line holds a ``<``.
- ``uncurl_quotes=False``: curly quotes are the author's typography, not damage.
- ``fix_character_width=False``: full-width forms are correct in CJK text.
- ``normalization=None``: Unicode normalization is :mod:`.unicode`'s job, so that it is
  configured and counted in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import ftfy
from ftfy.badness import is_bad

from ..document import Document
from ..stage import StageBase

C1_RE = re.compile("[\x80-\x9f]")
#: A run of non-ASCII characters with a little ASCII context: all that ftfy's badness
#: patterns look at (sequences of unlikely characters), so only these windows are checked.
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
CONTEXT = 3


def needs_ftfy(text: str) -> bool:
    """True when ``text`` may hold mojibake or C1 controls worth ftfy's time.

    ``is_bad`` runs on the non-ASCII windows of the text rather than on all of it: in
    English text with curly quotes that is a few percent of the characters, which makes
    the gate several times cheaper; a window that looks bad sends the whole text to ftfy.
    """
    if text.isascii():
        return False
    if C1_RE.search(text):
        return True
    windows = "\n".join(
        text[max(0, m.start() - CONTEXT) : m.end() + CONTEXT] for m in NON_ASCII_RE.finditer(text)
    )
    return is_bad(windows)


@dataclass
class FixEncoding(StageBase):
    """Repair mojibake (``TurkeyÃ¢â‚¬â„¢s`` -> ``Turkey’s``), C1 controls, lossy sequences."""

    name: ClassVar[str] = "repair.encoding"

    fix_latin_ligatures: bool = True  # "ﬁ" -> "fi": ligatures break tokenizers and search
    remove_terminal_escapes: bool = True  # ANSI colour codes from scraped terminals

    def setup(self) -> None:
        self._config = ftfy.TextFixerConfig(
            unescape_html=False,
            uncurl_quotes=False,
            fix_character_width=False,
            normalization=None,
            fix_latin_ligatures=self.fix_latin_ligatures,
            remove_terminal_escapes=self.remove_terminal_escapes,
            explain=True,
        )

    def process(self, doc: Document) -> Document:
        if not needs_ftfy(doc.text):
            return doc
        fixed, steps = ftfy.fix_and_explain(doc.text, config=self._config)
        if fixed != doc.text:
            for fix in _fix_names(steps or []):
                doc.edits[f"{self.name}.{fix}"] += 1
            doc.text = fixed
        return doc


def _fix_names(steps: list[tuple[str, str]]) -> list[str]:
    """ftfy's explanation as fix names: re-encoding steps are one ``mojibake`` fix."""
    names = [param for action, param in steps if action == "apply"]
    if any(action in ("encode", "decode") for action, _ in steps):
        names.insert(0, "mojibake")
    return names
