"""Quality signals, measured as the published web-corpus rule sets define them.

Each signal is a tag whose name starts with the rule set it follows, so a reader of the
corpus knows which paper to open for its meaning:

- ``gopher_*``: the quality and repetition filters of MassiveText (Rae et al. 2021,
  "Scaling Language Models: Methods, Analysis & Insights from Training Gopher",
  appendix A, tables A1 and A2).
- ``c4_*``: the page rules of C4 (Raffel et al. 2020, "Exploring the Limits of Transfer
  Learning with a Unified Text-to-Text Transformer", section 2.2).
- ``fineweb_*``: the extra heuristics of FineWeb (Penedo et al. 2024, "The FineWeb
  Datasets", section 3.3.5 and its custom filters).

This module only measures; :mod:`corpusclean.tag.gate` applies the published thresholds,
so a threshold can change without measuring again. Words are whitespace-separated tokens
that hold at least one character that is not punctuation (a lone ``-`` or ``...`` is a
symbol, not a word); that choice is language-neutral and needs no tokenizer model. The
signals are English-centric where the papers are (stop words): they are still measured on
other languages, and the gate is opt-in for that reason.
"""

from __future__ import annotations

import string
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any, ClassVar

from ..document import Document
from ..stage import StageBase, register

#: Gopher's stop-word rule: a document must hold at least two of these English words.
GOPHER_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})

#: Characters Gopher counts as a bullet when they open a line.
BULLETS = ("•", "●", "○", "◦", "■", "□", "▪", "▫", "‣", "⁃", "➤", "►", "-", "*", "–", "—")

#: C4 keeps lines ending in one of these (its reference implementation's end marks).
C4_END_MARKS = (".", "!", "?", '"', "”")

ELLIPSES = ("...", "…")
FINEWEB_SHORT_LINE = 30  # FineWeb: a line under 30 characters counts as short
TOP_NGRAM_SIZES = (2, 3, 4)  # Gopher: most frequent 2-, 3- and 4-gram
DUP_NGRAM_SIZES = (5, 6, 7, 8, 9, 10)  # Gopher: duplicated 5- to 10-grams


def _is_punct(ch: str) -> bool:
    return ch in string.punctuation or unicodedata.category(ch).startswith(("P", "S"))


def words_of(text: str) -> list[str]:
    """Whitespace tokens with their edge punctuation stripped; pure-symbol tokens dropped.

    ``"Hello, world ... #tag"`` gives ``["Hello", "world", "tag"]``.
    """
    words = []
    for token in text.split():
        start, end = 0, len(token)
        while start < end and _is_punct(token[start]):
            start += 1
        while end > start and _is_punct(token[end - 1]):
            end -= 1
        if start < end:
            words.append(token[start:end])
    return words


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _duplicates(items: list[str]) -> tuple[int, int]:
    """``(count, characters)`` of the items that repeat an earlier item.

    Gopher's definition: the first occurrence is the original, every later one a duplicate.
    """
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


def top_ngram_char_frac(words: list[str], n: int) -> float:
    """Gopher: characters in the most frequent word n-gram (all its occurrences) / word chars.

    Only a repeated n-gram counts: a text whose n-grams are all unique scores 0, not the
    length of an arbitrary first n-gram. Among equally frequent n-grams the one with more
    characters wins (the paper leaves ties open; this reading is the stricter one).
    """
    total = sum(len(w) for w in words)
    if len(words) < n or not total:
        return 0.0
    ids = _ids(words)
    counts = Counter(tuple(ids[i : i + n]) for i in range(len(ids) - n + 1))
    top = max(counts.values())
    if top < 2:
        return 0.0
    lengths = {i: len(w) for w, i in zip(words, ids, strict=True)}
    chars = max(sum(lengths[i] for i in gram) for gram, n in counts.items() if n == top)
    return _ratio(top * chars, total)


