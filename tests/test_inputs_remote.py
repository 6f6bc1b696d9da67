"""Remote inputs through fsspec, tested on its in-process memory:// filesystem."""

from __future__ import annotations

import importlib.util

import fsspec
import orjson
import pytest

from corpusclean.errors import InputError
from corpusclean.io.readers import discover, read, read_file
from corpusclean.io.remote import PACKAGES

TEXT = "Der Stadtrat hat beschlossen, die Buslinie bis zum neuen Krankenhaus zu verlängern."


@pytest.fixture
def bucket():
    fs = fsspec.filesystem("memory")
    root = "memory://corpus-test/crawl"
    fs.pipe(
        f"{root}/a.jsonl", b"".join(orjson.dumps({"text": f"{TEXT} {i}"}) + b"\n" for i in range(3))
    )
    fs.pipe(f"{root}/news/b.txt", TEXT.encode("cp1252"))
    fs.pipe(f"{root}/.hidden.txt", b"never read")
    yield root
    fs.rm("memory://corpus-test", recursive=True)


def test_remote_folder_is_listed_like_a_local_one(bucket: str) -> None:
    files = discover([bucket])
    assert [f.source for f in files] == ["crawl/a.jsonl", "crawl/news/b.txt"]
    assert all(f.path.startswith("memory://") for f in files)
    docs = {d.source: d for d in read([bucket])}
    assert sorted(docs) == [
        "crawl/a.jsonl#1",
        "crawl/a.jsonl#2",
        "crawl/a.jsonl#3",
        "crawl/news/b.txt",
    ]
    assert docs["crawl/news/b.txt"].text == TEXT and docs["crawl/a.jsonl#2"].text == f"{TEXT} 1"


def test_remote_file_and_glob(bucket: str) -> None:
    (one,) = discover([f"{bucket}/news/b.txt"])
    assert one.source == "b.txt"
    (doc,) = read_file(one)
    assert doc.text == TEXT
    assert [f.source for f in discover([f"{bucket}/*.jsonl"])] == ["a.jsonl"]


def test_missing_remote_input(bucket: str) -> None:
    with pytest.raises(InputError, match="input not found: memory://corpus-test/nope"):
        discover(["memory://corpus-test/nope"])


def test_missing_filesystem_package_names_it() -> None:
    missing = [(s, p) for s, p in PACKAGES.items() if importlib.util.find_spec(p) is None]
    assert missing, "every filesystem package is installed: nothing to test"
    scheme, package = missing[0]
    with pytest.raises(InputError) as err:
        discover([f"{scheme}://bucket/data.jsonl"])
    assert f"pip install {package}" in str(err.value) and "\n" not in str(err.value)


def test_remote_parquet_is_read_through_fsspec() -> None:
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(
        pa.table({"text": [TEXT, TEXT + " Zwei."], "n": [1, 2]}), buffer, row_group_size=1
    )
    fs = fsspec.filesystem("memory")
    fs.pipe("memory://corpus-test2/t.parquet", buffer.getvalue())
    try:
        (input_file,) = discover(["memory://corpus-test2/t.parquet"])
        docs = list(read_file(input_file))
        assert [(d.source, d.meta) for d in docs] == [
            ("t.parquet#1", {"n": 1}),
            ("t.parquet#2", {"n": 2}),
        ]
    finally:
        fs.rm("memory://corpus-test2", recursive=True)


def test_output_to_a_url_is_uploaded_when_the_run_completes(tmp_path) -> None:
    """fsspec's memory:// stands in for an object store; the run is in-process."""
    import fsspec

    from corpusclean import clean
    from corpusclean.executors import SerialExecutor
    from corpusclean.job import staging_folder

    source = tmp_path / "news.txt"
    source.write_text(
        "The harbour authority said the new ferry terminal will open in June, two months "
        "later than planned, after delays in the delivery of steel for the pier.",
        encoding="utf-8",
    )
    result = clean([source], "memory://bucket/run1", executor=SerialExecutor())
    fs = fsspec.filesystem("memory")
    names = sorted(p.rsplit("/", 1)[-1] for p in fs.ls("/bucket/run1", detail=False))
    assert names == [
        "changes.jsonl",
        "corpus.jsonl",
        "rejected.jsonl",
        "report.html",
        "report.json",
    ]
    assert b"ferry terminal" in fs.cat("/bucket/run1/corpus.jsonl")
    assert len(result.uploaded) == 5
    assert not staging_folder("memory://bucket/run1").exists()  # nothing left behind
