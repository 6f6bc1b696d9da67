"""Near-duplicate detection: corpusclean's dedup.minhash against datasketch, same documents.

Generates N news-like synthetic documents (deterministic, nothing downloaded): originals
made of Zipf-distributed pseudo-words in sentences and paragraphs, each ending with one
of a few site footers, and near-duplicate variants of some originals (new headline, other
footer, a few edited sentences, sometimes a dropped sentence, sometimes re-wrapped
lines). The known duplicate pairs are every pair of documents derived from one original.

For each implementation it measures signature throughput (documents per second of CPU
time in one process, tokenization included, the implementations alternating in blocks
of 512 documents so that a busy machine slows all alike), the CPU time of the
LSH pass (candidates, verification at the same Jaccard threshold, clusters), the memory
held by the signatures and the peak memory of the LSH pass (tracemalloc), and precision
and recall against the known pairs. Prints a Markdown table.

    python benchmarks/dedup.py                  # 100k documents, a few minutes
    python benchmarks/dedup.py --docs 20000     # quicker
    python benchmarks/dedup.py --estimate-1m    # memory of the central step at 1M documents

corpusclean signs pipeline batches of 32 documents with ``summarize_batch``, as its
workers do; datasketch's ``MinHash.update_batch`` (its fastest path) makes its
signatures. On a sample, for reference: datasketch's one-shingle-at-a-time ``update``
and corpusclean's one-document ``summarize`` (checked to give the same summaries).
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpusclean.dedup.lsh import connected
from corpusclean.dedup.minhash import MinHashSummary, NearDedup
from corpusclean.dedup.shingles import ShingleHasher, fold_bytes
from corpusclean.document import Document, document_id

SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "with",
    "he",
    "it",
    "as",
    "at",
    "by",
    "his",
    "from",
    "said",
    "be",
    "have",
    "has",
    "are",
    "not",
    "but",
    "had",
    "they",
    "were",
    "an",
    "this",
    "which",
    "who",
    "their",
    "been",
    "would",
    "its",
    "after",
    "also",
    "more",
    "than",
    "up",
    "out",
    "one",
    "about",
    "over",
    "new",
    "when",
    "there",
    "two",
    "year",
    "last",
    "people",
    "government",
    "minister",
]


def vocabulary(rng: np.random.Generator, size: int) -> np.ndarray:
    """Function words first (the most frequent ranks), then unique pseudo-words."""
    words = list(dict.fromkeys(FUNCTION_WORDS))
    seen = set(words)
    while len(words) < size:
        picks = rng.integers(len(SYLLABLES), size=int(rng.integers(2, 5)))
        word = "".join(SYLLABLES[i] for i in picks)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return np.array(words, dtype=object)


class Corpus:
    """The synthetic documents and the groups of documents derived from one original."""

    def __init__(self, n: int, dup_rate: float, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.vocab = vocabulary(self.rng, 30000)
        ranks = np.arange(len(self.vocab), dtype=np.float64)
        weights = 1.0 / (ranks + 2.7)
        self.cdf = np.cumsum(weights / weights.sum())
        self.footers = [self._sentence(25, 45) for _ in range(12)]
        self.texts: list[str] = []
        self.sentences: list[list[list[str]]] = []  # originals only: paragraphs of sentences
        self.group: list[int] = []  # index of the original each document derives from
        n_originals = int(n * (1 - dup_rate))
        for _ in range(n_originals):
            paragraphs = self._article()
            self.sentences.append(paragraphs)
            self.group.append(len(self.texts))
            self.texts.append(self._render(paragraphs, int(self.rng.integers(len(self.footers)))))
        while len(self.texts) < n:
            source = int(self.rng.integers(n_originals))
            self.group.append(source)
            self.texts.append(self._variant(source))

    def _words(self, k: int) -> list[str]:
        picks = np.searchsorted(self.cdf, self.rng.random(k) * self.cdf[-1])
        return list(self.vocab[picks])

    def _sentence(self, lo: int, hi: int) -> str:
        words = self._words(int(self.rng.integers(lo, hi)))
        return " ".join([words[0].capitalize(), *words[1:]]) + "."

    def _article(self) -> list[list[str]]:
        headline = [self._sentence(7, 13).rstrip(".")]
        body = [
            [self._sentence(8, 28) for _ in range(int(self.rng.integers(2, 6)))]
            for _ in range(int(self.rng.integers(4, 9)))
        ]
        return [headline, *body]

    def _render(self, paragraphs: list[list[str]], footer: int, width: int = 0) -> str:
        blocks = [" ".join(p) for p in paragraphs] + [self.footers[footer]]
        if width:
            blocks = [_wrap(b, width) for b in blocks]
        return "\n\n".join(blocks)

    def _variant(self, source: int) -> str:
        """New headline, other footer, a few edited sentences; maybe a cut and re-wrap."""
        paragraphs = [list(p) for p in self.sentences[source]]
        paragraphs[0] = [self._sentence(7, 13).rstrip(".")]
        for _ in range(int(self.rng.integers(1, 4))):
            para = paragraphs[int(self.rng.integers(1, len(paragraphs)))]
            k = int(self.rng.integers(len(para)))
            words = para[k].split()
            for _ in range(int(self.rng.integers(1, 3))):
                words[int(self.rng.integers(len(words)))] = self._words(1)[0]
            para[k] = " ".join(words)
        if self.rng.random() < 0.3:
            para = paragraphs[-1]
            if len(para) > 1:
                del para[int(self.rng.integers(len(para)))]
        width = int(self.rng.integers(60, 80)) if self.rng.random() < 0.5 else 0
        return self._render(paragraphs, int(self.rng.integers(len(self.footers))), width)

    def known_pairs(self) -> set[tuple[int, int]]:
        return _pairs_within(np.array(self.group))


def true_jaccard(texts: list[str], pairs: set[tuple[int, int]], n: int) -> np.ndarray:
    """Exact Jaccard of each pair's shingle sets (for the recall reachable at a threshold)."""
    hasher = ShingleHasher(n)
    sets: dict[int, set[int]] = {}
    out = []
    for a, b in sorted(pairs):
        for i in (a, b):
            if i not in sets:
                sets[i] = set(hasher(texts[i]).tolist())
        union = len(sets[a] | sets[b])
        out.append(len(sets[a] & sets[b]) / union if union else 0.0)
    return np.array(out)


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _pairs_within(labels: np.ndarray) -> set[tuple[int, int]]:
    """Every pair ``(i, j)``, ``i < j``, of positions that share a label."""
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    return {
        (a, b)
        for members in groups.values()
        for k, a in enumerate(members)
        for b in members[k + 1 :]
    }


