"""Lines repeated across a source: found on hashes, removed per group, never across groups."""

from __future__ import annotations

from corpusclean.boilerplate.repeated import RepeatedLines, source_group
from corpusclean.document import Document
from corpusclean.pipeline import Pipeline

FOOTER = "Meridian News is an independent newsroom funded by its readers. Support us today."
AD = "Advertisement"

BODIES = [
    "Haftar met the Turkish defence minister in Ankara on Wednesday for talks on training.",
    "Oil output in Libya reached its highest level in ten years, the national company said.",
    "The UN envoy called for a new timetable for elections after months of deadlock.",
    "Migrants were rescued off the coast west of Tripoli over the weekend, the IOM said.",
    "Egypt and Turkey agreed to raise trade to fifteen billion dollars within five years.",
    "Greece protested after a Turkish survey ship sailed south of Crete on Monday.",
]


def article(n: int, folder: str = "site-a") -> Document:
    text = "\n".join([BODIES[n], "", AD, "", f"Second paragraph number {n} of the story.", FOOTER])
    return Document.from_text(text, source=f"{folder}/{n}.txt")


def run(docs: list[Document], **options) -> list[Document]:
    return list(Pipeline([RepeatedLines(**options)]).run(docs))


def test_footer_repeated_across_a_folder_is_removed_everywhere() -> None:
    docs = run([article(n) for n in range(6)])
    for n, doc in enumerate(docs):
        assert FOOTER not in doc.text and AD not in doc.text
        assert BODIES[n] in doc.text
        assert {r.reason for r in doc.removed} == {"repeated"}
        assert doc.edits["boilerplate.repeated_lines.repeated"] == 2


def test_groups_are_not_mixed() -> None:
    docs = run([article(n, folder=f"site-{n % 2}") for n in range(6)])  # 3 per folder
    assert all(FOOTER in doc.text for doc in docs)


def test_threshold_is_configurable() -> None:
    docs = run([article(n, folder=f"site-{n % 2}") for n in range(6)], min_docs=3)
    assert all(FOOTER not in doc.text for doc in docs)


def test_identical_documents_count_once() -> None:
    docs = run([article(0) for _ in range(6)])
    assert all(doc.removed == [] for doc in docs)


def test_long_repeated_line_inside_the_body_is_kept() -> None:
    quote = "“We will not accept any deal that ignores the rights of the Libyan people,” he said."
    docs = []
    for n in range(6):
        lines = [f"Opening line {n} of this article, on the talks."] * 1
        lines += [f"Filler sentence {k} for story {n}." for k in range(16)]
        lines += [quote] + [f"More text {k} in story {n}." for k in range(16)]
        docs.append(Document.from_text("\n".join(lines), source=f"s/{n}.txt"))
    out = run(docs)
    assert all(quote in doc.text for doc in out)


def test_source_groups() -> None:
    doc = Document.from_text("x", source="crawl/news/a.txt")
    assert source_group(doc, "auto") == "folder:crawl/news"
    doc.meta["url"] = "https://www.meridian-news.example/world/x"
    assert source_group(doc, "auto") == "site:meridian-news.example"
    assert source_group(doc, "folder") == "folder:crawl/news"
    record = Document.from_text("x", source="dump.jsonl#17", domain="example.org")
    assert source_group(record, "folder") == "file:dump.jsonl"
    assert source_group(record, "domain") == "domain:example.org"


def test_describe_reports_what_was_found() -> None:
    stage = RepeatedLines()
    decision = stage.decide((d.id, stage.summarize(d)) for d in [article(n) for n in range(6)])
    assert stage.describe(decision) == {"groups_with_repeats": 1, "repeated_lines": 2}
