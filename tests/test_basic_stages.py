"""The foundation's stages: encoding, unicode, whitespace, language, exact dedup."""

from __future__ import annotations

from corpusclean import Document, Pipeline
from corpusclean.dedup.exact import ExactDedup, normalize_for_dedup
from corpusclean.filter.content import RejectEmpty
from corpusclean.repair.encoding import FixEncoding, needs_ftfy
from corpusclean.repair.unicode import NormalizeUnicode
from corpusclean.repair.whitespace import NormalizeWhitespace
from corpusclean.tag.language import DetectLanguage, sample_text


def run(stage, text: str) -> Document:
    stage.setup()
    return stage.process(Document.from_text(text))


def test_mojibake_is_fixed_and_counted() -> None:
    doc = run(FixEncoding(), "Turkeyâ€™s military attachÃ© met officials.")
    assert doc.text == "Turkey’s military attaché met officials."
    assert doc.edits["repair.encoding.mojibake"] == 1


def test_clean_text_skips_ftfy_and_keeps_curly_quotes() -> None:
    text = "Haftar’s forces met Turkey’s “military attaché” in Benghazi."
    assert not needs_ftfy(text)
    doc = run(FixEncoding(), text)
    assert doc.text == text and not doc.edits
    assert not needs_ftfy("plain ascii text")


def test_unicode_nfc_invisible_and_spaces() -> None:
    text = "Cafe\u0301\u200b opens\u00a0\u00a0today\x07; emoji 👩\u200d💻 stays"
    doc = run(NormalizeUnicode(), text)
    # The no-break-space run becomes one space here (not two for repair.whitespace).
    assert doc.text == "Café opens today; emoji 👩\u200d💻 stays"
    assert doc.edits == {
        "repair.unicode.nfc": 1,
        "repair.unicode.control": 1,
        "repair.unicode.invisible": 1,
        "repair.unicode.space": 1,
    }


def test_unicode_nfkc_is_optional() -> None:
    assert run(NormalizeUnicode(), "ﬁle ２０２４").text == "ﬁle ２０２４"
    assert run(NormalizeUnicode(normalization="NFKC"), "ﬁle ２０２４").text == "file 2024"


def test_whitespace_keeps_indentation_and_one_blank_line() -> None:
    text = "\n\nTitle  \r\n\r\n\r\n\r\nword   word\n    indented  code\n\n\n"
    doc = run(NormalizeWhitespace(), text)
    # Two spaces inside a line are the author's (here: code), never collapsed.
    assert doc.text == "Title\n\nword word\n    indented  code"


def test_clean_text_passes_whitespace_unchanged() -> None:
    text = "First paragraph.\n\nSecond paragraph, with a list:\n  - one\n  - two"
    assert run(NormalizeWhitespace(), text).text == text


def test_empty_filter() -> None:
    assert run(RejectEmpty(), " \n\t ").rejected == "empty"
    assert run(RejectEmpty(), "x").rejected is None


def test_language_detection() -> None:
    stage = DetectLanguage()
    stage.setup()
    assert (
        stage.detect("The harbour authority said the new ferry terminal will open in June.")[0]
        == "en"
    )
    assert (
        stage.detect("Le maire a salué leur travail et a promis une nouvelle bibliothèque.")[0]
        == "fr"
    )
    assert (
        stage.detect("Der Stadtrat hat am Dienstag beschlossen, die Buslinie zu verlängern.")[0]
        == "de"
    )
    assert stage.detect("ok 12") == ("und", 0.0)
    assert stage.detect("1234 5678 !!!! ---- 9999 0000 .... ,,,, 7777 8888") == ("und", 0.0)


def test_language_is_deterministic_across_instances() -> None:
    text = "Ambiguous short text maybe, pero también un poco de español aquí."
    results = set()
    for _ in range(5):
        stage = DetectLanguage()
        stage.setup()
        results.add(stage.detect(text))
    assert len(results) == 1


def test_sample_text_is_bounded_and_from_three_places() -> None:
    text = " ".join(f"w{i}" for i in range(5000))
    sample = sample_text(text, 300)
    assert len(sample) <= 300
    indices = [int(word[1:]) for word in sample.split()]
    assert indices[0] == 0 and indices[-1] == 4999
    assert any(2000 < i < 3000 for i in indices)  # the middle of the text is sampled too
    assert indices == sorted(indices)


def test_exact_dedup_folds_case_space_and_punctuation() -> None:
    assert normalize_for_dedup("Hello,  WORLD!") == normalize_for_dedup("hello world")
    docs = [
        Document.from_text("The budget passed on Tuesday.", source="a"),
        Document.from_text("THE BUDGET  passed on Tuesday!", source="b"),
        Document.from_text("The budget failed on Tuesday.", source="c"),
    ]
    out = list(Pipeline([ExactDedup()]).run(docs))
    assert [d.rejected for d in out] == [None, f"duplicate_of:{docs[0].id}", None]
    assert out[1].tags["duplicate_of"] == docs[0].id
