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

This module only measures; :mod:`corpusclean.filter.gates` (``filter.quality``) applies
the published thresholds, so a threshold can change without measuring again. Words are
whitespace-separated tokens that hold at least one character that is not punctuation (a
lone ``-`` or ``...`` is a symbol, not a word); that choice is language-neutral and needs
no tokenizer model. The signals are English-centric where the papers are (stop words):
they are still measured on other languages, and the gate is opt-in for that reason.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import count, repeat
from typing import Any, ClassVar

import numpy as np

from ..document import Document
from ..stage import StageBase

#: Gopher's stop-word rule: a document must hold at least two of these English words.
GOPHER_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})

#: Characters Gopher counts as a bullet when they open a line.
BULLETS = ("•", "●", "○", "◦", "■", "□", "▪", "▫", "‣", "⁃", "➤", "►", "-", "*", "–", "—")

#: C4 keeps lines ending in one of these (its reference implementation's end marks).
# C4's own definition of a line that ends a sentence (its paper's rule), on purpose not
# corpusclean.text.SENTENCE_END_MARKS: the signal must mean what the paper measured.
C4_END_MARKS = (".", "!", "?", '"', "”")

ELLIPSES = ("...", "…")
FINEWEB_SHORT_LINE = 30  # FineWeb: a line under 30 characters counts as short
TOP_NGRAM_SIZES = (2, 3, 4)  # Gopher: most frequent 2-, 3- and 4-gram
DUP_NGRAM_SIZES = (5, 6, 7, 8, 9, 10)  # Gopher: duplicated 5- to 10-grams


def _is_punct(ch: str) -> bool:
    """Punctuation or symbol: Unicode categories P* and S*, as ``#``, ``...``, ``“`` or ``€``."""
    return unicodedata.category(ch)[0] in "PS"


# The ASCII halves of the two strip sets are fixed; only non-ASCII characters are
# classified per document (see _strip_sets).
_ASCII = [chr(code) for code in range(128)]
ASCII_PUNCT = "".join(filter(_is_punct, _ASCII))  # the 32 of string.punctuation
ASCII_NON_LETTERS = "".join(ch for ch in _ASCII if not ch.isalpha())
ASCII_BYTES = bytes(range(128))


def _non_ascii(text: str) -> set[str]:
    """The distinct non-ASCII characters of ``text``.

    Its UTF-8 bytes without the ASCII ones, decoded: three C-level passes, a fifth of the
    cost of a regex over the text. ``surrogatepass`` keeps a lone surrogate as it is.
    """
    if text.isascii():
        return set()
    rest = text.encode("utf-8", "surrogatepass").translate(None, ASCII_BYTES)
    return set(rest.decode("utf-8", "surrogatepass"))


def _strip_sets(extra: Iterable[str]) -> tuple[str, str]:
    """``(punctuation, non_letters)``: what stripping removes from a text whose non-ASCII
    characters are among ``extra``.

    A word is a token stripped of punctuation at both edges, and a token is alphabetic
    when stripping every non-letter leaves something. ``str.strip`` does either in one C
    call per token, given the set of characters to remove; the ASCII sets are fixed, and
    the few distinct non-ASCII characters of a document (curly quotes, dashes, accented
    letters) are classified here one by one, so the result equals the character-by-
    character definition without a Python loop over the tokens.
    """
    extra = set(extra)
    punct = ASCII_PUNCT + "".join(ch for ch in extra if _is_punct(ch))
    non_letters = ASCII_NON_LETTERS + "".join(ch for ch in extra if not ch.isalpha())
    return punct, non_letters


def _stripped(tokens: list[str], chars: str) -> list[str]:
    """``tokens`` with ``chars`` stripped from both edges, the ones left empty dropped."""
    return list(filter(None, map(str.strip, tokens, repeat(chars))))


def words_of(text: str) -> list[str]:
    """Whitespace tokens with their edge punctuation stripped; pure-symbol tokens dropped.

    ``"Hello, world ... #tag"`` gives ``["Hello", "world", "tag"]``.
    """
    return _stripped(text.split(), _strip_sets(_non_ascii(text))[0])


