"""Language: the bounded sample agrees with the full text; paragraphs; the lang gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean import Document
from corpusclean.config import build_stage
from corpusclean.tag.language import has_letters, paragraph_bounds, sample_text

DATA = Path(__file__).parent / "data" / "tagged"
SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.fixture(scope="module")
def tagger():
    stage = build_stage("tag.language")
    stage.setup()
    return stage


def _long_documents() -> dict[str, str]:
    """Long texts (15-20 KB), several times the sample, in three languages.

    The English one joins the three seed articles; the others repeat their article's
    paragraphs in rotating order, so that head, middle and tail are different stretches.
    """
    english = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    docs = {"en": english}
    for lang in ("fr", "de"):
        paras = (DATA / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n")
        docs[lang] = "\n\n".join(paras[(i + j) % len(paras)] for i in range(16) for j in range(4))
    return docs


@pytest.mark.parametrize("lang", ["en", "fr", "de"])
def test_sample_gives_the_full_text_answer(tagger, lang: str) -> None:
    text = _long_documents()[lang]
    assert len(text) > 5 * tagger.sample_chars
    sampled = tagger.detect(text)
    full = build_stage("tag.language", {"sample_chars": len(text)})
    full.setup()
    assert sampled[0] == full.detect(text)[0] == lang
    assert abs(sampled[1] - full.detect(text)[1]) < 0.05


def test_sample_is_bounded_and_cut_at_words() -> None:
    text = "word " * 5000
    sample = sample_text(text, 2000)
    assert len(sample) <= 2000
    assert all(part == "word" for part in sample.split())


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("Hi, 2 u", 3, True),  # H, i, u: digits and punctuation are not letters
        ("Hi, 2", 3, False),
        ("Ça été", 5, True),  # accented letters count
        ("東京 1", 2, True),  # letters without case count
        ("½ ² ³ 12", 1, False),  # numerals are not letters
        ("", 0, True),
    ],
)
def test_has_letters_counts_letters_only(text: str, count: int, expected: bool) -> None:
    assert has_letters(text, count) is expected
    assert has_letters(text, count) is (sum(ch.isalpha() for ch in text) >= count)


def test_short_or_symbol_text_is_und(tagger) -> None:
    assert tagger.detect("Hello there") == ("und", 0.0)  # under min_chars letters
    assert tagger.detect("12 345 678 -- 9.10 / 11:12 ## 13 14 15 16 17 18") == ("und", 0.0)


def test_detection_is_deterministic(tagger) -> None:
    text = (DATA / "fr.txt").read_text(encoding="utf-8")[:300]
    assert len({tagger.detect(text) for _ in range(5)}) == 1


def test_profiles_are_loaded_once_per_process_and_seed(tagger) -> None:
    """A second pipeline in the same process reuses the loaded profiles (about 45 ms
    each time otherwise), with the same answers; another seed gets its own factory."""
    again = build_stage("tag.language")
    again.setup()
    assert again._factory is tagger._factory
    other = build_stage("tag.language", {"seed": 7})
    other.setup()
    assert other._factory is not tagger._factory
    text = (DATA / "de.txt").read_text(encoding="utf-8")
    assert again.detect(text) == tagger.detect(text)
    assert other.detect(text)[0] == tagger.detect(text)[0] == "de"


def test_per_paragraph_language_of_a_mixed_document() -> None:
    en = (SEEDS / "001_37b472cbcf914e34.txt").read_text(encoding="utf-8").split("\n")[0]
    fr = (DATA / "fr.txt").read_text(encoding="utf-8").split("\n\n")[0]
    text = f"{en}\n\n{fr}\n\nOK."
    stage = build_stage("tag.language", {"per_paragraph": True})
    stage.setup()
    doc = stage.process(Document.from_text(text, source="mixed"))
    found = doc.tags["lang_paragraphs"]
    assert [p["lang"] for p in found] == ["en", "fr", "und"]
    assert text[found[1]["start"] : found[1]["end"]] == fr
    assert all(isinstance(p["lang_score"], float) for p in found)


def test_per_paragraph_is_off_by_default(tagger) -> None:
    doc = tagger.process(Document.from_text("Some English text that is long enough here."))
    assert "lang_paragraphs" not in doc.tags


def test_paragraphs_are_lines_when_there_is_no_blank_line() -> None:
    text = "First line.\n  Second line.  \n\nThird."
    blocks = [text[s:e] for s, e in paragraph_bounds(text)]
    assert blocks == ["First line.\n  Second line.", "Third."]
    one_per_line = "Alpha.\nBeta.\n"
    assert [one_per_line[s:e] for s, e in paragraph_bounds(one_per_line)] == ["Alpha.", "Beta."]


def test_lang_gate(tagger) -> None:
    gate = build_stage("filter.lang", {"keep": ["en", "fr"]})
    fr = tagger.process(Document.from_text((DATA / "fr.txt").read_text(encoding="utf-8")))
    de = tagger.process(Document.from_text((DATA / "de.txt").read_text(encoding="utf-8")))
    short = tagger.process(Document.from_text("Hi"))
    assert gate.process(fr).rejected is None
    assert gate.process(de).rejected == "lang:de"
    assert gate.process(short).rejected == "lang:und"
