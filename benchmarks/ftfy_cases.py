"""ftfy's own test cases, run through ``corpusclean.repair_text`` and through ftfy.

The cases (``tests/test_cases.json`` of ftfy's source distribution) are downloaded at run
time with ``pip download --no-binary :all: --no-deps ftfy`` into
``~/.cache/corpusclean-bench/ftfy`` and never copied into this repository.

    python benchmarks/ftfy_cases.py            # the two figures
    python benchmarks/ftfy_cases.py --show     # and every case corpusclean misses

A case passes strictly when the output equals its ``fixed`` text. The second figure, for
both tools, compares up to the normalisation choices corpusclean makes on purpose, applied
to both sides: curly quotes are the author's typography and full-width forms are correct
in CJK text (ftfy's ``fix_text`` straightens and narrows them: ``uncurl_quotes`` and
``fix_character_width`` are off in ``corpusclean/repair/encoding.py``); control
characters are removed (ftfy keeps a few, such as a lone U+0081); whitespace at line
ends is removed (``repair.whitespace``).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # measure this checkout's code, not an installed copy

import ftfy  # noqa: E402
from ftfy.fixes import fix_character_width, uncurl_quotes  # noqa: E402

from corpusclean import repair_text  # noqa: E402

CACHE = Path.home() / ".cache" / "corpusclean-bench" / "ftfy"
PIP_DOWNLOAD = (sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps")
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def choices(text: str) -> str:
    """``text`` with corpusclean's deliberate normalisation choices applied (see above)."""
    text = CONTROL_RE.sub("", uncurl_quotes(fix_character_width(text)))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def cases() -> list[dict]:
    """The test cases of the installed ftfy version's source distribution."""
    CACHE.mkdir(parents=True, exist_ok=True)
    name = f"ftfy-{ftfy.__version__}"
    sdist = CACHE / f"{name}.tar.gz"
    if not sdist.exists():
        subprocess.run(
            [*PIP_DOWNLOAD, f"ftfy=={ftfy.__version__}", "-d", str(CACHE)],
            check=True,
        )
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(f"{name}/tests/test_cases.json")
        assert member is not None
        return json.loads(member.read().decode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print the cases corpusclean misses")
    args = parser.parse_args()
    data = cases()
    ours = ours_loose = theirs = theirs_loose = 0
    for case in data:
        original, fixed = case["original"], case["fixed"]
        out, ftfy_out = repair_text(original).text, ftfy.fix_text(original)
        theirs += ftfy_out == fixed
        theirs_loose += choices(ftfy_out) == choices(fixed)
        ours += out == fixed
        ours_loose += choices(out) == choices(fixed)
        if args.show and choices(out) != choices(fixed):
            print(
                f"- {case['label']}\n    in:   {original!r}\n    want: {fixed!r}\n    got:  {out!r}"
            )
    n = len(data)
    print(f"{n} cases (ftfy {ftfy.__version__})      strict   up to the normalisation choices")
    print(f"ftfy.fix_text              {theirs:>4}/{n}   {theirs_loose:>4}/{n}")
    print(f"corpusclean.repair_text    {ours:>4}/{n}   {ours_loose:>4}/{n}")


if __name__ == "__main__":
    main()
