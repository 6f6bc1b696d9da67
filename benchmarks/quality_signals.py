"""Throughput of ``tag.quality`` on prose and on fully repeated text (its worst case).

python benchmarks/quality_signals.py
"""

from __future__ import annotations

import time
from pathlib import Path

from corpusclean.tag.quality import quality_signals

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("seeds/*.txt")))
    cases = {"prose (3 seeds)": seeds, "repeated (3 seeds x5)": "\n".join([seeds] * 5)}
    for label, text in cases.items():
        runs = 20
        start = time.perf_counter()
        for _ in range(runs):
            quality_signals(text)
        seconds = (time.perf_counter() - start) / runs
        print(
            f"{label:24} {len(text):>7,} chars {seconds * 1000:6.1f} ms/doc "
            f"{len(text) / seconds / 1e6:5.2f} MB/s"
        )


if __name__ == "__main__":
    main()
