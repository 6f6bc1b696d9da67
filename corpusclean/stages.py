"""Imports every built-in stage module so that each registers its stages by name."""

from __future__ import annotations

from . import filters  # noqa: F401
from .boilerplate import extract, lines, repeated  # noqa: F401
from .dedup import exact  # noqa: F401
from .repair import encoding, unicode, whitespace  # noqa: F401
from .tag import language  # noqa: F401
