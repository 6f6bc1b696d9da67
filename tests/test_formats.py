"""Each corpus format read back by its standard reader, with one declared schema."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import datasets
import duckdb
import orjson
import pandas
import polars
import pyarrow.json as pa_json
import pyarrow.parquet as pq
import pytest

from corpusclean import Document, Span, clean, write
from corpusclean.config import build_stage
from corpusclean.executors import SerialExecutor
from corpusclean.schema import CorpusSchema

# Every reader here is in the dev extra: a loader test that skipped would test nothing.


def _docs() -> list[Document]:
    """Documents that differ in edits, tags, meta and spans, as real runs produce."""
    first = Document.from_text("Turkey's envoy met Haftar in Benghazi.", source="a.txt")
    first.tags.update(lang="en", lang_score=0.99, format="html")
    first.edits["repair.unicode.space"] += 2
    first.spans = [Span(0, 38, "paragraph")]
    second = Document.from_text("Résumé des discussions à Ankara.", source="b.jsonl#1")
    second.tags.update(lang="fr", lang_score=1)
    second.edits["repair.whitespace.trailing"] += 1
    second.meta["title"] = "Ankara"
    third = Document.from_text("Short note", source="c.txt")  # no lang tags at all
    rejected = Document.from_text("", source="d.txt").reject("empty")
    return [first, second, third, rejected]


def _write(tmp_path: Path, fmt: str, shard_size: int = 0) -> Path:
    write(_docs(), tmp_path, fmt=fmt, shard_size=shard_size)
    return tmp_path


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "jsonl.zst"])
def test_jsonl_formats_load_with_arrow(tmp_path: Path, fmt: str) -> None:
    out = _write(tmp_path, fmt)
    table = pa_json.read_json(out / f"corpus.{fmt}")  # compression detected by suffix
    assert table.column_names[:2] == ["id", "text"]
    assert table.column("id").to_pylist() == [d.id for d in _docs()[:3]]
    assert table.column("lang").to_pylist() == ["en", "fr", "und"]
    assert table.column("lang_score").type == "double"
    rows = table.to_pylist()
    assert rows[0]["spans"] == [{"start": 0, "end": 38, "kind": "paragraph"}]
    # Every row carries every declared tag, with the empty value of its type where a
    # document has none, so no reader sees null in one row and a string in the next.
    assert rows[2]["tags"] == {"encoding": "", "format": ""}
    assert rows[0]["tags"]["format"] == "html"
    assert [r["lang_score"] for r in rows] == [0.99, 1.0, 0.0]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejected] == ["empty"]
    changes = [json.loads(line) for line in (out / "changes.jsonl").read_text().splitlines()]
    assert {(c["change"], c["count"]) for c in changes} == {
        ("repair.unicode.space", 2),
        ("repair.whitespace.trailing", 1),
    }


def test_gzip_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    a = _write(tmp_path / "a", "jsonl.gz")
    b = _write(tmp_path / "b", "jsonl.gz")
    assert (a / "corpus.jsonl.gz").read_bytes() == (b / "corpus.jsonl.gz").read_bytes()
    assert gzip.decompress((a / "corpus.jsonl.gz").read_bytes()).count(b"\n") == 3


def test_parquet_has_the_declared_schema(tmp_path: Path) -> None:
    out = _write(tmp_path, "parquet")
    table = pq.read_table(out / "corpus.parquet")
    assert table.num_rows == 3
    assert table.schema == CorpusSchema.of([]).arrow()
    assert table.schema.field("spans").type.value_type.names == ["start", "end", "kind"]
    frame = pandas.read_parquet(out / "corpus.parquet")
    assert list(frame["lang"]) == ["en", "fr", "und"]
    assert json.loads(frame["meta"][1]) == {"title": "Ankara"}


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_duckdb_queries_the_corpus_with_its_schema(tmp_path: Path, fmt: str) -> None:
    out = _write(tmp_path, fmt)
    reader = "read_json_auto" if fmt == "jsonl" else "read_parquet"
    path = str(out / f"corpus.{fmt}")
    rows = duckdb.sql(
        f"SELECT id, lang, len(spans) AS n FROM {reader}('{path}') ORDER BY source"
    ).fetchall()
    kept = _docs()[:3]
    assert [r[0] for r in rows] == [d.id for d in kept]
    assert [r[1] for r in rows] == ["en", "fr", "und"]
    assert [r[2] for r in rows] == [1, 0, 0]


def test_txt_is_one_file_per_kept_document(tmp_path: Path) -> None:
    out = _write(tmp_path, "txt")
    files = sorted((out / "corpus").iterdir())
    kept = {d.id: d.text for d in _docs()[:3]}
    assert {f.stem: f.read_text(encoding="utf-8") for f in files} == kept


def test_shards_have_the_size_asked_and_stale_shards_go(tmp_path: Path) -> None:
    _write(tmp_path, "jsonl", shard_size=1)
    names = sorted(p.name for p in tmp_path.glob("corpus-*"))
    assert names == ["corpus-00000.jsonl", "corpus-00001.jsonl", "corpus-00002.jsonl"]
    types = {pa_json.read_json(tmp_path / n).schema.field("tags").type for n in names}
    assert len(types) == 1  # every declared tag on every row, whatever the document
    (tmp_path / "corpus.parquet").write_bytes(b"another format: not ours to remove")
    (tmp_path / "corpus-notes.jsonl").write_text("a user's file")
    _write(tmp_path, "jsonl", shard_size=2)  # a second run with fewer shards
    assert sorted(p.name for p in tmp_path.glob("corpus*")) == [
        "corpus-00000.jsonl",
        "corpus-00001.jsonl",
        "corpus-notes.jsonl",
        "corpus.parquet",
    ]
    assert not list(tmp_path.glob(".*"))  # no work folder or temp file left behind


def test_parquet_shards_have_one_arrow_schema(tmp_path: Path) -> None:
    _write(tmp_path, "parquet", shard_size=2)
    names = sorted(tmp_path.glob("corpus-*.parquet"))
    assert [pq.read_metadata(n).num_rows for n in names] == [2, 1]
    assert len({pq.read_schema(n) for n in names}) == 1
    assert pq.ParquetDataset(names).read().num_rows == 3


def test_parquet_without_pyarrow_names_the_extra(tmp_path: Path, monkeypatch) -> None:
    from corpusclean.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises
    with pytest.raises(MissingDependencyError, match=r"corpusclean\[parquet\]"):
        write(_docs(), tmp_path / "out", fmt="parquet")


PROSE = (
    "The council met on {n} March to discuss the new tram line along the river, which "
    "residents of the northern districts have asked for since the old bridge closed. "
    "Engineers said the first section could open within two years if funding holds."
)


def _late_removal_corpus(tmp_path: Path, rows: int) -> Path:
    """``rows`` documents of plain prose, then one whose share line is boilerplate."""
    lines = [{"text": PROSE.format(n=i) + f" Item {i}."} for i in range(rows)]
    lines.append(
        {"text": PROSE.format(n=rows) + "\nShare this article on Facebook Twitter LinkedIn"}
    )
    path = tmp_path / "in" / "dump.jsonl"
    path.parent.mkdir()
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in lines))
    return path


def test_a_removal_after_the_loaders_first_chunk_still_loads(tmp_path: Path) -> None:
    """Loaders infer a schema from their first chunk; the corpus rows give every chunk the
    same one. Chunks are made small here so that 600 rows span many of them."""
    source = _late_removal_corpus(tmp_path, 600)
    stages = [build_stage("boilerplate.lines"), build_stage("tag.language")]
    result = clean([source], tmp_path / "out", stages, executor=SerialExecutor())
    assert sum(result.stats.removals.values()) == 1  # the share line, in the last row
    corpus = tmp_path / "out" / "corpus.jsonl"
    options = pa_json.ReadOptions(block_size=16 << 10)
    assert pa_json.read_json(corpus, read_options=options).num_rows == 601
    assert polars.read_ndjson(corpus, infer_schema_length=10).height == 601
    ds = datasets.load_dataset(
        "json",
        data_files=str(corpus),
        split="train",
        cache_dir=str(tmp_path / "cache"),
        chunksize=16 << 10,
    )
    assert ds.num_rows == 601 and ds[600]["lang"] == "en"


def test_two_corpora_give_one_schema_and_load_together(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    first.write_text(PROSE.format(n=1), encoding="utf-8")
    second = tmp_path / "b.html"
    second.write_text(
        "<html><head><title>Ferry</title></head><body><article><p>"
        + PROSE.format(n=2)
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    for name, source in (("one", first), ("two", second)):
        clean([source], tmp_path / name, fmt="parquet", executor=SerialExecutor())
    files = [tmp_path / "one" / "corpus.parquet", tmp_path / "two" / "corpus.parquet"]
    assert pq.read_schema(files[0]) == pq.read_schema(files[1])
    frame = polars.concat([polars.read_parquet(f) for f in files])
    assert frame.height == 2
    ds = datasets.load_dataset(
        "parquet", data_files=[str(f) for f in files], split="train", cache_dir=str(tmp_path / "c")
    )
    assert ds.num_rows == 2
