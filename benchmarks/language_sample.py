"""Cost and agreement of language detection on a bounded sample versus the full text.

    python benchmarks/language_sample.py [--sizes 5000,20000,100000]

For each length, builds documents in English (the seeds), French and German (the test
articles) by joining paragraphs in rotating order, and detects with ``sample_chars``
2,000 (the default) and with the whole text. Prints milliseconds per document and how
often the two answers agree.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout, not an installed corpusclean

from corpusclean.config import build_stage  # noqa: E402


def documents(size: int) -> list[tuple[str, str]]:
    sources = {
        "en": [p for f in sorted((ROOT / "seeds").glob("*.txt")) for p in _paras(f)],
        "fr": _paras(ROOT / "tests/data/tagged/fr.txt"),
        "de": _paras(ROOT / "tests/data/tagged/de.txt"),
    }
    docs = []
    for lang, paras in sources.items():
        for offset in range(5):
            parts, i = [], offset
            while sum(len(p) for p in parts) < size:
                parts.append(paras[i % len(paras)])
                i += 3
            docs.append((lang, "\n\n".join(parts)[:size]))
    return docs


def _paras(path: Path) -> list[str]:
    return [p for p in path.read_text(encoding="utf-8").split("\n") if len(p) > 40]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000,100000")
    args = parser.parse_args()
    print(f"{'chars':>8} {'sample ms':>10} {'full ms':>9} {'agree':>7} {'correct':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        docs = documents(size)
        sampled = build_stage("tag.language")
        full = build_stage("tag.language", {"sample_chars": size + 1})
        sampled.setup()
        full.setup()
        answers = {}
        for name, stage in (("sample", sampled), ("full", full)):
            start = time.perf_counter()
            answers[name] = [stage.detect(text)[0] for _, text in docs]
            answers[name + "_ms"] = (time.perf_counter() - start) / len(docs) * 1000
        agree = sum(a == b for a, b in zip(answers["sample"], answers["full"], strict=True))
        correct = sum(a == lang for a, (lang, _) in zip(answers["sample"], docs, strict=True))
        print(
            f"{size:>8,} {answers['sample_ms']:>10.1f} {answers['full_ms']:>9.1f} "
            f"{agree:>3}/{len(docs):<3} {correct:>4}/{len(docs)}"
        )


if __name__ == "__main__":
    main()
