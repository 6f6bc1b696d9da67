"""Bytes to text: BOMs first, then UTF-8 (strict, then with a little damage), then a detector.

Never raises on bad bytes. What it will not do, and why:

- It does not call a file binary for one NUL byte: a NUL inside otherwise valid UTF-8 is
  damage (a bad copy, a C string), so the NULs are removed and counted. Many NULs (more
  than :data:`MAX_NUL_FRACTION` of the bytes), or NULs in bytes that are not UTF-8, mean
  binary data (images, archives, UTF-16 without a BOM) and the file is reported as such.
- It does not hand a UTF-8 file with a few bad bytes to the detector: one stray ``0xFF``
  made the detector read a whole German file as a Cyrillic code page (``Brücke``
  garbled). When valid multi-byte UTF-8 sequences are at least as many as the invalid
  bytes, the text is UTF-8 with the bad bytes replaced (U+FFFD) and counted. A file in a
  legacy code page has (almost) no valid multi-byte sequences, so it still goes on.
- On short CJK texts the detector guesses poorly (four GB18030 characters came back as
  Korean); there, and when it gives up, the common CJK codecs are scored by how common
  the characters they decode to are (see :func:`_score_cjk`).
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from typing import Any

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: How much of a file the charset detector reads: enough to be sure, bounded in cost.
DETECT_BYTES = 64 * 1024
#: NUL bytes above this share of a file mean binary data, not a damaged text: one NUL
#: in a page is a bad copy; random or compressed bytes hold about 0.4 %, UTF-16 ~50 %.
MAX_NUL_FRACTION = 0.01
#: Below this size a detector's CJK guess is checked against the other CJK codecs.
SHORT_CJK_BYTES = 2048


@dataclass(frozen=True, slots=True)
class Decoded:
    """The outcome of decoding: ``text`` is None when the bytes are not text."""

    text: str | None
    encoding: str | None
    replaced: int = 0  # characters that had to be replaced with U+FFFD
    nuls: int = 0  # NUL bytes removed


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``, recording the encoding used; ``text=None`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, encoding)
    nuls = data.count(b"\x00")
    if nuls:
        if nuls > MAX_NUL_FRACTION * len(data):
            return Decoded(None, None)
        decoded = _utf8(data.replace(b"\x00", b""))
        if decoded is None:
            return Decoded(None, None)
        return Decoded(decoded.text, decoded.encoding, decoded.replaced, nuls)
    decoded = _utf8(data)
    if decoded is not None:
        return decoded
    return _detect(data)


def _utf8(data: bytes) -> Decoded | None:
    """UTF-8, strictly, or with its invalid bytes replaced when they are few (see above)."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    marks = text.count("\ufffd")
    invalid = marks - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid_multibyte = non_ascii - marks
    if valid_multibyte >= invalid > 0:
        return Decoded(text, "utf-8", invalid)
    return None


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes

    encoding = _choose_encoding(from_bytes(data[:DETECT_BYTES]))
    if encoding is None or (encoding in _CJK_FAMILY and len(data) < SHORT_CJK_BYTES):
        encoding = _best_cjk(data) or encoding
    if encoding is None:
        return Decoded(None, None)
    return _decode_with(data, encoding)


#: How much more "chaos" windows-1252 may show than the detector's favourite and still
#: be chosen. On short texts detectors confuse the Latin code pages (a French cp1252 text
#: comes back as Baltic cp1257, turning "è" into "č"); cp1252 is by far the commonest
#: legacy encoding of scraped text (HTML5 even reads latin-1 as cp1252), so within this
#: margin it wins. Real cp1250/cp1251/cp1253 texts score far worse under cp1252.
CP1252_MARGIN = 0.1


def _choose_encoding(matches: Any) -> str | None:
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + CP1252_MARGIN:
            return "cp1252"
    return str(best.encoding)


def _decode_with(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count("\ufffd"))


# --- short CJK texts -------------------------------------------------------------------