def _lowers_alike(ch: str) -> bool:
    """Whether ``ch`` lowercases, alone and in any context, to one character of its kind
    (letter or not, space or not, punctuation or not).

    Not so for ``Σ`` (its lowercase depends on the letters around it, the one context
    rule of ``str.lower``), nor ``İ`` (two characters).
    """
    low = ch.lower()
    return low == ch or (
        len(low) == 1
        and ch != "Σ"
        and low.isalpha() == ch.isalpha()
        and low.isspace() == ch.isspace()
        and _is_punct(low) == _is_punct(ch)
    )


@dataclass
class Words:
    """The words of a text, each as the id of its lowercase form, with the counts the
    word signals need (see :func:`text_words`)."""

    tokens: int  # whitespace tokens
    ids: np.ndarray  # id of each word's lowercase form, in text order (below ``bound``)
    lengths: np.ndarray  # characters of each lowercase form, indexed by id
    chars: int  # characters of the words as written
    alphabetic: int  # tokens holding a letter
    vocabulary: dict[str, int]  # lowercase form -> id


def text_words(text: str, lowered: str) -> Words:
    """The words of ``text``, whose ``str.lower()`` is ``lowered``.

    A text repeats its tokens (a 26 KB reST text has 2,800 tokens, 850 distinct), so
    every per-word step (stripping, lowering, lengths, letters) runs once per distinct
    token, and the tokens only get a distinct-token number (one dict pass): numpy then
    spreads the results over the text. When every character lowercases alike (all of
    ASCII, and nearly every text), the tokens of ``lowered`` are the lowercase tokens
    and serve for the counts too (same number, lengths and letters); otherwise each
    word of ``text`` is lowered on its own.
    """
    extra = _non_ascii(text)
    alike = all(map(_lowers_alike, extra))
    tokens = (lowered if alike else text).split()
    punct, non_letters = _strip_sets((ch.lower() for ch in extra) if alike else extra)
    first: dict[str, int] = {}
    seen_at = np.fromiter(map(first.setdefault, tokens, count()), np.int64, len(tokens))
    distinct = list(first)
    number = np.empty(len(tokens), np.int64)  # token position -> distinct-token number
    number[np.fromiter(first.values(), np.int64, len(first))] = np.arange(len(first))
    occurrences = np.bincount(number[seen_at], minlength=len(first))
    words = [token.strip(punct) for token in distinct]  # "" for a token of symbols only
    lowered_words = words if alike else list(map(str.lower, words))
    vocabulary: dict[str, int] = {}
    ids = np.fromiter(map(vocabulary.setdefault, lowered_words, count()), np.int64, len(words))
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    lowered_lengths = lengths if alike else np.fromiter(map(len, lowered_words), np.int64)
    by_id = np.zeros(len(words), np.int64)
    by_id[ids] = lowered_lengths
    numbers = number[seen_at]
    return Words(
        tokens=len(tokens),
        ids=ids[numbers][(lengths > 0)[numbers]],
        lengths=by_id,
        chars=int(occurrences @ lengths),
        alphabetic=int(occurrences[_has_letter(words, non_letters)].sum()),
        vocabulary=vocabulary,
    )


def _has_letter(words: list[str], non_letters: str) -> np.ndarray:
    """Gopher's alphabetic-word rule, per word: whether it holds a letter.

    Letters are never punctuation, so a token holds one exactly when its word does; most
    words are letters only (``str.isalpha``, one C call), and only the others (``R&D``,
    ``2024``, ``x²``) are stripped of non-letters to see whether anything is left.
    """
    letters = np.fromiter(map(str.isalpha, words), bool, len(words))
    mixed = np.flatnonzero(~letters).tolist()
    letters[mixed] = [bool(words[i].strip(non_letters)) for i in mixed]
    return letters


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _duplicates(items: list[str]) -> tuple[int, int]:
    """``(count, characters)`` of the items that repeat an earlier item.

    Gopher's definition: the first occurrence is the original, every later one a duplicate;
    so the duplicates are what is left once each distinct item is counted once (C-level
    passes, no loop per item).
    """
    distinct = set(items)
    return len(items) - len(distinct), sum(map(len, items)) - sum(map(len, distinct))


