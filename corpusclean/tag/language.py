"""Language identification with langdetect, deterministic and bounded in cost.

langdetect is random by design (it samples n-grams); a per-stage factory with a fixed
seed makes the answer depend on the text alone, and a stage-owned factory (built in
``setup``) keeps the profiles off the module level. Detection runs on a bounded sample
of the text: the first, middle and last stretches, so that a long document costs the
same as a short one and a boilerplate-heavy opening does not decide alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..document import Document
from ..stage import StageBase, register

UNDETERMINED = "und"


def sample_text(text: str, size: int) -> str:
    """At most ``size`` characters: the head, middle and tail thirds, cut at spaces."""
    if len(text) <= size:
        return text
    third = size // 3
    middle = len(text) // 2 - third // 2
    head = text[:third].rsplit(" ", 1)[0]
    body = text[middle : middle + third].split(" ", 1)[-1].rsplit(" ", 1)[0]
    tail = text[-third:].split(" ", 1)[-1]
    return f"{head} {body} {tail}"


@register
@dataclass
class DetectLanguage(StageBase):
    """Tag ``lang`` (ISO 639-1, or ``und``) and ``lang_score`` (langdetect's probability)."""

    name: ClassVar[str] = "tag.language"

    min_chars: int = 20  # below this there is too little text for any detector to trust
    min_score: float = 0.5  # a best guess under this probability is reported as "und"
    sample_chars: int = 2000  # langdetect costs ~13 ms per 10 KB; 2,000 chars keep it flat
    seed: int = 0

    def setup(self) -> None:
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        self._factory = DetectorFactory()
        self._factory.load_profile(PROFILES_DIRECTORY)
        self._factory.set_seed(self.seed)

    def detect(self, text: str) -> tuple[str, float]:
        """``(lang, probability)`` for ``text``; ``("und", 0.0)`` when undecidable."""
        from langdetect.lang_detect_exception import LangDetectException

        sample = sample_text(text, self.sample_chars)
        if sum(ch.isalpha() for ch in sample) < self.min_chars:
            return UNDETERMINED, 0.0
        detector = self._factory.create()
        detector.append(sample)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return UNDETERMINED, 0.0
        if best.prob < self.min_score:
            return UNDETERMINED, round(best.prob, 4)
        return best.lang, round(best.prob, 4)

    def process(self, doc: Document) -> Document:
        doc.tags["lang"], doc.tags["lang_score"] = self.detect(doc.text)
        return doc
