"""Every reason a document can be dropped for: the stable codes of ``rejected.jsonl``.

A reason is a code, never prose, so that a run's rejections can be counted, compared
between runs and filtered on. Codes with a ``:`` carry a detail after it; the report
counts ``duplicate_of:<id>`` under ``duplicate_of`` and every other code as it is.

- ``unreadable:<why>`` (readers): the input could not be read as text: ``binary``,
  ``io_error``, ``malformed_json``, ``no_text``, ``truncated``, ``corrupt``, ``too_deep``
  (the list, with what each means: ``corpusclean/io/readers.py``).
- ``too_large`` (readers): over a reading cap (bytes per document or per line).
- ``extract_timeout`` (``extract.html``): a page over the size or time bound.
- ``error:<stage>`` (the pipeline): the stage raised on this document; the message is in
  ``tags.error`` and the run goes on.
- ``empty`` (``filter.empty``): no visible text left.
- ``too_short`` (``filter.too_short``): fewer words left than ``min_words``.
- ``boilerplate:<kind>`` (``filter.boilerplate``): a junk page: ``error_page``,
  ``paywall``, ``login``, ``cookie_wall``, ``listing``, ``app_shell``, ``debris``.
- ``boilerplate`` (``filter.boilerplate``): mostly boilerplate, with little text left.
- ``duplicate_of:<id>`` (``dedup.exact``, ``dedup.minhash``): a copy of the kept ``<id>``.
- ``all_paragraphs_repeated`` (``dedup.paragraphs``): every paragraph was seen before.
- ``lang:<code>`` (``filter.lang``): a language not asked for.
- ``quality:<rule>`` (``filter.quality``): breaks a rule, e.g. ``gopher_word_count``.

Failures (``unreadable:*``, ``error:*``, ``too_large``) make the command exit 1: the run
finished, but not every input became a document someone judged.
"""

from __future__ import annotations

UNREADABLE = "unreadable:"
TOO_LARGE = "too_large"
EXTRACT_TIMEOUT = "extract_timeout"
ERROR = "error:"
EMPTY = "empty"
TOO_SHORT = "too_short"
BOILERPLATE = "boilerplate"
DUPLICATE_OF = "duplicate_of:"
ALL_PARAGRAPHS_REPEATED = "all_paragraphs_repeated"
LANG = "lang:"
QUALITY = "quality:"

#: Reasons that mean an input was not judged but failed: the command exits 1 on them.
FAILURES = (UNREADABLE, ERROR, TOO_LARGE)


def family(reason: str) -> str:
    """The code a report counts ``reason`` under: ``duplicate_of:<id>`` as ``duplicate_of``."""
    return DUPLICATE_OF[:-1] if reason.startswith(DUPLICATE_OF) else reason


def is_failure(reason: str) -> bool:
    return reason.startswith(FAILURES)
