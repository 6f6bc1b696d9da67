"""Hostile but realistic inputs: every one ends as a document (kept, or rejected with a
reason), nothing crashes, and memory stays bounded by the caps, not by the input.

Each class is generated here; bombs are small because the caps are configurable.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import orjson
import pytest
import zstandard

import corpusclean
from corpusclean.io.inputs import BINARY, CORRUPT, TOO_DEEP, TRUNCATED, Limits
from corpusclean.io.readers import discover, read
from corpusclean.reasons import TOO_LARGE

ROOT = Path(__file__).resolve().parent.parent
GERMAN = "Die Brücke über den Fluss wurde gestern für den Verkehr geöffnet; die Straße ist grün.\n"
MB = 1 << 20
#: Caps small enough for bombs built in a test, large enough for the real texts here.
LIMITS = Limits(max_document_bytes=2 * MB, max_line_bytes=2 * MB)


def _record(text: str, **meta: object) -> bytes:
    return orjson.dumps({"text": text, **meta}) + b"\n"


def _bad_folder(root: Path) -> dict[str, str | None]:
    """Writes one file per class of bad input; returns source -> expected reason."""
    root.mkdir()
    expect: dict[str, str | None] = {}
    # A decompression bomb: 40 KB of gzip that inflate to 64 MB, far past the cap.
    (root / "bomb.txt.gz").write_bytes(gzip.compress(b"A" * (64 * MB), 9))
    expect["bad/bomb.txt.gz"] = TOO_LARGE
    # One 48 MB line in a small .jsonl.zst, between two good records.
    cctx = zstandard.ZstdCompressor()
    with open(root / "line.jsonl.zst", "wb") as fh, cctx.stream_writer(fh) as zw:
        zw.write(_record(GERMAN))
        zw.write(b'{"text": "')
        for _ in range(48):
            zw.write(b"x" * MB)
        zw.write(b'"}\n')
        zw.write(_record(GERMAN, n=3))
    expect.update({"bad/line.jsonl.zst#1": None, "bad/line.jsonl.zst#2": TOO_LARGE})
    expect["bad/line.jsonl.zst#3"] = None
    # JSON nested 300 levels deep (the writer's orjson stops at 255).
    deep = b'{"text": "' + GERMAN.strip().encode() + b'", "m": ' + b"[" * 300 + b"]" * 300 + b"}\n"
    deeper = deep.replace(b"[" * 300, b"[" * 3000).replace(b"]" * 300, b"]" * 3000)
    (root / "deep.jsonl").write_bytes(_record(GERMAN) + deep + deeper)
    expect.update({"bad/deep.jsonl#1": None, "bad/deep.jsonl#2": TOO_DEEP})
    expect["bad/deep.jsonl#3"] = TOO_DEEP  # past orjson's own parse limit
    # A UTF-8 file with a few invalid bytes, and one with a stray 0xFF.
    (root / "damaged.txt").write_bytes(GERMAN.encode() * 3 + b"\xc3\x28 und \xa0" + GERMAN.encode())
    (root / "stray.txt").write_bytes(GERMAN.encode() + b"\xff" + GERMAN.encode())
    expect.update({"bad/damaged.txt": None, "bad/stray.txt": None})
    # A JSONL file that starts with a UTF-8 BOM.
    (root / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + _record(GERMAN) + _record(GERMAN, n=2))
    expect.update({"bad/bom.jsonl#1": None, "bad/bom.jsonl#2": None})
    # Truncated compressed files: JSONL in zstd, text in gzip.
    many = b"".join(_record(f"{GERMAN.strip()} ({i})") for i in range(20_000))
    zst = zstandard.ZstdCompressor().compress(many)
    (root / "cut.jsonl.zst").write_bytes(zst[: len(zst) * 2 // 3])
    gz = gzip.compress(GERMAN.encode() * 2000)
    (root / "cut.txt.gz").write_bytes(gz[: len(gz) // 2])
    expect["bad/cut.txt.gz"] = TRUNCATED
    for suffix, module in (("bz2", bz2), ("xz", lzma)):
        packed = module.compress(GERMAN.encode() * 2000)
        (root / f"cut.txt.{suffix}").write_bytes(packed[: len(packed) // 2])
        expect[f"bad/cut.txt.{suffix}"] = TRUNCATED
    # A gzip header followed by bytes that are not deflate data.
    (root / "corrupt.txt.gz").write_bytes(gz[:10] + bytes(range(7, 250)) * 4)
    expect["bad/corrupt.txt.gz"] = CORRUPT
    # A NUL inside valid UTF-8, and a real binary file.
    (root / "nul.txt").write_bytes(GERMAN.encode() + b"\x00" + GERMAN.encode())
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    expect.update({"bad/nul.txt": None, "bad/logo.png": BINARY})
    # Short CJK files in legacy codecs.
    (root / "zh.txt").write_bytes("价格：100元，欢迎光临".encode("gb18030"))
    (root / "ja.txt").write_bytes("東京タワー".encode("shift_jis"))
    expect.update({"bad/zh.txt": None, "bad/ja.txt": None})
    # A file name that is not valid UTF-8.
    if sys.platform != "darwin":  # APFS refuses such names
        (root / os.fsdecode(b"caf\xe9.txt")).write_bytes(GERMAN.encode())
        expect["bad/caf\\xe9.txt"] = None
    return expect


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None]]:
    root = tmp_path_factory.mktemp("inputs") / "bad"
    return root, _bad_folder(root)


@pytest.fixture(scope="module")
def docs(bad):
    root, _ = bad
    tracemalloc.start()
    out = {d.source: d for d in read([root], limits=LIMITS)}
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return out, peak


def test_every_input_is_a_document_with_the_expected_fate(bad, docs) -> None:
    _, expect = bad
    by_source, _ = docs
    for source, reason in expect.items():
        assert source in by_source, source
        assert by_source[source].rejected == reason, (source, by_source[source].tags)
    files = {f.source for f in discover([bad[0]])}
    assert files == {s.split("#")[0] for s in by_source}  # no file without a document


def test_memory_is_bounded_by_the_caps_not_the_bombs(docs) -> None:
    _, peak = docs
    assert peak < 40 * MB  # the bombs inflate to 64 and 48 MB; the caps are 2 MB


def test_repaired_texts(docs) -> None:
    by_source, _ = docs
    assert by_source["bad/stray.txt"].text == GERMAN + "\ufffd" + GERMAN
    assert by_source["bad/stray.txt"].edits["decode.replaced"] == 1
    assert by_source["bad/damaged.txt"].edits["decode.replaced"] == 2
    assert "Brücke" in by_source["bad/damaged.txt"].text
    assert by_source["bad/nul.txt"].text == GERMAN * 2
    assert by_source["bad/nul.txt"].edits["decode.nul_removed"] == 1
    assert by_source["bad/zh.txt"].text == "价格：100元，欢迎光临"
    assert by_source["bad/ja.txt"].text == "東京タワー"
    assert by_source["bad/bom.jsonl#1"].text == GERMAN


def test_truncated_jsonl_keeps_whole_records_and_reports_the_cut(docs) -> None:
    by_source, _ = docs
    cut = sorted((d for s, d in by_source.items() if s.startswith("bad/cut.jsonl.zst#")),
                 key=lambda d: int(d.source.rsplit("#", 1)[1]))  # fmt: skip
    assert [d.rejected for d in cut[:-1]] == [None] * (len(cut) - 1)
    assert cut[-1].rejected == TRUNCATED and 1000 < len(cut) < 20_000


def test_deep_json_reaches_rejected_jsonl_and_the_writer_survives(bad, docs, tmp_path) -> None:
    by_source, _ = docs
    deep = [by_source["bad/deep.jsonl#1"], by_source["bad/deep.jsonl#2"]]
    corpusclean.write(deep, tmp_path / "out")
    rejected = orjson.loads((tmp_path / "out" / "rejected.jsonl").read_bytes())
    assert rejected["reason"] == TOO_DEEP and rejected["text"].startswith('{"text"')


def test_cli_run_finishes_and_fails_on_unreadable_inputs(bad, tmp_path) -> None:
    root, _ = bad
    small = tmp_path / "some"
    small.mkdir()
    for name in ("cut.txt.gz", "stray.txt", "bom.jsonl", "deep.jsonl"):
        (small / name).write_bytes((root / name).read_bytes())
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "corpusclean", "clean", str(small), "-o", str(out), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr  # unreadable:* inputs count as failed
    assert "Traceback" not in run.stderr
    lines = [
        orjson.loads(x)
        for f in ("corpus.jsonl", "rejected.jsonl")
        for x in (out / f).read_bytes().splitlines()
    ]
    assert len(lines) == 7  # 1 + 1 + 2 + 3 documents in, all accounted for
    assert {r["reason"] for r in lines if "reason" in r} >= {TRUNCATED, TOO_DEEP}
