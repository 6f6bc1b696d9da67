"""Text notions every stage shares: lines, sentence ends, and where a text is code or layout.

One module, so that "a line", "the end of a sentence" and "code" mean the same thing in
repair, boilerplate, dedup and tagging: a region that one stage protects as code, no
other stage rewrites or drops.

Code and layout: the regions every stage leaves exactly as they are
---------------------------------------------------------------------

Markup, entities, spacing and space runs inside code are the code's own
(``Markup('&lt;b&gt;')``, ``r"(?P<u>[1-7])"``, a fenced HTML example, the padding of a
table, the justified lines of a man page). :func:`code_ranges` finds them, per document
and per block:

- **the whole document** when it is source code (it parses as Python with real
  statements, or most of its lines are code-shaped), a table (TSV or CSV: most lines hold
  the same number of tabs or commas), or typeset layout (a man page: most lines
  indented, with justified space runs), and holds no markup debris (a scraped page
  indents its debris too, and needs repair);
- **fenced blocks**: from a line opening with three backticks or tildes to its closing
  fence (or the end of the text, when a scraper lost the closing fence);
- **reST literal blocks**: the indented block after a line ending with ``::`` or a code
  directive (``.. code-block::``, ``.. doctest::``, ``.. csv-table::``...);
- **indented code**: a block indented by four spaces or a tab after a blank line, when
  its lines look like code (see :func:`looks_like_code`) or it follows a line ending with ``:``;
- **doctests**: a ``>>> `` line and the lines after it up to a blank line;
- **shell sessions**: a ``$ command`` line and the lines after it up to a blank line,
  when they hold another prompt (the output between commands is the session's own);
- **tables and aligned columns**: Markdown rows (``| a | b |``), reST grid and simple
  tables (``+----+`` / ``====  ====``), and two or more consecutive lines whose space runs
  open a column at the same position;
- **inline code**: text between matching single or double backticks on one line.

Indentation alone is NOT taken as code: scraped text indents list debris and paragraphs
with spaces (``    < p >Beyond ...``), and those lines need repair.

Every rule is one pass over the lines (no rule rescans the text from each line), so
finding the regions is linear in the text on any input.
"""

from __future__ import annotations

import ast
import re
import warnings
from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import contains, ge, getitem, gt, itemgetter, sub

import xxhash

#: Marks that end a sentence, in the scripts the project meets (Latin, CJK full stops).
SENTENCE_END_MARKS = (".", "!", "?", "…", "。", "！", "？")


def line_starts(lines: Iterable[str]) -> list[int]:
    """The offset of each line in ``"\\n".join(lines)`` (summed in C: it runs on every
    line of every text, several times per document)."""
    starts = list(accumulate(map(_PLUS_ONE, map(len, lines)), initial=0))
    starts.pop()
    return starts


_PLUS_ONE = (1).__add__  # a line's length plus its line break


# A fence (or a reST line) may follow tag debris on its line (``<p>```python``): the
# repair that removes the tag would otherwise turn the line into a fence and the text
# after it into prose on a second run, which is what makes a repair not idempotent.
LEADING_TAGS_RE = re.compile(r"[ \t]*(?:<[ \t]*[A-Za-z/!][^<>\n]*>[ \t]*)+")
# A fence may also open a list item, as Markdown allows (``- ```python``); "•" is how
# repair.html writes an item (``<li>`` before a fence line becomes ``• ```...``), so that
# a second run finds the fence the first one saw.
FENCE_RE = re.compile(r"[ \t]*(?:[-*+•][ \t]+)?(?:<[ \t]*[A-Za-z/!][^<>\n]*>[ \t]*)*(```|~~~)")
#: A tag and a reST directive after it, ending the line (``the<p>.. note::``).
TAG_THEN_DIRECTIVE_RE = re.compile(r"<[ \t]*[A-Za-z/!][^<>\n]*>[ \t]*(\.\. [^<>\n]*::[ \t]*)\Z")
INLINE_RE = re.compile(r"(``?)(?=\S)[^`\n]+?(?<=\S)\1")
#: A string literal of code that holds markup or an entity: a quote right after "(",
#: "=", "[" or ",", after a string prefix or opening an indented (continuation) line,
#: closed on its line (``feed('<html>')``,
#: ``filename='<input>'``, ``r"(?P<u>[1-7])"``).
LITERAL_RE = re.compile(
    r"(?:(?<=[(=\[,])[ ]?|^[ \t]+|\b[rRbBuUfF]{1,2})(['\"])"
    r"(?=[^'\"\n]{0,200}[<&])[^'\"\n]{1,200}?\1",
    re.M,
)
#: A gap inside a line: a run of 2+ spaces, or of tabs, between two non-blank characters
#: (the lookbehind after the run's first characters keeps the fast search for them).
GAP_RES = (re.compile(r"  (?<=\S  ) *(?=\S)"), re.compile(r"\t(?<=\S\t)\t*(?=\S)"))
#: A reST directive line (``.. audit-event:: glob.glob pathname,recursive``): its
#: arguments are markup source.
DIRECTIVE_RE = re.compile(r"[ \t]*\.\. [\w:-]+::(?: .*)?")
DOCTEST_RE = re.compile(r"[ \t]*>>>(?: |$)")
#: A shell prompt and a command (``$ ls -l mypipe``).
PROMPT_RE = re.compile(r"[ \t]*\$ \S")
#: How many prompts make a shell session of a block (one ``$ 5`` line may be prose).
SESSION_PROMPTS = 2
#: A line that introduces a reST literal block: ends with "::" (not a directive that
#: holds prose, such as ".. note::"), or opens a directive whose body is code or data.
LITERAL_INTRO_RE = re.compile(
    r"(?:[ \t]*\.\. (?:code-block|code|sourcecode|highlight|doctest|testcode|testoutput|"
    r"testsetup|productionlist|parsed-literal|csv-table|literalinclude|ipython|prompt)::.*"
    r"|(?![ \t]*\.\. ).*\S::[ \t]*|[ \t]*::[ \t]*)"
)
#: A Markdown row or a reST grid-table line. Lines are matched with any trailing
#: whitespace (``\s*``: what ``str.rstrip`` in repair.whitespace removes), so that a line
#: is the same region before that repair and after it.
TABLE_ROW_RE = re.compile(r"[ \t]*(?:\|.*\||\+[-=+:]{3,})\s*")
#: A reST simple-table border: runs of "=" separated by spaces.
SIMPLE_BORDER_RE = re.compile(r"[ \t]*=+(?: +=+)+\s*")
#: Shapes of code inside an indented block: assignments, calls, brackets, prompts,
#: comments, keywords; prose has none of them on most of its lines.
CODE_START_RE = re.compile(
    r"\s*(?:[#$%>]|//|/\*|(?:def|class|import|from|return|if|for|while|else|elif|try|except|"
    r"with|var|let|const|function|int|void)\b)"
)
#: The characters ``CODE_START_RE`` can open with (after blanks).
CODE_START_HEADS = frozenset("#$%>/dcifrewtvl")
#: A call, a comparison, an assignment, an arrow or a scope (``f(``, ``==``, `` = ``,
#: ``->``, ``::``). Each alternative opens with its rarest character and looks behind for
#: the rest, so that a search skips to the few places where one of those characters is
#: (a pattern opening with ``\w`` or ``\s`` is tried at nearly every position).
CODE_ANY_RE = re.compile(r"\((?<=\w\()|=(?<=[=<>!]=)|=(?<=\s=)(?=\s)|>(?<=->)|:(?<=::)")
#: Line endings of code: a brace, a statement end after a bracket or quote, a bracket.
CODE_ENDS = ("{", "}", ");", "];", "';", '";', ")")
#: Hints of tag or entity debris, which makes a document scraped text, never layout: a
#: tag or an entity (``< / td >``, ``&nbsp;``), and the "word >" of a half tag (``p >``:
#: a whole word of 1 to 10 lowercase letters, then " >"). Two searches that each open
#: with a rare character, so each runs as fast as a scan for it (one pattern with the
#: "word >" first would be tried at every position); the word is looked at behind
#: " >", one fixed-width look per length.
DEBRIS_MARKS_RE = re.compile(r"<\s*/?\s*[A-Za-z]+[^<>\n]{0,80}>|&\s*#?\w{2,8}\s*;")
DEBRIS_ENDS_RE = re.compile(
    " >(?:" + "|".join(rf"(?<=(?<!\w)[a-z]{{{k}}} >)" for k in range(1, 11)) + ")"
)

