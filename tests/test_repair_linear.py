"""Every repair finishes in time linear in the text, on inputs built to make it quadratic.

Each input is about 200 KB of one repeated shape that once made a stage rescan the text
from every occurrence (runs of spaced marks, unclosed ``<!--``, one giant glued token,
tag openers without an end). The bound is generous on purpose (a linear repair takes
0.1-3 s on these on one core; a quadratic one takes minutes) so that a busy machine
cannot make the test flaky; ``python benchmarks/repair.py --adversarial`` prints the real times.
"""

from __future__ import annotations

import time

import pytest

from corpusclean import repair_text

SIZE = 200_000
#: A quadratic stage took 20-30 s on 80 KB, so minutes here; a linear one a few seconds.
BOUND_SECONDS = 15.0

#: The shapes, each repeated to SIZE characters (then a run of spaces).
SHAPES = {
    "spaced-marks": " ,  .  ; ",
    "unclosed-comments": "<!--",
    "glued-token": "ab,cd",
    "word-comma": "word ,",
    "tag-openers": "< p",
    "tags-and-lines": "<b>\n",
    "entities": "&amp",
    "fences": "```\n",
    "literal-intros": "a::\n    b\n",
    "aligned-columns": "ab  cd  ef\n",
}


def adversarial(shape: str) -> str:
    return shape * (SIZE // len(shape)) + " " * 200


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_repair_is_linear_on_adversarial_input(name: str) -> None:
    text = adversarial(SHAPES[name])
    start = time.perf_counter()
    repair_text(text)
    elapsed = time.perf_counter() - start
    assert elapsed < BOUND_SECONDS, f"{name}: {elapsed:.1f} s on {len(text):,} characters"
