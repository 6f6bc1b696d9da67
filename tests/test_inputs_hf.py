"""The Hugging Face datasets integration, end to end on a small in-memory Dataset."""

from __future__ import annotations

import orjson
from datasets import Dataset

from corpusclean.config import RunConfig
from corpusclean.hf import clean_dataset

GOOD = (
    "Der Stadtrat hat am Dienstag beschlossen, die Buslinie 12 bis zum neuen Krankenhaus zu "
    "verlängern. Die Arbeiten beginnen im Frühjahr und sollen zwei Jahre dauern."
)
PAGE = (
    "<!DOCTYPE html><html><body><nav>Home | About</nav><p>The harbour authority said the new "
    "ferry terminal will open in June, two months later than planned, after delays in the "
    "delivery of steel.</p></body></html>"
)
MOJIBAKE = (
    "Le conseil municipal a votÃ© mardi la construction de douze kilomÃ¨tres de pistes cyclables."
)


def _dataset() -> Dataset:
    texts = [GOOD, "ok", PAGE, None, MOJIBAKE + "   " + MOJIBAKE] * 2
    return Dataset.from_dict(
        {"text": texts, "url": [f"https://example.org/{i}" for i in range(10)]}
    )


def test_clean_dataset_cleans_tags_and_keeps_rejected_rows() -> None:
    out = clean_dataset(_dataset(), batch_size=3)
    assert len(out) == 10 and out["url"] == [f"https://example.org/{i}" for i in range(10)]
    rows = out.to_list()
    assert rows[0]["rejected"] is None and rows[0]["lang"] == "de" and rows[0]["text"] == GOOD
    assert rows[1]["rejected"] == "too_short" and rows[1]["text"] == "ok"
    assert (
        rows[2]["text"].startswith("The harbour authority")
        and "Home | About" not in rows[2]["text"]
    )
    assert orjson.loads(rows[2]["tags"])["format"] == "html"
    assert rows[3]["rejected"] == "unreadable:no_text"
    assert "votÃ©" not in rows[4]["text"] and "voté" in rows[4]["text"]
    assert orjson.loads(rows[4]["edits"])
    assert len(set(out["id"])) == 10


def test_drop_rejected_and_processes_give_the_same_rows() -> None:
    serial = clean_dataset(_dataset(), batch_size=4, drop_rejected=True)
    parallel = clean_dataset(_dataset(), batch_size=2, drop_rejected=True, num_proc=2)
    assert serial["rejected"] == [None] * 6
    assert serial.to_list() == parallel.to_list()


def test_a_config_chooses_the_stages() -> None:
    only_repair = RunConfig(stages=[{"use": "repair.encoding"}])
    out = clean_dataset(_dataset(), config=only_repair)
    assert out["rejected"][1] is None  # no length filter in this config
    assert "voté" in out["text"][4] and out["lang"][0] == "und"  # no language tagger either
