"""Mojibake and other encoding damage, repaired with ftfy line by line, gated by a cheap check.

A document is often damaged in some paragraphs only (a third of its lines decoded as
cp1251, a quote pasted from a Latin-1 page): ftfy cannot re-encode the whole text then
and falls back to partial fixes. So the text is fixed per line, as ftfy's own
``fix_text`` segments it, and only the lines that look damaged go to ftfy. Three steps,
in the order in which each sees the text it can fix:

1. what hides mojibake from ftfy: zero-width characters inside it (``Р\u200bѕС‚``) and
   entities (``Ã&#169;``, ``10Î&frac14;s``, ``Р&#8217;С‹``); a line that becomes fixable
   without them is fixed without them (the later stages would drop or decode them
   anyway, too late for the encoding fix);
2. ftfy on each damaged line;
3. runs that ftfy's badness check does not flag: Cyrillic or CJK read as mac_roman
   (``–í—ã–ø—É—Å–∫–∏``) or as cp1251 (``РѕС‚``), re-encoded when the whole run decodes as
   strict UTF-8 into letters; and one accented letter read so inside a Latin word
   (``pi√π``, ``mГ©dicament``), when its two or three characters decode to exactly one
   Latin letter; ``à`` whose no-break-space byte became a space (``hĂ i``, ``Г bien``).

Invisible characters are removed later, by :mod:`.unicode`: U+00AD is a byte of cp1252
mojibake (``Ã\xad`` is ``í``), so removing it first would destroy what ftfy can repair.

What this will NOT touch: code and layout (:func:`corpusclean.text.code_ranges`), where a
mojibake example is the text's subject (ftfy's own README quotes ``Ã©``); real Cyrillic
or Latin text, whose runs do not decode as UTF-8 from those codecs (a UTF-8 lead byte must
be followed by the right number of continuation bytes, which real words never spell).

ftfy runs at about 2 MB/s and only a few percent of real texts need it, so the stage
first asks ftfy's own badness heuristic (one compiled regex) whether the text looks
damaged at all; pure-ASCII text is skipped without even that. ftfy is configured on
purpose rather than with its defaults:

- ``unescape_html=False``: entity decoding is done by our own repair, per span; ftfy's
  ``"auto"`` mode silently stops decoding once a line holds a ``<``.
- ``uncurl_quotes=False``: curly quotes are the author's typography, not damage.
- ``fix_character_width=False``: full-width forms are correct in CJK text.
- ``normalization=None``: Unicode normalization is :mod:`.unicode`'s job, so that it is
  configured and counted in one place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

import ftfy
import numpy as np
from ftfy.badness import BADNESS_RE, is_bad

from ..text import code_lines
from .base import TextRepair
from .entities import fix_entities
from .unicode import SPACE_RUN_RE

try:  # the regex parser, to read which characters ftfy's badness pattern looks for
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse as _parser  # type: ignore[no-redef]

C1_RE = re.compile("[\x80-\x9f]")
#: A run of non-ASCII characters with a little ASCII context: all that ftfy's badness
#: patterns look at (sequences of unlikely characters), so only these windows are checked.
NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
CONTEXT = 3


def _positive_set(op: object, av: object) -> set[str] | None:
    """The characters one parsed regex item matches, when it is a literal or a plain class."""
    if str(op) == "LITERAL":
        return {chr(av)}  # type: ignore[arg-type]
    if str(op) != "IN" or not all(str(o) in ("LITERAL", "RANGE") for o, _ in av):  # type: ignore[attr-defined]
        return None
    chars: set[str] = set()
    for o, v in av:  # type: ignore[attr-defined]
        chars.update(chr(v) if str(o) == "LITERAL" else map(chr, range(v[0], v[1] + 1)))
    return chars


def _required_sets(pattern: re.Pattern[str]) -> tuple[tuple[frozenset[str], ...], ...] | None:
    """For each branch of ``pattern``, the sets of non-ASCII characters it needs one of each.

    Read from the parsed pattern: a branch needs every literal or plain class of its
    sequence; those made of non-ASCII characters only are kept, and a text that lacks all
    characters of one of them cannot match that branch. ``None`` when some branch needs
    none (a future ftfy): then no text is skipped on this ground.
    """
    if pattern.flags & re.IGNORECASE:
        return None
    tree = _parser.parse(pattern.pattern, pattern.flags)
    if len(tree.data) != 1 or str(tree.data[0][0]) != "BRANCH":
        return None
    branches = []
    for branch in tree.data[0][1][1]:
        sets = [_positive_set(op, av) for op, av in branch.data]
        required = tuple(frozenset(c) for c in sets if c and min(map(ord, c)) > 127)
        if not required:
            return None
        branches.append(required)
    return tuple(branches)


#: What each branch of ftfy's badness pattern needs (C1 controls are one branch).
BADNESS_NEEDS = _required_sets(BADNESS_RE)
_ASCII_BYTES = bytes(range(128))


@lru_cache(maxsize=4096)
def _may_look_bad(chars: frozenset[str]) -> bool:
    """Whether a text with these non-ASCII characters could match ftfy's badness pattern."""
    if BADNESS_NEEDS is None:
        return True
    return any(all(not need.isdisjoint(chars) for need in needs) for needs in BADNESS_NEEDS)


