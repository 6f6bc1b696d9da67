"""A ``clean`` run with a slow stage, for the tests that kill or interrupt a run midway.

Run as ``python tests/job_script.py OUT INPUT [--resume]``: the slow stage sleeps a little
on each document, so that a test can stop the run in its second pass. It goes through the
command line's own entry point, so exit codes and messages are the CLI's.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpusclean.config import register_stage
from corpusclean.document import Document
from corpusclean.stage import StageBase


@register_stage
@dataclass
class Slow(StageBase):
    """Sleeps ``seconds`` per document: a stand-in for an expensive stage."""

    name: ClassVar[str] = "test.slow"
    seconds: float = 0.004

    def process(self, doc: Document) -> Document:
        time.sleep(self.seconds)
        return doc


CONFIG = """
[run]
workers = 2
shard_bytes = 20000

[[stages]]
use = "repair.whitespace"
[[stages]]
use = "test.slow"
[[stages]]
use = "boilerplate.repeated_lines"
[[stages]]
use = "dedup.exact"
[[stages]]
use = "test.slow"
[[stages]]
use = "tag.language"
"""

if __name__ == "__main__":
    out, source, *rest = sys.argv[1:]
    config = Path(out).parent / "job.toml"
    config.write_text(CONFIG, encoding="utf-8")
    from corpusclean.cli import main

    sys.argv = ["corpusclean", "clean", source, "-o", out, "-c", str(config), "-q", *rest]
    main()
