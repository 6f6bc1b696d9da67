"""Shared fixtures: small real-looking inputs built at test time (nothing downloaded)."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import orjson
import pytest
import zstandard
from hypothesis import settings

# CI runs the property tests with a fixed seed: the same examples every run, so a run is
# red only for a change, never for the luck of the draw. Locally they explore freely.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"

FRENCH = (
    "Les élèves de l’école ont préparé une fête pour la fin de l’été. "
    "Le maire a salué leur travail et a promis une nouvelle bibliothèque près de la gare."
)
FRENCH_NEWS = (
    "Le conseil municipal a voté mardi la construction de douze kilomètres de pistes "
    "cyclables le long du fleuve, un projet proposé pour la première fois en 2019."
)


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    """A folder with every input kind the readers accept, and some they must reject."""
    root = tmp_path / "crawl"
    (root / "news").mkdir(parents=True)
    shutil.copy(DATA / "mixed" / "article.txt", root / "news" / "article.txt")
    shutil.copy(DATA / "mixed" / "page.html", root / "news" / "page.html")
    (root / "news" / "legacy-fr.txt").write_bytes(FRENCH.encode("cp1252"))
    (root / "empty.txt").write_bytes(b"")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 8)
    article = (DATA / "mixed" / "article.txt").read_bytes()
    (root / "news" / "article-copy.txt.gz").write_bytes(gzip.compress(article))
    records = [
        {
            "text": "Der Stadtrat hat am Dienstag beschlossen, die Buslinie 12 bis zum neuen "
            "Krankenhaus zu verlängern. Die Arbeiten beginnen im Frühjahr.",
            "url": "https://example.de/a",
            "title": "Buslinie",
        },
        "{this line is not json",
        {"url": "https://example.org/no-text"},
        {
            "text": "The harbour authority said the new ferry terminal will open in June, "
            "two months later than planned, after delays in the delivery of steel.",
            "url": "https://example.org/ferry",
        },
    ]
    lines = [r if isinstance(r, str) else orjson.dumps(r).decode() for r in records]
    (root / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    zst = zstandard.ZstdCompressor().compress(orjson.dumps({"text": FRENCH_NEWS, "id": 7}) + b"\n")
    (root / "dump2.jsonl.zst").write_bytes(zst)
    (root / ".hidden.txt").write_text("never read", encoding="utf-8")
    return root
