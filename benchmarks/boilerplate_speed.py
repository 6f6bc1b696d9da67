"""Speed of ``boilerplate.lines`` on real documentation and on short news-like text.

    python benchmarks/boilerplate_speed.py [--against /work/main] [--repaired]
        [--save F | --compare F]

Real text: the reStructuredText sources of the Python 3.11 docs, from the Debian package
``python3.11-doc`` (``apt-get download`` + ``dpkg-deb -x`` into the cache folder, once).
Short text: the hand-marked news fixtures and seeds of ``tests/data`` (1-8 KB each).
Prints milliseconds per document of the stage alone (CPU time, best of ``--repeat``
rounds: on a shared machine the minimum is the figure least disturbed by other load).

``--against DIR`` times another checkout (e.g. the main branch) in a child process on
the same files, for a before/after figure in one run. ``--save`` writes one fingerprint
per document (text left and every removal with its rule); ``--compare`` checks this
checkout's output against such a file: a speed-up must not change what is removed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "corpusclean-bench"
PACKAGE = "python3.11-doc"
SOURCES = "usr/share/doc/python3.11/html/_sources"


def python_docs(cache: Path) -> list[Path]:
    """The .txt reST sources of the Python docs, unpacked from the Debian package once."""
    unpacked = cache / PACKAGE
    if not (unpacked / SOURCES).is_dir():
        debs = cache / "debs"
        debs.mkdir(parents=True, exist_ok=True)
        if not list(debs.glob(f"{PACKAGE}_*.deb")):
            subprocess.run(["apt-get", "download", PACKAGE], cwd=debs, check=True)
        deb = sorted(debs.glob(f"{PACKAGE}_*.deb"))[-1]
        subprocess.run(["dpkg-deb", "-x", str(deb), str(unpacked)], check=True)
    return sorted((unpacked / SOURCES).rglob("*.txt"))


def news_texts(root: Path) -> list[Path]:
    data = root / "tests" / "data" / "boilerplate"
    return sorted([*data.glob("lines/*.txt"), *data.glob("heldout/*.txt"), *root.glob("seeds/*")])


def fingerprint(text: str, removed: list[tuple[str, str]]) -> str:
    return hashlib.sha1(json.dumps([text, removed]).encode("utf-8")).hexdigest()


def measure(paths: list[str], repeat: int, repaired: bool = False) -> dict:
    """Time the stage of the imported checkout on ``paths``: ms/doc and fingerprints.

    ``repaired``: run the default repair stages first (untimed), so the stage sees the
    text it sees in a default run.
    """
    from corpusclean.boilerplate.lines import BoilerplateLines
    from corpusclean.config import default_stages
    from corpusclean.document import Document
    from corpusclean.pipeline import Pipeline

    stage = BoilerplateLines()
    stage.setup()
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    if repaired:
        repairs = Pipeline([s for s in default_stages() if s.name.startswith("repair.")])
        texts = [
            repairs.process_one(Document.from_text(t, source=p)).text
            for p, t in zip(paths, texts, strict=True)
        ]
    best = float("inf")
    prints: dict[str, str] = {}
    for _ in range(repeat):
        docs = [Document.from_text(t, source=p) for p, t in zip(paths, texts, strict=True)]
        start = time.process_time()
        for doc in docs:
            stage.process(doc)
        best = min(best, time.process_time() - start)
        prints = {
            d.source: fingerprint(d.text, [(r.reason, r.text) for r in d.removed]) for d in docs
        }
    removed = sum(len(d.removed) for d in docs)
    return {"ms_per_doc": 1000 * best / len(texts), "removed": removed, "prints": prints}


def child(root: Path, paths: list[str], repeat: int, repaired: bool) -> dict:
    """Run :func:`measure` with ``root``'s corpusclean in a fresh interpreter."""
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[2]);"
        "from boilerplate_speed import measure;"
        "print(json.dumps(measure(json.loads(sys.stdin.read()), int(sys.argv[3]),"
        " sys.argv[4] == '1')))"
    )
    argv = [str(Path(__file__).parent), str(root), str(repeat), "1" if repaired else "0"]
    out = subprocess.run(
        [sys.executable, "-c", code, *argv],
        input=json.dumps(paths),
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--against", type=Path, help="another checkout to time the same way")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repaired", action="store_true", help="repair the texts first")
    parser.add_argument("--save", type=Path, help="write this checkout's fingerprints here")
    parser.add_argument("--compare", type=Path, help="compare fingerprints with this file")
    args = parser.parse_args()
    sets = {
        "python docs reST": [str(p) for p in python_docs(args.cache)],
        "news fixtures": [str(p) for p in news_texts(ROOT)],
    }
    saved = json.loads(args.compare.read_text()) if args.compare else None
    all_prints: dict[str, str] = {}
    for label, paths in sets.items():
        size = sum(Path(p).stat().st_size for p in paths) / len(paths) / 1000
        # Rounds alternate between the checkouts, so both see the same load; the best
        # round of each is reported.
        runs: dict[str, list[dict]] = {"now": [], "then": []}
        for _ in range(args.repeat):
            runs["now"].append(child(ROOT, paths, 1, args.repaired))
            if args.against:
                runs["then"].append(child(args.against.resolve(), paths, 1, args.repaired))
        now = min(runs["now"], key=lambda r: r["ms_per_doc"])
        line = f"{label}: {len(paths)} docs, {size:.1f} KB avg; this checkout "
        line += f"{now['ms_per_doc']:.2f} ms/doc ({now['removed']} lines removed)"
        if args.against:
            then = min(runs["then"], key=lambda r: r["ms_per_doc"])
            line += f"; {args.against}: {then['ms_per_doc']:.2f} ms/doc "
            line += f"({then['removed']} removed); {then['ms_per_doc'] / now['ms_per_doc']:.2f}x"
            same = sum(now["prints"][p] == then["prints"][p] for p in paths)
            line += f"; identical output on {same}/{len(paths)}"
        print(line)
        all_prints.update(now["prints"])
    if saved is not None:
        differ = sorted(p for p, h in all_prints.items() if saved.get(p) != h)
        print(
            f"compared with {args.compare}: {len(all_prints) - len(differ)} identical, "
            f"{len(differ)} differ" + "".join(f"\n  {p}" for p in differ[:20])
        )
    if args.save:
        args.save.write_text(json.dumps(all_prints, indent=0))


if __name__ == "__main__":
    main()
