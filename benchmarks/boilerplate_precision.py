"""Lines the boilerplate stages remove from clean real documents (the goal is 0).

    python benchmarks/boilerplate_precision.py [--show N]

Clean text nobody here wrote, from this machine and the Debian package of the Python
docs (fetched by ``boilerplate_speed.py``'s helper into the cache folder): the reST
sources of the Python docs, the top-level stdlib ``.py`` files, man pages (raw roff and
rendered with ``man -P cat``), Debian ``copyright`` files, Markdown files shipped in
site-packages, and CSV files shipped in site-packages. Every line of them is content.

Runs ``boilerplate.lines`` on each document and ``boilerplate.repeated_lines`` over each
set (grouped by folder, as a crawl of those folders would be), and prints per set the
lines removed (by rule) and the documents named junk pages (``boilerplate:<kind>``).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from boilerplate_speed import CACHE, python_docs  # noqa: E402

from corpusclean.boilerplate.lines import BoilerplateLines  # noqa: E402
from corpusclean.boilerplate.repeated import RepeatedLines  # noqa: E402
from corpusclean.document import Document  # noqa: E402
from corpusclean.pipeline import Pipeline  # noqa: E402

STDLIB = Path(os.__file__).parent
SITE = next(p for p in map(Path, sys.path) if p.name == "site-packages")


def man_pages(limit: int) -> tuple[list[Document], list[Document]]:
    """The first ``limit`` man pages of section 1: raw roff, and rendered (cached)."""
    raw, rendered = [], []
    folder = CACHE / "man-rendered"
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path("/usr/share/man/man1").glob("*.1.gz"))[:limit]:
        roff = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        raw.append(Document.from_text(roff, source=f"man/{path.name}"))
        out = folder / f"{path.name}.txt"
        if not out.exists():
            env = {**os.environ, "MANWIDTH": "80"}
            text = subprocess.run(
                ["man", "-P", "cat", "-l", str(path)], capture_output=True, text=True, env=env
            ).stdout
            out.write_text(text, encoding="utf-8")
        text = out.read_text(encoding="utf-8")
        rendered.append(Document.from_text(text, source=f"man/{out.name}"))
    return raw, rendered


def read_all(paths: list[Path], limit: int) -> list[Document]:
    docs = []
    for path in paths[:limit]:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        docs.append(Document.from_text(text, source=str(path)))
    return docs


def corpora() -> dict[str, list[Document]]:
    roff, rendered = man_pages(60)
    return {
        "python docs reST": read_all(python_docs(CACHE), 1000),
        "stdlib .py": read_all(sorted(STDLIB.glob("*.py")), 250),
        "man pages (roff)": roff,
        "man pages (rendered)": rendered,
        "debian copyright": read_all(sorted(Path("/usr/share/doc").glob("*/copyright")), 200),
        "markdown": read_all(sorted(SITE.rglob("*.md")), 150),
        "csv": read_all(sorted(p for p in SITE.rglob("*.csv") if p.stat().st_size < 200_000), 40),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print this many removed lines per set")
    args = parser.parse_args()
    total_lines = total_removed = 0
    for label, docs in corpora().items():
        n_lines = sum(1 for d in docs for line in d.text.split("\n") if line.strip())
        out = list(Pipeline([BoilerplateLines(), RepeatedLines(group_by="folder")]).run(docs))
        by_rule = Counter(f"{r.stage.split('.')[-1]}.{r.reason}" for d in out for r in d.removed)
        kinds = Counter(d.tags["boilerplate"] for d in out if d.tags.get("boilerplate"))
        removed = sum(by_rule.values())
        total_lines += n_lines
        total_removed += removed
        print(
            f"{label}: {len(docs)} docs, {n_lines} lines, removed {removed}: {dict(by_rule)}; "
            f"junk pages: {dict(kinds)}"
        )
        shown = [(d.source, r.reason, r.text) for d in out for r in d.removed][: args.show]
        for source, reason, text in shown:
            print(f"    {reason:14} {text[:90]!r}  ({Path(source).name})")
    print(f"all: {total_removed} of {total_lines} lines removed")


if __name__ == "__main__":
    main()
