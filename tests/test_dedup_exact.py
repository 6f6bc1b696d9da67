"""dedup.exact: verbatim copies (up to case, spacing, punctuation) keep only the first."""

from __future__ import annotations

import pytest

from corpusclean.dedup.exact import ExactDedup
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