def _non_ascii(text: str) -> frozenset[str]:
    """The distinct non-ASCII characters of ``text`` (its ASCII bytes dropped in C)."""
    data = text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES)
    return frozenset(data.decode("utf-8", "surrogatepass"))


def needs_ftfy(text: str) -> bool:
    """True when ``text`` may hold mojibake or C1 controls worth ftfy's time.

    ``is_bad`` runs on the non-ASCII windows of the text rather than on all of it: in
    English text with curly quotes that is a few percent of the characters, which makes
    the gate several times cheaper; a window that looks bad sends the whole text to ftfy.
    First, a text whose characters cannot complete any branch of the check (curly quotes
    without accented letters next to them, any CJK or Bengali) is answered from the set
    of its non-ASCII characters, with no regex at all.
    """
    if text.isascii():
        return False
    chars = _non_ascii(text)
    if not _may_look_bad(chars):
        return False
    if not C1_CHARS.isdisjoint(chars):
        return True
    return is_bad(_windows(text, non_ascii_runs(text), CONTEXT, CONTEXT))


C1_CHARS = frozenset(map(chr, range(0x80, 0xA0)))
#: Above this length the non-ASCII runs are found with numpy, which beats the regex
#: engine's character-by-character scan on long, mostly-ASCII texts.
LONG_TEXT = 2048


