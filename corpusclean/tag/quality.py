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
from collections.abc import Collection
from dataclasses import dataclass
from itertools import count, repeat
from operator import itemgetter
from typing import Any, ClassVar

import numpy as np

from ..document import Document
from ..stage import StageBase

#: Gopher's stop-word rule: a document must hold at least two of these English words.
GOPHER_STOP_WORDS = frozenset({"the", "be", "to", "of", "and", "that", "have", "with"})

#: Characters Gopher counts as a bullet when they open a line (one character each).
BULLETS = ("•", "●", "○", "◦", "■", "□", "▪", "▫", "‣", "⁃", "➤", "►", "-", "*", "–", "—")

#: C4 keeps lines ending in one of these (its reference implementation's end marks; one
#: character each).
# C4's own definition of a line that ends a sentence (its paper's rule), on purpose not
# corpusclean.text.SENTENCE_END_MARKS: the signal must mean what the paper measured.
C4_END_MARKS = (".", "!", "?", '"', "”")

FINEWEB_SHORT_LINE = 30  # FineWeb: a line under 30 characters counts as short
TOP_NGRAM_SIZES = (2, 3, 4)  # Gopher: most frequent 2-, 3- and 4-gram
DUP_NGRAM_SIZES = (5, 6, 7, 8, 9, 10)  # Gopher: duplicated 5- to 10-grams


def _is_punct(ch: str) -> bool:
    """Punctuation or symbol: Unicode categories P* and S*, as ``#``, ``...``, ``“`` or ``€``."""
    return unicodedata.category(ch)[0] in "PS"


_ASCII = [chr(code) for code in range(128)]
ASCII_PUNCT = "".join(filter(_is_punct, _ASCII))  # the 32 of string.punctuation
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


def words_of(text: str) -> list[str]:
    """Whitespace tokens with their edge punctuation stripped; pure-symbol tokens dropped.

    ``"Hello, world ... #tag"`` gives ``["Hello", "world", "tag"]``. The definition as
    strings; :func:`text_words` finds the same words without making them.
    """
    punct = ASCII_PUNCT + "".join(filter(_is_punct, _non_ascii(text)))
    return list(filter(None, map(str.strip, text.split(), repeat(punct))))


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
    """The words of a text, each as the id of its lowercase form (see :func:`text_words`)."""

    tokens: int  # whitespace tokens
    ids: np.ndarray  # id of each word's lowercase form, in text order (below ``len(lengths)``)
    lengths: np.ndarray  # characters of each lowercase form, indexed by id
    chars: int  # characters of the words as written
    alphabetic: int  # tokens holding a letter
    stop_words: int  # occurrences of Gopher's stop words


# Character classes, as bits: what str.split, the word strip and the letter test see,
# and whether str.lower maps the character alike (see _lowers_alike).
_SPACE, _PUNCT, _LETTER, _LOWERS_ODDLY = 1, 2, 4, 8


def _class_of(ch: str) -> int:
    """The class bits of one character, by the str methods the definitions name."""
    return (
        (_SPACE * ch.isspace())
        | (_PUNCT * _is_punct(ch))
        | (_LETTER * ch.isalpha())
        | (_LOWERS_ODDLY * (not _lowers_alike(ch)))
    )


#: The class of every character by code point: ASCII filled here, other characters the
#: first time a text holds them (``_classify``). 1.1 MB, touched only where used.
_CLASSES = np.zeros(0x110000, np.uint8)
_CLASSES[:128] = [_class_of(ch) for ch in _ASCII]
_CLASSIFIED: set[str] = set()  # the non-ASCII characters in _CLASSES
_LOWERING_ODDLY: set[str] = set()  # and those among them that do not lowercase alike
_P = 0x9E3779B1  # odd, so invertible modulo 2**32
_MASK32 = (1 << 32) - 1


def _classify(extra: set[str]) -> None:
    """Enter the characters of ``extra`` not seen yet in the class table: a corpus holds a
    few thousand distinct ones (tens of thousands with CJK), each classified once."""
    for ch in extra - _CLASSIFIED:
        _CLASSES[ord(ch)] = _class_of(ch)
        if _CLASSES[ord(ch)] & _LOWERS_ODDLY:
            _LOWERING_ODDLY.add(ch)
    _CLASSIFIED.update(extra)


