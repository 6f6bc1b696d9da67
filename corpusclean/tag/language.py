"""Language identification with langdetect's model, deterministic and bounded in cost.

The model runs in langdetect-rs, its compiled port (same answers, ~17x faster), and in
langdetect itself where the port is missing: the default install must not be capped by
langdetect's ~13 ms per 10 KB.

langdetect is random by design (it samples n-grams); a factory with a fixed seed makes
the answer depend on the text alone. The factory is built on a stage's first ``setup``,
not at import, and then kept for the process (:func:`loaded_factory`): loading the
profiles costs about 45 ms and 15 MB, and a process may build many pipelines (a loop
over shards or files, a test suite, a benchmark's repeated runs).

Detection runs on a bounded sample of the text: the first, middle and last stretches,
so that a long document costs the same as a short one and a boilerplate-heavy opening
does not decide alone.

A document that mixes languages (a bilingual notice, an English article quoting French)
gets one language overall, the most probable; ``per_paragraph`` adds the language of
each paragraph as ``lang_paragraphs`` for those who need to split or filter finer. It is
off by default: it multiplies the cost by the number of paragraphs.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any, ClassVar, Literal

from ..document import Document
from ..errors import MissingDependencyError
from ..stage import StageBase

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


def paragraph_bounds(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each paragraph: blocks between blank lines, or lines if none.

    Text written one paragraph per line (no blank lines at all) is common in scraped
    corpora; there each non-blank line is a paragraph.
    """
    separator = "\n\n" if "\n\n" in text else "\n"
    start = 0
    while start < len(text):
        end = text.find(separator, start)
        end = len(text) if end < 0 else end
        chunk = text[start:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            yield start + lead, start + len(chunk.rstrip())
        start = end + len(separator)


def has_letters(text: str, count: int) -> bool:
    """Whether ``text`` holds at least ``count`` letters (``str.isalpha``).

    Reads only up to the ``count``-th letter: counting every letter of a 2,000-character
    sample in a Python loop cost as much as the compiled detector itself.
    """
    return count <= 0 or next(islice(filter(str.isalpha, text), count - 1, None), None) is not None


BACKENDS = ("auto", "langdetect", "langdetect_rs")


@lru_cache(maxsize=8)
def loaded_factory(module: str, seed: int) -> Any:
    """A detector factory of ``module`` (``langdetect`` or ``langdetect_rs``) with its
    profiles loaded and ``seed`` set, one per process: after this it is only read (each
    ``create`` gives an independent detector), so stages may share it."""
    factories = importlib.import_module(f"{module}.detector_factory")
    factory = factories.DetectorFactory()
    factory.load_profile(factories.PROFILES_DIRECTORY)
    factory.set_seed(seed)
    return factory


def resolve_backend(backend: str) -> str:
    """The module that will detect: ``auto`` prefers the compiled port when importable."""
    if backend != "auto":
        if backend == "langdetect_rs" and importlib.util.find_spec("langdetect_rs") is None:
            raise MissingDependencyError("langdetect-rs", "fast")
        return backend
    return "langdetect_rs" if importlib.util.find_spec("langdetect_rs") else "langdetect"


@dataclass
class DetectLanguage(StageBase):
    """Tag ``lang`` (ISO 639-1, or ``und``) and ``lang_score`` (langdetect's probability)."""

    name: ClassVar[str] = "tag.language"
    #: The tags this stage writes and their types (the corpus schema is built from them).
    writes_tags: ClassVar[dict[str, str]] = {
        "lang": "str",
        "lang_score": "float",
        "lang_paragraphs": "json",
    }

    # Below this there is too little text for any detector to trust
    min_chars: int = field(default=20, metadata={"ge": 0})
    # A best guess under this probability is reported as "und"
    min_score: float = field(default=0.5, metadata={"ge": 0, "le": 1})
    # langdetect costs ~13 ms per 10 KB; 2,000 chars keep it flat
    sample_chars: int = field(default=2000, metadata={"ge": 1})
    seed: int = field(default=0, metadata={"ge": 0})
    per_paragraph: bool = False  # off: one detection per paragraph is costly, rarely needed
    # "auto" takes langdetect-rs, a main dependency: a compiled port of langdetect that
    # gives the same probabilities to the last bit, about 17x faster on article-sized
    # texts here (benchmarks/language_backends.py); langdetect itself where the port is
    # not installed (a platform without its wheel).
    backend: Literal["auto", "langdetect", "langdetect_rs"] = "auto"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")

    def setup(self) -> None:
        module = resolve_backend(self.backend)
        self._factory = loaded_factory(module, self.seed)
        self._error = importlib.import_module(f"{module}.lang_detect_exception").LangDetectException

    def detect(self, text: str) -> tuple[str, float]:
        """``(lang, probability)`` for ``text``; ``("und", 0.0)`` when undecidable."""
        sample = sample_text(text, self.sample_chars)
        if not has_letters(sample, self.min_chars):
            return UNDETERMINED, 0.0
        detector = self._factory.create()
        detector.append(sample)
        try:
            best = detector.get_probabilities()[0]
        except (self._error, IndexError):
            return UNDETERMINED, 0.0
        if best.prob < self.min_score:
            return UNDETERMINED, round(best.prob, 4)
        return best.lang, round(best.prob, 4)

    def process(self, doc: Document) -> Document:
        doc.tags["lang"], doc.tags["lang_score"] = self.detect(doc.text)
        if self.per_paragraph:
            doc.tags["lang_paragraphs"] = self.detect_paragraphs(doc.text)
        return doc

    def detect_paragraphs(self, text: str) -> list[dict[str, Any]]:
        """One ``{start, end, lang, lang_score}`` per paragraph (offsets into ``text``).

        Paragraphs shorter than ``min_chars`` letters are ``und``, as whole documents are.
        """
        found = []
        for start, end in paragraph_bounds(text):
            lang, score = self.detect(text[start:end])
            found.append({"start": start, "end": end, "lang": lang, "lang_score": score})
        return found
