"""Which stages exist: the one list of built-in stages, and how a name becomes a stage.

The built-ins are listed once, here, as classes; their names come from the classes, so a
stage cannot be known under two spellings. A third-party stage joins with
:func:`register_stage`. Building a stage validates its options before any document is
read (types and ranges by :mod:`.options`), with the closest valid spelling as a hint.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..boilerplate.lines import BoilerplateLines
from ..boilerplate.repeated import RepeatedLines
from ..dedup.exact import ExactDedup
from ..dedup.minhash import NearDedup
from ..dedup.paragraphs import ParagraphDedup
from ..errors import ConfigError, did_you_mean
from ..extract.html import ExtractHtml
from ..filter.content import RejectBoilerplate, RejectEmpty, RejectTooShort
from ..filter.gates import LanguageGate, QualityGate
from ..repair.encoding import FixEncoding
from ..repair.entities import FixEntities
from ..repair.html import RepairHtml
from ..repair.spacing import FixSpacing
from ..repair.structure import RecordStructure
from ..repair.unicode import NormalizeUnicode
from ..repair.whitespace import NormalizeWhitespace
from ..tag.language import DetectLanguage
from ..tag.quality import QualitySignals
from ..tag.title import TitleTag
from .options import check_options

#: Every stage that ships with corpusclean; the registry prefix of each is its folder.
BUILTIN_STAGES: tuple[type, ...] = (
    ExtractHtml,
    FixEncoding,
    FixEntities,
    RepairHtml,
    NormalizeUnicode,
    FixSpacing,
    NormalizeWhitespace,
    RecordStructure,
    BoilerplateLines,
    RepeatedLines,
    RejectBoilerplate,
    RejectEmpty,
    RejectTooShort,
    LanguageGate,
    QualityGate,
    ExactDedup,
    NearDedup,
    ParagraphDedup,
    DetectLanguage,
    QualitySignals,
    TitleTag,
)

_REGISTRY: dict[str, type] = {cls.name: cls for cls in BUILTIN_STAGES}


def register_stage(cls: type) -> type:
    """Make a stage of your own buildable by its ``name`` from a config (usable as a
    class decorator). A name may be registered once."""
    if not getattr(cls, "name", ""):
        raise TypeError(f"{cls.__name__} has no stage name")
    if _REGISTRY.get(cls.name, cls) is not cls:
        raise TypeError(f"stage name {cls.name!r} is registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def registered() -> dict[str, type]:
    """All registered stages by name, sorted."""
    return dict(sorted(_REGISTRY.items()))


def build_stage(name: str, options: dict[str, Any] | None = None) -> Any:
    """Instantiate a registered stage from its name and config options.

    Unknown names, unknown options and values of the wrong type or out of range fail
    here, before any document is read, with the closest valid spelling as a hint.
    """
    if name not in _REGISTRY:
        raise ConfigError(f"unknown stage {name!r}{did_you_mean(name, _REGISTRY)}")
    cls = _REGISTRY[name]
    options = dict(options or {})
    fields = {f.name for f in dataclasses.fields(cls) if f.init}
    for key in options:
        if key not in fields:
            valid = ", ".join(sorted(fields)) or "none"
            raise ConfigError(
                f"stage {name!r} has no option {key!r}{did_you_mean(key, fields)} "
                f"(options: {valid})"
            )
    options = check_options(cls, options, f"stage {name!r}")
    try:
        return cls(**options)
    except (TypeError, ValueError, ConfigError) as exc:
        raise ConfigError(f"stage {name!r}: {exc}") from None
