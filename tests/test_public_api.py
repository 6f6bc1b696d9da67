"""The public surface is small on purpose; this pins it so changes are deliberate."""

from __future__ import annotations

import inspect

import corpusclean


def test_exported_members() -> None:
    """``__all__`` is exactly the public names (submodules aside), sorted: nothing is
    public by accident, nothing exported is missing."""
    assert corpusclean.__all__ == sorted(corpusclean.__all__)
    public = {
        name
        for name in dir(corpusclean)
        if not name.startswith("_") and not inspect.ismodule(getattr(corpusclean, name))
    }
    assert public == set(corpusclean.__all__) - {"__version__"}
    assert all(hasattr(corpusclean, name) for name in corpusclean.__all__)


def test_clean_text_repairs_and_leaves_clean_text_alone() -> None:
    assert corpusclean.clean_text("TurkeyÃ¢â‚¬â„¢s   delegation\u200b") == "Turkey’s delegation"
    clean = "AT&T and R&D: a < b, 5 > 3, <john@example.com>."
    assert corpusclean.clean_text(clean) == clean


def test_read_pipeline_write_round_trip(tmp_path) -> None:
    from corpusclean import Pipeline

    out = tmp_path / "out"
    corpusclean.write(Pipeline.default().run(corpusclean.read(["seeds"])), out)
    assert len((out / "corpus.jsonl").read_text().splitlines()) == 3
