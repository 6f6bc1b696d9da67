"""Spacing around punctuation, damaged by the same tokenizers that mangle tags.

Two repairs, each counted under its own name:

- ``before_punctuation``: ``word ,`` / ``factions .`` / ``Operations :`` -> no space (and
  ``transport ,rail`` -> ``transport, rail``). A comma or a full stop after a word and
  before a space is damage where the document shows it twice or more, or in a short
  text (at most ``ISOLATED_AMONG`` well-placed marks): a tokenizer spaces every mark,
  while one spaced mark in a long clean text is the author's or the page's
  (``Printing System ,`` in a list flattened from HTML, ``“Recording …” .`` after a link).
  ``:``, ``;``, ``!`` and ``?`` are fixed only in a document that shows the
  comma/full-stop damage twice or more, because French typography puts a space before
  them on purpose (``Quoi ?``); a ``:`` after a single term at the start of a line is a
  definition (numpydoc's ``name : type``) and stays, and so does one on a line laid out
  in columns or next to one (``1,000  cycles : CD/DVD-RW``).
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
space before a mark counts only after a word, a number or a hyphenated word on its own
line: ``  . /etc/profile`` opens a line with the shell's ``.``). Layout: a run of
spaces before a mark (``some data  : Test``), or the same mark in the same column on
three lines in a row (program output such as ``an end tag : title``). A ``.`` that is
named, not a full stop: the last token of a short lowercase command (``git add .``) or
followed by a lowercase word (``files starting with . are hidden``). A line that is a
single token (``jpeg,png``, a table cell) never has a space put after a glued comma.
Evidence is counted only where a fix could be made (never in code, nor on such layout).

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
#: "訪れた。 とても": a space after a full-width stop, comma or mark and before a CJK
#: character (the mark holds its own space; before Latin text the space stays).
CJK_AFTER = "。，、！？：；"
CJK_AFTER_RE = re.compile(rf"(?<=[{CJK_AFTER}])[ \t]+(?=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff])")
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
#: "git add .", "pip install .": a short line of lowercase words whose last token is a
#: lone full stop is a command with the current directory as its argument.
COMMAND_DOT_RE = re.compile(r"\s*[a-z][\w-]*(?: +[^\sA-Z]+){0,3} +\.\s*")
#: A run of two or more spaces between two tokens, not after a sentence end: a line
#: laid out in columns ("1,000  cycles : CD/DVD-RW"); in such a line, or next to one,
#: ":" (";", "!", "?") is a column mark.
COLUMNS_RE = re.compile(r"[^\s.!?:] {2,}\S")
#: A single spaced comma or full stop is repaired only in a text with at most this many
#: well-placed ones: in a longer text it is the author's (a list item flattened from
#: HTML, a link followed by its full stop), while a tokenizer spaces every mark.
ISOLATED_AMONG = 5
#: How many lines up and down a blank run is crossed to find a line's neighbours.
NEIGHBOUR_REACH = 8
#: A mark in the same column on this many lines in a row is layout.
COLUMN_LINES = 3
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
#: Each is keyed by the character its matches open with, and searched only in a text
#: that holds it: ``in`` finds one character at memory speed, many times faster than the
#: scan (many texts hold no ";", "!" or "?").
CANDIDATE_RES = {
    ",": re.compile(
        rf",(?:(?<=[ \t],)(?=\s|$|{_L}{{2}})|(?<={_L}{{2}},)(?={_L}{{2}}|&[ \t]))", re.M
    ),
    "(": re.compile(r"\( "),
    **{mark: _mark_candidate(mark, glued=True) for mark in ".:;"},
    **{mark: _mark_candidate(mark, glued=False) for mark in "!?"},
}
#: The CJK rules, searched only in a text holding one of their marks.
CJK_CANDIDATE_RE = re.compile(rf"[{CJK_CLOSE}](?<=[ \t][{CJK_CLOSE}])|[{CJK_AFTER}](?=[ \t])")

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
    lines = [
        (start, end, line)
        for i, start, end in candidates
        if i not in protected and not CODE_LINE_RE.search(line := text[start:end])
    ]
    # Document-level evidence, found where the repair would apply. One slip proves
    # nothing ("Keywords: news,sport", a single "pathlib.Path", "Printing System ," in a
    # flattened list); damage from a tokenizer is systematic. A spaced comma or full stop
    # is fixed where the text shows two, or in a short text; the French-sensitive marks
    # only where commas or full stops show the damage twice, glued words only where two
    # or more such signs are found.
    core = sum(_spaced_marks(text, start, end, line, code) for start, end, line in lines)
    glued = sum(_glued_commas(text, start, end, line, code) for start, end, line in lines)
    evidence = Evidence(
        core=core >= 2 or (core == 1 and _well_placed(text) <= ISOLATED_AMONG),
        all_marks=core >= 2,
        glue=core + glued >= 2,
    )
    if not (evidence.core or evidence.glue or _holds_cjk_marks(text)):
        return text, counts  # no rule may apply: the lines need no second look
    fixed_lines: list[tuple[int, int, str]] = []
    for start, end, line in lines:
        fixed = _fix_until_stable(line, Context(evidence, text, start, end), counts)
        if fixed != line:
            fixed_lines.append((start, end, fixed))
    return (_replaced(text, fixed_lines), counts) if counts else (text, counts)


@dataclass(frozen=True, slots=True)
class Evidence:
    """Which repairs the document's damage allows (see :func:`fix_spacing`)."""

    core: bool  # a space before a comma or a full stop
    all_marks: bool  # ... and before ":", ";", "!", "?", inside brackets
    glue: bool  # a space after a glued mark


