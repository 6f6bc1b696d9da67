"""Bytes to text: UTF-8, BOMs, legacy code pages, and binary data."""

from __future__ import annotations

import codecs

import pytest

from corpusclean.io.decode import decode_bytes

SAMPLES = {
    "fr": "Les élèves de l’école ont préparé une fête pour la fin de l’été; c’est déjà fini.",
    "de": "Der Bürgermeister sagte, die Straße werde im Frühjahr für den Verkehr geöffnet.",
    "pl": "Zażółć gęślą jaźń. W Polsce jest wiele pięknych miast, a Kraków jest jednym z nich.",
    "ru": "Съешь же ещё этих мягких французских булок, да выпей чаю, сказал повар.",
    "el": "Σήμερα είναι μια όμορφη μέρα στην Αθήνα και όλοι είναι χαρούμενοι.",
}


def test_utf8() -> None:
    decoded = decode_bytes(SAMPLES["fr"].encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.replaced) == (SAMPLES["fr"], "utf-8", 0)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_bom_is_honoured_and_dropped(bom: bytes, codec: str) -> None:
    decoded = decode_bytes(bom + SAMPLES["de"].encode(codec))
    assert decoded.text == SAMPLES["de"]


@pytest.mark.parametrize(
    ("lang", "codec"),
    [("fr", "cp1252"), ("de", "cp1252"), ("pl", "cp1250"), ("ru", "cp1251"), ("el", "cp1253")],
)
def test_legacy_code_pages_round_trip(lang: str, codec: str) -> None:
    decoded = decode_bytes(SAMPLES[lang].encode(codec))
    assert decoded.text == SAMPLES[lang]
    assert decoded.encoding is not None and decoded.encoding != "utf-8"


def test_binary_is_not_text() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert decode_bytes(png).text is None


def test_empty_bytes_are_empty_text() -> None:
    assert decode_bytes(b"").text == ""