#: Share of non-blank lines that decides the nature of a whole document.
WHOLE_SHARE = 0.6
#: How far a reST simple table's closing border is looked for, in lines.
SIMPLE_TABLE_MAX = 400
#: A document shorter than this (in non-blank lines) is never called code as a whole.
WHOLE_MIN_LINES = 3


def split_lines(text: str) -> tuple[list[str], list[int]]:
    """The lines of ``text`` with ``\r\n``, ``\r`` and ``\n`` all ending a line, and
    for each the index of the ``\n``-line it came from."""
    lines: list[str] = []
    origins: list[int] = []
    for number, raw in enumerate(text.split("\n")):
        parts = raw.split("\r") if "\r" in raw else [raw]
        if len(parts) > 1 and parts[-1] == "":
            parts.pop()  # "\r\n": the "\r" ended this line, not a new one
        lines.extend(parts)
        origins.extend([number] * len(parts))
    return lines, origins


class _Regions:
    """What one text is: its code ranges, the lines they cover, its kind and its
    protected lines (each found when first asked)."""

    __slots__ = ("_moved", "_ranges", "kind", "lines", "protected", "starts")

    def __init__(
        self,
        ranges: tuple[tuple[int, int], ...] = (),
        moved: tuple[tuple[tuple[int, int], ...], list[int]] | None = None,
    ) -> None:
        self._ranges = ranges
        # Carried regions (see carry_regions): the old ranges and the dropped positions,
        # moved only when the ranges are asked for (after repair.whitespace, the default
        # stages ask only for the lines, which are carried at once).
        self._moved = moved
        self.starts: list[int] | None = None  # the text's line starts, when known
        self.lines: frozenset[int] | None = None
        self.kind: str | None = None
        self.protected: tuple[bool, ...] | None = None

    @property
    def ranges(self) -> tuple[tuple[int, int], ...]:
        if self._moved is not None:
            old, gone = self._moved
            ends = list(chain.from_iterable(old))
            # Each dropped line before a position took one line break out before it
            # (C-level maps: a reST text has hundreds of inline-code ranges).
            # bisect_right: a region that ended where a dropped last line began also
            # loses that line's break, and so ends at the new text's end.
            moved = iter(list(map(sub, ends, map(bisect_right, repeat(gone), ends))))
            self._ranges = tuple(zip(moved, moved, strict=True))
            self._moved = None
        return self._ranges


