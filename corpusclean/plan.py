"""The pass plan: how a list of stages becomes passes over the documents' text.

A corpus stage needs every document's summary before it can decide, so the documents
must wait for it. Waiting costs a pass (the documents are written to disk and read back),
so the planner makes as few as the stages allow:

- a corpus stage whose ``apply`` rewrites text (``boilerplate.repeated_lines``) ends a
  pass: the stages after it must see the text it leaves;
- consecutive corpus stages that only reject or tag (``dedup.exact``, ``dedup.minhash``)
  share a pass: their summaries are computed in it together, their ``decide`` calls run
  in order after it (each sees only the documents the earlier ones keep), and their
  decisions are applied at the start of the next pass or, after the last pass, as the
  output is written;
- document stages after such a stage run in the same pass, before its decision is known
  (so they must not read its tags; none of the built-in stages does).

With the default stages that is two passes over the text, then the write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .stage import is_corpus_stage

Op = tuple[Literal["apply", "process", "summarize"], int]
"""One step on each document: apply stage i's decision, run stage i, or summarize for it."""


@dataclass(frozen=True)
class Pass:
    """One pass over every document: its steps, then the corpus stages that decide after it."""

    ops: tuple[Op, ...]
    decide: tuple[int, ...]


@dataclass(frozen=True)
class Plan:
    """The passes, and the decisions still to apply when the output is written."""

    passes: tuple[Pass, ...]
    at_write: tuple[int, ...]

    def describe(self, stages: Sequence[Any]) -> list[dict[str, Any]]:
        """The plan in the words of ``report.json``: per pass, what runs and what decides."""
        out: list[dict[str, Any]] = []
        for number, step in enumerate(self.passes, 1):
            out.append(
                {
                    "pass": number,
                    "steps": [f"{kind} {stages[i].name}" for kind, i in step.ops],
                    "decide": [stages[i].name for i in step.decide],
                }
            )
        if self.at_write:
            out.append(
                {"pass": "write", "steps": [f"apply {stages[i].name}" for i in self.at_write]}
            )
        return out


def plan_passes(stages: Sequence[Any]) -> Plan:
    """The fewest passes that give every stage the text and the decisions it needs."""
    passes: list[Pass] = []
    ops: list[Op] = []
    deciding: list[int] = []
    for i, stage in enumerate(stages):
        if not is_corpus_stage(stage):
            ops.append(("process", i))
            continue
        ops.append(("summarize", i))
        deciding.append(i)
        if getattr(stage, "rewrites_text", True):
            passes.append(Pass(tuple(ops), tuple(deciding)))
            ops = [("apply", j) for j in deciding]
            deciding = []
    if passes and not deciding and all(kind == "apply" for kind, _ in ops):
        # Only decisions are left to apply: apply them as the output is written.
        return Plan(tuple(passes), tuple(j for _, j in ops))
    passes.append(Pass(tuple(ops), tuple(deciding)))
    return Plan(tuple(passes), tuple(deciding))
