"""The word lists of the boilerplate rules, loaded from ``words.toml`` (data, not code).

A rule asks for one vocabulary (``prompt``, ``read_more``, ...) and gets every language
at once: scraped text mixes languages (an English page with a German cookie banner), so
the rules do not wait for language detection.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


#: Punctuation a phrase may carry or be followed by at its end ("Read more:", "Share »").
_TRAILING = ":.!…»›>|-–—"


@dataclass(frozen=True)
class Vocabulary:
    """One list of phrases, every language merged, matched as whole words."""

    phrases: frozenset[str]
    longest: int  # number of words in the longest phrase, to bound prefix look-ups
    heads: frozenset[str]  # first words of the phrases: most lines are rejected on these

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Vocabulary:
        phrases = frozenset(phrases)
        longest = max((len(p.split()) for p in phrases), default=1)
        heads = frozenset(p.split()[0].rstrip(_TRAILING) for p in phrases if p.split())
        return cls(phrases, longest, heads)

    def starts(self, text: str) -> str | None:
        """The longest phrase that ``text`` (lower-cased) starts with, as whole words."""
        head = text.split(" ", 1)[0]
        if head.rstrip(_TRAILING) not in self.heads:
            return None
        words = text.split(" ", self.longest)
        for n in range(min(self.longest, len(words)), 0, -1):
            candidate = " ".join(words[:n])
            if candidate in self.phrases:
                return candidate
            stripped = candidate.rstrip(_TRAILING)
            if stripped != candidate and stripped in self.phrases:
                return candidate
        return None

    def within(self, text: str) -> str | None:
        """A phrase found anywhere in ``text`` (lower-cased), on word boundaries."""
        for phrase in self.phrases:
            if phrase in text and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
                return phrase
        return None


def read_word_file(path: str | Path) -> dict[str, dict[str, list[str]]]:
    """A user's word file, checked: ``[table]`` of ``lang = ["phrase", ...]``.

    Checked when the stage is built, so a file that is not TOML, or not shaped like
    ``words.toml``, is one line at start-up instead of a failure in every worker.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read word list {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"word list {path} is not valid TOML: {exc}") from None
    for table, by_lang in data.items():
        lists = by_lang.values() if isinstance(by_lang, dict) else [None]
        if not all(isinstance(w, list) and all(isinstance(p, str) for p in w) for w in lists):
            raise ValueError(
                f"word list {path}: [{table}] must map language codes to lists of phrases, "
                'like en = ["read more", "share"]'
            )
    return data


class WordLists:
    """Every vocabulary of the built-in ``words.toml``, by table name.

    ``extra`` names a TOML file of the same shape whose phrases are added to the
    built-in ones: a new language or a site's own prompts, without copying the lists.
    """

    def __init__(self, extra: str | Path | None = None) -> None:
        builtin = resources.files(__package__).joinpath("words.toml").read_text(encoding="utf-8")
        tables: dict[str, set[str]] = {}
        sources = [tomllib.loads(builtin)]
        if extra is not None:
            sources.append(read_word_file(extra))
        for data in sources:
            for table, by_lang in data.items():
                merged = tables.setdefault(table, set())
                for words in by_lang.values():
                    merged.update(p.lower() for p in words)
        self._vocab = {table: Vocabulary.of(phrases) for table, phrases in tables.items()}

    def __getitem__(self, table: str) -> Vocabulary:
        return self._vocab[table]