def _codes(text: str) -> np.ndarray:
    """The code points of ``text``, one per character (lone surrogates included)."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), np.uint8)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def text_words(text: str, lowered: str) -> Words:
    """The words of ``text``, whose ``str.lower()`` is ``lowered``, without a Python object
    per word.

    Tokens are the runs of non-space characters (``str.split``), a word is a token from
    its first to its last character that is not punctuation, and a token is alphabetic
    when it holds a letter: all three are searches over the character classes. When every
    character lowercases alike (all of ASCII, and nearly every text), the lowercase form
    of a word is the same range of ``lowered``, and words get ids from a hash of that
    range, checked character by character (:func:`_hashed_ids`); otherwise, or on a hash
    collision, each word is lowered on its own and numbered in a dict.
    """
    extra = _non_ascii(text)
    _classify(extra)
    classes = _CLASSES.take(_codes(text))
    space = np.ones(len(classes) + 2, np.int8)
    np.bitwise_and(classes, _SPACE, out=space[1:-1].view(np.uint8))
    # Where a token starts, then where it ends, ... (nonzero is fast on booleans only).
    edges = np.not_equal(space[1:], space[:-1]).nonzero()[0]
    starts, ends = edges[0::2], edges[1::2]
    letters = _running_count(classes & _LETTER)  # (a multiple of) letters before each position
    alphabetic = int((letters[ends] > letters[starts]).sum())
    is_core = (classes & (_SPACE | _PUNCT)) == 0
    cores = _running_count(is_core)
    before, through = cores[starts], cores[ends]  # cores before the token, and through it
    is_word = through > before
    core = np.flatnonzero(is_core)
    first, last = core[before[is_word]], core[through[is_word] - 1] + 1  # last: exclusive
    lengths = last - first
    found = None
    if extra.isdisjoint(_LOWERING_ODDLY):
        found = _hashed_ids(_codes(lowered), lowered, first, lengths)
    if found is None:
        forms = [text[a:b].lower() for a, b in zip(first.tolist(), last.tolist(), strict=True)]
        found = _dict_ids(forms)
    ids, by_id, stop_words = found
    return Words(len(starts), ids, by_id, int(lengths.sum()), alphabetic, stop_words)


def _running_count(flags: np.ndarray) -> np.ndarray:
    """``counts[i]``: the sum of ``flags[:i]`` (for ``i`` up to ``len(flags)``): how many
    are set when they are booleans."""
    counts = np.zeros(len(flags) + 1, np.int32)  # int32: half the memory, and faster
    np.cumsum(flags, out=counts[1:])
    return counts


def _polynomial_hash(word: str) -> int:
    """The hash :func:`_range_hashes` gives the range holding ``word``."""
    h = 0
    for ch in word:
        h = (h * _P + ord(ch) + 1) & _MASK32
    return h


_STOP_WORDS = sorted(GOPHER_STOP_WORDS)
_STOP_HASHES = np.array([_polynomial_hash(w) for w in _STOP_WORDS], np.uint64)


class _Powers:
    """``P ** k`` and ``P ** -(k + 1)`` modulo 2**32 for ``k`` up to the longest text seen."""

    def __init__(self) -> None:
        self.tables = (np.ones(1, np.uint32), np.ones(1, np.uint32))  # replaced as one

    def __call__(self, size: int) -> tuple[np.ndarray, np.ndarray]:
        tables = self.tables
        if len(tables[0]) < size:
            size = max(size, 2 * len(tables[0]))
            inverse = pow(_P, -1, 1 << 32)
            up = np.cumprod(np.full(size, _P, np.uint32), dtype=np.uint32)
            up *= np.uint32(inverse)
            down = np.cumprod(np.full(size, inverse, np.uint32), dtype=np.uint32)
            tables = self.tables = (up, down)
        return tables


_POWERS = _Powers()


def _range_hashes(codes: np.ndarray, first: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The 32-bit polynomial hash of each range ``codes[first:ends]``.

    Read off prefix sums, one subtraction and one product per range (the scheme of
    :mod:`corpusclean.dedup.shingles`); 32 bits keep the work arrays small, and
    :func:`_hashed_ids` checks every equal hash on the characters anyway.
    """
    up, down = _POWERS(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, np.uint32)
    terms = prefix[1:]  # the terms, summed in place
    np.add(codes, 1, out=terms, dtype=np.uint32)
    terms *= down[: len(codes)]
    np.cumsum(terms, out=terms)
    hashes = prefix[ends]
    hashes -= prefix[first]
    hashes *= up[ends]
    return hashes


