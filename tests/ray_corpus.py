"""A generated corpus for the distributed tests: news from three sites, with templates,
exact copies and near-duplicates, built from the seed articles' sentences."""

from __future__ import annotations

import random
import re
from pathlib import Path

import orjson

from corpusclean.document import Document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SITES = {
    "meridian.example": ("Meridian News | World", "Meridian News is funded by its readers."),
    "harbour-times.example": ("Harbour Times — Politics", "© Harbour Times. All rights reserved."),
    "www.dailyledger.example": ("The Daily Ledger", "Share this article on Facebook Twitter"),
}


def sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir()))
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 8]


def records(n: int, seed: int = 3) -> list[dict[str, str]]:
    """``n`` records ``{"text", "url"}``: about 10 % near-duplicates (an edited sentence or
    another footer), 5 % exact copies in other case and spacing, and site templates."""
    rng = random.Random(seed)
    pool = sentences()
    sites = sorted(SITES)
    made: list[dict[str, str]] = []
    for i in range(n):
        site = sites[i % len(sites)]
        header, footer = SITES[site]
        roll = rng.random()
        if made and roll < 0.05:
            text = rng.choice(made)["text"].upper().replace(" ", "  ")
        elif made and roll < 0.15:
            lines = rng.choice(made)["text"].split("\n")
            k = rng.randrange(1, len(lines) - 1)
            weeks = rng.randint(2, 9)
            lines[k] = f"Officials said on day {i} that talks would resume in {weeks} weeks."
            text = "\n".join(lines)
        else:
            body = rng.sample(pool, 7)
            body_of = rng.choice(["council", "ministry", "port"])
            lead = f"Report {i}: the {body_of} met on {i % 28 + 1} May."
            parts = [lead, *body]
            if rng.random() < 0.8:
                parts = [header, *parts, footer]
            text = "\n".join(parts)
        made.append({"text": text, "url": f"https://{site}/story/{i}"})
    return made


def documents(n: int, seed: int = 3) -> list[Document]:
    return [
        Document.from_text(r["text"], source=f"news.jsonl#{k + 1}", url=r["url"])
        for k, r in enumerate(records(n, seed))
    ]


def write_jsonl(path: Path, n: int, seed: int = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records(n, seed)))
    return path
