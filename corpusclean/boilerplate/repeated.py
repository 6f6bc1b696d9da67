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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple
from urllib.parse import urlsplit

import numpy as np
import xxhash

from ..document import Document
from ..grouping import Pair, group_starts, mix
from ..stage import StageBase
from ..text import is_code_line, protected_lines, text_kind

#: Grouped rows of round 0: one per document (``key`` is its group's hash) ...
_DOC_ROW = np.dtype([("key", "<u8"), ("content", "<u8")])
#: ... and of round 1: one per candidate line of a document of a large enough group.
_LINE_ROW = np.dtype(
    [("key", "<u8"), ("group", "<u8"), ("line", "<u8"), ("content", "<u8"), ("pos", "<i8")]
)


def _syntax(key: str) -> bool:
    """A line of source syntax (``else:``, ``x = 1``) or without a letter (``}``)."""
    return is_code_line(key) or not any(c.isalpha() for c in key)


def _group_hash(group: str) -> int:
    return xxhash.xxh3_64_intdigest(group.encode("utf-8", "surrogateescape"))


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
    min_docs: int = field(default=5, metadata={"ge": 2})
    # ... and in this share of the group's documents: a template is on most pages.
    min_share: float = field(default=0.2, metadata={"ge": 0, "le": 1})
    # Lines this close to either end (non-blank lines) are where headers, bylines and
    # footers sit; a repeated run there is removed whole.
    edge_lines: int = field(default=15, metadata={"ge": 0})
    # In the middle of a document, only short repeated lines go ("Advertisement",
    # "Continue reading below"): a long repeated line there may be a shared quote.
    max_words_inside: int = field(default=8, metadata={"ge": 0})

    def _candidates(
        self, lines: list[str], wanted: frozenset[int] | None = None
    ) -> list[tuple[int, int, bool]]:
        """``(index, hash, at_edge)`` for each line that may be removed (and whose hash
        is in ``wanted``, when given: the lines of a group's template, whose hashes are
        looked up before the costlier tests below).

        Will not offer: any line of a text that is code, a table, a man page source, a
        license or preformatted layout (:func:`text_kind`), nor lines of code, markup or
        layout inside a text (:func:`protected_lines`), nor a line of source syntax
        (``else:``, ``return``, ``x = 1``) or without a letter (``\"\"\"``, ``}``):
        files of one project repeat those by the hundred, and they are content.
        """
        if text_kind(lines) != "prose":
            return []
        protected = protected_lines(lines)
        nonblank = [i for i, line in enumerate(lines) if line.strip() and not protected[i]]
        edge = set(nonblank[: self.edge_lines]) | set(nonblank[-self.edge_lines :])
        out = []
        inside = self.max_words_inside
        for i in nonblank:
            at_edge = i in edge
            # Inside, a line is split no further than needed to know it is too long.
            words = lines[i].split() if at_edge else lines[i].split(None, inside)
            if not at_edge and len(words) > inside:
                continue  # a long line inside the text: never a candidate, so no more checks
            key = " ".join(words)
            found = xxhash.xxh3_64_intdigest(key.encode("utf-8"))
            if (wanted is None or found in wanted) and not _syntax(key):
                out.append((i, found, at_edge))
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

    # The grouped form of ``decide`` (corpusclean.grouping), in two rounds. Round 0 groups
    # the documents on their source group and counts its distinct texts; only groups with
    # at least ``min_docs`` of them can have a repeated line. Round 1 groups the lines of
    # those groups on (group, line hash) and counts the distinct texts holding each: the
    # same count as ``decide``, since identical texts hold identical lines.
    group_rounds: ClassVar[int] = 2

    def group_rows(
        self, summaries: Sequence[Pair], positions: np.ndarray, round_: int, context: Any
    ) -> np.ndarray:
        hashes = {s.group: 0 for _, s in summaries}
        for name in hashes:
            hashes[name] = _group_hash(name)
        groups = [hashes[s.group] for _, s in summaries]
        if round_ == 0:
            rows = np.empty(len(summaries), dtype=_DOC_ROW)
            rows["key"] = np.array(groups, dtype=np.uint64)
            rows["content"] = np.array([s.content for _, s in summaries], dtype=np.uint64)
            return rows
        sizes: dict[int, int] = context
        picked = [k for k, g in enumerate(groups) if g in sizes and summaries[k][1].lines]
        counts = [len(summaries[k][1].lines) for k in picked]
        rows = np.empty(sum(counts), dtype=_LINE_ROW)
        rows["group"] = np.repeat(np.array([groups[k] for k in picked], dtype=np.uint64), counts)
        rows["line"] = np.fromiter(
            (h for k in picked for h in summaries[k][1].lines), dtype=np.uint64, count=len(rows)
        )
        contents = [summaries[k][1].content for k in picked]
        rows["content"] = np.repeat(np.array(contents, dtype=np.uint64), counts)
        rows["pos"] = np.repeat(positions[np.asarray(picked, dtype=np.int64)], counts)
        rows["key"] = mix(rows["group"], rows["line"])
        return rows

    def group_reduce(self, rows: np.ndarray, round_: int, context: Any) -> Any:
        """Round 0: ``{group hash: distinct texts}`` of the groups large enough; round 1:
        ``(group, line, position of a document of the group)`` of each repeated line."""
        if round_ == 0:
            rows = np.unique(rows)  # one row per distinct text of a group
            groups, texts = np.unique(rows["key"], return_counts=True)
            large = texts >= self.min_docs
            return dict(zip(groups[large].tolist(), texts[large].tolist(), strict=True))
        rows = rows[np.lexsort((rows["pos"], rows["content"], rows["line"], rows["group"]))]
        rows = rows[group_starts(rows["group"], rows["line"], rows["content"])]
        starts = np.flatnonzero(group_starts(rows["group"], rows["line"]))
        holders = np.diff(np.append(starts, len(rows)))
        first = rows[starts]
        sizes: dict[int, int] = context
        needed = np.array(
            [max(self.min_docs, self.min_share * sizes[g]) for g in first["group"].tolist()],
            dtype=np.float64,
        )
        kept = first[holders >= needed]
        return np.stack((kept["group"], kept["line"], kept["pos"].astype(np.uint64)), axis=1)

    def group_combine(self, partials: list[Any], round_: int, context: Any) -> Any:
        if round_ == 0:
            return {g: n for part in partials for g, n in part.items()}
        return np.concatenate(partials)

    def group_wanted(self, context: np.ndarray) -> np.ndarray:
        """One document of each group with a repeated line, to learn the group's name."""
        _, first = np.unique(context[:, 0], return_index=True)
        return np.unique(context[first, 2].astype(np.int64))

    def group_decision(
        self, context: np.ndarray, found: dict[int, Pair]
    ) -> dict[str, frozenset[int]]:
        names = {_group_hash(s.group): s.group for _, s in found.values()}
        lines: dict[str, set[int]] = defaultdict(set)
        for g, h, _ in context.tolist():
            lines[names[g]].add(h)
        return {name: frozenset(hashes) for name, hashes in lines.items()}

    def apply(self, doc: Document, decision: dict[str, frozenset[int]]) -> Document:
        repeated = decision.get(source_group(doc, self.group_by))
        if not repeated:
            return doc
        lines = doc.text.split("\n")
        drops = {i: "repeated" for i, _, _ in self._candidates(lines, repeated)}
        doc.drop_lines(drops, self.name)
        return doc

    def describe(self, decision: dict[str, frozenset[int]]) -> dict[str, Any]:
        return {
            "groups_with_repeats": len(decision),
            "repeated_lines": sum(len(v) for v in decision.values()),
        }