class Context:
    """What a line is repaired with: the evidence, and the line's place in the text,
    whose neighbouring lines (found on first use) tell layout from damage."""

    def __init__(self, evidence: Evidence, text: str, start: int, end: int) -> None:
        self.evidence = evidence
        self.text, self.start, self.end = text, start, end
        self._around: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    @property
    def around(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The non-blank lines above (nearest first) and below (see :func:`_neighbours`)."""
        if self._around is None:
            self._around = _neighbours(self.text, self.start, self.end)
        return self._around


def _spaced_marks(text: str, start: int, end: int, line: str, code: Membership) -> int:
    """Commas and full stops after a space on one line that the repair would move."""
    context = Context(Evidence(True, True, True), text, start, end)
    return sum(
        1
        for m in BEFORE_CORE_RE.finditer(line)
        if start + m.start() not in code and _misplaced(line, m, context)
    )


def _well_placed(text: str) -> int:
    """About how many commas and full stops close up to their word (C-level counts)."""
    return sum(text.count(mark) for mark in (", ", ",\n", ". ", ".\n"))


def _neighbours(text: str, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``COLUMN_LINES - 1`` nearest non-blank lines above ``text[start:end]`` (the
    nearest first) and below it; blank runs of up to ``NEIGHBOUR_REACH`` lines crossed."""
    above: list[str] = []
    pos = start - 1  # the end of the line above
    for _ in range(NEIGHBOUR_REACH):
        if pos < 0 or len(above) == COLUMN_LINES - 1:
            break
        first = text.rfind("\n", 0, pos) + 1
        if first < pos and not text[first:pos].isspace():
            above.append(text[first:pos])
        pos = first - 1
    below: list[str] = []
    pos = end + 1  # the start of the line below
    for _ in range(NEIGHBOUR_REACH):
        if pos > len(text) or len(below) == COLUMN_LINES - 1:
            break
        last = text.find("\n", pos)
        last = len(text) if last < 0 else last
        if last > pos and not text[pos:last].isspace():
            below.append(text[pos:last])
        pos = last + 1
    return tuple(above), tuple(below)


def _in_column(mark: str, at: int, context: Context) -> bool:
    """Whether ``mark`` at column ``at`` lines up with the same mark on the lines around,
    ``COLUMN_LINES`` in a row ("an end tag : title" under "a start tag: html"): program
    output or a table in columns. Two lines may line up by chance, three rarely do."""

    def run(lines: tuple[str, ...]) -> int:
        n = 0
        for other in lines:
            if other[at : at + 1] != mark:
                break
            n += 1
        return n

    above, below = context.around
    return run(above) + run(below) >= COLUMN_LINES - 1


def _misplaced(line: str, m: re.Match[str], context: Context) -> bool:
    """Whether the spaced mark of ``m`` (a space, maybe more, then the mark in group 1)
    is damage: after a word on this line, not layout, not a command's argument."""
    mark_at = m.start(1)
    if mark_at - m.start() > 1:
        return False  # "some data  : Test": a run before the mark aligns a column
    if not _word_before(line, m.start()):
        return False
    mark = m.group(1)
    if _in_column(mark, mark_at, context):
        return False  # "an end tag : title" under "a start tag: html": one column
    if mark == "." and (COMMAND_DOT_RE.fullmatch(line) or _sentence_goes_on(line, m.end())):
        return False  # "git add .", "files starting with . are hidden": a "." named
    if mark in ",.":
        return True
    # "250,000+ cycles : Harddisk drive" above "1,000  cycles : CD/DVD-RW": columns
    above, below = context.around
    return not any(COLUMNS_RE.search(other.lstrip()) for other in (line, *above, *below))


def _sentence_goes_on(line: str, pos: int) -> bool:
    """Whether a lowercase word follows the "." that ends at ``pos``: no sentence ends
    there ("from . import foo", "the final . would fail"), the "." is a thing named."""
    after = line[pos : pos + 2]
    return len(after) == 2 and after[0] in " \t" and after[1].islower()


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


def _candidate_patterns(text: str) -> list[re.Pattern[str]]:
    """The candidate patterns that may match in ``text``: those whose opening it holds."""
    patterns = [pattern for opening, pattern in CANDIDATE_RES.items() if opening in text]
    if _holds_cjk_marks(text):
        patterns.append(CJK_CANDIDATE_RE)
    return patterns


def _holds_cjk_marks(text: str) -> bool:
    """Whether ``text`` holds a CJK mark, which every CJK rule needs."""
    return not text.isascii() and any(mark in text for mark in CJK_CLOSE)


def _may_apply(line: str) -> bool:
    return any(pattern.search(line) for pattern in _candidate_patterns(line))


def _glued_commas(text: str, start: int, end: int, line: str, code: Membership) -> int:
    """Commas glued between two words on one line ("crises,and"), outside code, on a
    line of more than one token."""
    if _one_token(line):
        return 0
    tokens = Tokens(line)
    return sum(
        1
        for m in AFTER_COMMA_RE.finditer(text, start, end)
        if m.start() not in code and _glued_pair(tokens.at(m.start() - start))
    )


def _one_token(line: str) -> bool:
    """A line that is one token ("jpeg,png", "MSWord→text,TeX"): a table cell or a
    name, never a sentence whose words were glued."""
    return len(line.split(None, 1)) == 1


def _fix_until_stable(line: str, context: Context, counts: Counter[str]) -> str:
    """The two repairs feed each other ("word ,and ." needs the comma moved before "and"
    is a word), so the line is repaired until it no longer changes."""
    for _ in range(MAX_PASSES):
        fixed = _fix_line(line, context, counts)
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


def _fix_line(line: str, context: Context, counts: Counter[str]) -> str:
    evidence = context.evidence
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

    def no_cjk_space_after(m: re.Match[str]) -> str:
        if not outside_code(m):
            return m.group(0)
        counts["after_punctuation"] += 1
        return ""

    if evidence.all_marks and "( " in line:
        line = BRACKETS_RE.sub(no_bracket_space, line)
    line = CJK_BEFORE_RE.sub(no_cjk_space, line)
    if CJK_AFTER_RE.search(line):
        line = CJK_AFTER_RE.sub(no_cjk_space_after, line)

    def no_space(m: re.Match[str]) -> str:
        if not outside_code(m) or not _misplaced(line, m, context):
            return m.group(0)
        mark = m.group(1)
        if mark == ":" and DEFINITION_RE.fullmatch(line, 0, m.start()):
            return m.group(0)  # "name : type", a definition list, not damage
        counts["before_punctuation"] += 1
        return mark if m.end() == len(line) or line[m.end()].isspace() else mark + " "

    if evidence.core:
        line = (BEFORE_ALL_RE if evidence.all_marks else BEFORE_CORE_RE).sub(no_space, line)
    if (
        not evidence.glue
        or _csv_like(line)
        or _one_token(line)
        or not any(mark in line for mark in ",.:;")
    ):
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


def _word_before(line: str, pos: int) -> bool:
    """True when the token of ``line`` that ends at ``pos`` is a word ("factions"), not
    "-e" or a path; a mark that opens the line ("  . /etc/profile") has none."""
    tokens = line[max(0, pos - 64) : pos].split()  # any whitespace, tabs and nbsp included
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
