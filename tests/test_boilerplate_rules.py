"""Each line rule on its own: lines it must remove and lines it must leave alone.

Cases are data: ``(context lines, index of the line under test, expected)``. The
context matters: bylines and bios are judged by their position against the prose.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusclean.boilerplate.rules import (
    RULES,
    LineContext,
    first_matches,
    is_column_names,
    is_table_row,
    rematch,
)
from corpusclean.boilerplate.words import WordLists
from corpusclean.document import Document

WORDS = WordLists()
PROSE = (
    "The talks in Ankara lasted two days and ended with a joint statement on defence, "
    "energy and the maritime deal signed in 2019."
)


def judge(rule: str, lines: list[str], i: int) -> bool:
    return RULES[rule](LineContext(lines, WORDS), i)


def alone(line: str) -> tuple[list[str], int]:
    """The line in the middle of an article: prose before and after it."""
    return [PROSE, line, PROSE], 1


def at_end(line: str) -> tuple[list[str], int]:
    return [PROSE, PROSE, line], 2


def at_start(line: str) -> tuple[list[str], int]:
    return [line, PROSE, PROSE], 0


CASES = [
    # pagination
    ("pagination", alone("1 - 2 - 3 - 4 - 5 - 6 - 7 - 8"), True),
    ("pagination", alone("« Previous 1 2 3 … 9 Next »"), True),
    ("pagination", alone("Page 2 of 9"), True),
    ("pagination", alone("Seite 3 von 12"), True),
    ("pagination", alone("1 | 2 | 3"), True),
    ("pagination", alone("3 - 1"), False),  # a score
    ("pagination", alone("2019 - 2020"), False),  # a range
    ("pagination", alone("12 - 05 - 2020"), False),  # a date: numbers do not count up
    ("pagination", alone("Chapter 1 2 3"), False),  # another word
    ("pagination", alone("[1, 2, 3]"), False),  # a list in code
    # punctuation
    ("punctuation", alone(". . . . . ."), True),
    ("punctuation", alone("…"), True),
    ("punctuation", alone("------------"), True),
    ("punctuation", alone("* * *"), False),  # a section break
    ("punctuation", alone("|---|---|"), False),  # a Markdown table rule
    ("punctuation", alone("🙂 🙂"), False),  # emoji carry meaning
    ("punctuation", alone("<3"), False),
    ("punctuation", alone("});"), False),  # closes a code block
    ("punctuation", alone("}"), False),
    ("punctuation", alone("5 > 3"), False),
    # ... but not symbols that belong to the text around them
    ("punctuation", (["class C(object):", "    def __init__(self):", "        ...", ""], 2), False),
    ("punctuation", (["def f():", "    ...", "    def g(value):", "        ..."], 1), False),
    (
        "punctuation",
        (["maxconnections = 5", "# ...", "pool_sema = BoundedSemaphore(value=maxconnections)"], 1),
        False,
    ),
    (
        "punctuation",
        (["setattrfunc  tp_setattr;", "/* ... */", "setattrofunc tp_setattro;"], 1),
        False,
    ),
    (
        "punctuation",
        (["    /* The cast is necessary", "     * here.", "     */", "static int"], 2),
        False,
    ),
    (
        "punctuation",
        (["asyncio.run(main())", "", "# Expected output:", "#", "#     timeout!"], 3),
        False,
    ),
    (
        "punctuation",
        (['  File "unittest/suite.py", line 84 in __call__', "  ...", "", PROSE], 1),
        False,  # a traceback, indented
    ),
    (
        "punctuation",
        (
            [
                "      class A:",
                "        ^ ^  def save(self): ...",
                "       /   \\",
                "      /     \\",
            ],
            3,
        ),
        False,  # a diagram
    ),
    (
        "punctuation",
        (
            [
                "+-----------+        +------------------+",
                "| TCPServer |------->| UnixStreamServer |",
                "+-----------+        +------------------+",
            ],
            2,
        ),
        False,  # the edge of a box
    ),
    ("punctuation", ([PROSE, "Inheritance:", "???", "", "Py_TPFLAGS_READY"], 2), False),
    (
        "punctuation",
        (["This method is called to handle the start tag of an element (e.g.", ").", PROSE], 1),
        False,  # the tail of a sentence
    ),
    (
        "punctuation",
        (["Py_LT", "<", "", "Py_LE", "<=", "", "Py_EQ", "==", "", "Py_NE", "!=", "", PROSE], 7),
        False,  # a table of operators
    ),
    (
        "punctuation",
        (
            [
                "\\\\",
                "Backslash (\\)",
                "",
                "\\'",
                "Single quote (')",
                "",
                '\\"',
                'Double quote (")',
            ],
            0,
        ),
        False,  # a table of escapes
    ),
    (
        "punctuation",
        (["tp_doc", "const char *", "__doc__", "X", "X", "", "?", "", "tp_traverse", "X", "G"], 6),
        False,  # a tick in a table of ticks
    ),
    # nav glyphs, carousel arrows and menu separators stand apart from the text
    ("punctuation", ([PROSE, "", "    Show Source", "", "«", "", "    Navigation", ""], 4), True),
    ("punctuation", ([PROSE, "", "<", "", ">", "", PROSE], 2), True),
    ("punctuation", ([PROSE, "Home", "|", "News", "|", "World", "|", "Sport", PROSE], 4), True),
    # an operator the text writes as code is a cell of a table that names it
    (
        "punctuation",
        (
            [
                PROSE,
                "",
                "if match := pattern.search(data):",
                "",
                "lambda",
                "Lambda expression",
                "",
                ":=",
                "Assignment expression",
                "",
                PROSE,
            ],
            7,
        ),
        False,
    ),
    (
        "punctuation",
        (['assignment_expression ::=  [identifier ":="] expression', "", ":=", "", PROSE], 2),
        False,  # quoted in a grammar
    ),
    (
        "punctuation",
        (['power ::=  primary ["**" u_expr]', "", "**", "Exponentiation", "", PROSE], 2),
        False,
    ),
    # ... but an operator written nowhere as code is debris, and so is a separator
    ("punctuation", ([PROSE, "", ":=", "", PROSE], 2), True),
    ("punctuation", ([PROSE, "", "->", "", "Home -> News -> World", "", PROSE], 2), True),
    (
        "punctuation",
        ([PROSE, "Home", "|", "News", "", "flags = READ | WRITE", "", PROSE], 2),
        True,  # one character between spaces in code is not enough: quoted, it would be
    ),
    # prompt
    ("prompt", alone("Share this article"), True),
    ("prompt", alone("Facebook Twitter LinkedIn Email"), True),
    ("prompt", alone("Subscribe to our newsletter"), True),
    ("prompt", alone("Follow us on Instagram"), True),
    ("prompt", alone("Abonnieren Sie unseren Newsletter"), True),
    ("prompt", alone("Suivez-nous sur Twitter"), True),
    (
        "prompt",
        at_end("We use cookies to improve your experience. By continuing you agree to our use."),
        True,
    ),
    ("prompt", alone("Comments from both ministries stressed that the deal is fragile."), False),
    ("prompt", alone("Share prices in Istanbul fell by 2 percent after the announcement."), False),
    ("prompt", alone("Email"), False),  # one network name alone may be a heading
    ("prompt", alone("Share Prices Slide After Rate Decision"), False),  # a heading
    ("prompt", alone("Print Media in Decline"), False),
    ("prompt", alone("Download Speeds Improve Across the Region"), False),
    ("prompt", alone("Comments (12)"), True),
    ("prompt", alone("## Download"), False),  # a Markdown heading
    ("prompt", alone("Subscribe from $1 a week"), True),
    ("prompt", alone("Get the latest version from the project page on GitHub"), False),
    ("prompt", alone("Partager sur Facebook"), True),
    # verb-last languages close the line with the call: the object comes first
    ("prompt", at_end("この記事をシェアする"), True),
    ("prompt", at_end("আমাদের নিউজলেটারে সাবস্ক্রাইব করুন"), True),
    ("prompt", at_end("공식 채널 구독하기"), True),
    ("prompt", at_end("Поделиться в соцсетях"), True),
    ("prompt", alone("多くの読者がこの写真をシェアする。"), False),  # a sentence
    (
        "prompt",
        alone("ঢাকার বাসিন্দারা নতুন পরিকল্পনা নিয়ে সামাজিক মাধ্যমে তাদের মতামত শেয়ার করুন বলে আহ্বান জানানো হয়"),
        False,  # a long sentence that holds the phrase
    ),
    ("prompt", alone("Your email address will not be published. Required fields are marked"), True),
    # byline
    ("byline", at_start("By Sarah Whitfield | March 14, 2024"), True),
    ("byline", at_start("Von Anna Schmidt"), True),
    ("byline", at_start("Updated: 14 March 2024, 09:42 GMT"), True),
    ("byline", at_start("Publié le 2 février 2024"), True),
    ("byline", alone("By Sarah Whitfield"), False),  # inside the body
    ("byline", at_start("By the time they met, the statement was out."), False),
    ("byline", at_start("Updated guidance"), False),  # no date
    ("byline", at_start("Updated PyPy support to version 3.11."), False),  # a version, no date
    # bio
    ("bio", at_end("A foreign correspondent with a knack for uncovering hidden stories."), True),
    ("bio", at_end("Jane Doe is a reporter covering energy and climate for the paper."), True),
    ("bio", at_end("Une journaliste indépendante qui écrit sur le Maghreb."), True),
    ("bio", at_end("About the author"), True),
    ("bio", alone("A foreign correspondent with a knack for uncovering hidden stories."), False),
    ("bio", at_end("A reporter asked him whether the figures would be revised."), False),
    ("bio", at_end("The journalist was released on Friday after two weeks in detention."), False),
    # read_more
    ("read_more", alone("Read more: Haftar's son meets Turkish defence minister"), True),
    ("read_more", alone("Related articles"), True),
    ("read_more", alone("Lesen Sie auch: Ölproduktion steigt"), True),
    ("read_more", (["Related articles", "Oil prices jump", "UN envoy resigns"], 2), True),
    ("read_more", alone("Read more carefully, the report says the numbers are wrong."), False),
    ("read_more", (["See also", PROSE], 1), False),  # prose under the heading stays
    # a "See also" of a document's body introduces references, which are content
    (
        "read_more",
        (
            [
                PROSE,
                "",
                "See also",
                "",
                "PEP 255 - Simple GeneratorsThe proposal for adding",
                PROSE,
            ],
            2,
        ),
        False,
    ),
    (
        "read_more",
        ([PROSE, "See also", "PEP 442 explains the new finalization scheme.", PROSE], 1),
        False,
    ),
    (
        "read_more",
        ([PROSE, "See also", "sys.excepthook() handles uncaught exceptions.", PROSE], 1),
        False,
    ),
    (
        "read_more",
        ([PROSE, "See also", "Documentation for the weakref module.", "", PROSE], 1),
        False,
    ),
    (
        "read_more",
        (
            [
                PROSE,
                "See also",
                "concurrent.futures.ThreadPoolExecutor offers a higher level interface",
                "to push tasks to a background thread without blocking execution of the",
                "calling thread, while still being able to retrieve their results.",
                PROSE,
            ],
            3,
        ),
        False,
    ),
    (
        "read_more",
        (
            [PROSE, "See also", "The json module: a module allowing JSON", "serialization.", PROSE],
            2,
        ),
        False,
    ),
    (
        "read_more",
        ([PROSE, "See also", "Python Packaging User Guide: Binary Extensions", "", PROSE], 2),
        False,
    ),
    # the title of a note, set apart by a blank line, over an entry of its own
    (
        "read_more",
        (
            [
                PROSE,
                "",
                "See also",
                "",
                "Open Sound System Programmer's Guidethe official documentation for the C API",
                "",
                PROSE,
            ],
            2,
        ),
        False,
    ),
    (
        "read_more",
        ([PROSE, "", "Siehe auch", "", "Das Handbuch des Moduls mit allen Optionen", "", PROSE], 2),
        False,
    ),
    ("read_more", alone("See also: Screen method colormode()."), False),
    ("read_more", alone("See also: RFC 854 - Telnet Protocol Specification"), False),
    # headlines of other articles are not references, in the body or at the end
    ("read_more", ([PROSE, "See also", "Oil prices jump", "UN envoy resigns", PROSE], 2), True),
    (
        "read_more",
        ([PROSE, "See also: Related articles", "Oil prices jump", "UN envoy resigns", PROSE], 1),
        True,
    ),
    # set apart by a blank line, a teaser's heading still goes: at the page's tail, or
    # when it is no note's heading
    (
        "read_more",
        ([PROSE, PROSE, "", "See also", "", "Oil prices jump", "", "UN envoy resigns"], 3),
        True,
    ),
    (
        "read_more",
        ([PROSE, "", "Related articles", "", "Oil prices jump", "", PROSE], 2),
        True,
    ),
    (
        "read_more",
        (
            [
                PROSE,
                "Das könnte Sie auch interessieren",
                "Zwei Wochen Marokko mit dem Mietwagen",
                "Kairo für Einsteiger: die wichtigsten Tipps",
                PROSE,
            ],
            3,
        ),
        True,
    ),
    ("read_more", ([PROSE, PROSE, "See also", "PEP 8 – Style Guide for Python Code"], 2), True),
    ("read_more", ([PROSE, PROSE, "Read more: www.example.com/libya-talks"], 2), True),
    ("read_more", ([PROSE, "Lire aussi", PROSE], 1), True),  # the teaser's link is gone
    # copyright
    ("copyright", at_end("© 2024 Meridian News Media Ltd."), True),
    ("copyright", at_end("Copyright (c) 2023 Example Inc"), True),
    ("copyright", at_end("Tous droits réservés"), True),
    ("copyright", alone("Copyright law in the EU changed in 2019, the court said."), False),
    ("copyright", alone(">>> fix_text('la rÃ©flexion')"), False),  # mojibake, not a notice
    # navigation
    ("navigation", alone("Home > News > World"), True),
    ("navigation", alone("Accueil › Blog › Voyages"), True),
    ("navigation", alone("Home | About | Contact"), True),
    ("navigation", alone("Privacy Policy | Terms of Use | Cookie Policy"), True),
    ("navigation", alone("5 > 3 > 1"), False),
    ("navigation", alone("a > b > c"), False),
    ("navigation", alone("Route | Q1 2023 | Q1 2024"), False),  # a table row
    ("navigation", alone("Tripoli - Valletta | 1,204 | 1,377"), False),
    ("navigation", alone("Home prices rose in March."), False),
    ("navigation", alone("and/or"), False),
    # links
    ("links", alone("#Libyen #Wahlen #Tripolis"), True),
    ("links", alone("https://example.org/report/q1-2024.pdf"), True),
    ("links", alone("Details at https://example.org/methodology for the model."), False),
    ("links", alone("Contact <john@example.com> for Q&A."), False),
    ("links", alone("We're #1 in the region."), False),
    ("links", alone("(#886, #911, #966)"), False),  # issue numbers
    # orphan_header
    (
        "orphan_header",
        (
            [
                "Main Discussion Topics Anticipated Results",
                "Defense Agreements Upgraded combat readiness of forces loyal to Haftar",
                PROSE,
                "Consequences Observed Likely Outcomes",
                "",
                PROSE,
            ],
            3,
        ),
        True,
    ),
    ("orphan_header", ([PROSE, "Consequences Observed | Likely Outcomes", PROSE], 1), True),
    ("orphan_header", ([PROSE, "Priority Area | Recommended Actions"], 1), True),
    (
        "orphan_header",
        (["Priority Area | Recommended Actions", "Security | Joint drills", PROSE], 0),
        False,
    ),
    ("orphan_header", ([PROSE, "Local and International Reactions", PROSE], 1), False),
    ("orphan_header", ([PROSE, "Regional Security Outlook", PROSE], 1), False),  # no table
    (
        "orphan_header",
        ([PROSE, "Regional Security Outlook", PROSE, "Privacy Policy | Terms of Use"], 1),
        False,  # a footer menu is not a table
    ),
]


@pytest.mark.parametrize(("rule", "case", "expected"), CASES)
def test_rule(rule: str, case: tuple[list[str], int], expected: bool) -> None:
    lines, i = case
    assert judge(rule, lines, i) is expected


def test_every_rule_has_positive_and_negative_cases() -> None:
    for rule in RULES:
        outcomes = {expected for r, _, expected in CASES if r == rule}
        assert outcomes == {True, False}, rule


def test_column_names_and_table_rows() -> None:
    assert is_column_names("Consequences Observed Likely Outcomes", WORDS)
    assert not is_column_names("A Gradual Yet Visible Warming of Relations", WORDS)
    assert not is_column_names("The talks ended.", WORDS)
    assert is_table_row("Defense Agreements Upgraded combat readiness of forces loyal to Haftar")
    assert is_table_row("Tripoli - Valletta | 1,204 | 1,377")
    assert not is_table_row(PROSE)


def test_word_lists_are_extended_from_a_file(tmp_path) -> None:
    extra = tmp_path / "words.toml"
    extra.write_text('[prompt]\nsv = ["dela artikeln", "prenumerera"]\n', encoding="utf-8")
    words = WordLists(extra)
    assert words["prompt"].starts("dela artikeln") == "dela artikeln"
    assert words["prompt"].starts("share this") == "share this"  # built-ins are kept
    lines = [PROSE, "Dela artikeln", PROSE]
    assert RULES["prompt"](LineContext(lines, words), 1)
    assert not RULES["prompt"](LineContext(lines, WORDS), 1)


# ------------------------------------------------------------- passes after the first

DATA = Path(__file__).resolve().parent / "data" / "boilerplate"
NAMES = list(RULES)
#: A byline under a cookie notice: the notice is the first prose line, so the byline is
#: in the body until the notice is removed; the second pass takes it.
COOKIES_THEN_BYLINE = [
    "We use cookies to improve your experience on our website, to personalise ads and "
    "to analyse our traffic. By continuing to use this site you accept our use of cookies.",
    "Accept all cookies",
    "",
    "Redacción | Madrid",
    "Actualizado: 10/04/2024 08:15",
    "",
    PROSE,
    "",
    PROSE,
]


def passes(lines: list[str]) -> list[tuple[dict[int, str], dict[int, str]]]:
    """Per pass after the first: its drops by :func:`rematch` and from scratch."""
    doc = Document.from_text("\n".join(lines))
    ctx = LineContext(doc.text.split("\n"), WORDS)
    drops = first_matches(ctx, NAMES, ctx.eligible)
    out = []
    while drops:
        doc.drop_lines(drops, "boilerplate.lines")
        ctx, tried = ctx.after(doc.text.split("\n"), drops)
        drops = rematch(ctx, NAMES, tried)
        fresh = LineContext(ctx.lines, WORDS)
        out.append((drops, first_matches(fresh, NAMES, fresh.eligible)))
    return out


def test_a_second_pass_takes_a_byline_the_first_left_in_the_body() -> None:
    (second, scratch), *_ = passes(COOKIES_THEN_BYLINE)
    assert sorted(second.values()) == ["byline", "byline"]
    assert second == scratch


@pytest.mark.parametrize(
    "path",
    sorted(p for p in DATA.glob("*/*") if p.suffix in ("", ".txt", ".md", ".rst", ".tsv", ".1")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_later_passes_find_what_a_fresh_pass_finds(path: Path) -> None:
    """Trying only the context rules on the lines tried before, and classifying the text
    only when a line matched, finds the same lines as a pass over the text from scratch."""
    for again, scratch in passes(path.read_text(encoding="utf-8").split("\n")):
        assert again == scratch
