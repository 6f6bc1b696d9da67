"""The config layer: which stages exist, the default pipeline, TOML files that change it."""

from .registry import BUILTIN_STAGES, build_stage, register_stage, registered
from .run import DEFAULT_STAGES, RUN_KEYS, RunConfig, default_stages, load_config, parse_config

__all__ = [
    "BUILTIN_STAGES",
    "DEFAULT_STAGES",
    "RUN_KEYS",
    "RunConfig",
    "build_stage",
    "default_stages",
    "load_config",
    "parse_config",
    "register_stage",
    "registered",
]
