"""Code regions carried across a blank-line edit equal the regions found afresh.

``repair.whitespace`` closes up runs of blank lines; rather than search the new text
again, it moves the regions of the old text with their lines
(:func:`corpusclean.text.carry_regions`). That is only right if the finder cannot tell a
run of blank lines from one blank line: these tests hold the two equal on generated
layout (literal blocks, tables, doctests, fences, columns, shell sessions) and on a real
reST shape.
"""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from corpusclean import text as regions
from corpusclean.document import Document
from corpusclean.repair.api import repair_text
from corpusclean.repair.whitespace import NormalizeWhitespace

LINES = [
    "The function returns a list of names.",
    "Example::",
    "    x = compile(source)",
    "    def f(a, b):",
    "        return a < b",
    "    print('<p>done</p>')",
    "  indented prose, two spaces",
    ".. code-block:: python",
    ".. note::",
    "=====  ========",
    "name   meaning",
    "-h     show help",
    "```",
    ">>> f(1, 2)",
    "True",
    "$ ls -l",
    "$ make install",
    "| a | b |",
    "+----+----+",
    "Use ``x < y`` here, or the literal '<b>'.",
    "\tindented with a tab",
    "done.",
]

PROSE = "The council met on Tuesday and approved the new plan for the town.\n" * 12


def closed_up(text: str) -> tuple[str, list[int]]:
    """``text`` with each run of blank lines cut to one and the edge blank lines gone,
    and the indices of the lines dropped (what repair.whitespace does to such a text)."""
    lines = text.split("\n")
    kept = [
        i
        for i, line in enumerate(lines)
        if line or (i > 0 and lines[i - 1] and any(lines[i:]) and any(lines[:i]))
    ]
    dropped = sorted(set(range(len(lines))) - set(kept))
    return "\n".join(lines[i] for i in kept), dropped


def carried_and_fresh(text: str) -> tuple[object, object]:
    new, dropped = closed_up(text)
    regions.code_ranges(text)  # the old text's regions are known, as in the pipeline
    regions.carry_regions(text, new, dropped)
    found = regions._REGIONS.peek(new)
    fresh = regions._found(new).ranges
    if found is None:  # nothing carried: the new text is searched afresh
        return fresh, fresh
    return (found.ranges, regions.code_lines(new)), (fresh, regions._lines_within(new, fresh))


layouts = st.lists(
    st.tuples(st.sampled_from(LINES), st.integers(min_value=0, max_value=3)), max_size=30
).map(lambda parts: "\n".join(line + "\n" * blanks for line, blanks in parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts)
@example("Example::\n\n\n\n    x = compile(source)\n\n\n    def f(a, b):\n\ndone.")
@example(  # an indented block whose 12-line window a run of blank lines would fill
    PROSE
    + "\n"
    + "    an indented line of prose\n" * 4
    + "\n" * 8
    + "    x = f(a, b)\n" * 9
    + PROSE
)
@example("=====  ========\nname   meaning\n\n\n\n-h     show help\n=====  ========")
@example("The function returns a list of names.\n```\n>>> f(1, 2)\n\n\n")  # open fence
@example("import os\n\nx = os.getcwd()\ny = len(x)\n\n")  # a whole document of code
def test_carried_regions_equal_fresh_ones(text: str) -> None:
    carried, fresh = carried_and_fresh(text)
    assert carried == fresh


def test_a_literal_block_after_blank_runs_is_carried() -> None:
    """A reST literal block that starts after three blank lines, with a blank-line run
    inside it: the carried regions hold it, and are the fresh ones."""
    text = (
        "Usage\n=====\n\n\n\nCall it like this::\n\n\n\n    result = parse('<a href=\"x\">')\n"
        "\n\n    print(result)\n\n\n\nThe result is a tree."
    )
    new, dropped = closed_up(text)
    regions.code_ranges(text)
    regions.carry_regions(text, new, dropped)
    found = regions._REGIONS.peek(new)
    assert found is not None
    start, end = found.ranges[0]
    assert new[start:end] == "    result = parse('<a href=\"x\">')\n\n    print(result)"
    assert found.ranges == regions._found(new).ranges


def test_nothing_is_carried_when_paragraphs_are_joined() -> None:
    """Dropping every blank line of a run joins two blocks: the finder may see them
    otherwise, so the new text is left to be searched afresh."""
    text = "Example::\n\n    x = 1\n\nAfter the block, prose."
    lines = text.split("\n")
    joined = "\n".join(line for line in lines if line)
    regions.code_ranges(text)
    regions.carry_regions(text, joined, [i for i, line in enumerate(lines) if not line])
    assert regions._REGIONS.peek(joined) is None


def test_whitespace_stage_output_keeps_the_code_block() -> None:
    """Through the stage: blank runs closed up, the code block's own layout kept."""
    text = (
        "Intro text, which explains what the example does.\nIt runs in two steps.\n\n\n\n"
        "Example::\n\n    if a < b:\n\n\n        go()\n\n\n\n"
        "The end of the section, with a last sentence.\nAnd one more line of prose."
    )
    doc = NormalizeWhitespace().process(Document.from_text(text, source="t"))
    assert doc.text == text.replace("\n\n\n\n", "\n\n")  # the code's own blank lines stay
    start, end = regions.code_ranges(doc.text)[0]
    assert doc.text[start:end] == "    if a < b:\n\n\n        go()"


def test_a_fence_that_opens_a_list_item_is_code() -> None:
    """Markdown lets a list item open with a fence; its code keeps its entities, while
    the item of prose after it is repaired."""
    text = (
        "Install it in two steps:\n\n- ```sh\n  make &amp;&amp; make install\n  ```\n"
        "- then run the tests &amp; read the log."
    )
    [(start, end)] = regions.code_ranges(text)
    assert text[start:end] == "- ```sh\n  make &amp;&amp; make install\n  ```"
    repaired = repair_text(text).text
    assert "make &amp;&amp; make install" in repaired
    assert repaired.endswith("- then run the tests & read the log.")
