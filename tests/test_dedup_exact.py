"""dedup.exact: verbatim copies (up to case, spacing, punctuation) keep only the first."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean.dedup.exact import ExactDedup, normalize_for_dedup
from corpusclean.document import Document
from corpusclean.pipeline import Pipeline

STORY = (
    "The harbour authority said on Friday that the new ferry terminal would open in June,\n"
    "two months later than planned, after tests found faults in the boarding bridges."
)

# (label, copy of STORY, is it a duplicate under the default folding?)
CASES = [
    ("identical", STORY, True),
    ("shouting headline case", STORY.upper(), True),
    ("re-wrapped", STORY.replace("\n", " ").replace(" that ", "\nthat "), True),
    ("curly quotes and dashes", STORY.replace(",", " —").replace(".", "…"), True),
    ("one word changed", STORY.replace("June", "July"), False),
    ("a sentence added", STORY + " Passengers were told to use the old pier.", False),
]


@pytest.mark.parametrize(("label", "copy", "duplicate"), CASES, ids=[c[0] for c in CASES])
def test_copies_of_one_story(label: str, copy: str, duplicate: bool) -> None:
    first, second = Document.from_text(STORY, "a"), Document.from_text(copy, "b")
    out = list(Pipeline([ExactDedup()]).run([first, second]))
    assert out[0].rejected is None
    if duplicate:
        assert out[1].rejected == f"duplicate_of:{first.id}"
        assert out[1].tags["duplicate_of"] == first.id
        assert out[0].tags["exact_copies"] == 1
    else:
        assert out[1].rejected is None
        assert "exact_copies" not in out[0].tags


def test_folding_can_be_turned_off() -> None:
    docs = [Document.from_text(STORY, "a"), Document.from_text(STORY.upper(), "b")]
    out = list(Pipeline([ExactDedup(fold_case=False)]).run(docs))
    assert [d.rejected for d in out] == [None, None]


def test_three_copies_keep_the_first_and_count_two() -> None:
    docs = [Document.from_text(t, s) for t, s in [(STORY, "a"), (STORY, "b"), (STORY.lower(), "c")]]
    pipe = Pipeline([ExactDedup()])
    out = list(pipe.run(docs))
    assert [d.rejected for d in out] == [
        None,
        f"duplicate_of:{docs[0].id}",
        f"duplicate_of:{docs[0].id}",
    ]
    assert out[0].tags["exact_copies"] == 2
    assert pipe.stats.corpus_stages["dedup.exact"] == {
        "duplicates": 2,
        "clusters": 1,
        "cluster_sizes": {"3": 1},
    }


def _folded_by_definition(text: str, case: bool, punctuation: bool) -> str:
    """The normalization as its docstring defines it, one regex substitution per step."""
    if case:
        text = text.casefold()
    if punctuation:
        text = re.sub(r"[^\w\s]+", " ", text)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


# Characters where a shortcut could go wrong: case folds that grow ("ß", "ŉ") or leave
# ASCII ("K" KELVIN SIGN), whitespace outside ASCII and the \x1c-\x1f separators,
# combining marks that compose with a letter, a ligature and a word that NFKC spells
# with spaces (U+FDFA), punctuation runs of both kinds, a lone surrogate.
TRICKY = (
    "aZ09_ .,;-'\"\t\n\x0b\x1c\x1f\x00\x7f#ßŉΣςİK\u212aÅ\u0301\u0308\u00a8ﬁ\ufdfa"
    "\u1100\u1161①²ｶﾞ\u00a0\u2000\u3000\u2028\u0085“”—…\ud800"
)


@given(st.text(alphabet=st.sampled_from(TRICKY), max_size=40), st.booleans(), st.booleans())
@settings(max_examples=3000, deadline=None)
def test_normalization_equals_its_definition(text: str, case: bool, punctuation: bool) -> None:
    assert normalize_for_dedup(text, case, punctuation) == _folded_by_definition(
        text, case, punctuation
    )


def test_normalization_of_real_prose() -> None:
    text = "«Le Maire», a-t-il dit\u00a0: l’ÉTÉ — 10\u202fkm… Straße  ﬁn\r\n"
    assert normalize_for_dedup(text) == "le maire a t il dit l été 10 km strasse fin"
    assert normalize_for_dedup(text) == _folded_by_definition(text, True, True)
