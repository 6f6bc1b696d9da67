"""Output records and atomic files: what a kept, rejected or changed document looks like.

Each output file is written under a temporary name and renamed into place only when it
is complete, so a crashed or interrupted run never leaves a half-written file that looks
complete. Records are serialised with sorted keys in nested objects, so the same
documents always give the same bytes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from ..document import Document
from ..errors import OutputError


def dumps(record: dict[str, Any]) -> bytes:
    """One JSONL line: sorted keys in nested objects, so equal records give equal bytes."""
    return orjson.dumps(record, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


def rejected_record(doc: Document) -> dict[str, Any]:
    """The rejected line: the reason, and the text as it arrived (where it could be read)."""
    return {
        "id": doc.id,
        "source": doc.source,
        "reason": doc.rejected,
        "text": doc.original,
        "tags": doc.tags,
        "edits": dict(sorted(doc.edits.items())),
        "removed": [removal._asdict() for removal in doc.removed],
        "meta": doc.meta,
    }


def change_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """``changes.jsonl`` rows of a kept document: one per edit kind, one per removed line.

    Flat rows of four scalars load in every tool and answer "what did rule X remove" with
    one ``GROUP BY``; ``kind`` is ``edit`` (``count`` times ``change``) or ``removed``
    (one line, in ``text``, taken out by rule ``change``).
    """
    for change, count in sorted(doc.edits.items()):
        yield {"id": doc.id, "kind": "edit", "change": change, "count": count, "text": ""}
    for removal in doc.removed:
        change = f"{removal.stage}.{removal.reason}"
        yield {"id": doc.id, "kind": "removed", "change": change, "count": 1, "text": removal.text}


class AtomicFile:
    """A file written under a temporary name and renamed into place on ``commit``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._tmp = Path(tmp)
        self.fh: IO[bytes] = os.fdopen(fd, "wb", buffering=1 << 20)

    def write(self, data: bytes) -> None:
        self.fh.write(data)

    def commit(self) -> None:
        self.fh.close()
        os.chmod(self._tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(self._tmp, self.path)

    def discard(self) -> None:
        self.fh.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.discard()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def prepare_output(out: str | Path) -> Path:
    """Create the output folder if needed and check that it can be written."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise OutputError(f"output path exists and is not a folder: {out}")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out}: {exc.strerror or exc}") from None
    return path


def write_json(path: Path, data: Any) -> None:
    """Write one JSON document atomically (pretty-printed: people read the report)."""
    with AtomicFile(path) as handle:
        handle.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
