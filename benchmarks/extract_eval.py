"""Extraction accuracy on trafilatura's own evaluation set: corpusclean against trafilatura.

    python benchmarks/extract_eval.py [--source PATH] [--runners NAME ...] [--limit N]

The set is trafilatura's ``tests/evaldata.json`` (990 pages, each with ``with`` snippets the
main text must contain and ``without`` snippets it must not) and the HTML files under
``tests/eval`` and ``tests/cache``. None of it ships in trafilatura's sdist or wheel, so
it is unpacked at run time into ``~/.cache/corpusclean-bench/trafilatura-eval``, from:

- ``--source PATH``: a trafilatura checkout, or a bare git directory of the repository
  (read with ``git archive``), or
- without ``--source``: the repository tarball downloaded from GitHub.

Scoring follows trafilatura's evaluation: whitespace-normalised substring matching, a
``with`` snippet found is a true positive, a ``without`` snippet found a false positive; a
page that fails or is rejected finds nothing, except a duplicate, which is scored with its
original's text (the set holds a few pages twice, under two names). Runners:

- ``trafilatura``: ``extract(html, include_tables=True, include_comments=False)``, its
  defaults otherwise (with fallback extractors): "plain trafilatura";
- ``trafilatura-fast``: the same with ``fast=True``;
- ``extract`` / ``extract-fast``: corpusclean's ``extract.html`` stage alone, default and
  fast mode;
- ``corpusclean`` / ``corpusclean-fast``: the whole default pipeline (every stage, corpus
  stages included, one run over all pages), with ``extract.html`` in each mode.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpusclean.config import default_stages  # noqa: E402
from corpusclean.document import Document  # noqa: E402
from corpusclean.extract.html import ExtractHtml  # noqa: E402
from corpusclean.io.inputs import InputFile  # noqa: E402
from corpusclean.io.readers import read_file  # noqa: E402
from corpusclean.pipeline import Pipeline  # noqa: E402

CACHE = Path.home() / ".cache" / "corpusclean-bench" / "trafilatura-eval"
TARBALL = "https://codeload.github.com/adbar/trafilatura/tar.gz/refs/heads/master"
MEMBERS = ("tests/evaldata.json", "tests/eval", "tests/cache")


def run_pipeline(stages: list, docs: list[Document]) -> list[Document]:
    """The whole pipeline over ``docs`` in one run (kept here: the Pipeline API may move)."""
    return list(Pipeline(stages).run(docs))


def fetch_evalset(source: str | None) -> Path:
    """The folder holding ``evaldata.json``, ``eval/`` and ``cache/``, unpacked if needed."""
    tests = CACHE / "tests"
    if (tests / "evaldata.json").exists():
        return tests
    CACHE.mkdir(parents=True, exist_ok=True)
    if source is None:
        print(f"downloading {TARBALL} ...", file=sys.stderr)
        with urllib.request.urlopen(TARBALL, timeout=120) as response:
            data = response.read()
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member in tar.getmembers():
                # The tarball's members sit under one top folder (trafilatura-master/).
                inner = member.name.split("/", 1)[-1]
                if member.isfile() and inner.startswith(MEMBERS):
                    member.name = inner
                    tar.extract(member, CACHE, filter="data")
    elif (Path(source) / "tests" / "evaldata.json").exists():
        tests = Path(source) / "tests"
    else:
        archive = subprocess.run(
            ["git", f"--git-dir={source}", "archive", "HEAD", *MEMBERS],
            check=True,
            capture_output=True,
        ).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(CACHE, filter="data")
    return tests


def load_pages(tests: Path, limit: int | None) -> list[tuple[str, dict, Path]]:
    """``(url, annotations, html file)`` in sorted URL order; cache/ wins over eval/."""
    evaldata = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(evaldata)[:limit]:
        item = evaldata[url]
        for folder in ("cache", "eval"):
            path = tests / folder / item["file"]
            if path.is_file():
                pages.append((url, item, path))
                break
        else:
            raise SystemExit(f"{url}: file {item['file']} not found under {tests}")
    return pages


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def count(item: dict, result: str | None) -> tuple[int, int, int, int]:
    """``(tp, fp, fn, tn)`` of one page."""
    flat = norm(result) if result else ""
    tp = sum(1 for w in item["with"] if norm(w) in flat) if flat else 0
    fp = sum(1 for w in item["without"] if norm(w) in flat) if flat else 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def page_doc(url: str, item: dict, path: Path) -> Document:
    """The page as corpusclean's reader makes it (decoded, marked HTML), its URL in meta."""
    doc = next(read_file(InputFile(path, item["file"])))
    doc.meta["url"] = url
    return doc


