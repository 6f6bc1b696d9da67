"""Page metadata (title, url, site name, date, author) read from the page's ``<head>``.

trafilatura's metadata extraction cost more than a third of its extraction time on real
pages (author search alone copies the whole tree and runs dozens of XPaths) and found an
author on 1 page in 317. What a page states about itself sits in its head: ``<title>``,
``<meta>`` tags (Open Graph, Dublin Core, article:*), the canonical link and JSON-LD.
Only the head is parsed, so the cost does not grow with the page.

What it will not do: guess. No date is taken from the visible text (a copyright year is
not a publication date), no author from a byline paragraph, no URL that is not absolute.
"""

from __future__ import annotations

import re
from typing import Any

#: What :func:`page_meta` can find, under trafilatura's names (the corpus schema's fields).
META_FIELDS = ("title", "author", "date", "url", "sitename")
HEAD_END_RE = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
#: How far into the page the end of the head is looked for (beyond it: no metadata).
HEAD_LIMIT = 262_144

TITLE_KEYS = ("og:title", "twitter:title", "dc.title")
SITE_KEYS = ("og:site_name", "application-name")
URL_KEYS = ("og:url",)
AUTHOR_KEYS = ("author", "article:author", "dc.creator", "citation_author", "parsely-author")
DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "citation_publication_date",
    "parsely-pub-date",
    "sailthru.date",
)
#: A date as pages write it in metadata: ISO 8601 (time optional) or 2024/04/18.
DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/](\d\d)[-/](\d\d)(?!\d)")
JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
#: Separators between an article title and the site name in ``<title>``.
TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " » ")


def head_of(html: str) -> str | None:
    """The page up to the end of its head, or None when no head end is found early."""
    found = HEAD_END_RE.search(html, 0, HEAD_LIMIT)
    return html[: found.start()] if found else None


def page_meta(html: str) -> dict[str, str]:
    """Metadata the page's head states about it, under trafilatura's names."""
    head = head_of(html)
    if not head:
        return {}
    from lxml import etree

    try:
        root = etree.fromstring(head, etree.HTMLParser(remove_comments=True))
    except (etree.ParserError, ValueError):  # an empty or undecodable head
        return {}
    if root is None:
        return {}
    tags = _meta_tags(root)
    meta: dict[str, str] = {}
    site = _first(tags, SITE_KEYS)
    title = _first(tags, TITLE_KEYS) or _text(root.find(".//title"))
    if title:
        title, site = _split_title(title, site)
        meta["title"] = title
    if site:
        meta["sitename"] = site
    url = _canonical(root) or _first(tags, URL_KEYS)
    if url and url.startswith(("http://", "https://")):
        meta["url"] = url
    author = _first(tags, AUTHOR_KEYS)
    if author and "://" not in author:
        meta["author"] = author
    date = _date(_first(tags, DATE_KEYS)) or _jsonld_date(root)
    if date:
        meta["date"] = date
    return meta


def _meta_tags(root: Any) -> dict[str, str]:
    """``<meta>`` content by lower-cased name/property/itemprop; the first one wins."""
    tags: dict[str, str] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), " ".join(content.split()))
    return tags


def _first(tags: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((tags[k] for k in keys if k in tags), None)


def _text(element: Any) -> str | None:
    if element is None:
        return None
    text = " ".join("".join(element.itertext()).split())
    return text or None


def _canonical(root: Any) -> str | None:
    for link in root.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            return link.get("href").strip()
    return None


def _split_title(title: str, site: str | None) -> tuple[str, str | None]:
    """The title without the site name it carries (``Story | Site``), and the site name.

    The site name is cut only when it is known (``og:site_name``) or when the title has
    exactly two parts, the last of at most three words after a longer first one, as sites
    append their name: ``Tax rises planned - BBC News``. A title with a dash of its own
    (``Paris - Roubaix: the cobbles``, ``Interview - Angela Merkel``) is left whole.
    """
    for separator in TITLE_SEPARATORS:
        if separator not in title:
            continue
        parts = [p.strip() for p in title.split(separator)]
        if site:
            if parts[-1].lower() == site.lower():
                return separator.join(parts[:-1]), site
            if parts[0].lower() == site.lower():
                return separator.join(parts[1:]), site
            continue
        if len(parts) == 2 and len(parts[1].split()) <= 3 < len(parts[0].split()):
            return parts[0], parts[1]
    return title, site


def _date(value: str | None) -> str | None:
    """``YYYY-MM-DD`` from a metadata date, or None when it is not a plausible date."""
    if not value:
        return None
    found = DATE_RE.search(value)
    if not found:
        return None
    year, month, day = found.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}"


def _jsonld_date(root: Any) -> str | None:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found = JSONLD_DATE_RE.search(script.text)
            if found and (date := _date(found.group(1))):
                return date
    return None