def score(predicted: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    hit = len(predicted & truth)
    return hit / max(len(predicted), 1), hit / max(len(truth), 1)


def traced_peak(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Run ``fn`` under tracemalloc; its result and the peak it allocated, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / 1e6


def held_mb(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Build a structure under tracemalloc; the structure and the memory it still holds."""
    gc.collect()
    tracemalloc.start()
    try:
        result = fn()
        current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, current / 1e6


# --- signatures, interleaved ---------------------------------------------------------


def _datasketch_shingles(text: str, n: int) -> list[bytes]:
    """The same words as corpusclean's, so both see identical shingle sets."""
    words = fold_bytes(text).tobytes().decode("utf-8").split()
    if len(words) <= n:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)]


def signers(
    texts: list[str], stage: NearDedup, batch_size: int
) -> dict[str, Callable[[int, int], list[Any]]]:
    """Signature makers by name; each takes a range of document positions.

    corpusclean signs what the pipeline hands its workers, batches of ``batch_size``
    documents (``summarize_batch``; the CLI's default batch is 32); ``corpusclean
    one-by-one`` calls ``summarize`` per document for reference. datasketch has no
    cross-document batch: its ``MinHash.bulk`` loops over ``update_batch`` like this does.
    """
    from datasketch import MinHash

    stage.setup()
    docs = [Document(id=f"{i:08d}", source=str(i), text=t) for i, t in enumerate(texts)]
    first = MinHash(num_perm=stage.num_perm, seed=stage.seed)

    def datasketch(i: int, batch: bool = True) -> MinHash:
        m = MinHash(num_perm=stage.num_perm, permutations=first.permutations, scheme=first.scheme)
        shingles = _datasketch_shingles(texts[i], stage.shingle_words)
        if batch:
            m.update_batch(shingles)
        else:
            for shingle in shingles:
                m.update(shingle)
        return m

    def corpusclean(lo: int, hi: int) -> list[tuple[str, MinHashSummary]]:
        out = []
        for start in range(lo, hi, batch_size):
            batch = docs[start : min(start + batch_size, hi)]
            out.extend(zip([d.id for d in batch], stage.summarize_batch(batch), strict=True))
        return out

    return {
        "corpusclean": corpusclean,
        "corpusclean one-by-one": lambda lo, hi: [
            (docs[i].id, stage.summarize(docs[i])) for i in range(lo, hi)
        ],
        "datasketch": lambda lo, hi: [datasketch(i) for i in range(lo, hi)],
        "datasketch update()": lambda lo, hi: [datasketch(i, batch=False) for i in range(lo, hi)],
    }


def sign_interleaved(
    makers: dict[str, Callable[[int, int], list[Any]]], limits: dict[str, int], block: int = 512
) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Signatures of each maker, in alternating blocks, and the CPU seconds each took.

    Alternating blocks and CPU time (not wall time) keep the comparison fair on a shared
    machine: a busy neighbour slows both sides alike instead of whichever ran at the time.
    """
    out: dict[str, list[Any]] = {name: [] for name in makers}
    cpu = dict.fromkeys(makers, 0.0)
    for lo in range(0, max(limits.values()), block):
        for name, make in makers.items():
            hi = min(lo + block, limits[name])
            if lo < hi:
                start = time.process_time()
                out[name].extend(make(lo, hi))
                cpu[name] += time.process_time() - start
    return out, cpu


# --- LSH passes ------------------------------------------------------------------------


def corpusclean_pass(stage: NearDedup, summaries: list[tuple[str, Any]]) -> set[tuple[int, int]]:
    decision = stage.decide(summaries)
    position = {doc_id: i for i, (doc_id, _) in enumerate(summaries)}
    labels = np.arange(len(summaries))
    for doc_id, member in decision.members.items():
        labels[position[doc_id]] = position[member.cluster]
    return _pairs_within(labels)


def datasketch_pass(stage: NearDedup, sketches: list[Any]) -> set[tuple[int, int]]:
    """Index, query, verify at the same threshold, join: what corpusclean's decide does."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(num_perm=stage.num_perm, params=(stage.bands, stage.rows))
    for i, m in enumerate(sketches):
        lsh.insert(i, m)
    edges = []
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j > i and m.jaccard(sketches[j]) >= stage.threshold:
                edges.append((i, j))
    component = connected(len(sketches), np.array(edges, dtype=np.int64).reshape(-1, 2))
    return _pairs_within(component)


def measure_pass(run: Callable[[], set[tuple[int, int]]]) -> dict[str, Any]:
    start = time.process_time()
    pairs = run()
    seconds = time.process_time() - start
    _, peak = traced_peak(run)
    return {"pairs": pairs, "lsh_s": seconds, "peak_mb": peak}


# --- the 1M estimate -------------------------------------------------------------------


def estimate_central(n: int, stage: NearDedup, dup_rate: float, seed: int) -> dict[str, float]:
    """Memory of the summaries the pipeline holds and of ``decide`` for ``n`` documents.

    Signatures are drawn at random (no texts needed), and a ``dup_rate`` share of them are
    copies of another with a fifth of the values changed, so the LSH pass does real work.
    """
    rng = np.random.default_rng(seed)

    def build() -> list[tuple[str, MinHashSummary]]:
        rows = []
        block = 100_000
        for lo in range(0, n, block):
            size = min(block, n - lo)
            sigs = rng.integers(0, 1 << 32, size=(size, stage.num_perm), dtype=np.uint32)
            dups = np.flatnonzero(rng.random(size) < dup_rate)
            sources = rng.integers(0, size, size=len(dups))
            sigs[dups] = sigs[sources]
            noise = rng.random((len(dups), stage.num_perm)) < 0.2
            sigs[dups] = np.where(noise, rng.integers(0, 1 << 32, size=noise.shape), sigs[dups])
            lengths = rng.integers(500, 20000, size=size)
            for k in range(size):
                doc_id = document_id(f"doc-{lo + k}")
                rows.append((doc_id, MinHashSummary(int(lengths[k]), sigs[k].tobytes())))
        return rows

    summaries, held = held_mb(build)
    start = time.process_time()
    decision = stage.decide(summaries)
    seconds = time.process_time() - start
    del decision
    decision, peak = traced_peak(lambda: stage.decide(summaries))
    return {
        "docs": n,
        "held_mb": held,
        "peak_mb": peak,
        "seconds": seconds,
        "duplicates": len(decision.members),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents to generate")
    parser.add_argument("--dup-rate", type=float, default=0.1, help="share of near-duplicates")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="docs for datasketch update() and corpusclean one document at a time",
    )
    parser.add_argument(
        "--batch-size", type=int, default=32, help="documents per summarize_batch (the CLI's)"
    )
    parser.add_argument(
        "--estimate-1m",
        action="store_true",
        help="only measure the central step's memory for 1,000,000 documents",
    )
    args = parser.parse_args()
    stage = NearDedup()
    if args.estimate_1m:
        r = estimate_central(1_000_000, stage, args.dup_rate, args.seed)
        print("| documents | summaries held | decide peak | total | decide (CPU) | in clusters |")
        print("|---|---|---|---|---|---|")
        print(
            f"| {r['docs']:,} | {r['held_mb']:,.0f} MB | {r['peak_mb']:,.0f} MB | "
            f"{(r['held_mb'] + r['peak_mb']) / 1000:.2f} GB | {r['seconds']:.1f} s | "
            f"{r['duplicates']:,} |"
        )
        print(
            f"\nprocess max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB"
        )
        return

    start = time.perf_counter()
    corpus = Corpus(args.docs, args.dup_rate, args.seed)
    truth = corpus.known_pairs()
    print(
        f"generated {len(corpus.texts):,} documents, {len(truth):,} known duplicate pairs, "
        f"{sum(map(len, corpus.texts)) / len(corpus.texts):,.0f} characters on average "
        f"({time.perf_counter() - start:.0f} s)",
        file=sys.stderr,
    )
    jaccard = true_jaccard(corpus.texts, truth, stage.shingle_words)
    originals = {(a, b) for a, b in truth if corpus.group[b] == a}
    against_original = true_jaccard(corpus.texts, originals, stage.shingle_words)
    n = len(corpus.texts)
    makers = signers(corpus.texts, stage, args.batch_size)
    sample = min(args.sample, n)
    limits = {
        "corpusclean": n,
        "corpusclean one-by-one": sample,
        "datasketch": n,
        "datasketch update()": sample,
    }
    signatures, cpu = sign_interleaved(makers, limits)
    print("signatures done", file=sys.stderr)
    if signatures["corpusclean"][:sample] != signatures["corpusclean one-by-one"]:
        raise AssertionError("summarize_batch and summarize gave different summaries")
    held = {
        name: held_mb(lambda name=name: makers[name](0, min(n, 10000)))[1] * n / min(n, 10000)
        for name in ("corpusclean", "datasketch")
    }
    results = {
        "corpusclean": measure_pass(lambda: corpusclean_pass(stage, signatures["corpusclean"])),
        "datasketch": measure_pass(lambda: datasketch_pass(stage, signatures["datasketch"])),
    }
    print(
        f"\n{n:,} documents, {len(truth):,} known duplicate pairs; "
        f"{stage.shingle_words}-word shingles, {stage.num_perm} permutations, "
        f"{stage.bands} bands x {stage.rows} rows, Jaccard >= {stage.threshold}\n"
    )
    print(
        "| implementation | signatures/s (CPU) | LSH pass (CPU) | signatures held | LSH peak | "
        "precision | recall |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        precision, recall = score(r["pairs"], truth)
        print(
            f"| {name} | {n / cpu[name]:,.0f} | {r['lsh_s']:.1f} s | "
            f"{held[name]:,.0f} MB | {r['peak_mb']:,.0f} MB | {precision:.4f} | {recall:.4f} |"
        )
    low, high = np.percentile(against_original, [5, 95])
    print(
        f"\ntrue Jaccard of the known pairs: {(jaccard >= stage.threshold).mean():.1%} reach "
        f"the threshold (the recall an exact method would get); variant against its original: "
        f"5th-95th percentile {low:.2f}-{high:.2f}"
    )
    ours = n / cpu["corpusclean"]
    batch = n / cpu["datasketch"]
    one = sample / cpu["corpusclean one-by-one"]
    update = sample / cpu["datasketch update()"]
    print(
        f"\nsignature speed-up (corpusclean in batches of {args.batch_size}): "
        f"{ours / batch:.1f}x datasketch update_batch(); {ours / update:.1f}x datasketch "
        f"update() one shingle at a time ({update:,.0f} docs/s). corpusclean one document "
        f"at a time: {one:,.0f} docs/s ({one / batch:.1f}x update_batch()). Sampled speeds "
        f"are on the first {sample:,} documents. Speeds are CPU time of one process, "
        "measured in alternating blocks of 512 documents."
    )
    print(f"process max RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB")


if __name__ == "__main__":
    main()
