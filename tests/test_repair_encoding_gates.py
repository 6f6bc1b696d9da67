"""repair.encoding's shortcuts answer as the plain checks they stand for.

The stage skips ftfy's badness regex for text whose characters cannot complete any of
its branches, and runs its own patterns on windows around the non-ASCII runs; these
tests compare each shortcut with the check written out on the whole text.
"""

from __future__ import annotations

import re

from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from corpusclean.repair import encoding
from corpusclean.repair.encoding import (
    BADNESS_NEEDS,
    CODEC_RUN_RE,
    ENTITY_IN_MOJIBAKE_RE,
    GLUED_RE,
    LONG_TEXT,
    RUN_CODECS,
    RUN_RE,
    needs_ftfy,
    non_ascii_runs,
)

C1_RE = re.compile("[\x80-\x9f]")
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def needs_ftfy_plainly(text: str) -> bool:
    """The gate as first written: C1 controls, or ftfy's check on the non-ASCII windows."""
    if text.isascii():
        return False
    if C1_RE.search(text):
        return True
    windows = "\n".join(
        text[max(0, m.start() - 3) : m.end() + 3] for m in NON_ASCII_RE.finditer(text)
    )
    return is_bad(windows)


def may_need_fixing_plainly(text: str) -> bool:
    """The whole-text test as first written, every pattern on all of the text."""
    return (
        needs_ftfy_plainly(text)
        or ("&" in text and ENTITY_IN_MOJIBAKE_RE.search(text) is not None)
        or RUN_RE.search(text) is not None
        or GLUED_RE.search(text) is not None
        or "Г " in text
        or "Ă " in text
    )


# Real prose in several scripts, typography, and the damage the stage repairs.
PIECES = [
    "The council met on Tuesday. ",
    "l’été dernier, à Paris — « bien sûr » ",
    "Zürich’s café ",
    "東京都の新しい図書館が開館した。",
    "প্রচ্ছদ সংবাদ ",
    "Москва и область ",
    "TurkeyÃ¢â‚¬â„¢s ",
    "cafÃ© ",
    "РѕС‚ ",
    "–í—ã–ø—É—Å–∫–∏ ",
    "pi√π ",
    "mГ©dicament ",
    "hĂ i ",
    "Ã&#169; ",
    "l&rsquo;été ",
    "x&#8217;é ",
    "&amp; ",
    "don\x92t ",
    "\xa0",
    "\u200b",
    "Œuvre ",
    "× ² ",
    "\n",
]


@given(st.lists(st.sampled_from(PIECES), max_size=12))
@settings(max_examples=1500, deadline=None)
def test_gates_answer_as_the_plain_checks(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert needs_ftfy(text) == needs_ftfy_plainly(text)
    assert encoding._may_need_fixing(text) == may_need_fixing_plainly(text)


def test_long_texts_take_the_array_path_and_agree() -> None:
    text = ("Plain English words here. " * 100) + "cafÃ© and 東京 " + "more words " * 200
    assert len(text) > LONG_TEXT
    assert non_ascii_runs(text) == [m.span() for m in NON_ASCII_RE.finditer(text)]
    assert encoding._may_need_fixing(text) and may_need_fixing_plainly(text)
    clean = text.replace("cafÃ©", "café")
    assert needs_ftfy(clean) == needs_ftfy_plainly(clean) is False


def test_the_badness_shortcut_is_active_for_the_installed_ftfy() -> None:
    # Reading the pattern failed if this is None: the stage would still be right, only slower.
    assert BADNESS_NEEDS is not None
    assert not needs_ftfy("東京都の新しい図書館が開館した。 l’été")
    assert needs_ftfy("TurkeyÃ¢â‚¬â„¢s")


def test_codec_runs_cover_every_run_a_codec_can_encode() -> None:
    for run in ["РѕС‚С‹", "–í—ã–ø", "ÃƒÂ©Ã"]:
        encodable = False
        for codec in RUN_CODECS:
            try:
                run.encode(codec)
                encodable = True
            except UnicodeError:
                pass
        assert encodable == bool(CODEC_RUN_RE.search(run)), run
    assert not CODEC_RUN_RE.search("東京都の図書館")
