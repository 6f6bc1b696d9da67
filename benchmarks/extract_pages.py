"""Page extraction against plain trafilatura, and the speed of the boilerplate stages.

    python benchmarks/extract_pages.py [--repeat N]

1. Quality, on tests/data/boilerplate/pages/ (expected.json lists, per page, sentences to
   keep and page furniture to drop): corpusclean's text stages (extract.html, repair,
   boilerplate.lines) against ``trafilatura.extract(html)`` with its defaults.
2. Speed, in one process: extract.html in pages/s over the pages repeated N times, and
   boilerplate.lines in documents/s and MB/s over the line fixtures and seeds repeated.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from corpusclean.boilerplate.lines import BoilerplateLines  # noqa: E402
from corpusclean.config import default_stages  # noqa: E402
from corpusclean.document import Document  # noqa: E402
from corpusclean.extract.html import ExtractHtml  # noqa: E402
from corpusclean.pipeline import Pipeline  # noqa: E402

DATA = ROOT / "tests" / "data" / "boilerplate"


def score(text: str, expected: dict) -> tuple[int, int]:
    flat = " ".join(text.split())
    return (
        sum(1 for s in expected["keep"] if s in flat),
        sum(1 for s in expected["drop"] if s in flat),
    )


def page_doc(path: Path) -> Document:
    doc = Document.from_text(path.read_text(encoding="utf-8"), source=path.name)
    doc.tags["format"] = "html"
    return doc


def quality() -> None:
    expected = json.loads((DATA / "pages" / "expected.json").read_text(encoding="utf-8"))
    stages = [s for s in default_stages() if not s.name.startswith(("dedup.", "tag."))]
    pipeline = Pipeline(stages)
    print(f"{'page':<22}{'keep':>6}{'ours':>6}{'plain':>7}{'drop':>6}{'ours':>6}{'plain':>7}")
    totals = [0, 0, 0, 0, 0, 0]
    for name, exp in expected.items():
        if name.startswith("_"):
            continue
        path = DATA / "pages" / name
        ours = score(pipeline.process_one(page_doc(path)).text, exp)
        plain = score(trafilatura.extract(path.read_text(encoding="utf-8")) or "", exp)
        row = [len(exp["keep"]), ours[0], plain[0], len(exp["drop"]), ours[1], plain[1]]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(f"{name:<22}" + "".join(f"{v:>6}" for v in row))
    print(f"{'total':<22}" + "".join(f"{v:>6}" for v in totals))
    print("(keep: sentences kept of those expected; drop: furniture lines that leaked)")


def speed(repeat: int) -> None:
    pages = [page_doc(p) for p in sorted((DATA / "pages").glob("*.html"))]
    stage = ExtractHtml()
    stage.setup()
    n = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for page in pages:
            stage.process(page_doc(DATA / "pages" / page.source))
            n += 1
    elapsed = time.perf_counter() - start
    print(f"extract.html: {n} pages in {elapsed:.2f} s = {n / elapsed:.0f} pages/s")

    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "lines").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    lines = BoilerplateLines()
    lines.setup()
    n, size = 0, 0
    start = time.perf_counter()
    for _ in range(repeat * 10):
        for text in texts:
            lines.process(Document.from_text(text))
            n += 1
            size += len(text.encode("utf-8"))
    elapsed = time.perf_counter() - start
    print(
        f"boilerplate.lines: {n} docs in {elapsed:.2f} s = {n / elapsed:.0f} docs/s, "
        f"{size / elapsed / 1e6:.1f} MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    quality()
    speed(args.repeat)


if __name__ == "__main__":
    main()