class _RegionCache:
    """The code regions of recent texts, keyed by length and a 64-bit hash of the text.

    Stages run batch by batch (each stage on every document of a batch, then the next
    stage), so the same text is asked about again only a batch later: the cache must hold
    more entries than a batch has documents. Keyed by hash, it holds no text alive; a
    result depends on the text alone, so sharing it cannot change any output.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.found: OrderedDict[tuple[int, bool, int], _Regions] = OrderedDict()

    def get(self, text: str) -> _Regions:
        regions = self.peek(text)
        if regions is None:
            regions = _found(text)
            self.put(text, regions)
        return regions

    def peek(self, text: str) -> _Regions | None:
        """The regions of ``text`` if they are known, without finding them."""
        key = self._key(text)
        regions = self.found.get(key)
        if regions is not None:
            self.found.move_to_end(key)
        return regions

    def put(self, text: str, regions: _Regions) -> None:
        self.found[self._key(text)] = regions
        if len(self.found) > self.size:
            self.found.popitem(last=False)

    @staticmethod
    def _key(text: str) -> tuple[int, bool, int]:
        # An ASCII text is its own UTF-8 (encoding it copies it), so xxh3 hashes it at
        # once; any other would be encoded at every look-up (30 us for a 50 KB text),
        # so its own hash is used, which Python computes once and keeps on the string.
        if text.isascii():
            return (len(text), True, xxhash.xxh3_64_intdigest(text.encode("ascii")))
        return (len(text), False, hash(text))


_REGIONS = _RegionCache(512)


def code_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """Sorted, non-overlapping ``(start, end)`` ranges of ``text`` that are code or layout.

    Cached (:class:`_RegionCache`): every stage asks in turn about the same text.
    """
    return _REGIONS.get(text).ranges


def carry_regions(
    old: str, new: str, dropped: Sequence[int], lines: list[str] | None = None
) -> None:
    """Tell the cache the regions of ``new``: ``old`` without its lines ``dropped``
    (increasing indices of empty lines), the other lines unchanged (``lines``:
    ``old.split("\\n")``, when the caller has it).

    The finder treats a run of blank lines as one blank line (:func:`_window`; the other
    tests look at a line's neighbours or at non-blank lines only), so the regions of
    ``new`` are those of ``old``, moved with their lines: carrying them saves finding
    them again after :mod:`.repair.whitespace`. Nothing is carried (and ``new`` is
    searched afresh when asked) unless ``old``'s regions are known, the dropped lines
    are empty, no inner run of blank lines lost all of its lines, and no region starts
    or ends on a dropped line but for the text's last region ending at its end (an
    unclosed fence, a whole document of code), which then ends at the new text's end.
    ``tests/test_code_regions.py`` holds carried and fresh regions equal."""
    regions = _REGIONS.peek(old)
    if regions is None or not dropped or len(old) - len(new) != len(dropped):
        return
    if lines is None:
        lines = old.split("\n")
    if not _closes_blank_runs(lines, dropped):
        return
    starts = line_starts(lines)
    gone = [starts[i] for i in dropped]  # an empty line's only position is its start
    ends = list(chain.from_iterable(regions.ranges))
    on_dropped = frozenset(gone).intersection(ends)
    if on_dropped and (on_dropped != {len(old)} or ends.count(len(old)) != 1):
        return  # a region that starts or ends on a dropped line: find them afresh
    carried = _Regions(moved=(regions.ranges, gone))
    if regions.lines is not None:
        lines_in = list(regions.lines.difference(dropped))
        carried.lines = frozenset(map(sub, lines_in, map(bisect_left, repeat(dropped), lines_in)))
    _REGIONS.put(new, carried)


def _closes_blank_runs(lines: list[str], dropped: Sequence[int]) -> bool:
    """The ``dropped`` lines are empty, in increasing order, and every inner run of
    blank lines keeps one of its lines (else two paragraphs would have become one)."""
    if not 0 <= dropped[0] <= dropped[-1] < len(lines) or any(lines[i] for i in dropped):
        return False
    run_start = dropped[0]
    for k, i in enumerate(dropped):
        after = dropped[k + 1] if k + 1 < len(dropped) else None
        if after is not None and after <= i:
            return False
        if after == i + 1:
            continue  # the run of dropped lines goes on
        inner = run_start > 0 and i < len(lines) - 1
        if inner and lines[run_start - 1].strip() and lines[i + 1].strip():
            return False
        if after is not None:
            run_start = after
    return True


def _found(text: str) -> _Regions:
    """The regions of ``text``, found afresh, with its line starts for :func:`code_lines`."""
    lines = text.split("\n")
    starts = line_starts(lines)
    regions = _Regions(_ranges_of(text, lines, starts))
    regions.starts = starts
    return regions


def _ranges_of(text: str, lines: list[str], starts: list[int]) -> tuple[tuple[int, int], ...]:
    if not text:
        return ()
    gaps = _gaps(text, starts)
    if _whole_document(text, lines, gaps):
        return ((0, len(text)),)
    # No gate on the whole text first: a search for each of the dozen marks a block needs
    # costs more than the walk, whose first-character tests skip a line of prose.
    blocks = _block_lines(lines, gaps)
    ranges: list[tuple[int, int]] = []
    for first, last in blocks:
        ranges.append((starts[first], starts[last] + len(lines[last])))
    literals = _literal_lines(text, lines, starts)
    if "`" in text or literals:
        found = list(map(re.Match.span, INLINE_RE.finditer(text))) if "`" in text else []
        # A literal stays on its line: only the lines that hold "<" or "&" and a quote
        # are searched (the pattern is costly where it starts: at every position).
        for i in literals:
            line_end = starts[i] + len(lines[i])
            found.extend(map(re.Match.span, LITERAL_RE.finditer(text, starts[i], line_end)))
        ranges.extend(_uncovered(found, ranges))
    return tuple(_merge(ranges))


def _uncovered(
    spans: list[tuple[int, int]], blocks: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The ``spans`` whose start lies in none of the ``blocks`` (``pos in Membership``),
    tested in C: a reST text holds hundreds of inline spans."""
    if not blocks or not spans:
        return spans
    ordered = sorted(blocks)
    # A sentinel block before every position: each start has a block at or before it.
    block_starts = [-1, *map(itemgetter(0), ordered)]
    block_ends = [-1, *map(itemgetter(1), ordered)]
    firsts = list(map(itemgetter(0), spans))
    before = map(sub, map(bisect_right, repeat(block_starts), firsts), repeat(1))
    return list(compress(spans, map(ge, firsts, map(block_ends.__getitem__, before))))


def _literal_lines(text: str, lines: list[str], starts: list[int]) -> list[int]:
    """The lines that may hold a string literal with markup: a quote and "<" or "&"."""
    if not ("'" in text or '"' in text) or not ("<" in text or "&" in text):
        return []
    positions = chain(_positions(text, "<"), _positions(text, "&"))
    marks = set(map(sub, map(bisect_right, repeat(starts), positions), repeat(1)))
    return sorted(i for i in marks if "'" in lines[i] or '"' in lines[i])


