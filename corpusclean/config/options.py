"""Config values checked against each option's type hint and declared range, before a run.

A stage's options are its dataclass init fields, and their type hints already say what
a value must be (``int``, ``float``, ``list[str]``, ``Literal["NFC", "NFKC", "none"]``).
pydantic checks a value against a hint; strict mode, because TOML has real integers,
floats, booleans and strings: ``"2"`` for an integer or ``true`` for a number is a
mistake in the file, not something to coerce. A range sits next to its field, as field
metadata the checker reads (``field(default=10, metadata={"ge": 0})``), so a stage module
needs no import for it and the range is documented where the default is.

What it will NOT check: relations between options (``bands * rows <= num_perm``) and
facts outside the value (a file exists): the stage's ``__post_init__`` does those.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, Union

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

from ..errors import ConfigError

#: Field metadata keys read as a range: greater than (or equal), less than (or equal).
RANGE_KEYS = ("gt", "ge", "lt", "le")

_STRICT = ConfigDict(strict=True)
_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}
_PLURALS = {int: "integers", float: "numbers", bool: "booleans", str: "strings"}


def check_options(cls: type, options: dict[str, Any], where: str) -> dict[str, Any]:
    """``options`` checked against ``cls``'s init fields; raises one-line :class:`ConfigError`.

    ``where`` names the owner in messages (``stage 'dedup.minhash'``, ``[run]``). Unknown
    keys are left to the caller, which knows the hint to give. Returns the checked values
    (an integer given for a float option comes back as a float).
    """
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # a third-party stage whose hints do not resolve
        return dict(options)
    checked = dict(options)
    for f in dataclasses.fields(cls):
        if f.init and f.name in options and f.name in hints:
            checked[f.name] = check_value(where, f.name, options[f.name], hints[f.name], f.metadata)
    return checked


def check_value(where: str, key: str, value: Any, hint: Any, metadata: Any = None) -> Any:
    """One value against one type hint and the range in ``metadata``."""
    bounds = {k: v for k, v in (metadata or {}).items() if k in RANGE_KEYS}
    target = typing.Annotated[hint, Field(**bounds)] if bounds else hint
    try:
        return TypeAdapter(target, config=_STRICT).validate_python(value)
    except ValidationError:
        expected = describe_type(hint) + describe_range(bounds)
        raise ConfigError(f"{where}: {key} = {_shown(value)}: expected {expected}") from None


def describe_type(hint: Any) -> str:
    """What a value of ``hint`` looks like in TOML, in words."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _NAMES:
        return _NAMES[hint]
    if origin is Literal:
        return "one of " + ", ".join(_shown(a) for a in args)
    if origin in (list, tuple, set, frozenset) and args:
        return f"a list of {_PLURALS.get(args[0], describe_type(args[0]))}"
    if origin in (Union, types.UnionType):
        return " or ".join(describe_type(a) for a in args if a is not type(None))
    return getattr(hint, "__name__", str(hint))


def describe_range(bounds: dict[str, float]) -> str:
    """`` in [0, 1]``, `` >= 1``, ``""``: the declared range in words."""
    low = [(k, v) for k, v in bounds.items() if k in ("gt", "ge")]
    high = [(k, v) for k, v in bounds.items() if k in ("lt", "le")]
    if low and high:
        (lk, lv), (hk, hv) = low[0], high[0]
        return f" in {'[' if lk == 'ge' else '('}{lv}, {hv}{']' if hk == 'le' else ')'}"
    marks = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
    return "".join(f" {marks[k]} {v}" for k, v in (*low, *high))


def _shown(value: Any) -> str:
    """A value as it would be written in the TOML file (JSON's spelling is close enough)."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)
