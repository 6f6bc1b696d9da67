"""What report.json and report.html say about a run: sources, signal histograms, examples.

The documents are the test texts run through the default pipeline with the gates on, so
the statistics are those of real removals, rejections and duplicates. RunStats is filled
the way the executors fill it (``add`` per document in a shard, ``merge`` in the parent),
and every figure must come out the same whatever the sharding and the merge order.
"""

from __future__ import annotations

import copy
import pickle
import random
import re
from html import escape
from pathlib import Path

import pytest

from corpusclean.config import build_stage, default_stages
from corpusclean.document import Document
from corpusclean.pipeline import Pipeline
from corpusclean.report import build_report, render_html
from corpusclean.report import stats as stats_module
from corpusclean.report.charts import histogram, label_html
from corpusclean.report.html import cluster_bins
from corpusclean.report.stats import SAMPLES_PER_KIND, RunStats, signal_bin

ROOT = Path(__file__).parent.parent
TEXTS = sorted((ROOT / "tests" / "data").rglob("*.txt")) + sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def finished() -> list[Document]:
    """Every test text, a verbatim copy of two of them, through the default pipeline."""
    docs = [
        Document.from_text(p.read_text(encoding="utf-8"), p.relative_to(ROOT).as_posix())
        for p in TEXTS
    ]
    copies = [Document.from_text(d.text, f"copies/{i}.txt") for i, d in enumerate(docs[-2:])]
    stages = [*default_stages(), build_stage("filter.quality", {"presets": ["gopher"]})]
    return list(Pipeline(stages).run(docs + copies))


def _stats(docs: list[Document], shards: int, seed: int) -> RunStats:
    """Count ``docs`` in ``shards`` random shards, merged in a random order."""
    rng = random.Random(seed)
    parts = [RunStats() for _ in range(shards)]
    for doc in docs:
        rng.choice(parts).add(doc)
    rng.shuffle(parts)
    total = RunStats()
    for part in parts:
        total.merge(pickle.loads(pickle.dumps(part)))  # as a worker's stats arrive
    return total


def _report(stats: RunStats) -> dict:
    report = build_report(stats, {"run": {}, "stages": []}, ["in"])
    report.pop("timings")
    return report


def test_the_report_is_the_same_for_any_sharding_and_merge_order(finished) -> None:
    one = _report(_stats(finished, 1, 0))
    for shards, seed in ((3, 1), (7, 2), (len(finished), 3)):
        assert _report(_stats(finished, shards, seed)) == one


def test_what_the_run_did_is_in_the_report(finished) -> None:
    report = _report(_stats(finished, 1, 0))
    rejected = [d for d in finished if d.rejected]
    assert sum(r["in"] for r in report["sources"]) == len(finished)
    assert sum(r["rejected"] for r in report["sources"]) == len(rejected)
    sources = {r["source"]: r for r in report["sources"]}
    assert sources["folder:copies"] == {
        "source": "folder:copies",
        "in": 2,
        "kept": 0,
        "rejected": 2,
        "reasons": {"duplicate_of": 2},
    }
    for row in report["sources"]:
        assert sum(row["reasons"].values()) == row["rejected"]
    # Each duplicate pair names a kept document of the run.
    kept_ids = {d.id for d in finished if d.kept}
    pairs = report["samples"]["duplicates"]
    assert pairs and all(p["duplicate_of"] in kept_ids for p in pairs)
    # A rejected example per reason, each the opening of a document rejected for it.
    by_id = {d.id: d for d in finished}
    for reason, examples in report["samples"]["rejected"].items():
        assert 1 <= len(examples) <= SAMPLES_PER_KIND
        for example in examples:
            assert by_id[example["id"]].rejected == reason
    removed = report["samples"]["removed"]
    assert set(removed) == set(report["removals"])
    for rule, examples in removed.items():
        for example in examples:
            lines = [
                f"{r.stage}.{r.reason}\0{' '.join(r.text.split())}"
                for r in by_id[example["id"]].removed
            ]
            assert f"{rule}\0{example['text']}" in lines


def test_signal_histograms_count_each_tagged_document_once(finished) -> None:
    report = _report(_stats(finished, 1, 0))
    tagged = [d for d in finished if "gopher_word_count" in d.tags]
    words = report["signals"]["gopher_word_count"]
    assert sum(words["kept"]) + sum(words["rejected"]) == len(tagged)
    assert sum(words["rejected"]) == sum(1 for d in tagged if d.rejected)
    # Documents under Gopher's 50 words are the ones the gate rejected for it.
    under_50 = sum(
        words["kept"][i] + words["rejected"][i] for i, e in enumerate(words["bins"]) if e < 50
    )
    assert under_50 == sum(1 for d in tagged if d.tags["gopher_word_count"] < 50)
    assert "c4_lorem_ipsum" not in report["signals"]  # a true/false signal has no histogram


