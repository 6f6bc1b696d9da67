"""Word n-gram shingles of a text, hashed to 32-bit keys in a handful of numpy operations.

A shingle is ``n`` consecutive words of the folded text: casefolded, with punctuation and
runs of whitespace turned into one space, so re-wrapped lines, curly versus straight quotes
and "BREAKING:" capitals do not make two copies of an article look different.

Folding and hashing work on the UTF-8 bytes (``bytes.translate`` with a byte table, then
numpy), never with a Python loop over words or characters (a regex over the text alone
costs four times all the rest):

* ASCII punctuation and control characters, Latin-1 punctuation and symbols
  (U+00A0-U+00BF: no-break space, guillemets, inverted marks, degree sign) and the
  General Punctuation block (U+2000-U+203F: typographic spaces, dashes, curly quotes,
  bullets, ellipsis) become spaces. Other scripts' punctuation (CJK, Arabic) stays part of
  its word: it changes a shingle only where two copies differ in it, which is rare.
* A polynomial hash over the bytes is turned into prefix sums ``G``, after which the hash
  of any byte range, and so of every n-word window at once, is one subtraction and one
  multiplication per window::

    hash(c[a:b]) = sum(c[k] * P**(b-1-k) for k in a..b-1)  (mod 2**64)
                 = P**b * (G[b] - G[a])  with  G[i] = sum(c[k] * P**-(k+1) for k < i)

All arithmetic wraps modulo 2**64 (numpy's unsigned overflow), ``P`` is odd so it has an
inverse modulo 2**64, and a murmur3 finalizer mixes the result before its top 32 bits are
kept as a ``uint32`` key. Nothing here uses Python's ``hash()``, which is salted per
process: the same text gives the same shingle keys on every machine and in every worker.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_P = np.uint64(0x9E3779B97F4A7C15)  # odd, so invertible modulo 2**64
_P_INV = np.uint64(pow(int(_P), -1, 1 << 64))
_SPACE = 0x20
_END = 0xFF  # marks the end of each text in a batch; never a byte of UTF-8 text
_SEPARATOR = b" \xff "
_U64 = np.uint64


def _byte_fold_table() -> np.ndarray:
    """Byte -> byte map: ASCII capitals to small letters, other ASCII that is not a letter,
    digit or ``_`` to a space; non-ASCII bytes stay (they are folded on the text)."""
    table = np.arange(256, dtype=np.uint8)
    for byte in range(128):
        char = chr(byte)
        if char.isupper():
            table[byte] = ord(char.lower())
        elif not (char.isalnum() or char == "_"):
            table[byte] = _SPACE
    return table


_FOLD = _byte_fold_table()
_FOLD_BYTES = _FOLD.tobytes()  # for bytes.translate, three times faster than numpy indexing


def fold_bytes(text: str) -> np.ndarray:
    """The casefolded UTF-8 bytes of ``text`` with punctuation folded to single spaces
    between words (no space at either end): the words :class:`ShingleHasher` sees."""
    raw = _squeeze(_fold_joined([text])[: -len(_SEPARATOR)])
    return raw[:-1] if len(raw) and raw[-1] == _SPACE else raw


def _squeeze(raw: np.ndarray) -> np.ndarray:
    """Folded bytes without leading spaces and with one space after each word."""
    word = raw != _SPACE
    keep = word.copy()
    keep[1:] |= word[:-1]  # a space survives only right after a word byte
    return raw[keep]


def _fold_multibyte(raw: np.ndarray) -> None:
    """Turn U+00A0-U+00BF and U+2000-U+203F (UTF-8 ``C2 A0-BF``, ``E2 80 xx``) into spaces."""
    if len(raw) > 1:
        lead, follow = raw[:-1], raw[1:]
        latin1 = np.flatnonzero((lead == 0xC2) & (follow >= 0xA0) & (follow <= 0xBF))
        for offset in (0, 1):
            raw[latin1 + offset] = _SPACE
    if len(raw) > 2:
        general = np.flatnonzero((raw[:-2] == 0xE2) & (raw[1:-1] == 0x80))
        for offset in (0, 1, 2):
            raw[general + offset] = _SPACE


def _mix(h: np.ndarray) -> np.ndarray:
    """murmur3's 64-bit finalizer, then the top 32 bits: windows that differ in one byte
    (whose polynomial hashes differ by a small multiple of a power of ``P``) come out
    unrelated, which the affine permutations of :class:`MinHasher` rely on."""
    h = h ^ (h >> _U64(33))
    h *= _U64(0xFF51AFD7ED558CCD)
    h ^= h >> _U64(33)
    h *= _U64(0xC4CEB9FE1A85EC53)
    h ^= h >> _U64(33)
    h >>= _U64(32)
    return h.astype(np.uint32)


class ShingleHasher:
    """Turns texts into the 32-bit keys of their word n-grams (well mixed ``uint32`` values).

    :meth:`batch` hashes many texts in one go: their folded bytes are joined, each text
    followed by an end mark (so no shingle crosses from one into the next), and every step
    is one numpy operation over the whole batch, which matters because a news article's 2,700
    bytes are too few to amortize numpy's per-call overhead (about 30 calls per batch).
    A key depends only on the bytes of its window, so a text gets the same keys alone as
    in any batch. The powers of ``P`` are cached on the instance and grown to the longest
    batch seen, so a worker computes them once per size class, not once per call.
    """

    def __init__(self, n: int) -> None:
        if n < 1:
            raise ValueError(f"shingle size must be at least 1 word, got {n}")
        self.n = n
        self._pow = np.ones(1, dtype=np.uint64)
        self._pow_inv = np.ones(1, dtype=np.uint64)

    def _powers(self, length: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self._pow) <= length:
            size = max(length + 1, 2 * len(self._pow))
            self._pow = _extended_powers(self._pow, int(_P), size)
            self._pow_inv = _extended_powers(self._pow_inv, int(_P_INV), size)
        return self._pow, self._pow_inv

    def __call__(self, text: str) -> np.ndarray:
        """Keys of every n-word window of ``text``; a text shorter than ``n`` words is one
        shingle; a text with no words has none (an empty array)."""
        return self.batch([text])[0]

    def batch(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The keys of all ``texts`` one after the other, and where each text's keys start:
        text ``i`` has ``keys[offsets[i]:offsets[i + 1]]`` (``len(texts) + 1`` offsets)."""
        offsets = np.zeros(len(texts) + 1, dtype=np.int64)
        if not texts:
            return np.empty(0, dtype=np.uint32), offsets
        folded = _squeeze(_fold_joined(texts))  # every word and end mark, then one space
        ends = np.flatnonzero(folded == _SPACE)
        begins = np.empty_like(ends)
        begins[0] = 0
        begins[1:] = ends[:-1] + 1
        # Word number of each text's end mark (the count of spaces before it), and so the
        # first word and the number of words of each text.
        marks = np.searchsorted(ends, np.flatnonzero(folded == _END))
        word_start = np.empty_like(marks)
        word_start[0] = 0
        word_start[1:] = marks[:-1] + 1
        words = marks - word_start
        # Windows: a text of m words has m - n + 1 of them, one if m <= n, none if m == 0.
        span = np.minimum(words, self.n)
        counts = np.where(words > 0, words - span + 1, 0)
        np.cumsum(counts, out=offsets[1:])
        total = int(offsets[-1])
        if not total:
            return np.empty(0, dtype=np.uint32), offsets
        first_word = np.arange(total) + np.repeat(word_start - offsets[:-1], counts)
        last_word = first_word + np.repeat(span - 1, counts)
        pow_, pow_inv = self._powers(len(folded))
        prefix = np.empty(len(folded) + 1, dtype=np.uint64)
        prefix[0] = 0
        terms = prefix[1:]  # the terms, summed in place
        np.add(folded, 1, out=terms, dtype=np.uint64)  # byte b has code b + 1: a NUL counts
        terms *= pow_inv[1 : len(folded) + 1]
        np.cumsum(terms, out=terms)
        lo, hi = begins[first_word], ends[last_word]
        h = prefix[hi]
        h -= prefix[lo]
        h *= pow_[hi]
        return _mix(h), offsets


