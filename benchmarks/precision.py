"""Precision of the repair on clean real text: how many documents does it change?

Nothing here is damaged, so every change is a false repair. The documents come from
Debian packages and from the installed Python, extracted at run time into a cache folder
outside the repo (``~/.cache/corpusclean-bench/precision``):

- ``python3.11-doc``: reST sources (``_sources/*.txt``) and the text of its HTML pages;
- ``debian-reference-en``: the text of its HTML chapters, its README.md and changelog;
- man pages from ``/usr/share/man/man1``, rendered as text by ``man``;
- stdlib ``.py`` files, Markdown files found in site-packages, CSV files from packages.

    python benchmarks/precision.py              # ~60 documents of each kind
    python benchmarks/precision.py --per-kind 20 --show 5 --clean

Prints, per kind, the documents that ``repair_text`` changed at all, and changed outside
whitespace at line ends (trailing spaces, blank lines at the edges: the only changes
accepted on clean text); with ``--clean`` also the lines that ``corpusclean.clean_text``
(the whole default text pipeline) removed, split for the HTML pages into lines of their main
content (Sphinx's ``role="main"`` body, DocBook's chapters: content lost) and the page
furniture around it (navigation, copyright, "Last updated": removing it is boilerplate
removal doing its job). ``--show N`` prints the first N changed lines, ``--show-lost`` the
content lines lost.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's code, not an installed copy

from corpusclean import clean_text, repair_text  # noqa: E402

CACHE = Path.home() / ".cache" / "corpusclean-bench" / "precision"
PACKAGES = ("python3.11-doc", "debian-reference-en")
STDLIB = Path(sys.base_prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"


def unpacked() -> Path:
    """The Debian packages, downloaded and unpacked once into the cache."""
    root = CACHE / "root"
    done = CACHE / "unpacked.ok"
    if done.exists():
        return root
    debs = CACHE / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    done.touch()
    return root


#: The main content of the pages: Sphinx's ``role="main"`` body, else DocBook's
#: chapters (the body's blocks but its navigation header and footer).
MAIN_XPATHS = ("//*[@role='main']", "//body/div[not(contains(@class, 'nav'))]")


def html_text(path: Path) -> tuple[str, frozenset[str]]:
    """The visible text of a clean HTML page (lxml's text content of the body), and the
    lines of its main content: a line lost outside it is page furniture (navigation,
    copyright, "Last updated"), which clean is meant to remove."""
    import lxml.html

    tree = lxml.html.parse(str(path))
    for bad in tree.xpath("//script|//style"):
        bad.drop_tree()
    body = tree.find("body")
    text = (body if body is not None else tree.getroot()).text_content()
    blocks = next((found for xpath in MAIN_XPATHS if (found := tree.xpath(xpath))), [])
    main = "\n".join(el.text_content() for el in blocks)
    return text, frozenset(line for line in line_end_normal(main) if line.strip())


def man_text(path: Path) -> str:
    run = subprocess.run(
        ["man", "-l", "-P", "cat", str(path)],
        capture_output=True,
        env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        timeout=30,
    )
    return run.stdout.decode("utf-8", "replace")


def sample(paths: list[Path], n: int, rng: random.Random) -> list[Path]:
    paths = sorted(paths)
    return rng.sample(paths, k=min(n, len(paths)))


def documents(per_kind: int) -> Iterator[tuple[str, str, str, frozenset[str] | None]]:
    """``(kind, name, text, main)`` for every document of the run, in a fixed order;
    ``main`` is the set of main-content lines of a page, None where all of it is content."""
    rng = random.Random(11)
    root = unpacked()
    pydoc = root / "usr/share/doc/python3.11/html"
    for path in sample(list((pydoc / "_sources").rglob("*.txt")), per_kind, rng):
        yield "rest", path.name, path.read_text("utf-8"), None
    pages = [p for p in pydoc.rglob("*.html") if "_sources" not in p.parts]
    for path in sample(pages, per_kind, rng):
        yield "pydoc-html-text", path.name, *html_text(path)
    debref = root / "usr/share/debian-reference"
    for path in sample(list(debref.glob("*.en.html")), per_kind, rng):
        yield "debref-html-text", path.name, *html_text(path)
    for name in ("README.md.gz", "changelog.gz"):
        path = root / "usr/share/doc/debian-reference-en" / name
        if path.exists():
            text = gzip.decompress(path.read_bytes()).decode("utf-8")
            yield "debref-doc", name, text, None
    for path in sample(list(Path("/usr/share/man/man1").glob("*.1.gz")), per_kind, rng):
        text = man_text(path)
        if text.strip():
            yield "man", path.name, text, None
    for path in sample(list(STDLIB.glob("*.py")), per_kind, rng):
        yield "stdlib-py", path.name, path.read_text("utf-8", "replace"), None
    site = STDLIB / "site-packages"
    for path in sample(list(site.rglob("*.md")), per_kind, rng):
        text = path.read_text("utf-8", "replace")
        yield "markdown", str(path.relative_to(site)), text, None
    tables = list(site.rglob("*.csv")) + list(site.rglob("*.tsv"))
    for path in sample(tables, max(2, per_kind // 10), rng):
        text = path.read_text("utf-8", "replace")
        yield "csv", path.name, "\n".join(text.split("\n")[:400]), None


def line_end_normal(text: str) -> list[str]:
    """The text with the changes accepted on clean text undone: trailing spaces, CRLF,
    blank lines at the edges and runs of blank lines."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-kind", type=int, default=60, help="documents of each kind")
    parser.add_argument("--show", type=int, default=0, help="print N changed lines per doc")
    parser.add_argument("--clean", action="store_true", help="also run clean_text")
    parser.add_argument("--show-lost", action="store_true", help="print content lines lost")
    args = parser.parse_args()
    totals: dict[str, list[int]] = {}
    for kind, name, text, main_lines in documents(args.per_kind):
        row = totals.setdefault(kind, [0, 0, 0, 0, 0, 0])
        out = repair_text(text).text
        row[0] += 1
        row[1] += out != text
        before, after = line_end_normal(text), line_end_normal(out)
        if before != after:
            row[2] += 1
            if args.show:
                diff = [
                    d
                    for d in difflib.unified_diff(before, after, lineterm="", n=0)
                    if d[:1] in "+-" and d[:3] not in ("+++", "---")
                ]
                print(f"--- {kind} {name}")
                print("\n".join(f"    {d!r}"[:200] for d in diff[: args.show]))
        if args.clean:
            kept = set(line_end_normal(clean_text(text)))
            lines = [line for line in before if line.strip()]
            lost = [line for line in lines if line not in kept]
            content = [line for line in lost if main_lines is None or line in main_lines]
            row[3] += len(lines)
            row[4] += len(content)
            row[5] += len(lost) - len(content)
            if args.show_lost and content:
                print(f"--- lost from {kind} {name}")
                print("\n".join(f"    {line!r}"[:200] for line in content))
    print(f"{'kind':<18}{'docs':>6}{'changed':>9}{'beyond line ends':>18}", end="")
    print(f"{'lines':>9}{'lost by clean':>15}{'furniture':>11}" if args.clean else "")
    grand = [0, 0, 0, 0, 0, 0]
    for kind, row in [*totals.items(), ("total", None)]:
        row = row or grand
        if kind != "total":
            grand = [a + b for a, b in zip(grand, row, strict=True)]
        print(f"{kind:<18}{row[0]:>6}{row[1]:>9}{row[2]:>18}", end="")
        print(f"{row[3]:>9}{row[4]:>15}{row[5]:>11}" if args.clean else "")


if __name__ == "__main__":
    main()
