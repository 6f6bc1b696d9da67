"""Quality signals against values computed by hand, and the gate's named rejections."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean import Document
from corpusclean.config import build_stage
from corpusclean.errors import ConfigError
from corpusclean.tag import quality
from corpusclean.tag.quality import (
    DUP_NGRAM_SIZES,
    NgramCounts,
    ngram_char_fracs,
    quality_signals,
    words_of,
)

SEED = Path(__file__).parent.parent / "seeds" / "001_37b472cbcf914e34.txt"

# Four lines: a repeated sentence, a hash-and-ellipsis line, a bullet.
# tokens (18): The cat sat on the mat. x2, "#", "Heading", "...", "-", "item", "one"
# words (15): the pure-symbol tokens "#", "..." and "-" are not words.
SMALL = "The cat sat on the mat.\nThe cat sat on the mat.\n# Heading ...\n- item one"


def test_words_strip_edge_punctuation_and_drop_symbols() -> None:
    assert words_of("Hello, world ... #tag (R&D) -") == ["Hello", "world", "tag", "R&D"]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("gopher_word_count", 15),
        ("gopher_mean_word_length", 3.2),  # 34 + 7 + 4 + 3 = 48 chars / 15 words
        ("gopher_symbol_word_ratio", 0.0667),  # max(1 '#', 1 '...') / 15
        ("gopher_alpha_words_frac", 0.8333),  # 15 of 18 tokens have a letter
        ("gopher_stop_words", 4),  # "the" four times; "on" is not in Gopher's list
        ("gopher_bullet_lines_frac", 0.25),  # "- item one"; '#' is not a bullet
        ("gopher_ellipsis_lines_frac", 0.25),
        ("gopher_dup_lines_frac", 0.25),  # second copy of line 1
        ("gopher_dup_line_chars_frac", 0.3333),  # 23 / (23 + 23 + 13 + 10)
        ("gopher_dup_paras_frac", 0.0),  # no blank line: one paragraph
        ("gopher_top_2gram_chars_frac", 0.25),  # "the cat" x2 = 12 / 48
        ("gopher_top_3gram_chars_frac", 0.375),  # "the cat sat" x2 = 18 / 48
        ("gopher_top_4gram_chars_frac", 0.4583),  # "the cat sat on" x2 = 22 / 48
        ("gopher_dup_5gram_chars_frac", 0.7083),  # words 0-11 covered: 34 / 48
        ("gopher_dup_6gram_chars_frac", 0.7083),  # the whole sentence repeats
        ("gopher_dup_7gram_chars_frac", 0.0),  # 7-grams differ in their last word
        ("c4_punct_lines_frac", 0.75),  # two sentences and "..." end in '.'
        ("fineweb_short_lines_frac", 1.0),  # every line is under 30 characters
        ("c4_curly_bracket", False),
        ("c4_lorem_ipsum", False),
    ],
)
def test_signal_hand_computed(tag: str, expected: object) -> None:
    assert quality_signals(SMALL)[tag] == expected


def test_duplicate_paragraphs_by_blank_lines() -> None:
    text = "First block here.\n\nSecond block.\n\nFirst block here."
    signals = quality_signals(text)
    assert signals["gopher_dup_paras_frac"] == 0.3333  # 1 of 3
    assert signals["gopher_dup_para_chars_frac"] == 0.3617  # 17 / (17 + 13 + 17)


def test_unique_ngrams_score_zero_and_empty_text_is_safe() -> None:
    signals = quality_signals("one two three four five six seven eight nine ten eleven")
    assert signals["gopher_top_2gram_chars_frac"] == 0.0
    assert signals["gopher_dup_5gram_chars_frac"] == 0.0
    empty = quality_signals("")
    assert empty["gopher_word_count"] == 0 and empty["gopher_mean_word_length"] == 0.0


def test_c4_page_rules() -> None:
    signals = quality_signals("Lorem ipsum dolor sit amet.\nfunction f() { return 1; }")
    assert signals["c4_lorem_ipsum"] is True
    assert signals["c4_curly_bracket"] is True


def _gated(text: str, presets: list[str]) -> Document:
    doc = Document.from_text(text, source="t")
    doc = build_stage("tag.quality").process(doc)
    return build_stage("filter.quality", {"presets": presets}).process(doc)


def test_gopher_keeps_a_real_article() -> None:
    doc = _gated(SEED.read_text(encoding="utf-8"), ["gopher", "c4", "fineweb"])
    assert doc.rejected is None


def test_gopher_rejections_name_the_rule() -> None:
    assert _gated("Too short to be a document.", ["gopher"]).rejected == (
        "quality:gopher_word_count"
    )
    # 60 words, none of Gopher's stop words: a keyword list, not prose.
    keywords = " ".join(f"keyword{i} cheap deals" for i in range(20))
    assert _gated(keywords, ["gopher"]).rejected == "quality:gopher_stop_words"
    menu = "\n".join(f"• Menu entry number {i} for the shop and the cart" for i in range(12))
    assert _gated(menu, ["gopher"]).rejected == "quality:gopher_bullet_lines"


def test_fineweb_rejects_lines_without_punctuation() -> None:
    lines = "\n".join(f"Home page section {i} and the related links of the site" for i in range(9))
    assert _gated(lines, ["fineweb"]).rejected == "quality:fineweb_line_punct"


def test_gate_needs_the_tagger_and_known_presets() -> None:
    gate = build_stage("filter.quality")
    with pytest.raises(ValueError, match=r"run tag\.quality"):
        gate.process(Document.from_text("text", source="t"))
    with pytest.raises(ConfigError, match="unknown quality preset"):
        build_stage("filter.quality", {"presets": ["gopherr"]})


def _brute_dup_frac(words: list[str], n: int) -> float:
    """The definition, read literally: mark every word of every repeated n-gram."""
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    covered = set()
    for i, gram in enumerate(grams):
        if grams.count(gram) > 1:
            covered.update(range(i, i + n))
    total = sum(len(w) for w in words)
    return round(sum(len(words[i]) for i in covered) / total, 4) if total else 0.0


@pytest.mark.parametrize("seed", range(8))
def test_pruned_dup_ngrams_match_the_literal_definition(seed: int) -> None:
    rng = random.Random(seed)
    vocab = [
        "the",
        "of",
        "a",
        "cat",
        "sat",
        "on",
        "mat",
        "dog",
        "ran",
        "to",
        "park",
        "and",
        "then",
        "home",
        "again",
    ]
    phrase = [rng.choice(vocab) for _ in range(rng.randint(3, 12))]
    words = [rng.choice(vocab) for _ in range(rng.randint(0, 60))]
    for _ in range(rng.randint(0, 4)):  # splice in repeats of varying length
        at = rng.randint(0, len(words))
        words[at:at] = phrase[: rng.randint(1, len(phrase))]
    fracs = ngram_char_fracs(NgramCounts.of_words(words), (), DUP_NGRAM_SIZES)[1]
    assert fracs == {n: _brute_dup_frac(words, n) for n in DUP_NGRAM_SIZES}


def _literal_signals(text: str) -> dict[str, object]:
    """The word, n-gram and line signals as the README defines them, one item at a time."""

    def punct(ch: str) -> bool:
        return unicodedata.category(ch)[0] in "PS"

    words = []
    for token in text.split():
        start, end = 0, len(token)
        while start < end and punct(token[start]):
            start += 1
        while end > start and punct(token[end - 1]):
            end -= 1
        if start < end:
            words.append(token[start:end])
    tokens = text.split()
    lowered = [w.lower() for w in words]
    total = sum(len(w) for w in lowered)
    signals: dict[str, object] = {
        "gopher_word_count": len(words),
        "gopher_mean_word_length": round(sum(len(w) for w in words) / len(words), 4)
        if words
        else 0.0,
        "gopher_alpha_words_frac": round(
            sum(any(ch.isalpha() for ch in t) for t in tokens) / len(tokens), 4
        )
        if tokens
        else 0.0,
        "gopher_stop_words": sum(
            w in {"the", "be", "to", "of", "and", "that", "have", "with"} for w in lowered
        ),
    }
    for n in (2, 3, 4):
        counts = Counter(tuple(lowered[i : i + n]) for i in range(len(lowered) - n + 1))
        top = max(counts.values(), default=0)
        if top < 2 or not total:
            signals[f"gopher_top_{n}gram_chars_frac"] = 0.0
            continue
        chars = max(sum(map(len, gram)) for gram, c in counts.items() if c == top)
        signals[f"gopher_top_{n}gram_chars_frac"] = round(top * chars / total, 4)
    for n in DUP_NGRAM_SIZES:
        signals[f"gopher_dup_{n}gram_chars_frac"] = _brute_dup_frac(lowered, n)
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    paras: list[str] = []
    block: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            paras.append("\n".join(block))
            block = []
    for name, items in (("lines", lines), ("paras", paras)):
        repeats = [item for i, item in enumerate(items) if item in items[:i]]
        chars = sum(map(len, items))
        signals[f"gopher_dup_{name}_frac"] = round(len(repeats) / len(items), 4) if items else 0.0
        signals[f"gopher_dup_{name[:-1]}_chars_frac"] = (
            round(sum(map(len, repeats)) / chars, 4) if chars else 0.0
        )
    for tag, rule in (
        ("gopher_bullet_lines_frac", lambda ln: ln[0] in "•●○◦■□▪▫‣⁃➤►-*–—"),
        ("gopher_ellipsis_lines_frac", lambda ln: ln.endswith(("...", "…"))),
        ("c4_punct_lines_frac", lambda ln: ln[-1] in '.!?"”'),
        ("fineweb_short_lines_frac", lambda ln: len(ln) < 30),
    ):
        signals[tag] = round(sum(map(rule, lines)) / len(lines), 4) if lines else 0.0
    return signals


#: Tokens that repeat (so that n-grams of every size repeat) and that put Unicode
#: punctuation, symbols, letters without case and numerals without letters at the edges.
PROPERTY_TOKENS = [
    "the", "The", "of", "cat", "sat", "mat.", "“Quoted”", "«guillemets»", "—", "...", "…",
    "#tag", "-", "*", "R&D", "AT&T", "İstanbul", "ΣΊΣΥΦΟΣ", "東京", "½", "x²", "€5", "3.5",
    "(and)", "'be'", "to,", "WITH", "Ⓐb", "ǅemal", "ﬁne", "e\u0301", "‘single’", "¿qué?",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(PROPERTY_TOKENS), st.text(min_size=1, max_size=5)),
            st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n \n", "\n  ", "\r\n", "\t", "\u00a0"]),
        ),
        max_size=80,
    )
)
def test_fast_signals_equal_the_literal_definitions(parts: list[tuple[str, str]]) -> None:
    text = "".join(token + sep for token, sep in parts)
    signals = quality_signals(text)
    expected = _literal_signals(text)
    assert {tag: signals[tag] for tag in expected} == expected


# Real documents: prose (a seed) and Markdown with tables, code and repeated lines (the
# project's own docs), where words, n-grams and lines repeat as in the benchmark corpora.
REAL_TEXTS = [SEED, Path(__file__).parent.parent / "docs" / "tagging.md"]


@pytest.mark.parametrize("path", REAL_TEXTS, ids=lambda p: p.name)
def test_signals_of_real_documents_equal_the_literal_definitions(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    signals = quality_signals(text)
    expected = _literal_signals(text)
    assert expected["gopher_word_count"] > 500  # long enough for repeats of every kind
    assert {tag: signals[tag] for tag in expected} == expected


def test_words_with_equal_hashes_are_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """With every word hashed alike, the character check sees the collision and the
    words are numbered by the dict instead: the signals stay the definitions'."""
    text = SEED.read_text(encoding="utf-8")
    expected = _literal_signals(text)
    numbered = []
    dict_ids = quality._dict_ids
    monkeypatch.setattr(quality, "_range_hashes", lambda codes, first, ends: 0 * first)
    monkeypatch.setattr(quality, "_dict_ids", lambda forms: numbered.append(1) or dict_ids(forms))
    signals = quality_signals(text)
    assert numbered == [1]
    assert {tag: signals[tag] for tag in expected} == expected


@pytest.mark.parametrize("path", REAL_TEXTS, ids=lambda p: p.name)
def test_the_leap_to_four_grams_counts_as_growing_size_by_size(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8") * 2  # every n-gram repeats at least once
    assert NgramCounts.of_words(text.split()).leap(4, (2, 3, 4)) is not None
    leapt = quality_signals(text)
    monkeypatch.setattr(quality.NgramCounts, "leap", lambda self, k, sizes: None)
    assert quality_signals(text) == leapt
