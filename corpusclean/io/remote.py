"""Inputs behind a URL (``s3://``, ``gs://``, ``hf://``, ``https://``, ``memory://``) via fsspec.

fsspec is imported only when a URL is given, so local runs never pay for it. A scheme
whose filesystem package is missing fails with one line naming the package to install.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, OutputError

_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
#: The package that provides each common scheme (fsspec's own message names it too, but
#: in a sentence that differs between schemes; this keeps the one-line hint uniform).
PACKAGES = {
    "s3": "s3fs",
    "s3a": "s3fs",
    "gs": "gcsfs",
    "gcs": "gcsfs",
    "az": "adlfs",
    "abfs": "adlfs",
    "hf": "huggingface_hub",
    "http": "aiohttp",
    "https": "aiohttp",
}


def is_url(path: str) -> bool:
    """``s3://b/k`` is a URL; ``C:/x``, ``./a://b`` and plain paths are not."""
    return bool(_URL.match(path)) and not path.startswith("file://")


def filesystem(url: str) -> tuple[Any, str]:
    """``(fs, path)`` for ``url``; an unknown scheme or a missing package is an InputError."""
    try:
        import fsspec
    except ImportError:
        raise InputError(f"reading {url} needs fsspec: pip install fsspec") from None
    scheme = url.split("://", 1)[0].lower()
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError:
        package = PACKAGES.get(scheme, f"the fsspec filesystem for {scheme}://")
        raise InputError(
            f"reading {scheme}:// inputs needs {package}: pip install {package}"
        ) from None
    except ValueError as exc:  # fsspec: "Protocol not known: x"
        raise InputError(f"cannot read {url}: {exc}") from None


def upload(folder: Path, url: str) -> list[str]:
    """Copy the files of a finished output folder to ``url`` (a folder in an object store
    or any fsspec filesystem); returns the URLs written. Each file goes up whole, after the
    run, so a store without renames still never holds a half-written corpus file."""
    try:
        fs, root = filesystem(url)
    except InputError as exc:
        raise OutputError(str(exc).replace("reading", "writing", 1)) from None
    written = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            target = f"{root.rstrip('/')}/{path.relative_to(folder).as_posix()}"
            fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
            fs.put_file(str(path), target)
            written.append(f"{url.rstrip('/')}/{path.relative_to(folder).as_posix()}")
    return written


def list_url(url: str) -> list[tuple[str, str, int | None]]:
    """``(url, source, size)`` of the files under ``url`` (a file, a folder or a glob).

    Sources follow the local rule: the folder's own name, then the relative path.
    Hidden files (a path part starting with ``.``) are skipped, as for local folders.
    """
    fs, path = filesystem(url)
    protocol = url.split("://", 1)[0]

    def full(p: str) -> str:
        return fs.unstrip_protocol(p) if hasattr(fs, "unstrip_protocol") else f"{protocol}://{p}"

    try:
        if any(c in path for c in "*?["):
            found = {p: fs.info(p) for p in fs.glob(path)}
            files = {p: i for p, i in found.items() if i.get("type") != "directory"}
            return [(full(p), p.rsplit("/", 1)[-1], files[p].get("size")) for p in sorted(files)]
        if not fs.exists(path):
            raise InputError(f"input not found: {url}")
        if fs.isdir(path):
            root = path.rstrip("/")
            name = root.rsplit("/", 1)[-1]
            out = []
            for p, info in sorted(fs.find(root, detail=True).items()):
                rel = p[len(root) :].lstrip("/")
                if info.get("type") == "directory" or any(
                    s.startswith(".") for s in rel.split("/")
                ):
                    continue
                out.append((full(p), f"{name}/{rel}", info.get("size")))
            return out
        return [(url, path.rstrip("/").rsplit("/", 1)[-1], fs.info(path).get("size"))]
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot list {url}: {exc}") from None


def open_url(url: str) -> IO[bytes]:
    """The file at ``url``, opened for binary reading (buffered, seekable where fsspec is)."""
    fs, path = filesystem(url)
    return fs.open(path, "rb")
