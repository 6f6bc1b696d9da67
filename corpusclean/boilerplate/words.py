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
from functools import cached_property
from importlib import resources
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


#: Punctuation a phrase may carry or be followed by at its end ("Read more:", "Share »",
#: "We use cookies, so ...").
TRAILING = ":.,!…»›>|-–—"


@dataclass(frozen=True)
class Vocabulary:
    """One list of phrases, every language merged, matched as whole words."""

    phrases: frozenset[str]
    longest: int  # number of words in the longest phrase, to bound prefix look-ups
    heads: frozenset[str]  # first words of the phrases: most lines are rejected on these
    firsts: frozenset[str]  # first words exactly as written (a line must open with one)
    #: The longest word of each phrase: a text holding a phrase holds its key, and a few
    #: substring tests reject most lines before the word-boundary check of :meth:`within`.
    keys: tuple[str, ...]
    #: Phrases of scripts written without spaces (``関連記事``), longest first: they are
    #: matched as a prefix of the line, since a line of them is one "word".
    unspaced: tuple[str, ...] = ()
    #: The lengths of the phrases, longest first, and their last characters: a text ends
    #: with a phrase only if its last character is one, and then only one slice of the
    #: text per length can be that phrase (:meth:`ends` does not try every phrase).
    lengths: tuple[int, ...] = ()
    lasts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, phrases: Iterable[str]) -> Vocabulary:
        phrases = frozenset(phrases)
        longest = max((len(p.split()) for p in phrases), default=1)
        heads = frozenset(p.split()[0].rstrip(TRAILING) for p in phrases if p.split())
        firsts = frozenset(p.split()[0] for p in phrases if p.split())
        keys = tuple(sorted({max(p.split(), key=len) if p.split() else p for p in phrases}))
        unspaced = tuple(sorted((p for p in phrases if is_unspaced(p[:1])), key=len, reverse=True))
        lengths = tuple(sorted({len(p) for p in phrases}, reverse=True))
        lasts = frozenset(p[-1] for p in phrases if p)
        return cls(phrases, longest, heads, firsts, keys, unspaced, lengths, lasts)

    @cached_property
    def key_re(self) -> re.Pattern[str] | None:
        """One search for every key at once (``None`` when there is no key). Compiled
        on first use: the 27 vocabularies take about 60 ms to compile, paid by every
        worker at start-up, and a corpus of one language needs few of them."""
        return re.compile("|".join(map(re.escape, self.keys))) if self.keys else None

    def starts(self, text: str) -> str | None:
        """The longest phrase that ``text`` (lower-cased) starts with, as whole words."""
        if self.unspaced and is_unspaced(text[:1]):
            return next((p for p in self.unspaced if text.startswith(p)), None)
        head = text.split(" ", 1)[0]
        if head.rstrip(TRAILING) not in self.heads:
            return None
        words = text.split(" ", self.longest)
        for n in range(min(self.longest, len(words)), 0, -1):
            candidate = " ".join(words[:n])
            if candidate in self.phrases:
                return candidate
            stripped = candidate.rstrip(TRAILING)
            if stripped != candidate and stripped in self.phrases:
                return candidate
        return None

    def ends(self, text: str) -> str | None:
        """The longest phrase that ``text`` (lower-cased) ends with, as whole words (any
        characters before a phrase of an unspaced script)."""
        if text[-1:] not in self.lasts and "" not in self.phrases:
            return None
        for n in self.lengths:  # two phrases of one length cannot both end the text
            if n > len(text):
                continue
            before, phrase = text[: len(text) - n], text[len(text) - n :]
            if phrase in self.phrases and (
                not before or before[-1] == " " or is_unspaced(phrase[:1])
            ):
                return phrase
        return None

    def may_hold(self, text: str) -> bool:
        """Whether ``text`` may hold a phrase (``False`` is certain, ``True`` is not)."""
        return self.key_re is not None and self.key_re.search(text) is not None

    def within(self, text: str) -> str | None:
        """A phrase found anywhere in ``text`` (lower-cased), on word boundaries (any
        characters around a phrase of an unspaced script: ``記事の無断転載を禁じます``)."""
        if not self.may_hold(text):
            return None
        for phrase in self.phrases:
            if phrase in text and (
                is_unspaced(phrase[:1]) or re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)
            ):
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


def is_unspaced(char: str) -> bool:
    """``char`` belongs to a script written without spaces (Han, kana, Thai)."""
    return (
        "\u3040" <= char <= "\u9fff" or "\u0e00" <= char <= "\u0e7f" or "\uf900" <= char <= "\ufaff"
    )


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
        #: Every vocabulary by table name (a plain dict: rules look tables up per line).
        self.tables = {table: Vocabulary.of(phrases) for table, phrases in tables.items()}
        index: dict[str, set[str]] = {}
        for table, vocab in self.tables.items():
            for head in vocab.heads:
                index.setdefault(head, set()).add(table)
        #: First word (as :attr:`Vocabulary.heads` has it) -> the tables it opens a phrase of.
        self.head_index = {head: frozenset(names) for head, names in index.items()}
        by_char: dict[str, set[str]] = {}
        for table, vocab in self.tables.items():
            for phrase in vocab.unspaced:
                by_char.setdefault(phrase[0], set()).add(table)
        #: First character of an unspaced phrase -> the tables it opens a phrase of.
        self.unspaced_index = {char: frozenset(names) for char, names in by_char.items()}

    def __getitem__(self, table: str) -> Vocabulary:
        return self.tables[table]