def _positions(text: str, char: str) -> Iterator[int]:
    """Where ``char`` occurs in ``text``: ``str.find`` skips to each at memory speed,
    several times faster than a regular expression's class (``[<&]``) tried at every
    position of a long text."""
    pos = text.find(char)
    while pos >= 0:
        yield pos
        pos = text.find(char, pos + 1)


def inline_code(line: str) -> Membership:
    """The inline code of one line (backticks, string literals holding markup), for a
    stage that already left out the lines inside code regions."""
    return Membership(
        [m.span() for pattern in (INLINE_RE, LITERAL_RE) for m in pattern.finditer(line)]
    )


def code_lines(text: str) -> frozenset[int]:
    """Indices of the lines that lie wholly inside a code region (not inline code)."""
    regions = _REGIONS.get(text)
    if regions.lines is None:
        regions.lines = _lines_within(text, regions.ranges, regions.starts)
        regions.starts = None  # only needed until then
    return regions.lines


def _lines_within(
    text: str, ranges: tuple[tuple[int, int], ...], starts: list[int] | None = None
) -> frozenset[int]:
    """The lines that start at or after a range's start and end at or before its end
    (``starts``: the line starts of ``text``, when known)."""
    if not ranges:
        return frozenset()
    if starts is None:
        starts = line_starts(text.split("\n"))
    n = len(text)
    out: set[int] = set()
    for start, end in _holding_lines(text, ranges):
        # Line starts and ends both increase: the lines within run from the first that
        # starts at ``start`` or later to the last whose line break (or the text's end)
        # comes at ``end`` or later.
        first = bisect_left(starts, start)
        last = bisect_right(starts, end + 1) - 1 + (end >= n)
        if first < last:
            out.update(range(first, last))
    return frozenset(out)