def trafilatura_runner(fast: bool) -> Callable[[list], list[str | None]]:
    import trafilatura

    def run(pages: list) -> list[str | None]:
        out = []
        for _, _, path in pages:
            try:
                out.append(
                    trafilatura.extract(
                        path.read_bytes(), fast=fast, include_comments=False, include_tables=True
                    )
                )
            except Exception:  # a crash finds nothing, as in trafilatura's evaluation
                out.append(None)
        return out

    return run


def stage_runner(mode: str) -> Callable[[list], list[str | None]]:
    def run(pages: list) -> list[str | None]:
        stage = ExtractHtml(mode=mode)  # type: ignore[arg-type]
        stage.setup()
        docs = [page_doc(*page) for page in pages]
        docs = [doc if doc.rejected else stage.process(doc) for doc in docs]
        return [None if doc.rejected else doc.text for doc in docs]

    return run


def pipeline_runner(mode: str) -> Callable[[list], list[str | None]]:
    def run(pages: list) -> list[str | None]:
        stages = default_stages()
        for stage in stages:
            if isinstance(stage, ExtractHtml):
                stage.mode = mode  # type: ignore[assignment]
        docs = [page_doc(*page) for page in pages]
        docs = run_pipeline(stages, docs)
        reasons = Counter(doc.rejected for doc in docs if doc.rejected)
        if reasons:
            print(f"  (rejected: {', '.join(f'{r} {n}' for r, n in reasons.most_common())})")
        kept = {doc.id: doc.text for doc in docs if doc.rejected is None}
        return [_text_of(doc, kept) for doc in docs]

    return run


def _text_of(doc: Document, kept: dict[str, str]) -> str | None:
    """The text a page has in the output: its own, or its original's if a duplicate.

    The set holds a few pages twice under two names (``hard::...``); deduplication keeps
    one, and the other's text is in the corpus all the same.
    """
    if doc.rejected is None:
        return doc.text
    if doc.rejected.startswith("duplicate_of:"):
        return kept.get(doc.rejected.split(":", 1)[1])
    return None


RUNNERS = {
    "trafilatura": lambda: trafilatura_runner(fast=False),
    "trafilatura-fast": lambda: trafilatura_runner(fast=True),
    "extract": lambda: stage_runner("default"),
    "extract-fast": lambda: stage_runner("fast"),
    "corpusclean": lambda: pipeline_runner("default"),
    "corpusclean-fast": lambda: pipeline_runner("fast"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", help="a trafilatura checkout or bare git directory")
    parser.add_argument("--runners", nargs="+", choices=list(RUNNERS), default=list(RUNNERS))
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by URL)")
    parser.add_argument("--dump", type=Path, help="write each runner's texts to DIR/NAME.json")
    args = parser.parse_args()
    pages = load_pages(fetch_evalset(args.source), args.limit)
    chunks = sum(len(i["with"]) + len(i["without"]) for _, i, _ in pages)
    print(f"{len(pages)} pages, {chunks} snippets")
    print(f"{'runner':<18}{'precision':>10}{'recall':>8}{'F1':>8}{'pages/s':>9}")
    for name in args.runners:
        run = RUNNERS[name]()
        start = time.perf_counter()
        results = run(pages)
        elapsed = time.perf_counter() - start
        tp = fp = fn = 0
        for (_, item, _), result in zip(pages, results, strict=True):
            c = count(item, result)
            tp, fp, fn = tp + c[0], fp + c[1], fn + c[2]
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        print(f"{name:<18}{precision:>10.4f}{recall:>8.4f}{f1:>8.4f}{len(pages) / elapsed:>9.1f}")
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            texts = {url: text for (url, _, _), text in zip(pages, results, strict=True)}
            (args.dump / f"{name}.json").write_text(json.dumps(texts, ensure_ascii=False))


if __name__ == "__main__":
    main()
