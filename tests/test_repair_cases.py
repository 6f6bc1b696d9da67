"""The repair test corpus: tests/data/repair/cases.json, one test per labelled case.

Each case names the repair kind it exercises; negative cases ("unchanged": true) must come
out byte-identical, and known failures are marked xfail with their reason, so the file
documents what the repair does not do as well as what it does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean import repair_text

CASES = json.loads((Path(__file__).parent / "data" / "repair" / "cases.json").read_text("utf-8"))[
    "cases"
]


def _params() -> list[object]:
    params = []
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{case['kind']}:{case['id']}", marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_case(case: dict) -> None:
    result = repair_text(case["input"])
    expected = case["input"] if case.get("unchanged") else case["expected"]
    assert result.text == expected
    recorded = {(s.kind, result.text[s.start : s.end]) for s in result.spans}
    for kind, text in case.get("spans", []):
        assert (kind, text) in recorded, f"no {kind} span over {text!r}"
    for kind, text in case.get("absent_spans", []):
        assert (kind, text) not in recorded, f"a {kind} span over {text!r}"
    for key in case.get("counts", []):
        assert result.counts.get(key, 0) > 0, f"{key} not counted"


def test_corpus_covers_every_kind_both_ways() -> None:
    """Each repair kind has positive cases and must-not-change cases."""
    kinds = {c["kind"] for c in CASES}
    for kind in kinds - {"whitespace", "encoding", "unicode", "all"}:
        assert any(c.get("unchanged") for c in CASES if c["kind"] == kind), kind
        assert any("expected" in c for c in CASES if c["kind"] == kind), kind
    assert {"html", "entities", "spacing", "structure", "encoding", "unicode"} <= kinds
