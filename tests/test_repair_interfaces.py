"""The repair's interfaces: the public API, `corpusclean repair`, config, and `clean`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import corpusclean
from corpusclean.cli import app
from corpusclean.config import DEFAULT_STAGES, parse_config
from corpusclean.errors import ConfigError
from corpusclean.repair.api import Repairer

ROOT = Path(__file__).parent.parent
SEED = ROOT / "seeds" / "003_1c2b97edc1211e53.txt"
runner = CliRunner()

LIST_AND_TABLE = (
    "Menu:<ul><li>Soup</li><li>Bread</li></ul>"
    "<table><tr><td>Mon</td><td>Closed</td></tr><tr><td>Tue</td><td>9-17</td></tr></table>"
)


def test_public_api_exports_repair() -> None:
    assert {"repair_text", "RepairResult"} <= set(corpusclean.__all__)
    assert corpusclean.__all__ == sorted(corpusclean.__all__)
    result = corpusclean.repair_text("Energy & amp; transport < / td >")
    assert isinstance(result, corpusclean.RepairResult)
    assert result.text == "Energy & transport"
    assert result.counts["repair.entities.broken"] == 1
    assert result.counts["repair.html.mangled_tag"] == 1


def test_every_repair_stage_is_in_the_default_pipeline() -> None:
    names = [s["use"] for s in DEFAULT_STAGES]
    repairs = [n for n in names if n.startswith("repair.")]
    assert repairs == [
        "repair.encoding",
        "repair.entities",
        "repair.html",
        "repair.unicode",
        "repair.spacing",
        "repair.whitespace",
        "repair.structure",
    ]
    # Repairs run as one block, after page extraction only: later stages drop whole lines.
    first = names.index(repairs[0])
    assert names[first : first + len(repairs)] == repairs
    assert all(n.startswith("extract.") for n in names[:first])


def _repairer(toml_stages: list[dict]) -> Repairer:
    config = parse_config({"stages": toml_stages})
    return Repairer(config.build_stages())


def test_bullet_and_cell_separator_are_configurable() -> None:
    repairer = _repairer(
        [
            {"use": "repair.html", "bullet": "- ", "cell_separator": "\t"},
            {"use": "repair.whitespace"},
        ]
    )
    assert repairer(LIST_AND_TABLE).text == "Menu:\n- Soup\n- Bread\nMon\tClosed\nTue\t9-17"
    plain = _repairer([{"use": "repair.html", "bullet": ""}])(LIST_AND_TABLE)
    items = [plain.text[s.start : s.end] for s in plain.spans if s.kind == "list_item"]
    assert items == ["Soup", "Bread"]


def test_a_repair_left_out_of_the_config_does_not_run() -> None:
    repairer = _repairer([{"use": "repair.html"}])  # no entities, no spacing
    assert repairer("<b>R&amp;D</b> crises,and").text == "R&amp;D crises,and"


def test_unknown_repair_option_fails_early_with_a_hint() -> None:
    with pytest.raises(ConfigError, match="did you mean 'cell_separator'"):
        parse_config({"stages": [{"use": "repair.html", "cell_separater": " | "}]})


def test_cli_repair_file_and_stdin() -> None:
    out = runner.invoke(app, ["repair", str(SEED)])
    assert out.exit_code == 0
    assert "Expanded Defense Ties | Bolstered combat strength" in out.stdout
    assert "< / td >" not in out.stdout
    piped = runner.invoke(app, ["repair", "-"], input="AT&T & nbsp;rocks < / td >\n")
    assert piped.exit_code == 0 and piped.stdout == "AT&T rocks\n"


def test_cli_repair_diff_shows_only_what_changed() -> None:
    out = runner.invoke(app, ["repair", "--diff", "-"], input="Clean line.\nBroken & amp; line\n")
    assert out.exit_code == 0
    assert "-Broken & amp; line\n+Broken & line\n" in out.stdout
    assert "-Clean line." not in out.stdout
    clean = runner.invoke(app, ["repair", "--diff", "-"], input="Nothing to repair.\n")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_cli_repair_missing_file_is_one_line_error(tmp_path: Path) -> None:
    out = runner.invoke(app, ["repair", str(tmp_path / "nope.txt")])
    assert out.exit_code == 2
    assert "cannot read" in out.output and "Traceback" not in out.output


def test_clean_writes_spans_and_repair_counts(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    result = runner.invoke(
        app, ["clean", str(ROOT / "seeds"), "-o", str(out_dir), "--executor", "serial", "-q"]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (out_dir / "corpus.jsonl").read_text().splitlines()]
    seed = next(r for r in records if r["source"].endswith("003_1c2b97edc1211e53.txt"))
    kinds = {span["kind"] for span in seed["spans"]}
    assert {"list_item", "table", "table_row", "heading", "paragraph"} <= kinds
    for span in seed["spans"]:
        start, end, kind = span["start"], span["end"], span["kind"]
        if kind == "table_row":
            assert "\n" not in seed["text"][start:end] and " | " in seed["text"][start:end]
    changes = [json.loads(line) for line in (out_dir / "changes.jsonl").read_text().splitlines()]
    mine = [c for c in changes if c["id"] == seed["id"] and c["kind"] == "edit"]
    edits = {c["change"]: c["count"] for c in mine}
    assert edits["repair.html.mangled_tag"] > 0
    report = json.loads((out_dir / "report.json").read_text())
    assert "repair.entities.broken" in json.dumps(report)
