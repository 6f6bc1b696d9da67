"""Spacing around punctuation, damaged by the same tokenizers that mangle tags.

Two repairs, each counted under its own name:

- ``before_punctuation``: ``word ,`` / ``factions .`` / ``Operations :`` -> no space (and
  ``transport ,rail`` -> ``transport, rail``). A comma or a full stop after a word and
  before a space is always damage. ``:``, ``;``, ``!`` and ``?`` are fixed only in a
  document that shows the comma/full-stop damage twice or more, because French typography
  puts a space before them on purpose (``Quoi ?``); a ``:`` after a single term at the
  start of a line is a definition (numpydoc's ``name : type``) and stays.
- ``after_punctuation``: ``crises,and`` / ``partnerships.The`` / ``Transfers:Provisioning``
  -> a space after. Only in a document with two or more signs of this damage (one slip
  proves nothing: ``Keywords: news,sport``); only between words of two or more letters of
  a script that spaces its words (never Chinese or Japanese); for ``.`` and ``:`` only in
  a token that is exactly two words, the second capitalised. So these stay as they are:
  numbers (``1,000``, ``3.5``, ``10:30``), abbreviations (``e.g.``, ``U.S.``), domain
  names and files (``example.com``, ``Node.js``), identifiers (``std::vector``,
  ``jedi.Script.goto``, ``zoneinfo.ZoneInfo``), lists (``time,overhead,sym``).

- ``brackets``: ``( Debian 2.2 )`` -> ``(Debian 2.2)``, a pair of round brackets on one
  line with a space inside each end, in a document that shows the comma/full-stop damage
  twice (``( o¬ô )`` alone is a face, ``$( command )`` shell); CJK punctuation after a
  space (``東京 。``).

The word before a misplaced mark may be a word of two or more letters, a number
(``de 2000 .``) or a hyphenated token (``CD-ROMs .``).

What this will NOT touch, and why: any token holding ``://``, ``@``, ``/``, ``\\``, ``=``,
``_``, brackets or ``www.`` (URLs, e-mail addresses, paths, code); code and layout
(:func:`corpusclean.text.code_ranges`: fences, literal blocks, doctests, tables, inline
code, whole source files); a line that looks like code or a command (braces, ``;`` at
its end, ``==``, ``=>``, ``->``, option flags such as ``--sort``); a line of
comma-separated values; runs such as ``. . .`` and ``...``, and ``pip install -e .`` (a
space before a mark counts only after a word, a number or a hyphenated word).

Every rule is a regex pass over a line or a bounded window; a token is looked up in a
per-line index, never by scanning from the mark, so the repair is linear in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from ..text import CodeRanges, Membership, code_lines, inline_code
from .base import TextRepair

#: A letter of a script that puts spaces between words: Chinese and Japanese (U+2E80 on)
#: write "中文,日本" without them, so no space is ever inserted there.
_L = r"[^\W\d_\u2e80-\U0010ffff]"
#: Chinese and Japanese characters, and the punctuation those scripts write without a
#: space before it (full stop, commas, marks, closing brackets and quotes).
_CJK = r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]"
CJK_CLOSE = "。，、．！？：；」』）】〉》"
MAX_PASSES = 4
#: The longest token in which a glued mark is looked at.
MAX_TOKEN = 64
# Each pattern starts with the mark or the space, never with a lookbehind, so that the
# regex engine skips straight to the rare places where a rule may apply.
#: "word ," / "word ." : a space before the mark, with a space or the end of the line after
#: it. Not "..." nor ". . .": the word before is checked by ``_word_before``.
#: A comma may also be glued to the next word ("transport ,ok"); a full stop may not
#: (".NET" in "use .NET").
BEFORE_CORE_RE = re.compile(rf" [ \t]*(,(?={_L}{{2}})|[,.](?=\s|$))", re.M)
BEFORE_ALL_RE = re.compile(rf" [ \t]*(,(?={_L}{{2}})|[,.;:!?](?=\s|$))", re.M)
#: "( Debian 2.2 )": spaces inside both ends of a pair of round brackets on one line.
BRACKETS_RE = re.compile(r"\( +([^\s()][^()\n]{0,200}?[^\s()]|[^\s()]) +\)")
#: "東京 。": a space between a CJK character and the punctuation that closes up to it.
CJK_BEFORE_RE = re.compile(rf"(?<={_CJK})[ \t]+(?=[{CJK_CLOSE}])")
#: "crises,and" / "crises,& migration": a comma glued between words of 2+ letters.
AFTER_COMMA_RE = re.compile(rf",(?<={_L}{{2}},)(?={_L}{{2}}|&[ \t])")
#: "partnerships.The" / "Transfers:Provisioning" / "gains;Losses": before a capitalised word.
AFTER_STOP_RE = re.compile(r"[.:;](?<=[a-z]{2}[.:;])(?=[A-Z][a-z])")
#: The only token shape in which a glued ".", ":" or ";" is split: one word, the mark, one
#: capitalised word ("partnerships.The"), with outer punctuation. Not "jedi.Script.goto",
#: "pathlib.Path()", "zoneinfo.ZoneInfo": identifiers have more dots, brackets or humps.
GLUED_SENTENCE_RE = re.compile(r"[(\"“‘']*[A-Za-z]+[.:;][A-Z][a-z]+[,.;:!?)\"”’']*")
#: A word before a misplaced mark, maybe closed by a quote or bracket: letters (two or
#: more, hyphenated parts allowed: "CD-ROMs") or a number ("2000", "2.2", "1,5").
WORD_TOKEN_RE = re.compile(
    r"[(\"“‘']*(?:[^\W\d_]{2,}(?:-[^\W_]+)*|[^\W_]+(?:-[^\W_]+)+|\d+(?:[.,]\d+)*)[)\"”’']?"
)
#: Marks of a token that is an address, a path or code: such a token is never split.
PROTECTED_RE = re.compile(r"://|@|/|\\|=|_|www\.|[()\[\]{}<>]")
#: Lines of code or commands: braces, a final ";", operators, keywords, option flags.
CODE_LINE_RE = re.compile(
    r"[{}]|;\s*$|==|=>|->|^\s*(?:#include|import |def |from |return |\$ )"
    r"|(?:^|\s)--?[A-Za-z][\w-]*(?=\s|=|$)"
)
#: The start of a definition line: one term (maybe after a Markdown or RST bullet) before
#: " : ", as numpydoc writes "name : type". A typographic bullet ("• Budget :") comes from
#: scraped HTML, so it does not count.
DEFINITION_RE = re.compile(r"\s*(?:[*-]\s*)?[\w.`*-]+\s*")


def _mark_candidate(mark: str, glued: bool) -> re.Pattern[str]:
    """Where a rule may apply at ``mark``: after a space and before a space or the end of
    the line, or (``glued``) between a word and a capitalised word."""
    m = re.escape(mark)
    glue = rf"|(?<=[a-z]{{2}}{m})(?=[A-Z][a-z])" if glued else ""
    return re.compile(rf"{m}(?:(?<=[ \t]{m})(?=\s|$){glue})", re.M)


#: Anywhere one of the rules might apply: only these lines are looked at closely. One
#: pattern per mark, each opening with its mark alone, which the engine finds by a fast
#: scan for one character (a set of marks, or a space, is tested at every position).
CANDIDATE_RES = (
    re.compile(rf",(?:(?<=[ \t],)(?=\s|$|{_L}{{2}})|(?<={_L}{{2}},)(?={_L}{{2}}|&[ \t]))", re.M),
    re.compile(r"\( "),
    *(_mark_candidate(mark, glued=True) for mark in ".:;"),
    *(_mark_candidate(mark, glued=False) for mark in "!?"),
)
#: The CJK rule, searched only in a text holding one of its marks.
CJK_CANDIDATE_RE = re.compile(rf"[{CJK_CLOSE}](?<=[ \t][{CJK_CLOSE}])")

TOKEN_RE = re.compile(r"\S+")


class Tokens:
    """The whitespace-delimited tokens of a string, found once, looked up by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.found = False  # the tokens are found on the first look-up, if there is one

    def _find(self) -> None:
        spans = [m.span() for m in TOKEN_RE.finditer(self.text)]
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]
        self.found = True

    def at(self, pos: int) -> str | None:
        """The token that holds position ``pos`` ("" on whitespace); ``None`` for a token
        longer than ``MAX_TOKEN``, which is never two glued words (and whose scan, repeated
        for each of its marks, would make the repair quadratic)."""
        if not self.found:
            self._find()
        i = bisect_right(self.starts, pos) - 1
        if i < 0 or self.ends[i] <= pos:
            return ""
        if self.ends[i] - self.starts[i] > MAX_TOKEN:
            return None
        return self.text[self.starts[i] : self.ends[i]]


