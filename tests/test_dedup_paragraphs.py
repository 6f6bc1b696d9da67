"""dedup.paragraphs: repeated paragraphs leave later documents, first occurrences stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean.config import parse_config
from corpusclean.dedup.minhash import NearDedup
from corpusclean.dedup.paragraphs import ParagraphDedup
from corpusclean.document import Document, Span
from corpusclean.errors import ConfigError
from corpusclean.pipeline import Pipeline

DATA = Path(__file__).parent / "data" / "dedup"
AUTHOR = (
    "About the author: Jane Doe covers energy markets for the Daily Ledger and has\n"
    "reported from Lagos, Houston and Aberdeen."
)
NEWSLETTER = "Sign up for our newsletter to get the day's top stories in your inbox every morning."


def article(name: str) -> str:
    return (DATA / f"{name}.txt").read_text(encoding="utf-8").strip()


def doc(text: str, source: str) -> Document:
    return Document.from_text(text, source=source)


def run(docs: list[Document], *stages: object) -> list[Document]:
    return list(Pipeline(list(stages) or [ParagraphDedup()], batch_size=2).run(docs))


def test_a_paragraph_seen_before_is_removed_from_later_documents_only() -> None:
    first = doc(f"{article('tram')}\n\n{AUTHOR}", "a")
    second = doc(f"{article('drought')}\n\n{AUTHOR}\n\n{NEWSLETTER}", "b")
    third = doc(f"{NEWSLETTER}\n\n{article('seabirds')}", "c")
    out = run([first, second, third])

    assert out[0].text == first.original  # the first occurrence stays
    assert out[1].text == f"{article('drought')}\n\n{NEWSLETTER}"
    assert [r.text for r in out[1].removed] == AUTHOR.split("\n")  # every line of the block
    assert {r.reason for r in out[1].removed} == {"repeated"}
    assert out[1].edits["dedup.paragraphs.repeated"] == 2
    assert out[1].tags["paragraphs_seen_in"] == [first.id]
    assert out[2].text == article("seabirds")
    assert out[2].tags["paragraphs_seen_in"] == [second.id]
    assert all(d.rejected is None for d in out)


def test_case_spacing_and_punctuation_do_not_hide_a_repeat() -> None:
    out = run(
        [doc(f"Story one.\n\n{NEWSLETTER}", "a"), doc(f"Story two.\n\n{NEWSLETTER.upper()}", "b")]
    )
    assert out[1].text == "Story two."


def test_short_paragraphs_and_repeats_inside_one_document_are_left_alone() -> None:
    first = doc(f"Thank you.\n\n{article('tram')}", "a")
    refrain = "We shall not be moved, we shall not be moved, said the marchers."
    second = doc(f"Thank you.\n\n{refrain}\n\n{article('drought')}\n\n{refrain}", "b")
    out = run([first, second])
    assert out[1].text == second.original
    assert out[1].removed == []


def test_line_unit_for_text_with_one_paragraph_per_line() -> None:
    first = doc(f"Oil rose on Monday after the cartel met.\n{NEWSLETTER}", "a")
    second = doc(f"Gas fell on Tuesday as the winter stayed mild.\n{NEWSLETTER}", "b")
    by_block = run([first, second])
    assert by_block[1].removed == []  # one block each, and the blocks differ
    fresh = [doc(first.original, "a"), doc(second.original, "b")]
    by_line = run(fresh, ParagraphDedup(unit="line"))
    assert by_line[1].text == "Gas fell on Tuesday as the winter stayed mild."


def test_spans_follow_the_removal() -> None:
    text = f"{AUTHOR}\n\nThe new mine will employ 400 people from next year, the company said."
    second = doc(text, "b")
    body_start = text.index("The new mine")
    second.spans = [Span(0, len(AUTHOR), "paragraph"), Span(body_start, len(text), "paragraph")]
    out = run([doc(AUTHOR, "a"), second])
    assert out[1].text == text[body_start:]
    assert out[1].spans == [Span(0, len(out[1].text), "paragraph")]


def test_a_document_made_only_of_seen_paragraphs_is_rejected() -> None:
    out = run([doc(f"{AUTHOR}\n\n{NEWSLETTER}", "a"), doc(f"{NEWSLETTER}\n\n{AUTHOR}", "b")])
    assert out[0].rejected is None
    assert out[1].rejected == "all_paragraphs_repeated"


def test_a_rejected_near_duplicate_does_not_strip_the_copy_that_was_kept() -> None:
    """The shorter copy comes first and is rejected; its paragraphs do not count as seen."""
    short = doc(article("seabirds"), "a")
    longer = doc(f"{article('seabirds')}\n\n{NEWSLETTER}", "b")
    out = run([short, longer], NearDedup(), ParagraphDedup())
    assert out[0].rejected == f"duplicate_of:{longer.id}"
    assert out[1].rejected is None and out[1].text == longer.original


def test_usable_from_a_toml_config_and_counted_in_the_report() -> None:
    config = parse_config({"stages": [{"use": "dedup.paragraphs", "unit": "line", "min_words": 3}]})
    (stage,) = config.build_stages()
    assert isinstance(stage, ParagraphDedup) and stage.unit == "line" and stage.min_words == 3
    pipe = Pipeline([stage])
    list(pipe.run([doc(f"A.\n{NEWSLETTER}", "a"), doc(f"B.\n{NEWSLETTER}", "b")]))
    assert pipe.stats.corpus_stages["dedup.paragraphs"] == {
        "paragraphs_removed": 1,
        "documents_changed": 1,
    }
    assert pipe.stats.removals["dedup.paragraphs.repeated"] == 1


@pytest.mark.parametrize("options", [{"unit": "sentence"}, {"min_words": 0}, {"min_word": 3}])
def test_bad_options_fail_early(options: dict) -> None:
    with pytest.raises(ConfigError):
        parse_config({"stages": [{"use": "dedup.paragraphs", **options}]})
