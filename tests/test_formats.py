"""Each corpus format read back by its standard reader, with one schema on every row."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest

pa_json = pytest.importorskip("pyarrow.json")
pq = pytest.importorskip("pyarrow.parquet")

from corpusclean import Document, Span  # noqa: E402
from corpusclean.io.writers import CorpusWriter  # noqa: E402


def _docs() -> list[Document]:
    """Documents that differ in edits, tags, meta and spans, as real runs produce."""
    first = Document.from_text("Turkey's envoy met Haftar in Benghazi.", source="a.txt")
    first.tags.update(lang="en", lang_score=0.99, gopher_word_count=6)
    first.edits["repair.unicode.space"] += 2
    first.spans = [Span(0, 38, "paragraph")]
    second = Document.from_text("Résumé des discussions à Ankara.", source="b.jsonl#1")
    second.tags.update(lang="fr", lang_score=1, gopher_word_count=5, format="html")
    second.edits["repair.whitespace.trailing"] += 1
    second.meta["title"] = "Ankara"
    third = Document.from_text("Short note", source="c.txt")  # no lang tags at all
    rejected = Document.from_text("", source="d.txt").reject("empty")
    return [first, second, third, rejected]


def _write(tmp_path: Path, fmt: str, shard_size: int = 0) -> Path:
    with CorpusWriter(tmp_path, fmt=fmt, shard_size=shard_size) as writer:
        writer.write_all(_docs())
    return tmp_path


@pytest.mark.parametrize("fmt", ["jsonl", "jsonl.gz", "jsonl.zst"])
def test_jsonl_formats_load_with_arrow(tmp_path: Path, fmt: str) -> None:
    out = _write(tmp_path, fmt)
    table = pa_json.read_json(out / f"corpus.{fmt}")  # compression detected by suffix
    assert table.column("id").to_pylist() == [d.id for d in _docs()[:3]]
    assert table.column("lang").to_pylist() == ["en", "fr", "und"]
    assert table.column("lang_score").type == "double"
    rows = table.to_pylist()
    assert rows[0]["spans"] == [{"start": 0, "end": 38, "kind": "paragraph"}]
    # Every row has every key of the run; a missing one holds the empty value of its type,
    # so no reader sees null in one row and a string in the next.
    assert rows[2]["tags"] == {"format": "", "gopher_word_count": 0}
    assert rows[0]["edits"] == {"repair.unicode.space": 2, "repair.whitespace.trailing": 0}
    assert rows[0]["meta"] == {"title": ""} and rows[1]["meta"] == {"title": "Ankara"}
    assert [r["lang_score"] for r in rows] == [0.99, 1.0, 0.0]
    rejected = [json.loads(line) for line in (out / "rejected.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejected] == ["empty"]


def test_gzip_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    a = _write(tmp_path / "a", "jsonl.gz") if (tmp_path / "a").mkdir() is None else None
    b = _write(tmp_path / "b", "jsonl.gz") if (tmp_path / "b").mkdir() is None else None
    assert a and b
    assert (a / "corpus.jsonl.gz").read_bytes() == (b / "corpus.jsonl.gz").read_bytes()
    assert gzip.decompress((a / "corpus.jsonl.gz").read_bytes()).count(b"\n") == 3


def test_parquet_loads_with_pyarrow_and_pandas(tmp_path: Path) -> None:
    out = _write(tmp_path, "parquet")
    table = pq.read_table(out / "corpus.parquet")
    assert table.num_rows == 3
    assert table.schema.field("spans").type.value_type.names == ["end", "kind", "start"]
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(out / "corpus.parquet")
    assert list(frame["lang"]) == ["en", "fr", "und"]
    assert frame["tags"][1]["format"] == "html"


def test_parquet_with_no_meta_anywhere(tmp_path: Path) -> None:
    doc = Document.from_text("Just text, nothing else.", source="x.txt")
    with CorpusWriter(tmp_path, fmt="parquet") as writer:
        writer.write(doc)
    assert pq.read_table(tmp_path / "corpus.parquet").column("meta").null_count == 1


def test_txt_is_one_file_per_kept_document(tmp_path: Path) -> None:
    out = _write(tmp_path, "txt")
    files = sorted((out / "corpus").iterdir())
    kept = {d.id: d.text for d in _docs()[:3]}
    assert {f.stem: f.read_text(encoding="utf-8") for f in files} == kept


def test_shards_share_one_schema_and_stale_shards_go(tmp_path: Path) -> None:
    _write(tmp_path, "jsonl", shard_size=1)
    names = sorted(p.name for p in tmp_path.glob("corpus-*"))
    assert names == ["corpus-00000.jsonl", "corpus-00001.jsonl", "corpus-00002.jsonl"]
    for field in ("tags", "edits", "meta", "lang_score"):
        types = {pa_json.read_json(tmp_path / n).schema.field(field).type for n in names}
        assert len(types) == 1, field
    (tmp_path / "corpus.parquet").write_bytes(b"another format: not ours to remove")
    (tmp_path / "corpus-notes.jsonl").write_text("a user's file")
    _write(tmp_path, "jsonl", shard_size=2)  # a second run with fewer shards
    assert sorted(p.name for p in tmp_path.glob("corpus*")) == [
        "corpus-00000.jsonl",
        "corpus-00001.jsonl",
        "corpus-notes.jsonl",
        "corpus.parquet",
    ]
    assert not list(tmp_path.glob(".corpus*"))  # no spill or temp file left behind


def test_parquet_shards_have_one_arrow_schema(tmp_path: Path) -> None:
    _write(tmp_path, "parquet", shard_size=1)
    names = sorted(tmp_path.glob("corpus-*.parquet"))
    assert len(names) == 3
    assert len({pq.read_schema(n) for n in names}) == 1  # spans typed even where empty
    assert pq.ParquetDataset(names).read().num_rows == 3


def test_datasets_loads_the_jsonl(tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    out = _write(tmp_path, "jsonl")
    ds = datasets.load_dataset(
        "json", data_files=str(out / "corpus.jsonl"), split="train", cache_dir=str(tmp_path / "c")
    )
    assert ds.num_rows == 3 and ds[1]["meta"]["title"] == "Ankara"


def test_parquet_without_pyarrow_names_the_extra(tmp_path: Path, monkeypatch) -> None:
    from corpusclean.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now raises
    with pytest.raises(MissingDependencyError, match=r"corpusclean\[parquet\]"):
        CorpusWriter(tmp_path, fmt="parquet")
    assert not list(tmp_path.iterdir())  # failed before writing anything
