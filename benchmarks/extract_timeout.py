"""Does the time bound of ``extract.html`` stop trafilatura on a large page?

    python benchmarks/extract_timeout.py [--paragraphs N] [--timeout S]

Builds one 3 MB page of 40,000 paragraphs (under the default 5 MB size bound), then
extracts it with the time bound and without it, and prints the time each took.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpusclean.document import Document
from corpusclean.extract.html import ExtractHtml


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=40000)
    parser.add_argument("--timeout", type=float, default=0.5)
    args = parser.parse_args()
    body = "".join(
        f"<div><p>Paragraph {i} with some words about the harbour and the ships.</p></div>"
        for i in range(args.paragraphs)
    )
    html = f"<html><head><title>Big</title></head><body>{body}</body></html>"
    print(f"page: {len(html) / 1e6:.1f} MB")
    for timeout in (args.timeout, 0.0):
        doc = Document.from_text(html, source="big.html")
        doc.tags["format"] = "html"
        start = time.perf_counter()
        doc = ExtractHtml(timeout=timeout).process(doc)
        elapsed = time.perf_counter() - start
        label = f"timeout={timeout:g}s" if timeout else "no timeout"
        print(f"{label}: {elapsed:.2f} s, rejected={doc.rejected}")


if __name__ == "__main__":
    main()
