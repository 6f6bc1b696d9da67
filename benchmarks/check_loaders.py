"""Write a corpus in every format and load it with the standard readers, no custom code.

    python benchmarks/check_loaders.py [--docs 6000] [--workdir /tmp/loaders]

The input is made from the seeds and the test articles, varied so that documents differ
in their edits, tags and meta keys the way a real crawl does (some are HTML, some carry
a title, some need repairs), and large enough (> 10 MB) that ``datasets`` reads the JSONL
in several chunks: the case that fails when a later row brings a key or a type the first
chunk did not have. Readers that are not installed are reported as skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent


def make_input(path: Path, n: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/tagged").glob("*.txt"))
    ]
    rng = random.Random(0)
    with path.open("wb") as fh:
        for i in range(n):
            paras = rng.choice(texts).split("\n")
            rng.shuffle(paras)
            text = "\n".join(paras[: rng.randint(2, len(paras))]) + f"\nDocument {i}."
            record: dict = {"text": text, "url": f"https://example.org/{i}"}
            if i > n // 2:  # fields only the second half has: past datasets' first chunk
                record["title"] = f"Report number {i}"
                record["date"] = f"2024-05-{i % 28 + 1:02d}"
            fh.write(orjson.dumps(record) + b"\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=6_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/corpusclean-loaders"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    source = args.workdir / "input.jsonl"
    make_input(source, args.docs)
    print(f"input: {args.docs:,} documents, {source.stat().st_size / 1e6:.1f} MB")
    failures = 0
    for fmt in ("jsonl", "jsonl.gz", "jsonl.zst", "parquet"):
        out = args.workdir / fmt.replace(".", "_")
        cmd = [sys.executable, "-m", "corpusclean", "clean", str(source), "-o", str(out)]
        subprocess.run([*cmd, "-q", "--format", fmt], check=True, cwd=ROOT)
        corpus = out / f"corpus.{fmt}"
        for name, load in _loaders(fmt):
            if load is None:
                print(f"{fmt:10} {name:9} skipped (not installed)")
                continue
            start = time.perf_counter()
            try:
                rows = load(corpus, args.workdir / "cache")
            except Exception as exc:  # report every reader, then fail at the end
                failures += 1
                print(f"{fmt:10} {name:9} FAILED: {type(exc).__name__}: {str(exc)[:200]}")
                continue
            print(f"{fmt:10} {name:9} {rows:,} rows in {time.perf_counter() - start:.1f} s")
    return 1 if failures else 0


def _loaders(fmt: str) -> list[tuple[str, object]]:
    def have(module: str) -> bool:
        return importlib.util.find_spec(module) is not None

    def hf(path: Path, cache: Path) -> int:
        import datasets

        kind = "parquet" if fmt == "parquet" else "json"
        ds = datasets.load_dataset(kind, data_files=str(path), split="train", cache_dir=str(cache))
        return ds.num_rows

    def arrow(path: Path, cache: Path) -> int:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            return pq.read_table(path).num_rows
        import pyarrow.json as pj

        return pj.read_json(path).num_rows

    def pandas(path: Path, cache: Path) -> int:
        import pandas as pd

        if fmt == "parquet":
            return len(pd.read_parquet(path))
        return len(pd.read_json(path, lines=True))

    def polars(path: Path, cache: Path) -> int:
        import polars as pl

        if fmt == "parquet":
            return pl.read_parquet(path).height
        if fmt != "jsonl":
            return pl.read_ndjson(_decompressed(path)).height
        return pl.read_ndjson(path).height

    return [
        ("datasets", hf if have("datasets") else None),
        ("pyarrow", arrow if have("pyarrow") else None),
        ("pandas", pandas if have("pandas") else None),
        ("polars", polars if have("polars") else None),
    ]


def _decompressed(path: Path) -> bytes:
    """polars reads plain NDJSON only; the compressed files are opened as their tools do."""
    if path.suffix == ".gz":
        import gzip

        return gzip.decompress(path.read_bytes())
    import zstandard

    return zstandard.ZstdDecompressor().stream_reader(path.open("rb")).read()


if __name__ == "__main__":
    sys.exit(main())
