"""dedup.minhash on real-looking articles: re-publications are caught, related articles kept.

The articles in tests/data/dedup/ were written for these tests; the variants are derived
from them here, each by one edit a re-publisher makes (other footer, new headline, a few
edited sentences, re-wrapped lines) and by all of them at once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpusclean import clean
from corpusclean.config import DEFAULT_STAGES, build_stage
from corpusclean.dedup.exact import ExactDedup
from corpusclean.dedup.minhash import MinHasher, NearDedup
from corpusclean.dedup.shingles import ShingleHasher, fold_bytes
from corpusclean.document import Document
from corpusclean.errors import ConfigError
from corpusclean.executors import LocalExecutor
from corpusclean.pipeline import Pipeline

DATA = Path(__file__).parent / "data" / "dedup"
SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8").strip()


ARTICLES = ("tram", "drought", "seabirds")
LEDGER, WIRE = read("footer_ledger.txt"), read("footer_wire.txt")

# Edits a copy editor at another outlet makes: corrected figures, a trimmed quote, a
# reworded attribution. Each ``old`` must occur in the article.
EDITS = {
    "tram": [
        ("voted 31 to 14 on Tuesday night", "voted 31-14 late on Tuesday"),
        ("the largest public transport investment", "the biggest transport investment"),
        ('"Tonight we stopped asking them to wait."', '"That wait is over."'),
    ],
    "drought": [
        ("by 18 percent", "by nearly a fifth"),
        ("according to the meteorological office", "the weather service said"),
        ("Prices for September delivery rose 6 percent in the week", "September wheat gained 6%"),
    ],
    "seabirds": [
        ("about a third in ten years", "roughly 34 percent over the past decade"),
        ("Teams from the university's marine ecology group", "Scientists from the university"),
        ("The fisheries directorate said it would review", "Officials promised to study"),
    ],
}
HEADLINES = {
    "tram": "Eastern districts to get tram link after council vote",
    "drought": "Dry spring slashes wheat forecast, prices climb",
    "seabirds": "Warming seas blamed as puffin colonies shrink",
}


def original(name: str) -> str:
    return f"{read(name + '.txt')}\n\n{LEDGER}"


def other_footer(name: str) -> str:
    return f"{read(name + '.txt')}\n\n{WIRE}"


def new_headline(name: str) -> str:
    body = original(name).split("\n\n", 1)[1]
    return f"{HEADLINES[name]}\n\n{body}"


def edited(name: str, text: str | None = None) -> str:
    text = original(name) if text is None else text
    for old, new in EDITS[name]:
        assert old in text, old
        text = text.replace(old, new)
    return text


def rewrapped(name: str, text: str | None = None) -> str:
    text = original(name) if text is None else text
    return "\n\n".join(textwrap.fill(p, 64) for p in text.split("\n\n"))


def everything(name: str) -> str:
    text = f"{HEADLINES[name]}\n\n{read(name + '.txt').split(chr(10), 2)[2]}\n\n{WIRE}"
    return rewrapped(name, edited(name, text))


VARIANTS = {
    "other footer": other_footer,
    "changed headline": new_headline,
    "edited sentences": edited,
    "re-wrapped lines": rewrapped,
    "headline + footer + edits + re-wrap": everything,
}


def doc(text: str, source: str) -> Document:
    return Document.from_text(text, source=source)


def run(docs: list[Document], *stages: object) -> list[Document]:
    return list(Pipeline(list(stages) or [NearDedup()], batch_size=2).run(docs))


def unrelated(exclude: str) -> list[Document]:
    return [doc(original(a), f"{a}.txt") for a in ARTICLES if a != exclude]


@pytest.mark.parametrize("name", ARTICLES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_a_republished_article_is_caught(name: str, variant: str) -> None:
    docs = [doc(original(name), "site-a/story"), doc(VARIANTS[variant](name), "site-b/copy")]
    out = run([*docs, *unrelated(name)])
    first, second = out[0], out[1]
    kept, dropped = (first, second) if len(first.text) >= len(second.text) else (second, first)
    assert kept.rejected is None
    assert dropped.rejected == f"duplicate_of:{kept.id}"
    assert dropped.tags["duplicate_of"] == kept.id
    assert 0.6 <= dropped.tags["dup_similarity"] <= 1.0
    assert kept.tags["dup_cluster"] == dropped.tags["dup_cluster"] == kept.id
    assert kept.tags["dup_cluster_size"] == 2
    assert all(d.rejected is None and "dup_cluster" not in d.tags for d in out[2:])


def test_the_longest_copy_is_kept_and_ties_go_to_input_order() -> None:
    short = doc(original("tram"), "short")
    longer = doc(
        original("tram") + "\n\nCorrection: an earlier version misstated the cost.", "long"
    )
    out = run([short, longer])
    assert out[1].rejected is None and out[0].rejected == f"duplicate_of:{longer.id}"

    same_length = [doc(other_footer("drought"), "first"), doc(other_footer("drought"), "second")]
    same_length[1].text = same_length[1].text.upper()  # same length, not byte-identical
    assert len(same_length[0].text) == len(same_length[1].text)
    out = run(same_length)
    assert out[0].rejected is None and out[1].rejected == f"duplicate_of:{out[0].id}"


def test_related_articles_on_one_event_are_all_kept() -> None:
    """The seeds and two outlets' stories on one council vote share a topic, not text."""
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    docs = [doc(t, p.name) for t, p in zip(texts, SEEDS, strict=True)]
    docs += [doc(original("tram"), "ledger/tram"), doc(read("tram_other_outlet.txt"), "other/tram")]
    docs += unrelated("tram")  # same footer on every Ledger article: boilerplate, not content
    out = run(docs, ExactDedup(), NearDedup())
    assert [d.rejected for d in out] == [None] * len(docs)
    assert not any("dup_cluster" in d.tags for d in out)


