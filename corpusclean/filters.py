"""Gates: stages that reject documents on signals already measured.

Measuring and deciding are apart (a tagger records, a gate applies a threshold), so a
threshold can change without measuring again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from .document import Document
from .stage import StageBase, register


@register
@dataclass
class RejectEmpty(StageBase):
    """Reject a document left with no visible text: reason ``empty``."""

    name: ClassVar[str] = "filter.empty"

    def process(self, doc: Document) -> Document:
        if not doc.text.strip():
            doc.reject("empty")
        return doc
