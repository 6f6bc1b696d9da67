"""Would BeautifulSoup earn its place as a forgiving parse where lxml gives up?

Generates tag soup (unclosed comments, CDATA, XML declarations, NULs, lone surrogates,
entities, real words), parses each with ``lxml.html``, and for those lxml refuses, asks
whether BeautifulSoup (``html.parser``) gets words out, and whether those words are
text a browser would show (not inside an unclosed ``<!--``, CDATA or ``<script>``) and
that lxml cannot get once the XML declaration is removed.

    python benchmarks/bs4_fallback.py [--docs 3000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
import warnings
from collections import Counter

PIECES = [
    "<p>", "</p>", "<div>", "</div>", "<!--", "-->", "<![CDATA[", "]]>",
    "<?xml version='1.0' encoding='utf-8'?>", "&amp;", "&#0;", "&#xD800;", "\x00", "\x0b",
    "<script>", "</script>", "<b", ">", "<", "<html>", "<body>", "\ud800",
    "Some real words of text here. ", "Der Stadtrat hat beschlossen. ",
    "<a href='x'>link</a>", "<table><tr><td>cell", "\r", "\x1f",
]  # fmt: skip
_HIDDEN = re.compile(r"<!--(?![\s\S]*-->)|<!\[CDATA\[(?![\s\S]*\]\]>)|<script>(?![\s\S]*</script>)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import lxml.html
    from bs4 import BeautifulSoup

    rng = random.Random(args.seed)
    kinds: Counter[str] = Counter()
    for _ in range(args.docs):
        doc = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60)))
        try:
            lxml.html.fromstring(doc)
            continue
        except Exception as exc:  # what lxml raises on soup is the measurement
            kinds["lxml raised"] += 1
            why = "empty document" if "empty" in str(exc) else "XML declaration in a str"
        try:
            words = BeautifulSoup(doc, "html.parser").get_text(" ", strip=True).split()
        except Exception as exc:
            kinds[f"{why}: bs4 raised {type(exc).__name__}"] += 1
            continue
        if len(words) < 5:
            kinds[f"{why}: bs4 got < 5 words"] += 1
            continue
        try:
            fixed = lxml.html.fromstring(re.sub(r"<\?xml[^>]*\?>", "", doc)).text_content()
        except Exception:
            fixed = ""
        if len(fixed.split()) >= 5:
            kinds[f"{why}: lxml gets them too once the XML declaration is dropped"] += 1
        elif _HIDDEN.search(doc):
            kinds[f"{why}: bs4 words are after an unclosed <!--, CDATA or <script>"] += 1
        else:
            kinds[f"{why}: only bs4 gets >= 5 shown words"] += 1
    print(f"{args.docs} generated documents")
    for kind, n in sorted(kinds.items()):
        print(f"{n:>6}  {kind}")


if __name__ == "__main__":
    main()
