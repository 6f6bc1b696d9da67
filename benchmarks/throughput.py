"""Throughput on real documents, against the references, in one run, one core.

    python benchmarks/throughput.py [--news N] [--only pages texts news]

Corpora (fetched once into ~/.cache/corpusclean-bench, never into the repo):

- pages: the HTML library pages of the Python 3.11 documentation and the HTML chapters of
  the Debian Reference, from the Debian packages ``python3.11-doc`` and
  ``debian-reference-en`` (``apt-get download``, unpacked with ``dpkg-deb -x``);
- texts: the reST sources of the same Python documentation (``_sources/**/*.txt``);
- news: short news-like articles (~2.2 KB) built from the texts in ``tests/data``.

Runs, each over documents already in memory (reading files is not timed):

- corpusclean's default pipeline (every stage, serial executor, one worker), through the
  library: ``default_stages()`` and ``Pipeline``;
- on pages, the same pipeline with ``extract.html`` in fast mode (``mode = "fast"``);
- ``trafilatura.extract(html, fast=True)`` alone, on pages;
- resiliparse's main-content extraction alone (``extract_plain_text(html,
  main_content=True)``), on pages: what the fast mode's extraction is built on, so the
  most the whole fast pipeline could reach;
- a naive script on texts and news: ``ftfy.fix_text``, ``langdetect``, a datasketch
  MinHash of word 5-grams per document, inserted into a ``MinHashLSH`` index.

Prints documents per second and the ratio of each run to its reference. Each run is
repeated ``--repeat`` times, the runs of one corpus taking turns, and its best time is
kept (as ``timeit`` does: the noise of a shared machine only ever adds time). Time is
CPU time of this process (``time.process_time``), as the runs are single-threaded: on a
virtual machine whose host lends its cores to others, wall-clock time also counts the
moments this machine was not running at all, which changed the naive script's rate by
1.5x between two runs here. ``--wall`` measures wall-clock time instead.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpusclean.config import default_stages  # noqa: E402
from corpusclean.document import Document  # noqa: E402
from corpusclean.pipeline import Pipeline  # noqa: E402

CACHE = Path.home() / ".cache" / "corpusclean-bench"
PACKAGES = ("python3.11-doc", "debian-reference-en")
PYDOC = "usr/share/doc/python3.11/html"


def run_pipeline(stages: list, docs: list[Document]) -> list[Document]:
    """The whole pipeline over ``docs``, serially, in one run (the Pipeline API may move)."""
    return list(Pipeline(stages).run(docs))


def fetch_packages() -> Path:
    """The unpacked Debian packages (downloaded and unpacked on the first run)."""
    root = CACHE / "root"
    debs = CACHE / "debs"
    if all((root / path).exists() for path in (PYDOC, "usr/share/debian-reference")):
        return root
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    return root


def load_pages(root: Path) -> list[tuple[str, str]]:
    files = sorted((root / PYDOC / "library").glob("*.html"))
    files += sorted((root / "usr/share/debian-reference").glob("*.en.html"))
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


def load_texts(root: Path) -> list[tuple[str, str]]:
    files = sorted((root / PYDOC / "_sources").rglob("*.txt"))
    return [(str(f.relative_to(root)), f.read_text(encoding="utf-8")) for f in files]


def build_news(n_docs: int, seed: int = 7) -> list[tuple[str, str]]:
    """``n_docs`` articles of about 2.2 KB: paragraphs of the test texts, reshuffled."""
    rng = random.Random(seed)
    paragraphs = []
    for path in sorted((ROOT / "tests" / "data").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 80]
    docs = []
    for i in range(n_docs):
        body: list[str] = []
        while sum(len(p) for p in body) < 2200:
            body.append(rng.choice(paragraphs))
        docs.append((f"news/{i}.txt", "\n\n".join(body)))
    return docs


def as_docs(items: list[tuple[str, str]], html: bool) -> list[Document]:
    docs = []
    for source, text in items:
        doc = Document.from_text(text, source=source)
        if html:
            doc.tags["format"] = "html"
        docs.append(doc)
    return docs


def corpusclean_run(mode: str) -> Callable[[list[tuple[str, str]], bool], int]:
    def run(items: list[tuple[str, str]], html: bool) -> int:
        stages = default_stages()
        for stage in stages:
            if stage.name == "extract.html":
                stage.mode = mode
        docs = run_pipeline(stages, as_docs(items, html))
        return sum(1 for d in docs if d.rejected is None)

    return run


def trafilatura_fast(items: list[tuple[str, str]], html: bool) -> int:
    import trafilatura

    return sum(1 for _, text in items if trafilatura.extract(text, fast=True))


def resiliparse_alone(items: list[tuple[str, str]], html: bool) -> int:
    from resiliparse.extract.html2text import extract_plain_text

    return sum(1 for _, text in items if extract_plain_text(text, main_content=True))


def naive_script(items: list[tuple[str, str]], html: bool) -> int:
    """What one would write without corpusclean: repair, language, near-duplicates."""
    import ftfy
    from datasketch import MinHash, MinHashLSH
    from langdetect import DetectorFactory, LangDetectException, detect

    DetectorFactory.seed = 0
    index = MinHashLSH(threshold=0.8, num_perm=128)
    kept = 0
    for source, text in items:
        text = ftfy.fix_text(text)
        with contextlib.suppress(LangDetectException):  # a text with no letters
            detect(text)
        words = text.split()
        shingles = {" ".join(words[i : i + 5]).encode("utf-8") for i in range(len(words) - 4)}
        signature = MinHash(num_perm=128)
        signature.update_batch(list(shingles))
        if not index.query(signature):
            index.insert(source, signature)
            kept += 1
    return kept


def timed(
    run: Callable[[list[tuple[str, str]], bool], int],
    items: list,
    html: bool,
    clock: Callable[[], float] = time.process_time,
) -> float:
    start = clock()
    run(items, html)
    return len(items) / (clock() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--news", type=int, default=2000, help="news documents to build")
    parser.add_argument("--only", nargs="+", choices=("pages", "texts", "news"))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, best kept")
    parser.add_argument("--wall", action="store_true", help="wall-clock time, not CPU time")
    args = parser.parse_args()
    clock = time.perf_counter if args.wall else time.process_time
    parts = args.only or ["pages", "texts", "news"]
    root = fetch_packages()
    import trafilatura  # noqa: F401  (imported once, untimed: it takes a second)

    plans = {
        "pages": (
            load_pages(root) if "pages" in parts else [],
            True,
            [
                ("corpusclean", corpusclean_run("default")),
                ("corpusclean fast mode", corpusclean_run("fast")),
                ("trafilatura fast alone", trafilatura_fast),
                ("resiliparse alone", resiliparse_alone),
            ],
            "trafilatura fast alone",
        ),
        "texts": (
            load_texts(root) if "texts" in parts else [],
            False,
            [("corpusclean", corpusclean_run("default")), ("naive script", naive_script)],
            "naive script",
        ),
        "news": (
            build_news(args.news) if "news" in parts else [],
            False,
            [("corpusclean", corpusclean_run("default")), ("naive script", naive_script)],
            "naive script",
        ),
    }
    print(f"{'corpus':<7}{'docs':>6}{'KB/doc':>8}  {'run':<24}{'docs/s':>8}{'ratio':>8}")
    for part in parts:
        items, html, runs, reference = plans[part]
        size = sum(len(text.encode("utf-8")) for _, text in items) / len(items) / 1000
        rates = dict.fromkeys((name for name, _ in runs), 0.0)
        for _ in range(args.repeat):
            for name, run in runs:
                rates[name] = max(rates[name], timed(run, items, html, clock))
        for name, rate in rates.items():
            ratio = rate / rates[reference]
            print(f"{part:<7}{len(items):>6}{size:>8.1f}  {name:<24}{rate:>8.1f}{ratio:>7.2f}x")


if __name__ == "__main__":
    main()
