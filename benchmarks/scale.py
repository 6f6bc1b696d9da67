"""Corpus scale: throughput, peak memory of the whole process tree, and temporary disk.

Generates a JSONL corpus of N documents of about 2 KB of real text (sentences of the seeds
and the test articles, shuffled into new documents; 10 % are near-duplicates of an
earlier one: a few words changed and another footer), then runs the default pipeline
with ``corpusclean clean`` and samples, every 0.2 s, the resident memory of the command
and all its workers and the size of its work folder.

    python benchmarks/scale.py --docs 10000 100000 --workers 2
    python benchmarks/scale.py --docs 1000000 --workers 2   # about 2 GB of input

The corpus is written under benchmarks/data/ (git-ignored) and reused when present.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
FOOTERS = [
    "Share this article on Facebook Twitter LinkedIn",
    "Subscribe to our newsletter for the latest updates.",
    "© 2024 Regional Herald. All rights reserved.",
    "Read more: the week in review",
]


def sentences() -> list[str]:
    """Real sentences, from the seeds and the test articles, in every language they hold."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").iterdir())]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data").rglob("*.txt"))]
    found = []
    for text in texts:
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            sentence = " ".join(sentence.split())
            if 40 <= len(sentence) <= 400 and sentence[0].isupper():
                found.append(sentence)
    return sorted(set(found))


def build_corpus(path: Path, n_docs: int, seed: int = 11) -> int:
    """Write ``n_docs`` records (~2 KB each, 10 % near-duplicates); returns the bytes."""
    rng = random.Random(seed)
    pool = sentences()
    recent: list[str] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for i in range(n_docs):
            if recent and rng.random() < 0.10:
                words = rng.choice(recent).split(" ")
                for _ in range(3):
                    words[rng.randrange(len(words))] = rng.choice(["new", "latest", "updated"])
                text = " ".join(words) + "\n" + rng.choice(FOOTERS)
            else:
                paragraphs, size = [], 0
                while size < 2000:
                    paragraph = " ".join(rng.sample(pool, k=3))
                    paragraphs.append(paragraph)
                    size += len(paragraph)
                text = f"Report {i}\n\n" + "\n\n".join(paragraphs)
                recent.append(text)
                recent = recent[-200:]
            fh.write(orjson.dumps({"text": text, "url": f"https://news{i % 50}.example/{i}"}))
            fh.write(b"\n")
    return path.stat().st_size


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        child = int(entry)
        children.setdefault(int(fields[1]), []).append(child)
        rss[child] = int(fields[21]) * page
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def folder_bytes(path: Path) -> int:
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):  # a file renamed or removed meanwhile
                total += os.path.getsize(os.path.join(root, name))
    return total


def run(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "corpusclean", "clean", str(corpus), "-o", str(out)]
    command += ["-w", str(workers), "-q"]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT)
    peak_rss = peak_disk = 0
    while proc.poll() is None:
        peak_rss = max(peak_rss, tree_rss(proc.pid))
        peak_disk = max(peak_disk, folder_bytes(out / ".corpusclean-work"))
        time.sleep(0.2)
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"corpusclean exited {proc.returncode}")
    report = orjson.loads((out / "report.json").read_bytes())
    return {
        "docs": report["documents"]["in"],
        "seconds": seconds,
        "rss": peak_rss,
        "disk": peak_disk,
        "kept": report["documents"]["kept"],
        "dups": report["rejected"].get("duplicate_of", 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    data = ROOT / "benchmarks" / "data"
    head = f"{'docs':>9} {'input MB':>9} {'docs/s':>8} {'peak RSS MB':>12} {'temp MB':>8}"
    print(f"{head} {'temp/input':>10}")
    for n in args.docs:
        corpus = data / f"scale-{n}.jsonl"
        size = corpus.stat().st_size if corpus.exists() else build_corpus(corpus, n)
        figures = run(corpus, data / f"scale-{n}-out", args.workers)
        rate = figures["docs"] / figures["seconds"]
        print(
            f"{n:>9,} {size / 1e6:>9.1f} {rate:>8.0f} {figures['rss'] / 1e6:>12.0f} "
            f"{figures['disk'] / 1e6:>8.1f} {figures['disk'] / size:>10.2f}"
            f"   ({figures['dups']:,} duplicates found, {figures['seconds']:.0f} s)"
        )


if __name__ == "__main__":
    main()
