"""Precision on clean text and recall in other languages, on labelled fixtures.

``tests/data/boilerplate/clean/`` holds texts that are content line for line (a Python
source, a reST guide, a man page as roff and as rendered text, a TSV, a Markdown README,
a Debian copyright file): no boilerplate stage may remove a line of them.
``tests/data/boilerplate/multilingual/`` holds articles whose boilerplate has no English
word (Russian, Japanese, Portuguese, Bengali), each line marked with the rule that must
remove it (``labels.json``); every other line is content.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpusclean.boilerplate.lines import BoilerplateLines
from corpusclean.boilerplate.page import page_kind
from corpusclean.boilerplate.repeated import RepeatedLines
from corpusclean.boilerplate.words import WordLists
from corpusclean.document import Document
from corpusclean.filter.content import RejectTooShort
from corpusclean.pipeline import Pipeline
from corpusclean.text import protected_lines, text_kind, word_count

DATA = Path(__file__).resolve().parent / "data" / "boilerplate"
CLEAN = sorted((DATA / "clean").iterdir())
MULTI = DATA / "multilingual"

KINDS = {
    "source.py": "code",
    "guide.rst": "markup",
    "spool.1": "roff",
    "spool.txt": "preformatted",
    "regions.tsv": "table",
    "copyright": "license",
    "readme.md": "prose",  # Markdown is prose with protected blocks
}


def lines_stage(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    return BoilerplateLines().process(Document.from_text(text, source=path.name))


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_texts_lose_no_line(path: Path) -> None:
    doc = lines_stage(path)
    assert doc.removed == []
    assert "boilerplate" not in doc.tags  # not a junk page (a TSV is not debris)


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_text_kinds(path: Path) -> None:
    assert text_kind(path.read_text(encoding="utf-8").split("\n")) == KINDS[path.name]


def test_repeated_code_lines_are_not_a_template() -> None:
    """Six source files of one folder share ``else:``, ``try:``, ``pass``, ``return``."""
    base = (DATA / "clean" / "source.py").read_text(encoding="utf-8")
    docs = [
        Document.from_text(base.replace("run_all", f"run_{n}"), source=f"pkg/mod{n}.py")
        for n in range(6)
    ]
    out = list(Pipeline([RepeatedLines()]).run(docs))
    assert all(doc.removed == [] for doc in out)


def test_repeated_lines_in_prose_with_code_keep_the_code() -> None:
    """Articles of one site repeat a footer and quote the same code: only the footer goes."""
    docs = []
    for n in range(6):
        text = "\n".join(
            [
                f"Release {n} of the tool fixes the reader, which skipped empty files.",
                f"The fix in part {n} is small: the loop now goes on to the next file.",
                "```",
                "else:",
                "    pass",
                "```",
                f"Thanks to the {n} people who reported it.",
                "return",
                f"Upgrading to {n}.1 is recommended for everyone who runs it on a schedule.",
                "Support independent journalism: become a member today.",
            ]
        )
        docs.append(Document.from_text(text, source=f"site/{n}.txt"))
    out = list(Pipeline([RepeatedLines()]).run(docs))
    for doc in out:
        assert {r.text for r in doc.removed} == {
            "Support independent journalism: become a member today."
        }
        assert "else:" in doc.text and "return" in doc.text


@pytest.mark.parametrize("text", ["RUF MICH ZURÜCK", "Campeonatos > III Divisão"])
def test_one_line_texts_are_not_emptied(text: str) -> None:
    doc = BoilerplateLines().process(Document.from_text(text))
    assert doc.text == text


def test_a_url_that_is_part_of_the_text_is_kept() -> None:
    text = "\n".join(
        [
            "The project moved its issue tracker last spring, and reports now go to",
            "https://tracker.example.org/spool/issues",
            "https://tracker.example.org/spool/issues",  # this one repeats the line above
            "",
            "Older reports are archived and stay readable for everyone who needs them.",
        ]
    )
    doc = BoilerplateLines().process(Document.from_text(text))
    assert [r.text for r in doc.removed] == []


def test_code_and_markup_inside_an_article_are_kept_and_its_junk_goes() -> None:
    text = "\n".join(
        [
            "Home > Blog > Tools",
            "The new reader keeps going when a file cannot be opened, and it says which.",
            "```",
            "Home | About | Contact",
            "Share this article",
            "-----",
            "```",
            "Title",
            "=====",
            "Share this article",
        ]
    )
    doc = BoilerplateLines().process(Document.from_text(text))
    assert [(r.reason, r.text) for r in doc.removed] == [
        ("navigation", "Home > Blog > Tools"),
        ("prompt", "Share this article"),
    ]
    assert "Home | About | Contact\nShare this article\n-----" in doc.text
    assert "Title\n=====" in doc.text


def test_protected_lines_shapes() -> None:
    lines = [
        "Intro text of the page here.",  # 0
        "Usage::",  # 1 opens a literal block
        "",  # 2
        "   spool --once",  # 3
        "Back to prose, with a sentence longer than the rule.",  # 4
        "-" * 40,  # 5 a rule between paragraphs: not an adornment (the title is longer)
        "A paragraph that is much longer than the rule drawn under it, so it is prose.",
        "+-----+-----+",  # 7 grid table border
        ":Date: 2024",  # 8 field
    ]
    flags = protected_lines(lines)
    assert [i for i, f in enumerate(flags) if f] == [3, 7, 8]


def test_multilingual_boilerplate_is_removed_and_content_kept() -> None:
    labels = json.loads((MULTI / "labels.json").read_text(encoding="utf-8"))
    missed = []
    for name, marks in labels.items():
        if name.startswith("_"):
            continue
        truth = dict(marks)
        doc = lines_stage(MULTI / name)
        got = {r.text: r.reason for r in doc.removed}
        assert set(got) <= set(truth), f"{name}: content removed: {set(got) - set(truth)}"
        missed += [(name, line) for line, rule in truth.items() if got.get(line) != rule]
    assert missed == []


def test_chinese_article_is_long_enough_and_a_stub_is_not() -> None:
    article = "北京时间昨天晚上，国家统计局发布了最新的经济数据，显示工业生产继续保持稳定增长。"
    assert word_count(article) >= 10
    assert RejectTooShort().process(Document.from_text(article)).rejected is None
    assert RejectTooShort().process(Document.from_text("短い記事。")).rejected == "too_short"
    assert word_count("two words") == 2


def test_a_csv_of_numbers_is_not_debris() -> None:
    csv = "\n".join(["x,y,z", "1,2,3", "4,5,6", "7,8,9", "10,11,12"])
    assert page_kind(csv, [], WordLists()) is None
    assert page_kind("| | |\n* * *\n---\n>>", [], WordLists()) == "debris"


#: The visible text of a library page of a documentation site, as an HTML parser's
#: text content gives it: wrapped paragraphs, ``<pre>`` examples at the margin,
#: "See also" notes, operator tables flattened to one cell a line (one names the
#: walrus operator that an example uses), and the page's furniture (navigation glyph,
#: copyright, date).
DOC_PAGE = "\n".join(
    [
        "threading — Thread-based parallelism¶",
        "This module constructs higher-level threading interfaces on top of the lower",
        "level _thread module.",
        "",
        "See also",
        "concurrent.futures.ThreadPoolExecutor offers a higher level interface",
        "to push tasks to a background thread without blocking execution of the",
        "calling thread, while still being able to retrieve their results when needed.",
        "",
        (
            "A bounded semaphore checks to make sure its current value doesn't "
            "exceed its initial value. If it does, ValueError is raised."
        ),
        "maxconnections = 5",
        "# ...",
        "pool_sema = BoundedSemaphore(value=maxconnections)",
        "",
        (
            "Once spawned, worker threads call the semaphore's acquire and release "
            "methods when they need to connect to the server:"
        ),
        "with pool_sema:",
        "    conn = connectdb()",
        "    try:",
        "        # ... use connection ...",
        "        ...",
        "    finally:",
        "        conn.close()",
        "",
        "Comparison",
        "",
        "Py_LT",
        "<",
        "",
        "Py_LE",
        "<=",
        "",
        "Py_EQ",
        "==",
        "",
        "Py_NE",
        "!=",
        "",
        "if match := pattern.search(data):",
        "    print(match)",
        "",
        "lambda",
        "Lambda expression",
        "",
        ":=",
        "Assignment expression",
        "",
        "See also",
        "",
        "Open Sound System Programmer's Guidethe official documentation for the C API",
        "",
        "See also",
        "",
        (
            "PEP 442 - Safe object finalizationThe proposal for the tp_finalize "
            "slot, written by Antoine Pitrou."
        ),
        "",
        (
            "The use of a bounded semaphore reduces the chance that a programming "
            "error which causes the semaphore to be released more than it's "
            "acquired will go undetected."
        ),
        "",
        "        Show Source",
        "",
        "«",
        "",
        "      Navigation",
        "",
        "    © Copyright 2001-2026, Python Software Foundation.",
        (
            "This page is licensed under the Python Software Foundation License "
            "Version 2, and examples in it under the Zero Clause BSD License."
        ),
        "",
        "    Last updated on May 12, 2026.",
    ]
)


def test_a_documentation_page_loses_its_furniture_and_nothing_else() -> None:
    doc = BoilerplateLines().process(Document.from_text(DOC_PAGE, source="threading.html"))
    assert {r.text.strip(): r.reason for r in doc.removed} == {
        "«": "punctuation",
        "© Copyright 2001-2026, Python Software Foundation.": "copyright",
        "Last updated on May 12, 2026.": "byline",
    }
