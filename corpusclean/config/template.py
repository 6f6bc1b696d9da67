"""The default configuration written out as a TOML file to start from.

``corpusclean config --show > my.toml`` gives every default stage with every option at
its default value, plus the opt-in stages commented out, so a user edits values instead
of looking names up. What it prints loads back with ``clean --config`` to the same
pipeline (a test holds it to that). Python has a TOML reader but no writer, and the
values here are only scalars and lists, so a small writer beats a dependency.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .registry import build_stage, registered
from .run import DEFAULT_STAGES, RUN_KEYS


def toml_value(value: Any) -> str:
    """One TOML value: strings, booleans, numbers, lists and tables of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _stage_table(name: str, options: dict[str, Any], commented: bool = False) -> list[str]:
    cls = registered()[name]
    summary = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
    stage = build_stage(name, options)
    lines = [f"# {summary}"] if summary else []
    lines.append("[[stages]]")
    lines.append(f'use = "{name}"')
    for key, value in stage.config().items():
        if value is None:
            lines.append(f"# {key} = (not set)")
        else:
            lines.append(f"{key} = {toml_value(value)}")
    if commented:
        lines = [line if line.startswith("#") else f"# {line}" for line in lines]
    return lines


def default_config_toml() -> str:
    """The default pipeline as a commented TOML file (what ``config --show`` prints)."""
    out = [
        "# corpusclean pipeline configuration: run it with",
        "#   corpusclean clean INPUT... -o OUT --config THIS_FILE",
        "# Stages run in the order listed; remove a table to skip a stage.",
        "",
        "[run]",
    ]
    out += [f"{key} = {toml_value(value)}" for key, value in RUN_KEYS.items()]
    used = []
    for entry in DEFAULT_STAGES:
        options = {k: v for k, v in entry.items() if k != "use"}
        out += ["", *_stage_table(entry["use"], options)]
        used.append(entry["use"])
    optional = [name for name in registered() if name not in used and _buildable(name)]
    if optional:
        out += ["", "# Opt-in stages: uncomment a table (and place it) to use it."]
        for name in optional:
            out += ["", *_stage_table(name, {}, commented=True)]
    return "\n".join(out) + "\n"


def _buildable(name: str) -> bool:
    """Stages whose options all have defaults can be shown; others need a value first."""
    cls = registered()[name]
    return all(
        f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        for f in dataclasses.fields(cls)
        if f.init
    )
