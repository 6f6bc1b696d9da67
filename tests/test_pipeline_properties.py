"""The whole default pipeline on generated documents: nothing fails, nothing is lost, and
cleaning the kept text again changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpusclean import Document, Pipeline
from corpusclean.config import default_stages
from corpusclean.stage import is_corpus_stage

PIECES = [
    "The council approved the new tram line on Tuesday.",
    "Der Stadtrat hat die Buslinie verlängert.",
    "Le maire a promis une bibliothèque près de la gare.",
    "Share this article on Facebook Twitter LinkedIn",
    "< strong >Breaking< / strong >",
    "li > first item",
    "& nbsp;",
    "crises,and",
    "Ã©tÃ©",
    "&#169; 2024",
    "<!--",
    "```",
    "    indented code = 1",
    ">>> print(1)",
    "a | b | c",
    "\u200b",
    "\ud800",
    "\x00",
    "<html><body><p>Page text here.</p></body></html>",
    "=====",
]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=30)),
    max_size=12,
).map(lambda parts: "\n".join(parts))
corpora = st.lists(texts, min_size=1, max_size=6)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STAGES = default_stages()
PIPELINE = Pipeline(STAGES)
TEXT_ONLY = Pipeline([s for s in STAGES if not is_corpus_stage(s)])


@SETTINGS
@given(corpora)
def test_no_stage_fails_and_every_document_comes_out(texts: list[str]) -> None:
    docs = [Document.from_text(t, source=f"doc{i}") for i, t in enumerate(texts)]
    out = list(PIPELINE.run(docs))
    assert [d.id for d in out] == [d.id for d in docs]  # each once, in input order
    assert not [d.rejected for d in out if (d.rejected or "").startswith("error:")]
    assert PIPELINE.stats.kept + PIPELINE.stats.n_rejected == len(docs)


@SETTINGS
@given(texts)
# A control character inside mojibake: repair.unicode drops it after the encoding fix.
@example("The council approved the new tram line on Tuesday.\nÂ\x1f¡")
@example("The council approved the new tram line on Tuesday.\n\x8e\x9d¤")
def test_cleaning_the_kept_text_again_changes_nothing(text: str) -> None:
    first = TEXT_ONLY.process_one(Document.from_text(text, source="a"))
    if first.rejected is not None:
        return
    second = TEXT_ONLY.process_one(Document.from_text(first.text, source="a"))
    assert second.text == first.text
