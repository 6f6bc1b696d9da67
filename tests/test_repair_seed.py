"""Seed 003, the issue's "done means": what comes out of the repair and of `clean`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpusclean import Document, Pipeline, repair_text
from corpusclean.config import default_stages

ROOT = Path(__file__).parent.parent
SEED = (ROOT / "seeds" / "003_1c2b97edc1211e53.txt").read_text("utf-8")
CLEAN_SEEDS = sorted(p for p in (ROOT / "seeds").glob("*.txt") if not p.name.startswith("003"))

TAG_NAMES = "strong|li|p|td|tr|th|ul|ol|tbody|table|div|span|br"
#: Any tag shape, spaced or not, and any closer that lost its "</".
TAG_DEBRIS_RE = re.compile(rf"<\s*/?\s*(?:{TAG_NAMES})\b[^<>]*>|\b(?:{TAG_NAMES})\s*>")
ENTITY_DEBRIS_RE = re.compile(r"&\s*#?\w+\s*;|&nbsp")


@pytest.fixture(scope="module")
def repaired():
    return repair_text(SEED)


def _spans(result, kind: str) -> list[str]:
    return [result.text[s.start : s.end] for s in result.spans if s.kind == kind]


def test_no_tag_or_entity_fragment_left(repaired) -> None:
    assert TAG_DEBRIS_RE.findall(SEED), "the check must see the seed's debris"
    assert TAG_DEBRIS_RE.findall(repaired.text) == []
    assert ENTITY_DEBRIS_RE.findall(repaired.text) == []


def test_no_nbsp_debris_and_no_space_before_punctuation(repaired) -> None:
    assert "\u00a0" in SEED and "\u00a0" not in repaired.text
    assert re.findall(r"\w [,.;:](?=\s|$)", SEED, flags=re.M)
    assert re.findall(r"\w [,.;:](?=\s|$)", repaired.text, flags=re.M) == []
    assert [line for line in repaired.text.split("\n") if line != line.rstrip()] == []


def test_glued_punctuation_is_spaced(repaired) -> None:
    for glued, spaced in [
        ("crises,and", "crises, and"),
        ("partnerships.The", "partnerships. The"),
        ("Transfers:Provisioning", "Transfers: Provisioning"),
    ]:
        assert glued in SEED and glued not in repaired.text and spaced in repaired.text


def test_list_items_are_lines_with_spans(repaired) -> None:
    items = _spans(repaired, "list_item")
    assert len(items) == 9  # three lists of three bullets in the seed
    for item in items:
        assert "\n" not in item and item.lstrip().startswith("•")
    assert any(i.strip().startswith("• Joint Combat Operations: Collaborative") for i in items)
    assert any(i.strip().startswith("• Security Monitoring & Intelligence") for i in items)


def test_table_rows_are_lines_with_spans(repaired) -> None:
    rows = _spans(repaired, "table_row")
    assert "Expanded Defense Ties | Bolstered combat strength among allied Libyan forces" in rows
    assert (
        "Global Reactions | Potential imposition of sanctions & heightened scrutiny by "
        "international bodies" in rows
    )
    assert "Priority Area | Recommended Actions" in rows
    tables = _spans(repaired, "table")
    assert len(tables) == 2
    assert all(t.count("\n") == 2 for t in tables)  # three rows each


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def test_no_sentence_of_the_seed_is_lost(repaired) -> None:
    """Strip the seed's markup independently, then find each sentence's words in order."""
    plain = re.sub(r"&\s*nbsp\s*;", " ", TAG_DEBRIS_RE.sub(" ", SEED))
    sentences = [
        s for line in plain.split("\n") for s in re.split(r"(?<=[.!?])\s+", line) if s.strip()
    ]
    output = _words(repaired.text)
    lost = [s for s in sentences if _words(s) not in output]
    assert len(sentences) > 40
    assert lost == []


def test_spans_are_whole_lines_of_the_final_text(repaired) -> None:
    text = repaired.text
    for span in repaired.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start == 0 or text[span.start - 1] == "\n"
        assert span.end == len(text) or text[span.end] == "\n"


def test_repairing_the_repaired_seed_changes_nothing(repaired) -> None:
    again = repair_text(repaired.text)
    assert again.text == repaired.text
    assert again.counts == {}


def test_clean_pipeline_keeps_repair_spans_valid() -> None:
    """Through the whole default pipeline (later stages drop lines only)."""
    doc = Pipeline(default_stages()).process_one(Document.from_text(SEED, source="003.txt"))
    removed = {r.text for r in doc.removed}
    assert removed and all(r.stage.startswith("boilerplate.") for r in doc.removed)
    repaired = [line for line in repair_text(SEED).text.split("\n") if line.strip()]
    assert [line for line in doc.text.split("\n") if line.strip()] == [
        line for line in repaired if line not in removed
    ]
    for span in doc.spans:
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.text[span.start : span.end].strip()
    kinds = {s.kind for s in doc.spans}
    assert {"list_item", "table_row", "table", "heading", "paragraph"} <= kinds
    assert any(k.startswith("repair.html.") for k in doc.edits)


@pytest.mark.parametrize("path", CLEAN_SEEDS, ids=lambda p: p.name)
def test_clean_seeds_pass_through_byte_identical(path: Path) -> None:
    text = path.read_text("utf-8")
    result = repair_text(text)
    assert result.text == text
    assert result.counts == {}


def test_clean_seed_section_titles_are_headings() -> None:
    text = (ROOT / "seeds" / "000_4e3edbea27f87172.txt").read_text("utf-8")
    result = repair_text(text)
    headings = _spans(result, "heading")
    assert headings == [
        "A Gradual Yet Visible Warming of Relations",
        "Historic Context and Shifting Power Dynamics in Libya",
        "The Road Ahead: Potential Impacts and International Implications",
        "Local and International Reactions",
    ]
    assert all(not p.endswith("Reactions") for p in _spans(result, "paragraph"))
