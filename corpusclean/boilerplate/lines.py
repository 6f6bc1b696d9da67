"""The ``boilerplate.lines`` stage: remove junk lines by named rules, name junk pages.

Every removed line is recorded through :meth:`Document.drop_lines` with the name of the
rule that matched (``boilerplate.lines.<rule>`` in ``edits``), so spans stay valid and
``corpusclean explain`` can show why each line went. The stage only measures whole-page
junk (``tags["boilerplate"]`` names the kind, ``tags["boilerplate_share"]`` is the share
of characters removed); the ``filter.boilerplate`` gate decides.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ..document import Document
from ..stage import StageBase
from .page import page_kind
from .rules import RULES, LineContext, first_matches, rematch
from .words import WordLists, read_word_file


@dataclass
class BoilerplateLines(StageBase):
    """Remove boilerplate lines (pagers, prompts, bylines, bios, crumbs, ...) by rule."""

    name: ClassVar[str] = "boilerplate.lines"
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {"boilerplate": "str", "boilerplate_share": "float"}

    # Every rule by default; drop a name to keep what it would remove.
    rules: list[str] = field(default_factory=lambda: list(RULES))
    # A TOML file of your own, shaped like the built-in words.toml, whose phrases are
    # added to the built-in lists ("" = the built-in lists only).
    words: str = ""
    # A page is named junk (error_page, paywall, ...) only when at most this many words
    # are left: a long article that mentions "page not found" is an article.
    page_max_words: int = field(default=120, metadata={"ge": 0})
    # Removing a line changes its neighbours' context (a header left before a removed
    # pager); the context rules run again on the new text until they remove nothing, at
    # most this many times. Stopping before that point would leave lines that a second
    # run removes, and cleaning must give the same text when run twice. A pass after the
    # first runs only when the pass before removed a line, and tries the lines tried
    # before on the context rules alone (:func:`~.rules.rematch`).
    passes: int = field(default=8, metadata={"ge": 1})

    def __post_init__(self) -> None:
        if self.words and not Path(self.words).is_file():
            raise ValueError(f"word list file not found: {self.words}")
        if self.words:
            read_word_file(self.words)
        for rule in self.rules:
            if rule not in RULES:
                close = difflib.get_close_matches(rule, list(RULES), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ValueError(f"unknown rule {rule!r}{hint}; rules: {', '.join(RULES)}")
        self._words: WordLists | None = None

    def setup(self) -> None:
        self._words = WordLists(self.words or None)

    def process(self, doc: Document) -> Document:
        if self._words is None:
            self.setup()
        assert self._words is not None
        before = len(doc.text)
        removed_from = len(doc.removed)
        names = list(self.rules)
        ctx = LineContext(doc.text.split("\n"), self._words)
        drops = first_matches(ctx, names, ctx.eligible)
        for done in range(1, self.passes + 1):
            if not drops:
                break
            doc.drop_lines(drops, self.name)
            if done < self.passes:
                ctx, tried = ctx.after(doc.text.split("\n"), drops)
                drops = rematch(ctx, names, tried)
        removed = [r.text for r in doc.removed[removed_from:]]
        gone = sum(len(line) + 1 for line in removed)
        doc.tags["boilerplate_share"] = round(gone / before, 3) if before else 0.0
        kind = page_kind(doc.text, removed, self._words, self.page_max_words)
        if kind:
            doc.tags["boilerplate"] = kind
        return doc
