"""Clean a Hugging Face ``datasets.Dataset`` in place of files: ``ds.map`` over batches.

>>> from datasets import Dataset
>>> from corpusclean.hf import clean_dataset
>>> ds = Dataset.from_dict({"text": ["Caf\\u00c3\\u00a9 au lait, served every morning ..."]})
>>> cleaned = clean_dataset(ds, num_proc=2)                      # doctest: +SKIP
>>> kept = cleaned.filter(lambda row: row["rejected"] is None)   # doctest: +SKIP

Only the *document* stages of the config run (extraction, repairs, line boilerplate,
filters, taggers): the corpus stages (``dedup.*``, ``boilerplate.repeated_lines``) need
to see every document before deciding, which one ``map`` over batches cannot give. Run
``corpusclean clean`` on the dataset's Parquet files for those.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

from .config import RunConfig, load_config
from .document import Document, document_id
from .errors import MissingDependencyError
from .io.inputs import NO_TEXT

#: Columns added to the dataset (the text column itself is replaced by the cleaned text
#: for kept rows; a rejected row keeps its text as it came, as ``rejected.jsonl`` does).
COLUMNS = ("id", "rejected", "lang", "lang_score", "tags", "edits")

#: One built runner per process and config. ``datasets`` pickles the mapped function
#: into each worker process; building the stages there, once, on the first batch, costs
#: one setup per process instead of one per batch, and keying by the whole config (not
#: by call order) means the same config always gives the same stages: the cache cannot
#: make a result depend on what ran before, which is what makes module state harmful.
_RUNNERS: dict[bytes, Callable[[list[Document]], list[Document]]] = {}


def clean_dataset(
    ds: Any,
    text_field: str = "text",
    config: RunConfig | str | None = None,
    *,
    num_proc: int | None = None,
    batch_size: int = 256,
    drop_rejected: bool = False,
    name: str = "dataset",
) -> Any:
    """``ds`` with its ``text_field`` cleaned and the columns of :data:`COLUMNS` added.

    ``config`` is a :class:`~corpusclean.config.RunConfig`, the path of a TOML config,
    or None for the default stages. ``rejected`` holds the reason code of a dropped
    row (None when kept); rows are kept by default so the reasons can be counted and a
    row looked up, and ``drop_rejected=True`` removes them. ``tags`` and ``edits`` are
    JSON strings: their keys vary by row, which an Arrow column cannot hold as a struct.
    Row ``i`` (0-based) gets the source ``<name>#<i+1>`` and the id it implies, the same
    rule as a JSONL line.
    """
    try:
        import datasets
    except ImportError:
        raise MissingDependencyError("datasets", "hf") from None
    if isinstance(config, str):
        config = load_config(config)
    stages = (config or RunConfig()).stages
    key = orjson.dumps(stages, option=orjson.OPT_SORT_KEYS)
    # Declared, so that a first batch with no rejected row does not type the column null.
    string, number = datasets.Value("string"), datasets.Value("float64")
    features = datasets.Features(
        {**ds.features, **{c: number if c == "lang_score" else string for c in COLUMNS}}
    )
    return ds.map(
        _clean_batch,
        batched=True,
        batch_size=batch_size,
        with_indices=True,
        num_proc=num_proc,
        features=features,
        fn_kwargs={"text_field": text_field, "key": key, "drop": drop_rejected, "name": name},
        desc="corpusclean",
    )


def _clean_batch(
    batch: dict[str, list[Any]],
    indices: list[int],
    text_field: str,
    key: bytes,
    drop: bool,
    name: str,
) -> dict[str, list[Any]]:
    texts = batch[text_field]
    docs = []
    for i, text in zip(indices, texts, strict=True):
        source = f"{name}#{i + 1}"
        doc = Document(id=document_id(source), source=source, text=text or "", original=text or "")
        if text is None:
            doc.reject(NO_TEXT)
        docs.append(doc)
    docs = _runner(key)(docs)
    out: dict[str, list[Any]] = {column: [] for column in COLUMNS}
    keep = [not (drop and doc.rejected) for doc in docs]
    for doc, kept in zip(docs, keep, strict=True):
        if not kept:
            continue
        tags = dict(doc.tags)
        out["id"].append(doc.id)
        out["rejected"].append(doc.rejected)
        out["lang"].append(tags.pop("lang", "und"))
        out["lang_score"].append(float(tags.pop("lang_score", 0.0)))
        out["tags"].append(orjson.dumps(tags, option=orjson.OPT_SORT_KEYS).decode())
        out["edits"].append(orjson.dumps(dict(sorted(doc.edits.items()))).decode())
    result = {
        k: [v for v, kept in zip(vals, keep, strict=True) if kept] for k, vals in batch.items()
    }
    result[text_field] = [
        d.text if d.rejected is None else d.original for d, k in zip(docs, keep, strict=True) if k
    ]
    result.update(out)
    return result


def _runner(key: bytes) -> Callable[[list[Document]], list[Document]]:
    """The document stages of the config ``key``, built once in this process.

    The one place that knows how the pipeline runs document stages.
    """
    runner = _RUNNERS.get(key)
    if runner is None:
        from .pipeline import Pipeline
        from .stage import is_corpus_stage

        stages = RunConfig(stages=orjson.loads(key)).build_stages()
        pipeline = Pipeline([s for s in stages if not is_corpus_stage(s)])

        def runner(docs: list[Document]) -> list[Document]:
            return [pipeline.process_one(doc) for doc in docs]

        _RUNNERS[key] = runner
    return runner
