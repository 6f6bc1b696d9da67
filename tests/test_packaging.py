"""The packaging facts a wheel needs and a reviewer cannot see in the code: one version,
a licence file that ships, the type-hint marker."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import corpusclean

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_version_is_set_once_in_the_package() -> None:
    assert "version" not in PROJECT["project"] and "version" in PROJECT["project"]["dynamic"]
    assert PROJECT["tool"]["hatch"]["version"]["path"] == "corpusclean/version.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", corpusclean.__version__)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {corpusclean.__version__}" in changelog


def test_the_licence_and_type_marker_ship() -> None:
    assert PROJECT["project"]["license"] == "MIT"
    assert PROJECT["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (ROOT / "corpusclean" / "py.typed").exists()
    assert "Typing :: Typed" in PROJECT["project"]["classifiers"]
    assert any(dep.startswith("pydantic") for dep in PROJECT["project"]["dependencies"])