def _hashed_ids(
    codes: np.ndarray, lowered: str, first: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """``(ids, lengths by id, stop words)`` of the words at ``first`` (``lengths`` long)
    in the lowercase text whose code points are ``codes``; ``None`` if two different
    words share a hash (then the caller numbers them in a dict).

    Equal hashes are checked to be equal words on their characters, so the ids are
    exact; a stop word is found by its hash and checked on the text.
    """
    keys, where, ids = _grouped(_range_hashes(codes, first, first + lengths))
    if not _same_words(codes, first, lengths, where[ids]):
        return None
    counts = np.bincount(ids, minlength=len(keys))
    at = np.minimum(np.searchsorted(keys, _STOP_HASHES), len(keys) - 1)
    found = (keys[at] == _STOP_HASHES).nonzero()[0] if len(keys) else at[:0]
    stop_words = 0
    for i, k in zip(found.tolist(), at[found].tolist(), strict=True):
        start, size = int(first[where[k]]), int(lengths[where[k]])
        stop_words += int(counts[k]) if lowered[start : start + size] == _STOP_WORDS[i] else 0
    return ids, lengths[where], stop_words


def _grouped(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(keys, first, ids)``: the distinct 32-bit ``hashes``, ascending; the position of
    the first word of each; and each word's rank among them.

    Each hash is shifted left and given its position in the low 32 bits, so that one plain
    value sort (vectorized, several times faster than the stable ``argsort`` of
    ``np.unique``) groups equal hashes with their positions in order.
    """
    keyed = hashes.astype(np.uint64)
    keyed <<= np.uint64(32)
    keyed |= np.arange(len(hashes), dtype=np.uint64)
    keyed.sort()
    order = (keyed & np.uint64(_MASK32)).astype(np.int64)
    keyed >>= np.uint64(32)
    new = np.ones(len(keyed), bool)  # the first of its group, in sorted order
    np.not_equal(keyed[1:], keyed[:-1], out=new[1:])
    ids = np.empty(len(keyed), np.int64)
    ids[order] = np.cumsum(new) - 1
    return keyed[new], order[new], ids


def _same_words(codes: np.ndarray, first: np.ndarray, lengths: np.ndarray, rep: np.ndarray) -> bool:
    """Whether the word at each ``first`` equals the word at ``first[rep]``, character by
    character (the representative of its hash).

    The characters of every word that is not its own representative, and of its
    representative, are gathered in two index arrays built by running sums (a word's
    indices step by one, and jump at the next word), without a Python loop.
    """
    other = (rep != np.arange(len(rep))).nonzero()[0]
    if not len(other):
        return True
    size = lengths[other]
    if not np.array_equal(size, lengths[rep[other]]):
        return False
    begin = first[other]
    ends = size.cumsum()
    steps = np.ones(int(ends[-1]), np.int64)
    steps[0] = begin[0]
    steps[ends[:-1]] = begin[1:] - begin[:-1] - size[:-1] + 1
    here = steps.cumsum()
    offset = first[rep[other]] - begin  # from a word to its representative
    jumps = np.zeros(len(steps), np.int64)
    jumps[0] = offset[0]
    jumps[ends[:-1]] = np.diff(offset)
    return bool(np.array_equal(codes[here], codes[here + jumps.cumsum()]))


def _dict_ids(forms: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """``(ids, lengths by id, stop words)`` of the lowercase words ``forms``."""
    vocabulary = dict(zip(dict.fromkeys(forms), count()))
    ids = np.fromiter(map(vocabulary.__getitem__, forms), np.int64, len(forms))
    counts = np.bincount(ids, minlength=len(vocabulary))
    stop_words = sum(int(counts[vocabulary[w]]) for w in GOPHER_STOP_WORDS if w in vocabulary)
    return ids, np.fromiter(map(len, vocabulary), np.int64, len(vocabulary)), stop_words


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _duplicates(items: list[str], chars: int) -> tuple[int, int]:
    """``(count, characters)`` of the items that repeat an earlier item, given the
    characters of all ``items``.

    Gopher's definition: the first occurrence is the original, every later one a duplicate;
    so the duplicates are what is left once each distinct item is counted once (C-level
    passes, no loop per item).
    """
    distinct = set(items)
    return len(items) - len(distinct), chars - sum(map(len, distinct))


def _sort_order(keys: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """``(order, keys[order])`` with ``keys`` (each below ``limit``, overwritten) in
    ascending order, equal ones by position.

    Each key is shifted left and given its position in the low bits, so that one plain
    value sort (vectorized, about twice as fast as ``argsort`` here) yields both; keys
    too large for that to fit in 63 bits (texts of over about two million words, or of
    a very large vocabulary) use ``argsort``.
    """
    shift = len(keys).bit_length()
    if limit << shift >= 1 << 63:
        order = np.argsort(keys, kind="stable")
        return order, keys[order]
    keys <<= shift
    keys |= np.arange(len(keys))
    keys.sort()
    order = keys & ((1 << shift) - 1)
    keys >>= shift
    return order, keys


def _group_starts(ranked: np.ndarray) -> np.ndarray:
    """``len(ranked) + 1`` flags: where a run of equal values of ``ranked`` starts (and one
    past the end)."""
    new = np.empty(len(ranked) + 1, bool)
    new[0] = new[-1] = True
    np.not_equal(ranked[1:], ranked[:-1], out=new[1:-1])
    return new


class NgramCounts:
    """The repeated word n-grams of a text, for n = 1, 2, 3, ... in turn.

    An (n+1)-gram can only repeat where the n-grams at its first and its second word both
    repeat, so each size looks only at the starts whose n-gram repeated (on reST, a third
    of the words at n = 3, a tenth at n = 5) instead of at every word. Each start carries
    an integer id of its n-gram; the id of an (n+1)-gram is the rank of the pair (id of
    the n-gram at its start, id of the n-gram one word on): one integer sort per size
    over those starts, no tuple per n-gram, and exact (word ids are, see
    :func:`text_words`), so two different n-grams never share an id. :meth:`grow` moves
    forward only: the object serves one pass over the sizes.
    """

    def __init__(self, ids: np.ndarray, lengths: np.ndarray) -> None:
        """``ids``: each word's id, all below ``len(lengths)``; ``lengths``: characters of
        the word of each id."""
        self.words = ids
        self.vocabulary_size = len(lengths)
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
        return cls(ids, np.fromiter(map(len, vocabulary), np.int64, len(vocabulary)))

    def grow(self, count_top: bool = False) -> None:
        """Move from n-grams to (n+1)-grams; ``count_top`` also counts each one's occurrences
        (for :meth:`top_chars_frac`), which the duplicate signal does not need."""
        starts, ids = self.starts, self.ids
        follows = (starts[1:] - starts[:-1] == 1).nonzero()[0]  # the next n-gram repeats too
        candidates = starts[follows]
        # ids < bound <= number of words: the pair fits in int64 below 3e9 words.
        pairs = ids[follows] * self.bound
        pairs += ids[follows + 1]
        self.n += 1
        self.top = 0
        m = len(pairs)
        if m < 2:  # no (n+1)-gram repeats
            self.starts = self.ids = np.zeros(0, np.int64)
            return
        order, ranked = _sort_order(pairs, self.bound * self.bound)
        new = _group_starts(ranked)
        if count_top:
            ranks = new[:m].cumsum()
            counts = np.bincount(ranks)[ranks]  # of the n-gram at each sorted candidate
            self.top = int(counts.max())
            self.top_starts = candidates[order[counts == self.top]]
        self._keep_repeated(candidates, order, new)

    def _keep_repeated(self, candidates: np.ndarray, order: np.ndarray, new: np.ndarray) -> None:
        """Keep the ``candidates`` whose n-gram repeats, given their sorted ``order`` and
        where each run of equal n-grams starts in it (:func:`_group_starts`)."""
        m = len(order)
        ranks = new[:m].cumsum()  # from 1: the ids of the n-grams are below m + 1
        repeated = new[:m] & new[1:]  # for now: equal to neither neighbour
        np.logical_not(repeated, out=repeated)
        kept = order[repeated]
        kept.sort()  # their places among the candidates, ascending
        position_ranks = np.empty_like(ranks)
        position_ranks[order] = ranks
        self.starts = candidates[kept]
        self.ids = position_ranks[kept]
        self.bound = m + 1

    def leap(self, k: int, top_sizes: Collection[int]) -> dict[int, float] | None:
        """Move from words straight to k-grams, with the top fraction (as
        :meth:`top_chars_frac`) of each of ``top_sizes`` (all at most k) on the way.

        The starts of repeated words are sorted once by their next k words, packed in
        one integer: the n-grams for every n up to k are then runs of equal leading
        words, which costs a third of growing size by size to k = 4. ``None``, with
        nothing done, when k word ids do not fit in 63 bits (a vocabulary over 55,000
        words at k = 4) or the counts have grown already.
        """
        base = self.vocabulary_size + 1  # ids from 1; 0 past the end of the text
        if self.n != 1 or base**k >= 1 << 63:
            return None
        starts = self.starts
        padded = np.zeros(self.length + k, np.int64)
        np.add(self.words, 1, out=padded[: self.length])
        keys = padded[starts]
        for j in range(1, k):
            keys *= base
            keys += padded[starts + j]
        order, ranked = _sort_order(keys, base**k)
        fracs = {}
        for n in sorted(top_sizes):
            new = _group_starts(ranked // base ** (k - n) if n < k else ranked)
            fracs[n] = self._top_frac(new, starts[order], n)
        self._keep_repeated(starts, order, _group_starts(ranked))
        self.n = k
        return fracs

    def _top_frac(self, new: np.ndarray, sorted_starts: np.ndarray, n: int) -> float:
        """:meth:`top_chars_frac` of the n-grams at ``sorted_starts``, runs of equal ones
        starting where ``new`` is set. A window running past the end of the text holds
        the 0 no word has, so it is alone in its run and never the top n-gram."""
        bounds = new.nonzero()[0]
        sizes = bounds[1:] - bounds[:-1]
        top = int(sizes.max())
        if top < 2:
            return 0.0
        firsts = sorted_starts[bounds[:-1][sizes == top]]  # one occurrence of each
        chars = self.before[firsts + n] - self.before[firsts]
        return _ratio(top * int(chars.max()), self.total)

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

    The top sizes come from one sort (:meth:`NgramCounts.leap`) when no duplicate size is
    among them. Sizes after are visited in increasing order, growing ``ngrams`` in place,
    and an n-gram can only repeat where the (n-1)-gram it opens with repeats: once a size
    has no repeat, every larger size scores 0 without being counted, which on ordinary
    prose ends the work after a few sizes.
    """
    top: dict[int, float] = {}
    dup: dict[int, float] = {}
    first = 2  # the first size to grow to
    last_top = max(top_sizes, default=1)
    if len(ngrams.starts) >= 2 and 2 <= last_top < min(dup_sizes, default=last_top + 1):
        leapt = ngrams.leap(last_top, top_sizes)
        if leapt is not None:
            top, first = leapt, last_top + 1
    for n in range(first, max((*top_sizes, *dup_sizes), default=1) + 1):
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
    # Bullets and end marks are single characters: they are counted in the string of the
    # lines' first (last) characters, a few C-level passes over one short string instead
    # of a method call per line. Only a line ending in "." can end in "...".
    heads = "".join(map(itemgetter(0), lines))
    tails = "".join(map(itemgetter(-1), lines))
    bullets = sum(map(heads.count, BULLETS))
    ellipses = tails.count("…")
    if "." in tails:
        ellipses += sum(map(str.endswith, lines, repeat("...")))
    punct = sum(map(tails.count, C4_END_MARKS))
    lengths = np.fromiter(map(len, lines), np.int64, len(lines))
    chars = int(lengths.sum())
    short = int((lengths < FINEWEB_SHORT_LINE).sum())
    dup_lines, dup_line_chars = _duplicates(lines, chars)
    return {
        "gopher_bullet_lines_frac": _ratio(bullets, len(lines)),
        "gopher_ellipsis_lines_frac": _ratio(ellipses, len(lines)),
        "gopher_dup_lines_frac": _ratio(dup_lines, len(lines)),
        "gopher_dup_line_chars_frac": _ratio(dup_line_chars, chars),
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
    ngrams = NgramCounts(words.ids, words.lengths)
    hashes = text.count("#")
    ellipses = text.count("...") + text.count("…")
    para_chars = sum(map(len, paras))
    dup_paras, dup_para_chars = _duplicates(paras, para_chars)
    lined = _line_signals(lines)
    top, dup = ngram_char_fracs(ngrams)
    signals: dict[str, Any] = {
        "gopher_word_count": n_words,
        "gopher_mean_word_length": round(words.chars / n_words, 4) if n_words else 0.0,
        "gopher_symbol_word_ratio": _ratio(max(hashes, ellipses), n_words),
        "gopher_alpha_words_frac": _ratio(words.alphabetic, words.tokens),
        "gopher_stop_words": words.stop_words,
        "gopher_bullet_lines_frac": lined["gopher_bullet_lines_frac"],
        "gopher_ellipsis_lines_frac": lined["gopher_ellipsis_lines_frac"],
        "gopher_dup_lines_frac": lined["gopher_dup_lines_frac"],
        "gopher_dup_line_chars_frac": lined["gopher_dup_line_chars_frac"],
        "gopher_dup_paras_frac": _ratio(dup_paras, len(paras)),
        "gopher_dup_para_chars_frac": _ratio(dup_para_chars, para_chars),
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
    a few numpy passes over the text's characters (no Python object per word), one split
    into lines, and one integer sort per n-gram size up to the first size without a
    repeat (docs/tagging.md, "Quality signals", for figures).
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