def dup_ngram_char_fracs(words: list[str], sizes: tuple[int, ...]) -> dict[int, float]:
    """Gopher: characters of words inside any n-gram that occurs more than once / word chars.

    Every occurrence of a repeated n-gram is covered (the first too), and a word covered by
    several overlapping n-grams counts once, as the paper asks. Sizes are computed in
    increasing order, and an n-gram can only repeat where the two (n-1)-grams it contains
    repeat, so each larger size looks only at those positions: on ordinary prose, where
    few 5-grams repeat, the sizes above 5 cost almost nothing.
    """
    total = sum(len(w) for w in words)
    ids = _ids(words)
    result: dict[int, float] = {}
    previous: tuple[int, set[int]] | None = None  # (n - 1, starts of repeated (n-1)-grams)
    for n in sorted(sizes):
        if len(ids) < n or not total:
            result[n] = 0.0
            continue
        if previous is not None and previous[0] == n - 1:
            starts = sorted(i for i in previous[1] if i + 1 in previous[1])
        else:
            starts = list(range(len(ids) - n + 1))
        grams = {i: tuple(ids[i : i + n]) for i in starts}
        counts = Counter(grams.values())
        repeated = {i for i, gram in grams.items() if counts[gram] > 1}
        result[n] = _ratio(_covered_chars(words, repeated, n), total)
        previous = (n, repeated)
    return result


def _ids(words: list[str]) -> list[int]:
    """Each word as a small int: tuples of ints hash several times faster than of strings."""
    table: dict[str, int] = {}
    return [table.setdefault(w, len(table)) for w in words]


def _covered_chars(words: list[str], starts: set[int], n: int) -> int:
    """Characters of the words inside ``[i, i + n)`` for any ``i`` in ``starts``, once each."""
    depth = [0] * (len(words) + 1)
    for i in starts:
        depth[i] += 1
        depth[i + n] -= 1
    covered = running = 0
    for word, step in zip(words, depth, strict=False):
        running += step
        if running:
            covered += len(word)
    return covered


def paragraphs_of(text: str) -> list[str]:
    """Blocks separated by blank lines, stripped, empty ones dropped."""
    blocks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


def quality_signals(text: str) -> dict[str, Any]:
    """Every signal for ``text``, keyed by tag name (see the module docstring for sources)."""
    words = words_of(text)
    n_words = len(words)
    tokens = text.split()
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    paras = paragraphs_of(text)
    lowered = [w.lower() for w in words]
    hashes = text.count("#")
    ellipses = text.count("...") + text.count("…")
    dup_lines, dup_line_chars = _duplicates(lines)
    dup_paras, dup_para_chars = _duplicates(paras)
    signals: dict[str, Any] = {
        "gopher_word_count": n_words,
        "gopher_mean_word_length": round(sum(len(w) for w in words) / n_words, 4)
        if n_words
        else 0.0,
        "gopher_symbol_word_ratio": _ratio(max(hashes, ellipses), n_words),
        "gopher_alpha_words_frac": _ratio(
            sum(any(ch.isalpha() for ch in t) for t in tokens), len(tokens)
        ),
        "gopher_stop_words": sum(w in GOPHER_STOP_WORDS for w in lowered),
        "gopher_bullet_lines_frac": _ratio(sum(ln.startswith(BULLETS) for ln in lines), len(lines)),
        "gopher_ellipsis_lines_frac": _ratio(
            sum(ln.endswith(ELLIPSES) for ln in lines), len(lines)
        ),
        "gopher_dup_lines_frac": _ratio(dup_lines, len(lines)),
        "gopher_dup_line_chars_frac": _ratio(dup_line_chars, sum(len(ln) for ln in lines)),
        "gopher_dup_paras_frac": _ratio(dup_paras, len(paras)),
        "gopher_dup_para_chars_frac": _ratio(dup_para_chars, sum(len(p) for p in paras)),
    }
    for n in TOP_NGRAM_SIZES:
        signals[f"gopher_top_{n}gram_chars_frac"] = top_ngram_char_frac(lowered, n)
    for n, frac in dup_ngram_char_fracs(lowered, DUP_NGRAM_SIZES).items():
        signals[f"gopher_dup_{n}gram_chars_frac"] = frac
    signals["c4_punct_lines_frac"] = _ratio(
        sum(ln.endswith(C4_END_MARKS) for ln in lines), len(lines)
    )
    signals["c4_lorem_ipsum"] = "lorem ipsum" in text.lower()
    signals["c4_curly_bracket"] = "{" in text or "}" in text
    signals["fineweb_short_lines_frac"] = _ratio(
        sum(len(ln) < FINEWEB_SHORT_LINE for ln in lines), len(lines)
    )
    return signals


@register
@dataclass
class QualitySignals(StageBase):
    """Tag every kept document with the Gopher, C4 and FineWeb quality signals.

    It never rejects and never changes the text: ``filter.quality`` decides. The cost is
    linear in the text (one pass per n-gram size over the word list).
    """

    name: ClassVar[str] = "tag.quality"

    def process(self, doc: Document) -> Document:
        doc.tags.update(quality_signals(doc.text))
        return doc
