"""The line rules against hand-marked fixtures and the seeds: precision and recall per
rule above a floor, and clean articles that lose nothing.

``tests/data/boilerplate/lines/labels.json`` lists, per fixture, each boilerplate line
and the rule that should remove it; every other line is content. The figures are in the
README (``python benchmarks/boilerplate_rules.py`` prints them).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from corpusclean.boilerplate.lines import BoilerplateLines
from corpusclean.boilerplate.rules import RULES
from corpusclean.document import Document
from corpusclean.pipeline import Pipeline
from corpusclean.repair.unicode import NormalizeUnicode
from corpusclean.repair.whitespace import NormalizeWhitespace

ROOT = Path(__file__).resolve().parents[1]
LINES = ROOT / "tests" / "data" / "boilerplate" / "lines"
SEEDS = ROOT / "seeds"

#: The floor every rule must reach on the fixtures (one miss in ten at worst).
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.8


def run_lines(text: str, source: str) -> Document:
    stages = [NormalizeUnicode(), NormalizeWhitespace(), BoilerplateLines()]
    return Pipeline(stages).process_one(Document.from_text(text, source=source))


def scores() -> tuple[Counter[str], Counter[str], Counter[str], list[str]]:
    """True positives, predictions and gold lines per rule; content lines lost."""
    labels = json.loads((LINES / "labels.json").read_text(encoding="utf-8"))
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    lost: list[str] = []
    for name, marks in labels.items():
        if name.startswith("_"):
            continue
        truth = dict(marks)
        doc = run_lines((LINES / name).read_text(encoding="utf-8"), name)
        gold.update(truth.values())
        for removal in doc.removed:
            predicted[removal.reason] += 1
            if truth.get(removal.text) == removal.reason:
                tp[removal.reason] += 1
            elif removal.text not in truth:
                lost.append(f"{name}: {removal.text}")
    return tp, predicted, gold, lost


def test_precision_and_recall_per_rule() -> None:
    tp, predicted, gold, _ = scores()
    for rule in RULES:
        assert gold[rule] > 0, f"no fixture line is marked {rule}"
        precision = tp[rule] / predicted[rule] if predicted[rule] else 0.0
        recall = tp[rule] / gold[rule]
        assert precision >= PRECISION_FLOOR, (rule, precision)
        assert recall >= RECALL_FLOOR, (rule, recall)


def test_no_content_line_is_removed_from_fixtures() -> None:
    *_, lost = scores()
    assert lost == []


@pytest.mark.parametrize("seed", ["000_4e3edbea27f87172.txt", "001_37b472cbcf914e34.txt"])
def test_clean_articles_lose_nothing(seed: str) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    doc = run_lines(text, seed)
    assert doc.removed == []
    assert doc.text == run_lines_without_rules(text, seed)


def run_lines_without_rules(text: str, source: str) -> str:
    stages = [NormalizeUnicode(), NormalizeWhitespace()]
    return Pipeline(stages).process_one(Document.from_text(text, source=source)).text


SEED_003_JUNK = [
    ". . . . . .",
    "1 - 2 - 3 - 4 - 5 - 6 - 7 - 8",
    "A foreign correspondent with a knack for uncovering hidden stories.",
    "Consequences Observed Likely Outcomes",
]


def _flat(line: str) -> str:
    """A line without cell separators or spacing, to compare before and after repair."""
    return "".join(line.replace("|", " ").split())


def test_seed_003_loses_its_junk_and_keeps_its_body() -> None:
    text = (SEEDS / "003_1c2b97edc1211e53.txt").read_text(encoding="utf-8")
    doc = Pipeline.default().process_one(Document.from_text(text, source="003"))
    assert doc.rejected is None
    kept = {_flat(line) for line in doc.text.split("\n")}
    for junk in SEED_003_JUNK:
        assert _flat(junk) not in kept
    # Nothing but the junk was removed: every body sentence is still there.
    assert {_flat(r.text) for r in doc.removed} <= {_flat(j) for j in SEED_003_JUNK}
    assert not any(line.strip() == "" and line for line in doc.text.split("\n"))
    for sentence in (
        "The recent diplomatic engagement between Libyan military leader Khalifa Haftar",
        "the evolving nexus between Turkey and Libya stands poised",
        "Tactical Security Cooperation",
    ):
        assert sentence in doc.text


def test_seed_003_raw_without_repair_is_handled_too() -> None:
    """Rules see the seed with its no-break-space lines when repair is not run."""
    text = (SEEDS / "003_1c2b97edc1211e53.txt").read_text(encoding="utf-8")
    doc = BoilerplateLines().process(Document.from_text(text, source="003"))
    removed = {_flat(r.text) for r in doc.removed}
    assert {_flat(j) for j in SEED_003_JUNK} <= removed


HELDOUT = ROOT / "tests" / "data" / "boilerplate" / "heldout"


def test_heldout_fixtures_lose_no_content_and_find_most_boilerplate() -> None:
    """Fixtures written after the rules: every boilerplate line found (whatever the rule
    named it), no content line lost. Per-rule figures are in the README."""
    labels = json.loads((HELDOUT / "labels.json").read_text(encoding="utf-8"))
    found = total = 0
    for name, marks in labels.items():
        if name.startswith("_"):
            continue
        truth = dict(marks)
        doc = run_lines((HELDOUT / name).read_text(encoding="utf-8"), name)
        removed = {r.text for r in doc.removed}
        assert removed <= set(truth), f"{name}: content removed: {removed - set(truth)}"
        found += len(removed)
        total += len(truth)
    assert found / total >= 0.9
