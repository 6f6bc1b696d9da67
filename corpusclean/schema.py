"""One declared schema for the corpus, composed from the stages before the first document.

Every corpus row has the same columns with the same types in every run of a config, so
files of two runs concatenate, and schema-inferring loaders (``datasets``, pyarrow's JSON
reader, polars, duckdb) read them without a hint:

========== ======================================================================
``id``     the document's stable id (string)
``text``   the cleaned text (string)
``source`` where it came from: ``pages/a.html``, ``dump.jsonl#17`` (string)
``lang``   language code, ``und`` when unknown (string)
``lang_score`` the detector's probability (float)
``spans``  structure: a list of ``{start, end, kind}`` over ``text``
``tags``   an object (a struct) with one field per tag a stage of the config declares
``meta``   the input's own fields, plus the page metadata stages declare (``title``,
           ``url``, ...) on every row (JSONL: an object; Parquet: its JSON text, because
           inputs differ in their fields and one file has one schema)
========== ======================================================================

``tags`` carries every declared field on every row, with the type's empty value where a
document has none (``""``, ``0``, ``0.0``, ``false``): a JSON ``null`` in the first rows
and a number later is what makes ``datasets`` fail, and a typed empty never does.
What was changed or removed in a document is not in the corpus row but in
``changes.jsonl`` (one flat row per edit or removed line): lists of objects that are
empty in most rows are exactly what JSON loaders cannot type from the first rows.

Each stage declares ``writes_tags = {"name": "type"}`` with a type from :data:`TAG_TYPES`;
readers and the pipeline declare theirs in :data:`BASE_TAGS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from .errors import ConfigError

#: The tag types a stage may declare, with the value a row gets when it has none.
TAG_TYPES: dict[str, Any] = {
    "str": "",
    "int": 0,
    "float": 0.0,
    "bool": False,
    "list[str]": [],
    "json": "",  # any JSON value, written as its JSON text (a string column)
}

#: Tags that readers and the pipeline write on documents, whatever the stages.
BASE_TAGS: dict[str, str] = {"encoding": "str", "format": "str"}

#: Tags written as their own top-level columns instead of inside ``tags``.
TOP_LEVEL_TAGS = ("lang", "lang_score")


@dataclass(frozen=True)
class CorpusSchema:
    """The tag fields of a config's corpus rows, in a stable order, with their types."""

    tags: tuple[tuple[str, str], ...]
    meta: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, stages: Iterable[Any]) -> CorpusSchema:
        """Compose the schema of ``stages``; two stages declaring one tag must agree on its type."""
        declared: dict[str, tuple[str, str]] = {k: (v, "reader") for k, v in BASE_TAGS.items()}
        for stage in stages:
            for tag, kind in getattr(stage, "writes_tags", {}).items():
                if kind not in TAG_TYPES:
                    raise ConfigError(
                        f"stage {stage.name!r} declares tag {tag!r} of unknown type {kind!r}"
                    )
                previous = declared.get(tag)
                if previous and previous[0] != kind:
                    raise ConfigError(
                        f"tag {tag!r} is declared as {previous[0]} by {previous[1]} "
                        f"and as {kind} by {stage.name}"
                    )
                declared.setdefault(tag, (kind, stage.name))
        fields = tuple(
            (tag, kind) for tag, (kind, _) in sorted(declared.items()) if tag not in TOP_LEVEL_TAGS
        )
        meta: dict[str, str] = {}
        for stage in stages:
            meta.update(getattr(stage, "writes_meta", {}))
        return cls(fields, tuple(sorted(meta.items())))

    @property
    def tag_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.tags) | frozenset(TOP_LEVEL_TAGS)

    def row(self, doc: Any, meta_as_json: bool = False) -> dict[str, Any]:
        """The corpus row of a kept document, with every column and tag field present."""
        tags = doc.tags
        row_tags = {}
        for name, kind in self.tags:
            value = tags.get(name)
            row_tags[name] = _typed(value, kind)
        meta = {name: _typed(doc.meta.get(name), kind) for name, kind in self.meta}
        meta.update((k, v) for k, v in doc.meta.items() if k not in meta)
        return {
            "id": doc.id,
            "text": doc.text,
            "source": doc.source,
            "lang": str(tags.get("lang") or "und"),
            "lang_score": float(tags.get("lang_score") or 0.0),
            "spans": [{"start": s.start, "end": s.end, "kind": s.kind} for s in doc.spans],
            "tags": row_tags,
            "meta": orjson.dumps(meta).decode() if meta_as_json else meta,
        }

    def undeclared(self, tags: Mapping[str, Any]) -> list[str]:
        """Tags a document carries that no stage declared (they cannot be written)."""
        names = self.tag_names
        return [k for k in tags if k not in names and k != "error"]

    def arrow(self) -> Any:
        """The pyarrow schema of a corpus row (Parquet output)."""
        import pyarrow as pa

        types = {
            "str": pa.string(),
            "int": pa.int64(),
            "float": pa.float64(),
            "bool": pa.bool_(),
            "list[str]": pa.list_(pa.string()),
            "json": pa.string(),
        }
        span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())])
        tag_struct = pa.struct([(name, types[kind]) for name, kind in self.tags])
        return pa.schema(
            [
                ("id", pa.string()),
                ("text", pa.string()),
                ("source", pa.string()),
                ("lang", pa.string()),
                ("lang_score", pa.float64()),
                ("spans", pa.list_(span)),
                ("tags", tag_struct),
                ("meta", pa.string()),
            ]
        )


def _typed(value: Any, kind: str) -> Any:
    """``value`` as the declared type, or the type's empty value when it is missing."""
    if value is None:
        return TAG_TYPES[kind]
    if kind == "json":
        return value if isinstance(value, str) else orjson.dumps(value).decode()
    if kind == "float":
        return float(value)
    if kind == "int" and isinstance(value, bool):
        return int(value)
    if kind == "str" and not isinstance(value, str):
        return str(value)
    if kind == "list[str]":
        return [str(v) for v in value]
    return value
