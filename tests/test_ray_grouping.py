"""The grouped form of the corpus stages gives the same decisions as their ``decide``."""

from __future__ import annotations

import numpy as np
import pytest
from ray_corpus import documents

from corpusclean.boilerplate.repeated import RepeatedLines
from corpusclean.dedup.exact import ExactDedup
from corpusclean.dedup.minhash import NearDedup
from corpusclean.document import Document
from corpusclean.grouping import decide_grouped, is_grouped, mix, positions
from corpusclean.pipeline import summarize


def shards_of(stage, docs, sizes=(37, 0, 120, 5, 64)):
    """The documents' summaries cut into shards of uneven sizes (one empty)."""
    stage.setup()
    pairs = summarize(stage, docs)
    out, start, k = [], 0, 0
    while start < len(pairs):
        size = sizes[k % len(sizes)]
        out.append(pairs[start : start + size])
        start, k = start + size, k + 1
    return out


def flat(shards):
    return [pair for shard in shards for pair in shard]


@pytest.fixture(scope="module")
def docs():
    return documents(900)


def test_the_three_corpus_stages_have_the_grouped_form() -> None:
    assert all(is_grouped(s) for s in (ExactDedup(), NearDedup(), RepeatedLines()))


def test_exact_duplicates_by_digest_are_the_same(docs) -> None:
    stage = ExactDedup()
    shards = shards_of(stage, docs)
    local = stage.decide(flat(shards))
    assert len(local.duplicates) > 30
    for parts in (1, 3, 7):
        assert decide_grouped(stage, shards, parts=parts) == local


@pytest.mark.parametrize("verify", ["signature", "exact", "none"])
def test_near_duplicates_by_band_and_bucket_are_the_same(docs, verify) -> None:
    stage = NearDedup(verify=verify)
    shards = shards_of(stage, docs)
    local = stage.decide(flat(shards))
    assert sum(m.cluster != k for k, m in local.members.items()) > 40
    for parts in (1, 4):
        grouped = decide_grouped(stage, shards, parts=parts)
        assert grouped.members == local.members
        assert grouped.candidate_pairs == local.candidate_pairs
        assert grouped.verified_pairs == local.verified_pairs


def test_near_duplicates_skip_what_exact_dedup_rejected(docs) -> None:
    exact, near = ExactDedup(), NearDedup()
    gone = set(exact.rejected_ids(exact.decide(flat(shards_of(exact, docs)))))
    shards = shards_of(near, docs)
    local = near.decide(pair for pair in flat(shards) if pair[0] not in gone)
    grouped = decide_grouped(near, shards, gone=gone, parts=3)
    assert not gone & grouped.members.keys()
    assert grouped == local


@pytest.mark.parametrize("options", [{}, {"min_docs": 3, "min_share": 0.5}, {"group_by": "folder"}])
def test_repeated_lines_by_group_and_line_are_the_same(docs, options) -> None:
    stage = RepeatedLines(**options)
    shards = shards_of(stage, docs)
    local = stage.decide(flat(shards))
    assert local  # the site headers and footers
    for parts in (1, 5):
        assert decide_grouped(stage, shards, parts=parts) == local


def test_identical_texts_count_once_for_repeated_lines() -> None:
    # Six copies of one story in a group of six: its lines are in one distinct text only.
    body = "The port reopened on Monday after the storm.\nShips waited for two days."
    docs = [Document.from_text(body, source=f"copies/{k}.txt") for k in range(6)]
    stage = RepeatedLines(min_docs=2)
    shards = shards_of(stage, docs, sizes=(4,))
    assert stage.decide(flat(shards)) == {} == decide_grouped(stage, shards, parts=2)


def test_nothing_to_decide_gives_empty_decisions() -> None:
    for stage in (ExactDedup(), NearDedup(), RepeatedLines()):
        stage.setup()
        assert decide_grouped(stage, [[], []]) == stage.decide([])


def test_positions_sort_in_input_order_across_shards() -> None:
    joined = np.concatenate([positions(0, 3), positions(1, 2), positions(7, 1)])
    assert (np.diff(joined) > 0).all()
    a, b = np.array([1, 2], dtype=np.uint64), np.array([2, 1], dtype=np.uint64)
    assert mix(a, b)[0] != mix(a, b)[1]  # the key depends on the order of the columns
