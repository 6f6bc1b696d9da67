"""Imports every built-in stage module so that each registers its stages by name."""

from __future__ import annotations

from . import filters  # noqa: F401
from .boilerplate import extract, lines, repeated  # noqa: F401
from .dedup import exact, minhash, paragraphs  # noqa: F401
from .repair import encoding, entities, html, spacing, unicode, whitespace  # noqa: F401
from .repair import structure as repair_structure  # noqa: F401
from .tag import gates, language, quality  # noqa: F401
from .tag import structure as tag_structure  # noqa: F401
