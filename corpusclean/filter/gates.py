"""Opt-in gates on tags already measured: languages to keep, quality rule presets.

Neither gate measures anything: ``tag.language`` and ``tag.quality`` did, earlier in the
pipeline, so changing a threshold never means measuring again. Both are off by default
(``clean --lang`` and ``clean --quality`` add them) because a general-purpose cleaner must
not silently drop a language or a genre: the published quality thresholds were tuned for
English web crawls and reject short, list-like or non-English text that may be wanted.
"""

from __future__ import annotations

import locale
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, ClassVar, NamedTuple

from ..document import Document
from ..errors import ConfigError, did_you_mean
from ..reasons import LANG, QUALITY
from ..stage import StageBase

#: What ``tag.language`` says when it cannot tell; a gate may keep it like any code.
UNDECIDED = "und"


class Rule(NamedTuple):
    """Reject when ``tags[tag] <op> threshold``; ``name`` is the rejection reason's tail."""

    name: str
    tag: str
    op: str
    threshold: float | bool


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    ">": operator.gt,
    "<=": operator.le,
    ">=": operator.ge,
    "==": operator.eq,
}

#: The published thresholds, one list per rule set. Each comment is the paper's rule.
PRESETS: dict[str, tuple[Rule, ...]] = {
    # Gopher quality filter (Rae et al. 2021, A.1.1) and repetition filter (table A1).
    "gopher": (
        Rule("gopher_word_count", "gopher_word_count", "<", 50),  # 50..100,000 words
        Rule("gopher_word_count", "gopher_word_count", ">", 100_000),
        Rule("gopher_mean_word_length", "gopher_mean_word_length", "<", 3),  # 3..10 chars
        Rule("gopher_mean_word_length", "gopher_mean_word_length", ">", 10),
        Rule("gopher_symbol_word_ratio", "gopher_symbol_word_ratio", ">", 0.1),  # '#' or '...'
        Rule("gopher_bullet_lines", "gopher_bullet_lines_frac", ">", 0.9),
        Rule("gopher_ellipsis_lines", "gopher_ellipsis_lines_frac", ">", 0.3),
        Rule("gopher_alpha_words", "gopher_alpha_words_frac", "<", 0.8),
        Rule("gopher_stop_words", "gopher_stop_words", "<", 2),
        Rule("gopher_dup_lines", "gopher_dup_lines_frac", ">", 0.3),
        Rule("gopher_dup_paras", "gopher_dup_paras_frac", ">", 0.3),
        Rule("gopher_dup_line_chars", "gopher_dup_line_chars_frac", ">", 0.2),
        Rule("gopher_dup_para_chars", "gopher_dup_para_chars_frac", ">", 0.2),
        Rule("gopher_top_2gram", "gopher_top_2gram_chars_frac", ">", 0.20),
        Rule("gopher_top_3gram", "gopher_top_3gram_chars_frac", ">", 0.18),
        Rule("gopher_top_4gram", "gopher_top_4gram_chars_frac", ">", 0.16),
        Rule("gopher_dup_5gram", "gopher_dup_5gram_chars_frac", ">", 0.15),
        Rule("gopher_dup_6gram", "gopher_dup_6gram_chars_frac", ">", 0.14),
        Rule("gopher_dup_7gram", "gopher_dup_7gram_chars_frac", ">", 0.13),
        Rule("gopher_dup_8gram", "gopher_dup_8gram_chars_frac", ">", 0.12),
        Rule("gopher_dup_9gram", "gopher_dup_9gram_chars_frac", ">", 0.11),
        Rule("gopher_dup_10gram", "gopher_dup_10gram_chars_frac", ">", 0.10),
    ),
    # C4's page-level rules (Raffel et al. 2020, 2.2); its line-level rules remove lines,
    # which a gate does not do.
    "c4": (
        Rule("c4_lorem_ipsum", "c4_lorem_ipsum", "==", True),
        Rule("c4_curly_bracket", "c4_curly_bracket", "==", True),
    ),
    # FineWeb's custom filters (Penedo et al. 2024, 3.3.5).
    "fineweb": (
        Rule("fineweb_line_punct", "c4_punct_lines_frac", "<=", 0.12),
        Rule("fineweb_short_lines", "fineweb_short_lines_frac", ">=", 0.67),
        Rule("fineweb_char_dup", "gopher_dup_line_chars_frac", ">=", 0.1),
    ),
}