def test_bins_put_edges_and_extremes_where_they_belong() -> None:
    assert signal_bin("lang_score", 0.0) == 0
    assert signal_bin("lang_score", 0.05) == 1
    assert signal_bin("lang_score", 1.0) == 19  # the last bin is 0.95 to 1
    assert signal_bin("gopher_word_count", 49) == 2 and signal_bin("gopher_word_count", 50) == 3
    assert signal_bin("gopher_word_count", 10**7) == 11


def test_a_tag_of_another_type_is_not_counted_as_a_signal() -> None:
    stats = RunStats()
    doc = Document.from_text("Some text here.", "a/b.txt")
    doc.tags.update(lang_score="high", gopher_word_count=True, gopher_mean_word_length=4.5)
    stats.add(doc)
    assert list(stats.signals) == ["gopher_mean_word_length"]


def test_stats_stay_small_however_many_documents(finished) -> None:
    """No per-document list: 40 times the documents, about the same pickled size."""
    small = len(pickle.dumps(_stats(finished, 1, 0)))
    many = []
    for i in range(40):
        for doc in finished:
            twin = copy.deepcopy(doc)
            twin.id = f"{doc.id}-{i}"
            many.append(twin)
    large = len(pickle.dumps(_stats(many, 4, 5)))
    assert large < 1.5 * small


def test_sources_past_the_cap_are_summed_as_other(monkeypatch) -> None:
    monkeypatch.setattr(stats_module, "MAX_SOURCES", 3)
    stats = RunStats()
    for i in range(20):
        for _ in range(20 - i):  # folder 0 has 20 documents, folder 19 has one
            doc = Document.from_text("A line of text.", f"site{i:02d}/doc.txt")
            stats.add(doc.reject("too_short") if i % 2 else doc)
    report = _report(stats)
    assert sum(r["in"] for r in report["sources"]) == stats.docs_in
    names = [r["source"] for r in report["sources"]]
    assert names[:3] == ["folder:site00", "folder:site01", "folder:site02"]
    assert stats_module.OTHER in names and len(names) <= 2 * 3 + 1
    for row in report["sources"]:
        assert sum(row["reasons"].values()) == row["rejected"]
    assert sum(r["rejected"] for r in report["sources"]) == stats.n_rejected


def test_the_page_draws_what_the_report_holds(finished, tmp_path: Path) -> None:
    report = build_report(_stats(finished, 2, 4), {"run": {}, "stages": []}, ["in"])
    page = render_html(report, tmp_path / "my out")
    # Nothing to fetch (an https:// inside an example's text is text, not a reference).
    assert not re.search(r"<script|<link|@import|url\(|(?:src|href)=\"(?!#)", page)
    # The explain commands are shell-quoted with the output folder.
    first = next(iter(report["samples"]["rejected"].values()))[0]
    assert escape(f"corpusclean explain '{tmp_path / 'my out'}' {first['id']}") in page
    # Each source is one row, whatever its length; long names can wrap between parts.
    for row in report["sources"]:
        assert page.count(f"<th>{label_html(row['source'])}</th>") == 1
    # And says why a source lost what it lost.
    copies = page[page.index("<th>folder:<wbr>copies</th>") :].split("</tr>", 1)[0]
    assert '<td class="why"><span>duplicate_of 2</span></td>' in copies
    # A removal rule is a bar in its section, not again among the repairs.
    repairs = page[page.index('id="edits"') : page.index('id="time"')]
    assert "boilerplate" not in repairs
    # Gopher's word-count rule is drawn on its histogram.
    assert "gopher rejects &lt; 50; gopher rejects &gt; 100000" in page


def test_histogram_draws_a_threshold_inside_its_bin() -> None:
    svg = histogram([0, 10, 20], [("kept", [1, 2, 3], "#000")], width=234, marks=[15])
    xs = re.findall(r'<line x1="([\d.]+)" y1="8"', svg)
    # Bins are (234 - 34 - 4) / 3 = 65.3 px wide from x = 34: 15 is half-way through bin 1.
    assert xs == [f"{34 + 1.5 * (196 / 3):.1f}"]
    assert "<title>10 to 20: 2 kept</title>" in svg


def test_cluster_sizes_are_drawn_in_ranges() -> None:
    sizes = {"2": 10, "3": 4, "7": 2, "9": 1, "150": 1}
    assert cluster_bins(sizes) == [
        ("2 documents", 10),
        ("3 documents", 4),
        ("6-10 documents", 3),
        ("101-150 documents", 1),
    ]
