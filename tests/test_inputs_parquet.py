"""Parquet input: a column as text, the others into meta, read by row groups."""

from __future__ import annotations

import decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpusclean.io.inputs import NO_TEXT, Limits
from corpusclean.io.readers import discover, read_file, split_file
from corpusclean.reasons import TOO_LARGE

TEXTS = [
    "Le conseil municipal a voté mardi la construction de pistes cyclables le long du fleuve.",
    "Der Stadtrat hat beschlossen, die Buslinie bis zum neuen Krankenhaus zu verlängern.",
    "<!DOCTYPE html><html><body><p>The harbour authority said the terminal opens in June."
    "</p></body></html>",
]


def _table(n: int) -> pa.Table:
    return pa.table(
        {
            "url": [f"https://example.org/{i}" for i in range(n)],
            "content": [None if i == 4 else TEXTS[i % 3] for i in range(n)],
            "score": [decimal.Decimal(i) / 4 for i in range(n)],
            "image": [b"\x89PNG" for _ in range(n)],
            "lang": ["fr", "de", "en"] * (n // 3) + ["fr"] * (n % 3),
        }
    )


def test_rows_are_documents_with_meta(tmp_path: Path) -> None:
    pq.write_table(_table(10), tmp_path / "shard.parquet")
    (input_file,) = discover([tmp_path / "shard.parquet"])
    docs = list(read_file(input_file, text_field="content"))
    assert [d.source for d in docs] == [f"shard.parquet#{i}" for i in range(1, 11)]
    assert docs[0].text == TEXTS[0] and docs[0].rejected is None
    assert docs[0].meta == {"url": "https://example.org/0", "score": "0.00", "lang": "fr"}
    assert docs[2].tags["format"] == "html"
    assert docs[4].rejected == NO_TEXT  # a null text
    assert docs[5].meta["score"] == "1.25"


def test_parts_are_row_groups_and_give_the_whole_file(tmp_path: Path) -> None:
    pq.write_table(_table(5000), tmp_path / "big.parquet", row_group_size=700)
    (input_file,) = discover([tmp_path / "big.parquet"])
    parts = split_file(input_file, 1)
    assert len(parts) == 8 and parts[0].start == 0 and parts[-1].end == 8
    assert parts[0].size > 700 * 20 and all(p.size for p in parts)  # bytes, for the planner
    assert len(split_file(input_file, 10**9)) == 1
    whole = [(d.id, d.source, d.text, d.meta) for d in read_file(input_file, "content")]
    pieces = [
        (d.id, d.source, d.text, d.meta) for p in parts for d in read_file(input_file, "content", p)
    ]
    assert pieces == whole and len(whole) == 5000


def test_missing_text_column_is_one_rejected_document(tmp_path: Path) -> None:
    pq.write_table(_table(10), tmp_path / "shard.parquet")
    (input_file,) = discover([tmp_path / "shard.parquet"])
    (doc,) = read_file(input_file, text_field="text")
    assert doc.rejected == NO_TEXT and "content" in doc.tags["error"]


def test_a_cell_over_the_cap_is_too_large(tmp_path: Path) -> None:
    pq.write_table(pa.table({"text": ["short text", "y" * 5000]}), tmp_path / "t.parquet")
    (input_file,) = discover([tmp_path / "t.parquet"])
    docs = list(read_file(input_file, limits=Limits(max_document_bytes=1000)))
    assert [d.rejected for d in docs] == [None, TOO_LARGE]


def test_a_file_that_is_not_parquet_is_corrupt(tmp_path: Path) -> None:
    (tmp_path / "x.parquet").write_bytes(b"PAR1 this is not a parquet file")
    (input_file,) = discover([tmp_path / "x.parquet"])
    (doc,) = read_file(input_file)
    assert doc.rejected == "unreadable:corrupt"
