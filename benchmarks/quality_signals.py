"""Throughput of ``tag.quality`` on the pipeline benchmark's documents, on prose and on
fully repeated text (its worst case, where every n-gram size finds repeats).

    python benchmarks/quality_signals.py --docs 4000

The documents are those of ``benchmarks/pipeline.py`` (same generator, same seed), as
read, before any repair. Each figure is the best of ``--repeat`` runs on one core: other
processes on a shared machine only ever make a run slower.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout, not an installed corpusclean

from benchmarks.pipeline import build_corpus  # noqa: E402
from corpusclean.tag.quality import quality_signals  # noqa: E402


def best_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpus = ROOT / "benchmarks" / "data" / f"pipeline-{args.docs}.jsonl"
    build_corpus(corpus, args.docs)
    docs = [orjson.loads(line)["text"] for line in corpus.read_bytes().splitlines()]
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("seeds/*.txt")))
    cases = {
        f"pipeline docs ({len(docs):,})": docs,
        "prose (3 seeds)": [seeds],
        "repeated (3 seeds x5)": ["\n".join([seeds] * 5)],
    }
    print("| texts | chars per text | ms per text | MB/s |")
    print("|---|---:|---:|---:|")
    for label, texts in cases.items():
        repeat = args.repeat if len(texts) > 1 else args.repeat * 4
        seconds = best_seconds(lambda texts=texts: [quality_signals(t) for t in texts], repeat)
        chars = sum(map(len, texts))
        print(
            f"| {label} | {chars / len(texts):,.0f} | {seconds / len(texts) * 1000:.3f} | "
            f"{chars / seconds / 1e6:.2f} |"
        )


if __name__ == "__main__":
    main()