def non_ascii_runs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each maximal run of non-ASCII characters, in order."""
    if len(text) < LONG_TEXT:
        return [m.span() for m in NON_ASCII_RE.finditer(text)]
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    wide = np.flatnonzero(codes > 127)
    if not len(wide):
        return []
    cuts = np.flatnonzero(np.diff(wide) != 1)
    starts = wide[np.concatenate(([0], cuts + 1))]
    ends = wide[np.concatenate((cuts, [len(wide) - 1]))] + 1
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _windows(text: str, runs: list[tuple[int, int]], before: int, after: int) -> str:
    """The runs with ``before`` and ``after`` characters of context, joined by newlines."""
    return "\n".join(text[max(0, start - before) : end + after] for start, end in runs)


@dataclass
class FixEncoding(TextRepair):
    """Repair mojibake (``TurkeyÃ¢â‚¬â„¢s`` -> ``Turkey’s``), C1 controls, lossy sequences."""

    name: ClassVar[str] = "repair.encoding"

    fix_latin_ligatures: bool = True  # "ﬁ" -> "fi": ligatures break tokenizers and search
    remove_terminal_escapes: bool = True  # ANSI colour codes from scraped terminals

    def setup(self) -> None:
        self._config = ftfy.TextFixerConfig(
            unescape_html=False,
            uncurl_quotes=False,
            fix_character_width=False,
            normalization=None,
            fix_latin_ligatures=self.fix_latin_ligatures,
            remove_terminal_escapes=self.remove_terminal_escapes,
            explain=True,
        )

    def fix(self, text: str) -> tuple[str, Counter[str]]:
        counts: Counter[str] = Counter()
        if text.isascii():
            return text, counts
        if not hasattr(self, "_config"):
            self.setup()
        if not _may_need_fixing(HIDING_RE.sub("", text) if HIDING_RE.search(text) else text):
            return text, counts
        code = code_lines(text)
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if i in code or line.isascii():
                continue
            # ftfy is not always idempotent ("Ã©\xa0Ã©" takes two runs): the line is
            # fixed until it no longer changes, so a second repair run changes nothing.
            for _ in range(MAX_ROUNDS):
                fixed = self._fix_line(line, counts)
                if fixed == line:
                    break
                line = fixed
            lines[i] = line
        return "\n".join(lines), counts

    def _fix_line(self, line: str, counts: Counter[str]) -> str:
        if C1_RE.search(line):
            line = _mac_roman_c1(line, counts)
        if HIDING_RE.search(line):
            bare = HIDING_RE.sub("", line)
            if self._repair(bare, Counter()) != bare:  # "Р\u200bѕС‚": invisible in mojibake
                counts["invisible"] += 1
                line = bare
        if "&" in line and ENTITY_IN_MOJIBAKE_RE.search(line):
            decoded, found = fix_entities(line, code_aware=False)
            if found and decoded != line and self._repair(decoded, Counter()) != decoded:
                counts["entities"] += sum(found.values())  # the entities hid mojibake
                line = decoded
        return self._repair(line, counts)

    def _repair(self, line: str, counts: Counter[str]) -> str:
        # The line without its edge spaces: the later stages strip those (a leading
        # no-break space), and ftfy must judge the text they leave, or a second repair
        # run would fix what the first did not.
        core = line.strip(EDGE)
        if core and needs_ftfy(core):
            start = line.index(core[0])
            fixed = self._ftfy(core, counts)
            if fixed == core:
                fixed = self._ftfy_as_tidied(core, counts)
            line = line[:start] + fixed + line[start + len(core) :]
        return _fix_runs(line, counts)

    def _ftfy_as_tidied(self, core: str, counts: Counter[str]) -> str:
        """ftfy on the line as repair.unicode will leave it: a run of spaces closed up
        (``" \xa0Ã©"``), soft hyphens dropped (``"\xadÃ©"``), C1 controls that ftfy left
        (cp1252 has no character for ``\x9d``) dropped. Tried only when the line as it is
        cannot be fixed, because a no-break space, a soft hyphen or a C1 control may
        itself be a byte of the mojibake (``Ã\xa0`` is ``à``, ``Ã\xad`` is ``í``)."""
        tidied_forms = (
            SPACE_RUN_RE.sub(" ", core),
            core.replace("\xad", ""),
            C1_RE.sub("", core),
        )
        for tidied in tidied_forms:
            if tidied != core and self._ftfy(tidied, Counter()) != tidied:
                return self._ftfy(tidied, counts)
        return core

    def _ftfy(self, line: str, counts: Counter[str]) -> str:
        if not needs_ftfy(line):
            return line
        fixed, steps = ftfy.fix_and_explain(line, config=self._config)
        if fixed != line:
            for fix in _fix_names(steps or []):
                counts[fix] += 1
        return fixed


#: Zero-width characters and ASCII controls, which split a mojibake sequence and which
#: repair.unicode removes later (U+00AD and the C1 controls are not among them: they
#: are bytes of cp1252 mojibake themselves).
HIDING_RE = re.compile("[\u200b\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Rounds of fixing one line; real mojibake needs one, double damage two.
MAX_ROUNDS = 3
#: Spaces at the edges of a line, which later stages remove or keep as indentation.
EDGE = " \t\u00a0\u2007\u202f"
#: A run of non-ASCII characters (UTF-8 multi-byte text has no ASCII byte in it).
RUN_RE = re.compile(r"[^\x00-\x7f]{4,}")
#: Codecs whose mojibake ftfy's badness check misses for non-Latin scripts.
RUN_CODECS = ("mac_roman", "cp1251")


def _repertoire(codec: str) -> str:
    """The non-ASCII characters that the single-byte ``codec`` can encode."""
    decoded = {bytes([byte]).decode(codec, "replace") for byte in range(128, 256)}
    return "".join(sorted(c for c in decoded | {"\ufffe"} if _encodes(c, codec)))


def _encodes(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
    except UnicodeError:
        return False
    return True


#: Four characters in a row that one of ``RUN_CODECS`` encodes: what a run needs to be
#: re-encoded, so a line without it (any CJK or Bengali line) skips the attempt.
CODEC_RUN_RE = re.compile(
    "|".join(f"[{re.escape(_repertoire(codec))}]{{4,}}" for codec in RUN_CODECS)
)
#: Marks allowed among the letters of a re-encoded run.
LETTER_MARKS = "’‘“”–—…·«»"


#: Two or three non-ASCII characters ending a Latin word or inside one (``pi√π``,
#: ``mГ©dicament``): one accented letter read as mac_roman or cp1251.
GLUED_RE = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f\s]{2,3}(?=[A-Za-z]|[^\w]|$)")


def _latin_letter(run: str) -> str | None:
    """The one accented Latin letter that ``run`` spells in UTF-8 read as mac_roman or
    cp1251, if it spells one."""
    for codec in RUN_CODECS:
        try:
            fixed = run.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if len(fixed) == 1 and unicodedata.name(fixed, "").startswith("LATIN"):
            return fixed
    return None


#: A C1 control character between two letters of a Latin word.
C1_IN_WORD_RE = re.compile("(?<=[A-Za-z])[\x80-\x9f](?=[A-Za-z])")


def _mac_roman_c1(line: str, counts: Counter[str]) -> str:
    """Mac Roman bytes read as Latin-1 (``Coatl\x87n conf\x92an``): C1 controls inside
    words that are all Mac Roman letters while at least one is no letter in cp1252
    (``\x87`` is ``‡``). ftfy reads C1 controls as cp1252, right for ``don\x92t``; a lone
    ``tur\x92stico`` is ambiguous (an apostrophe in cp1252) and is left to ftfy."""
    found = C1_IN_WORD_RE.findall(line)
    if not found or len(found) != len(C1_RE.findall(line)):
        return line
    mac = [c.encode("latin-1").decode("mac_roman") for c in found]
    cp1252 = [c.encode("latin-1").decode("cp1252", "replace") for c in found]
    if all(m.isalpha() for m in mac) and not all(c.isalpha() or c in "’‘" for c in cp1252):
        counts["mojibake"] += 1
        return C1_IN_WORD_RE.sub(lambda m: m.group(0).encode("latin-1").decode("mac_roman"), line)
    return line


#: "à" is the bytes C3 A0: read as cp1251 or cp1250 with the no-break space A0 lost to a
#: space, it becomes "Г " or "Ă " inside a word ("hĂ i") or as the French word ("Г bien").
A_GRAVE_GLUED_RE = re.compile("(?<=[A-Za-z])[ГĂ] (?=[a-z])")
A_GRAVE_WORD_RE = re.compile("(?<= )[ГĂ](?= [a-z])")
#: Cyrillic letters other than Г: a line holding any is Cyrillic text, where Г is a letter.
CYRILLIC_RE = re.compile("[\u0400-\u0412\u0414-\u04ff]")


def _a_grave(line: str, counts: Counter[str]) -> str:
    """``hĂ i`` -> ``hài``, ``attention Г bien`` -> ``attention à bien`` (see above), in a
    line that is not Cyrillic."""
    if CYRILLIC_RE.search(line):
        return line
    fixed, n = A_GRAVE_GLUED_RE.subn("à", line)
    fixed, m = A_GRAVE_WORD_RE.subn("à", fixed)
    if n or m:
        counts["mojibake"] += 1
    return fixed


def _cp1252_byte(char: str) -> int | None:
    """The byte that cp1252 (with its five holes read as C1 controls, as browsers and
    ftfy do) decodes to ``char``."""
    if "\x80" <= char <= "\x9f":
        return ord(char)
    try:
        return char.encode("cp1252")[0]
    except UnicodeError:
        return None


#: cp1252 characters of the bytes 0x80-0xBF: what a UTF-8 continuation byte reads as.
_CONTINUATIONS = "".join(
    c for c in map(chr, range(0x80, 0x2200)) if 0x80 <= (_cp1252_byte(c) or 0) < 0xC0
)
#: One CJK, kana or Hangul character (three UTF-8 bytes, lead E3-ED) read as cp1252:
#: ``ã‚“`` is ``ん``.
CJK_AS_CP1252_RE = re.compile(f"[\u00e3-\u00ed][{re.escape(_CONTINUATIONS)}]{{2}}")
#: CJK, kana and Hangul: a line holding one is where such a sequence is repaired.
CJK_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _cjk_as_cp1252(line: str, counts: Counter[str]) -> str:
    """``Ian Murdock さã‚“が`` -> ``さんが``: a CJK character read as cp1252 in a line of
    CJK text, which ftfy's badness check does not flag between kana. Only a sequence
    next to a CJK character that decodes to one CJK, kana or Hangul character is
    replaced: Latin text may hold ``ã`` before two such marks (``irmã\xa0–``, which
    spells ``㠖``), but not glued to a CJK character."""

    def redo(m: re.Match[str]) -> str:
        start, end = m.span()
        if not (CJK_RE.match(line, start - 1) if start else None) and not CJK_RE.match(line, end):
            return m.group(0)  # "irmã\xa0– 日本": no CJK beside it
        data = bytes(_cp1252_byte(c) or 0 for c in m.group(0))
        try:
            fixed = data.decode("utf-8")
        except UnicodeError:
            return m.group(0)
        if not (CJK_RE.fullmatch(fixed) or "\u3000" <= fixed <= "\u303f"):
            return m.group(0)
        counts["mojibake"] += 1
        return fixed

    return CJK_AS_CP1252_RE.sub(redo, line)


def _fix_runs(line: str, counts: Counter[str]) -> str:
    """Re-encode runs that are UTF-8 read as mac_roman or cp1251 (see module doc), and
    CJK characters read as cp1252 in CJK text."""
    if "Г " in line or "Ă " in line:
        line = _a_grave(line, counts)
    if CJK_AS_CP1252_RE.search(line) and CJK_RE.search(line):
        line = _cjk_as_cp1252(line, counts)
    if GLUED_RE.search(line):

        def letter(m: re.Match[str]) -> str:
            fixed = _latin_letter(m.group(0))
            if fixed is None:
                return m.group(0)
            counts["mojibake"] += 1
            return fixed

        line = GLUED_RE.sub(letter, line)
    if not CODEC_RUN_RE.search(line):
        return line

    def redo(m: re.Match[str]) -> str:
        run = m.group(0)
        core = run.strip(EDGE)  # a no-break space at an edge is the text's, not a byte
        # A soft hyphen is a byte of cp1251 and mac_roman too, but repair.unicode drops
        # it as invisible: the run is also tried without it, or the next repair run
        # would fix what this one did not ("РѕС‚\xad").
        bare = core.replace("\xad", "")
        for codec in RUN_CODECS:
            for part, target in dict.fromkeys(((run, run), (core, core), (bare, core))):
                try:
                    fixed = part.encode(codec).decode("utf-8")
                except UnicodeError:
                    continue
                if len(part) >= 4 and all(c.isalpha() or c in LETTER_MARKS for c in fixed):
                    counts["mojibake"] += 1
                    return run.replace(target, fixed, 1)
        return run

    return RUN_RE.sub(redo, line)


#: An entity glued to a non-ASCII character: where an entity may hide mojibake.
ENTITY_IN_MOJIBAKE_RE = re.compile(r"[^\x00-\x7f]&|&#?\w{1,31};[^\x00-\x7f]")


def _may_need_fixing(text: str) -> bool:
    """A cheap test on the whole text: False when no step below can change it.

    Every pattern here needs a non-ASCII character, so each one is run on windows around
    the non-ASCII runs, wide enough for its context (an entity before the run, a letter
    before a glued one, the character after): a window is a piece of the text, and every
    match of the text lies inside one, so the answer is the one the whole text gives.
    """
    runs = non_ascii_runs(text)
    return (
        needs_ftfy(text)
        or ("&" in text and ENTITY_IN_MOJIBAKE_RE.search(_windows(text, runs, 34, 1)) is not None)
        or any(end - start >= 4 for start, end in runs)  # RUN_RE
        or GLUED_RE.search(_windows(text, runs, 1, 1)) is not None
        or "Г " in text
        or "Ă " in text
    )


def _fix_names(steps: list[tuple[str, str]]) -> list[str]:
    """ftfy's explanation as fix names: re-encoding steps are one ``mojibake`` fix."""
    names = [param for action, param in steps if action == "apply"]
    if any(action in ("encode", "decode") for action, _ in steps):
        names.insert(0, "mojibake")
    return names