def _extended_powers(known: np.ndarray, base: int, size: int) -> np.ndarray:
    """``base ** k`` modulo 2**64 for every ``k < size``, where ``known`` holds the first ones.

    Each step multiplies all the powers so far by the next power, doubling the table: about
    20 vector products for a million bytes, where a ``cumprod`` (one multiply after the
    other) took 10-50 ms, once per batch size a worker sees.
    """
    powers = np.empty(size, dtype=np.uint64)
    done = min(len(known), size)
    powers[:done] = known[:done]
    while done < size:
        step = min(done, size - done)
        factor = np.uint64(int(powers[done - 1]) * base % (1 << 64))  # base ** done
        np.multiply(powers[:step], factor, out=powers[done : done + step])
        done += step
    return powers


def _fold_joined(texts: Sequence[str]) -> np.ndarray:
    """The texts' UTF-8 bytes (casefolded where not ASCII), each followed by a space, an
    end mark and a space, folded byte-wise. The mark, byte 0xFF, never occurs in UTF-8, and
    the spaces keep a text's last word and the next text's first word apart. ``isascii()``
    is a flag lookup, and ASCII text needs neither ``casefold()`` (a third of the cost of a
    whole shingling) nor the multi-byte pass."""
    ascii_only = True
    parts = []
    for text in texts:
        if text.isascii():
            parts.append(text.encode("ascii"))
        else:
            ascii_only = False
            parts.append(text.casefold().encode("utf-8"))
    parts.append(b"")
    raw = np.frombuffer(_SEPARATOR.join(parts).translate(_FOLD_BYTES), dtype=np.uint8)
    if not ascii_only:  # the separator never falls inside a multi-byte character
        raw = raw.copy()
        _fold_multibyte(raw)
    return raw
