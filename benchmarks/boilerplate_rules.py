"""Precision and recall of each boilerplate line rule on the hand-marked fixtures.

    python benchmarks/boilerplate_rules.py [lines|heldout]

Reads tests/data/boilerplate/<set>/ (texts and labels.json), runs the repair stages that
come before the rules (unicode, whitespace) and boilerplate.lines, and prints one row per
rule. ``lines`` is the development set the rules were written against; ``heldout`` was
written and labelled afterwards. The README's figures come from this script.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpusclean.boilerplate.lines import BoilerplateLines  # noqa: E402
from corpusclean.boilerplate.rules import RULES  # noqa: E402
from corpusclean.document import Document  # noqa: E402
from corpusclean.pipeline import Pipeline  # noqa: E402
from corpusclean.repair.unicode import NormalizeUnicode  # noqa: E402
from corpusclean.repair.whitespace import NormalizeWhitespace  # noqa: E402


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "lines"
    folder = ROOT / "tests" / "data" / "boilerplate" / which
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pipeline = Pipeline([NormalizeUnicode(), NormalizeWhitespace(), BoilerplateLines()])
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    content = lost = 0
    for name, marks in labels.items():
        if name.startswith("_"):
            continue
        truth = dict(marks)
        text = (folder / name).read_text(encoding="utf-8")
        content += sum(1 for line in text.splitlines() if line.strip() and line not in truth)
        doc = pipeline.process_one(Document.from_text(text, source=name))
        gold.update(truth.values())
        for removal in doc.removed:
            predicted[removal.reason] += 1
            tp[removal.reason] += truth.get(removal.text) == removal.reason
            lost += removal.text not in truth
    print(f"{'rule':<15}{'gold':>6}{'found':>7}{'precision':>11}{'recall':>8}")
    for rule in RULES:
        if not gold[rule] and not predicted[rule]:
            continue
        precision = tp[rule] / predicted[rule] if predicted[rule] else float("nan")
        recall = tp[rule] / gold[rule] if gold[rule] else float("nan")
        print(f"{rule:<15}{gold[rule]:>6}{predicted[rule]:>7}{precision:>11.2f}{recall:>8.2f}")
    total_tp, total_pred, total_gold = sum(tp.values()), sum(predicted.values()), sum(gold.values())
    print(
        f"{'all':<15}{total_gold:>6}{total_pred:>7}"
        f"{total_tp / total_pred:>11.2f}{total_tp / total_gold:>8.2f}"
    )
    print(f"content lines: {content}, removed by mistake: {lost}")
    print("(a line removed under another rule's name counts against both rules)")


if __name__ == "__main__":
    main()
