"""Page metadata read from the head: what the page states, nothing guessed."""

from __future__ import annotations

from corpusclean.extract.meta import page_meta


def page(head: str, body: str = "<p>Text of the article.</p>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_news_head_gives_title_site_date_author_and_url() -> None:
    meta = page_meta(
        page(
            "<title>Port strike ends after nine days | Harbour Times</title>"
            '<meta property="og:site_name" content="Harbour Times">'
            '<meta name="author" content="Lena Vogt">'
            '<meta property="article:published_time" content="2024-03-07T18:02:00+01:00">'
            '<link rel="canonical" href="https://harbour.example/2024/03/strike-ends">'
        )
    )
    assert meta == {
        "title": "Port strike ends after nine days",
        "sitename": "Harbour Times",
        "author": "Lena Vogt",
        "date": "2024-03-07",
        "url": "https://harbour.example/2024/03/strike-ends",
    }


def test_site_name_is_cut_only_when_it_is_plainly_one() -> None:
    short_site = page_meta(page("<title>Tax rises planned for next spring - BBC News</title>"))
    assert short_site["title"] == "Tax rises planned for next spring"
    assert short_site["sitename"] == "BBC News"
    # Both sides are long: the dash is part of the title.
    race = page_meta(page("<title>Paris - Roubaix: the cobbles decided it again this year</title>"))
    assert race["title"] == "Paris - Roubaix: the cobbles decided it again this year"
    assert "sitename" not in race


def test_date_from_json_ld_and_never_from_the_visible_text() -> None:
    script = '<script type="application/ld+json">{"datePublished": "2023-11-02T08:00:00Z"}</script>'
    assert page_meta(page(f"<title>Harvest report</title>{script}"))["date"] == "2023-11-02"
    body = "<p>Published 2021-05-04. © 2024 Harbour Times</p>"
    assert "date" not in page_meta(page("<title>Harvest report</title>", body))


def test_relative_canonical_and_url_authors_are_not_taken() -> None:
    meta = page_meta(
        page(
            '<title>Harvest report</title><link rel="canonical" href="/2023/harvest">'
            '<meta property="article:author" content="https://www.facebook.com/harbourtimes">'
        )
    )
    assert "url" not in meta and "author" not in meta


def test_page_without_head_end_has_no_metadata() -> None:
    assert page_meta("<p>A fragment, no head at all.</p>") == {}
