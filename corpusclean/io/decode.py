"""Bytes to text: BOMs first, then strict UTF-8, then a charset detector.

Never raises on bad bytes. Binary data (NUL bytes in a text that has no UTF-16/32 BOM,
or that no encoding explains) is reported as such so that the reader can reject the
file with a reason instead of feeding noise into the corpus.
"""

from __future__ import annotations

import codecs
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


@dataclass(frozen=True, slots=True)
class Decoded:
    """The outcome of decoding: ``text`` is None when the bytes are not text."""

    text: str | None
    encoding: str | None
    replaced: int = 0  # characters that had to be replaced with U+FFFD


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data``, recording the encoding used; ``text=None`` for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with(data, encoding)
    if b"\x00" in data[:DETECT_BYTES]:
        return Decoded(None, None)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    encoding = _choose_encoding(from_bytes(data[:DETECT_BYTES]))
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
