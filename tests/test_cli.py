"""The command line end to end: the contract on seeds/ and on a mixed folder, and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpusclean.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def clean(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["clean", *args])
    return result.exit_code, result.output


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_seeds_contract(tmp_path: Path) -> None:
    code, output = clean(str(ROOT / "seeds"), "-o", str(tmp_path), "--workers", "1")
    assert code == 0, output
    kept = load(tmp_path / "corpus.jsonl")
    assert [r["source"] for r in kept] == sorted(
        f"seeds/{p.name}" for p in (ROOT / "seeds").iterdir()
    )
    for record in kept:
        assert {
            "id",
            "source",
            "text",
            "lang",
            "lang_score",
            "spans",
            "tags",
            "meta",
        } <= set(record)
        assert record["lang"] == "en"
        assert "\u00a0" not in record["text"]
    assert load(tmp_path / "rejected.jsonl") == []
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["documents"] == {"in": 3, "kept": 3, "rejected": 0}
    assert report["config"]["stages"][0]["use"]


def test_mixed_folder_loses_nothing(mixed_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = clean(str(mixed_folder), "-o", str(out))
    assert code == 1  # a binary file and a malformed line could not be read
    assert "could not be read" in output
    kept, rejected = load(out / "corpus.jsonl"), load(out / "rejected.jsonl")
    sources = [r["source"] for r in kept + rejected]
    assert len(sources) == len(set(sources))
    expected = {
        "crawl/dump.jsonl#1",
        "crawl/dump.jsonl#2",
        "crawl/dump.jsonl#3",
        "crawl/dump.jsonl#4",
        "crawl/dump2.jsonl.zst#1",
        "crawl/empty.txt",
        "crawl/logo.png",
        "crawl/news/article.txt",
        "crawl/news/article-copy.txt.gz",
        "crawl/news/legacy-fr.txt",
        "crawl/news/page.html",
    }
    assert set(sources) == expected
    reasons = {r["source"]: r["reason"] for r in rejected}
    assert reasons["crawl/logo.png"] == "unreadable:binary"
    assert reasons["crawl/dump.jsonl#2"] == "unreadable:malformed_json"
    texts = {r["source"]: r["text"] for r in rejected}
    assert texts["crawl/dump.jsonl#2"] == "{this line is not json"
    assert reasons["crawl/dump.jsonl#3"] == "unreadable:no_text"
    assert reasons["crawl/empty.txt"] == "empty"
    # The gzipped copy comes first in sorted order, so the plain file is the duplicate.
    ids = {r["source"]: r["id"] for r in kept + rejected}
    copy_id = ids["crawl/news/article-copy.txt.gz"]
    assert reasons["crawl/news/article.txt"] == f"duplicate_of:{copy_id}"
    langs = {r["source"]: r["lang"] for r in kept}
    assert langs["crawl/news/legacy-fr.txt"] == "fr"
    assert langs["crawl/dump.jsonl#1"] == "de"
    report = json.loads((out / "report.json").read_text())
    assert report["documents"]["in"] == len(expected)
    assert report["documents"]["kept"] + report["documents"]["rejected"] == len(expected)


def test_stdout_streaming_and_stdin(tmp_path: Path) -> None:
    lines = [
        {"text": "The harbour authority said the ferry terminal will open in June.", "n": 1},
        {"text": "Le maire a salué leur travail et a promis une nouvelle bibliothèque.", "n": 2},
    ]
    stdin = "".join(json.dumps(x) + "\n" for x in lines)
    result = runner.invoke(app, ["clean", "-", "-o", "-", "-q", "-w", "1"], input=stdin)
    assert result.exit_code == 0, result.output
    records = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(r["source"], r["lang"], r["meta"]["n"]) for r in records] == [
        ("stdin#1", "en", 1),
        ("stdin#2", "fr", 2),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", "does/not/exist", "-o", "OUT"], "input not found: does/not/exist"),
        (["clean", "seeds", "-o", "OUT", "--executor", "spark"], "unknown executor 'spark'"),
        (["clean", "seeds", "-o", "OUT", "--config", "missing.toml"], "config file not found"),
    ],
)
def test_user_errors_are_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    args = [
        a.replace("OUT", str(tmp_path / "o")).replace("seeds", str(ROOT / "seeds")) for a in args
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_unwritable_output_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, output = clean(str(ROOT / "seeds"), "-o", str(blocker))
    assert code == 2 and "not a folder" in output
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, output = clean(str(ROOT / "seeds"), "-o", str(locked / "out"))
        assert code == 2 and "cannot write" in output


def test_bad_config_names_the_closest_stage(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[stages]]\nuse = "repair.unicod"\n')
    code, output = clean(str(ROOT / "seeds"), "-o", str(tmp_path / "o"), "-c", str(config))
    assert code == 2
    assert "unknown stage 'repair.unicod' (did you mean 'repair.unicode'?)" in output
    config.write_text('[[stages]]\nuse = "repair.unicode"\nnormalisation = "NFKC"\n')
    code, output = clean(str(ROOT / "seeds"), "-o", str(tmp_path / "o"), "-c", str(config))
    assert "did you mean 'normalization'?" in output


def test_unknown_option_is_a_usage_error_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "corpusclean",
            "clean",
            "seeds",
            "-o",
            str(tmp_path),
            "--frobnicate",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("error: No such option: --frobnicate")
    assert line.endswith("(see 'corpusclean clean --help')")


def test_help_explains_the_command() -> None:
    result = runner.invoke(app, ["clean", "--help"])
    assert result.exit_code == 0
    for word in ("INPUT", "--out", "--workers", "--config", "rejected.jsonl"):
        assert word in result.output


def test_committed_out_is_up_to_date(tmp_path: Path) -> None:
    """out/ is the committed result of `corpusclean clean seeds/ -o out/`: it must not go stale."""
    proc = subprocess.run(
        [sys.executable, "-m", "corpusclean", "clean", "seeds/", "-o", str(tmp_path), "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    for name in ("corpus.jsonl", "rejected.jsonl"):
        assert (tmp_path / name).read_bytes() == (ROOT / "out" / name).read_bytes(), (
            f"out/{name} is stale: run `corpusclean clean seeds/ -o out/` and commit"
        )
    fresh = json.loads((tmp_path / "report.json").read_text())
    committed = json.loads((ROOT / "out" / "report.json").read_text())
    for report in (fresh, committed):
        report.pop("timings")
        report["config"]["run"].pop("workers")
    assert fresh == committed, "out/report.json is stale"


def test_fast_sets_the_extraction_mode(tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_text(
        "<html><head><title>Ferry</title></head><body><nav>Home | News</nav><article>"
        "<h1>New ferry terminal</h1><p>The harbour authority said the new ferry terminal "
        "will open in June, two months later than planned, after delays in the delivery "
        "of steel for the pier.</p></article></body></html>",
        encoding="utf-8",
    )
    code, output = clean(str(page.parent), "-o", str(tmp_path / "out"), "--fast", "-w", "1")
    assert code == 0, output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    extract = next(s for s in report["config"]["stages"] if s["use"] == "extract.html")
    assert extract["mode"] == "fast"
    (row,) = load(tmp_path / "out" / "corpus.jsonl")
    assert "ferry terminal will open in June" in row["text"] and "Home | News" not in row["text"]


def test_usage_mistakes_are_one_line_and_exit_2(tmp_path: Path) -> None:
    """The mistakes new users make, each answered by one line on stderr, exit 2, no
    traceback, and square brackets in user text shown as typed (not eaten as markup)."""
    (tmp_path / "empty").mkdir()
    seeds = str(ROOT / "seeds")
    cases = [
        (["clean", seeds, "-o", str(tmp_path / "a"), "--lang", "english"], "did you mean 'en'"),
        (["clean", seeds, "-o", str(tmp_path / "b"), "--lang", "en,zz"], "'zz'"),
        (["clean", str(tmp_path / "empty"), "-o", str(tmp_path / "c")], "no input files"),
        (["clean", str(tmp_path / "o[x]"), "-o", str(tmp_path / "d")], "o[x]"),
        (["clean", seeds, "-o", str(tmp_path / "e"), "--format", "xml"], "unknown output format"),
        (["explain", str(ROOT / "out"), "nope"], "no document with id 'nope'"),
    ]
    for args, expected in cases:
        proc = subprocess.run(
            [sys.executable, "-m", "corpusclean", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        assert proc.returncode == 2, (args, proc.stderr)
        assert expected in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1, (args, proc.stderr)