@dataclass
class QualityGate(StageBase):
    """Reject documents that break a preset's rule: reason ``quality:<rule>``.

    Rules are checked in the preset's order and the first broken one is the reason, so
    the same document always gets the same reason. Needs ``tag.quality`` earlier.
    """

    name: ClassVar[str] = "filter.quality"
    needs: ClassVar[str] = "tag.quality"  # the stage whose tags it reads (config order)

    presets: list[str] = field(default_factory=lambda: ["gopher"])

    def __post_init__(self) -> None:
        unknown = [p for p in self.presets if p not in PRESETS]
        if unknown or not self.presets:
            raise ValueError(f"unknown quality preset(s) {unknown}; choose from {sorted(PRESETS)}")
        self._rules = [rule for preset in self.presets for rule in PRESETS[preset]]

    def process(self, doc: Document) -> Document:
        for rule in self._rules:
            if rule.tag not in doc.tags:
                raise ValueError(f"tag {rule.tag!r} missing: run tag.quality before {self.name}")
            if _OPS[rule.op](doc.tags[rule.tag], rule.threshold):
                doc.reject(f"{QUALITY}{rule.name}")
                break
        return doc


@dataclass
class LanguageGate(StageBase):
    """Keep only documents in the listed languages; others get ``lang:<code>``.

    ``und`` (too short or undecidable) is rejected unless listed: a corpus asked to be
    English should not keep text nobody could identify. Needs ``tag.language`` earlier.
    """

    name: ClassVar[str] = "filter.lang"
    needs: ClassVar[str] = "tag.language"

    keep: list[str] = field(default_factory=lambda: ["en"])

    def __post_init__(self) -> None:
        self.keep = check_languages(self.keep)

    def process(self, doc: Document) -> Document:
        if "lang" not in doc.tags:
            raise ValueError(f"tag 'lang' missing: run tag.language before {self.name}")
        lang = doc.tags["lang"]
        if lang not in self.keep:
            doc.reject(f"{LANG}{lang}")
        return doc


def known_languages() -> list[str]:
    """The codes ``tag.language`` can answer, plus ``und``: the profiles langdetect ships.

    Read from the installed package data (both backends load these profiles), so the list
    is the detector's own and needs no network.
    """
    profiles = resources.files("langdetect").joinpath("profiles")
    return sorted([p.name for p in profiles.iterdir() if not p.name.startswith(".")] + [UNDECIDED])


def check_languages(codes: Iterable[str]) -> list[str]:
    """``codes`` lower-cased and checked against :func:`known_languages`.

    A code the detector never answers would reject every document in silence, so it is
    an error with a hint: the closest code, or the code of a language name (``english``
    -> ``en``, from the C library's locale aliases, which ship with Python).
    """
    known = known_languages()
    result = [code.strip().lower() for code in codes]
    if not result or not all(result):
        raise ConfigError("filter.lang needs at least one language code, e.g. en or en,fr")
    for code in result:
        if code not in known:
            raise ConfigError(
                f"unknown language code {code!r}{_language_hint(code, known)}; "
                f"codes: {', '.join(known)}"
            )
    return result


def _language_hint(word: str, known: list[str]) -> str:
    alias = locale.locale_alias.get(word, "")
    code = alias.split("_", 1)[0].split(".", 1)[0].lower()
    if alias and code in known and code != UNDECIDED:
        return f" (did you mean {code!r}?)"
    regional = [k for k in known if k.startswith(f"{word}-")]  # zh -> zh-cn, zh-tw
    if regional:
        return f" (did you mean {' or '.join(map(repr, regional))}?)"
    return did_you_mean(word, known)


def with_gates(
    stages: list[dict[str, Any]], lang: list[str] | None, quality: list[str] | None
) -> list[dict[str, Any]]:
    """``stages`` with the language and quality gates set, as ``clean --lang/--quality`` ask.

    A gate already in the config gets the new options in place; otherwise it is appended
    (gates run last, on the final text). Fails early if the tagger it reads is missing,
    instead of rejecting every document with an error.
    """
    result = [dict(s) for s in stages]
    for gate, tagger, key, value in (
        (LanguageGate.name, LanguageGate.needs, "keep", lang),
        (QualityGate.name, QualityGate.needs, "presets", quality),
    ):
        if not value:
            continue
        names = [s["use"] for s in result]
        if tagger not in names:
            raise ConfigError(f"{gate} needs the {tagger} stage, which this config does not run")
        if gate in names:
            result[names.index(gate)][key] = list(value)
        else:
            result.append({"use": gate, key: list(value)})
    return result
