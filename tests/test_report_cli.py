"""The config file round trip, the CLI options of this topic, and report.html's structure."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from typer.testing import CliRunner

from corpusclean.cli import app
from corpusclean.config import RunConfig, load_config
from corpusclean.config.template import default_config_toml, toml_value
from corpusclean.report.html import bar_chart, render_html
from corpusclean.report.stats import LENGTH_BINS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SEEDS = Path(__file__).parent.parent / "seeds"
DATA = Path(__file__).parent / "data" / "tagged"
runner = CliRunner()


def test_config_show_round_trips_through_clean_config(tmp_path: Path) -> None:
    result = runner.invoke(app, ["config", "--show"])
    assert result.exit_code == 0
    assert result.stdout == default_config_toml()
    path = tmp_path / "my.toml"
    path.write_text(result.stdout, encoding="utf-8")
    loaded = load_config(path)
    default = RunConfig()
    built = [(s.name, s.config()) for s in loaded.build_stages()]
    assert built == [(s.name, s.config()) for s in default.build_stages()]
    assert (loaded.executor, loaded.workers, loaded.batch_size) == ("local", 0, 32)
    # The opt-in gates are shown, commented out, with their options.
    assert '# use = "filter.quality"' in result.stdout


def test_an_edited_config_file_changes_the_run(tmp_path: Path) -> None:
    text = default_config_toml().replace("per_paragraph = false", "per_paragraph = true")
    path = tmp_path / "edited.toml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(SEEDS), "-o", str(out), "-c", str(path), "-q"])
    assert result.exit_code == 0, result.output
    row = json.loads((out / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert json.loads(row["tags"]["lang_paragraphs"])[0]["lang"] == "en"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    language = next(s for s in report["config"]["stages"] if s["use"] == "tag.language")
    assert language["per_paragraph"] is True


def test_toml_values() -> None:
    assert toml_value(["en", "fr"]) == '["en", "fr"]'
    assert toml_value('say "hi"') == '"say \\"hi\\""'
    assert tomllib.loads(f"x = {toml_value({'a': 1.5, 'b': True})}") == {"x": {"a": 1.5, "b": True}}


def _clean(tmp_path: Path, *options: str) -> tuple[Path, dict]:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for path in [*SEEDS.glob("*.txt"), *DATA.glob("*.txt")]:
        (inputs / path.name).write_bytes(path.read_bytes())
    (inputs / "copy.txt").write_bytes((SEEDS / "001_37b472cbcf914e34.txt").read_bytes())
    out = tmp_path / "out"
    result = runner.invoke(app, ["clean", str(inputs), "-o", str(out), "-q", "-w", "1", *options])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def test_clean_lang_gate_and_parquet(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out, report = _clean(tmp_path, "--lang", "en,fr", "--format", "parquet")
    assert report["rejected"] == {"duplicate_of": 1, "lang:de": 1}
    table = pq.read_table(out / "corpus.parquet")
    assert sorted(table.column("lang").to_pylist()) == ["en", "en", "en", "fr"]
    titles = [tags["title"] for tags in table.column("tags").to_pylist()]
    assert any(t.startswith("Turkey’s Renewed Diplomatic Overture:") for t in titles)
    assert titles.count("") == 3  # the other articles open with a sentence: no title
    assert not (out / "corpus.jsonl").exists()


def test_clean_quality_gate_names_the_rule(tmp_path: Path) -> None:
    _, report = _clean(tmp_path, "--quality", "gopher")
    # Gopher's stop words are English: the French and German articles fail that rule.
    assert report["rejected"]["quality:gopher_stop_words"] == 2
    assert report["lengths"]["bins"] == list(LENGTH_BINS)
    assert sum(report["lengths"]["in"]) == report["documents"]["in"]
    assert sum(report["lengths"]["out"]) == report["documents"]["kept"]


def test_report_page_is_self_contained_with_charts(tmp_path: Path) -> None:
    out, report = _clean(tmp_path)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page == render_html(report, out)
    assert not re.search(r"<script|<link|@import|url\(|https?://", page)
    assert page.count("<svg") >= 5  # the length histogram and one per signal
    for title in ("by reason", "Languages", "length", "Repairs", "dedup.exact", "Time per stage"):
        assert title in page
    assert "<th>duplicate_<wbr>of</th>" in page and "<th>fr</th>" in page
    # The one duplicate pair, with the commands that show both documents.
    pair = report["samples"]["duplicates"][0]
    assert f"corpusclean explain {out} {pair['id']}" in page
    assert f"corpusclean explain {out} {pair['duplicate_of']}" in page


def test_report_command_prints_and_redraws(tmp_path: Path) -> None:
    out, _ = _clean(tmp_path)
    (out / "report.html").unlink()
    result = runner.invoke(app, ["report", str(out)])
    assert result.exit_code == 0, result.output
    assert "documents in" in result.stdout and "duplicate_of" in result.stdout
    assert (out / "report.html").exists()
    missing = runner.invoke(app, ["report", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2


def test_bar_chart_scales_to_the_largest_and_escapes_labels() -> None:
    html = bar_chart([("a<b", 10, "#000"), ("c", 5, "#000")])
    widths = [float(w) for w in re.findall(r'style="width:([\d.]+)%', html)]
    assert widths == [100.0, 50.0]
    assert "a&lt;b" in html and "a<b" not in html
