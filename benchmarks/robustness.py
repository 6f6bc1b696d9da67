"""Reading hostile inputs: the worst per-input time and the peak memory of the readers.

Builds the bad-input classes of tests/test_bad_inputs.py at full size (a gzip bomb that
inflates to 2 GB, a 1 GB line in a .jsonl.zst, deep JSON, truncated streams, damaged
encodings) in a cache folder, reads each with the default caps, and prints per input the
documents and reasons, the seconds, and the peak RSS of this process. Then it times
warcio and FastWARC on a generated 1,000-record WARC (the choice in corpusclean/io/warc.py).

    python benchmarks/robustness.py                 # everything
    python benchmarks/robustness.py --no-warc       # skip the WARC library timing
    python benchmarks/robustness.py --bomb-gb 0.5   # smaller bombs

Timings are noisy on a shared machine: run twice and compare.
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import resource
import time
import zlib
from collections import Counter
from pathlib import Path

import orjson
import zstandard

from corpusclean.io.readers import discover, read_file

CACHE = Path.home() / ".cache" / "corpusclean-bench" / "robustness"
MB = 1 << 20
GERMAN = "Die Brücke über den Fluss wurde gestern für den Verkehr geöffnet; die Straße ist grün.\n"


def build(root: Path, bomb_bytes: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "bomb.txt.gz").exists():  # streamed: the bomb never sits in memory here
        z = zlib.compressobj(9, zlib.DEFLATED, 31)
        with open(root / "bomb.txt.gz", "wb") as fh:
            block = b"A" * MB
            for _ in range(bomb_bytes // MB):
                fh.write(z.compress(block))
            fh.write(z.flush())
    if not (root / "line.jsonl.zst").exists():
        with (
            open(root / "line.jsonl.zst", "wb") as fh,
            zstandard.ZstdCompressor().stream_writer(fh) as w,
        ):
            w.write(orjson.dumps({"text": GERMAN}) + b"\n" + b'{"text": "')
            for _ in range(bomb_bytes // MB):
                w.write(b"x" * MB)
            w.write(b'"}\n' + orjson.dumps({"text": GERMAN}) + b"\n")
    deep = b'{"text": "x", "m": ' + b"[" * 5000 + b"]" * 5000 + b"}\n"
    (root / "deep.jsonl").write_bytes(orjson.dumps({"text": GERMAN}) + b"\n" + deep)
    many = b"".join(orjson.dumps({"text": f"{GERMAN} {i}"}) + b"\n" for i in range(200_000))
    zst = zstandard.ZstdCompressor().compress(many)
    (root / "cut.jsonl.zst").write_bytes(zst[: len(zst) // 2])
    gz = gzip.compress(GERMAN.encode() * 50_000)
    (root / "cut.txt.gz").write_bytes(gz[: len(gz) // 2])
    (root / "stray.txt").write_bytes(GERMAN.encode() * 1000 + b"\xff" + GERMAN.encode())
    (root / "nul.txt").write_bytes(GERMAN.encode() + b"\x00" + GERMAN.encode())
    (root / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + orjson.dumps({"text": GERMAN}) + b"\n")
    (root / "zh.txt").write_bytes("价格：100元，欢迎光临".encode("gb18030"))
    (root / "big.txt").write_bytes(GERMAN.encode() * (60 * MB // len(GERMAN.encode())))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KB


def read_all(root: Path) -> None:
    worst = ("", 0.0)
    print(f"{'input':<18} {'docs':>7} {'s':>7} {'peak RSS MB':>12}  reasons")
    for input_file in discover([root]):
        start = time.perf_counter()
        reasons: Counter[str] = Counter()
        for doc in read_file(input_file):
            reasons[doc.rejected or "kept"] += 1
        seconds = time.perf_counter() - start
        worst = max(worst, (input_file.source, seconds), key=lambda w: w[1])
        name = input_file.source.split("/")[-1]
        top = ", ".join(f"{r} {n}" for r, n in reasons.most_common(3))
        print(f"{name:<18} {sum(reasons.values()):>7} {seconds:>7.2f} {rss_mb():>12.0f}  {top}")
    print(f"worst: {worst[0]} {worst[1]:.2f} s; peak RSS of the process {rss_mb():.0f} MB")


def warc_libraries(root: Path, records: int = 1000) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(1)
    words = GERMAN.split()
    path = root / "bench.warc.gz"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i in range(records):
            body = " ".join(rng.choice(words) for _ in range(2500))
            page = f"<!DOCTYPE html><html><body><p>{body}</p></body></html>".encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1"
            )
            url = f"https://example.org/{i}"
            if i % 2 == 0:
                request = StatusAndHeaders(
                    "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
                )
                writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page), http_headers=headers
            )
            writer.write_record(rec)

    def with_warcio() -> int:
        from warcio.archiveiterator import ArchiveIterator

        with path.open("rb") as fh:
            return sum(
                len(r.content_stream().read())
                for r in ArchiveIterator(fh)
                if r.rec_type == "response"
            )

    def with_fastwarc() -> int:
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        with path.open("rb") as fh:
            it = ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True)
            return sum(len(r.reader.read()) for r in it)

    def with_corpusclean() -> int:
        (input_file,) = discover([path])
        return sum(len(d.text) for d in read_file(input_file))

    print(
        f"\nWARC: {records} responses + {records // 2} requests, "
        f"{path.stat().st_size / MB:.1f} MB gzipped"
    )
    for name, fn in [
        ("warcio", with_warcio),
        ("fastwarc", with_fastwarc),
        ("corpusclean", with_corpusclean),
    ]:
        try:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
        except ImportError as exc:
            print(f"{name:<12} not installed ({exc.name})")
            continue
        times.sort()
        print(
            f"{name:<12} min {times[0]:.3f} s  median {times[2]:.3f} s  "
            f"({times[2] / records * 1e3:.3f} ms/record)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bomb-gb", type=float, default=2.0, help="size the bombs inflate to")
    parser.add_argument("--no-warc", action="store_true", help="skip the WARC library timing")
    args = parser.parse_args()
    root = CACHE / f"bombs-{args.bomb_gb:g}gb"
    build(root, int(args.bomb_gb * 1024) * MB)
    read_all(root)
    if not args.no_warc:
        warc_libraries(CACHE)


if __name__ == "__main__":
    main()
