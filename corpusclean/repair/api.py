"""One text in, repaired text out: the repair stages of the default pipeline as a function.

``corpusclean.repair_text`` and ``corpusclean repair`` use this, so the library, the
command and ``corpusclean clean`` repair a text in exactly the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..document import Document, Span

#: The prefix that names a repair stage (and its keys in ``Document.edits``).
PREFIX = "repair."


@dataclass(frozen=True, slots=True)
class RepairResult:
    """The repaired ``text``, its structure ``spans`` and ``counts`` per repair kind.

    ``counts`` is keyed as ``Document.edits`` is (``"repair.entities.broken": 7``).
    """

    text: str
    spans: list[Span]
    counts: dict[str, int]


class Repairer:
    """The repair stages, set up once, applied to one text at a time."""

    def __init__(self, stages: Sequence[Any] | None = None) -> None:
        if stages is None:
            from ..config import default_stages

            stages = [s for s in default_stages() if s.name.startswith(PREFIX)]
        self.stages = list(stages)
        for stage in self.stages:
            stage.setup()

    def __call__(self, text: str) -> RepairResult:
        doc = Document.from_text(text)
        for stage in self.stages:
            doc = stage.process(doc)
        edits = {k: v for k, v in sorted(doc.edits.items()) if k.startswith(PREFIX)}
        return RepairResult(doc.text, list(doc.spans), edits)


def repair_text(text: str) -> RepairResult:
    """Repair one text with the default repair stages (markup, entities, encoding, spacing).

    >>> repair_text("crises,and & nbsp;relief < / td >").text
    'crises, and relief'
    """
    return Repairer()(text)