def fix_spacing(text: str) -> tuple[str, Counter[str]]:
    """Repair punctuation spacing line by line; returns the text and counts per kind."""
    counts: Counter[str] = Counter()
    candidates = candidate_lines(text)
    if not candidates:
        return text, counts
    code = CodeRanges(text)
    protected = code_lines(text)
    # Document-level evidence. One slip proves nothing ("Keywords: news,sport", a single
    # "pathlib.Path"); damage from a tokenizer is systematic. The French-sensitive marks
    # are fixed only where commas or full stops show the damage twice, glued words only
    # where two or more such signs are found. Both signs lie on candidate lines.
    core = sum(
        1
        for _, start, end in candidates
        for m in BEFORE_CORE_RE.finditer(text, start, end)
        if m.start() not in code and _word_before(text, m.start())
    )
    glued = sum(_glued_commas(text, start, end, code) for _, start, end in candidates)
    all_marks = core >= 2
    glue = core + glued >= 2
    fixed_lines: list[tuple[int, int, str]] = []
    for i, start, end in candidates:
        line = text[start:end]
        if i in protected or CODE_LINE_RE.search(line):
            continue
        fixed = _fix_until_stable(line, all_marks, glue, counts)
        if fixed != line:
            fixed_lines.append((start, end, fixed))
    return (_replaced(text, fixed_lines), counts) if counts else (text, counts)


