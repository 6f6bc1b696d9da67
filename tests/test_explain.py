"""``corpusclean explain``: one document's removed lines and edits, from an output folder."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from corpusclean import write
from corpusclean.cli import app
from corpusclean.document import Document
from corpusclean.errors import InputError
from corpusclean.explain import explain
from corpusclean.pipeline import Pipeline

TEXT = (
    "Home > News > World\n"
    "The talks in Ankara lasted two days and ended with a joint statement on defence,"
    "\u00a0\u00a0energy and the maritime deal.\n"
    "1 - 2 - 3 - 4"
)


@pytest.fixture
def out(tmp_path):
    docs = [
        Document.from_text(TEXT, source="a.txt"),
        Document.from_text("Thanks for reading.", source="b.txt"),
    ]
    write(Pipeline.default().run(docs), tmp_path)
    return tmp_path


def test_explain_lists_removals_and_repairs(out) -> None:
    doc_id = Document.from_text("", source="a.txt").id
    found = explain(out, doc_id)
    assert found.status == "kept"
    assert ("boilerplate.lines", "navigation", "Home > News > World") in found.removed
    assert ("boilerplate.lines", "pagination", "1 - 2 - 3 - 4") in found.removed
    assert ("repair.unicode.space", 1) in found.edits
    assert all(not key.startswith("boilerplate.lines.") for key, _ in found.edits)


def test_explain_finds_rejected_documents(out) -> None:
    found = explain(out, Document.from_text("", source="b.txt").id)
    assert found.status == "rejected: too_short"
    assert found.notes["boilerplate_share"] == 0.0


def test_unknown_id_is_a_one_line_error(out) -> None:
    with pytest.raises(InputError, match="no document with id"):
        explain(out, "0000000000000000")
    result = CliRunner().invoke(app, ["explain", str(out), "0000000000000000"])
    assert result.exit_code == 2
    assert "no document with id" in result.output
    assert "Traceback" not in result.output


def test_cli_output_is_plain_when_piped(out) -> None:
    doc_id = Document.from_text("", source="a.txt").id
    result = CliRunner().invoke(app, ["explain", str(out), doc_id])
    assert result.exit_code == 0
    assert "boilerplate.lines.navigation  Home > News > World" in result.output
    assert "\x1b[" not in result.output
