"""User-facing errors. Library code raises these; only ``cli.py`` turns them into exit codes.

Each message says what happened and, where it can, what to do next, in one line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class CorpuscleanError(Exception):
    """Base class: an error the user can fix (bad path, bad config, bad option)."""

    exit_code = 2


class InputError(CorpuscleanError):
    """An input path that does not exist or cannot be listed."""


class OutputError(CorpuscleanError):
    """An output location that cannot be created or written."""


class WriteError(CorpuscleanError):
    """The disk under the output folder failed mid-run (full, read-only, gone); what was
    finished is kept for ``--resume``."""

    exit_code = 1


class Interrupted(CorpuscleanError):
    """The run was stopped (Ctrl-C); what it finished is kept for ``--resume``."""

    exit_code = 130


class ConfigError(CorpuscleanError):
    """An unknown stage, an unknown option or a bad value in a configuration."""


class MissingDependencyError(CorpuscleanError):
    """An optional dependency is not installed; the message names the extra to install."""

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed: run pip install 'corpusclean[{extra}]'")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest valid spelling of ``word``, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
