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


GERMAN = "Die Brücke über den Fluss wurde gestern für den Verkehr geöffnet; die Straße ist grün.\n"


def test_a_stray_byte_does_not_change_the_codec_of_a_utf8_text() -> None:
    decoded = decode_bytes(GERMAN.encode() + b"\xff" + GERMAN.encode())
    assert (decoded.text, decoded.encoding, decoded.replaced) == (
        GERMAN + "\ufffd" + GERMAN,
        "utf-8",
        1,
    )


def test_a_legacy_text_is_not_taken_for_damaged_utf8() -> None:
    # Every accented letter is an invalid UTF-8 byte here, and no sequence is valid.
    decoded = decode_bytes(GERMAN.encode("cp1252"))
    assert decoded.text == GERMAN and decoded.encoding not in ("utf-8", None)


def test_a_nul_in_utf8_is_removed_and_counted_many_are_binary() -> None:
    decoded = decode_bytes(GERMAN.encode() + b"\x00" + GERMAN.encode())
    assert (decoded.text, decoded.nuls) == (GERMAN * 2, 1)
    assert decode_bytes("Brücke".encode("utf-16-le")).text is None  # NULs everywhere: binary


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("价格：100元，欢迎光临", "gb18030"),
        ("中国人民", "gb18030"),
        ("你好世界", "gb18030"),
        ("東京タワー", "shift_jis"),
        ("漢字", "shift_jis"),
        ("ありがとう", "shift_jis"),
        ("서울시는 오늘 새로운 교통 계획을 발표했습니다.", "euc_kr"),
        ("我們明天去公園散步。", "big5"),
    ],
)
def test_short_cjk_texts(text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec)).text == text
