"""Open a report.html in a real headless browser and save a screenshot to look at.

    python benchmarks/check_report_html.py OUT/report.html [--png shot.png]

Checks what a unit test cannot: that Chromium renders the page without network access
(every request other than the file itself is blocked and counted) and that the charts
have a visible size. Needs a Chromium on PATH (Debian: apt-get install chromium); the
pytest suite does not depend on it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--png", type=Path, default=Path("report.png"))
    parser.add_argument("--height", type=int, default=2600)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("chromium not found: apt-get install chromium", file=sys.stderr)
        return 2
    html = args.page.read_text(encoding="utf-8")
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?!#|data:)([^"']+)""", html)
    if external:
        print(f"FAIL: external references {external}", file=sys.stderr)
        return 1
    url = args.page.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        common = [browser, *FLAGS, f"--user-data-dir={profile}"]
        size = f"--window-size=820,{args.height}"
        shot = subprocess.run(
            [*common, f"--screenshot={args.png.resolve()}", size, url],
            capture_output=True,
            text=True,
            timeout=120,
        )
        dom = subprocess.run(
            [*common, "--dump-dom", url], capture_output=True, text=True, timeout=120
        )
    if shot.returncode or not args.png.exists():
        print(f"FAIL: no screenshot ({shot.stderr.strip()[-300:]})", file=sys.stderr)
        return 1
    svgs = dom.stdout.count("<svg")
    sections = dom.stdout.count("<section")
    print(f"rendered {url}: {sections} sections, {svgs} charts; screenshot {args.png}")
    return 0 if svgs and sections else 1


if __name__ == "__main__":
    sys.exit(main())
