"""Reading a file part by part gives exactly the documents of reading it whole."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import orjson
import pytest

from corpusclean.io.inputs import DEFAULT_LIMITS, Limits, Part
from corpusclean.io.readers import discover, read_file, split_file

PROSE = [
    "Le conseil municipal a voté mardi la construction de pistes cyclables le long du fleuve.",
    "Der Stadtrat hat beschlossen, die Buslinie bis zum neuen Krankenhaus zu verlängern.",
    "The harbour authority said the new ferry terminal will open in June, two months late.",
]


def _jsonl(path: Path, n: int = 600) -> Path:
    """A JSONL file with the awkward lines real dumps have, spread through it."""
    lines = []
    for i in range(n):
        if i % 97 == 5:
            lines.append(b"")  # a blank line still counts as a line
        elif i % 89 == 7:
            lines.append(b"{not json")
        elif i % 83 == 11:
            lines.append(orjson.dumps({"text": PROSE[i % 3], "pad": "x" * 3000}) + b"\r")
        else:
            lines.append(orjson.dumps({"text": f"{PROSE[i % 3]} ({i})", "n": i}))
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines) + b"\n")
    return path


def _docs(input_file, parts=None, limits=DEFAULT_LIMITS):
    parts = parts or [Part()]
    out = []
    for part in parts:
        for doc in read_file(input_file, part=part, limits=limits):
            out.append((doc.id, doc.source, doc.text, doc.rejected, doc.meta))
    return out


@pytest.mark.parametrize("target", [1, 700, 5_000, 64_000])
def test_parts_give_the_documents_of_the_whole_file(tmp_path: Path, target: int) -> None:
    (input_file,) = discover([_jsonl(tmp_path / "dump.jsonl")])
    parts = split_file(input_file, target)
    assert len(parts) > 1
    assert parts[0].start == 0 and parts[-1].end is None
    assert all(a.end == b.start for a, b in itertools.pairwise(parts))
    whole = _docs(input_file)
    assert _docs(input_file, parts) == whole
    assert whole[0][1] == "dump.jsonl#1" and whole[0][3] is None  # the BOM cost no record
    assert ("dump.jsonl#8", "unreadable:malformed_json") in {(d[1], d[3]) for d in whole}


def test_a_line_over_the_cap_is_the_same_document_in_parts(tmp_path: Path) -> None:
    (input_file,) = discover([_jsonl(tmp_path / "dump.jsonl")])
    limits = Limits(max_line_bytes=2_000)
    whole = _docs(input_file, limits=limits)
    assert {d[3] for d in whole if d[1] == "dump.jsonl#12"} == {"too_large"}
    assert _docs(input_file, split_file(input_file, 3_000), limits) == whole


def test_compressed_and_small_files_are_one_part(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "dump.jsonl")
    (tmp_path / "dump.jsonl.gz").write_bytes(gzip.compress(path.read_bytes()))
    (tmp_path / "note.txt").write_text("Ein kurzer Text über die Brücke.", encoding="utf-8")
    files = {f.source.split("/")[-1]: f for f in discover([tmp_path])}
    assert split_file(files["dump.jsonl.gz"], 1_000) == [Part()]
    assert split_file(files["note.txt"], 1) == [Part()]
    assert split_file(files["dump.jsonl"], 10**9) == [Part()]


def test_input_file_is_small_and_picklable(tmp_path: Path) -> None:
    import pickle

    (input_file,) = discover([_jsonl(tmp_path / "dump.jsonl")])
    assert (
        isinstance(input_file.path, str)
        and input_file.size == (tmp_path / "dump.jsonl").stat().st_size
    )
    assert pickle.loads(pickle.dumps(input_file)) == input_file
    assert len(pickle.dumps(split_file(input_file, 5_000))) < 2_000