def _holding_lines(text: str, ranges: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The ranges that may hold a whole line: those that start one (a line break right
    before them, or the text's start) or hold a line break. Tested in C: most ranges are
    inline code, inside one line."""
    before = map(sub, map(itemgetter(0), ranges), repeat(1))
    breaks = map(text.find, repeat("\n"), before, map(itemgetter(1), ranges))
    held = list(compress(ranges, map(ge, breaks, repeat(0))))
    if ranges[0][0] == 0 and (not held or held[0] != ranges[0]):
        held.insert(0, ranges[0])  # no line break before the text's start
    return held


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    ranges.sort()
    if all(map(gt, map(itemgetter(0), ranges[1:]), map(itemgetter(1), ranges))):
        return ranges  # none overlaps or touches the next (the common case, tested in C)
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


# -- the whole document -------------------------------------------------------------------


def _whole_document(text: str, lines: list[str], gaps: dict[int, set[int]]) -> bool:
    """True when the document as a whole is source code, a table or typeset layout."""
    # Trailing spaces are ignored: removing them (as every repair run may) must not
    # change what the document is.
    body = list(filter(None, map(str.rstrip, lines)))
    if len(body) < WHOLE_MIN_LINES:
        return False
    if _is_table(body) or _is_python(text):
        return True
    # Debris first: its searches cost less than the line tests, and find debris in most
    # scraped pages and reST sources (a link, an entity).
    return not _has_debris(text) and _layout_or_code(body, len(gaps))


def _has_debris(text: str) -> bool:
    """Whether ``text`` holds tag or entity debris (see ``DEBRIS_MARKS_RE``)."""
    # The first search is tried at every position (its pattern opens with "<" or "&"):
    # str's own search skips a text with neither at memory speed.
    marks = ("<" in text or "&" in text) and DEBRIS_MARKS_RE.search(text) is not None
    return marks or DEBRIS_ENDS_RE.search(text) is not None


def _layout_or_code(body: list[str], gapped: int) -> bool:
    """Most lines indented with space runs inside (a man page: ``gapped`` lines hold
    one), or code-shaped (``body``: the non-blank lines, right-stripped)."""
    need = WHOLE_SHARE * len(body)
    indented = sum(map(str.startswith, body, repeat(("   ", "\t"))))
    if indented >= need and gapped >= 2:
        return True
    misses, allowed = 0, len(body) - need
    done = 0
    # In chunks as long as the misses still allowed: it stops as soon as the share can
    # no longer be reached, as a loop over the lines would, with the tests run in C.
    while done < len(body):
        size = int(allowed - misses) + 1
        chunk = body[done : done + size]
        misses += len(chunk) - _code_shaped(chunk)
        if misses > allowed:
            return False
        done += size
    return True


def _code_shaped(body: list[str]) -> int:
    """How many of the right-stripped ``body`` lines pass :func:`looks_like_code`, with
    its three tests mapped in C."""
    ends = map(str.endswith, body, repeat(CODE_ENDS))
    starts = map(CODE_START_RE.match, body)
    marks = map(_code_marks, body)
    return sum(map(any, zip(ends, starts, marks, strict=True)))


def _code_marks(line: str) -> bool:
    """Whether ``line`` holds a mark of ``CODE_ANY_RE``: its characters are looked for
    first, each by str's own search, several times faster than the pattern's scan (a
    pattern that opens with a choice of characters is tried at every position)."""
    return ("(" in line or "=" in line or ">" in line or ":" in line) and (
        CODE_ANY_RE.search(line) is not None
    )


def _is_table(body: list[str]) -> bool:
    """TSV or CSV: most lines hold the same number (one or more) of tabs or of commas."""
    joined = "\n".join(body)
    for sep in ("\t", ","):
        if joined.count(sep) < WHOLE_SHARE * len(body):
            continue  # too few separators for most lines to hold one
        counts = Counter(map(str.count, body, repeat(sep)))
        n, lines = counts.most_common(1)[0]
        if n >= 1 and lines >= WHOLE_SHARE * len(body) and (sep == "\t" or len(body) >= 5):
            if sep == "," and joined.count(". ") > len(body) // 4:
                continue  # prose with one comma a line, not a table
            return True
    return False


def _is_python(text: str) -> bool:
    """Python source: it parses, and holds statements beyond bare expressions."""
    if not ("import " in text or "def " in text or " = " in text):
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return sum(1 for node in tree.body if not isinstance(node, ast.Expr)) >= 2


# -- blocks -------------------------------------------------------------------------------


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _block_lines(lines: list[str], gaps: dict[int, set[int]]) -> list[tuple[int, int]]:
    """``(first, last)`` line ranges (inclusive) of the block-level regions."""
    blocks: list[tuple[int, int]] = []
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        # Each shape is tried only on lines that start (or end) as it must: most lines
        # of prose are looked at by no regex at all, and most reach no test below. A line
        # at the margin (most lines of prose) is its own head, and no indented block.
        first = line[:1]
        indented = first in (" ", "\t")
        bulleted = first in LIST_BULLETS
        if not indented and not bulleted and first not in BLOCK_HEADS and "::" not in line:
            i += 1
            continue
        head = line.lstrip(" \t")[:1] if indented else first
        after_blank = i == 0 or not lines[i - 1].strip()
        shaped = head in BLOCK_HEADS or head in LIST_BULLETS or "::" in line
        if not shaped and not (indented and after_blank):
            i += 1
            continue
        end = None
        # Tag debris before a line is judged as the repair leaves it ("<p>.. note::" is a
        # directive, not a "text::" literal intro), so that a second run agrees.
        shown = LEADING_TAGS_RE.sub("", line, count=1) if head == "<" else line
        if "<" in shown and (tail := TAG_THEN_DIRECTIVE_RE.search(shown)):
            shown = tail.group(1)  # "the<p>.. note::": the tag will end the line there
        literal = shown.rstrip().endswith("::") or (
            shown.lstrip(" \t")[:1] == "." and LITERAL_INTRO_RE.fullmatch(shown)
        )
        fence = FENCE_RE.match(line) if head in FENCE_HEADS else None
        if fence:
            end = _fence_end(lines, i, fence.group(1))
        elif head == ">" and DOCTEST_RE.match(line):
            end = i
            while end + 1 < n and lines[end + 1].strip():
                end += 1
        elif head == "$" and (session := _shell_session(lines, i)) is not None:
            end = session
        elif head == "." and not literal and DIRECTIVE_RE.fullmatch(line):
            end = i
        elif head == "=" and SIMPLE_BORDER_RE.fullmatch(line):
            end = _simple_table_end(lines, i)
        elif head in ("|", "+") and (rows := _table_rows(lines, i)) > 1:
            end = i + rows - 1
        else:
            found = None
            if literal and LITERAL_INTRO_RE.fullmatch(shown.rstrip()):
                found = _indented_block(lines, i, literal=True)
            if found is None and indented and after_blank and _indented_code_start(lines, i):
                found = _indented_block(lines, i, literal=False)
            if found is not None:
                blocks.append(found)
                i = found[1] + 1
                continue
        if end is not None:
            blocks.append((i, end))
            i = end + 1
            continue
        i += 1
    blocks.extend(_aligned_columns(lines, gaps, blocks))
    return blocks


def _shell_session(lines: list[str], i: int) -> int | None:
    """A shell session, commands and their output, from ``lines[i]`` to a blank line:
    the last line, when the block holds two prompts or more."""
    if not PROMPT_RE.match(lines[i]):
        return None
    end, prompts = i, 1
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
        prompts += PROMPT_RE.match(lines[end]) is not None
    return end if prompts >= SESSION_PROMPTS else None


def _table_rows(lines: list[str], i: int) -> int:
    """How many Markdown or grid-table rows follow one another from ``lines[i]``."""
    j = i
    while j < len(lines) and TABLE_ROW_RE.fullmatch(lines[j]):
        j += 1
    return j - i


#: The first non-blank characters of a line that may open a block (besides a "::" line
#: and an indented line after a blank one).
BLOCK_HEADS = frozenset("`~<>.=|+$")
#: The list bullets a fence may follow on its line, and what a fence line opens with.
LIST_BULLETS = frozenset("-*+•")
FENCE_HEADS = frozenset("`~<") | LIST_BULLETS


def _fence_end(lines: list[str], i: int, mark: str) -> int:
    """The closing fence of the block opened at ``lines[i]`` (or the last line)."""
    for j in range(i + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped.startswith(mark) and not stripped.strip(mark[0]):
            return j
    return len(lines) - 1


def _simple_table_end(lines: list[str], i: int) -> int:
    """A reST simple table: to its closing border (the third), or else to the first blank
    line after the border under its header. Blank lines may stand between rows, so the
    closing border is looked for first, in the next ``SIMPLE_TABLE_MAX`` lines (a run of
    blank lines counting as one)."""
    window = _window(lines, i + 1, SIMPLE_TABLE_MAX - 1)
    borders = [j for j in window if SIMPLE_BORDER_RE.fullmatch(lines[j])]
    if len(borders) >= 2:
        return borders[1]
    j = borders[0] if borders else i
    while j + 1 < len(lines) and lines[j + 1].strip():
        j += 1
    return j


def _window(lines: list[str], start: int, size: int) -> Iterator[int]:
    """The indices of ``size`` lines from ``start``, a run of blank lines counting as
    one: closing up blank-line runs (as :mod:`.repair.whitespace` does) cannot change
    what a window sees, so the regions can be carried across that edit
    (:func:`carry_regions`)."""
    seen = 0
    for k in range(start, len(lines)):
        if k == start or lines[k].strip() or lines[k - 1].strip():
            if seen == size:
                return
            seen += 1
        yield k


def _indented_code_start(lines: list[str], i: int) -> bool:
    """A block indented by 4+ spaces (or a tab) after a blank line, that reads as code."""
    line = lines[i]
    if not line.startswith(("    ", "\t")) or not line.strip():
        return False
    if i > 0 and lines[i - 1].strip():
        return False
    prev = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
    if prev.rstrip().endswith(":") and _indent(prev) < _indent(line):
        return True
    return _mostly_code(_indented_run(lines, i, 12))


def _indented_run(lines: list[str], i: int, size: int) -> list[str]:
    """The non-blank lines indented by 4+ from the non-blank ``lines[i]``, within the
    :func:`_window` of ``size`` lines from it, up to the first line indented less
    (the window's loop written out: it runs on every indented paragraph)."""
    block: list[str] = []
    seen = 0
    for k in range(i, len(lines)):
        line = lines[k]
        if line.strip():
            if seen == size or len(line) - len(line.lstrip(" \t")) < 4:
                break
            block.append(line)
        elif not lines[k - 1].strip():
            continue  # a run of blank lines counts as one
        elif seen == size:
            break
        seen += 1
    return block


def _mostly_code(block: list[str]) -> bool:
    """Whether more than half the lines of ``block`` look like code; stops as soon as
    the count is decided (most indented blocks are prose, and fail at half their lines)."""
    n = len(block)
    need = n // 2 + 1
    found = 0
    for k, line in enumerate(block):
        if looks_like_code(line):
            found += 1
            if found >= need:
                return True
        elif found + n - k - 1 < need:  # even if every line left is code
            return False
    return False


def _indented_block(lines: list[str], i: int, literal: bool) -> tuple[int, int] | None:
    """The lines after ``lines[i]`` (a literal intro) indented deeper than it, or the
    block that ``lines[i]`` opens; blank lines inside are kept."""
    n = len(lines)
    intro = lines[i]
    base = _indent(intro)
    start = i + 1 if literal else i
    if not literal:
        base = _indent(intro) - 1
    first = start
    while first < n and not lines[first].strip():
        first += 1
    if first >= n or _indent(lines[first]) <= base:
        return None
    last = first
    j = first + 1
    while j < n:
        if lines[j].strip():
            if _indent(lines[j]) <= base:
                break
            last = j
        j += 1
    return (first, last)


def _aligned_columns(
    lines: list[str], gaps: dict[int, set[int]], taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Runs of 2+ consecutive lines whose space runs open a column at a shared position.

    ``gaps`` is :func:`_gaps` of the text: only lines with a gap can be in a run."""
    busy = Membership([(a, b + 1) for a, b in taken])
    columns = {i: cols for i, cols in gaps.items() if i not in busy}
    out: list[tuple[int, int]] = []
    for i in sorted(columns):
        if i - 1 in columns and columns[i - 1] & columns[i]:
            continue  # inside a run found from an earlier line
        j = i
        while j + 1 in columns and columns[j] & columns[j + 1]:
            j += 1
        # Three aligned lines make a layout; two only when they share two columns (one
        # shared double space in two lines of prose is chance).
        if j - i >= 2 or (j == i + 1 and len(columns[i] & columns[j]) >= 2):
            out.append((i, j))
    return out


def _gaps(text: str, starts: list[int]) -> dict[int, set[int]]:
    """Per line, the columns where a gap inside the line ends: a run of 2+ spaces or of
    tabs between two non-blank characters (indentation is no gap).

    Each pattern opens with its run, so the engine skips by a fast search to the next run,
    and tests the character before it in C: a run that indents a line never reaches
    Python (reST and code indent hundreds of lines, and few lines have a gap)."""
    gaps: dict[int, set[int]] = {}
    for pattern in GAP_RES:
        for m in pattern.finditer(text):
            end = m.end()
            line = bisect_right(starts, end) - 1
            gaps.setdefault(line, set()).add(end - starts[line])
    return gaps


def looks_like_code(line: str) -> bool:
    """True when one line has a shape of code (an assignment, a call, a comment, a
    keyword, a statement end): a hint for a single line, not a code region."""
    return (
        line.rstrip().endswith(CODE_ENDS)
        or (line.lstrip()[:1] in CODE_START_HEADS and CODE_START_RE.match(line) is not None)
        or _code_marks(line)
    )


class Membership:
    """``pos in ranges`` for sorted, non-overlapping ranges (binary search)."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self.starts = list(map(itemgetter(0), self.ranges))

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.ranges[i][0] <= pos < self.ranges[i][1]


class CodeRanges(Membership):
    """The code ranges of a text, with a fast ``pos in code`` test."""

    def __init__(self, text: str) -> None:
        super().__init__(code_ranges(text))


# ------------------------------------------------------------- protected lines, text kinds

#: A reST section adornment: one punctuation character repeated (``=====``, ``~~~~``).
ADORNMENT_RE = re.compile(r"^([=\-~^\"'`#*+_:.<>!$%&,;?/\\|])\1{2,}\s*$")
#: A Markdown ATX heading (``## Usage``): the text is a Markdown source.
MD_HEADING_RE = re.compile(r"^#{1,6} \S")
ADORNMENT_CHARS = frozenset("=-~^\"'`#*+_:.<>!$%&,;?/\\|")
#: First characters of a table border and of a field or comment delimiter line.
BORDER_HEADS = frozenset("+=-")
FIELD_HEADS = frozenset(":<-")
#: A reST directive, comment, target or substitution (``.. note::``, ``.. _x: url``).
RST_DIRECTIVE_RE = re.compile(r"^\s*\.\.(?:\s|$)")
#: A reST grid-table border (``+-----+----+``) or a simple-table rule (``====  ====``).
TABLE_BORDER_RE = re.compile(r"^\s*(?:\+[-=+:]+\+|=+(?: +=+)+|-+(?: +-+)+)\s*$")
#: A reST field (``:tocdepth: 2``, ``:param x:``) or an HTML comment delimiter in Markdown.
FIELD_RE = re.compile(r"^\s*(?::[\w][\w .()-]*:(?:\s|$)|<!--|-->)")
#: A roff request or macro line (``.TH``, ``.SH NAME``, ``.B``, ``'\"`` comments).
ROFF_RE = re.compile(r"^[.'](?:[A-Za-z]{1,3}\b|\\\")")
#: Statements and syntax that open or close a line of source code.
CODE_LINE_RE = re.compile(
    r"^\s*(?:def |class |import |from \S+ import |return\b|if .*:$|elif\b|else\s*:|try\s*:|"
    r"except\b|finally\s*:|for .* in .*:$|while .*:$|with .*:$|pass$|break$|continue$|raise\b|"
    r"yield\b|@\w|#include|#define|//|/\*|\*/|[{}]|end$|fi$|done$)"
    r"|^\s*\w+(?:\.\w+)*\s*[-+*/|&]?=\s*\S"
)
#: How a line of code may end instead: a brace, a semicolon or a bracket (``foo(x):``).
CODE_LINE_ENDS = (";", "{", "}", ")")
#: What a line that ``CODE_LINE_RE`` matches opens with after its indentation, unless it
#: holds a ``=`` or ends with a colon (a superset: ``from`` for ``from x import``).
CODE_LINE_HEADS = (
    *("def ", "class ", "import ", "from ", "return", "if ", "elif", "else", "try"),
    *("except", "finally", "for ", "while ", "with ", "pass", "break", "continue"),
    *("raise", "yield", "@", "#include", "#define", "//", "/*", "*/", "{", "}"),
    *("end", "fi", "done"),
)
#: Phrases of a license text: a file holding one is a license, its notices its content.
LICENSE_WORDS = (
    "permission is hereby granted",
    "licensed under",
    "general public license",
    "without warranty",
    "redistribution and use",
    'provided "as is"',
    "free software",
    "license:",
    "license, or",
    "copyright holders",
)


def is_code_line(line: str) -> bool:
    """A line of source code by its syntax (``else:``, ``return x``, ``x = 1``, ``});``).

    Short syntax repeated across files (``else:``, ``pass``) is code, not a template.
    """
    # CODE_LINE_RE is anchored at the start; the endings are tested with str methods, as
    # a pattern that may match anywhere is tried at every position of the line.
    if CODE_LINE_RE.match(line):
        return True
    end = line.rstrip()
    return end.endswith(CODE_LINE_ENDS) or (end[-1:] == ":" and end[:-1].rstrip().endswith(")"))


def text_kind(lines: list[str]) -> str:
    """What a whole text is: ``code``, ``table``, ``roff``, ``license``,
    ``preformatted``, ``markup`` (a reST source: two section titles or directives) or
    ``prose`` (anything else: articles, pages, Markdown-like text).

    A text of one of the first six kinds is content line for line: no boilerplate rule
    applies to it. Each kind is a share of its non-blank lines, so one code line in an
    article or one tab in a table row does not change the article's kind. Cached with
    the text's code regions: the boilerplate stages ask in turn about the same text.
    """
    text = "\n".join(lines)
    regions = _REGIONS.get(text)
    if regions.kind is None:
        regions.kind = _text_kind(lines, code_lines(text))
    return regions.kind


def _text_kind(lines: list[str], quoted: frozenset[int]) -> str:
    # Each share is counted with the per-line tests mapped in C, or skipped by a test
    # on the whole text: reST sources and code have hundreds of lines, most indented.
    body = list(filter(str.strip, lines))
    if len(body) < 3:
        return "prose"
    n = len(body)
    # code quoted in fences does not make a text code
    unquoted = body if not quoted else _unquoted(lines, quoted)
    joined = "\n".join(body)
    for sep in ("\t", ","):
        if joined.count(sep) < 0.8 * n:
            continue  # too few for most lines to hold one
        width, rows = Counter(map(str.count, body, repeat(sep))).most_common(1)[0]
        if width >= 1 and rows >= 0.8 * n:
            return "table"
    if len(unquoted) <= 0.2 * n:  # code_ranges took (nearly) the whole text as code
        return "code"
    if _roff_lines(joined, body) >= 0.2 * n:
        return "roff"
    if _holds_code_lines(unquoted, 0.25 * n):
        return "code"
    lower_all = joined.lower()
    lower = lower_all if n <= 400 else "\n".join(body[:400]).lower()
    notices = _copyright_lines(lower_all, body)
    if sum(phrase in lower for phrase in LICENSE_WORDS) >= 2 or notices >= max(3, 0.1 * n):
        return "license"
    if sum(map(str.startswith, body, repeat((" ", "\t")))) >= 0.5 * n:
        return "preformatted"
    # Two directives make a markup source: the titles are counted only when needed.
    directives = _directives(joined, body)
    if directives >= 2 or directives + _titles(lines) >= 2:
        return "markup"
    return "prose"


def _unquoted(lines: list[str], quoted: frozenset[int]) -> list[str]:
    """The non-blank lines outside the ``quoted`` ones."""
    keep = [True] * len(lines)
    for i in quoted:
        keep[i] = False
    return list(filter(str.strip, compress(lines, keep)))


def _roff_lines(joined: str, body: list[str]) -> int:
    """Lines of ``body`` (``joined``: them joined) that are roff requests."""
    if not (joined[:1] in ".'" or "\n." in joined or "\n'" in joined):
        return 0
    requests = compress(body, map(str.startswith, body, repeat((".", "'"))))
    return sum(map(bool, map(ROFF_RE.match, requests)))  # ROFF_RE opens with one of those


def _holds_code_lines(lines: list[str], need: float) -> bool:
    """Whether at least ``need`` of ``lines`` pass :func:`is_code_line`, cheap tests
    first, in C.

    A line of code that ends with none of ``CODE_LINE_ENDS`` opens with one of
    ``CODE_LINE_HEADS`` (after its indentation), holds a ``=`` or ends with a colon:
    only such lines meet the pattern (most lines of reST prose do not), and when they
    are too few, the pattern is not tried at all."""
    ends = list(map(str.rstrip, lines))
    closed = list(map(str.endswith, ends, repeat(CODE_LINE_ENDS)))
    opened = map(str.startswith, map(str.lstrip, lines), repeat(CODE_LINE_HEADS))
    assigned = map(contains, lines, repeat("="))
    colon = map(str.endswith, ends, repeat(":"))
    maybe = list(map(gt, map(any, zip(opened, assigned, colon, strict=True)), closed))
    certain = sum(closed)
    if certain + sum(maybe) < need:
        return False
    return certain + sum(map(is_code_line, compress(lines, maybe))) >= need


def _copyright_lines(lower: str, body: list[str]) -> int:
    """Lines of ``body`` (``lower``: them joined, lower-cased) that open with a
    copyright notice."""
    if "copyright" not in lower:
        return 0
    return sum(line.lstrip().lower().startswith("copyright") for line in body)


def _directives(joined: str, body: list[str]) -> int:
    """reST directives and comments among the lines of ``body`` (``joined``: them
    joined), which open with a space or the dots."""
    if ".." not in joined:
        return 0
    heads = compress(body, map(str.startswith, body, repeat((" ", "."))))
    return sum(map(bool, map(RST_DIRECTIVE_RE.match, heads)))


def _titles(lines: list[str]) -> int:
    """reST section adornments drawn against a title."""
    # Only a line opening with an adornment character is matched: most lines are prose.
    heads = map(ADORNMENT_CHARS.__contains__, map(getitem, lines, repeat(slice(0, 1))))
    marked = list(compress(range(len(lines)), heads))
    adorned = compress(marked, map(ADORNMENT_RE.match, map(lines.__getitem__, marked)))
    return sum(_titled(lines, i) is not None for i in adorned)


def protected_lines(lines: list[str]) -> list[bool]:
    """Per line: it belongs to code, markup or layout that no rule may drop.

    Built on :func:`code_ranges` (fences, doctests, inline code) plus the block shapes of
    markup sources: reST section titles with their adornments, directives and comments
    (``.. note::``) with their indented bodies, literal blocks after a ``::`` line, grid
    and simple tables, fields (``:tocdepth: 2``), Markdown table rows (``| a | b |``)
    and HTML comment delimiters.
    Indented lines count only inside those blocks: scraped text indents debris too. In
    a text with a reST title, a directive or a Markdown heading, every rule line (a
    transition, a thematic break) is markup, and so is YAML front matter.
    """
    text = "\n".join(lines)
    regions = _REGIONS.get(text)
    if regions.protected is None:
        regions.protected = tuple(_protected_lines(lines, code_lines(text)))
    return list(regions.protected)


def _protected_lines(lines: list[str], quoted: frozenset[int]) -> list[bool]:
    out = [False] * len(lines)
    for i in quoted:
        out[i] = True
    block_indent = -1  # indentation the current directive or literal block opened at
    markup = False  # a reST title or directive was seen: the text is a markup source
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue  # a blank line neither opens nor closes anything
        indent = len(line) - len(line.lstrip())
        if block_indent >= 0:
            if indent > block_indent:
                out[i] = True
                continue
            block_indent = -1
        # Every pattern below needs a given first character: test that first.
        head = stripped[0]
        adorned = line[0] in ADORNMENT_CHARS and ADORNMENT_RE.match(line) is not None
        title = _titled(lines, i) if adorned else None
        if title is not None:
            out[i] = out[title] = True
        elif (
            (head in BORDER_HEADS and TABLE_BORDER_RE.match(line))
            or (head == "|" and stripped.endswith("|"))
            or (head in FIELD_HEADS and FIELD_RE.match(line))
        ):
            out[i] = True
        directive = head == "." and RST_DIRECTIVE_RE.match(line) is not None
        if directive or stripped.endswith("::"):
            out[i] = out[i] or directive
            block_indent = indent
        markup = (
            markup
            or title is not None
            or directive
            or (head == "#" and MD_HEADING_RE.match(line) is not None)
        )
    if lines and lines[0].strip() == "---":  # YAML front matter of a Markdown file
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        for i in range(end + 1):
            out[i] = True
    if markup:  # in a reST source, a lone rule of dashes is a transition: markup too
        for i, line in enumerate(lines):
            if line[:1] in ADORNMENT_CHARS and ADORNMENT_RE.match(line):
                out[i] = True
    return out


def _titled(lines: list[str], i: int) -> int | None:
    """The title line the adornment at ``i`` is drawn under or over, or ``None``.

    reST draws an adornment at least as long as its title, right against it: a rule of
    dashes between two long paragraphs of a scraped page is not one.
    """
    width = len(lines[i].rstrip())
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines):
            title = lines[j].strip()
            if title and not ADORNMENT_RE.match(lines[j]) and len(lines[j].rstrip()) <= width:
                return j
    return None


#: Scripts written without spaces between words, and about how many characters a word
#: takes in them (Chinese and Japanese words are mostly one or two characters; Thai,
#: Lao, Khmer and Myanmar words average four to five).
_UNSPACED = (
    ("\u3040", "\u30ff", 2),  # hiragana, katakana
    ("\u3400", "\u9fff", 2),  # CJK ideographs (extension A and unified)
    ("\uf900", "\ufaff", 2),  # CJK compatibility ideographs
    ("\uac00", "\ud7af", 2),  # Hangul syllables (Korean is spaced; a run is a word or two)
    ("\u0e00", "\u0eff", 5),  # Thai, Lao
    ("\u1000", "\u109f", 5),  # Myanmar
    ("\u1780", "\u17ff", 5),  # Khmer
)


def word_count(text: str) -> int:
    """Words in ``text``: whitespace-separated words, with runs of CJK or Thai-like
    script counted by characters (one word per two CJK characters, per five Thai).

    ``len(text.split())`` counts a whole Chinese paragraph as one word, so a real
    Chinese article would look too short to keep.
    """
    if text.isascii():
        return len(text.split())
    words = 0
    for token in text.split():
        if token.isascii():
            words += 1
            continue
        unspaced = 0.0
        other = False
        for char in token:
            for low, high, per_word in _UNSPACED:
                if low <= char <= high:
                    unspaced += 1 / per_word
                    break
            else:
                other = other or char.isalnum()
        words += max(1, round(unspaced) + other) if unspaced else 1
    return words