def _sort_order(pairs: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """``(order, pairs[order])`` with ``pairs`` (each below ``bound ** 2``) in ascending
    order, equal ones by position.

    Each pair is shifted left and given its position in the low bits, so that one plain
    value sort (vectorized, about twice as fast as ``argsort`` here) yields both; a text
    too long for that to fit in 63 bits (over about two million words) uses ``argsort``.
    """
    shift = len(pairs).bit_length()
    if bound * bound << shift >= 1 << 63:
        order = np.argsort(pairs, kind="stable")
        return order, pairs[order]
    keyed = np.sort((pairs << shift) | np.arange(len(pairs)))
    return keyed & ((1 << shift) - 1), keyed >> shift


class NgramCounts:
    """The repeated word n-grams of a text, for n = 1, 2, 3, ... in turn.

    An (n+1)-gram can only repeat where the n-grams at its first and its second word both
    repeat, so each size looks only at the starts whose n-gram repeated (on reST, a third
    of the words at n = 3, a tenth at n = 5) instead of at every word. Each start carries
    a dense integer id of its n-gram; the id of an (n+1)-gram is the rank of the pair (id
    of the n-gram at its start, id of the n-gram one word on): one integer sort per size
    over those starts, no tuple per n-gram, and exact (no hashing), so two different
    n-grams never share an id. :meth:`grow` moves forward only: the object serves one
    pass over the sizes.
    """

    def __init__(self, ids: np.ndarray, lengths: np.ndarray, vocabulary: dict[str, int]) -> None:
        """``ids``: each word's id, all below ``len(lengths)``; ``lengths``: characters of
        the word of each id; ``vocabulary``: word -> id (for :meth:`occurrences`)."""
        self.table = vocabulary
        self.length = len(ids)
        self.before = np.zeros(len(ids) + 1, np.int64)  # characters before word i
        np.cumsum(lengths[ids], out=self.before[1:])
        self.total = int(self.before[-1])
        self.n = 1
        self.word_counts = np.bincount(ids, minlength=len(lengths))
        repeated = self.word_counts[ids] > 1
        self.starts = np.flatnonzero(repeated)  # where a repeated n-gram starts, ascending
        self.ids = ids[repeated]  # the id of the n-gram at each of ``starts``
        self.bound = len(lengths)  # every id is below it
        self.top = 0  # occurrences of the most frequent n-gram, when grown with count_top
        self.top_starts = np.zeros(0, np.int64)  # and where each of its occurrences starts

    @classmethod
    def of_words(cls, words: list[str]) -> NgramCounts:
        """The counts of a list of words, each word its own id."""
        vocabulary = dict(zip(dict.fromkeys(words), count()))
        ids = np.fromiter(map(vocabulary.__getitem__, words), np.int64, len(words))
        return cls(ids, np.fromiter(map(len, vocabulary), np.int64, len(vocabulary)), vocabulary)

    def occurrences(self, words: Iterable[str]) -> int:
        """How many times any of ``words`` occurs in the text."""
        return sum(int(self.word_counts[self.table[w]]) for w in words if w in self.table)

    def grow(self, count_top: bool = False) -> None:
        """Move from n-grams to (n+1)-grams; ``count_top`` also counts each one's occurrences
        (for :meth:`top_chars_frac`), which the duplicate signal does not need."""
        starts, ids = self.starts, self.ids
        follows = np.flatnonzero(starts[1:] - starts[:-1] == 1)  # the next n-gram repeats too
        candidates = starts[follows]
        # ids < bound <= number of words: the pair fits in int64 below 3e9 words.
        pairs = ids[follows] * self.bound + ids[follows + 1]
        self.n += 1
        self.top = 0
        if len(pairs) < 2:  # no (n+1)-gram repeats
            self.starts = self.ids = np.zeros(0, np.int64)
            return
        order, ranked = _sort_order(pairs, self.bound)
        new = np.empty(len(ranked), bool)  # differs from the one before, in sorted order
        new[0] = True
        np.not_equal(ranked[1:], ranked[:-1], out=new[1:])
        ranks = np.cumsum(new) - 1
        repeated = ~new
        repeated[:-1] |= ~new[1:]
        if count_top:
            counts = np.bincount(ranks)[ranks]  # of the n-gram at each sorted candidate
            self.top = int(counts.max())
            self.top_starts = candidates[order[counts == self.top]]
        kept = np.sort(order[repeated])  # their places among the candidates, ascending
        position_ranks = np.empty_like(ranks)
        position_ranks[order] = ranks
        self.starts = candidates[kept]
        self.ids = position_ranks[kept]
        self.bound = len(ranked)

    def top_chars_frac(self) -> float:
        """Gopher: characters in the most frequent word n-gram (all its occurrences) / word chars.

        Only a repeated n-gram counts: a text whose n-grams are all unique scores 0, not the
        length of an arbitrary first n-gram. Among equally frequent n-grams the one with
        more characters wins (the paper leaves ties open; this reading is the stricter one).
        Needs the counts of :meth:`grow` (``count_top``).
        """
        if self.top < 2:
            return 0.0
        starts = self.top_starts
        chars = self.before[starts + self.n] - self.before[starts]
        return _ratio(self.top * int(chars.max()), self.total)

    def dup_chars_frac(self) -> float:
        """Gopher: characters of words inside any n-gram that occurs more than once / word chars.

        Every occurrence of a repeated n-gram is covered (the first too), and a word covered
        by several overlapping n-grams counts once, as the paper asks: each start covers
        its words up to the next start, or its n words when the next start is further.
        """
        starts = self.starts
        if not len(starts):
            return 0.0
        ends = np.minimum(starts + self.n, np.append(starts[1:], self.length))
        return _ratio(int(self.before[ends].sum() - self.before[starts].sum()), self.total)


def ngram_char_fracs(
    ngrams: NgramCounts,
    top_sizes: tuple[int, ...] = TOP_NGRAM_SIZES,
    dup_sizes: tuple[int, ...] = DUP_NGRAM_SIZES,
) -> tuple[dict[int, float], dict[int, float]]:
    """Gopher's repetition signals: ``({n: top n-gram frac}, {n: duplicated n-gram frac})``.

    Sizes are visited in increasing order, growing ``ngrams`` in place, and an
    n-gram can only repeat where the (n-1)-gram it opens with repeats: once a size has no
    repeat, every larger size scores 0 without being counted, which on ordinary prose
    ends the work after a few sizes.
    """
    top: dict[int, float] = {}
    dup: dict[int, float] = {}
    for n in range(2, max((*top_sizes, *dup_sizes), default=1) + 1):
        if len(ngrams.starts) < 2:  # no (n-1)-gram repeats, so no n-gram does
            top_frac = dup_frac = 0.0
        else:
            ngrams.grow(count_top=n in top_sizes)
            top_frac = ngrams.top_chars_frac() if n in top_sizes else 0.0
            dup_frac = ngrams.dup_chars_frac() if n in dup_sizes else 0.0
        if n in top_sizes:
            top[n] = top_frac
        if n in dup_sizes:
            dup[n] = dup_frac
    return top, dup


def lines_and_paragraphs(text: str) -> tuple[list[str], list[str]]:
    """Non-blank lines, stripped, and paragraphs: blocks of those lines between blank lines.

    A paragraph keeps its lines joined by ``\\n``; ``"a\\n\\n  \\n b"`` gives the lines
    ``["a", "b"]`` and the paragraphs ``["a", "b"]``.
    """
    stripped = list(map(str.strip, text.split("\n")))
    blocks = "\n".join(stripped).split("\n\n")  # a blank line is now an empty one
    return list(filter(None, stripped)), list(filter(None, [b.strip("\n") for b in blocks]))


def _line_signals(lines: list[str]) -> dict[str, float]:
    """The per-line fractions of Gopher, C4 and FineWeb, counted in one pass over ``lines``."""
    # Each count is one C-level pass over the lines (str methods mapped, booleans summed).
    bullets = sum(map(str.startswith, lines, repeat(BULLETS)))
    ellipses = sum(map(str.endswith, lines, repeat(ELLIPSES)))
    punct = sum(map(str.endswith, lines, repeat(C4_END_MARKS)))
    short = sum(map(FINEWEB_SHORT_LINE.__gt__, map(len, lines)))
    dup_lines, dup_line_chars = _duplicates(lines)
    return {
        "gopher_bullet_lines_frac": _ratio(bullets, len(lines)),
        "gopher_ellipsis_lines_frac": _ratio(ellipses, len(lines)),
        "gopher_dup_lines_frac": _ratio(dup_lines, len(lines)),
        "gopher_dup_line_chars_frac": _ratio(dup_line_chars, sum(map(len, lines))),
        "c4_punct_lines_frac": _ratio(punct, len(lines)),
        "fineweb_short_lines_frac": _ratio(short, len(lines)),
    }


def quality_signals(text: str) -> dict[str, Any]:
    """Every signal for ``text``, keyed by tag name (see the module docstring for sources).

    The text is split into tokens, words and lines once, and every signal reads those.
    """
    lowered = text.lower()
    words = text_words(text, lowered)
    n_words = len(words.ids)
    lines, paras = lines_and_paragraphs(text)
    ngrams = NgramCounts(words.ids, words.lengths, words.vocabulary)
    hashes = text.count("#")
    ellipses = text.count("...") + text.count("…")
    dup_paras, dup_para_chars = _duplicates(paras)
    lined = _line_signals(lines)
    top, dup = ngram_char_fracs(ngrams)
    signals: dict[str, Any] = {
        "gopher_word_count": n_words,
        "gopher_mean_word_length": round(words.chars / n_words, 4) if n_words else 0.0,
        "gopher_symbol_word_ratio": _ratio(max(hashes, ellipses), n_words),
        "gopher_alpha_words_frac": _ratio(words.alphabetic, words.tokens),
        "gopher_stop_words": ngrams.occurrences(GOPHER_STOP_WORDS),
        "gopher_bullet_lines_frac": lined["gopher_bullet_lines_frac"],
        "gopher_ellipsis_lines_frac": lined["gopher_ellipsis_lines_frac"],
        "gopher_dup_lines_frac": lined["gopher_dup_lines_frac"],
        "gopher_dup_line_chars_frac": lined["gopher_dup_line_chars_frac"],
        "gopher_dup_paras_frac": _ratio(dup_paras, len(paras)),
        "gopher_dup_para_chars_frac": _ratio(dup_para_chars, sum(map(len, paras))),
        **{f"gopher_top_{n}gram_chars_frac": frac for n, frac in top.items()},
        **{f"gopher_dup_{n}gram_chars_frac": frac for n, frac in dup.items()},
        "c4_punct_lines_frac": lined["c4_punct_lines_frac"],
        "c4_lorem_ipsum": "lorem ipsum" in lowered,
        "c4_curly_bracket": "{" in text or "}" in text,
        "fineweb_short_lines_frac": lined["fineweb_short_lines_frac"],
    }
    return signals


@dataclass
class QualitySignals(StageBase):
    """Tag every kept document with the Gopher, C4 and FineWeb quality signals.

    It never rejects and never changes the text: ``filter.quality`` decides. The cost is
    one split of the text, one C-level strip per token, and one integer sort per n-gram
    size up to the first size without a repeat (README, "Quality signals", for figures).
    """

    name: ClassVar[str] = "tag.quality"
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {
        "gopher_word_count": "int",
        "gopher_mean_word_length": "float",
        "gopher_symbol_word_ratio": "float",
        "gopher_alpha_words_frac": "float",
        "gopher_stop_words": "int",
        "gopher_bullet_lines_frac": "float",
        "gopher_ellipsis_lines_frac": "float",
        "gopher_dup_lines_frac": "float",
        "gopher_dup_line_chars_frac": "float",
        "gopher_dup_paras_frac": "float",
        "gopher_dup_para_chars_frac": "float",
        "gopher_top_2gram_chars_frac": "float",
        "gopher_top_3gram_chars_frac": "float",
        "gopher_top_4gram_chars_frac": "float",
        "gopher_dup_5gram_chars_frac": "float",
        "gopher_dup_6gram_chars_frac": "float",
        "gopher_dup_7gram_chars_frac": "float",
        "gopher_dup_8gram_chars_frac": "float",
        "gopher_dup_9gram_chars_frac": "float",
        "gopher_dup_10gram_chars_frac": "float",
        "c4_punct_lines_frac": "float",
        "c4_lorem_ipsum": "bool",
        "c4_curly_bracket": "bool",
        "fineweb_short_lines_frac": "float",
    }

    def process(self, doc: Document) -> Document:
        doc.tags.update(quality_signals(doc.text))
        return doc