def candidate_lines(text: str) -> list[tuple[int, int, int]]:
    """``(index, start, end)`` of each line where a rule might apply, in order; after a
    hit a pattern goes on from the next line, and no list of line starts is built."""
    starts: set[int] = set()
    for pattern in _candidate_patterns(text):
        m = pattern.search(text)
        while m:
            starts.add(text.rfind("\n", 0, m.start()) + 1)
            end = text.find("\n", m.start())
            m = pattern.search(text, end + 1) if end >= 0 else None
    found: list[tuple[int, int, int]] = []
    index = scanned = 0
    for start in sorted(starts):
        index += text.count("\n", scanned, start)
        scanned = start
        end = text.find("\n", start)
        found.append((index, start, len(text) if end < 0 else end))
    return found


def _candidate_patterns(text: str) -> tuple[re.Pattern[str], ...]:
    if text.isascii() or not any(mark in text for mark in CJK_CLOSE):
        return CANDIDATE_RES
    return (*CANDIDATE_RES, CJK_CANDIDATE_RE)


def _may_apply(line: str) -> bool:
    return any(pattern.search(line) for pattern in _candidate_patterns(line))


def _glued_commas(text: str, start: int, end: int, code: Membership) -> int:
    """Commas glued between two words on one line ("crises,and"), outside code."""
    tokens = Tokens(text[start:end])
    return sum(
        1
        for m in AFTER_COMMA_RE.finditer(text, start, end)
        if m.start() not in code and _glued_pair(tokens.at(m.start() - start))
    )


