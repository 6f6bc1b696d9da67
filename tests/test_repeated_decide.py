"""The packed-array decision of boilerplate.repeated_lines equals its plain definition."""

from __future__ import annotations

from collections import Counter, defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean.boilerplate.repeated import LineSummary, RepeatedLines

summaries = st.lists(
    st.builds(
        LineSummary,
        group=st.sampled_from(["site:a", "site:b", "folder:x"]),
        content=st.integers(0, 6),
        lines=st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 5), unique=True).map(
            lambda xs: tuple(sorted(xs))
        ),
    ),
    max_size=60,
)


def plainly(stage: RepeatedLines, rows: list[LineSummary]) -> dict[str, frozenset[int]]:
    """The rule as written in the stage's docstring, with Counters."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    seen: dict[str, set[int]] = defaultdict(set)
    for summary in rows:
        if summary.content in seen[summary.group]:
            continue
        seen[summary.group].add(summary.content)
        counts[summary.group].update(summary.lines)
    out = {}
    for group, counter in counts.items():
        needed = max(stage.min_docs, stage.min_share * len(seen[group]))
        found = frozenset(h for h, n in counter.items() if n >= needed)
        if found:
            out[group] = found
    return out


@settings(max_examples=200, deadline=None)
@given(summaries, st.integers(1, 4), st.floats(0.0, 0.9))
def test_decide_matches_the_plain_rule(rows, min_docs, min_share) -> None:
    stage = RepeatedLines(min_docs=min_docs, min_share=min_share)
    pairs = [(str(i), s) for i, s in enumerate(rows)]
    assert stage.decide(pairs) == plainly(stage, rows)