def test_short_texts_and_texts_without_words_do_not_cluster() -> None:
    docs = [
        doc("—", "a"),
        doc("…", "b"),
        doc("Markets closed early.", "c"),
        doc("Rain later.", "d"),
    ]
    out = run(docs)
    assert [d.rejected for d in out] == [None] * 4


def test_same_decisions_with_two_worker_processes_as_in_process(tmp_path: Path) -> None:
    """In process, and through ``clean`` on two workers (documents read by the workers
    from a JSONL file cut into several shards): the same documents are duplicates."""
    docs = [doc(original(a), f"{a}/orig") for a in ARTICLES]
    docs += [doc(f(a), f"{a}/{v}") for a in ARTICLES for v, f in VARIANTS.items()]
    docs += [doc(p.read_text(encoding="utf-8"), p.name) for p in SEEDS]
    serial = [d.source for d in run(docs, NearDedup()) if d.rejected is not None]
    source = tmp_path / "docs.jsonl"
    source.write_bytes(
        b"".join(orjson.dumps({"text": d.text, "name": d.source}) + b"\n" for d in docs)
    )
    clean([source], tmp_path / "out", [NearDedup()], executor=LocalExecutor(2), shard_bytes=4000)
    rejected = (tmp_path / "out" / "rejected.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(orjson.loads(r)["meta"]["name"] for r in rejected) == sorted(serial)
    assert len(serial) == len(ARTICLES) * len(VARIANTS)


def test_shingle_keys_are_the_same_in_another_process() -> None:
    """No salted hash(): a fresh interpreter with another hash seed gives the same keys."""
    text = original("seabirds")
    code = (
        "import sys; from corpusclean.dedup.shingles import ShingleHasher; "
        "print(ShingleHasher(5)(sys.stdin.read()).tolist())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert result.stdout.strip() == str(ShingleHasher(5)(text).tolist())


def test_a_batch_gives_each_document_the_summary_it_gets_alone() -> None:
    """Batches join the texts: no shingle may cross from one into the next, and texts
    without words, shorter than a shingle, not ASCII or longer than one numpy block
    (16,384 shingles) must come out as they do one at a time."""
    texts = [original(a) for a in ARTICLES] + [everything("tram"), "—", "", "Rain later."]
    texts += [p.read_text(encoding="utf-8") for p in SEEDS]  # non-ASCII: curly quotes, é
    long = " ".join(original(a) for a in ARTICLES * 20)
    assert len(ShingleHasher(5)(long)) > 16384
    texts.insert(2, long)
    for verify in ("signature", "exact"):
        stage = NearDedup(verify=verify)
        stage.setup()
        docs = [doc(t, f"d{i}") for i, t in enumerate(texts)]
        assert stage.summarize_batch(docs) == [stage.summarize(d) for d in docs]
        alone = stage.summarize(docs[0])
        assert stage.summarize_batch([docs[0], docs[0]]) == [alone, alone]
    hasher = ShingleHasher(5)
    keys, offsets = hasher.batch(["one two three four five six", "", "seven eight"])
    assert offsets.tolist() == [0, 2, 2, 3]
    assert np.array_equal(keys[2:], hasher("seven eight"))
    assert not np.isin(hasher("five six seven eight"), keys).any()


def _plain_key(window: bytes) -> int:
    """The shingle key as shingles.py defines it, one byte at a time: the polynomial hash
    of the window's bytes (byte b counted as b + 1), murmur3's finalizer, its top 32 bits."""
    mod = 1 << 64
    h = 0
    for byte in window:
        h = (h * 0x9E3779B97F4A7C15 + byte + 1) % mod
    h ^= h >> 33
    h = h * 0xFF51AFD7ED558CCD % mod
    h ^= h >> 33
    h = h * 0xC4CEB9FE1A85EC53 % mod
    h ^= h >> 33
    return h >> 32


def test_shingle_keys_equal_the_byte_by_byte_definition_as_the_power_table_grows() -> None:
    """One hasher, a short text and then ever longer ones: the table of powers of P grows
    twice (from a few bytes, then doubling), and every key must still be the plain hash."""
    hasher = ShingleHasher(3)
    for text in (original("tram"), everything("drought") * 3, original("seabirds") * 12):
        words = bytes(fold_bytes(text)).split(b" ")
        windows = [b" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
        assert hasher(text).tolist() == [_plain_key(w) for w in windows]


def test_folding_makes_wrapping_case_and_quotes_irrelevant_but_not_words() -> None:
    hasher = ShingleHasher(3)
    plain = hasher('"It is over," she said - and left.')
    assert np.array_equal(plain, hasher("“IT IS OVER,” she\nsaid — and   left…"))
    assert not np.array_equal(plain, hasher('"It is not over," she said - and left.'))


def test_estimated_similarity_is_unbiased_on_real_text() -> None:
    hasher = ShingleHasher(5)
    a, b = hasher(original("drought")), hasher(edited("drought"))
    true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
    estimates = [np.mean(MinHasher(120, seed)(a) == MinHasher(120, seed)(b)) for seed in range(60)]
    assert abs(np.mean(estimates) - true) < 0.02
    assert (
        0.5 * np.sqrt(true * (1 - true) / 120)
        < np.std(estimates)
        < 2 * np.sqrt(true * (1 - true) / 120)
    )


def test_exact_verification_gives_the_same_clusters_here() -> None:
    docs = [doc(original(a), a) for a in ARTICLES] + [doc(everything(a), a + "2") for a in ARTICLES]
    by_signature = [d.rejected for d in run(docs, NearDedup())]
    fresh = [Document.from_text(d.text, source=d.source) for d in docs]
    assert by_signature == [d.rejected for d in run(fresh, NearDedup(verify="exact"))]
    assert sum(r is not None for r in by_signature) == 3


def test_describe_counts_clusters_and_duplicates() -> None:
    stage = NearDedup()
    stage.setup()
    docs = [doc(original("tram"), "a"), doc(rewrapped("tram"), "b"), doc(edited("tram"), "c")]
    docs += unrelated("tram")
    decision = stage.decide([(d.id, stage.summarize(d)) for d in docs])
    figures = stage.describe(decision)
    assert figures["clusters"] == 1 and figures["duplicates"] == 2
    assert figures["largest_cluster"] == 3
    assert figures["cluster_sizes"] == {"3": 1}
    assert (
        figures["verified_pairs"] >= 2 and figures["candidate_pairs"] >= figures["verified_pairs"]
    )


def test_verify_none_keeps_every_candidate_and_signature_verification_drops_weak_ones() -> None:
    """Three stories pasted under the same five tram paragraphs: Jaccard 0.54 to each other,
    close enough for banding to propose them, below the 0.6 that verification asks for."""
    template = original("tram").split("\n\n")[:5]
    names = ("drought.txt", "seabirds.txt", "tram_other_outlet.txt")
    texts = ["\n\n".join([*template, *read(n).split("\n\n")[1:3]]) for n in names]

    def outcome(stage: NearDedup) -> tuple[dict, list[str | None]]:
        stage.setup()
        docs = [doc(t, n) for t, n in zip(texts, names, strict=True)]
        decision = stage.decide([(d.id, stage.summarize(d)) for d in docs])
        return stage.describe(decision), [stage.apply(d, decision).rejected for d in docs]

    loose, loose_rejected = outcome(NearDedup(verify="none"))
    strict, strict_rejected = outcome(NearDedup())
    assert loose["verified_pairs"] == loose["candidate_pairs"] == strict["candidate_pairs"] > 0
    assert strict["verified_pairs"] == 0
    assert sum(r is not None for r in loose_rejected) == 2
    assert strict_rejected == [None, None, None]


def test_default_pipeline_runs_minhash_right_after_exact_and_not_paragraphs() -> None:
    names = [s["use"] for s in DEFAULT_STAGES]
    assert names[names.index("dedup.exact") + 1] == "dedup.minhash"
    assert "dedup.paragraphs" not in names


@pytest.mark.parametrize(
    "options",
    [{"bands": 30, "rows": 5}, {"threshold": 0.0}, {"verify": "true"}, {"shingle_words": 0}],
)
def test_inconsistent_options_fail_when_the_config_is_built(options: dict) -> None:
    with pytest.raises(ConfigError):
        build_stage("dedup.minhash", options)


SENTENCES = [
    "The council met on Tuesday to discuss the budget.",
    "Prices rose sharply in the third quarter of the year.",
    "Officials said the bridge would reopen in the spring.",
    "The survey counted more birds than last year.",
    "Farmers asked the ministry for emergency support.",
    "Two ministers resigned after the vote in parliament.",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=8), max_size=10))
def test_no_document_is_its_own_duplicate_and_every_duplicate_points_at_a_kept_one(
    picks: list[list[int]],
) -> None:
    stage = NearDedup(shingle_words=2)
    stage.setup()
    docs = [doc(" ".join(SENTENCES[k] for k in pick), f"d{i}") for i, pick in enumerate(picks)]
    decision = stage.decide([(d.id, stage.summarize(d)) for d in docs])
    out = [stage.apply(d, decision) for d in docs]
    kept = {d.id for d in out if d.rejected is None}
    for d in out:
        if d.rejected is not None:
            target = d.rejected.removeprefix("duplicate_of:")
            assert target != d.id
            assert target in kept
            assert d.tags["dup_cluster"] == target
    for d in out:
        if "dup_cluster" in d.tags:
            members = [e for e in out if e.tags.get("dup_cluster") == d.tags["dup_cluster"]]
            assert len(members) == d.tags["dup_cluster_size"]


def test_default_pipeline_keeps_the_seeds_and_drops_a_republished_seed() -> None:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    lines = texts[0].split("\n")
    copy = "\n".join(["Haftar's forces meet Turkish attaché in Benghazi", *lines[1:], WIRE])
    docs = [doc(t, p.name) for t, p in zip(texts, SEEDS, strict=True)] + [doc(copy, "copy.txt")]
    out = list(Pipeline.default().run(docs))
    assert out[1].rejected is None and out[2].rejected is None
    assert "dup_cluster" not in out[1].tags and "dup_cluster" not in out[2].tags
    # The copy carries a footer the seed lacks, so it is the longer text and is kept.
    assert len(out[3].text) > len(out[0].text)
    assert out[3].rejected is None and out[3].tags["dup_cluster_size"] == 2
    assert out[0].rejected == f"duplicate_of:{out[3].id}"