#: Below this mean score no CJK reading is believed. Real two- to ten-character texts
#: score 0.42-0.88; of 300 random 16-byte strings, 36 decode strictly in some CJK codec
#: and 4 of those score over 0.3 (from 64 bytes on, random bytes never decode).
MIN_CJK_SCORE = 0.4
#: Characters scored: enough to judge, bounded in cost on a large file.
SCORE_CHARS = 20_000
#: The CJK codecs tried, in the order that wins a tie (GB18030 is the commonest on the web).
CJK_CODECS = ("gb18030", "cp932", "euc_jp", "big5", "cp949")
_CJK_FAMILY = {
    "gb18030", "gbk", "gb2312", "hz", "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213",
    "euc_jp", "euc_jis_2004", "euc_jisx0213", "big5", "big5hkscs", "cp950", "cp949",
    "euc_kr", "johab", "iso2022_jp", "iso2022_kr",
}  # fmt: skip
#: The most frequent characters of running text in each language: a hit is strong evidence.
_COMMON = {
    "zh": set(
        "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于"
        "着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还"
        "进好小部其些主样理心她本前开但因只从想实"
    ),
    "zh-tw": set(
        "的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於"
        "著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還"
        "進好小部其些主樣理心她本前開但因只從想實"
    ),
    "ja": set("のにはをたがでてとしれさるいうかもなすあこっますです日本人年大中一出"),
    "ko": set("이다는의에을를하가고서지기한그로도리것수자사대해들있어나시니아요정"),
}
_LANG = {"gb18030": "zh", "cp932": "ja", "euc_jp": "ja", "big5": "zh-tw", "cp949": "ko"}
#: Per language, the legacy codec whose first level holds its common characters, and the
#: lead-byte range of that level (GB2312 level 1, JIS X 0208 level 1, Big5 common
#: characters, KS X 1001 hangul): characters outside it are rarer, so a garbled reading
#: of the bytes lands there far more often than real text does.
_LEVEL_ONE = {
    "zh": ("gb2312", 0xB0, 0xD7),
    "ja": ("shift_jis", 0x88, 0x9F),
    "zh-tw": ("big5", 0xA4, 0xC6),
    "ko": ("euc_kr", 0xB0, 0xC8),
}


def _best_cjk(data: bytes) -> str | None:
    """The CJK codec under which ``data`` reads as the most plausible text, if any decodes.

    A tie goes to the codec first in :data:`CJK_CODECS` (not to the detector's guess,
    which on a few characters is close to chance).
    """
    best, best_score = None, -1.0
    for codec in CJK_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = _score_cjk(text[:SCORE_CHARS], _LANG[codec])
        if score > best_score:
            best, best_score = codec, score
    return best if best_score >= MIN_CJK_SCORE else None


def _score_cjk(text: str, lang: str) -> float:
    """Mean plausibility of the non-ASCII characters of ``text`` read as ``lang``.

    A very frequent character counts 1, a common character of the language's script
    0.5 (kana always), a rarer one 0.2, a character of another script 0, and a sign of a
    wrong guess (half-width katakana, private use, control or unassigned code points) -1.
    Two codecs that both decode the bytes then differ by how ordinary the text they give is.
    """
    total, score = 0, 0.0
    common = _COMMON[lang]
    for ch in text:
        if ch < "\x80":
            continue
        total += 1
        if ch in common:
            score += 1.0
        elif _in_script(ch, lang):
            score += 0.5 if _level_one(ch, lang) else 0.2
        elif "\uff61" <= ch <= "\uff9f" or unicodedata.category(ch) in ("Co", "Cc", "Cn"):
            score -= 1.0
    return score / total if total else 0.0


def _in_script(ch: str, lang: str) -> bool:
    ideograph = "\u4e00" <= ch <= "\u9fff"
    if lang == "ko":
        return "\uac00" <= ch <= "\ud7a3"
    if lang == "ja":
        return ideograph or "\u3041" <= ch <= "\u30ff"
    return ideograph or "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e"


def _level_one(ch: str, lang: str) -> bool:
    if lang == "ja" and "\u3041" <= ch <= "\u30ff":
        return True
    codec, low, high = _LEVEL_ONE[lang]
    try:
        lead = ch.encode(codec)[0]
    except UnicodeEncodeError:
        return False
    return low <= lead <= high
