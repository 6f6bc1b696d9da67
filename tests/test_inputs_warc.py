"""WARC input: pages become documents, other records are counted, damage is reported."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from corpusclean.io.inputs import TRUNCATED
from corpusclean.io.readers import discover, read_file

FRENCH = "Les élèves de l’école ont préparé une fête pour la fin de l’été à Besançon."
GERMAN = "Die Brücke über den Fluss wurde gestern für den Verkehr geöffnet."


def _page(body: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>T</title></head><body><p>{body}</p></body></html>"
    )


def _warc(path: Path, gz: bool = True) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)

        def response(url, body: bytes, ctype: str, status="200 OK", extra=()):
            headers = StatusAndHeaders(
                status, [("Content-Type", ctype), *extra], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)

        writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record("https://a.example/", "request", http_headers=request)
        )
        # 3: charset in the HTTP header
        response("https://a.example/", _page(FRENCH).encode("utf-8"), "text/html; charset=UTF-8")
        # 4: charset only in the page (cp1252), no charset in the header
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
        response("https://b.example/", _page(FRENCH, meta).encode("cp1252"), "text/html")
        # 5: no charset anywhere: detection
        response("https://c.example/", _page(GERMAN).encode("utf-8"), "text/html")
        # 6: an image, 7: a 404 page, 8: a metadata record
        response("https://c.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png")
        response(
            "https://c.example/gone", _page("Not found").encode(), "text/html", "404 Not Found"
        )
        fields = io.BytesIO(b"fetchTimeMs: 12")
        kind = "application/warc-fields"
        metadata = writer.create_warc_record(
            "https://c.example/", "metadata", payload=fields, warc_content_type=kind
        )
        writer.write_record(metadata)
        # 9: gzip content coding, as wget stores a page it fetched compressed
        body = gzip.compress(_page(GERMAN + " Zweite Seite.").encode("utf-8"))
        response(
            "https://d.example/",
            body,
            "text/html; charset=utf-8",
            extra=[("Content-Encoding", "gzip")],
        )
    return path


@pytest.fixture
def warc_docs(tmp_path: Path):
    (input_file,) = discover([_warc(tmp_path / "crawl.warc.gz")])
    skipped: Counter[str] = Counter()
    docs = {d.source: d for d in read_file(input_file, skipped=skipped)}
    return docs, skipped


def test_pages_are_documents_with_url_date_and_encoding(warc_docs) -> None:
    docs, _ = warc_docs
    assert sorted(docs) == [f"crawl.warc.gz#{n}" for n in (3, 4, 5, 9)]
    first = docs["crawl.warc.gz#3"]
    assert FRENCH in first.text and first.tags["format"] == "html" and first.rejected is None
    assert first.meta["url"] == "https://a.example/" and first.meta["http_status"] == 200
    assert first.meta["date"].startswith("20") and first.meta["warc_record_id"].startswith(
        "<urn:uuid:"
    )
    assert (
        FRENCH in docs["crawl.warc.gz#4"].text
        and docs["crawl.warc.gz#4"].tags["encoding"] == "cp1252"
    )
    assert GERMAN in docs["crawl.warc.gz#5"].text
    assert "Zweite Seite" in docs["crawl.warc.gz#9"].text  # content coding undone


def test_other_records_are_counted_not_documents(warc_docs) -> None:
    _, skipped = warc_docs
    assert skipped == Counter(
        warc_warcinfo=1, warc_request=1, warc_response_not_html=1,
        warc_response_status_404=1, warc_metadata=1,
    )  # fmt: skip


def test_plain_warc_reads_the_same(tmp_path: Path, warc_docs) -> None:
    docs, _ = warc_docs
    (input_file,) = discover([_warc(tmp_path / "crawl.warc")])
    plain = {d.source.replace(".warc#", ".warc.gz#"): d.text for d in read_file(input_file)}
    assert plain == {s: d.text for s, d in docs.items()}


def test_truncated_warc_gz_is_reported(tmp_path: Path) -> None:
    path = _warc(tmp_path / "crawl.warc.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])  # cut inside the last record
    (input_file,) = discover([path])
    docs = list(read_file(input_file))
    assert docs[-1].rejected == TRUNCATED and docs[-1].source == "crawl.warc.gz#9"
    assert [d.rejected for d in docs[:-1]] == [None, None, None]


def test_clean_reports_the_skipped_records(tmp_path: Path) -> None:
    from corpusclean import clean
    from corpusclean.executors import SerialExecutor

    result = clean([_warc(tmp_path / "crawl.warc.gz")], tmp_path / "out", executor=SerialExecutor())
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["skipped"]["warc_request"] >= 1
    assert result.stats.docs_in == report["documents"]["in"] > 0
