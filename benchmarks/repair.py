"""Repair throughput, in MB/s on one core, over a few MB of real-looking text.

No download: the corpus is built from the seeds in ``seeds/`` with a fixed random seed.
A third of the documents are paragraphs of the clean seeds as they are (the common case),
a third carry light damage (some entities, glued punctuation, nbsp debris), a third heavy
damage like seed 003 (spaced and bare tags, lists and tables in mangled markup).

    python benchmarks/repair.py                 # ~4 MB, all repair stages
    python benchmarks/repair.py --mb 8 --bs4    # also time BeautifulSoup on the same text
    python benchmarks/repair.py --adversarial   # time per stage on the adversarial shapes
                                                # of tests/test_repair_linear.py, 50/200 KB

Prints the overall figure (the sum of each stage's best time over ``--repeat`` runs), the
time per stage, and the share of documents changed.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's code, not an installed copy

from corpusclean.document import Document  # noqa: E402
from corpusclean.repair.api import Repairer  # noqa: E402


def paragraphs(clean_only: bool = False) -> list[str]:
    """The longer lines of the seeds, the unit the generator recombines; ``clean_only``
    leaves out seed 003, whose lines carry debris of their own."""
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        if clean_only and path.name.startswith("003"):
            continue
        out.extend(line for line in path.read_text("utf-8").split("\n") if len(line) > 40)
    return out


def light(rng: random.Random, para: str) -> str:
    words = para.split(" ")
    for _ in range(max(1, len(words) // 25)):
        i = rng.randrange(len(words))
        words[i] = rng.choice(
            [words[i] + " ,", words[i] + "&nbsp;", "&amp;", words[i] + ",and", "\u00a0\u00a0"]
        )
    return " ".join(words)


def heavy(rng: random.Random, paras: list[str]) -> str:
    parts = []
    for para in paras:
        shape = rng.randrange(5)
        if shape == 0:
            parts.append(f"< p >& nbsp ;{para.replace(', ', ' , ')} p >")
        elif shape == 1:
            items = para.split(". ")[:4]
            parts.append(
                "\n".join(f"  • < strong >{it[:30]} : strong >{it[30:]} . li >" for it in items)
            )
        elif shape == 2:
            cells = para.split(" ")
            rows = [" ".join(cells[i : i + 4]) for i in range(0, min(len(cells), 24), 4)]
            body = "< / td > tr >< tr >< td >".join(f"{r}\n< / td >< td >{r[::-1]}\n" for r in rows)
            parts.append(f"tr > < td >{body}< / td > tr > tbody > table >")
        elif shape == 3:
            parts.append(f'<h2>{para[:60]}</h2><p class="lead">{para}</p><!-- ad -->')
        else:
            parts.append(light(rng, para))
    return "\n\n".join(parts)


def corpus(megabytes: float, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    paras, clean = paragraphs(), paragraphs(clean_only=True)
    docs: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        kind = len(docs) % 3
        pool = clean if kind == 0 else paras
        picked = rng.sample(pool, k=min(len(pool), rng.randint(4, 12)))
        if kind == 0:
            text = "\n\n".join(picked)
        elif kind == 1:
            text = "\n".join(light(rng, p) for p in picked)
        else:
            text = heavy(rng, picked)
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs


def adversarial() -> None:
    """The worst stage time on each adversarial shape at 50 KB and 200 KB: a linear
    repair takes about four times longer on four times the text, a quadratic one 16."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_repair_linear import SHAPES

    repairer = Repairer()
    print(f"{'shape':<20}{'50 KB':>8}{'200 KB':>9}  slowest stage at 200 KB")
    for name, shape in SHAPES.items():
        times = []
        for size in (50_000, 200_000):
            text = shape * (size // len(shape)) + " " * 200
            doc = Document.from_text(text)
            per_stage: Counter[str] = Counter()
            for stage in repairer.stages:
                t0 = time.perf_counter()
                doc = stage.process(doc)
                per_stage[stage.name] += time.perf_counter() - t0
            times.append((sum(per_stage.values()), per_stage.most_common(1)[0]))
        (small, _), (big, (stage, spent)) = times
        print(f"{name:<20}{small:>7.2f}s{big:>8.2f}s  {stage} {spent:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    parser.add_argument("--bs4", action="store_true", help="also time BeautifulSoup.get_text")
    parser.add_argument("--adversarial", action="store_true", help="time adversarial inputs")
    args = parser.parse_args()
    if args.adversarial:
        adversarial()
        return
    docs = corpus(args.mb)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    repairer = Repairer()
    best: dict[str, float] = {}
    for _ in range(args.repeat):  # best of N: other work on the machine only adds time
        per_stage: Counter[str] = Counter()
        changed = 0
        for text in docs:
            doc = Document.from_text(text)
            for stage in repairer.stages:
                t0 = time.perf_counter()
                doc = stage.process(doc)
                per_stage[stage.name] += time.perf_counter() - t0
            changed += doc.text != text
        for name, spent in per_stage.items():
            best[name] = min(best.get(name, spent), spent)
    seconds = sum(best.values())
    print(f"{len(docs):,} documents, {megabytes:.2f} MB, {changed / len(docs):.0%} changed")
    print(f"repair: {seconds:.2f} s = {megabytes / seconds:.2f} MB/s on one core")
    for name, spent in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<20} {spent:6.2f} s  {megabytes / spent:8.1f} MB/s")
    if args.bs4:
        from bs4 import BeautifulSoup

        t0 = time.perf_counter()
        for text in docs:
            BeautifulSoup(text, "html.parser").get_text()
        spent = time.perf_counter() - t0
        print(f"BeautifulSoup(html.parser).get_text: {spent:.2f} s = {megabytes / spent:.2f} MB/s")


if __name__ == "__main__":
    main()
