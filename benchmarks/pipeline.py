"""End-to-end throughput of `corpusclean clean` with the default pipeline.

Builds a deterministic JSONL corpus of seed-like news articles (paragraphs reshuffled,
some re-published verbatim or with another footer, some damaged with mojibake and
markup debris), then runs the default pipeline on it at each worker count and reports
documents per second, MB per second and the peak memory of the run.

    python benchmarks/pipeline.py --docs 4000 --workers 1 2

Nothing is downloaded; the corpus is written under benchmarks/data/ (git-ignored).
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
FOOTERS = [
    "Share this article on Facebook Twitter LinkedIn",
    "© 2024 Regional Herald. All rights reserved.",
    "Subscribe to our newsletter for the latest updates.",
]


def build_corpus(path: Path, n_docs: int, seed: int = 7) -> int:
    """Write ``n_docs`` JSONL records; returns the size in bytes."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").iterdir())]
    paragraphs = [p for text in seeds for p in text.split("\n") if len(p) > 80]
    path.parent.mkdir(parents=True, exist_ok=True)
    previous: list[str] = []
    with path.open("wb") as fh:
        for i in range(n_docs):
            roll = rng.random()
            if previous and roll < 0.05:
                text = rng.choice(previous)  # re-published verbatim
            elif previous and roll < 0.10:
                text = rng.choice(previous) + "\n" + rng.choice(FOOTERS)  # another footer
            else:
                body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(4, 12)))
                text = f"Report {i}: " + "\n\n".join(body)
                if rng.random() < 0.05:
                    text = text.encode("utf-8").decode("latin-1")  # mojibake
                if rng.random() < 0.10:
                    text = text.replace(". ", " . < / p >< p > ", 3)  # markup debris
                previous.append(text)
                previous = previous[-50:]
            fh.write(orjson.dumps({"text": text, "url": f"https://news.example/{i}"}) + b"\n")
    return path.stat().st_size


def run(corpus: Path, workers: int) -> tuple[float, int]:
    """Run the CLI in a child process; returns (seconds, peak RSS of the children in KB)."""
    out = corpus.parent / f"out-w{workers}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "corpusclean",
            "clean",
            str(corpus),
            "-o",
            str(out),
            "-q",
            "--workers",
            str(workers),
        ],
        check=True,
        cwd=ROOT,  # `python -m` then runs this checkout, not an installed corpusclean
    )
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before)


def _spin(_: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += i * i
    return time.perf_counter() - start


def machine_ceiling(workers: int) -> float:
    """How much faster ``workers`` processes of plain Python run than one, on this machine.

    Virtual cores that share a physical core (or a throttled host) scale far below their
    count; the pipeline cannot scale better than this.
    """
    start = time.perf_counter()
    _spin(0)
    one = time.perf_counter() - start
    with multiprocessing.Pool(workers) as pool:
        start = time.perf_counter()
        pool.map(_spin, range(workers))
        many = time.perf_counter() - start
    return workers * one / many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=4000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    corpus = ROOT / "benchmarks" / "data" / f"pipeline-{args.docs}.jsonl"
    size = build_corpus(corpus, args.docs)
    print(f"corpus: {args.docs:,} documents, {size / 1e6:.1f} MB ({corpus})")
    print("| workers | seconds | docs/s | MB/s | peak RSS (MB, largest process) |")
    print("|---:|---:|---:|---:|---:|")
    for workers in args.workers:
        seconds, peak_kb = run(corpus, workers)
        print(
            f"| {workers} | {seconds:.1f} | {args.docs / seconds:,.0f} | "
            f"{size / 1e6 / seconds:.2f} | {peak_kb / 1024:.0f} |"
        )
    top = max(args.workers)
    if top > 1:
        speedup = machine_ceiling(top)
        print(
            f"machine ceiling: {top} processes of plain Python run {speedup:.2f}x faster than one"
        )


if __name__ == "__main__":
    main()
