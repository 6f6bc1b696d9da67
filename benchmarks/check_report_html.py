"""Open a report.html in a real headless browser and save a screenshot to look at.

    python benchmarks/check_report_html.py OUT/report.html [--png shot.png]
    python benchmarks/check_report_html.py --generate 3000 [--png shot.png]

Checks what a unit test cannot: that Chromium renders the page without network access
(every request other than the file itself is blocked and counted), at 1280 px, with
charts of a visible size and no label wider than its box. ``--generate N`` first writes
a corpus of N documents built from the test texts (sites, folders and JSONL files;
boilerplate lines, site templates, exact and near copies, short and junk pages, five
languages) into ``~/.cache/corpusclean-bench/report-corpus`` and cleans it with this
checkout, so the page is judged on a run of thousands of documents, not on the seeds.
Needs a Chromium on PATH (Debian: apt-get install chromium); the suite does not.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path.home() / ".cache" / "corpusclean-bench" / "report-corpus"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    # Any request off the page (a forgotten CDN script, a web font) fails to resolve.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
# Measures, in the rendered page, every label cell and chart whose content is wider
# than its box (a clipped or overflowing label), and the page's own width.
PROBE = """<script>
addEventListener('load', () => {
  const bad = [...document.querySelectorAll('th, td, figcaption, svg, p, code')]
    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto')
    .map(e => e.tagName + ':' + e.textContent.slice(0, 60));
  const out = document.createElement('pre');
  out.id = 'probe';
  const page = document.documentElement;
  out.textContent = JSON.stringify(
    {overflow: bad, width: page.scrollWidth, height: page.scrollHeight});
  document.body.append(out);
});
</script>"""
TEMPLATE_TOP = ["Home > {site} > News", "Menu", "Subscribe to the {site} newsletter"]
TEMPLATE_END = ["© 2024 {site} Media Group. All rights reserved.", "Privacy policy | Terms of use"]
PROMPTS = ["Share this article", "Read more: {title}", "Advertisement", "Click here to subscribe"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, nargs="?")
    parser.add_argument("--generate", type=int, metavar="N", help="clean N generated documents")
    parser.add_argument("--png", type=Path, default=Path("report.png"))
    parser.add_argument("--height", type=int, default=2600)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    if args.generate:
        args.page = clean_generated(args.generate)
    if args.page is None:
        parser.error("give a report.html or --generate N")
    html = args.page.read_text(encoding="utf-8")
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?!#|data:)([^"']+)""", html)
    if external or "<script" in html:
        print(f"FAIL: external references {external} or a script", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        common = [browser, *FLAGS, f"--user-data-dir={profile}", "--window-size=1280,800"]
        window, png = f"--window-size=1280,{args.height}", f"--screenshot={args.png.resolve()}"
        shot = subprocess.run(
            [*common[:-1], window, png, args.page.resolve().as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
        probed = Path(profile) / "probe.html"
        probed.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
        dom = subprocess.run(
            [*common, "--virtual-time-budget=5000", "--dump-dom", probed.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    if shot.returncode or not args.png.exists():
        print(f"FAIL: no screenshot ({shot.stderr.strip()[-300:]})", file=sys.stderr)
        return 1
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    probe = json.loads(found.group(1).replace("&quot;", '"')) if found else None
    svgs, sections = dom.stdout.count("<svg"), dom.stdout.count("<section")
    print(f"rendered {args.page}: {sections} sections, {svgs} charts; screenshot {args.png}")
    if probe is None:
        print("FAIL: the layout probe did not run", file=sys.stderr)
        return 1
    boxes = len(probe["overflow"])
    size = f"{probe['width']} x {probe['height']} px"
    print(f"page {size} at a 1280 px window; overflowing boxes: {boxes}")
    for box in probe["overflow"][:20]:
        print(f"  overflow: {box}")
    ok = svgs and sections and not probe["overflow"] and probe["width"] <= 1280
    return 0 if ok else 1


def clean_generated(n: int) -> Path:
    """Write ``n`` documents under CACHE, clean them with this checkout; the report path."""
    corpus, out = CACHE / "in", CACHE / "out"
    shutil.rmtree(CACHE, ignore_errors=True)
    write_corpus(corpus, n, random.Random(13))
    command = [sys.executable, "-m", "corpusclean", "clean", str(corpus), "-o", str(out), "-q"]
    command += ["--quality", "gopher", "--lang", "en,de,fr,es,it,nl,pt"]
    subprocess.run(command, cwd=ROOT, check=True)
    return out / "report.html"


def write_corpus(folder: Path, n: int, rng: random.Random) -> None:
    """Plain-text folders per site, JSONL files with urls, and HTML pages, mixed."""
    pools = _sentences()
    pages = sorted((ROOT / "tests" / "data").rglob("*.html"))
    sites = [f"site{i}.example" if i % 3 else f"news-{i}.example.org" for i in range(14)]
    sites.append("a-very-long-regional-newspaper-name-with-many-sections.example.co.uk")
    written: list[str] = []
    jsonl: dict[str, list[str]] = {}
    for i in range(n):
        site = sites[min(int(rng.paretovariate(1.2)) - 1, len(sites) - 1)]
        text = _document(rng, pools, site, written)
        written.append(text)
        if i % 25 == 0:
            page = pages[rng.randrange(len(pages))]
            target = folder / "pages" / site / f"{i:05d}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page.read_bytes())
        elif i % 3 == 0:
            row = {"id": f"doc-{i}", "text": text, "url": f"https://www.{site}/story/{i}"}
            jsonl.setdefault(site, []).append(json.dumps(row, ensure_ascii=False))
        else:
            target = folder / "folders" / site.split(".")[0] / f"{i:05d}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    for site, rows in jsonl.items():
        path = folder / "crawl" / f"{site}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _sentences() -> list[list[str]]:
    """The sentences of the test texts, one pool per language (by file name prefix)."""
    texts = sorted((ROOT / "tests" / "data").rglob("*.txt")) + sorted(
        (ROOT / "seeds").glob("*.txt")
    )
    pools: dict[str, list[str]] = {}
    for path in texts:
        lang = path.stem[:2] if path.stem[2:3] == "_" or len(path.stem) == 2 else "en"
        found = re.findall(r"[A-ZÀ-Ý][^.!?\n]{30,}[.!?]", path.read_text(encoding="utf-8"))
        pools.setdefault(lang, []).extend(found)
    return [pool for pool in pools.values() if len(pool) >= 8]


def _document(rng: random.Random, pools: list[list[str]], site: str, written: list[str]) -> str:
    """One document: a copy, a near copy, a short or junk text, or a new article."""
    roll = rng.random()
    if written and roll < 0.06:
        return written[rng.randrange(len(written))]  # an exact re-post
    if written and roll < 0.12:
        words = written[rng.randrange(len(written))].split(" ")
        for _ in range(3):
            words[rng.randrange(len(words))] = rng.choice(["also", "however", "reportedly"])
        return " ".join(words)  # a re-post with edits
    if roll < 0.16:
        return rng.choice(["Click here to subscribe.", "Page not found", "Loading…", ""])
    pool = rng.choices(pools, weights=[len(p) for p in pools])[0]
    if roll < 0.20:
        return "\n".join([rng.choice(pool)[:80]] * rng.randint(5, 30))  # repeated-line spam
    body = [" ".join(rng.sample(pool, rng.randint(1, 4))) for _ in range(rng.randint(1, 7))]
    lines = [t.format(site=site) for t in TEMPLATE_TOP]
    if rng.random() < 0.5:
        lines.append(rng.choice(PROMPTS).format(title=body[0][:70]))
    lines += body
    lines += [t.format(site=site) for t in TEMPLATE_END]
    return "\n\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
