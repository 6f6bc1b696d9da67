"""Speed and summary size of ``boilerplate.repeated_lines`` on a synthetic crawl.

    python benchmarks/repeated_lines.py [--docs N] [--sites S]

Each document has a site header and footer (four template lines), one short ad marker
and twenty unique body lines; documents are spread over S sites. Prints documents per
second for summarize, decide and apply, the pickled size of a summary (what crosses
from workers to the central decide), and how many template lines were found.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpusclean.boilerplate.repeated import RepeatedLines
from corpusclean.document import Document


def corpus(n: int, sites: int) -> list[Document]:
    rng = random.Random(0)
    words = [
        "the",
        "port",
        "trade",
        "oil",
        "ship",
        "route",
        "data",
        "rise",
        "fall",
        "week",
        "said",
        "minister",
        "talks",
    ]
    docs = []
    for k in range(n):
        site = k % sites
        body = [" ".join(rng.choices(words, k=18)) + f" {k}-{j}." for j in range(20)]
        lines = [f"Site {site} News - Home - World", "Advertisement", *body]
        lines += [f"Support Site {site} journalism today.", f"© 2024 Site {site} Media"]
        docs.append(
            Document.from_text(
                "\n".join(lines), source=f"{k}", url=f"https://site{site}.example/{k}"
            )
        )
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--sites", type=int, default=50)
    args = parser.parse_args()
    docs = corpus(args.docs, args.sites)
    stage = RepeatedLines()
    start = time.perf_counter()
    summaries = [(d.id, stage.summarize(d)) for d in docs]
    t_sum = time.perf_counter() - start
    start = time.perf_counter()
    decision = stage.decide(summaries)
    t_dec = time.perf_counter() - start
    start = time.perf_counter()
    removed = sum(len(stage.apply(d, decision).removed) for d in docs)
    t_app = time.perf_counter() - start
    size = sum(len(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL)) for _, s in summaries)
    n = len(docs)
    print(f"{n} docs, {args.sites} sites")
    print(
        f"summarize: {n / t_sum:,.0f} docs/s; decide: {n / t_dec:,.0f} docs/s; "
        f"apply: {n / t_app:,.0f} docs/s"
    )
    print(f"summary: {size / n:.0f} bytes per document (pickled); {stage.describe(decision)}")
    print(f"lines removed: {removed} ({removed / n:.1f} per document)")


if __name__ == "__main__":
    main()
