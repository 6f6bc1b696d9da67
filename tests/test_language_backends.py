"""The compiled langdetect port must give the very answers langdetect gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean.errors import MissingDependencyError
from corpusclean.tag.language import DetectLanguage, resolve_backend

ROOT = Path(__file__).resolve().parent.parent

TEXTS = [
    "Le maire a salué leur travail et a promis une nouvelle bibliothèque près de la gare.",
    "Der Stadtrat hat am Dienstag beschlossen, die Buslinie 12 zu verlängern.",
    "El ayuntamiento aprobó el martes la construcción de doce kilómetros de carriles bici.",
    "Il consiglio comunale ha approvato martedì dodici chilometri di piste ciclabili.",
    "De gemeenteraad heeft dinsdag twaalf kilometer beschermde fietspaden goedgekeurd.",
    "Война и мир — роман Льва Толстого, описывающий русское общество в эпоху войн.",
    "Rada miasta zatwierdziła we wtorek budowę dwunastu kilometrów ścieżek rowerowych.",
    "Ambiguous short text maybe, pero también un poco de español aquí.",
    "ok ok ok yes no maybe so",
] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").iterdir())]


def detector(backend: str) -> DetectLanguage:
    stage = DetectLanguage(backend=backend)  # type: ignore[arg-type]
    stage.setup()
    return stage


def test_backends_agree_to_the_last_digit() -> None:
    pytest.importorskip("langdetect_rs")
    python, compiled = detector("langdetect"), detector("langdetect_rs")
    for text in TEXTS:
        assert compiled.detect(text) == python.detect(text), text[:60]


def test_auto_prefers_the_compiled_port_when_installed() -> None:
    pytest.importorskip("langdetect_rs")
    assert resolve_backend("auto") == "langdetect_rs"
    assert resolve_backend("langdetect") == "langdetect"


def test_missing_port_names_the_extra(monkeypatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "langdetect_rs" else real(name)
    )
    assert resolve_backend("auto") == "langdetect"
    with pytest.raises(MissingDependencyError, match=r"corpusclean\[fast\]"):
        resolve_backend("langdetect_rs")


def test_unknown_backend_is_a_config_error() -> None:
    with pytest.raises(ValueError, match="backend must be one of"):
        DetectLanguage(backend="fasttext")  # type: ignore[arg-type]


def test_default_install_detects_with_the_compiled_port() -> None:
    # Issue 10: the backend a user gets without asking must not cap the pipeline, so the
    # port is a main dependency and "auto" (the default) picks it.
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("langdetect-rs") for dep in project["dependencies"])
    stage = DetectLanguage()
    stage.setup()
    assert stage.backend == "auto"
    assert type(stage._factory).__module__.startswith("langdetect_rs")
