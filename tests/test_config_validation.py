"""Config values of the wrong type or out of range fail when loaded, in one line, exit 2.

Each case is a config a user could plausibly write (issues 12 and 13 list most of them)
and the words the one-line error must carry: the stage or table, the option, the value
and what is expected.
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpusclean.cli import app
from corpusclean.config import build_stage, load_config, registered
from corpusclean.config.options import describe_range
from corpusclean.errors import ConfigError
from corpusclean.filter.gates import check_languages, known_languages

SEEDS = Path(__file__).parent.parent / "seeds"
runner = CliRunner()

CASES = [
    # (config text, fragments the message must contain)
    ('[run]\nworkers = "two"', ["workers", '"two"', "an integer >= 0"]),
    ('[run]\nbatch_size = "x"', ["batch_size", '"x"', "an integer >= 1"]),
    ("[run]\nbatch_size = 0", ["batch_size = 0", ">= 1"]),
    ("[run]\nworkers = 1.5", ["workers = 1.5", "an integer"]),
    ('[[stages]]\nuse = "extract.html"\ntimeout = "ten"', ["extract.html", "timeout", "a number"]),
    ('[[stages]]\nuse = "dedup.minhash"\nthreshold = "high"', ["dedup.minhash", "(0, 1]"]),
    ('[[stages]]\nuse = "dedup.minhash"\nthreshold = 1.5', ["threshold = 1.5", "(0, 1]"]),
    ('[[stages]]\nuse = "filter.too_short"\nmin_words = -5', ["min_words = -5", ">= 0"]),
    ('[[stages]]\nuse = "filter.too_short"\nmin_words = { a = 1 }', ["min_words", "integer"]),
    ('[[stages]]\nuse = "filter.too_short"\nmin_words = true', ["min_words = true", "integer"]),
    ('[[stages]]\nuse = "tag.language"\nmin_score = 2', ["min_score = 2", "in [0, 1]"]),
    ('[[stages]]\nuse = "boilerplate.lines"\nrules = "pager"', ["rules", "a list of strings"]),
    ('[[stages]]\nuse = "repair.unicode"\nnormalization = "nfc"', ['one of "NFC"']),
    ('[[stages]]\nuse = "repair.html"\nbullet = ["-"]', ["bullet", "a string"]),
    ("[run]\n[run.workers]\nn = 2", ["workers", "integer"]),
    ("run = 3", ["[run] table"]),
    ('[[stages]]\nuse = { name = "x" }', ["'use' key"]),
    (
        '[[stages]]\nuse = "filter.lang"\n[[stages]]\nuse = "tag.language"',
        ["filter.lang reads the tags of tag.language, which runs after it"],
    ),
    (
        '[[stages]]\nuse = "tag.language"\n[[stages]]\nuse = "filter.quality"',
        ["filter.quality reads the tags of tag.quality, which this config does not run"],
    ),
    (
        '[[stages]]\nuse = "tag.language"\n[[stages]]\nuse = "filter.lang"\nkeep = ["english"]',
        ["filter.lang", "'english'", "did you mean 'en'"],
    ),
]


@pytest.mark.parametrize(("text", "fragments"), CASES)
def test_a_bad_value_fails_at_load_with_one_line(
    tmp_path: Path, text: str, fragments: list[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    for fragment in fragments:
        assert fragment in message


@pytest.mark.parametrize(
    "text",
    [
        '[run]\nworkers = "two"',
        '[[stages]]\nuse = "dedup.minhash"\nthreshold = "high"',
        '[[stages]]\nuse = "boilerplate.lines"\nwords = "WORDS"',
    ],
)
def test_the_cli_exits_2_before_reading_a_document(tmp_path: Path, text: str) -> None:
    words = tmp_path / "words.toml"
    words.write_text('[prompt]\nen = ["read more"\n', encoding="utf-8")  # unclosed list
    config = tmp_path / "bad.toml"
    config.write_text(text.replace("WORDS", words.as_posix()) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "-c", str(config)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (out / "corpus.jsonl").exists()


def test_a_word_file_of_the_wrong_shape_is_refused_when_built(tmp_path: Path) -> None:
    words = tmp_path / "words.toml"
    words.write_text('[prompt]\nen = "read more"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[prompt\] must map language codes to lists"):
        build_stage("boilerplate.lines", {"words": str(words)})
    words.write_text('[prompt]\nen = ["read the full story"]\n', encoding="utf-8")
    stage = build_stage("boilerplate.lines", {"words": str(words)})
    assert stage.words == str(words)


def test_good_values_pass_and_ints_become_floats() -> None:
    stage = build_stage("dedup.minhash", {"threshold": 1, "bands": 20, "rows": 5})
    assert stage.threshold == 1.0 and isinstance(stage.threshold, float)
    assert build_stage("filter.lang", {"keep": ["EN", "fr"]}).keep == ["en", "fr"]


def _numeric_options() -> list[tuple[str, str]]:
    found = []
    for name, cls in registered().items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.init and hints[f.name] in (int, float):
                found.append((name, f.name))
    return found


@pytest.mark.parametrize(("stage", "option"), _numeric_options())
def test_every_numeric_option_of_every_stage_refuses_text(stage: str, option: str) -> None:
    with pytest.raises(ConfigError) as caught:
        build_stage(stage, {option: "many"})
    assert f'stage {stage!r}: {option} = "many": expected' in str(caught.value)


def test_ranges_read_as_maths() -> None:
    assert describe_range({"ge": 0, "le": 1}) == " in [0, 1]"
    assert describe_range({"gt": 0, "le": 1}) == " in (0, 1]"
    assert describe_range({"ge": 1}) == " >= 1"
    assert describe_range({}) == ""


def test_language_codes_are_the_detectors() -> None:
    known = known_languages()
    assert {"en", "fr", "de", "zh-cn", "und"} <= set(known)
    assert "zz" not in known and "english" not in known
    assert check_languages(["en", " FR "]) == ["en", "fr"]
    with pytest.raises(ConfigError, match=r"unknown language code 'zz'"):
        check_languages(["en", "zz"])
    with pytest.raises(ConfigError, match=r"'german' \(did you mean 'de'\?\)"):
        check_languages(["german"])
    with pytest.raises(ConfigError, match=r"did you mean 'zh-cn' or 'zh-tw'"):
        check_languages(["zh"])
    with pytest.raises(ConfigError, match="at least one language code"):
        check_languages([""])
