"""Pipeline configuration: the default stages, and TOML files that replace them.

A config file has an optional ``[run]`` table and an ordered list of ``[[stages]]``,
each naming a registered stage with ``use`` and setting its options::

    [run]
    executor = "local"   # "serial" | "local" | "ray"
    workers = 0          # 0 = all cores

    [[stages]]
    use = "repair.unicode"
    normalization = "NFKC"

Everything is validated when the file is loaded, before any document is read: an
unknown stage, option or run setting fails with the closest valid name as a hint; a value
of the wrong type or out of its range, and a gate placed before the tagger it reads, fail
with one line that says what is expected.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError, did_you_mean
from .options import check_options
from .registry import build_stage, registered

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: The stages ``corpusclean clean`` runs, in order, when no config is given.
DEFAULT_STAGES: list[dict[str, Any]] = [
    {"use": "extract.html"},
    {"use": "repair.encoding"},
    {"use": "repair.entities"},
    {"use": "repair.html"},
    {"use": "repair.unicode"},
    {"use": "repair.spacing"},
    {"use": "repair.whitespace"},
    {"use": "repair.structure"},
    {"use": "boilerplate.lines"},
    # A junk page is rejected with its kind (boilerplate:error_page) before the generic
    # empty / too_short gates can claim it.
    {"use": "filter.boilerplate"},
    {"use": "filter.empty"},
    {"use": "filter.too_short"},
    {"use": "boilerplate.repeated_lines"},
    {"use": "dedup.exact"},
    {"use": "dedup.minhash"},
    {"use": "tag.language"},
    {"use": "tag.quality"},
    {"use": "tag.title"},
]

RUN_KEYS = {"executor": "local", "workers": 0, "batch_size": 32, "shard_bytes": 2 << 20}


@dataclass
class RunConfig:
    """The ``[run]`` table: how to execute, not what to do."""

    executor: str = "local"
    workers: int = field(default=0, metadata={"ge": 0})  # 0 = all cores
    batch_size: int = field(default=32, metadata={"ge": 1})
    # Input bytes per shard, the unit of parallel work and of --resume (see corpusclean.job).
    shard_bytes: int = field(default=2 << 20, metadata={"ge": 1})
    stages: list[dict[str, Any]] = field(default_factory=lambda: [dict(s) for s in DEFAULT_STAGES])

    def build_stages(self) -> list[Any]:
        return [
            build_stage(s["use"], {k: v for k, v in s.items() if k != "use"}) for s in self.stages
        ]


def default_stages() -> list[Any]:
    return RunConfig().build_stages()


def load_config(path: str | Path) -> RunConfig:
    """Read and validate a TOML config file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    return parse_config(data, origin=str(path))


def parse_config(data: dict[str, Any], origin: str = "config") -> RunConfig:
    for key in data:
        if key not in ("run", "stages"):
            hint = did_you_mean(key, ["run", "stages"])
            raise ConfigError(f"{origin}: unknown table {key!r}{hint}")
    run = data.get("run", {})
    if not isinstance(run, dict):
        raise ConfigError(f"{origin}: 'run' must be a [run] table, not {type(run).__name__}")
    for key in run:
        if key not in RUN_KEYS:
            hint = did_you_mean(key, RUN_KEYS)
            raise ConfigError(f"{origin}: unknown [run] setting {key!r}{hint}")
    run = check_options(RunConfig, run, f"{origin}: [run]")
    config = RunConfig(**{k: run.get(k, v) for k, v in RUN_KEYS.items()})
    if "stages" in data:
        stages = data["stages"]
        if not isinstance(stages, list) or not all(isinstance(s, dict) for s in stages):
            raise ConfigError(f"{origin}: 'stages' must be a list of [[stages]] tables")
        for i, stage in enumerate(stages, 1):
            if not isinstance(stage.get("use"), str):
                raise ConfigError(f"{origin}: stage #{i} needs a 'use' key naming the stage")
        config.stages = [dict(s) for s in stages]
    check_order([s["use"] for s in config.stages], origin)
    try:
        config.build_stages()  # validate now, not when the first document arrives
    except ConfigError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    return config


def check_order(names: list[str], origin: str = "config") -> None:
    """Refuse a stage listed before the stage whose tags it reads (its ``needs``).

    A gate before its tagger would reject every document with an error; saying so when
    the config is loaded costs nothing.
    """
    stages = registered()
    for i, name in enumerate(names):
        needed = getattr(stages.get(name), "needs", "")
        if needed and needed not in names[:i]:
            problem = "runs after it" if needed in names else "this config does not run"
            raise ConfigError(
                f"{origin}: {name} reads the tags of {needed}, which {problem}: "
                f"put a [[stages]] table for {needed} before {name}"
            )
