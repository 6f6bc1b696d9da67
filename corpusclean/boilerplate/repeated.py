"""The ``boilerplate.repeated_lines`` corpus stage: lines a source repeats in many documents.

A site's footer, its byline template or its "Advertisement" marker look like ordinary
text inside one document; only repetition across the source gives them away. Documents
are grouped by source (site from ``meta["url"]``, folder or JSONL file, or a JSONL field),
and a line found in at least ``min_docs`` documents of its group, and in at least
``min_share`` of them, is removed from each.

Memory stays bounded: workers send, per document, one 64-bit xxh3 hash per candidate line
(the lines near the edges, where templates sit, and short lines anywhere), never text.
Identical documents count once, so five copies of one article do not make its
sentences look like a template (exact and near duplicates are removed later by dedup).
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple
from urllib.parse import urlsplit

import numpy as np
import xxhash

from ..document import Document
from ..stage import StageBase


class LineSummary(NamedTuple):
    """What a worker sends for one document: its group, its text hash, its line hashes."""

    group: str
    content: int
    lines: tuple[int, ...]


def source_group(doc: Document, group_by: str) -> str:
    """The source a document belongs to: ``auto``, ``site``, ``folder`` or a meta field.

    ``auto`` is the site of ``meta["url"]`` when there is one, else the folder (for a
    JSONL record, its file). A field missing from a record falls back to the folder.
    """
    if group_by in ("auto", "site"):
        url = doc.meta.get("url")
        if isinstance(url, str) and url:
            host = urlsplit(url if "//" in url else f"//{url}").netloc.lower()
            if host:
                return f"site:{host.removeprefix('www.')}"
    elif group_by != "folder":
        value = doc.meta.get(group_by)
        if value is not None:
            return f"{group_by}:{value}"
    path = doc.source.split("#", 1)[0]
    if "#" in doc.source:  # a JSONL record: its file is its source
        return f"file:{path}"
    return f"folder:{path.rsplit('/', 1)[0] if '/' in path else ''}"


@dataclass
class RepeatedLines(StageBase):
    """Remove lines repeated across many documents of the same source."""

    name: ClassVar[str] = "boilerplate.repeated_lines"
    #: ``apply`` removes lines: the stages after it must see the text it leaves.
    rewrites_text: ClassVar[bool] = True

    # "auto" (site from meta url, else folder or JSONL file), "site", "folder", or the
    # name of a JSONL field that names the source.
    group_by: str = "auto"
    # A line must be in this many distinct documents of its group: below five, a shared
    # quote or a common heading is as likely as a template.
    min_docs: int = 5
    # ... and in this share of the group's documents: a template is on most pages.
    min_share: float = 0.2
    # Lines this close to either end (non-blank lines) are where headers, bylines and
    # footers sit; a repeated run there is removed whole.
    edge_lines: int = 15
    # In the middle of a document, only short repeated lines go ("Advertisement",
    # "Continue reading below"): a long repeated line there may be a shared quote.
    max_words_inside: int = 8

    def _candidates(self, lines: list[str]) -> list[tuple[int, int, bool]]:
        """``(index, hash, at_edge)`` for each line that may be removed."""
        nonblank = [i for i, line in enumerate(lines) if line.strip()]
        edge = set(nonblank[: self.edge_lines]) | set(nonblank[-self.edge_lines :])
        out = []
        for i in nonblank:
            key = " ".join(lines[i].split())
            at_edge = i in edge
            if at_edge or len(key.split()) <= self.max_words_inside:
                out.append((i, xxhash.xxh3_64_intdigest(key.encode("utf-8")), at_edge))
        return out

    def summarize(self, doc: Document) -> LineSummary:
        hashes = {h for _, h, _ in self._candidates(doc.text.split("\n"))}
        content = xxhash.xxh3_64_intdigest(doc.text.encode("utf-8"))
        return LineSummary(source_group(doc, self.group_by), content, tuple(sorted(hashes)))

    def decide(self, summaries: Iterable[tuple[str, LineSummary]]) -> dict[str, frozenset[int]]:
        """Per group, the hashes of the lines repeated often enough to be a template.

        The summaries are read once into packed arrays (a group number and a text hash
        per document, a 64-bit hash per candidate line), then counted with numpy sorts:
        about 12 bytes per candidate line centrally, and no Python object per line.
        """
        groups: dict[str, int] = {}
        doc_group, doc_content, doc_lines = array("q"), array("Q"), array("q")
        line_hashes = array("Q")
        for _, summary in summaries:
            doc_group.append(groups.setdefault(summary.group, len(groups)))
            doc_content.append(summary.content)
            doc_lines.append(len(summary.lines))
            line_hashes.extend(summary.lines)
        if not groups:
            return {}
        group = np.frombuffer(doc_group, dtype=np.int64)
        content = np.frombuffer(doc_content, dtype=np.uint64)
        # Identical documents count once: keep the first of each (group, text hash).
        pairs = np.stack((group.astype(np.uint64), content), axis=1)
        _, first = np.unique(pairs, axis=0, return_index=True)
        keep = np.zeros(len(group), dtype=bool)
        keep[first] = True
        n_docs = np.bincount(group[keep], minlength=len(groups))
        counts = np.frombuffer(doc_lines, dtype=np.int64)
        line_group = np.repeat(group, counts)[np.repeat(keep, counts)]
        hashes = np.frombuffer(line_hashes, dtype=np.uint64)[np.repeat(keep, counts)]
        if not len(hashes):
            return {}
        keys, seen_in = np.unique(
            np.stack((line_group.astype(np.uint64), hashes), axis=1), axis=0, return_counts=True
        )
        needed = np.maximum(self.min_docs, self.min_share * n_docs)
        repeated = keys[seen_in >= needed[keys[:, 0].astype(np.int64)]]
        names = list(groups)
        decision: dict[str, set[int]] = defaultdict(set)
        for g, h in repeated.tolist():
            decision[names[g]].add(h)
        return {name: frozenset(found) for name, found in decision.items()}

    def apply(self, doc: Document, decision: dict[str, frozenset[int]]) -> Document:
        repeated = decision.get(source_group(doc, self.group_by))
        if not repeated:
            return doc
        lines = doc.text.split("\n")
        drops = {i: "repeated" for i, h, _ in self._candidates(lines) if h in repeated}
        doc.drop_lines(drops, self.name)
        return doc

    def describe(self, decision: dict[str, frozenset[int]]) -> dict[str, Any]:
        return {
            "groups_with_repeats": len(decision),
            "repeated_lines": sum(len(v) for v in decision.values()),
        }