def _fix_until_stable(line: str, all_marks: bool, glue: bool, counts: Counter[str]) -> str:
    """The two repairs feed each other ("word ,and ." needs the comma moved before "and"
    is a word), so the line is repaired until it no longer changes."""
    for _ in range(MAX_PASSES):
        fixed = _fix_line(line, all_marks, glue, counts)
        if fixed == line:
            break
        line = fixed
        if not _may_apply(line):
            break
    return line


def _replaced(text: str, fixed_lines: list[tuple[int, int, str]]) -> str:
    """``text`` with the ``(start, end, new line)`` pieces put in, in order."""
    pieces: list[str] = []
    done = 0
    for start, end, line in fixed_lines:
        pieces.append(text[done:start])
        pieces.append(line)
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _fix_line(line: str, all_marks: bool, glue: bool, counts: Counter[str]) -> str:
    code: dict[str, Membership | None] = {}

    def outside_code(m: re.Match[str]) -> bool:
        # Inline code of the line being substituted, found once per version of the line.
        if m.string not in code:
            code[m.string] = inline_code(m.string) if "`" in m.string else None
        ranges = code[m.string]
        return ranges is None or m.start() not in ranges

    def no_bracket_space(m: re.Match[str]) -> str:
        if not outside_code(m):
            return m.group(0)
        counts["brackets"] += 1
        return f"({m.group(1)})"

    def no_cjk_space(m: re.Match[str]) -> str:
        if not outside_code(m):
            return m.group(0)
        counts["before_punctuation"] += 1
        return ""

    if all_marks and "( " in line:
        line = BRACKETS_RE.sub(no_bracket_space, line)
    line = CJK_BEFORE_RE.sub(no_cjk_space, line)

    def no_space(m: re.Match[str]) -> str:
        if not outside_code(m) or not _word_before(line, m.start()):
            return m.group(0)
        mark = m.group(1)
        if mark == ":" and DEFINITION_RE.fullmatch(line, 0, m.start()):
            return m.group(0)  # "name : type", a definition list, not damage
        counts["before_punctuation"] += 1
        return mark if m.end() == len(line) or line[m.end()].isspace() else mark + " "

    line = (BEFORE_ALL_RE if all_marks else BEFORE_CORE_RE).sub(no_space, line)
    if not glue or _csv_like(line) or not any(mark in line for mark in ",.:;"):
        return line

    tokens = Tokens(line)

    def space_after(m: re.Match[str]) -> str:
        token = tokens.at(m.start())
        if token is None or not outside_code(m) or PROTECTED_RE.search(token):
            return m.group(0)
        if m.group(0) == "," and token.count(",") > 1:
            return m.group(0)  # "time,overhead,sym": a list written without spaces
        if m.group(0) != "," and not GLUED_SENTENCE_RE.fullmatch(token):
            return m.group(0)
        counts["after_punctuation"] += 1
        return m.group(0) + " "

    line = AFTER_COMMA_RE.sub(space_after, line)
    tokens = Tokens(line)
    return AFTER_STOP_RE.sub(space_after, line)


def _word_before(text: str, pos: int) -> bool:
    """True when the token that ends at ``pos`` is a word ("factions"), not "-e" or a path."""
    tokens = text[max(0, pos - 64) : pos].split()  # any whitespace, tabs and nbsp included
    return bool(tokens) and bool(WORD_TOKEN_RE.fullmatch(tokens[-1]))


def _glued_pair(token: str | None) -> bool:
    """True when the comma in ``token`` glues two words ("crises,and"), not a list or code."""
    return token is not None and token.count(",") == 1 and not PROTECTED_RE.search(token)


def _csv_like(line: str) -> bool:
    """Comma-separated values: glued commas, none spaced, at least as many as spaces."""
    commas = line.count(",")
    return commas >= 2 and ", " not in line and commas >= line.count(" ")


@dataclass
class FixSpacing(TextRepair):
    """Remove spaces before punctuation and restore them after it (see module doc)."""

    name: ClassVar[str] = "repair.spacing"

    def fix(self, text: str) -> tuple[str, Counter[str]]:
        return fix_spacing(text)
