"""Language detection speed: langdetect against its compiled port, same answers.

    python benchmarks/language_backends.py

Detects the language of the seeds and of the test corpora's texts (each on the stage's
2,000-character sample) with both backends, checks that every answer is identical, and
prints milliseconds of CPU per document for each. Texts under 1,000 characters are left
out: the figure is for article-sized documents.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout, not an installed corpusclean

from corpusclean.tag.language import DetectLanguage  # noqa: E402


def texts() -> list[str]:
    paths = sorted((ROOT / "seeds").iterdir()) + sorted((ROOT / "tests" / "data").rglob("*.txt"))
    found = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return [t for t in found if len(t) >= 1000]  # article-sized: the stage's 2,000-char sample


def main() -> None:
    corpus = texts()
    results = {}
    print(f"{len(corpus)} texts")
    print("| backend | ms per document |")
    print("|---|---:|")
    for backend in ("langdetect", "langdetect_rs"):
        stage = DetectLanguage(backend=backend)  # type: ignore[arg-type]
        stage.setup()
        start = time.process_time()
        for _ in range(3):
            results[backend] = [stage.detect(t) for t in corpus]
        per_doc = (time.process_time() - start) / (3 * len(corpus)) * 1000
        print(f"| {backend} | {per_doc:.2f} |")
    same = results["langdetect"] == results["langdetect_rs"]
    print(f"identical answers: {same}")


if __name__ == "__main__":
    main()
