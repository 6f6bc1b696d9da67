"""The Ray executor against the local one, on the same machine and the same corpus.

For each size N, a JSONL corpus of N documents of about 2 KB of real prose (paragraphs of
the Python documentation's reST sources, ``apt-get download python3.11-doc``, cached
outside the repository) with 10 % near-duplicates (an earlier document with one paragraph
replaced, or with a footer) is cleaned with the default pipeline by each executor, each
run in a fresh process. Reported per run: documents per second of ``clean()`` (Ray's own
start, timed apart, is not in it), and the driver's peak RSS (``VmHWM`` of the process
that calls ``clean()``: for Ray the driver only, whose memory must not grow with N; for
the local executor the parent of its worker processes).

    python benchmarks/ray_scale.py --docs 10000 100000 --workers 2
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout, not an installed corpusclean

CACHE = Path.home() / ".cache" / "corpusclean-bench"
DOCS = CACHE / "python3.11-doc"
SOURCES = DOCS / "usr/share/doc/python3.11/html/_sources"
FOOTERS = [
    "This page is part of the community documentation mirror; report errors upstream.",
    "Last updated by the documentation team. Translations are welcome.",
]


def paragraphs() -> list[str]:
    """Prose paragraphs of the Python docs (no directives, tables or code blocks)."""
    if not SOURCES.exists():
        debs = CACHE / "debs"
        debs.mkdir(parents=True, exist_ok=True)
        subprocess.run(["apt-get", "download", "python3.11-doc"], cwd=debs, check=True)
        deb = next(debs.glob("python3.11-doc_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(deb), str(DOCS)], check=True)
    found = []
    for path in sorted(SOURCES.rglob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            text = " ".join(block.split())
            letters = sum(c.isalpha() or c == " " for c in text)
            if len(text) >= 200 and block[:1].isalnum() and letters > 0.9 * len(text):
                found.append(text)
    return found


def build_corpus(path: Path, n: int, seed: int = 5) -> int:
    """``n`` records of about 2 KB; 10 % near-duplicates of a recent record."""
    rng = random.Random(seed)
    pool = paragraphs()
    recent: list[list[str]] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        for i in range(n):
            if recent and rng.random() < 0.10:
                parts = list(rng.choice(recent))
                if rng.random() < 0.5:
                    parts[rng.randrange(len(parts))] = rng.choice(pool)
                else:
                    parts.append(rng.choice(FOOTERS))
            else:
                parts, size = [], 0
                while size < 2000:
                    parts.append(rng.choice(pool))
                    size += len(parts[-1])
                recent = [*recent[-99:], parts]
            site = f"docs{i % 40}.example"
            record = {"text": "\n\n".join(parts), "url": f"https://{site}/page/{i}"}
            fh.write(orjson.dumps(record) + b"\n")
    return path.stat().st_size


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def run_one(executor: str, corpus: Path, workers: int) -> dict[str, float]:
    """In a fresh process: one ``clean()`` of ``corpus``; what it took."""
    from corpusclean import clean
    from corpusclean.executors import make_executor

    started = time.perf_counter()
    pool = make_executor(executor, workers)
    startup = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="ray-scale-", dir=corpus.parent) as out:
        started = time.perf_counter()
        result = clean([corpus], Path(out) / "out", executor=pool)
        seconds = time.perf_counter() - started
    stages = result.report["corpus_stages"]
    return {
        "docs": result.stats.docs_in,
        "kept": result.stats.kept,
        "near_duplicates": stages["dedup.minhash"]["duplicates"],
        "seconds": round(seconds, 1),
        "docs_per_s": round(result.stats.docs_in / seconds, 1),
        "startup_s": round(startup, 1),
        "driver_peak_rss_mb": round(peak_rss_mb(), 1),
    }


class _Echo:
    """A Ray Data actor that does what a task does when its files are written: nothing
    but return its descriptor (what a pass costs before any document is read)."""

    def __call__(self, batch: dict) -> dict:
        return batch


def probe_ray_data(tasks: int, passes: int, workers: int) -> dict[str, float]:
    """Seconds for ``passes`` passes of ``tasks`` empty tasks: one Ray Data execution per
    pass (its actor pool is made per execution) against one actor pool for the run."""
    import ray

    from corpusclean.executors.ray import RayExecutor

    ray.init(num_cpus=workers, include_dashboard=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    started = time.perf_counter()
    for _ in range(passes):
        ds = ray.data.from_items([{"task": k} for k in range(tasks)])
        ds.map_batches(_Echo, concurrency=workers, batch_size=1).take_all()
    data = time.perf_counter() - started
    started = time.perf_counter()
    pool = RayExecutor(workers)
    for _ in range(passes):
        list(pool.map(int, range(tasks)))
    actors = time.perf_counter() - started
    pool.close()
    ray.shutdown()
    return {
        "tasks": tasks,
        "passes": passes,
        "ray_data_s": round(data, 2),
        "actor_pool_s": round(actors, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--executors", nargs="+", default=["local", "ray"])
    parser.add_argument(
        "--probe-ray-data", action="store_true", help="time empty passes: Ray Data vs actors"
    )
    parser.add_argument("--run", nargs=2, metavar=("EXECUTOR", "CORPUS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe_ray_data:
        print(json.dumps(probe_ray_data(100, 3, args.workers)))
        return
    if args.run:
        print(json.dumps(run_one(args.run[0], Path(args.run[1]), args.workers)))
        return
    rows = []
    for n in args.docs:
        corpus = CACHE / "ray-scale" / f"docs-{n}.jsonl"
        if not corpus.exists():
            build_corpus(corpus, n)
        mb = corpus.stat().st_size / 1e6
        for executor in args.executors:
            command = [sys.executable, __file__, "--workers", str(args.workers)]
            done = subprocess.run(
                [*command, "--run", executor, str(corpus)], capture_output=True, text=True
            )
            if done.returncode:
                sys.exit(f"{executor} on {n} documents failed:\n{done.stderr[-3000:]}")
            row = {"executor": executor, "input_mb": round(mb, 1)}
            row.update(json.loads(done.stdout.strip().splitlines()[-1]))
            rows.append(row)
            print(json.dumps(row), flush=True)
    header = ("executor", "docs", "MB", "docs/s", "start s", "driver RSS MB")
    print("\n{:8} {:>7} {:>6} {:>7} {:>7} {:>13}".format(*header))
    for r in rows:
        print(
            f"{r['executor']:8} {r['docs']:>7} {r['input_mb']:>6} {r['docs_per_s']:>7} "
            f"{r['startup_s']:>7} {r['driver_peak_rss_mb']:>13}"
        )


if __name__ == "__main__":
    main()
