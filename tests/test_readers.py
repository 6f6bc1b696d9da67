"""Readers: discovery order, formats, compression, and nothing lost on bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from corpusclean.errors import InputError
from corpusclean.io.readers import discover, read, read_jsonl


def test_discover_is_sorted_recursive_and_skips_hidden(mixed_folder: Path) -> None:
    sources = [f.source for f in discover([mixed_folder])]
    assert sources == sorted(sources)
    assert "crawl/news/article.txt" in sources
    assert not any(".hidden" in s for s in sources)


def test_sources_do_not_depend_on_how_the_path_was_written(mixed_folder: Path, monkeypatch) -> None:
    absolute = [f.source for f in discover([mixed_folder])]
    monkeypatch.chdir(mixed_folder.parent)
    relative = [f.source for f in discover(["crawl/"])]
    assert absolute == relative


def test_missing_input_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="input not found"):
        discover([tmp_path / "nope"])


def test_every_input_becomes_exactly_one_document(mixed_folder: Path) -> None:
    docs = list(read([mixed_folder]))
    by_source = {d.source: d for d in docs}
    assert len(by_source) == len(docs)
    assert by_source["crawl/logo.png"].rejected == "unreadable:binary"
    assert by_source["crawl/dump.jsonl#2"].rejected == "unreadable:malformed_json"
    assert by_source["crawl/dump.jsonl#2"].original == "{this line is not json"
    assert by_source["crawl/dump.jsonl#3"].rejected == "unreadable:no_text"
    assert by_source["crawl/empty.txt"].text == ""
    gz = by_source["crawl/news/article-copy.txt.gz"]
    assert gz.text == by_source["crawl/news/article.txt"].text
    assert by_source["crawl/news/page.html"].tags["format"] == "html"


def test_legacy_encoding_is_decoded_and_recorded(mixed_folder: Path) -> None:
    doc = next(d for d in read([mixed_folder]) if d.source.endswith("legacy-fr.txt"))
    assert "élèves de l’école" in doc.text
    assert doc.tags["encoding"] == "cp1252"


def test_jsonl_fields_go_to_meta(mixed_folder: Path) -> None:
    docs = {d.source: d for d in read([mixed_folder])}
    first = docs["crawl/dump.jsonl#1"]
    assert first.text.startswith("Der Stadtrat")
    assert first.meta == {"url": "https://example.de/a", "title": "Buslinie"}
    zst = docs["crawl/dump2.jsonl.zst#1"]
    assert zst.meta == {"id": 7} and zst.text.startswith("Le conseil")


def test_custom_text_field() -> None:
    data = io.BytesIO(b'{"body": "hello there", "text": 3}\n')
    (doc,) = read_jsonl(data, "x.jsonl", text_field="body")
    assert doc.text == "hello there" and doc.meta == {"text": 3}


def test_whole_page_in_jsonl_is_marked_html() -> None:
    data = io.BytesIO(b'{"text": "  <!DOCTYPE html><html><body><p>Hi</p></body></html>"}\n')
    (doc,) = read_jsonl(data, "pages.jsonl")
    assert doc.tags["format"] == "html"
